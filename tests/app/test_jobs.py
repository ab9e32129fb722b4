"""Exports in the background: started by the secretary, watched without JavaScript, downloaded once ready."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.jobs import kinds, operations
from app.jobs.models import BackgroundJob
from tests.conftest import login, post


@pytest.fixture
def small_call(create_competition, create_member, rubrics_dir):
    from tests.conftest import DATA, REPO

    rubrics_dir(DATA, REPO)
    competition = create_competition()
    return competition, create_member(competition, "secretary"), create_member(competition, "chair")


def start(client, competition, kind="audit_csv"):
    return post(client, f"/konkursy/{competition.id}/eksporty/nowy", {"kind": kind})


def test_the_secretary_starts_an_export_and_sees_it_queued(client, small_call, db_session):
    competition, secretary, _chair = small_call
    login(client, secretary)
    page = client.get(f"/konkursy/{competition.id}/eksporty").get_data(as_text=True)
    assert "Dziennik zdarzeń konkursu (CSV)" in page
    assert "Archiwum" not in page  # only a closed call is archived
    response = start(client, competition)
    assert response.status_code == 302
    job = db_session.scalars(sa.select(BackgroundJob)).one()
    assert response.headers["Location"].endswith(f"/konkursy/{competition.id}/eksporty/{job.id}")
    assert (job.status, job.kind, job.requested_by_id) == ("queued", "audit_csv", secretary.id)
    progress = client.get(response.headers["Location"]).get_data(as_text=True)
    assert '<meta http-equiv="refresh" content="2">' in progress
    assert "czeka na swoją kolej" in progress
    started = db_session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "job.start")).one()
    assert started.object_id == job.id and started.actor_id == secretary.id


def test_a_finished_job_is_downloaded_once_ready_and_the_download_is_logged(client, small_call, db_session, app):
    competition, secretary, _chair = small_call
    login(client, secretary)
    location = start(client, competition).headers["Location"]
    job = db_session.scalars(sa.select(BackgroundJob)).one()
    assert client.get(location + "/plik").status_code == 302  # not ready yet: back to the progress page
    with app.app_context():
        operations.run_job(job.id)
    db_session.refresh(job)
    assert job.status == "done" and job.done == job.total >= 1
    page = client.get(location).get_data(as_text=True)
    assert "http-equiv" not in page and "Plik jest gotowy." in page
    download = client.get(location + "/plik")
    assert download.status_code == 200
    assert download.headers["Cache-Control"] == "private, no-store"
    assert f"{competition.reference.replace('/', '-')}-dziennik-zdarzen.csv" in download.headers["Content-Disposition"]
    text = download.get_data(as_text=True)
    download.close()
    assert text.startswith("\ufeffid;at;actor_id")
    assert "job.start" in text
    assert db_session.scalar(sa.select(sa.func.count()).where(AuditEntry.action == "job.download")) == 1


def test_a_failure_is_shown_not_swallowed(client, small_call, db_session, app, monkeypatch):
    competition, secretary, _chair = small_call
    login(client, secretary)
    location = start(client, competition).headers["Location"]
    job = db_session.scalars(sa.select(BackgroundJob)).one()

    def broken(job, path, progress):
        progress(1, 4)
        raise OSError("dysk pełny")

    monkeypatch.setitem(kinds.KINDS, "audit_csv", kinds.KINDS["audit_csv"].__class__(
        **{**kinds.KINDS["audit_csv"].__dict__, "build": broken}))
    with app.app_context():
        operations.run_job(job.id)
    db_session.refresh(job)
    assert job.status == "failed" and job.error == "OSError: dysk pełny"
    page = client.get(location).get_data(as_text=True)
    assert "Nie udało się przygotować pliku" in page and "OSError: dysk pełny" in page
    assert not list(operations_folder(app).glob(f"{job.id}*"))


def operations_folder(app):
    with app.app_context():
        return operations.jobs_folder()


def test_only_whoever_started_it_sees_the_job(client, small_call, app, create_user):
    competition, secretary, _chair = small_call
    login(client, secretary)
    location = start(client, competition).headers["Location"]
    other = app.test_client()
    login(other, create_user(is_admin=True))  # an administrator may start exports, but not see this one
    assert other.get(location).status_code == 403
    assert other.get(location + "/plik").status_code == 403


def test_an_unknown_kind_or_a_chair_is_refused(client, small_call, app):
    competition, secretary, chair = small_call
    login(client, secretary)
    assert start(client, competition, kind="everything").status_code == 400
    other = app.test_client()
    login(other, chair)
    assert start(other, competition).status_code == 403


def test_the_archive_is_only_for_a_closed_call(client, small_call, db_session):
    competition, secretary, _chair = small_call
    login(client, secretary)
    assert start(client, competition, kind="archive").status_code == 403
    competition.status = "closed"
    db_session.commit()
    assert start(client, competition, kind="archive").status_code == 302


def run_export(client, app, db_session, competition, kind):
    """Start an export as the signed-in user, run it as the worker would, and download the file."""
    location = start(client, competition, kind=kind).headers["Location"]
    job = db_session.scalars(sa.select(BackgroundJob).where(BackgroundJob.kind == kind)).one()
    with app.app_context():
        operations.run_job(job.id)
    db_session.refresh(job)
    assert job.status == "done", job.error
    return job, client.get(location + "/plik")


def test_every_score_card_and_the_closed_calls_archive_as_pdf_files(client, app, db_session, call, monkeypatch):
    """The cards zip holds one PDF/A per offer with every submitted card of it, a card per page, rendered by
    worker processes (forked afresh after each offer here); the archive holds every document too."""
    import io
    import zipfile

    from pypdf import PdfReader

    from app.jobs import rendering

    monkeypatch.setattr(rendering, "TASKS_PER_POOL", 1)
    app.config["JOB_PROCESSES"] = 2

    from tests.app.documents_helpers import close, flat

    competition, secretary = call["competition"], call["people"]["secretary"]
    login(client, secretary)
    job, download = run_export(client, app, db_session, competition, "cards_zip")
    submitted = [card for card in call["cards"].values() if card.status == "submitted"]
    by_offer: dict[str, list] = {}
    for card in submitted:
        by_offer.setdefault(card.offer.number, []).append(card)
    assert any(len(cards) > 1 for cards in by_offer.values())  # the test says something about several cards
    with zipfile.ZipFile(io.BytesIO(download.get_data())) as cards:
        names = sorted(cards.namelist())
        expected = {f"karty-oceny-{number.replace('/', '-')}.pdf": offer_cards
                    for number, offer_cards in by_offer.items()}
        assert [n for n in names if n != "manifest.json"] == sorted(expected)
        assert job.done == job.total == len(expected)
        for name, offer_cards in expected.items():
            reader = PdfReader(io.BytesIO(cards.read(name)))
            pages = [flat(page.extract_text()) for page in reader.pages]
            assert "/GTS_PDFA1" in str(reader.trailer["/Root"]["/OutputIntents"][0]["/S"])  # the archival variant
            assert all("WERSJA ROBOCZA" in page for page in pages)  # the call is not closed yet
            assert all(f"strona {i} z {len(pages)}" in page for i, page in enumerate(pages, start=1))
            assert offer_cards[0].offer.applicant_name in pages[0]
            starts = [i for i, page in enumerate(pages) for card in offer_cards
                      if f"Karta oceny merytorycznej — {card.user.display_name}" in page]
            assert len(starts) == len(offer_cards) and starts[0] == 0 and len(set(starts)) == len(starts)
    download.close()

    close(app, db_session, competition)
    _job, download = run_export(client, app, db_session, competition, "archive")
    with zipfile.ZipFile(io.BytesIO(download.get_data())) as archive:
        names = set(archive.namelist())
        assert {"protokol.pdf", "protokol-do-publikacji.pdf", "lista-wynikow.pdf", "zestawienie.xlsx",
                "dziennik-zdarzen.csv", "manifest.json"} <= names
        assert {f"oferty/{number.replace('/', '-')}/karty-oceny.pdf" for number in by_offer} <= names
        assert any(n.endswith("/uzasadnienie.pdf") for n in names)
        protocol = flat(PdfReader(io.BytesIO(archive.read("protokol.pdf"))).pages[0].extract_text())
        assert "Protokół" in protocol and "WERSJA ROBOCZA" not in protocol
    download.close()
