"""Load once, before gunicorn forks its workers, what the first request of each worker would load.

Measured (bench/bench_selfcheck.py): without it, the first self-check report of a fresh worker took
2.4–3.1 s, most of it simplemma building its Polish index (3.68 million records) on the first lemma.
Loaded in gunicorn's master (``preload_app`` and ``when_ready`` in gunicorn.conf.py), the workers share
these pages copy-on-write instead of each building its own copy. ``after_fork`` then gives each worker
what must not be shared: database connections, the job queue's handle, the rate limiter's memory.
"""

from __future__ import annotations

import io
import logging
import time
from collections.abc import Callable

from flask import Flask

log = logging.getLogger(__name__)

# A few sentences under the offer form's headings: enough for the reader, the lemmatiser and every section
# of the report to run (budget, evidence, coverage), not meant to pass.
_DRAFT = ("1. Tytuł zadania publicznego", "Centrum Aktywności Lokalnej na osiedlu",
          "3. Syntetyczny opis zadania", "Spotkania sąsiedzkie z mieszkańcami, radą osiedla i MOPS-em.",
          "5. Opis zakładanych rezultatów realizacji zadania publicznego", "Liczba uczestników: 120 osób.")


def _tiny_docx() -> bytes:
    import docx

    document = docx.Document()
    for text in _DRAFT:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _lemmatiser() -> None:
    from app.selfcheck.reports import shared_lemmatizer

    shared_lemmatizer().lemma("sąsiadami")  # the first lemma reads simplemma's whole Polish dictionary


def _self_check(app: Flask) -> None:
    """The self-check of a short draft against every published rubric in every language, and one PDF of it."""
    from flask_babel import force_locale

    from app.exports.pdf import page_numbers_css, render_pdf
    from app.i18n import local_today
    from app.selfcheck.readers import read_upload
    from app.selfcheck.reports import build_report
    from app.selfcheck.targets import published_rubrics, sent_back

    draft = read_upload(_tiny_docx(), "warm-up.docx")
    targets = [sent_back(rubric.id, rubric.version, None) for rubric in published_rubrics()]
    reports = []
    for locale in app.config["LANGUAGES"]:
        with force_locale(locale):
            page_numbers_css()  # the first gettext in a language reads its catalogue
            reports += [(build_report(draft, target, {}), target) for target in targets]
    if reports:
        # WeasyPrint's fonts, its user-agent stylesheet and the exports' CSS, laid out once (≈1.5 s: once is
        # enough, the rest of a PDF's time is its own layout).
        report, target = reports[0]
        pdf = render_pdf("selfcheck.html", report=report, target=target, today=local_today())
        read_upload(_first_page(pdf), "warm-up.pdf")  # the PDF reader's own first use


def _first_page(pdf: bytes) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.add_page(PdfReader(io.BytesIO(pdf)).pages[0])
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _templates(app: Flask) -> None:
    """Every page and document template compiled (Jinja keeps them in its cache)."""
    for name in app.jinja_env.list_templates(extensions=("html",)):
        app.jinja_env.get_template(name)


def warm_up(app: Flask) -> dict[str, float]:
    """Load the lemmatiser's dictionary, the rubrics, WeasyPrint, the catalogues and templates; seconds per step.

    A step that fails is logged and skipped: a warm-up must never stop the server (e.g. before `db upgrade`).
    """
    steps: dict[str, Callable[[], None]] = {
        "lemmatiser": _lemmatiser,
        "self-check and its PDF": lambda: _self_check(app),
        "templates": lambda: _templates(app),
    }
    seconds = {}
    with app.test_request_context("/"):
        for name, step in steps.items():
            start = time.perf_counter()
            try:
                step()
            except Exception:  # logged; the first request will load it instead
                log.exception("warm-up step %r failed", name)
            seconds[name] = time.perf_counter() - start
        _release_connections(app)
    return seconds


def _release_connections(app: Flask) -> None:
    from app.extensions import db

    db.session.remove()


def after_fork(app: Flask) -> None:
    """In a worker just forked from a warmed-up master: its own connections, queue handle and limiter memory."""
    from limits.storage import MemoryStorage

    from app.extensions import db, limiter
    from app.jobs.queue import EXTENSION_KEY

    with app.app_context():
        for engine in db.engines.values():
            # The master's pooled connections stay open for the master; the worker opens its own.
            engine.dispose(close=False)
    app.extensions.pop(EXTENSION_KEY, None)  # Huey's storage connection is made again on first use
    storage = limiter.storage if limiter.enabled else None
    if isinstance(storage, MemoryStorage):
        storage.reset()  # fresh counters and locks (a lock held at fork would stay held in the child)
    # `random` reseeds itself in a forked child (os.register_at_fork); tokens come from `secrets`.
