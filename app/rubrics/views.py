"""The rubric browser: one page per rubric version, and its file for download."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, send_file
from flask_babel import lazy_gettext as _l

from .registry import registry

bp = Blueprint("rubrics", __name__, url_prefix="/kryteria")

STATUS_NAMES = {"draft": _l("draft"), "published": _l("published"), "withdrawn": _l("withdrawn")}


@bp.app_context_processor
def _rubric_names():
    return {"status_names": STATUS_NAMES}


def _file_or_404(rubric_id: str, version: str):
    found = registry().file(rubric_id, version)
    if found is None:
        abort(404)
    return found


@bp.get("/")
def index():
    """The published assessment criteria (every rubric file), with any file that failed validation."""
    return render_template("rubrics/index.html", files=registry().files())


@bp.get("/<rubric_id>/<version>")
def show(rubric_id: str, version: str):
    """Sections, criteria, points, descriptors, guidance, applicability and quotes of a rubric."""
    found = _file_or_404(rubric_id, version)
    return render_template("rubrics/show.html", rubric=found.rubric, coverage=found.coverage)


@bp.get("/<rubric_id>/<version>/plik.toml")
def download(rubric_id: str, version: str):
    """The rubric file exactly as it is kept, for officials to read, review and archive."""
    found = _file_or_404(rubric_id, version)
    return send_file(found.path, mimetype="application/toml", as_attachment=True,
                     download_name=f"{found.rubric.id}-{found.rubric.version}.toml")
