"""One score card as PDF against raw WeasyPrint on the same HTML (same pdf_variant, tags), 1,000 × 3 × 25.

Seeds 1,000 offers × 3 members × 25 criteria on SQLite, then, in interleaved rounds, times
- ours: reading the card (``card_with_scores``), building its dataclass, rendering the template and
  laying it out (``render_pdf``), i.e. everything a download does but the HTTP round trip;
- raw: ``HTML(string=html).write_pdf(pdf_variant=…, pdf_tags=True)`` on the HTML ours produced.
The ratio of the medians is the figure (target from issue #12), for the reading (PDF/UA-1) and the
archival (PDF/A-3a) variants.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

from weasyprint import HTML

from .bench_committee import bench_rubric, seed
from .harness import Figure

ROUNDS = 15
TARGET = 1.25


def _ms(work) -> float:
    start = time.perf_counter()
    work()
    return (time.perf_counter() - start) * 1000


def run() -> list[Figure]:
    os.environ.setdefault("SECRET_KEY", "bench-secret")
    from app import create_app
    from app.exports.pdf import PDF_VARIANTS, render_html, render_pdf
    from app.exports.score_card import score_card_document
    from app.offers.views import rubric_for
    from app.reviews.queries import card_with_scores

    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        rubrics = tmp / "rubrics"
        rubrics.mkdir()
        bench_rubric(rubrics)
        url = f"sqlite:///{tmp / 'bench.sqlite3'}"
        seed(url, rubrics, 1000)
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "RUBRICS_DIR": rubrics, "REPOSITORY_ROOT": rubrics})
        figures = []
        with app.test_request_context("/"):
            for name, variant in (("PDF/UA-1", PDF_VARIANTS["ua"]), ("PDF/A-3a", PDF_VARIANTS["archival"])):

                def ours(variant=variant):
                    card = card_with_scores(1500)
                    doc = score_card_document(card, rubric_for(card.offer.competition), "pl")
                    return render_pdf("score_card.html", pdf_variant=variant, doc=doc)

                card = card_with_scores(1500)
                html = render_html("score_card.html", doc=score_card_document(
                    card, rubric_for(card.offer.competition), "pl"))
                ours()  # warm up: templates compiled, fonts loaded
                HTML(string=html).write_pdf(pdf_variant=variant, pdf_tags=True)
                ours_ms, raw_ms = [], []
                for _ in range(ROUNDS):  # interleaved, so a slow moment of the VM hits both
                    ours_ms.append(_ms(ours))
                    raw_ms.append(_ms(lambda html=html, variant=variant: HTML(string=html).write_pdf(
                        pdf_variant=variant, pdf_tags=True)))
                ours_median, raw_median = statistics.median(ours_ms), statistics.median(raw_ms)
                figures.append(Figure(f"score card {name}: ours ÷ raw WeasyPrint (medians of {ROUNDS})",
                                      ours_median / raw_median, "×", TARGET, "issue #12"))
                figures.append(Figure(f"score card {name}: ours, median (raw: {raw_median:.0f} ms)",
                                      ours_median, "ms", 2000, "own"))
        return figures
