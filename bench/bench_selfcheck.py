"""The whole self-check of a 20-page .docx: parse, completeness, budget, evidence, the Model's coverage."""

from __future__ import annotations

import io
import json
import tempfile
from pathlib import Path

import docx

from app.core.offer import offer_from_dict
from app.core.selfcheck import check_draft
from app.core.source_text import word_count
from app.rubrics.loader import load_rubric
from app.selfcheck.element_hints import hints_path, load_element_hints
from app.selfcheck.lemmatizer import simplemma_lemmatizer
from app.selfcheck.readers import read_upload
from app.selfcheck.targets import Target

from . import fresh_server
from .bench_evidence import synthetic_draft
from .harness import Figure, best_of

ROOT = Path(__file__).resolve().parents[1]
RUBRIC = ROOT / "rubrics" / "cal-2021.toml"
BUDGET = ROOT / "tests" / "data" / "drafts" / "budget-errors.json"
HEADINGS = ("1. Tytuł zadania publicznego", "3. Syntetyczny opis zadania", "4. Plan i harmonogram działań na rok 2027",
            "5. Opis zakładanych rezultatów realizacji zadania publicznego",
            "1. Informacja o wcześniejszej działalności oferenta", "2. Zasoby kadrowe, rzeczowe i finansowe oferenta")


def twenty_page_docx() -> bytes:
    """About 10 000 words under the 2018 form's headings, with tables V.A and V.B: a 20-page offer."""
    paragraphs = synthetic_draft().split("\n")
    document = docx.Document()
    step = len(paragraphs) // len(HEADINGS)
    for index, paragraph in enumerate(paragraphs):
        if index % step == 0 and index // step < len(HEADINGS):
            document.add_paragraph(HEADINGS[index // step])
        document.add_paragraph(paragraph)
    offer = offer_from_dict(json.loads(BUDGET.read_text(encoding="utf-8")))
    document.add_paragraph("V.A Zestawienie kosztów realizacji zadania")
    costs = document.add_table(rows=1, cols=6)
    for cell, title in zip(costs.rows[0].cells, ("Lp.", "Rodzaj kosztu", "Rodzaj miary", "Koszt jednostkowy [PLN]",
                                                 "Liczba jednostek", "Wartość [PLN]"), strict=True):
        cell.text = title
    for row in offer.costs:
        for cell, text in zip(costs.add_row().cells, (row.number, row.cost_type, row.unit, str(row.unit_cost),
                                                      str(row.units), str(row.value)), strict=True):
            cell.text = text
    document.add_paragraph("V.B Źródła finansowania kosztów realizacji zadania")
    funding = document.add_table(rows=0, cols=2)
    for label, amount in (("Suma wszystkich kosztów realizacji zadania", offer.funding.total_costs),
                          ("Planowana dotacja w ramach niniejszej oferty", offer.funding.grant)):
        for cell, text in zip(funding.add_row().cells, (label, str(amount)), strict=True):
            cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _request_ms(data: bytes) -> float:
    """The same file through the upload page: the HTTP request up to the rendered report."""
    from app import create_app

    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"TESTING": True, "WTF_CSRF_ENABLED": False, "RUBRICS_DIR": RUBRIC.parent,
                          "SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(folder) / 'bench.sqlite3'}"})
        client = app.test_client()

        def post():
            response = client.post("/samoocena/plik?kryteria=kryteria:cal-wroclaw:2021.1",
                                   data={"document": (io.BytesIO(data), "oferta.docx")})
            assert response.status_code == 200, response.status_code
            response.close()

        post()  # the rubric registry and the lemmatiser's dictionary are loaded once per worker
        return best_of(3, post)


def run() -> list[Figure]:
    rubric_file = load_rubric(RUBRIC, ROOT)
    target = Target(rubric_file.rubric, rubric_file.coverage)
    data = twenty_page_docx()
    simplemma_lemmatizer().lemma("sąsiadami")  # the dictionary is read once per process, measured apart
    hints = load_element_hints(hints_path(RUBRIC.parent, rubric_file.rubric))

    def self_check():
        draft = read_upload(data, "oferta.docx")
        return check_draft(draft, target.rubric, simplemma_lemmatizer(), terms=None, context=target.context(None),
                           elements=target.coverage.elements.elements, coverage=target.coverage.matrix,
                           element_hints=hints)

    fresh = _fresh_server_figures(data)
    elapsed = best_of(3, self_check)
    report = self_check()
    words = sum(word_count(p.text) for p in report.draft.text_parts)
    return [
        Figure(f"self-check of a 20-page .docx ({len(data) // 1024} KiB, {words} words): parse, completeness, "
               f"budget ({len(report.issues)} issues), evidence, coverage ({report.elements_addressed} elements)",
               elapsed, "ms", 2000, "issue 7"),
        Figure("the same .docx through the upload page, up to the rendered report", _request_ms(data), "ms", 3000,
               "own"),
        *fresh,
    ]


def _fresh_server_figures(data: bytes, count: int = 3) -> list[Figure]:
    """The first report and PDF of a freshly started gunicorn, warmed up in its master vs not (issue #17)."""
    measured = fresh_server.rounds(data, count)
    warm, cold = measured[True], measured[False]
    loads = "–".join(f"{load:.1f}" for load in (min(r.load for r in warm + cold), max(r.load for r in warm + cold)))
    med = fresh_server.median
    mem = fresh_server.memory_median
    scale = f"medians of {count} fresh servers each, load {loads}"
    return [
        Figure(f"first self-check report on a fresh server, 2 workers, wall ({scale}; next report "
               f"{med(warm, 'next_report_ms'):.0f} ms; without the warm-up {med(cold, 'first_report_ms'):.0f} ms)",
               med(warm, "first_report_ms"), "ms", 500, "issue #17"),
        Figure(f"the same, the workers' CPU time (next report {med(warm, 'next_report_cpu_ms'):.0f} ms; without the "
               f"warm-up {med(cold, 'first_report_cpu_ms'):.0f} ms)", med(warm, "first_report_cpu_ms"), "ms", 500,
               "own: issue #17's 0.5 s, CPU only"),
        Figure(f"first self-check PDF on a fresh server: {med(warm, 'first_pdf_ms'):.0f} ms ÷ next PDF "
               f"{med(warm, 'next_pdf_ms'):.0f} ms (without the warm-up: first {med(cold, 'first_pdf_ms'):.0f} ms)",
               med(warm, "first_pdf_ms") / med(warm, "next_pdf_ms"), "×", 1.25, "own"),
        Figure(f"server start up to its Ready line: {med(warm, 'start_s'):.1f} s warmed up, "
               f"{med(cold, 'start_s'):.1f} s without; the difference", med(warm, "start_s") - med(cold, "start_s"),
               "s", 5, "issue #17 accepts a 4–5 s start"),
        Figure(f"the master's CPU time up to Ready: {med(warm, 'start_cpu_s'):.1f} s warmed up, "
               f"{med(cold, 'start_cpu_s'):.1f} s without; the difference",
               med(warm, "start_cpu_s") - med(cold, "start_cpu_s"), "s", 5, "issue #17 accepts a 4–5 s start"),
        Figure(f"worker RSS / PSS before the first request, MB: warmed {mem(warm, 'memory_before', 0):.0f} / "
               f"{mem(warm, 'memory_before', 1):.0f}, not warmed {mem(cold, 'memory_before', 0):.0f} / "
               f"{mem(cold, 'memory_before', 1):.0f}; PSS warmed", mem(warm, "memory_before", 1), "MB", 150, "own"),
        Figure(f"worker RSS / PSS after a report and a PDF, MB: warmed {mem(warm, 'memory_after', 0):.0f} / "
               f"{mem(warm, 'memory_after', 1):.0f}, not warmed {mem(cold, 'memory_after', 0):.0f} / "
               f"{mem(cold, 'memory_after', 1):.0f}; PSS warmed", mem(warm, "memory_after", 1), "MB", 150,
               "own: issue #17 saw 105 MB"),
    ]
