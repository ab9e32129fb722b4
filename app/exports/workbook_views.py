"""Downloads of the competition's workbook (XLSX) and of its Oceny sheet as CSV, through authorised routes."""

from __future__ import annotations

import io

from flask import Blueprint, abort, send_file
from flask_login import current_user, login_required

from app.competitions import permissions
from app.competitions.views import competition_or_404
from app.extensions import db
from app.offers.views import rubric_for

from .csv_export import CSV_MIME, render_csv
from .operations import record_file_download
from .pdf import ascii_filename
from .workbook import build_workbook, file_name
from .xlsx import XLSX_MIME, render_xlsx

bp = Blueprint("workbook", __name__, url_prefix="/konkursy/<int:competition_id>")


def _download(payload: bytes, filename: str, mimetype: str):
    response = send_file(io.BytesIO(payload), mimetype=mimetype, as_attachment=True,
                         download_name=ascii_filename(filename))
    response.headers["Cache-Control"] = "private, no-store"  # scores are not for shared caches
    return response


def _data(competition_id: int):
    competition = competition_or_404(competition_id)
    if not permissions.can_download_workbook(current_user, competition):
        abort(403)
    return competition, build_workbook(current_user, competition, rubric_for(competition))


@bp.get("/zestawienie.xlsx")
@login_required
def xlsx(competition_id: int):
    """The whole workbook: Ranking, Oceny, Kryteria, Ocena formalna, Kryteria oceny."""
    competition, data = _data(competition_id)
    name = file_name(data, "xlsx").replace("/", "-")
    payload = render_xlsx(data)
    record_file_download(current_user, competition, document="workbook", filename=name, draft=data.draft)
    db.session.commit()
    return _download(payload, name, XLSX_MIME)


@bp.get("/oceny.csv")
@login_required
def scores_csv(competition_id: int):
    """The Oceny sheet (one row per score) as CSV for Polish Excel."""
    competition, data = _data(competition_id)
    name = file_name(data, "csv", "oceny").replace("/", "-")
    payload = render_csv(data.sheet("Oceny"))
    record_file_download(current_user, competition, document="scores_csv", filename=name, draft=data.draft)
    db.session.commit()
    return _download(payload, name, CSV_MIME)
