"""The start page, the language switch and the health check."""

import re

import pytest


def test_start_page_is_polish_by_default(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<html lang="pl">' in html
    assert "<h1>Ocena ofert na prowadzenie Centrów Aktywności Lokalnej</h1>" in html
    assert "Przejdź do treści" in html


def test_start_page_tells_a_newcomer_what_the_tool_is_and_opens_three_doors(client):
    html = client.get("/").get_data(as_text=True)
    assert "otwartych konkursów ofert" in html and "bez zakładania konta" in html
    doors = re.findall(r'<li class="door">.*?</li>', html, re.S)
    assert len(doors) == 3
    assert 'href="/logowanie"' in doors[0] and "Zaloguj się" in doors[0]
    assert 'href="/samoocena/"' in doors[1]
    assert 'href="/kryteria/"' in doors[2] and "kryteria oceny" in doors[2]
    assert "Karta testowa" not in html  # the list of rubric files is on the criteria page now
    assert "Karty oceny" not in html and "Karta oceny" not in html


def test_criteria_page_lists_the_rubric_files(client):
    html = client.get("/kryteria/").get_data(as_text=True)
    assert ">Kryteria oceny</h1>" in html and 'href="/kryteria/mini/1.0"' in html and "Karta testowa" in html


def test_language_switch_to_english_and_back(client):
    response = client.get("/language/en?next=/kryteria/")
    assert response.status_code == 302 and response.headers["Location"] == "/kryteria/"
    html = client.get("/kryteria/").get_data(as_text=True)
    assert '<html lang="en">' in html and ">Assessment criteria</h1>" in html and "Test card" in html
    assert "rubric" not in client.get("/").get_data(as_text=True).lower()
    client.get("/language/pl")
    assert ">Kryteria oceny</h1>" in client.get("/kryteria/").get_data(as_text=True)


def test_unknown_language_is_not_found(client):
    assert client.get("/language/de").status_code == 404


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil", "javascript:alert(1)"])
def test_language_switch_never_redirects_off_site(client, target):
    response = client.get("/language/en", query_string={"next": target})
    assert response.headers["Location"] == "/"


def test_language_switch_returns_to_a_page_on_this_site(client):
    response = client.get("/language/en", query_string={"next": "/health?x=1"})
    assert response.headers["Location"] == "/health?x=1"


def test_broken_rubric_files_are_listed_with_their_problems(client, rubrics_dir, tmp_path):
    (tmp_path / "zepsuta.toml").write_text('[rubric]\nid = "x"\n', encoding="utf-8")
    rubrics_dir(tmp_path)
    html = client.get("/kryteria/").get_data(as_text=True)
    assert "zepsuta.toml" in html
    assert "błędów" in html or "błędy" in html
    assert "missing field &#39;version&#39;" in html


def test_health_check_reaches_the_database(client):
    assert client.get("/health").get_json() == {"status": "ok"}


def test_the_page_frames_links_are_built_once_per_script_root(app):
    from flask import url_for

    from app.web import site_url

    for base in ("http://localhost/", "http://localhost/cal/"):
        with app.test_request_context("/", base_url=base):
            for endpoint, values in (("legal.privacy", {}), ("static", {"filename": "style.css"})):
                assert site_url(endpoint, **values) == url_for(endpoint, **values)
                assert site_url(endpoint, **values) == url_for(endpoint, **values)  # from the cache
            assert site_url("legal.privacy").startswith("/cal/" if base.endswith("cal/") else "/inf")
