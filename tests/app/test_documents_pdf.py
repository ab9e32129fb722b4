"""The documents as files: PDF/A and tagged PDF/UA variants, embedded fonts, typed text printed as text."""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from tests.app.documents_helpers import pdf_text
from tests.app.test_documents import urls
from tests.conftest import login, post

# Every text field a user types that reaches a document, with what a spreadsheet or a browser would run.
PAYLOADS = ['<script>alert("x")</script><b>pogrubione</b>', '=HYPERLINK("http://zły.example","kliknij")',
            "+1-2", "@SUM(A1)", "ąęłóśżźćń & ĄĘŁÓŚŻŹĆŃ </style>"]


def squash(text: str) -> str:
    """The text without any whitespace."""
    return re.sub(r"\s+", "", text)


def _xmp(reader: PdfReader) -> dict[str, str]:
    """The XMP metadata's properties, by namespace and name (WeasyPrint writes them as attributes)."""
    from xml.etree import ElementTree

    root = ElementTree.fromstring(reader.trailer["/Root"]["/Metadata"].get_object().get_data())
    properties = {}
    for description in root.iter("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}Description"):
        properties.update(description.attrib)
        properties.update({child.tag: (child.text or "") for child in description})
    return properties


PDFAID, PDFUAID = "{http://www.aiim.org/pdfa/ns/id/}", "{http://www.aiim.org/pdfua/ns/id/}"


def _pdffonts(data: bytes, tmp_path) -> list[str]:
    if shutil.which("pdffonts") is None:
        from tests.conftest import missing

        missing("pdffonts (Debian: poppler-utils) is not installed — the embedded-fonts check did NOT run")
    path = tmp_path / "document.pdf"
    path.write_bytes(data)
    lines = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout.splitlines()
    return lines[2:]  # after the header and the dashes


@pytest.mark.parametrize("document", ["protocol", "results", "summary", "reasons", "letter", "member_card"])
def test_the_archival_variant_is_pdf_a_3a_with_every_font_embedded(client, call, document, tmp_path):
    login(client, call["people"]["secretary"])
    response = client.get(urls(call)[document] + "?wariant=archiwalny")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].split(";")[1].strip().endswith('-PDFA.pdf"')
    data = response.get_data()
    reader = PdfReader(io.BytesIO(data))
    root = reader.trailer["/Root"]
    intents = root["/OutputIntents"]
    assert len(intents) == 1 and intents[0].get_object()["/S"] == "/GTS_PDFA1"
    xmp = _xmp(reader)
    assert xmp[PDFAID + "part"] == "3" and xmp[PDFAID + "conformance"] == "A"
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]  # tagged, as level "a" requires
    fonts = _pdffonts(data, tmp_path)
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts  # the "emb" column
    assert all("DejaVu" in line for line in fonts)
    assert root["/Lang"] == "pl"


def test_the_reading_variant_is_tagged_pdf_ua_1(client, call, tmp_path):
    login(client, call["people"]["secretary"])
    data = client.get(urls(call)["protocol"]).get_data()
    reader = PdfReader(io.BytesIO(data))
    root = reader.trailer["/Root"]
    assert _xmp(reader)[PDFUAID + "part"] == "1"
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert reader.metadata.title.startswith("Protokół z prac komisji konkursowej")
    assert all(line.split()[-5] == "yes" for line in _pdffonts(data, tmp_path))
    assert all(page.mediabox.width == pytest.approx(595.28, abs=0.5) and
               page.mediabox.height == pytest.approx(841.89, abs=0.5) for page in reader.pages)  # A4


def test_typed_text_reaches_every_document_as_text(app, client, db_session, call):
    from app.offers.models import Exclusion, FormalCheck
    from app.reviews.models import CardCorrection, Score

    html, formula, plus, at, letters = PAYLOADS
    competition, offers = call["competition"], call["offers"]
    competition.title = f"Konkurs {letters}"
    offers["strong"].applicant_name, offers["strong"].title = html, formula
    offers["rejected"].applicant_name = plus
    for score in db_session.query(Score).filter(Score.card_id == call["cards"]["member_strong"].id):
        score.justification = f"{formula} {html} uzasadnienie"
    db_session.query(Exclusion).one().reason = at
    call["people"]["member"].display_name = f"Anna {html}"
    db_session.add(CardCorrection(card_id=call["cards"]["member_strong"].id, criterion_id="A1", old_points=7,
                                  new_points=8, old_not_applicable=False, new_not_applicable=False,
                                  old_justification="", new_justification="", reason=f"{at} {formula} korekta",
                                  user_id=call["people"]["member"].id))
    db_session.query(FormalCheck).filter(FormalCheck.offer_id == offers["rejected"].id).one().reason = \
        f"{html} {formula}"
    db_session.commit()
    people, c = call["people"], competition.id
    chair = app.test_client()
    login(chair, people["chair"])
    login(client, people["secretary"])
    present = [str(people[k].id) for k in ("chair", "member", "secretary")]
    assert post(client, f"/konkursy/{c}/dokumenty/protokol",
                {"meeting_date": "2026-12-18", "place": html, "present": present}).status_code == 302
    assert post(chair, f"/konkursy/{c}/dokumenty/protokol/opinie",
                {"rejection_reasons": formula, "dissenting_opinions": f"{html} {at}",
                 "version": "1"}).status_code == 302
    # Compared without spaces: a long payload wraps at "/" or a space, and the extracted text has a break there.
    texts = {name: squash(pdf_text(client.get(url).get_data())) for name, url in urls(call).items() if name != "page"}
    html, formula, plus, at, letters = (squash(p) for p in PAYLOADS)
    assert html in texts["protocol"] and formula in texts["protocol"] and at in texts["protocol"]
    assert plus in texts["protocol"]  # the rejected offer's applicant, in the formal-check table
    assert html in texts["results"] and formula in texts["results"]
    for name in ("summary", "reasons", "member_card"):
        assert html in texts[name] and formula in texts[name], name
    assert f"Anna{html}" in texts["member_card"] and f"Anna{html}" in texts["summary"]
    assert f"{at}{formula}korekta" in texts["member_card"]  # the correction's reason
    assert f"Anna{html}" in texts["protocol"] and f"Anna{html}" not in texts["protocol_public"]
    assert plus in texts["letter"] and html in texts["letter"]
    assert all(f"Konkurs{letters}" in text for text in texts.values())
    page = client.get(urls(call)["page"]).get_data(as_text=True)
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page
