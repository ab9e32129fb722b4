"""PDF export: Polish text with embedded fonts, page numbers, escaping, safe resources, downloads."""

import io
import re
from pathlib import Path

import pytest
from jinja2 import ChoiceLoader, FileSystemLoader
from pypdf import PdfReader

from app import create_app
from app.exports import pdf
from app.exports.pdf import StaticFilesFetcher, ascii_filename, page_numbers_css, pdf_response, render_pdf

POLISH = "Zażółć gęślą jaźń ĄĆĘŁŃÓŚŹŻ 1 234,50 zł"
# Two pages for certain: a forced page break, whatever the font metrics.
SAMPLE = """{% extends "exports/base.html" %}
{% block title %}Próba PDF{% endblock %}
{% block head %}<link rel="stylesheet" href="style.css">{% endblock %}
{% block running_header %}Nagłówek próbny{% endblock %}
{% block content %}
<h1>{{ heading }}</h1>
<p>{{ body }}</p>
<p style="break-before: page">Druga strona.</p>
{% endblock %}
"""


@pytest.fixture
def app(tmp_path):
    application = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite:///" + str(tmp_path / "x.sqlite3")})
    templates = tmp_path / "templates" / "exports"
    templates.mkdir(parents=True)
    (templates / "sample.html").write_text(SAMPLE, encoding="utf-8")
    application.jinja_env.loader = ChoiceLoader([FileSystemLoader(str(tmp_path / "templates")),
                                                 application.jinja_env.loader])
    return application


@pytest.fixture
def reader(app):
    with app.test_request_context():
        data = render_pdf("sample.html", heading=POLISH, body="<b>x</b> & co")
    assert data.startswith(b"%PDF-")
    return PdfReader(io.BytesIO(data))


def test_the_polish_text_comes_back_out_of_the_pdf(reader):
    assert len(reader.pages) == 2
    assert POLISH in reader.pages[0].extract_text()
    assert "Nagłówek próbny" in reader.pages[1].extract_text()


def test_every_page_says_which_page_of_how_many(reader):
    # "strona 1 z 2" once the Polish catalogue has the message, "page 1 of 2" before.
    assert re.search(r"\b1 \w+ 2\b", reader.pages[0].extract_text())
    assert re.search(r"\b2 \w+ 2\b", reader.pages[1].extract_text())


def test_the_fonts_are_embedded(reader):
    descriptors = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            for part in [font, *(d.get_object() for d in font.get("/DescendantFonts", []))]:
                if "/FontDescriptor" in part:
                    descriptors.append(part["/FontDescriptor"].get_object())
    assert descriptors
    assert all({"/FontFile", "/FontFile2", "/FontFile3"} & set(d) for d in descriptors)
    assert all("DejaVu-Sans" in str(d["/FontName"]) for d in descriptors)


def test_html_in_the_context_is_printed_as_text(reader):
    assert "<b>x</b> & co" in reader.pages[0].extract_text()


def test_the_title_and_language_are_in_the_metadata(reader):
    assert reader.metadata.title == "Próba PDF"
    assert reader.trailer["/Root"]["/Lang"] == "pl"


def test_page_numbers_become_css_counters(app):
    with app.test_request_context():
        css = str(page_numbers_css())
    assert re.fullmatch(r'"[^"]+" counter\(page\) "[^"]+" counter\(pages\)', css)


def test_a_translation_cannot_break_out_of_the_css_string(app, monkeypatch):
    monkeypatch.setattr(pdf, "gettext", lambda text, **values: 'a "b" </style> \\ ' + text % values)
    with app.test_request_context():
        css = str(page_numbers_css())
    assert css.startswith(r'"a \"b\" \3C /style> \\ page " counter(page)')
    assert "</" not in css


def test_static_files_are_read_from_the_static_folder_only(app, tmp_path):
    static = Path(app.static_folder)
    fetcher = StaticFilesFetcher(static)
    response = fetcher.fetch((static / "style.css").resolve().as_uri())
    assert b"{" in response.read()
    response.close()
    for url in ((tmp_path / "x.css").as_uri(), "file:///etc/hostname", (static / ".." / "__init__.py").as_uri(),
                "http://127.0.0.1:9/x.css"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


@pytest.mark.parametrize("name, ascii_name, encoded", [
    ("2027-CAL-protokół ocen.pdf", "2027-CAL-protokol_ocen.pdf", "2027-CAL-protok%C3%B3%C5%82%20ocen.pdf"),
    ("Źródła ŻÓŁW.pdf", "Zrodla_ZOLW.pdf", "%C5%B9r%C3%B3d%C5%82a%20%C5%BB%C3%93%C5%81W.pdf"),
    ('../a"b\r\nc.pdf', "a_b_c.pdf", "_a_b_c.pdf"),
])
def test_the_download_names_the_file_for_old_and_new_clients(app, name, ascii_name, encoded):
    with app.test_request_context():
        response = pdf_response(b"%PDF-1.7", name)
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{encoded}")
    assert response.get_data() == b"%PDF-1.7"
    assert "no-store" in response.headers["Cache-Control"]


def test_an_all_unsafe_name_still_gets_a_filename():
    assert ascii_filename("ąą///") == "aa"
    assert ascii_filename("„”") == "document.pdf"
