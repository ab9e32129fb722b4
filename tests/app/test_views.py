"""The start page, the language switch and the health check."""

import pytest


def test_start_page_is_polish_by_default(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<html lang="pl">' in html
    assert "<h1>Karty oceny</h1>" in html
    assert "Karta testowa" in html
    assert "Przejdź do treści" in html


def test_language_switch_to_english_and_back(client):
    response = client.get("/language/en?next=/")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="en">' in html and "<h1>Scoring rubrics</h1>" in html and "Test card" in html
    client.get("/language/pl")
    assert "<h1>Karty oceny</h1>" in client.get("/").get_data(as_text=True)


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
    html = client.get("/").get_data(as_text=True)
    assert "zepsuta.toml" in html
    assert "błędów" in html or "błędy" in html
    assert "missing field &#39;version&#39;" in html


def test_health_check_reaches_the_database(client):
    assert client.get("/health").get_json() == {"status": "ok"}
