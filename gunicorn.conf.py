"""gunicorn settings shared by `make run` and the benchmarks (`bench/`)."""

import gc
import sys


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
