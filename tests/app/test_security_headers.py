"""Security headers on every kind of response: page, redirect, error page, download, PDF, static file."""

import pytest

from tests.app.test_selfcheck import cal_rubrics, docx_bytes, draft_lines, payload_of, upload  # noqa: F401
from tests.conftest import post

EXPECTED = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


def assert_secure(response) -> None:
    for name, value in EXPECTED.items():
        assert response.headers.get(name) == value, (name, response.status_code)
    policy = dict(part.strip().split(" ", 1) for part in response.headers["Content-Security-Policy"].split(";"))
    assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'"
    assert policy["default-src"] == "'self'" and policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'" and policy["form-action"] == "'self'"
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    response.close()


@pytest.mark.parametrize(("url", "status"), [
    ("/", 200),                                  # an HTML page
    ("/konkursy/", 302),                         # a redirect to sign in
    ("/konkursy/999999", 302),
    ("/nie-ma-takiej-strony", 404),              # an error page
    ("/kryteria/mini/1.0/plik.toml", 200),       # a download
    ("/static/style.css", 200),                  # a static file
    ("/health", 200),
])
def test_every_kind_of_get_response_carries_the_headers(client, url, status):
    response = client.get(url)
    assert response.status_code == status
    assert_secure(response)


def test_a_rejected_form_and_a_wrong_method_carry_them(client):
    assert_secure(client.post("/logowanie", data={"email": "a@b.pl"}))  # no CSRF token: 400
    assert_secure(client.get("/wylogowanie"))  # 405


def test_a_server_error_page_carries_them(app, client, monkeypatch):
    def broken():
        raise RuntimeError("a bug")

    monkeypatch.setitem(app.view_functions, "main.health", broken)
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)
    response = client.get("/health")
    assert response.status_code == 500 and "Wystąpił błąd" in response.get_data(as_text=True)
    assert_secure(response)


def test_the_self_check_pdf_carries_them(client, cal_rubrics):  # noqa: F811
    report = upload(client, docx_bytes(draft_lines("strong.txt")), "mocna.docx")
    response = post(client, "/samoocena/raport.pdf", {"payload": payload_of(report)})
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert_secure(response)


def test_a_page_has_no_inline_script_style_or_event_handler(client):
    import re

    for url in ("/", "/logowanie", "/samoocena/", "/deklaracja-dostepnosci"):
        html = client.get(url).get_data(as_text=True)
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), url
        assert not re.search(r"\sstyle=|<style|\son[a-z]+=", html), url


def test_no_template_served_as_a_page_has_inline_code():
    """The policy allows no inline script, style or event handler: none may be written in a page's template
    (templates/exports/ are rendered to PDF by WeasyPrint, never served as HTML)."""
    import re

    from tests.conftest import REPO

    inline = re.compile(r"<script(?![^>]*\bsrc=)|<style|\sstyle=|\son[a-z]+=|javascript:", re.IGNORECASE)
    templates = [path for path in (REPO / "templates").rglob("*.html") if "exports" not in path.parts]
    assert len(templates) > 30
    found = [f"{path.relative_to(REPO)}: {match.group()}" for path in templates
             for match in inline.finditer(path.read_text(encoding="utf-8"))]
    assert found == []
