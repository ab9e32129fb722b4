"""Lay out many PDFs of a job on every core: the job reads the database, worker processes only render.

A document is data (a frozen dataclass, STYLE.md), so it is built in the job's process from the
database and sent to a worker process, which renders its template to PDF and sends the bytes back; the
workers never open a database connection. At most a few documents are in flight at once, and the job
writes each PDF into the zip as it comes back (in order) and drops it, so memory does not grow with the
number of documents. Workers are forked from the job's process (the app is already loaded there):
on Linux that costs milliseconds and shares the loaded code's memory.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass

from flask import Flask, current_app
from flask_babel import force_locale

from app.exports.archive import ArchivePart

IN_FLIGHT_PER_PROCESS = 2
# Each worker's memory creeps up as it lays out documents (measured: about 0.13 MiB an offer, WeasyPrint's
# and Pango's caches), so the workers are forked afresh for every TASKS_PER_POOL documents: the memory of
# a job then does not grow with the number of offers.
TASKS_PER_POOL = 100
_worker_app: Flask | None = None


@dataclass(frozen=True)
class PdfTask:
    """A PDF to make: its name in the zip, its template in templates/exports/, its document and variant."""

    name: str
    template: str
    doc: object
    pdf_variant: str | None
    locale: str


def job_processes(app: Flask) -> int:
    """How many processes render a job's PDFs: CAL_JOB_PROCESSES, else one per core (1 renders in-process)."""
    configured = app.config.get("JOB_PROCESSES")
    return max(1, int(configured)) if configured else max(1, len(os.sched_getaffinity(0)))


def render_task(app: Flask, task: PdfTask) -> ArchivePart:
    """Render one task in this process."""
    from app.exports.pdf import render_pdf  # WeasyPrint is loaded only where a PDF is made

    with app.test_request_context(), force_locale(task.locale):
        return ArchivePart(task.name, render_pdf(task.template, pdf_variant=task.pdf_variant, doc=task.doc))


def _start_worker(app: Flask) -> None:
    global _worker_app
    _worker_app = app


def _render_in_worker(task: PdfTask) -> ArchivePart:
    return render_task(_worker_app, task)


def render_all(tasks: Iterable[PdfTask], processes: int | None = None) -> Iterator[ArchivePart]:
    """The PDFs of the tasks, in the tasks' order, rendered by ``processes`` worker processes."""
    app = current_app._get_current_object()
    processes = processes or job_processes(app)
    if processes == 1:
        yield from (render_task(app, task) for task in tasks)
        return
    from app.exports import pdf

    pdf._static_files_fetcher()  # WeasyPrint loaded once here, shared by every forked worker
    remaining = iter(tasks)
    while (first := next(remaining, None)) is not None:
        batch = itertools.chain([first], itertools.islice(remaining, TASKS_PER_POOL - 1))
        yield from _render_batch(app, batch, processes)


def _render_batch(app: Flask, tasks: Iterable[PdfTask], processes: int) -> Iterator[ArchivePart]:
    pending: deque[Future] = deque()
    with ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("fork"),
                             initializer=_start_worker, initargs=(app,)) as pool:
        for task in tasks:  # the job's process reads the next document while the workers render
            pending.append(pool.submit(_render_in_worker, task))
            if len(pending) >= processes * IN_FLIGHT_PER_PROCESS:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
