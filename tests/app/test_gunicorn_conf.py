"""`make run` ends with a line that says where the app is and, with the demo, how to sign in."""

import importlib.util
from types import SimpleNamespace

import pytest

from tests.conftest import REPO


@pytest.fixture(scope="module")
def conf():
    spec = importlib.util.spec_from_file_location("gunicorn_conf", REPO / "gunicorn.conf.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def worker(app, age, workers=2, address="http://127.0.0.1:5000"):
    return SimpleNamespace(age=age, cfg=SimpleNamespace(workers=workers), sockets=[address], wsgi=app)


def test_the_last_first_worker_prints_the_address_and_the_demo_password(conf, app, db_session, rubrics_dir,
                                                                         capsys, monkeypatch):
    monkeypatch.setattr(conf.gc, "freeze", lambda: None)
    conf.post_worker_init(worker(app, 2))
    assert capsys.readouterr().err.strip().splitlines()[-1] == "Ready: open http://127.0.0.1:5000 in a browser"

    rubrics_dir(REPO / "rubrics", REPO)
    assert app.test_cli_runner().invoke(args=["demo", "load"]).exit_code == 0
    conf.post_worker_init(worker(app, 1))  # not the last to start: says nothing
    assert capsys.readouterr().err == ""
    conf.post_worker_init(worker(app, 2))
    assert capsys.readouterr().err.strip().splitlines()[-1] == (
        "Ready: open http://127.0.0.1:5000 in a browser — demo accounts (e.g. sekretarz@example.org) use the "
        "password demo-CAL-2027")
    conf.post_worker_init(worker(app, 3))  # a worker restarted later does not repeat it
    assert capsys.readouterr().err == ""


def test_the_app_is_loaded_in_the_master_unless_told_not_to(conf, monkeypatch):
    assert conf.preload_app is True
    monkeypatch.setenv("CAL_PRELOAD", "0")
    spec = importlib.util.spec_from_file_location("gunicorn_conf_no_preload", REPO / "gunicorn.conf.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.preload_app is False
    server = SimpleNamespace(cfg=SimpleNamespace(preload_app=False))
    module.when_ready(server)  # nothing to warm up: each worker loads the app itself
    module.post_fork(server, None)


def test_another_app_on_this_config_is_neither_warmed_up_nor_given_the_apps_after_fork(conf, app):
    """The benchmarks' bare baselines (bench/bare) are served with this file too: nothing of the CAL app's
    warm-up or after-fork work may run for them (it failed their workers' boot once)."""
    from flask import Flask

    def server(wsgi):
        return SimpleNamespace(cfg=SimpleNamespace(preload_app=True), app=SimpleNamespace(wsgi=lambda: wsgi))

    bare = server(Flask("bench.bare.scoring_page"))
    assert not conf.serves_cal(bare) and conf.serves_cal(server(app))
    conf.when_ready(bare)
    conf.post_fork(bare, None)  # the CAL app's after_fork would raise: this app has no Flask-SQLAlchemy


def test_the_message_without_the_demo_or_a_database(conf):
    assert conf.ready_message(["http://0.0.0.0:8000"], None) == "Ready: open http://0.0.0.0:8000 in a browser"
    assert conf.demo_password(object()) is None  # not a Flask app: no guess


def test_a_real_gunicorn_binds_then_prints_the_line_last(tmp_path):
    import os
    import socket
    import subprocess
    import sys
    import time

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}", "CAL_INSTANCE_PATH": str(tmp_path)}
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py", "--workers", "2", "--bind",
         f"127.0.0.1:{port}", "app:create_app()"], cwd=REPO, env=env, stderr=subprocess.PIPE, text=True)
    try:
        lines = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            line = process.stderr.readline()
            lines.append(line.rstrip())
            if line.startswith("Ready:"):
                break
        assert lines[-1] == f"Ready: open http://127.0.0.1:{port} in a browser", lines
        assert sum("Booting worker" in line for line in lines) == 2
        # Warmed up once, in the master, before the first worker was forked; no step failed.
        warmed = [i for i, line in enumerate(lines) if "Warmed up: lemmatiser" in line]
        booting = [i for i, line in enumerate(lines) if "Booting worker" in line]
        assert len(warmed) == 1 and warmed[0] < booting[0], lines
        assert not any("warm-up step" in line for line in lines), lines
        with socket.create_connection(("127.0.0.1", port), timeout=5):
            pass  # bound and accepting when the line is printed
    finally:
        process.terminate()
        process.wait(timeout=30)
        process.stderr.close()
