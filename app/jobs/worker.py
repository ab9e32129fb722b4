"""The worker's entry point: `huey_consumer app.jobs.worker.huey` (make run starts one).

The app is built when the consumer asks for ``huey``, not when the module is imported.
"""

from functools import cache


@cache
def _huey():
    from app import create_app
    from app.jobs.queue import queue

    return queue(create_app())


def __getattr__(name: str):
    if name == "huey":
        return _huey()
    raise AttributeError(name)
