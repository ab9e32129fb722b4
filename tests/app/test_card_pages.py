"""The scoring page's running total and experts' comments, and the correction history (issue 11)."""

import re

import pytest
import sqlalchemy as sa

from app.offers.models import ExpertComment
from app.reviews.models import CardCorrection
from tests.app.test_scoring_flow import WHY, card_data, score_url, version_on
from tests.conftest import login, post

OTHER_WHY = "Po rozmowie z komisją: harmonogram III.4 nie przewiduje dyżurów w weekendy, stąd mniej punktów."


def running_total(html: str) -> str:
    box = re.search(r'<div class="running-total".*?</div>', html, re.S).group(0)
    return " ".join(re.sub(r"<[^>]+>", " ", box).split())


@pytest.fixture
def offer(client, create_competition, create_member, create_offer):
    """An offer of a call in merit assessment, and a member of its committee signed in on ``client``."""
    competition = create_competition()
    scored = create_offer(competition)
    login(client, create_member(competition, "member"))
    return scored


def test_running_total_shows_saved_points_share_and_state_without_javascript(client, db_session, offer):
    page = client.get(score_url(offer)).get_data(as_text=True)
    assert running_total(page) == "Suma: 0 / 33 (0%) zapisane"  # A1 10×2 + A2 5 + B1 4×½ + B2 6 = 33
    assert 'aria-live="polite"' in page and "data-dirty" not in page
    post(client, score_url(offer), {**card_data(version_on(page), A1="7", A2="2"), "save_draft": "1"})
    page = client.get(score_url(offer)).get_data(as_text=True)
    assert running_total(page) == "Suma: 16 / 33 (48,48%) zapisane"  # 7×2 + 2 = 16; 16 / 33 = 0,4848…
    assert "<script" not in page.split("</head>")[1]  # no inline script: the behaviour is in card.js


def test_a_refused_save_marks_the_total_as_unsaved_for_the_script(client, db_session, offer):
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


def test_correction_history_has_a_date_column_and_shows_justification_changes(client, db_session, offer):
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


def test_the_card_fields_mark_each_error_keep_and_escape_what_was_typed(client, db_session, offer):
    response = post(client, score_url(offer), {**card_data(A1="11", A2="2"), "save_draft": "1"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    points = re.search(r'<div class="field has-error">\s*<label for="points_A1">.*?</div>', html, re.S).group(0)
    assert 'value="11"' in points and 'aria-invalid="true" aria-describedby="points_A1-error"' in points
    assert re.search(r'<p class="error" id="points_A1-error">[^<]*między 0 a maksymalną', points)
    data = card_data(A1="7", A2="2")
    data["why_A2"] = '<script>alert("x")</script>'
    response = post(client, score_url(offer), {**data, "submit_card": "1"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    why = re.search(r'<div class="field has-error">\s*<label for="why_A2">.*?</div>', html, re.S).group(0)
    assert 'aria-describedby="why_A2-hint why_A2-error" aria-invalid="true"' in why
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;</textarea>" in why and "<script>" not in why
    assert '<p class="error" id="why_A2-error">' in why
    fine = re.search(r'<div class="field">\s*<label for="why_A1">.*?</div>', html, re.S).group(0)
    assert "aria-invalid" not in fine and 'aria-describedby="why_A1-hint">' in fine and WHY in fine


def test_the_offer_column_follows_changes_of_the_offer_and_the_language(client, db_session, offer):
    html = client.get(score_url(offer)).get_data(as_text=True)
    assert "Centrum Aktywności Lokalnej na osiedlu testowym" in html and "III.1 Tytuł zadania" in html
    offer.form_data = {**offer.form_data, "title": "Sąsiedzkie <Centrum> na Nadodrzu"}
    db_session.commit()  # the offer's version moves
    html = client.get(score_url(offer)).get_data(as_text=True)
    assert "Sąsiedzkie &lt;Centrum&gt; na Nadodrzu" in html
    assert "Centrum Aktywności Lokalnej na osiedlu testowym" not in html
    client.get("/language/en")
    html = client.get(score_url(offer)).get_data(as_text=True)
    assert "III.1 Title" in html and "Sąsiedzkie &lt;Centrum&gt; na Nadodrzu" in html
    client.get("/language/pl")
    assert "III.1 Tytuł zadania" in client.get(score_url(offer)).get_data(as_text=True)


def test_the_fields_constant_parts_are_escaped_braces_included(app):
    """A label or hint with markup or braces is shown as written: escaped, and never read as a placeholder."""
    from dataclasses import replace
    from pathlib import Path

    from app.core.rubric import AssessmentContext
    from app.reviews.card_page import FieldValues, criterion_blocks
    from app.rubrics.loader import load_rubric

    data = Path(__file__).parents[1] / "data"
    rubric = load_rubric(data / "mini-rubric.toml", data.parents[1]).rubric
    context = AssessmentContext("wsparcie", True)
    with app.test_request_context("/"):
        block = replace(next(b for b in criterion_blocks(rubric, context) if b.applies),
                        points_label="Punkty {value} <i>", justification_label="Uzasadnienie {0}")
        values = FieldValues({"why_" + block.key: "{has_error} </textarea><script>"})
        html = block.fields(values, "Co najmniej {min} & <b>40</b>", 40, 5000)
    assert "Punkty {value} &lt;i&gt;</label>" in html and "Uzasadnienie {0}</label>" in html
    assert "Co najmniej {min} &amp; &lt;b&gt;40&lt;/b&gt;" in html
    assert "{has_error} &lt;/textarea&gt;&lt;script&gt;</textarea>" in html and "<script>" not in html


def test_stored_entries_are_shown_as_the_form_would_show_them(app):
    """The scoring page shows a stored card without building its form: the same text as the filled form."""
    from decimal import Decimal
    from pathlib import Path

    from app.core.rubric import AssessmentContext
    from app.core.scoring import CriterionScore
    from app.reviews.card_page import FieldValues, criterion_blocks
    from app.reviews.forms import build_card_form, fill_form
    from app.rubrics.loader import load_rubric

    data = Path(__file__).parents[1] / "data"
    rubric = load_rubric(data / "mini-rubric.toml", data.parents[1]).rubric
    for context in (AssessmentContext("wsparcie", True), AssessmentContext("wsparcie", False)):
        ids = [c.id for c in rubric.criteria]
        entries = {ids[0]: CriterionScore(ids[0], Decimal("7.50"), False, "Uzasadnienie <b>&</b> „cytat”"),
                   ids[1]: CriterionScore(ids[1], None, False, "Bez punktów."),
                   ids[-1]: CriterionScore(ids[-1], Decimal("10"), False, "")}
        with app.test_request_context("/"):
            form = build_card_form(rubric, context)()
            fill_form(form, rubric, context, entries, 3)
            filled = {name: text for name, text in FieldValues.of_form(form).text.items() if text}
            shown = FieldValues.of_entries(criterion_blocks(rubric, context), entries).text
        assert {name: text for name, text in shown.items() if text} == filled
        assert filled[f"points_{ids[0]}"] == "7.5" and filled[f"why_{ids[0]}"] == "Uzasadnienie <b>&</b> „cytat”"


def test_field_values_are_escaped_as_jinja_escapes_them():
    from markupsafe import escape

    from app.reviews.card_page import _escaped

    for text in ("", "zwykły tekst", "<b>&amp;</b>", "\"cytat\" i 'apostrof'", "&&<<>>", "a & b < c > d \" e ' f"):
        assert _escaped(text) == str(escape(text))
