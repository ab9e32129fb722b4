"""Every PDF the app makes against raw WeasyPrint on the same HTML (same pdf_variant, tags).

Seeds calls on SQLite with 3 members × 25 criteria (cards submitted, one offer rejected and one to be
supplemented at the formal stage): 1,000 offers, the stress size of the committee issue, for the score
card and the offer's documents; 50 offers, a large real call, for every document (the protocol of
1,000 offers is 5 MB and takes WeasyPrint about 4 minutes to lay out, too long for rounds). Then, for each
document, in interleaved rounds, times
- ours: the app's whole path but the HTTP round trip: reading its data through the same query functions
  as the download view, building the document's dataclass, rendering the template and laying it out
  (``render_pdf``); for the self-check, reading the uploaded 20-page .docx and checking it;
- raw: ``HTML(string=html).write_pdf(pdf_variant=…, pdf_tags=True)`` on the HTML ours produced.
The ratio of the medians of the process's CPU time is the figure (target ≤ 1.25× from issues #12 and #17),
for the reading (PDF/UA-1) and the archival (PDF/A-3a) variants; the ratio of wall times and the load
average are printed beside it. Both sides run in this one process: at a load average of 10–15 on 2 cores
the process got a sixth of a core at times, and wall times of the same work moved threefold, CPU times
far less (though by a fifth still: read a single figure near 1.25× as a tie). After each document's warm-up the
process's objects are frozen out of the garbage collector, as in a gunicorn worker (gunicorn.conf.py).
"""

from __future__ import annotations

import gc
import os
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import sqlalchemy as sa
from weasyprint import HTML

from .committee_load import bench_rubric, seed
from .harness import Figure

TARGET = 1.25
VARIANTS = (("PDF/UA-1", "ua"), ("PDF/A-3a", "archival"))
SIZES = (1000, 50)  # offers in the measured calls


@dataclass(frozen=True)
class Document:
    """One PDF: its template, how the app gathers its context, and how many rounds its size allows."""

    name: str
    template: str
    context: Callable[[], dict]
    rounds: int


def _ms(work) -> tuple[float, float]:
    """(wall ms, this process's CPU ms) of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def _finish_the_seed(url: str, offers: int) -> None:
    """Cards submitted with varied points; the formal stage's letters need a rejected and a pending offer."""
    engine = sa.create_engine(url)
    rejected, to_supplement = offers - 1, offers
    now = datetime.now(UTC)
    with engine.begin() as c:
        c.execute(sa.text("UPDATE score_cards SET status = 'submitted', submitted_at = :now"), {"now": now})
        c.execute(sa.text("UPDATE scores SET points = (card_id * 7 + CAST(substr(criterion_id, 2) AS INTEGER)) % 5"))
        c.execute(sa.text("UPDATE offers SET formal_status = 'rejected' WHERE id = :id"), {"id": rejected})
        c.execute(sa.text("UPDATE offers SET formal_status = 'to_supplement' WHERE id = :id"), {"id": to_supplement})
        c.execute(sa.text("INSERT INTO formal_checks (offer_id, answers, outcome, reason, supplement_by, "
                          "checked_by_id, checked_at) VALUES (:offer, '{}', :outcome, :reason, :by, 1, :now)"), [
            {"offer": rejected, "outcome": "rejected", "reason": "Statut nie obejmuje zadania publicznego.",
             "by": None, "now": now},
            {"offer": to_supplement, "outcome": "to_supplement", "reason": "Brak aktualnego odpisu z KRS.",
             "by": date(2027, 1, 15), "now": now}])
    engine.dispose()


def documents(offers: int) -> list[Document]:
    """Every document of the reports issue, the score card and the self-check, as their views gather them.

    At 1,000 offers only the score card and the offer's documents (with fewer rounds: their data is the
    whole call's ranking)."""
    from app.competitions.models import Competition
    from app.exports.formal_letters import formal_letter_document
    from app.exports.offer_summary import offer_summary_document
    from app.exports.protocol import protocol_document
    from app.exports.reasons import reasons_document
    from app.exports.results_list import results_list_document
    from app.exports.score_card import score_card_document
    from app.extensions import db
    from app.i18n import local_today
    from app.offers.models import Offer
    from app.offers.views import rubric_for
    from app.reviews.queries import card_with_scores, competition_results
    from app.selfcheck.readers import read_upload
    from app.selfcheck.reports import build_report
    from app.selfcheck.targets import sent_back

    from .bench_selfcheck import twenty_page_docx

    def call(cards_for=None):
        competition = db.session.get(Competition, 1)
        rubric = rubric_for(competition)
        return competition, rubric, competition_results(competition, rubric, cards_for=cards_for)

    def offer_context(build):
        def context():  # as the download view reads it: the ranking, and this offer's cards
            offer = db.session.get(Offer, offers // 2)
            _competition, rubric, results = call({offer.id})
            return {"doc": build(offer, rubric, results, "pl")}
        return context

    def card():
        found = card_with_scores(offers + offers // 2)
        return {"doc": score_card_document(found, rubric_for(found.offer.competition), "pl")}

    docx = twenty_page_docx()

    def self_check():
        target = sent_back("cal-wroclaw", "2021.1", None)
        report = build_report(read_upload(docx, "oferta.docx"), target, {})
        return {"report": report, "target": target, "today": local_today()}

    if offers > 100:
        return [Document("score card (Karta oceny)", "score_card.html", card, 9),
                Document("offer summary (Zestawienie oceny oferty)", "offer_summary.html",
                         offer_context(offer_summary_document), 3),
                Document("reasons letter (Uzasadnienie)", "reasons.html", offer_context(reasons_document), 3)]
    return [
        Document("score card (Karta oceny)", "score_card.html", card, 9),
        Document("offer summary (Zestawienie oceny oferty)", "offer_summary.html",
                 offer_context(offer_summary_document), 7),
        Document("reasons letter (Uzasadnienie)", "reasons.html", offer_context(reasons_document), 7),
        Document("formal letter, rejection", "formal_letter.html",
                 lambda: {"doc": formal_letter_document(db.session.get(Offer, offers - 1), "pl")}, 9),
        Document("formal letter, call to supplement", "formal_letter.html",
                 lambda: {"doc": formal_letter_document(db.session.get(Offer, offers), "pl")}, 9),
        Document("results list (Lista wyników)", "results_list.html",
                 lambda: {"doc": results_list_document(*call(())[::2])}, 7),
        Document("protocol (Protokół)", "protocol.html", lambda: {"doc": protocol_document(*call()[::2])}, 3),
        Document("self-check report of a 20-page .docx (no call)", "selfcheck.html", self_check, 5),
    ]


def measure(document: Document, variant: str) -> dict[str, float]:
    """Medians of interleaved rounds, wall and CPU, ours and raw; and the load average at the end."""
    from app.exports.pdf import render_html, render_pdf
    from app.extensions import db

    def ours():
        try:
            return render_pdf(document.template, pdf_variant=variant, **document.context())
        finally:
            db.session.remove()  # each download reads afresh, as a new request does

    html = render_html(document.template, **document.context())

    def raw():
        return HTML(string=html).write_pdf(pdf_variant=variant, pdf_tags=True)

    assert ours().startswith(b"%PDF") and raw().startswith(b"%PDF")  # warm up: templates, fonts
    # As gunicorn.conf.py does in each worker (and bench_results here): what is loaded stays out of the
    # collector's way. Unfrozen, a full collection walks WeasyPrint's and the seed's objects, 0.1 s at a
    # time, once in two or three layouts; which side of a round it fell on decided a median of three.
    gc.collect()
    gc.freeze()
    ours_ms, raw_ms = [], []
    for _ in range(document.rounds):  # interleaved, so a slow moment of the VM hits both
        ours_ms.append(_ms(ours))
        raw_ms.append(_ms(raw))
    return {"ours": statistics.median(w for w, _ in ours_ms), "raw": statistics.median(w for w, _ in raw_ms),
            "ours_cpu": statistics.median(c for _, c in ours_ms), "raw_cpu": statistics.median(c for _, c in raw_ms),
            "load": os.getloadavg()[0]}


def run() -> list[Figure]:
    return list(figures())


def figures():
    """Each document's figures as they are measured."""
    os.environ.setdefault("SECRET_KEY", "bench-secret")
    from app import create_app
    from app.exports.pdf import PDF_VARIANTS

    root = Path(__file__).resolve().parents[1]
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        rubrics = tmp / "rubrics"
        rubrics.mkdir()
        bench_rubric(rubrics)
        for published in (root / "rubrics").glob("*.toml"):  # the self-check's rubric, with its Model files
            (rubrics / published.name).write_bytes(published.read_bytes())
        shutil.copytree(root / "rubrics" / "sources", rubrics / "sources")
        for offers in SIZES:
            url = f"sqlite:///{tmp / f'bench-{offers}.sqlite3'}"
            seed(url, rubrics, offers)
            _finish_the_seed(url, offers)
            app = create_app({"SQLALCHEMY_DATABASE_URI": url, "RUBRICS_DIR": rubrics, "REPOSITORY_ROOT": rubrics})
            with app.test_request_context("/"):
                for document in documents(offers):
                    for name, key in VARIANTS:
                        m = measure(document, PDF_VARIANTS[key])
                        yield Figure(
                            f"{offers} offers: {document.name} {name}: CPU ours {m['ours_cpu']:.0f} ms ÷ raw "
                            f"WeasyPrint {m['raw_cpu']:.0f} ms; wall {m['ours']:.0f} ÷ {m['raw']:.0f} ms = "
                            f"{m['ours'] / m['raw']:.2f}× (medians of {document.rounds}, load {m['load']:.1f})",
                            m["ours_cpu"] / m["raw_cpu"], "×", TARGET, "issues #12, #17")

if __name__ == "__main__":
    for figure in figures():
        print(figure.line(), flush=True)
