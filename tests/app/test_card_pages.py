"""The scoring page's running total and experts' comments, and the correction history (issue 11)."""

import re

import sqlalchemy as sa

from app.offers.models import ExpertComment
from app.reviews.models import CardCorrection
from tests.app.test_scoring_flow import WHY, card_data, score_url, version_on
from tests.conftest import login, post

OTHER_WHY = "Po rozmowie z komisją: harmonogram III.4 nie przewiduje dyżurów w weekendy, stąd mniej punktów."


def running_total(html: str) -> str:
    box = re.search(r'<div class="running-total".*?</div>', html, re.S).group(0)
    return " ".join(re.sub(r"<[^>]+>", " ", box).split())


def test_running_total_shows_saved_points_share_and_state_without_javascript(client, db_session, create_competition,
                                                                           create_member, create_offer):
    competition = create_competition()
    offer = create_offer(competition)
    login(client, create_member(competition, "member"))
    page = client.get(score_url(offer)).get_data(as_text=True)
    assert running_total(page) == "Suma: 0 / 33 (0%) zapisane"  # A1 10×2 + A2 5 + B1 4×½ + B2 6 = 33
    assert 'aria-live="polite"' in page and "data-dirty" not in page
    post(client, score_url(offer), {**card_data(version_on(page), A1="7", A2="2"), "save_draft": "1"})
    page = client.get(score_url(offer)).get_data(as_text=True)
    assert running_total(page) == "Suma: 16 / 33 (48,48%) zapisane"  # 7×2 + 2 = 16; 16 / 33 = 0,4848…
    assert "<script" not in page.split("</head>")[1]  # no inline script: the behaviour is in card.js


def test_a_refused_save_marks_the_total_as_unsaved_for_the_script(client, db_session, create_competition,
                                                                  create_member, create_offer):
    competition = create_competition()
    offer = create_offer(competition)
    login(client, create_member(competition, "member"))
    page = client.get(score_url(offer)).get_data(as_text=True)
    response = post(client, score_url(offer), {**card_data(version_on(page), A1="70"), "save_draft": "1"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'data-dirty="1"' in html and running_total(html) == "Suma: 0 / 33 (0%) zapisane"


def test_the_scoring_page_shows_the_experts_comments(client, db_session, create_competition, create_member,
                                                     create_offer):
    competition = create_competition()
    offer = create_offer(competition)
    expert = create_member(competition, "expert", display_name="Ekspertka Ewa")
    db_session.add(ExpertComment(offer_id=offer.id, user_id=expert.id,
                                 text="Budżet <b>realny</b>; warto dopytać o dyżury w soboty."))
    db_session.commit()
    login(client, create_member(competition, "member"))
    html = client.get(score_url(offer)).get_data(as_text=True)
    assert "Uwagi ekspertów" in html or "Komentarze ekspertów" in html
    assert "Budżet &lt;b&gt;realny&lt;/b&gt;; warto dopytać o dyżury w soboty." in html and "Ekspertka Ewa" in html
    assert 'action="/konkursy' not in html.split('id="comments-heading"')[1].split("</section>")[0]  # read-only


def test_correction_history_has_a_date_column_and_shows_justification_changes(client, db_session,
                                                                              create_competition, create_member,
                                                                              create_offer):
    competition = create_competition()
    offer = create_offer(competition)
    login(client, create_member(competition, "member"))
    page = client.get(score_url(offer)).get_data(as_text=True)
    post(client, score_url(offer), {**card_data(version_on(page), A1="7", A2="2", B1="3", B2="6"),
                                    "submit_card": "1"})
    page = client.get(score_url(offer) + "/korekta").get_data(as_text=True)
    data = card_data(version_on(page), A1="7", A2="2", B1="3", B2="6")
    data["why_A2"] = OTHER_WHY  # the justification alone changes
    reason = "Uzupełniam uzasadnienie kryterium A2 po ponownej lekturze harmonogramu."
    response = post(client, score_url(offer) + "/korekta", {**data, "reason": reason, "submit_correction": "1"})
    assert response.status_code == 302
    [correction] = db_session.scalars(sa.select(CardCorrection)).all()
    assert (correction.criterion_id, correction.old_justification, correction.new_justification) == (
        "A2", WHY, OTHER_WHY)
    history = client.get(response.headers["Location"]).get_data(as_text=True)
    table = history.split('id="corrections-heading"')[1]
    assert '<th scope="col">Data</th>' in table and "Termin" not in table
    assert WHY in table and OTHER_WHY in table and reason in table
