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
    """The self-check of a short draft against every published rubric in every language, and a tiny PDF."""
    from flask_babel import force_locale

    from app.exports.pdf import PDF_VARIANTS, html_to_pdf, page_numbers_css
    from app.selfcheck.readers import read_upload
    from app.selfcheck.reports import build_report
    from app.selfcheck.targets import published_rubrics, sent_back

    draft = read_upload(_tiny_docx(), "warm-up.docx")
    targets = [sent_back(rubric.id, rubric.version, None) for rubric in published_rubrics()]
    for locale in app.config["LANGUAGES"]:
        with force_locale(locale):
            page_numbers_css()  # the first gettext in a language reads its catalogue
            for target in targets:
                build_report(draft, target, {})
    # WeasyPrint's fonts (the exports' DejaVu Sans, Polish letters) and its user-agent stylesheet, on a tiny
    # tagged PDF: the report's own layout is the report's cost, not a first-time one.
    paragraphs = "".join(f"<p>{text}</p>" for text in _DRAFT)
    pdf = html_to_pdf(f'<html lang="pl"><body style="font-family: \'DejaVu Sans\'">{paragraphs}</body></html>',
                      PDF_VARIANTS["ua"])
    read_upload(pdf, "warm-up.pdf")  # the PDF reader's own first use


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
        "self-check and a PDF": lambda: _self_check(app),
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
