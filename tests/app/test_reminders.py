"""Reminders from the dashboard: e-mail through a real SMTP server, or a text to copy; logged; never automatic."""

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.i18n import local_today
from app.reviews.models import ScoreCard
from tests.conftest import login, post


@pytest.fixture
def committee(app, db_session, create_competition, create_member, create_offer):
    with app.test_request_context():
        today = local_today()
    competition = create_competition(scoring_deadline=today + timedelta(days=3))
    offers = [create_offer(competition), create_offer(competition)]
    people = {
        "secretary": create_member(competition, "secretary"),
        "done": create_member(competition, "member", display_name="Ewa Gotowa"),
        "late": create_member(competition, "member", display_name="Jan Spóźniony", email="jan.spozniony@example.org"),
        "undeclared": create_member(competition, "expert", declared=False, display_name="Olga Bez-Oświadczenia",
                                    email="olga@example.org"),
    }
    for offer in offers:
        db_session.add(ScoreCard(offer_id=offer.id, user_id=people["done"].id, status="submitted", rubric_id="mini",
                                 rubric_version="1.0", rubric_hash=competition.rubric_hash,
                                 submitted_at=competition.created_at))
    db_session.add(ScoreCard(offer_id=offers[0].id, user_id=people["late"].id, status="submitted", rubric_id="mini",
                             rubric_version="1.0", rubric_hash=competition.rubric_hash,
                             submitted_at=competition.created_at))
    db_session.commit()
    return competition, people


def _logged(db_session, competition):
    return db_session.scalars(sa.select(AuditEntry).where(AuditEntry.competition_id == competition.id,
                                                          AuditEntry.action.like("reminder.%"))).all()


def test_the_preview_names_who_owes_what_and_sends_nothing(client, db_session, committee, smtp_inbox):
    competition, people = committee
    login(client, people["secretary"])
    dashboard = client.get(f"/konkursy/{competition.id}/pulpit").get_data(as_text=True)
    assert "Przypomnij o brakujących oświadczeniach i kartach" in dashboard
    assert "Jeszcze się nie zalogowali:" in dashboard and "Jan Spóźniony" in dashboard
    page = client.get(f"/konkursy/{competition.id}/przypomnienia").get_data(as_text=True)
    assert "Jan Spóźniony" in page and "Olga Bez-Oświadczenia" in page and "Ewa Gotowa" not in page
    assert smtp_inbox.messages == [] and _logged(db_session, competition) == []


def test_reminders_go_by_mail_and_are_logged(client, db_session, committee, smtp_inbox):
    competition, people = committee
    login(client, people["secretary"])
    response = post(client, f"/konkursy/{competition.id}/przypomnienia")
    assert response.status_code == 302
    late = smtp_inbox.to("jan.spozniony@example.org")[0].get_body().get_content()
    assert "złożenie 1 brakującej karty oceny" in late and "oświadczenia" not in late
    assert "Termin oceny upływa" in late
    olga = smtp_inbox.to("olga@example.org")[0].get_body().get_content()
    assert "podpisanie oświadczenia o bezstronności" in olga and "kart" not in olga
    assert len(smtp_inbox.messages) == 2
    [entry] = _logged(db_session, competition)
    assert entry.action == "reminder.send"
    assert sorted(entry.new_values["to"]) == ["jan.spozniony@example.org", "olga@example.org"]


def test_without_smtp_the_texts_are_shown_to_copy_and_logged(client, db_session, committee):
    competition, people = committee
    login(client, people["secretary"])
    page = post(client, f"/konkursy/{competition.id}/przypomnienia").get_data(as_text=True)
    assert "Skopiuj każdy tekst" in page and "Dzień dobry, Jan Spóźniony" in page
    [entry] = _logged(db_session, competition)
    assert entry.action == "reminder.prepare" and entry.new_values["cards"] == 1


def test_no_reminder_after_the_scoring_deadline(client, db_session, committee):
    competition, people = committee
    competition.scoring_deadline = date(2020, 1, 1)
    db_session.commit()
    login(client, people["secretary"])
    page = client.get(f"/konkursy/{competition.id}/przypomnienia").get_data(as_text=True)
    assert "do terminu oceny" in page and "Wyślij przypomnienia" not in page
    response = post(client, f"/konkursy/{competition.id}/przypomnienia", follow_redirects=True)
    assert "do terminu oceny" in response.get_data(as_text=True)
    assert _logged(db_session, competition) == []


def test_the_chair_cannot_send_reminders(client, committee, create_member):
    competition, _ = committee
    chair = create_member(competition, "chair")
    login(client, chair)
    assert post(client, f"/konkursy/{competition.id}/przypomnienia").status_code == 403
