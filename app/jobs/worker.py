"""The worker's entry point: `huey_consumer app.jobs.worker.huey` (make run starts one)."""

from app import create_app
from app.jobs.queue import queue

app = create_app()
huey = queue(app)
