"""app/core holds pure domain logic: no web framework, no database imports."""

import ast
from pathlib import Path

import pytest

CORE = Path(__file__).resolve().parents[2] / "app" / "core"
FORBIDDEN = ("flask", "flask_sqlalchemy", "flask_babel", "flask_wtf", "flask_login", "flask_migrate",
             "sqlalchemy", "alembic", "werkzeug", "jinja2", "wtforms", "psycopg", "weasyprint", "openpyxl")


def imported_modules(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
    return names


def offending(names: list[str]) -> list[str]:
    return [n for n in names if n.split(".")[0] in FORBIDDEN or (n.startswith("app.") and not n.startswith("app.core"))]


@pytest.mark.parametrize("path", sorted(CORE.rglob("*.py")), ids=lambda p: p.name)
def test_core_module_imports_nothing_impure(path):
    assert offending(imported_modules(path)) == []


def test_the_check_catches_a_forbidden_import(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("import os\nfrom sqlalchemy.orm import Session\nfrom app.extensions import db\n")
    assert offending(imported_modules(sample)) == ["sqlalchemy.orm", "app.extensions"]
