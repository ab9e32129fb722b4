"""The rubric browser: the CAL rubric in Polish and English, the file download, new files."""

import re
import shutil

import pytest

from tests.conftest import DATA, REPO

CAL_PAGE = "/kryteria/cal-wroclaw/2021.1"


@pytest.fixture
def cal_client(client, rubrics_dir):
    rubrics_dir(REPO / "rubrics", REPO)
    return client


def page(client, url=CAL_PAGE) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_criteria_page_links_to_the_cal_rubric(cal_client):
    html = page(cal_client, "/kryteria/")
    assert f'href="{CAL_PAGE}"' in html
    assert "Kryteria oceny merytorycznej ofert na prowadzenie Centrów Aktywności Lokalnej we Wrocławiu" in html
    assert re.search(r"<td class=\"num\">12</td>\s*<td class=\"num\">100</td>", html)


def test_cal_rubric_in_polish(cal_client):
    html = page(cal_client)
    assert '<html lang="pl">' in html
    assert "<dd>100 punktów</dd>" in html
    assert '<h2 id="section-B">B. Zgodność programu działań z Modelem działania Centrów Aktywności Lokalnej' in html
    assert '<h3 id="criterion-B1">B1. ' in html
    # descriptors with their point ranges, guidance, applicability, legal basis
    assert '<td class="num">1–3</td>' in html and "w niewielkim stopniu" in html
    assert "Pytania pomocnicze dla oceniającego" in html
    assert "tylko gdy zadanie zleca się w formie wspierania (wsparcie)" in html
    assert "tylko wobec oferentów, którzy w latach poprzednich realizowali zlecone zadania publiczne" in html
    assert "art. 15 ust. 1 pkt 6 ustawy o działalności pożytku publicznego i o wolontariacie" in html
    # a quote of the Model in Polish, with its chapter, and no translation on the Polish page
    assert "Uczestnictwo operatorów CAL w Sieci jest dobrowolne." in html
    assert 'rozdział <span lang="pl">„Wartości i działania Centrów Aktywności Lokalnej”</span>' in html
    assert "Tłumaczenie:" not in html
    # the coverage matrix, computed
    assert '<th scope="row">solidarność</th>' in html
    assert '<a href="#criterion-B2">B2</a>' in html


def test_cal_rubric_in_english_keeps_the_polish_quotes_marked_as_polish(cal_client):
    cal_client.get("/language/en")
    html = page(cal_client)
    assert '<html lang="en">' in html
    assert "Merit assessment criteria for offers to run Local Activity Centres in Wrocław" in html
    assert "<dd>100 points</dd>" in html
    assert "Guidance questions for the reviewer" in html
    assert re.search(r'<blockquote lang="pl">„[^<]*Kluczowe wartości CAL to: solidarność', html)
    assert "Translation:" in html and "The key values of a CAL" in html
    assert '<th scope="row">solidarity</th>' in html


def test_every_criterion_and_element_is_on_the_page(cal_client):
    from app.rubrics.loader import load_rubric

    result = load_rubric(REPO / "rubrics" / "cal-2021.toml", REPO)
    html = page(cal_client)
    for criterion in result.rubric.criteria:
        assert f'id="criterion-{criterion.id}"' in html
        for quote in criterion.quotes:
            assert quote.text.replace('"', "&#34;") in html
    assert html.count('<th scope="row">') >= len(result.coverage.elements.elements)


def test_the_rubric_file_can_be_downloaded_as_it_is_kept(cal_client):
    response = cal_client.get(CAL_PAGE + "/plik.toml")
    try:
        assert response.status_code == 200
        assert response.data == (REPO / "rubrics" / "cal-2021.toml").read_bytes()
        assert response.headers["Content-Disposition"] == "attachment; filename=cal-wroclaw-2021.1.toml"
    finally:
        response.close()


@pytest.mark.parametrize("url", ["/kryteria/cal-wroclaw/1999.1", "/kryteria/nie-ma/2021.1",
                                 "/kryteria/cal-wroclaw/1999.1/plik.toml"])
def test_unknown_rubric_is_not_found(cal_client, url):
    assert cal_client.get(url).status_code == 404


def test_a_rubric_file_added_by_an_official_appears_without_a_restart(client, rubrics_dir, tmp_path):
    shutil.copy(DATA / "source-mini.txt", tmp_path)
    shutil.copy(DATA / "mini-rubric.toml", tmp_path / "a.toml")
    rubrics_dir(tmp_path)
    assert "Karta testowa" in page(client, "/kryteria/")
    text = (DATA / "mini-rubric.toml").read_text(encoding="utf-8")
    (tmp_path / "b.toml").write_text(text.replace('version = "1.0"', 'version = "2.0"'), encoding="utf-8")
    html = page(client, "/kryteria/")
    assert 'href="/kryteria/mini/1.0"' in html and 'href="/kryteria/mini/2.0"' in html
    assert "Punkty" in page(client, "/kryteria/mini/2.0")


def test_rubric_text_is_escaped(client, rubrics_dir, tmp_path):
    shutil.copy(DATA / "source-mini.txt", tmp_path)
    text = (DATA / "mini-rubric.toml").read_text(encoding="utf-8")
    (tmp_path / "x.toml").write_text(text.replace('pl = "Partnerstwo"', 'pl = "<script>alert(1)</script>"'),
                                     encoding="utf-8")
    rubrics_dir(tmp_path)
    html = page(client, "/kryteria/mini/1.0")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_weighted_rubric_shows_weights_and_steps(client, rubrics_dir):
    rubrics_dir(DATA, REPO)
    html = page(client, "/kryteria/mini/1.0")
    assert "Kryteria mają wagi" in html
    assert "<dt>Waga</dt><dd>0,5</dd>" in html
    assert "co 0,5 pkt" in html


def test_a_quote_the_source_cites_from_elsewhere_says_so(client, rubrics_dir, tmp_path):
    shutil.copy(DATA / "source-mini.txt", tmp_path)
    text = (DATA / "mini-rubric.toml").read_text(encoding="utf-8")
    cited = ('    en = "Partnership means cyclical and voluntary cooperation of entities for the estate, by diagnosing '
             'challenges"\n    cited_from = { pl = "Strategii Rozwoju Wrocławia 2018–2022", '
             'en = "the Wrocław Development Strategy 2018–2022" }\n')
    old = ('    en = "Partnership means cyclical and voluntary cooperation of entities for the estate, by diagnosing '
           'challenges"\n')
    assert old in text
    (tmp_path / "x.toml").write_text(text.replace(old, cited), encoding="utf-8")
    rubrics_dir(tmp_path)
    html = page(client, "/kryteria/mini/1.0")
    assert "nie są to słowa samego dokumentu, lecz cytat z: Strategii Rozwoju Wrocławia 2018–2022" in html
    # A statutory criterion (legal_basis) is there: the office is told to confirm the act's text before a call
    assert "Przed ogłoszeniem konkursu urząd potwierdza, że przytoczone brzmienie ustawy jest aktualne" in html
