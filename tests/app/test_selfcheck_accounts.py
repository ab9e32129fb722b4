"""NGO accounts: registration, private drafts (owner only), the drafts' access matrix, retention purge."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.auth.models import User
from app.selfcheck.models import SelfCheckDraft
from app.selfcheck.permissions import can_keep_drafts, can_view_draft
from tests.app.test_selfcheck import cal_rubrics, check_form, payload_of, text_of  # noqa: F401  (fixture)
from tests.conftest import login, post
from tests.factories import TEST_PASSWORD
from tests.unit.test_selfcheck_readers import budget_offer

NEW_PASSWORD = "Długie-hasło-stowarzyszenia"


@pytest.fixture
def ngo(create_user):
    return create_user(is_ngo=True, display_name="Stowarzyszenie Jarzębina")


@pytest.fixture
def saved(client, app, ngo, cal_rubrics, db_session):  # noqa: F811
    """A draft the NGO checked in the form, scored B1 at 7 and saved in its account."""
    login(client, ngo)
    report = check_form(client, app, budget_offer())
    response = post(client, "/samoocena/szkice", {"payload": payload_of(report), "points_B1": "7",
                                                  "title": "Oferta CAL – wersja robocza"})
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    draft = db_session.scalar(sa.select(SelfCheckDraft).where(SelfCheckDraft.owner_id == ngo.id))
    assert response.headers["Location"].endswith(f"/samoocena/szkice/{draft.id}")
    return draft


def audit_actions(session, object_type: str) -> list[str]:
    return list(session.scalars(sa.select(AuditEntry.action).where(AuditEntry.object_type == object_type)
                                .order_by(AuditEntry.id)))


# --- registration --------------------------------------------------------------------------------


def test_an_ngo_registers_with_an_e_mail_and_a_password(client, db_session):
    response = post(client, "/samoocena/rejestracja", {"email": "Biuro@Jarzebina.example.org",
                                                      "password": NEW_PASSWORD, "repeat": NEW_PASSWORD,
                                                      "consent": "y"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/samoocena/szkice")
    user = db_session.scalar(sa.select(User).where(User.email == "biuro@jarzebina.example.org"))
    assert user.is_ngo and not user.is_admin and user.check_password(NEW_PASSWORD)
    assert audit_actions(db_session, "user") == ["user.create", "user.register_ngo", "user.login"]
    assert client.get("/samoocena/szkice").status_code == 200  # signed in


@pytest.mark.parametrize(("fields", "field_with_error"), [
    ({"password": "krótkie", "repeat": "krótkie"}, "password"),
    ({"repeat": "Inne-długie-hasło-123"}, "repeat"),
    ({"consent": ""}, "consent"),
    ({"email": "nie-adres"}, "email"),
])
def test_registration_refuses_what_is_not_enough(client, db_session, fields, field_with_error):
    data = {"email": "nowa@example.org", "password": NEW_PASSWORD, "repeat": NEW_PASSWORD, "consent": "y", **fields}
    response = post(client, "/samoocena/rejestracja", data)
    assert response.status_code == 400
    assert f'id="{field_with_error}-error"' in response.get_data(as_text=True)
    assert db_session.scalar(sa.select(sa.func.count()).select_from(User)) == 0


def test_an_e_mail_with_an_account_cannot_register_again(client, db_session, create_user):
    create_user(email="zajety@example.org")
    response = post(client, "/samoocena/rejestracja", {"email": "zajety@example.org", "password": NEW_PASSWORD,
                                                      "repeat": NEW_PASSWORD, "consent": "y"})
    assert response.status_code == 400 and 'id="email-error"' in response.get_data(as_text=True)


# --- drafts ----------------------------------------------------------------------------------------


def test_a_saved_draft_keeps_the_draft_and_the_self_score(saved, client, db_session):
    assert saved.title == "Oferta CAL – wersja robocza"
    assert (saved.rubric_id, saved.rubric_version, saved.competition_id) == ("cal-wroclaw", "2021.1", None)
    assert saved.content["scores"]["B1"]["points"] == "7"
    assert saved.content["draft"]["offer"]["title"] == "Centrum Aktywności Lokalnej przy ulicy Kleczkowskiej"
    page = text_of(client.get(f"/samoocena/szkice/{saved.id}"))
    assert 'value="7"' in page and "<mark>Wynagrodzenie</mark> koordynatorki" in page
    assert "Oferta CAL – wersja robocza" in text_of(client.get("/samoocena/szkice"))
    assert audit_actions(db_session, "selfcheck_draft") == ["selfcheck_draft.create"]
    entry = db_session.scalar(sa.select(AuditEntry).where(AuditEntry.object_type == "selfcheck_draft"))
    assert "wersja robocza" not in (entry.new or "")  # the log names the draft, not its content


def test_saving_again_from_an_opened_draft_updates_it(saved, client, db_session):
    opened = client.get(f"/samoocena/szkice/{saved.id}")
    response = post(client, "/samoocena/szkice", {"payload": payload_of(opened), "points_B1": "9",
                                                  "title": "Wersja druga"})
    assert response.headers["Location"].endswith(f"/samoocena/szkice/{saved.id}")
    db_session.refresh(saved)
    assert (saved.title, saved.content["scores"]["B1"]["points"]) == ("Wersja druga", "9")
    assert db_session.scalar(sa.select(sa.func.count()).select_from(SelfCheckDraft)) == 1
    assert audit_actions(db_session, "selfcheck_draft") == ["selfcheck_draft.create", "selfcheck_draft.update"]


def test_editing_a_saved_draft_in_the_form_keeps_its_id(saved, client, app):
    opened = client.get(f"/samoocena/szkice/{saved.id}")
    form = post(client, "/samoocena/popraw", {"payload": payload_of(opened)}).get_data(as_text=True)
    assert f'name="draft_id" type="hidden" value="{saved.id}"' in form


def test_the_owner_deletes_a_draft(saved, client, db_session):
    response = post(client, f"/samoocena/szkice/{saved.id}/usun")
    assert response.status_code == 302
    assert db_session.get(SelfCheckDraft, saved.id) is None
    assert audit_actions(db_session, "selfcheck_draft") == ["selfcheck_draft.create", "selfcheck_draft.delete"]


def test_another_ngo_cannot_take_over_a_draft_with_a_payload_of_its_own(saved, client, app, create_user,
                                                                        db_session):
    opened = client.get(f"/samoocena/szkice/{saved.id}")  # signed by the server for the owner
    post(client, "/wylogowanie")
    login(client, create_user(is_ngo=True))
    response = post(client, "/samoocena/szkice", {"payload": payload_of(opened), "title": "Przejęty"})
    assert response.status_code == 404
    db_session.refresh(saved)
    assert saved.title == "Oferta CAL – wersja robocza"


# --- who sees a draft ------------------------------------------------------------------------------


@pytest.fixture
def committee(create_competition, create_member, create_user, cal_rubrics):  # noqa: F811
    competition = create_competition()
    return {
        "admin": create_user(is_admin=True),
        "secretary": create_member(competition, "secretary"),
        "chair": create_member(competition, "chair"),
        "member": create_member(competition, "member"),
        "expert": create_member(competition, "expert"),
        "other ngo": create_user(is_ngo=True),
    }


@pytest.mark.parametrize(("who", "expected"), [
    ("owner", 200), ("other ngo", 404), ("admin", 403), ("secretary", 403), ("chair", 403), ("member", 403),
    ("expert", 403), ("anonymous", 302),
])
def test_only_the_owner_sees_a_draft(saved, client, committee, ngo, who, expected):
    post(client, "/wylogowanie")
    if who == "owner":
        login(client, ngo)
    elif who != "anonymous":
        login(client, committee[who], TEST_PASSWORD)
    opened = client.get(f"/samoocena/szkice/{saved.id}")
    listed = client.get("/samoocena/szkice")
    deleted = post(client, f"/samoocena/szkice/{saved.id}/usun") if who != "owner" else None
    assert opened.status_code == expected
    if who == "anonymous":
        assert "/logowanie" in opened.headers["Location"] and "/logowanie" in listed.headers["Location"]
        assert "/logowanie" in deleted.headers["Location"]
    elif who != "owner":
        assert deleted.status_code == expected
        assert listed.status_code == (200 if who == "other ngo" else 403)
        assert "Oferta CAL" not in listed.get_data(as_text=True)


def test_the_permission_functions_answer_for_the_owner_only(saved, committee, ngo):
    assert can_view_draft(ngo, saved) and can_keep_drafts(ngo)
    for who, user in committee.items():
        assert not can_view_draft(user, saved), who
    admin_ngo = committee["admin"]
    admin_ngo.is_ngo = True  # even a (wrongly) flagged administrator sees only drafts it owns
    assert not can_view_draft(admin_ngo, saved)


# --- retention -------------------------------------------------------------------------------------


def _draft(session, owner, title: str, days_ago: int) -> SelfCheckDraft:
    moment = datetime.now(UTC) - timedelta(days=days_ago)
    draft = SelfCheckDraft(owner_id=owner.id, title=title, rubric_id="cal-wroclaw", rubric_version="2021.1",
                           content={"draft": {"source": "form"}, "scores": {}}, created_at=moment, updated_at=moment)
    session.add(draft)
    session.commit()
    return draft


@pytest.mark.parametrize(("retention", "kept"), [(None, {"świeży", "prawie stary"}), (30, {"świeży"})])
def test_purge_deletes_drafts_not_changed_for_the_retention_period(app, db_session, ngo, monkeypatch, retention,
                                                                   kept):
    if retention is not None:
        monkeypatch.setitem(app.config, "LEGAL_DRAFT_RETENTION_DAYS", retention)
    for title, days_ago in (("stary", 200), ("prawie stary", 179), ("świeży", 3)):
        _draft(db_session, ngo, title, days_ago)
    result = app.test_cli_runner().invoke(args=["selfcheck", "purge"])
    assert result.exit_code == 0, result.output
    days = retention or 180
    assert f"deleted {3 - len(kept)} self-check draft(s) not changed for {days} days" in result.output
    assert set(db_session.scalars(sa.select(SelfCheckDraft.title))) == kept
    entries = db_session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "selfcheck_draft.purge")).all()
    assert len(entries) == 3 - len(kept)
    assert all(e.actor_id is None and e.actor_label == "system" for e in entries)
    assert entries[0].new_values == {"retention_days": days}


def test_an_ngo_deletes_its_account_and_drafts(client, db_session, create_user):
    import sqlalchemy as sa

    from app.auth.models import User
    from app.selfcheck.models import SelfCheckDraft
    from tests.conftest import login, post

    ngo = create_user(is_ngo=True)
    db_session.add(SelfCheckDraft(owner_id=ngo.id, title="Projekt", rubric_id="cal-wroclaw", rubric_version="2021.1",
                                  content={}))
    db_session.commit()
    login(client, ngo)
    assert "Usuń moje konto i wszystkie projekty" in client.get("/samoocena/szkice").get_data(as_text=True)
    response = post(client, "/samoocena/konto/usun")
    assert response.status_code == 302
    assert db_session.scalar(sa.select(sa.func.count()).select_from(SelfCheckDraft)) == 0
    db_session.expire_all()
    gone = db_session.get(User, ngo.id)
    assert (gone.is_active, gone.password_hash, gone.display_name) == (False, None, "—")
    assert gone.email.endswith("@invalid")
    assert client.get("/samoocena/szkice").status_code == 302  # signed out


def test_an_ngo_account_cannot_join_a_committee(app, db_session, create_user, create_competition):
    import pytest

    from app.competitions.models import Role
    from app.competitions.operations import OperationRefused, add_member

    ngo = create_user(is_ngo=True)
    with app.test_request_context(), pytest.raises(OperationRefused) as refused:
        add_member(None, create_competition(), ngo, Role.MEMBER)
    assert refused.value.code == "ngo_account"
