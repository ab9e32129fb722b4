"""The rubric browser: one page per rubric version, and its file for download."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request, send_file
from flask_babel import lazy_gettext as _l

from app.core.rubric_diff import rubric_diff

from .registry import registry

bp = Blueprint("rubrics", __name__, url_prefix="/kryteria")

STATUS_NAMES = {"draft": _l("draft"), "published": _l("published"), "withdrawn": _l("withdrawn")}
DIFF_FIELD_NAMES = {"title": _l("Title"), "max_points": _l("Maximum points"), "step": _l("Scale step"),
                    "weight": _l("Weight"), "legal_basis": _l("Legal basis"), "applicability": _l("When it applies"),
                    "guidance": _l("Questions for the reviewer"), "deduction": _l("Deduction only")}
CHANGE_NAMES = {"added": _l("added"), "removed": _l("removed"), "changed": _l("changed")}


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


@bp.get("/porownanie")
def diff():
    """Two rubric versions side by side: what changed, criterion by criterion (?z=id:version&na=id:version)."""
    rubrics = sorted(registry().rubrics(), key=lambda r: (r.id, r.version))
    refs = {f"{r.id}:{r.version}": r for r in rubrics}
    old_ref = request.args.get("z") or (f"{rubrics[-2].id}:{rubrics[-2].version}" if len(rubrics) > 1 else "")
    new_ref = request.args.get("na") or (f"{rubrics[-1].id}:{rubrics[-1].version}" if rubrics else "")
    old, new = refs.get(old_ref), refs.get(new_ref)
    if (request.args.get("z") and old is None) or (request.args.get("na") and new is None):
        abort(404)
    found = rubric_diff(old, new) if old is not None and new is not None else None
    return render_template("rubrics/diff.html", rubrics=rubrics, old_ref=old_ref, new_ref=new_ref, diff=found,
                           field_names=DIFF_FIELD_NAMES, change_names=CHANGE_NAMES)
