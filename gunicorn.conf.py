"""gunicorn settings shared by `make run` and the benchmarks (`bench/`)."""

import gc
import os
import sys

# The app is loaded once in the master and warmed up there (when_ready): the workers are forked from it and
# share the lemmatiser's dictionary, the rubrics, WeasyPrint's fonts and the compiled templates, so a fresh
# worker's first self-check report no longer waits seconds for them (bench/bench_selfcheck.py).
# CAL_PRELOAD=0 serves as before (each worker loads the app itself): for measuring, or to debug a reload.
preload_app = os.environ.get("CAL_PRELOAD", "1") != "0"


def ready_message(addresses: list[str], demo_password: str | None) -> str:
    """The line `make run` ends with: where to open the app and, with the demo loaded, how to sign in."""
    line = f"Ready: open {', '.join(addresses)} in a browser"
    if demo_password:
        line += f" — demo accounts (e.g. sekretarz@example.org) use the password {demo_password}"
    return line


def demo_password(app) -> str | None:
    """The demo password when the demo's accounts are in the database; None otherwise or if it cannot tell."""
    try:
        from app.demo.loader import DEMO_PASSWORD, is_loaded
        from app.extensions import db

        with app.app_context():
            try:
                return DEMO_PASSWORD if is_loaded() else None
            finally:
                db.session.remove()
    except Exception:  # a start-up message must never stop the server
        return None


def serves_cal(server) -> bool:
    """True when the preloaded app is this project's (the benchmarks' bare baselines use this file too)."""
    return server.cfg.preload_app and getattr(server.app.wsgi(), "import_name", None) == "app"


def when_ready(server):
    """The master has loaded the app and bound its sockets: warm it up before the first worker is forked."""
    if not serves_cal(server):
        return
    from app.warmup import warm_up

    seconds = warm_up(server.app.wsgi())
    server.log.info("Warmed up: %s", ", ".join(f"{step} {took:.1f} s" for step, took in seconds.items()))


def post_fork(server, worker):
    """A worker forked from the warmed-up master: its own database connections, job queue handle, limits."""
    if serves_cal(server):
        from app.warmup import after_fork

        after_fork(server.app.wsgi())  # the preloaded app, as the worker will serve it


def post_worker_init(worker):
    """The app is loaded: freeze what exists now (modules, SQLAlchemy mappers, translations, rubrics),
    so that the garbage collector stops re-scanning it during every request and only looks at what
    requests create. Measured in bench_committee: about a tenth less CPU per card save.

    The last of the first workers to start then says where the app is: after the sockets are bound and
    after gunicorn's own "Booting worker" lines, so it is the last line a newcomer sees."""
    gc.freeze()
    if worker.age == worker.cfg.workers:
        addresses = [str(listener) for listener in worker.sockets]
        print(ready_message(addresses, demo_password(worker.wsgi)), file=sys.stderr, flush=True)
