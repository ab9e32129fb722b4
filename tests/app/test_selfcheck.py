"""The NGO self-check without an account: form, upload, report, self-score, PDF — and nothing stored."""

from __future__ import annotations

import html
import io
import re
import tempfile
import zipfile
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from markupsafe import escape
from pypdf import PdfReader

from app.extensions import db
from app.offers.views import issue_text
from app.selfcheck.forms import draft_form
from app.selfcheck.messages import BUDGET_SKIP_MESSAGES, UPLOAD_MESSAGES
from app.selfcheck.readers import UploadProblem
from tests.conftest import REPO, csrf_token, post
from tests.unit.test_selfcheck_readers import (
    budget_offer,
    docx_bytes,
    draft_lines,
    encrypted_pdf,
    pdf_bytes,
    scanned_pdf,
)

WROCLAW = ZoneInfo("Europe/Warsaw")

PAYLOAD = re.compile(r'name="payload" type="hidden" value="([^"]+)"')
RUBRIC_KEY = "kryteria:cal-wroclaw:2021.1"


@pytest.fixture
def cal_rubrics(rubrics_dir):
    """The real CAL rubric (with the Model's elements) instead of the tests' mini rubric."""
    rubrics_dir(REPO / "rubrics", REPO)


@pytest.fixture
def call(cal_rubrics, create_competition, app):
    """An announced CAL call in "wsparcie" with a 1.5 % minimum own contribution."""
    from app.rubrics.registry import registry

    with app.app_context():
        rubric = registry().get("cal-wroclaw", "2021.1")
    return create_competition(rubric_id=rubric.id, rubric_version=rubric.version, rubric_hash=rubric.content_hash,
                              status="announced", min_own_share=Decimal("0.015"))


def in_polish(app, message, **params) -> str:
    """A lazy message as the page shows it (Polish locale), escaped as Jinja escapes it."""
    with app.test_request_context():
        return str(escape(str(message) % params))


def form_fields(app, offer) -> dict:
    """The offer as the self-check form posts it (filled by the form's own fill_form)."""
    with app.test_request_context():
        return dict(_flat(draft_form(offer)))


def _flat(form):
    for f in form:
        if f.type == "FieldList":
            for entry in f:
                yield from _flat(entry.form)
        elif f.type == "SelectField":
            yield f.name, f.data if f.data is not None else f.choices[0].value  # what a browser sends
        elif f.type not in ("SubmitField", "CSRFTokenField"):
            yield f.name, f._value()


def check_form(client, app, offer, key=RUBRIC_KEY, **extra):
    return post(client, f"/samoocena/formularz?kryteria={key}", {**form_fields(app, offer), "save": "y", **extra})


def upload(client, data: bytes, filename="oferta.docx", key=RUBRIC_KEY):
    """POST a file as a browser does; the body is built in memory so the test client spools nothing."""
    boundary = "----granica-testowa"
    head = (f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{csrf_token(client)}\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="document"; filename="{filename}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n")
    body = head.encode() + data + f"\r\n--{boundary}--\r\n".encode()
    return client.post(f"/samoocena/plik?kryteria={key}", data=body,
                       content_type=f"multipart/form-data; boundary={boundary}")


def payload_of(response) -> str:
    return html.unescape(PAYLOAD.search(response.get_data(as_text=True)).group(1))


def text_of(response) -> str:
    return html.unescape(response.get_data(as_text=True))


# --- choosing ---------------------------------------------------------------------------------


def test_the_start_page_offers_open_calls_and_published_rubrics(client, call, create_competition):
    closed = create_competition(rubric_id=call.rubric_id, rubric_version=call.rubric_version,
                                rubric_hash=call.rubric_hash, status="closed")
    page = client.get("/samoocena/").get_data(as_text=True)
    assert f'value="konkurs:{call.id}"' in page and f'value="konkurs:{closed.id}"' not in page
    assert f'value="{RUBRIC_KEY}"' in page


def test_a_page_without_a_chosen_call_sends_back_to_the_start(client, cal_rubrics):
    response = client.get("/samoocena/formularz?kryteria=konkurs:999999")
    assert response.status_code == 302 and response.headers["Location"].endswith("/samoocena/")


# --- the form ---------------------------------------------------------------------------------


def test_the_budget_draft_typed_into_the_form_gets_every_budget_error(client, app, call):
    response = check_form(client, app, budget_offer(), key=f"konkurs:{call.id}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    from app.core.offer_checks import check_offer

    issues = check_offer(budget_offer(), call.call_terms)
    assert [i.code.value for i in issues] == ["cost_value_mismatch", "cost_years_mismatch", "cost_units_missing",
                                              "costs_total_mismatch", "funding_sum_mismatch"]
    with app.test_request_context():
        expected = [str(escape(issue_text(i))) for i in issues]
    assert all(sentence in page for sentence in expected)
    # The call's terms were used: nothing on the own contribution (1 500 zł ≥ 1,5 % of 68 000 zł).
    assert "own_share_too_low" not in page and "Kleczkowskiej" in text_of(response)


def test_adding_rows_keeps_everything_typed(client, app, cal_rubrics):
    fields = form_fields(app, budget_offer())
    response = post(client, f"/samoocena/formularz?kryteria={RUBRIC_KEY}", {**fields, "add_cost": "y"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and 'name="costs-5-value"' in page and 'name="costs-6-value"' not in page
    assert "Wynagrodzenie koordynatorki" in page and "Popołudnia na podwórku" in page
    assert "Self-check report" not in page and "Raport samooceny" not in page


def test_an_amount_that_is_not_a_number_is_an_error_linked_to_its_field(client, app, cal_rubrics):
    response = check_form(client, app, budget_offer(), **{"costs-0-unit_cost": "cztery tysiące"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    field = re.search(r'<input[^>]*name="costs-0-unit_cost"[^>]*>', page).group()
    assert 'aria-describedby="costs-0-unit_cost-error"' in field and 'aria-invalid="true"' in field
    assert 'id="costs-0-unit_cost-error"' in page
    assert 'href="#costs-0-unit_cost"' in page  # the summary at the top links to the field


def test_back_to_the_form_brings_the_draft_back(client, app, cal_rubrics):
    report = check_form(client, app, budget_offer())
    page = post(client, "/samoocena/popraw", {"payload": payload_of(report)}).get_data(as_text=True)
    assert 'value="Wynagrodzenie koordynatorki"' in page and 'value="54000,00"' in page
    assert "Podczas rozmów z sąsiadami na podwórkach" in html.unescape(page)


# --- uploads ----------------------------------------------------------------------------------


def test_a_docx_in_the_2018_layout_gets_its_budget_checked(client, app, cal_rubrics):
    response = upload(client, docx_bytes(draft_lines("strong.txt"), budget_offer()), "oferta-2018.docx")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    with app.test_request_context():
        mismatch = str(escape(issue_text(next(i for i in _issues() if i.code.value == "cost_value_mismatch"))))
    assert mismatch in page
    assert "budget-skip" not in page


def _issues():
    from app.core.offer_checks import check_offer
    from app.core.selfcheck import ARITHMETIC_ONLY

    return check_offer(budget_offer(), ARITHMETIC_ONLY)


def test_a_plain_docx_report_says_plainly_that_the_budget_was_not_checked(client, app, cal_rubrics):
    response = upload(client, docx_bytes(draft_lines("weak.txt")), "slaba.docx")
    assert response.status_code == 200
    assert "budget-skip" in response.get_data(as_text=True)
    assert in_polish(app, BUDGET_SKIP_MESSAGES[_skip("no_cost_table")]) in response.get_data(as_text=True)


def _skip(reason):
    from app.core.drafts import BudgetSkip

    return BudgetSkip(reason)


def test_evidence_is_marked_in_escaped_snippets_with_its_place(client, cal_rubrics):
    lines = ["3. Syntetyczny opis zadania", "<script>alert(1)</script> Co tydzień spotykamy się z sąsiadami i Radą "
             "Osiedla, a nasi wolontariusze <b>pomagają</b> seniorom."]
    page = upload(client, docx_bytes(lines), "oferta.docx").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;pomagają&lt;/b&gt;" in page
    assert "<mark>sąsiadami</mark>" in page and "<mark>Radą Osiedla</mark>" in page
    assert "<mark>wolontariusze</mark>" in page


def test_the_weak_draft_gets_descriptors_and_the_model_quote_as_suggestions(client, app, cal_rubrics):
    from app.rubrics.registry import registry

    response = upload(client, docx_bytes(draft_lines("weak.txt")), "slaba.docx")
    page = text_of(response)
    with app.app_context():
        partnership = registry().get("cal-wroclaw", "2021.1").criterion("B4")
    article = page[page.index('id="criterion-B4"'):page.index('id="criterion-B5"')]
    assert "<mark>" not in article
    assert partnership.descriptors[-1].text.pl in article
    assert all(f"„{quote.text}”" in article for quote in partnership.quotes)
    assert "hint, not a score" in page or "wskazówka, a nie ocena" in page.lower()


def test_the_coverage_map_is_a_picture_with_a_text_equivalent(client, cal_rubrics):
    page = upload(client, docx_bytes(draft_lines("strong.txt")), "mocna.docx").get_data(as_text=True)
    svg = page[page.index("<svg"):page.index("</svg>")]
    assert 'role="img"' in svg and 'aria-labelledby="coverage-title coverage-desc"' in svg
    assert '<title id="coverage-title">' in svg and '<desc id="coverage-desc">' in svg
    assert "25" in svg[svg.index("<desc"):svg.index("</desc>")]
    table = page[page.index('<table class="coverage-table">'):]
    assert table.count('<th scope="row">') >= 25 and "szczególna rola rady osiedla" in table


def test_a_pdf_with_text_is_checked_without_its_budget(client, app, cal_rubrics):
    response = upload(client, pdf_bytes(draft_lines("strong.txt")), "mocna.pdf")
    assert response.status_code == 200
    assert in_polish(app, BUDGET_SKIP_MESSAGES[_skip("pdf")]) in response.get_data(as_text=True)
    page = response.get_data(as_text=True)
    assert page.count("<mark>") > 30 and "sąsiadami" in page


@pytest.mark.parametrize(("make", "filename", "problem"), [
    (lambda: b"PK\x03\x04broken", "oferta.docx", UploadProblem.CORRUPT),
    (lambda: b"To nie jest dokument Worda.", "oferta.docx", UploadProblem.UNKNOWN_TYPE),
    (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "oferta.doc", UploadProblem.OLD_WORD),
    (lambda: encrypted_pdf(pdf_bytes(["Tekst oferty o sąsiadach."])), "oferta.pdf", UploadProblem.ENCRYPTED),
    (lambda: scanned_pdf(1), "skan.pdf", UploadProblem.NO_TEXT_LAYER),
], ids=["corrupt", "wrong-type", "old-doc", "password", "scan"])
def test_a_bad_upload_gets_a_clear_message_on_the_field(client, app, cal_rubrics, make, filename, problem):
    response = upload(client, make(), filename)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert in_polish(app, UPLOAD_MESSAGES[problem]) in page
    assert 'aria-describedby="document-error"' in page and 'id="document-error"' in page


def test_a_file_over_the_self_check_limit_is_refused(client, app, cal_rubrics, monkeypatch):
    monkeypatch.setitem(app.config, "CAL_SELFCHECK_MAX_BYTES", 20_000)
    response = upload(client, docx_bytes(["Tekst."]) + bytes(30_000))
    assert response.status_code == 400
    assert in_polish(app, UPLOAD_MESSAGES[UploadProblem.TOO_BIG], max_mb=1) in response.get_data(as_text=True)


def test_a_request_over_the_upload_limit_gets_the_upload_page_back(client, app, cal_rubrics, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 2 * 1024 * 1024)
    response = upload(client, bytes(3 * 1024 * 1024))
    assert response.status_code == 413
    assert in_polish(app, UPLOAD_MESSAGES[UploadProblem.TOO_BIG], max_mb=2) in response.get_data(as_text=True)


# --- the report's forms: self-score, PDF, a payload that was changed -------------------------------


def test_the_self_score_stands_beside_the_evidence(client, app, cal_rubrics):
    report = upload(client, docx_bytes(draft_lines("weak.txt")), "slaba.docx")
    response = post(client, "/samoocena/raport", {"payload": payload_of(report), "points_B1": "8",
                                                 "points_B4": "6", "why_B4": "Mamy partnerów."})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    row = page[page.index('<table class="self-score">'):]
    b4 = row[row.index("B4 "):row.index("B5 ")]
    assert ">6<" in b4 and "status-missing" in b4  # 6 points, and no evidence found
    assert ">14<" in row[row.index("<tfoot>"):]
    assert 'value="6"' in page and "Mamy partnerów." in page


def test_points_that_are_not_a_number_are_an_error_on_the_field(client, cal_rubrics):
    report = upload(client, docx_bytes(draft_lines("weak.txt")), "slaba.docx")
    response = post(client, "/samoocena/raport", {"payload": payload_of(report), "points_B1": "dużo"})
    assert response.status_code == 400 and 'id="points_B1-error"' in response.get_data(as_text=True)


def test_the_pdf_report_is_made_from_the_content_sent_back(client, cal_rubrics):
    report = upload(client, docx_bytes(draft_lines("strong.txt")), "mocna.docx")
    before = datetime.now(WROCLAW).date()
    response = post(client, "/samoocena/raport.pdf", {"payload": payload_of(report), "points_B1": "9"})
    after = datetime.now(WROCLAW).date()
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    # Dated in Wrocław: at 00:30 there it is already tomorrow on a UTC server's calendar.
    assert any(f'filename="samoocena-{day.isoformat()}.pdf"' in response.headers["Content-Disposition"]
               for day in {before, after})
    reader = PdfReader(io.BytesIO(response.data))
    first = reader.pages[0].extract_text()
    assert "strona 1 z" in first
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    for polish in ("Kryteria oceny merytorycznej ofert na prowadzenie Centrów Aktywności Lokalnej we Wrocławiu",
                   "Radą Osiedla", "sąsiadami", "wolontariuszami", "Zastępstwo", "Rozpoznanie potrzeb społeczności"):
        assert polish in text, polish
    assert f"strona {len(reader.pages)} z {len(reader.pages)}" in reader.pages[-1].extract_text()


@pytest.mark.parametrize("endpoint", ["/samoocena/raport", "/samoocena/raport.pdf", "/samoocena/popraw"])
def test_a_changed_payload_is_refused(client, app, cal_rubrics, endpoint):
    report = check_form(client, app, budget_offer())
    token = payload_of(report)
    forged = token[:-3] + ("AAA" if token[-3:] != "AAA" else "BBB")
    assert post(client, endpoint, {"payload": forged}).status_code == 400
    assert post(client, endpoint, {}).status_code == 400


# --- nothing is stored without an account --------------------------------------------------------


def _row_counts(session) -> dict[str, int]:
    return {t.name: session.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
            for t in db.metadata.sorted_tables}


def _files(folder) -> set[str]:
    folder = Path(folder)
    return {str(p.relative_to(folder)) for p in folder.rglob("*")} if folder.exists() else set()


def _large_docx() -> bytes:
    """A .docx over 500 KB, which Werkzeug spools to a temporary file while the request is read."""
    original = zipfile.ZipFile(io.BytesIO(docx_bytes(draft_lines("strong.txt"), budget_offer())))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for item in original.infolist():
            archive.writestr(item, original.read(item))
        archive.writestr(zipfile.ZipInfo("word/media/photo.bin"), bytes(range(256)) * 2400)
    return buffer.getvalue()


def test_without_an_account_nothing_is_stored(client, app, db_session, cal_rubrics, tmp_path, monkeypatch):
    spool = tmp_path / "tmp"
    spool.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(spool))
    rows, instance, exports = _row_counts(db_session), _files(app.instance_path), _files(app.config["EXPORTS_DIR"])

    assert client.get("/samoocena/").status_code == 200
    assert client.get(f"/samoocena/formularz?kryteria={RUBRIC_KEY}").status_code == 200
    report = check_form(client, app, budget_offer())
    assert report.status_code == 200
    rescored = post(client, "/samoocena/raport", {"payload": payload_of(report), "points_B1": "7"})
    assert rescored.status_code == 200
    assert post(client, "/samoocena/raport.pdf", {"payload": payload_of(rescored)}).status_code == 200
    assert post(client, "/samoocena/popraw", {"payload": payload_of(report)}).status_code == 200
    large = _large_docx()
    assert len(large) > 600_000
    uploaded = upload(client, large, "duza-oferta.docx")
    assert uploaded.status_code == 200
    assert post(client, "/samoocena/raport.pdf", {"payload": payload_of(uploaded)}).status_code == 200
    assert upload(client, b"PK\x03\x04broken").status_code == 400
    # Saving needs an NGO account: an anonymous attempt is sent to sign in and stores nothing.
    assert post(client, "/samoocena/szkice", {"payload": payload_of(report)}).status_code == 302

    db_session.expire_all()
    assert _row_counts(db_session) == rows
    assert _files(app.instance_path) == instance
    assert _files(app.config["EXPORTS_DIR"]) == exports
    assert list(spool.iterdir()) == []
