"""The secretary imports offers from a CSV or XLSX file (all or nothing), and downloads the template."""

from __future__ import annotations

import io

from flask import abort, current_app, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from app.competitions import permissions
from app.competitions.operations import OperationRefused
from app.competitions.views import bp as competitions_bp
from app.competitions.views import competition_or_404, operations_message
from app.core.offer_import import IMPORT_COLUMNS
from app.extensions import db

from .entry_forms import ImportForm
from .import_files import size_text
from .import_messages import problem_text
from .import_template import KIND_NOTES, template_csv, template_xlsx
from .importing import ImportRefused, import_offers, read_import


def _page(competition, form, problems=(), status=200):
    limit = current_app.config["CAL_IMPORT_MAX_BYTES"]
    return render_template("offers/import.html", competition=competition, form=form, columns=IMPORT_COLUMNS,
                           kind_notes=KIND_NOTES, max_rows=current_app.config["CAL_IMPORT_MAX_ROWS"],
                           limit=size_text(limit),
                           problems=[(p.row, p.column, problem_text(p)) for p in problems]), status


@competitions_bp.route("/<int:competition_id>/oferty/import", methods=["GET", "POST"])
@login_required
def import_offers_page(competition_id: int):
    """Upload a file of offers: every problem with its row and column, or every offer imported."""
    competition = competition_or_404(competition_id)
    if not permissions.can_enter_offers(current_user, competition):
        abort(403)
    form = ImportForm()
    if not form.validate_on_submit():
        return _page(competition, form, status=400 if form.errors else 200)
    limit = current_app.config["CAL_IMPORT_MAX_BYTES"]
    storage = form.document.data
    try:
        data = storage.read(limit + 1)  # one byte more than allowed tells a file that is too large
    finally:
        storage.close()  # a large upload is spooled to a temporary file
    offers, problems = read_import(data, storage.filename or "", max_bytes=limit,
                                   max_rows=current_app.config["CAL_IMPORT_MAX_ROWS"])
    if not problems:
        try:
            results = import_offers(current_user, competition, offers, source=storage.filename or "")
        except ImportRefused as refused:
            db.session.rollback()
            problems = refused.problems
        except OperationRefused as refused:
            db.session.rollback()
            form.document.errors = [operations_message(refused)]
            return _page(competition, form, status=409)
        else:
            db.session.commit()
            with_findings = sum(1 for r in results if r.issues)
            flash(ngettext("%(num)s offer has been imported; its formal check is open.",
                           "%(num)s offers have been imported; their formal check is open.", len(results)), "success")
            if with_findings:
                flash(ngettext("%(num)s of them has findings of the consistency checks: open it from the list to "
                               "see them.", "%(num)s of them have findings of the consistency checks: open each "
                               "from the list to see them.", with_findings), "info")
            return redirect(url_for("competitions.dashboard", competition_id=competition.id))
    form.document.errors = [_("Nothing has been imported: correct the problems listed above and send the file "
                              "again.")]
    return _page(competition, form, problems, status=400)


@competitions_bp.get("/<int:competition_id>/oferty/import/wzor.<any(csv, xlsx):kind>")
@login_required
def import_template(competition_id: int, kind: str):
    """The empty template with the columns the import reads."""
    competition = competition_or_404(competition_id)
    if not permissions.can_manage_competition(current_user, competition):
        abort(403)
    payload, mimetype = ((template_csv(), "text/csv") if kind == "csv" else
                         (template_xlsx(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
    return send_file(io.BytesIO(payload), mimetype=mimetype, as_attachment=True,
                     download_name=f"wzor-importu-ofert.{kind}")
