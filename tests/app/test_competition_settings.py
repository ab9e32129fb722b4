"""Competitions in the browser: create (the creator becomes secretary), edit, locks at announcement, copies."""

from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.competitions.models import Competition, Membership
from tests.conftest import DATA, login, post


@pytest.fixture
def published(tmp_path, rubrics_dir):
    """The mini rubric as a published version (only published versions can be chosen)."""
    text = (DATA / "mini-rubric.toml").read_text(encoding="utf-8").replace('status = "draft"',
                                                                          'status = "published"', 1)
    (tmp_path / "mini-rubric.toml").write_text(text, encoding="utf-8")
    (tmp_path / "source-mini.txt").write_bytes((DATA / "source-mini.txt").read_bytes())
    rubrics_dir(tmp_path, tmp_path)
    return "mini 1.0"


EVERY_FIELD = {
    "reference": "WPS-CAL/2031", "title": "Prowadzenie Centrum Aktywności Lokalnej na Nadodrzu",
    "mode": "powierzenie", "rubric": "mini 1.0", "budget": "1 250 000,50", "threshold": "55,5",
    "aggregation": "median", "scoring_deadline": "2031-03-15", "window_start": "2031-04-01",
    "window_end": "2032-12-31", "min_own_share": "2,5", "own_share_base": "total_costs", "own_share_rows": "3.1+3.2+4",
    "prior_tasks_authority": "Gminę Wrocław", "prior_tasks_years": "2",
}


def _entries(db_session, action):
    return db_session.scalars(sa.select(AuditEntry).where(AuditEntry.action == action)
                              .order_by(AuditEntry.id)).all()


def test_the_admin_creates_a_call_with_every_field_and_becomes_its_secretary(client, db_session, create_user,
                                                                            published):
    admin = create_user(is_admin=True)
    login(client, admin)
    page = client.get("/konkursy/nowy").get_data(as_text=True)
    assert "Karta testowa — 1.0" in page and "/kryteria/mini/1.0" in page  # published versions, each linked
    response = post(client, "/konkursy/nowy", EVERY_FIELD)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    competition = db_session.scalar(sa.select(Competition).where(Competition.reference == "WPS-CAL/2031"))
    assert competition.status == "draft" and competition.mode == "powierzenie"
    assert (competition.rubric_id, competition.rubric_version) == ("mini", "1.0")
    assert competition.budget == Decimal("1250000.50") and competition.threshold == Decimal("0.555")
    assert competition.aggregation == "median" and competition.min_own_share == Decimal("0.025")
    assert (competition.own_share_base, competition.own_share_rows) == ("total_costs", "3.1+3.2+4")
    assert (competition.prior_tasks_authority, competition.prior_tasks_years) == ("Gminę Wrocław", 2)
    assert (competition.scoring_deadline, competition.window_start, competition.window_end) == (
        date(2031, 3, 15), date(2031, 4, 1), date(2032, 12, 31))
    roles = {(m.user_id, m.role) for m in competition.memberships}
    assert roles == {(admin.id, "secretary")}
    assert _entries(db_session, "competition.create")[-1].new_values["reference"] == "WPS-CAL/2031"


def test_a_person_with_the_right_creates_calls_others_cannot(client, db_session, create_user, published):
    person = create_user()
    login(client, person)
    assert client.get("/konkursy/nowy").status_code == 403
    person.can_create_competitions = True
    db_session.commit()
    assert client.get("/konkursy/nowy").status_code == 200
    assert post(client, "/konkursy/nowy", EVERY_FIELD).status_code == 302


@pytest.mark.parametrize(("field", "value", "message"), [
    ("budget", "dużo", "Wpisz kwotę"),
    ("threshold", "140", "Wpisz wartość procentową"),
    ("window_end", "2031-01-01", "Koniec okresu realizacji zadania nie może przypadać przed jego początkiem."),
    ("rubric", "mini 9.9", "Wybierz jedną z opublikowanych wersji kryteriów oceny."),
    ("reference", "", "To pole jest wymagane."),
])
def test_bad_input_is_refused_and_keeps_what_was_typed(client, create_user, published, field, value, message):
    login(client, create_user(is_admin=True))
    response = post(client, "/konkursy/nowy", {**EVERY_FIELD, field: value})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in html
    assert "Prowadzenie Centrum Aktywności Lokalnej na Nadodrzu" in html
    assert f'value="{value}"' in html if field == "budget" else 'value="1 250 000,50"' in html


def test_a_draft_call_is_edited_and_each_change_logged_old_to_new(client, db_session, create_competition,
                                                                 create_member, published):
    competition = create_competition(status="draft", rubric_id="mini", rubric_version="1.0", rubric_hash=None)
    secretary = create_member(competition, "secretary")
    login(client, secretary)
    form = client.get(f"/konkursy/{competition.id}/ustawienia").get_data(as_text=True)
    assert "disabled" not in form
    response = post(client, f"/konkursy/{competition.id}/ustawienia",
                    {**EVERY_FIELD, "reference": competition.reference, "budget": "600000"})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    db_session.refresh(competition)
    assert competition.budget == Decimal("600000") and competition.aggregation == "median"
    entry = _entries(db_session, "competition.settings")[-1]
    assert entry.old_values["budget"] == "500000" and entry.new_values["budget"] == "600000"
    assert entry.old_values["aggregation"] == "mean" and entry.new_values["aggregation"] == "median"
    assert "reference" not in entry.new_values  # only what changed


def test_after_announcement_the_rubric_and_scoring_rules_are_locked(client, db_session, create_competition,
                                                                   create_member, published):
    competition = create_competition(status="announced")
    secretary = create_member(competition, "secretary")
    login(client, secretary)
    page = client.get(f"/konkursy/{competition.id}/ustawienia").get_data(as_text=True)
    assert "Konkurs został ogłoszony" in page
    assert page.count("disabled") >= 5  # rubric, two modes, threshold, two aggregations
    # A forged form that sends the locked fields anyway changes none of them.
    response = post(client, f"/konkursy/{competition.id}/ustawienia",
                    {**EVERY_FIELD, "reference": competition.reference, "budget": "700000"})
    assert response.status_code == 302
    db_session.refresh(competition)
    assert competition.budget == Decimal("700000")
    assert competition.threshold == Decimal("0.6") and competition.aggregation == "mean"
    assert competition.mode == "wsparcie"


def test_the_operation_refuses_a_locked_setting(app, db_session, create_competition, create_user):
    from app.competitions.operations import OperationRefused
    from app.competitions.settings_forms import LOCKED_AT_ANNOUNCEMENT
    from app.competitions.settings_operations import update_settings

    competition = create_competition(status="announced")
    with app.test_request_context(), pytest.raises(OperationRefused) as refused:
        update_settings(create_user(), competition, {"threshold": Decimal("0.5")}, LOCKED_AT_ANNOUNCEMENT)
    assert refused.value.code == "setting_locked"


def test_a_duplicate_reference_is_refused_with_a_message(client, create_competition, create_user, published):
    existing = create_competition()
    login(client, create_user(is_admin=True))
    response = post(client, "/konkursy/nowy", {**EVERY_FIELD, "reference": existing.reference})
    assert response.status_code == 400
    assert f"Inny konkurs ma już sygnaturę {existing.reference}." in response.get_data(as_text=True)


def test_a_new_call_based_on_a_closed_one_copies_settings_and_committee(client, db_session, create_competition,
                                                                       create_member, create_user, published):
    closed = create_competition(status="closed", rubric_id="mini", rubric_version="1.0", aggregation="median",
                                window_start=date(2027, 1, 1), window_end=date(2028, 12, 31))
    secretary = create_member(closed, "secretary", can_create_competitions=True)
    chair = create_member(closed, "chair")
    member = create_member(closed, "member")
    login(client, secretary)
    assert "Nowy konkurs na podstawie tego" in client.get("/konkursy/").get_data(as_text=True)
    page = client.get(f"/konkursy/nowy?na_podstawie={closed.id}").get_data(as_text=True)
    assert closed.title in page
    data = {**EVERY_FIELD, "reference": "WPS-CAL/2033", "title": closed.title, "mode": closed.mode,
            "aggregation": "median", "window_start": "2027-01-01", "window_end": "2028-12-31",
            "na_podstawie": str(closed.id)}
    response = post(client, "/konkursy/nowy", data)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    copy = db_session.scalar(sa.select(Competition).where(Competition.reference == "WPS-CAL/2033"))
    assert copy.status == "draft" and copy.rubric_hash is None and copy.aggregation == "median"
    roles = {(m.user_id, m.role) for m in db_session.scalars(sa.select(Membership).where(
        Membership.competition_id == copy.id))}
    assert roles == {(secretary.id, "secretary"), (chair.id, "chair"), (member.id, "member")}


def test_only_a_closed_call_can_be_the_basis_of_a_new_one(client, create_competition, create_member, published):
    running = create_competition(status="merit")
    secretary = create_member(running, "secretary", can_create_competitions=True)
    login(client, secretary)
    assert client.get(f"/konkursy/nowy?na_podstawie={running.id}").status_code == 403
    assert client.get("/konkursy/nowy?na_podstawie=99999999999999999999").status_code == 404
