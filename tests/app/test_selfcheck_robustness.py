"""The self-check's pages against damaged files and wrong self-scores (issue #11)."""

from __future__ import annotations

import pytest

from app.selfcheck.messages import UPLOAD_MESSAGES
from app.selfcheck.readers import UploadProblem
from tests.app.test_selfcheck import cal_rubrics, in_polish, payload_of, upload  # noqa: F401 (fixture)
from tests.conftest import post
from tests.unit.test_selfcheck_fuzz import content_types_emptied, damaged_variants, seed_files
from tests.unit.test_selfcheck_readers import docx_bytes, draft_lines

VIEW_CASES_PER_READER = 16


@pytest.fixture(scope="module")
def seeds():
    return seed_files()


def test_the_reported_docx_gets_the_damaged_file_message(client, app, cal_rubrics, seeds):  # noqa: F811
    response = upload(client, content_types_emptied(seeds["docx"]), "oferta.docx")
    assert response.status_code == 400
    assert in_polish(app, UPLOAD_MESSAGES[UploadProblem.CORRUPT]) in response.get_data(as_text=True)


@pytest.mark.parametrize("kind", ["docx", "odt", "pdf"])
def test_no_damaged_file_gives_a_server_error(client, app, cal_rubrics, seeds, kind):  # noqa: F811
    messages = {in_polish(app, text) for problem, text in UPLOAD_MESSAGES.items()
                if problem is not UploadProblem.TOO_BIG}
    for name, data in damaged_variants(kind, seeds[kind], VIEW_CASES_PER_READER, seed=11):
        response = upload(client, data, f"{name}.{kind}")
        page = response.get_data(as_text=True)
        assert response.status_code in (200, 400), name
        if response.status_code == 200:
            assert 'id="completeness"' in page, name
        else:
            assert any(message in page for message in messages), name


# --- the self-score is checked as a member's card is -------------------------------------------


@pytest.fixture
def weak_report(client, cal_rubrics):  # noqa: F811
    return payload_of(upload(client, docx_bytes(draft_lines("weak.txt")), "slaba.docx"))


def test_points_above_the_maximum_are_refused_next_to_the_field(client, app, weak_report):
    response = post(client, "/samoocena/raport", {"payload": weak_report, "points_D1": "13", "points_B4": "6"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    # The message stands next to D1's field, in Polish, and the field keeps what was typed.
    error = page[page.index('id="points_D1-error"'):]
    assert "Liczba punktów musi mieścić się między 0 a maksymalną liczbą punktów za kryterium." in error[:400]
    assert 'value="13"' in page
    # The rest of the summary is still shown: B4's 6 points, and a total without the 13.
    table = page[page.index('<table class="self-score">'):]
    assert ">6<" in table[table.index("B4 "):table.index("B5 ")]
    assert "13" not in table[table.index("D1 "):table.index("E1 ")].split("</td>")[0]
    assert ">6<" in table[table.index("<tfoot>"):]


@pytest.mark.parametrize(("entry", "message"), [
    ({"points_B2": "2,3"}, "Liczba punktów musi być wielokrotnością kroku skali tego kryterium."),
    ({"points_B1": "-1"}, "Liczba punktów musi mieścić się między 0 a maksymalną liczbą punktów za kryterium."),
    ({"points_B1": "dużo"}, "Wpisz liczbę punktów, np. 7 lub 7,5."),
])
def test_each_invalid_entry_is_named_and_the_others_still_count(client, app, weak_report, entry, message):
    response = post(client, "/samoocena/raport", {"payload": weak_report, **entry, "points_C1": "5"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    field = next(iter(entry))
    assert message in page[page.index(f'id="{field}-error"'):][:400]
    table = page[page.index('<table class="self-score">'):]
    assert ">5<" in table[table.index("C1 "):table.index("D1 ")]
    assert ">5<" in table[table.index("<tfoot>"):]


def test_the_pdf_is_not_made_from_invalid_points(client, weak_report):
    response = post(client, "/samoocena/raport.pdf", {"payload": weak_report, "points_D1": "13"})
    assert response.status_code == 400 and response.mimetype == "text/html"
