"""The page and the command that show what changed between two rubric versions."""

from __future__ import annotations

import pytest

from tests.unit.test_rubric_options import OPTIONS
from tests.unit.test_rubric_validation import DATA, MINI


@pytest.fixture
def two_versions(tmp_path, rubrics_dir):
    """mini 1.0 and a 1.1 with A2 reworded at one level and three call options."""
    (tmp_path / "source-mini.txt").write_bytes((DATA / "source-mini.txt").read_bytes())
    (tmp_path / "mini-1.0.toml").write_text(MINI, encoding="utf-8")
    newer = (MINI + OPTIONS).replace('version = "1.0"', 'version = "1.1"', 1).replace(
        "Partnerzy wymienieni bez zadań.", "Partnerzy wymienieni, bez podziału zadań.").replace(
        "Partners named without tasks.", "Partners named, tasks not shared out.")
    (tmp_path / "mini-1.1.toml").write_text(newer, encoding="utf-8")
    rubrics_dir(tmp_path, tmp_path)


def test_the_page_shows_each_change_in_polish_and_in_english(client, two_versions):
    page = client.get("/kryteria/porownanie?z=mini:1.0&na=mini:1.1").get_data(as_text=True)
    assert "Zmiany między wersjami kryteriów" in page
    assert "<del>" in page and "Partnerzy wymienieni bez zadań." in page
    assert "<ins>" in page and "Partnerzy wymienieni, bez podziału zadań." in page
    assert "Profilaktyka" in page and "Działania profilaktyczne" in page and "dodano" in page
    client.get("/language/en")
    english = client.get("/kryteria/porownanie?z=mini:1.0&na=mini:1.1").get_data(as_text=True)
    assert "Partners named, tasks not shared out." in english and "Prevention activities" in english


def test_the_page_refuses_an_unknown_version_and_defaults_to_the_two_latest(client, two_versions):
    assert client.get("/kryteria/porownanie?z=mini:9.9&na=mini:1.1").status_code == 404
    page = client.get("/kryteria/porownanie").get_data(as_text=True)  # defaults: the two latest versions
    assert 'value="mini:1.0" selected' in page and 'value="mini:1.1" selected' in page
    same = client.get("/kryteria/porownanie?z=mini:1.1&na=mini:1.1").get_data(as_text=True)
    assert "Obie wersje są takie same." in same


def test_the_command_prints_the_diff_in_either_language(app, two_versions):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["rubrics", "diff", "mini:1.0", "mini:1.1"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[:2] == ["mini 1.0 → mini 1.1", "max points: 33 → 33"]
    assert "~ A2 Partnerstwo (changed)" in lines
    assert "    level ~ 0.5–3 częściowo: Partnerzy wymienieni bez zadań." in lines
    assert "          → 0.5–3 częściowo: Partnerzy wymienieni, bez podziału zadań." in lines
    assert "+ option prevention: Profilaktyka (added)" in lines
    english = runner.invoke(args=["rubrics", "diff", "mini:1.0", "mini:1.1", "--lang", "en"]).output
    assert "    level ~ 0.5–3 partly: Partners named without tasks." in english.splitlines()
    missing = runner.invoke(args=["rubrics", "diff", "mini:1.0", "mini:2.0"])
    assert missing.exit_code == 1 and "mini:2.0: no sound rubric" in missing.output
