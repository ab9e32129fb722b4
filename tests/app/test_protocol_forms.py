"""The protocol's typed parts: the secretary's meeting form and the chair's opinions form."""

from __future__ import annotations

import sqlalchemy as sa

from tests.app.documents_helpers import close, flat, pdf_text
from tests.app.test_documents import urls
from tests.conftest import login, post


def _audit(db_session, action):
    from app.audit.models import AuditEntry

    return db_session.scalars(sa.select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)).all()


def test_the_secretary_records_the_meeting_and_the_protocol_says_it(client, db_session, call):
    people, c = call["people"], call["competition"].id
    login(client, people["secretary"])
    url = f"/konkursy/{c}/dokumenty/protokol"
    page = client.get(url).get_data(as_text=True)
    assert 'type="date"' in page and "Tomasz Przewodniczący" in page and "Urszula Urzędniczka" not in page
    present = [people["chair"].id, people["member"].id]
    response = post(client, url, {"meeting_date": "2026-12-18", "place": "Sala sesyjna, ul. Sukiennice 9, Wrocław",
                                  "present": [str(i) for i in present]})
    assert response.status_code == 302
    [entry] = _audit(db_session, "protocol.meeting")
    assert entry.new_values == {"meeting_date": "2026-12-18", "place": "Sala sesyjna, ul. Sukiennice 9, Wrocław",
                                "by_circulation": False, "present": sorted(present)}
    text = flat(pdf_text(client.get(urls(call)["protocol"]).get_data()))
    assert "18.12.2026" in text and "Sala sesyjna, ul. Sukiennice 9, Wrocław" in text
    # signature lines only for those present
    signatures = text[text.index("10. Podpisy"):]
    assert "Tomasz Przewodniczący" in signatures and "Joanna Sekretarska" not in signatures
    page = client.get(url).get_data(as_text=True)
    assert 'value="2026-12-18"' in page and 'value="Sala sesyjna' in page


def test_a_committee_working_by_circulation_needs_no_place(client, db_session, call):
    login(client, call["people"]["secretary"])
    url = f"/konkursy/{call['competition'].id}/dokumenty/protokol"
    response = post(client, url, {"meeting_date": "2026-12-18", "by_circulation": "y", "place": "ignored"})
    assert response.status_code == 302
    text = flat(pdf_text(client.get(urls(call)["protocol"]).get_data()))
    assert "trybie obiegowym" in text and "ignored" not in text


def test_bad_meeting_input_keeps_what_was_typed(client, db_session, call):
    login(client, call["people"]["secretary"])
    url = f"/konkursy/{call['competition'].id}/dokumenty/protokol"
    response = post(client, url, {"meeting_date": "18 grudnia", "place": "Sala <b>A</b>"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "dd.mm.rrrr" in page and 'value="Sala &lt;b&gt;A&lt;/b&gt;"' in page
    response = post(client, url, {"meeting_date": "2026-12-18", "place": "  "})
    assert response.status_code == 400 and "trybie obiegowym" in response.get_data(as_text=True)
    response = post(client, url, {"meeting_date": "2026-12-18", "place": "x" * 301})
    assert response.status_code == 400
    response = post(client, url, {"meeting_date": "2026-12-18", "place": "Sala", "present": ["999999"]})
    assert response.status_code == 400  # not a member of this committee
    assert _audit(db_session, "protocol.meeting") == []


def test_a_stale_form_is_refused_and_nothing_is_overwritten(client, db_session, call):
    login(client, call["people"]["secretary"])
    url = f"/konkursy/{call['competition'].id}/dokumenty/protokol"
    assert post(client, url, {"meeting_date": "2026-12-18", "place": "Pierwsza"}).status_code == 302
    response = post(client, url, {"meeting_date": "2026-12-19", "place": "Druga"})  # opened before the first save
    assert response.status_code == 400 and "niczego nie nadpisano" in response.get_data(as_text=True)
    assert post(client, url, {"meeting_date": "2026-12-19", "place": "Druga", "version": "1"}).status_code == 302
    assert len(_audit(db_session, "protocol.meeting")) == 2


def test_the_chair_writes_opinions_after_the_meeting_is_recorded(app, client, db_session, call):
    people, c = call["people"], call["competition"].id
    secretary = app.test_client()
    login(secretary, people["secretary"])
    login(client, people["chair"])
    url = f"/konkursy/{c}/dokumenty/protokol/opinie"
    opinions = {"rejection_reasons": "Oferta D/2 nie osiągnęła progu 60%.",
                "dissenting_opinions": "Członek nr 3 uważa, że ocena kryterium A1 była zaniżona."}
    response = post(client, url, opinions)
    assert response.status_code == 400 and "Oferta D/2 nie osiągnęła progu" in response.get_data(as_text=True)
    assert post(secretary, f"/konkursy/{c}/dokumenty/protokol", {"meeting_date": "2026-12-18",
                                                                  "place": "Sala"}).status_code == 302
    assert post(client, url, {**opinions, "version": "1"}).status_code == 302
    [entry] = _audit(db_session, "protocol.opinions")
    assert entry.new_values == opinions and entry.actor_label == people["chair"].email
    text = flat(pdf_text(secretary.get(urls(call)["protocol"]).get_data()))
    assert "Oferta D/2 nie osiągnęła progu 60%." in text and "ocena kryterium A1 była zaniżona" in text
    assert post(client, url, {"rejection_reasons": "x" * 20001, "version": "2"}).status_code == 400


def test_a_closed_call_takes_no_more_protocol_input(app, client, db_session, call):
    close(app, db_session, call["competition"])
    login(client, call["people"]["secretary"])
    assert client.get(f"/konkursy/{call['competition'].id}/dokumenty/protokol").status_code == 403
    page = client.get(urls(call)["page"]).get_data(as_text=True)
    assert "Przygotowanie protokołu" not in page and "wersja robocza" not in page
