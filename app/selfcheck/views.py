"""Pages of the NGO self-check: a draft offer read against the rubric before the deadline.

Without an account nothing is stored: a draft typed in or uploaded is read in memory and
the report page carries it back (signed) for the self-score, the PDF and, in an NGO
account, for saving.
"""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user
from flask_wtf import FlaskForm

from app.auth.operations import AccountError, sign_in
from app.core.drafts import Draft, DraftSource, form_draft
from app.exports.pdf import pdf_response, render_pdf
from app.extensions import db, limiter
from app.i18n import local_today
from app.offers.entry_forms import form_to_offer
from app.reviews.forms import fill_form as fill_card

from . import operations, permissions, queries
from .forms import OfferDraftForm, RegisterForm, UploadForm, draft_form, report_form_class
from .messages import upload_problem_text
from .models import SelfCheckDraft
from .payload import PayloadRefused, Sealed, draft_from_dict, seal, unseal
from .readers import DEFAULT_MAX_BYTES, UploadProblem, UploadRefused, read_upload
from .reports import SelfScore, build_report, read_self_score, scores_from_dict
from .targets import Target, chosen, open_calls, published_rubrics, sent_back

bp = Blueprint("selfcheck", __name__, url_prefix="/samoocena")


def _chosen_or_none() -> Target | None:
    target = chosen(request.args.get("kryteria"))
    if target is None:
        flash(_("Choose a call or a set of criteria first."), "error")
    return target


@bp.get("/")
def start():
    """Choose a call or a rubric, then fill in the form or upload a file."""
    return render_template("selfcheck/start.html", calls=open_calls(), rubrics=published_rubrics())


@bp.route("/formularz", methods=["GET", "POST"])
def form():
    """The offer form, section by section; "check" shows the report, nothing is stored."""
    target = _chosen_or_none()
    if target is None:
        return redirect(url_for(".start"))
    offer_form = OfferDraftForm()
    if request.method == "POST" and offer_form.grow():
        return _form_page(offer_form, target)
    if offer_form.validate_on_submit():
        return _report_page(form_draft(form_to_offer(offer_form)), target, draft_id=_draft_id(offer_form))
    return _form_page(offer_form, target), 400 if offer_form.errors else 200


@bp.post("/popraw")
def edit():
    """Back from the report to the form, with everything typed so far."""
    sealed, target = _sent_back()
    if sealed.draft.source is not DraftSource.FORM:
        abort(400)
    offer_form = draft_form(sealed.draft.offer)
    offer_form.draft_id.data = "" if sealed.draft_id is None else str(sealed.draft_id)
    return _form_page(offer_form, target)


@bp.route("/plik", methods=["GET", "POST"])
def upload():
    """A draft as a .docx, .odt or .pdf file, read in memory."""
    target = _chosen_or_none()
    if target is None:
        return redirect(url_for(".start"))
    upload_form = UploadForm()
    if upload_form.validate_on_submit():
        limit = int(current_app.config.get("CAL_SELFCHECK_MAX_BYTES", DEFAULT_MAX_BYTES))
        storage = upload_form.document.data
        try:
            draft = read_upload(storage.read(limit + 1), _base_name(storage.filename), max_bytes=limit)
        except UploadRefused as refused:
            upload_form.document.errors.append(upload_problem_text(refused.problem, refused.params))
        else:
            return _report_page(draft, target)
    return _upload_page(upload_form, target), 400 if upload_form.errors else 200


@bp.errorhandler(413)
def _too_large(error):
    upload_form = UploadForm(formdata=None)
    limit = current_app.config.get("MAX_CONTENT_LENGTH") or DEFAULT_MAX_BYTES
    upload_form.document.errors = [upload_problem_text(UploadProblem.TOO_BIG, {"max_mb": limit // (1024 * 1024)})]
    target = chosen(request.args.get("kryteria"))
    if target is None:
        return render_template("error.html", code=413, title=_("File too large"),
                               text=upload_form.document.errors[0]), 413
    return _upload_page(upload_form, target), 413


@bp.post("/raport")
def report():
    """The report again, with the self-score typed into it."""
    sealed, target = _sent_back()
    return _scored_report(sealed, target)


@bp.post("/raport.pdf")
def pdf():
    """The report as a PDF, made from the draft sent with this request (no copy is kept)."""
    sealed, target = _sent_back()
    _form, self_score = _read_report_form(sealed, target)
    if not self_score.valid:
        return _scored_report(sealed, target)
    today = local_today()
    data = render_pdf("selfcheck.html", report=build_report(sealed.draft, target, self_score.scores), target=target,
                      today=today)
    return pdf_response(data, f"samoocena-{today.isoformat()}.pdf")


@bp.route("/rejestracja", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def register():
    """An NGO account (e-mail and password) to keep drafts privately."""
    if current_user.is_authenticated:
        return redirect(url_for(".drafts" if permissions.can_keep_drafts(current_user) else ".start"))
    register_form = RegisterForm()
    if register_form.validate_on_submit():
        try:
            user = operations.register_ngo(register_form.email.data, register_form.password.data)
        except AccountError:
            db.session.rollback()
            register_form.email.errors.append(_("An account with this e-mail address already exists. Sign in."))
        else:
            db.session.commit()
            sign_in(user)
            flash(_("Your account has been created. Drafts you save are seen only by you."), "success")
            return redirect(url_for(".drafts"))
    return render_template("selfcheck/register.html", form=register_form), 400 if register_form.errors else 200


@bp.get("/szkice")
@login_required
def drafts():
    """The drafts kept in this NGO account."""
    if not permissions.can_keep_drafts(current_user):
        abort(403)
    return render_template("selfcheck/drafts.html", drafts=queries.kept_drafts(current_user),
                           retention=timedelta(days=operations.retention_days()))


@bp.post("/szkice")
@login_required
def save_draft():
    """Keep the draft of the report in this NGO account (a new one, or the one it was opened from)."""
    if not permissions.can_keep_drafts(current_user):
        abort(403)
    sealed, target = _sent_back()
    report_form, self_score = _read_report_form(sealed, target)
    if not self_score.valid:
        return _scored_report(sealed, target)
    try:
        saved = operations.save_draft(current_user, sealed, self_score.scores, report_form.title.data or "")
    except operations.DraftRefused:
        db.session.rollback()
        abort(404)
    db.session.commit()
    flash(_("The draft has been saved in your account."), "success")
    return redirect(url_for(".open_draft", draft_id=saved.id))


@bp.get("/szkice/<int:draft_id>")
@login_required
def open_draft(draft_id: int):
    """A kept draft's report, with the self-score saved with it."""
    kept = _own_draft(draft_id)
    try:
        draft = draft_from_dict(kept.content.get("draft"))
    except ValueError:
        abort(409)
    target = sent_back(kept.rubric_id, kept.rubric_version, kept.competition_id)
    if target is None:
        abort(409, description=_("The criteria this draft was checked against are no longer available."))
    return _report_page(draft, target, scores=scores_from_dict(kept.content.get("scores")), draft_id=kept.id,
                        title=kept.title)


@bp.post("/szkice/<int:draft_id>/usun")
@login_required
def delete_draft(draft_id: int):
    """The owner deletes a kept draft."""
    kept = _own_draft(draft_id)
    operations.delete_draft(current_user, kept)
    db.session.commit()
    flash(_("The draft has been deleted."), "success")
    return redirect(url_for(".drafts"))


@bp.post("/konto/usun")
@login_required
def delete_account():
    """The NGO deletes its account and every draft kept in it."""
    if not permissions.can_keep_drafts(current_user):
        abort(403)
    user = current_user._get_current_object()
    operations.delete_account(user)
    db.session.commit()
    logout_user()
    session.clear()
    flash(_("Your account and all its drafts have been deleted."), "success")
    return redirect(url_for(".start"))


# --- helpers -----------------------------------------------------------------------------------


def _own_draft(draft_id: int) -> SelfCheckDraft:
    """The signed-in NGO's own draft; 403 for other accounts, 404 for anybody else's draft."""
    if not permissions.can_keep_drafts(current_user):
        abort(403)
    kept = db.session.get(SelfCheckDraft, draft_id)
    if kept is None or not permissions.can_view_draft(current_user, kept):
        abort(404)
    return kept


def _base_name(filename: str | None) -> str:
    return (filename or "").replace("\\", "/").rsplit("/", 1)[-1]


def _draft_id(offer_form: OfferDraftForm) -> int | None:
    value = (offer_form.draft_id.data or "").strip()
    return int(value) if value.isdigit() else None


def _sent_back() -> tuple[Sealed, Target]:
    """The draft the report's form sent back, and its target; 400 when it is not ours."""
    try:
        sealed = unseal(request.form.get("payload", ""))
    except PayloadRefused:
        abort(400, description=_("The draft could not be read back. Please check it again from the start."))
    target = sent_back(sealed.rubric_id, sealed.rubric_version, sealed.competition_id)
    if target is None:
        abort(400, description=_("The criteria this draft was checked against are no longer available."))
    return sealed, target


def _read_report_form(sealed: Sealed, target: Target) -> tuple[FlaskForm, SelfScore]:
    context = target.context(sealed.draft.offer)
    report_form = report_form_class(target.rubric, context)()
    form_valid = report_form.validate_on_submit()
    return report_form, read_self_score(report_form, target.rubric, context, form_valid=form_valid)


def _scored_report(sealed: Sealed, target: Target):
    report_form, self_score = _read_report_form(sealed, target)
    if report_form.csrf_token.errors:
        abort(400)
    page = _render_report(sealed.draft, target, report_form, self_score.scores, sealed.draft_id)
    return page, 200 if self_score.valid else 400


def _report_page(draft: Draft, target: Target, *, scores=None, draft_id: int | None = None, title: str = ""):
    context = target.context(draft.offer)
    report_form = report_form_class(target.rubric, context)(formdata=None)
    fill_card(report_form, target.rubric, context, scores or {}, None)
    report_form.title.data = title or draft.filename or (draft.offer.title if draft.offer else "")
    return _render_report(draft, target, report_form, scores or {}, draft_id)


def _render_report(draft: Draft, target: Target, report_form, scores, draft_id: int | None):
    report_form.payload.data = seal(Sealed(draft, target.rubric.id, target.rubric.version,
                                           target.competition.id if target.competition else None, draft_id))
    return render_template("selfcheck/report.html", report=build_report(draft, target, scores), target=target,
                           form=report_form, draft_id=draft_id)


def _form_page(offer_form: OfferDraftForm, target: Target):
    return render_template("selfcheck/form.html", form=offer_form, target=target)


def _upload_page(upload_form: UploadForm, target: Target):
    limit = int(current_app.config.get("CAL_SELFCHECK_MAX_BYTES", DEFAULT_MAX_BYTES))
    return render_template("selfcheck/upload.html", form=upload_form, target=target,
                           max_mb=max(1, limit // (1024 * 1024)))


@bp.app_context_processor
def _selfcheck_helpers():
    from app.offers.check_messages import SEVERITY_NAMES, STATE_NAMES
    from app.reviews.messages import CARD_PROBLEMS

    from . import messages

    return {
        "selfcheck": messages, "selfcheck_state_names": STATE_NAMES, "selfcheck_severity_names": SEVERITY_NAMES,
        "selfcheck_source_names": messages.SOURCE_NAMES, "selfcheck_card_problems": CARD_PROBLEMS,
        **{name: getattr(permissions, name) for name in dir(permissions) if name.startswith("can_")},
    }
