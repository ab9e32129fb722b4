"""The real queue, not a mock: a `huey_consumer` process runs the job, on SQLite storage and on Redis.

These tests commit for real (the worker is another process), so they use a database of their own.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
import zipfile
from decimal import Decimal
from urllib.parse import quote

import flask_migrate
import pytest
import redis
import sqlalchemy as sa

from app import create_app
from app.auth.models import User
from app.competitions.models import Competition, Membership
from app.extensions import db
from app.jobs.models import BackgroundJob
from app.rubrics.registry import registry
from tests.conftest import DATA, POSTGRES_SCHEMA, REPO, backend_config, csrf_token, missing, post, postgres_url
from tests.factories import TEST_PASSWORD, _test_password_hash

JOBS_SCHEMA = POSTGRES_SCHEMA + "_jobs"
WAIT_SECONDS = 60


@pytest.fixture(params=["sqlite-storage", "redis"])
def jobs_url(request, tmp_path) -> str:
    if request.param == "redis":
        url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
        try:
            redis.Redis.from_url(url, socket_connect_timeout=2).ping()
        except redis.exceptions.ConnectionError as error:
            missing(f"REDIS UNREACHABLE at {url}: {error}")
        return url
    return f"sqlite:///{tmp_path / 'jobs.sqlite3'}"


@pytest.fixture
def committed(backend, tmp_path, jobs_url):
    """An app on its own database, and the same settings as environment variables for the worker."""
    config = backend_config(backend, tmp_path, JOBS_SCHEMA)
    worker_database = config["SQLALCHEMY_DATABASE_URI"]
    if backend == "postgresql":
        admin = sa.create_engine(postgres_url())
        with admin.begin() as connection:
            connection.execute(sa.text(f"DROP SCHEMA IF EXISTS {JOBS_SCHEMA} CASCADE"))
            connection.execute(sa.text(f"CREATE SCHEMA {JOBS_SCHEMA}"))
        separator = "&" if "?" in worker_database else "?"
        worker_database += f"{separator}options={quote(f'-csearch_path={JOBS_SCHEMA}')}"
    queue_name = f"cal-test-{uuid.uuid4().hex}"
    settings = {"JOBS_URL": jobs_url, "JOBS_QUEUE": queue_name, "EXPORTS_DIR": tmp_path / "exports",
                "RUBRICS_DIR": DATA}
    app = create_app({"TESTING": True, "RATELIMIT_ENABLED": False, **settings, **config})
    with app.app_context():
        flask_migrate.upgrade()
    environment = {**os.environ, "DATABASE_URL": worker_database, "CAL_JOBS_URL": jobs_url,
                   "CAL_JOBS_QUEUE": queue_name, "CAL_EXPORTS_DIR": str(tmp_path / "exports"),
                   "CAL_RUBRICS_DIR": str(DATA), "CAL_INSTANCE_PATH": str(tmp_path / "instance"),
                   "SECRET_KEY": app.config["SECRET_KEY"]}
    yield app, environment
    with app.app_context():
        db.engine.dispose()
    if backend == "postgresql":
        with admin.begin() as connection:
            connection.execute(sa.text(f"DROP SCHEMA {JOBS_SCHEMA} CASCADE"))
        admin.dispose()


def closed_call(app) -> tuple[int, str]:
    with app.app_context():
        rubric = registry().get("mini", "1.0")
        competition = Competition(reference="ARCH/2027", title="Konkurs do archiwum", rubric_id="mini",
                                  rubric_version="1.0", rubric_hash=rubric.content_hash, budget=Decimal(1000),
                                  status="closed")
        secretary = User(email="sekretarz@example.org", display_name="Sekretarz", password_hash=_test_password_hash())
        db.session.add_all([competition, secretary])
        db.session.flush()
        db.session.add(Membership(competition_id=competition.id, user_id=secretary.id, role="secretary"))
        db.session.commit()
        return competition.id, secretary.email


def wait_for(app, job_id: str) -> BackgroundJob:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        with app.app_context():
            job = db.session.get(BackgroundJob, job_id)
            if job.is_finished:
                db.session.expunge(job)
                return job
        time.sleep(0.2)
    pytest.fail(f"the worker did not finish the job within {WAIT_SECONDS} s")


def start_worker(environment: dict) -> subprocess.Popen:
    """A `huey_consumer` process, as `make run` starts one, polling often (its output kept for the test)."""
    return subprocess.Popen(
        [sys.executable, "-m", "huey.bin.huey_consumer", "app.jobs.worker.huey", "--workers", "1",
         "--delay", "0.1", "--max-delay", "0.5", "--disable-health-check"],
        cwd=REPO, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def test_a_worker_process_builds_the_archive_and_it_verifies(committed, tmp_path):
    app, environment = committed
    competition_id, secretary = closed_call(app)
    worker = start_worker(environment)
    try:
        client = app.test_client()
        client.post("/logowanie", data={"email": secretary, "password": TEST_PASSWORD,
                                        "csrf_token": csrf_token(client, "/logowanie")})
        location = post(client, f"/konkursy/{competition_id}/eksporty/nowy", {"kind": "archive"}).headers["Location"]
        job = wait_for(app, location.rsplit("/", 1)[1])
        assert job.status == "done", job.error
        assert "Plik jest gotowy." in client.get(location).get_data(as_text=True)
        download = client.get(location + "/plik")
        archive_path = tmp_path / "archiwum.zip"
        archive_path.write_bytes(download.get_data())
        download.close()
    finally:
        worker.send_signal(signal.SIGINT)
        output = worker.communicate(timeout=30)[0]
    assert "Traceback" not in output, output
    runner = app.test_cli_runner()
    result = runner.invoke(args=["archive", "verify", str(archive_path)])
    assert result.exit_code == 0, result.output
    # the protocol and its public copy, the results list, the workbook, the rubric file and the log; the log
    # holds the job's start (the download came after the archive)
    assert result.output == "OK: files 6, audit rows 1\n"
    with zipfile.ZipFile(archive_path, "a") as archive:
        archive.writestr("dopisany.pdf", b"%PDF")
    result = runner.invoke(args=["archive", "verify", str(archive_path)])
    assert result.exit_code == 1
    assert "dopisany.pdf: in the archive but not in the manifest" in result.output


def test_a_reset_link_asked_for_on_the_web_arrives_through_the_worker_process(committed):
    """The password reset's request only queues the address; a real worker looks it up and mails the link."""
    from aiosmtpd.controller import Controller

    from tests.mail import PUBLIC_URL, Inbox, free_port

    app, environment = committed
    inbox = Inbox()
    smtp = Controller(inbox, hostname="127.0.0.1", port=free_port())
    smtp.start()
    mail = {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": smtp.port, "MAIL_USE_TLS": False, "PUBLIC_URL": PUBLIC_URL}
    app.config.update(mail)
    environment = {**environment, "CAL_MAIL_SERVER": "127.0.0.1", "CAL_MAIL_PORT": str(smtp.port),
                   "CAL_MAIL_USE_TLS": "0", "CAL_PUBLIC_URL": PUBLIC_URL}
    with app.app_context():
        db.session.add(User(email="czlonek@example.org", display_name="Jan Członek",
                            password_hash=_test_password_hash()))
        db.session.commit()
    worker = start_worker(environment)
    try:
        client = app.test_client()
        for address in ("nikt@example.org", "czlonek@example.org"):
            assert client.post("/haslo", data={"email": address, "csrf_token": csrf_token(client, "/haslo")}) \
                .status_code == 302
        deadline = time.monotonic() + WAIT_SECONDS
        while not inbox.messages and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(1)  # the unknown address's task has run too by now: it sends nothing
    finally:
        worker.send_signal(signal.SIGINT)
        output = worker.communicate(timeout=30)[0]
        smtp.stop()
    assert "Traceback" not in output, output
    assert [message["To"] for message in inbox.messages] == ["czlonek@example.org"]
    assert inbox.link("czlonek@example.org", "haslo").startswith("/haslo/")
    assert f"{PUBLIC_URL}/haslo/" in inbox.messages[0].get_body(preferencelist=("plain",)).get_content()
    with app.app_context():
        from app.audit.models import AuditEntry

        assert db.session.scalar(sa.select(AuditEntry.action).order_by(AuditEntry.id.desc())) == "user.reset_requested"
