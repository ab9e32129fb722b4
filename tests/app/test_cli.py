"""`flask rubrics check|hash` and `flask system check` as an official runs them."""

import shutil
from pathlib import Path

import pytest

from app import create_app
from app.core.rubric_schema import content_hash
from app.rubrics.sources import parse_toml

DATA = Path(__file__).parents[1] / "data"


@pytest.fixture
def cli_app(tmp_path):
    """An app for commands that need no database content."""
    return create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
                       "RUBRICS_DIR": DATA})


def run(cli_app, *args):
    return cli_app.test_cli_runner().invoke(args=list(args))


def test_check_passes_a_sound_rubric(cli_app):
    result = run(cli_app, "rubrics", "check", str(DATA / "mini-rubric.toml"))
    assert result.exit_code == 0, result.output
    assert "OK" in result.output and "mini 1.0, 4 criteria, max 33 points" in result.output


def test_check_defaults_to_the_configured_folder(cli_app):
    result = run(cli_app, "rubrics", "check")
    assert result.exit_code == 0 and "mini-rubric.toml" in result.output


def test_check_fails_with_file_criterion_and_reason(cli_app, tmp_path):
    shutil.copy(DATA / "source-mini.txt", tmp_path)
    sound = shutil.copy(DATA / "mini-rubric.toml", tmp_path / "sound.toml")
    broken = tmp_path / "broken.toml"
    text = (DATA / "mini-rubric.toml").read_text(encoding="utf-8")
    broken.write_text(text.replace("max_points = 5", "max_points = 0"), encoding="utf-8")
    cli_app.config["REPOSITORY_ROOT"] = tmp_path
    result = run(cli_app, "rubrics", "check", str(broken), str(sound))
    assert result.exit_code == 1
    assert "broken.toml: criterion A2: max_points must be greater than 0, got 0" in result.output
    assert "1 of 2 rubric file(s) have problems" in result.output


def test_check_refuses_an_empty_folder(cli_app, tmp_path):
    result = run(cli_app, "rubrics", "check", str(tmp_path))
    assert result.exit_code == 1 and "no rubric files" in result.output


def test_hash_is_canonical(cli_app, tmp_path):
    original = DATA / "mini-rubric.toml"
    reformatted = tmp_path / "reformatted.toml"
    text = original.read_text(encoding="utf-8")
    # Comments, blank lines and 10 written as 10.0 do not change the content.
    reformatted.write_text("# another comment\n\n" + text.replace("max_points = 10\n", "max_points = 10.0\n"),
                           encoding="utf-8")
    changed = tmp_path / "changed.toml"
    changed.write_text(text.replace("max_points = 10", "max_points = 12"), encoding="utf-8")
    result = run(cli_app, "rubrics", "hash", str(original), str(reformatted), str(changed))
    assert result.exit_code == 0
    hashes = [line.split()[0] for line in result.output.splitlines()]
    assert hashes[0] == hashes[1] != hashes[2]
    assert hashes[0] == content_hash(parse_toml(original)[0])


def test_hash_of_invalid_toml_fails(cli_app, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[rubric\n", encoding="utf-8")
    result = run(cli_app, "rubrics", "hash", str(bad))
    assert result.exit_code == 1 and "invalid TOML" in result.output


def test_system_check_passes_on_this_machine(cli_app):
    result = run(cli_app, "system", "check")
    assert result.exit_code == 0, result.output


def test_system_check_warns_while_the_legal_contacts_are_missing_or_fictional(cli_app):
    cli_app.config.update(LEGAL_CONTACT_NAME=None, LEGAL_CONTACT_EMAIL="dostepnosc@example.org",
                          LEGAL_CONTACT_PHONE="71 777 77 77", LEGAL_DPO_EMAIL=None,
                          LEGAL_SERVICE_URL="http://127.0.0.1:5000")
    result = run(cli_app, "system", "check")
    assert result.exit_code == 0  # a warning, not a failure: PDFs still work
    assert "WARNING: CAL_LEGAL_CONTACT_NAME is not set" in result.output
    assert "WARNING: CAL_LEGAL_DPO_EMAIL is not set" in result.output
    assert "WARNING: CAL_LEGAL_CONTACT_EMAIL looks fictional (dostepnosc@example.org)" in result.output
    assert "CAL_LEGAL_SERVICE_URL is a local address" in result.output
    assert "CAL_LEGAL_CONTACT_PHONE" not in result.output
    cli_app.config.update(LEGAL_CONTACT_NAME="Jan Kowalski", LEGAL_CONTACT_EMAIL="dostepnosc@um.wroc.pl",
                          LEGAL_DPO_EMAIL="iod@um.wroc.pl", LEGAL_SERVICE_URL="https://ocena-cal.wroclaw.pl")
    result = run(cli_app, "system", "check")
    assert result.exit_code == 0 and "WARNING" not in result.output
    cli_app.config.update(MAIL_SERVER="smtp.um.wroc.pl", PUBLIC_URL=None)  # mail without the public address
    result = run(cli_app, "system", "check")
    assert result.exit_code == 0 and "WARNING: CAL_MAIL_SERVER is set but CAL_PUBLIC_URL is not" in result.output
    cli_app.config.update(PUBLIC_URL="https://ocena-cal.wroclaw.pl")
    assert "WARNING" not in run(cli_app, "system", "check").output


def test_system_check_names_the_package_when_pango_is_missing(cli_app, monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_pango(name, *args, **kwargs):
        if name == "weasyprint":
            raise OSError("cannot load library 'libpango-1.0-0'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pango)
    result = run(cli_app, "system", "check")
    assert result.exit_code == 1
    assert "apt-get install libpango-1.0-0 libpangoft2-1.0-0" in result.output


REPO = DATA.parents[1]


def test_check_passes_the_real_rubrics(cli_app):
    result = run(cli_app, "rubrics", "check", str(REPO / "rubrics"))
    assert result.exit_code == 0, result.output
    assert "cal-wroclaw 2021.1, 12 criteria, max 100 points" in result.output


def test_coverage_prints_the_matrix(cli_app):
    result = run(cli_app, "rubrics", "coverage", str(REPO / "rubrics"))
    assert result.exit_code == 0, result.output
    assert "value-solidarity" in result.output and "25 of 25 elements covered" in result.output


def test_coverage_fails_on_an_uncovered_element(cli_app, tmp_path):
    shutil.copytree(REPO / "rubrics", tmp_path / "rubrics")
    elements = tmp_path / "rubrics" / "sources" / "cal-model-elements.toml"
    with elements.open("a", encoding="utf-8") as handle:
        handle.write('\n[[elements]]\nid = "network-standing-team"\nkind = "network"\n'
                     'name = { pl = "Zespół Stały ds. CAL", en = "Standing Team for CAL" }\n'
                     'chapter = "Zespół Stały ds. CAL"\nanchor = "Zespół roboczy powołany w marcu 2019 r."\n')
    cli_app.config["REPOSITORY_ROOT"] = tmp_path
    result = run(cli_app, "rubrics", "coverage", str(tmp_path / "rubrics"))
    assert result.exit_code == 1
    assert "network-standing-team" in result.output and "NOT COVERED" in result.output
    assert "25 of 26 elements covered" in result.output
    check = run(cli_app, "rubrics", "check", str(tmp_path / "rubrics"))
    assert check.exit_code == 1 and "is covered by no criterion" in check.output


def test_coverage_of_a_rubric_without_elements(cli_app):
    result = run(cli_app, "rubrics", "coverage", str(DATA / "mini-rubric.toml"))
    assert result.exit_code == 0 and "names no elements file" in result.output


def test_coverage_tells_assessed_in_levels_from_only_quoted(cli_app, tmp_path):
    # Once a rubric declares what its levels assess, a quote alone no longer covers an element: here only C1
    # says it assesses the operator's capacity, so A1, which merely quotes it, is listed as "only quoted".
    shutil.copytree(REPO / "rubrics", tmp_path / "rubrics")
    rubric = tmp_path / "rubrics" / "cal-2021.toml"
    text = rubric.read_text(encoding="utf-8")
    text = text.replace('  id = "C1"\n', '  id = "C1"\n  assesses = ["condition-operator-capacity"]\n', 1)
    rubric.write_text(text, encoding="utf-8")
    cli_app.config["REPOSITORY_ROOT"] = tmp_path
    result = run(cli_app, "rubrics", "coverage", str(rubric))
    assert result.exit_code == 1
    line = next(x for x in result.output.splitlines() if "condition-operator-capacity" in x)
    assert line.endswith("assessed in levels: C1; only quoted: A1")
    assert "value-solidarity" in result.output and "NOT ASSESSED" in result.output
    assert "1 of 25 elements covered" in result.output
    check = run(cli_app, "rubrics", "check", str(rubric))
    assert check.exit_code == 1 and "no criterion's levels assess it" in check.output
    text = text.replace('assesses = ["condition-operator-capacity"]', 'assesses = ["operator-capacity"]')
    rubric.write_text(text, encoding="utf-8")
    check = run(cli_app, "rubrics", "check", str(rubric))
    assert "criterion C1: assesses 'operator-capacity', which is not an element of the Model" in check.output
