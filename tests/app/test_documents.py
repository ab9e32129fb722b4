"""Officials' documents: who may download what, what each PDF says, and that every download is logged."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
import sqlalchemy as sa

from tests.app.documents_helpers import CLOSING_REASON, POLISH_LETTERS, close, flat, pdf_text
from tests.conftest import login

ROLES = ["anonymous", "admin", "secretary", "chair", "member", "conflicted", "expert", "outsider", "official"]
A, D, L = "allow", "deny", "login"


def urls(call) -> dict[str, str]:
    c, o = call["competition"].id, call["offers"]
    base = f"/konkursy/{c}/dokumenty"
    return {
        "page": base,
        "protocol": f"{base}/protokol.pdf",
        "protocol_public": f"{base}/protokol-do-publikacji.pdf",
        "results": f"{base}/lista-wynikow.pdf",
        "summary": f"{base}/oferty/{o['strong'].id}/zestawienie.pdf",
        "reasons": f"{base}/oferty/{o['strong'].id}/uzasadnienie.pdf",
        "letter": f"{base}/oferty/{o['rejected'].id}/pismo.pdf",
        "member_card": f"{base}/karty/{call['cards']['member_strong'].id}.pdf",
        "chair_card": f"{base}/karty/{call['cards']['chair_strong'].id}.pdf",
    }


def _got(response) -> str:
    if response.status_code == 403:
        return D
    if response.status_code == 302 and "/logowanie" in response.headers.get("Location", ""):
        return L
    return A if response.status_code == 200 else f"HTTP {response.status_code}"


# After closing: officials download everything; the chair excluded from no offer and with cards for both
# admitted offers sees all; a member downloads only their own card; experts and outsiders nothing.
CLOSED = {
    "page": dict(anonymous=L, admin=A, secretary=A, chair=A, member=A, conflicted=A, expert=D, outsider=D, official=A),
    "protocol": dict(anonymous=L, admin=A, secretary=A, chair=A, member=D, conflicted=D, expert=D, outsider=D,
                     official=A),
    "letter": dict(anonymous=L, admin=A, secretary=A, chair=A, member=D, conflicted=D, expert=D, outsider=D,
                   official=A),
    "summary": dict(anonymous=L, admin=A, secretary=A, chair=A, member=D, conflicted=D, expert=D, outsider=D,
                    official=A),
    "member_card": dict(anonymous=L, admin=A, secretary=A, chair=A, member=A, conflicted=D, expert=D, outsider=D,
                        official=A),
}


@pytest.mark.parametrize("role", ROLES)
def test_after_closing_officials_download_and_members_only_their_cards(app, client, db_session, call, role):
    close(app, db_session, call["competition"])
    if role != "anonymous":
        login(client, call["people"][role])
    wrong = [f"{name}: expected {expected[role]}, got {got}" for name, expected in CLOSED.items()
             if (got := _got(client.get(urls(call)[name]))) != expected[role]]
    assert wrong == []


def test_an_official_gets_nothing_while_the_committee_works(client, call):
    login(client, call["people"]["official"])
    assert all(client.get(url).status_code == 403 for url in urls(call).values())
    assert client.get(f"/konkursy/{call['competition'].id}/wyniki").status_code == 403
    assert client.get(f"/konkursy/{call['competition'].id}/oferty/{call['offers']['strong'].id}").status_code == 403
    page = client.get(f"/konkursy/{call['competition'].id}").get_data(as_text=True)
    assert "once the committee's work is closed" in page or "po zamknięciu prac komisji" in page


def test_the_chair_waits_for_their_own_card(client, db_session, call, create_offer):
    from tests.app.test_impartiality import submitted_card

    third = create_offer(call["competition"], number="D/5")
    submitted_card(db_session, third, call["people"]["member"], {"A1": "5", "A2": "3", "B1": "2", "B2": "3"})
    login(client, call["people"]["chair"])
    base = f"/konkursy/{call['competition'].id}/dokumenty"
    assert client.get(f"{base}/oferty/{third.id}/zestawienie.pdf").status_code == 403
    assert client.get(f"{base}/oferty/{third.id}/uzasadnienie.pdf").status_code == 403
    assert client.get(f"{base}/protokol.pdf").status_code == 403  # built from D/5's scores too
    assert client.get(f"{base}/oferty/{call['offers']['strong'].id}/zestawienie.pdf").status_code == 200
    page = client.get(base).get_data(as_text=True)
    assert "protokol.pdf" not in page and f"oferty/{call['offers']['strong'].id}/zestawienie.pdf" in page


def test_each_download_is_written_to_the_audit_log(client, db_session, call):
    from app.audit.models import AuditEntry

    login(client, call["people"]["secretary"])
    client.get(urls(call)["protocol"] + "?wariant=archiwalny")
    client.get(urls(call)["member_card"])
    entries = db_session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "document.download")
                                 .order_by(AuditEntry.id)).all()
    assert [(e.actor_label, e.object_type, e.new_values) for e in entries] == [
        (call["people"]["secretary"].email, "competition", {"document": "protocol", "variant": "archival"}),
        (call["people"]["secretary"].email, "score_card", {"document": "score_card", "variant": "ua"}),
    ]
    assert client.get(urls(call)["protocol"] + "?wariant=inny").status_code == 404
    assert client.get(f"/konkursy/{call['competition'].id}/dokumenty/inny.pdf").status_code == 404


def test_the_score_card_says_everything_a_signed_card_must(client, call):
    login(client, call["people"]["member"])
    response = client.get(urls(call)["member_card"])
    assert response.mimetype == "application/pdf" and "no-store" in response.headers["Cache-Control"]
    assert "filename*=UTF-8''TEST-CAL" in response.headers["Content-Disposition"]
    text = pdf_text(response.get_data())
    one_line = flat(text)
    competition = call["competition"]
    assert "Karta oceny merytorycznej" in text and "Agnieszka Źródłowska" in text
    assert "Stowarzyszenie Łączność Śródmieścia" in one_line
    assert competition.rubric_hash in one_line.replace(" ", "")
    assert "WERSJA ROBOCZA" in text  # the call is not closed
    assert re.search(r"strona 1 z \d", text)
    assert f"Konkurs {competition.reference}" in one_line
    # 8×2 + 4 + 4×0.5 + 6 = 28 of 33 = 84,85%
    assert "28" in one_line and "84,85%" in one_line
    assert "w pełni" in one_line  # the level reached for A2 = 4 of 5 … or B2 = 6 of 6
    assert "Podpis członka komisji" in one_line


def test_the_summary_names_excluded_members_without_their_scores(client, call):
    login(client, call["people"]["secretary"])
    one_line = flat(pdf_text(client.get(urls(call)["summary"]).get_data()))
    assert "Małgorzata Wyłączona" in one_line and "zadeklarowany konflikt interesów" in one_line
    assert "Tomasz Przewodniczący" in one_line and "Agnieszka Źródłowska" in one_line
    # A1: 9 and 8 → mean 8,5, min 8, max 9; totals 30 and 28 → 29
    assert "8,5 8 9" in one_line
    assert "29 / 33" in one_line and "87,88%" in one_line
    assert "64 000,00 zł" in one_line


def test_the_reasons_letter_has_no_reviewers_names(client, call):
    login(client, call["people"]["secretary"])
    one_line = flat(pdf_text(client.get(urls(call)["reasons"]).get_data()))
    for person in ("Tomasz Przewodniczący", "Agnieszka Źródłowska", "Małgorzata Wyłączona", "Joanna Sekretarska"):
        assert person not in one_line
    assert "Oceniający 1" in one_line and "Oceniający 2" in one_line
    assert "Uzasadnienie testowe wystarczająco długie" in one_line
    assert "29 / 33" in one_line


def test_the_protocol_totals_are_the_ranking_pages(client, call):
    login(client, call["people"]["chair"])
    ranking = flat(client.get(f"/konkursy/{call['competition'].id}/wyniki").get_data(as_text=True))
    protocol = flat(pdf_text(client.get(urls(call)["protocol"]).get_data()))
    for figure in ("29 / 33", "87,88%", "7 / 33", "21,21%", "64 000,00 zł", "36 000,00 zł"):
        assert figure in ranking and figure in protocol, figure
    assert "Małgorzata Wyłączona" in protocol and "sprawa prywatna" in protocol
    assert "Statut nie obejmuje zadania" in protocol  # the formal check's reason
    assert "poniżej progu" in protocol
    assert "flask audit verify --anchor" in protocol
    assert all(letter in protocol for letter in POLISH_LETTERS)


def test_the_copy_for_publication_removes_private_persons(client, call):
    login(client, call["people"]["secretary"])
    public = flat(pdf_text(client.get(urls(call)["protocol_public"]).get_data()))
    for private in ("Tomasz Przewodniczący", "Agnieszka Źródłowska", "Małgorzata Wyłączona", "sprawa prywatna",
                    call["people"]["secretary"].email):
        assert private not in public
    assert "Członek komisji nr 1" in public and "Stowarzyszenie Łączność Śródmieścia" in public
    original = flat(pdf_text(client.get(urls(call)["protocol"]).get_data()))
    assert "Tomasz Przewodniczący" in original


def test_the_results_list_is_a_draft_until_the_mayor_decides(app, client, db_session, call):
    close(app, db_session, call["competition"])
    login(client, call["people"]["official"])
    text = pdf_text(client.get(urls(call)["results"]).get_data())
    one_line = flat(text)
    assert "PROJEKT" in text and "WERSJA ROBOCZA" not in text  # closed, but no decision recorded
    assert one_line.index("Stowarzyszenie Łączność Śródmieścia") < one_line.index("nie przyznano")
    assert "64 000,00 zł" in one_line and "Osoba Testowa" not in one_line


def test_the_closed_protocol_anchors_the_audit_chain_at_closing(app, client, db_session, call):
    from app.audit.models import AuditEntry

    close(app, db_session, call["competition"])
    closing = db_session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "competition.status")
                                 .order_by(AuditEntry.id.desc())).first()
    login(client, call["people"]["official"])
    text = pdf_text(client.get(urls(call)["protocol"]).get_data())
    assert "WERSJA ROBOCZA" not in text
    assert closing.hash in flat(text).replace(" ", "")
    assert f"--anchor {closing.id}:{closing.hash[:16]}" in flat(text)


def test_the_protocol_shows_an_override_with_its_reason_and_what_it_went_past(app, client, db_session, call):
    close(app, db_session, call["competition"])  # the pending offer's formal check is overridden with a reason
    login(client, call["people"]["secretary"])
    one_line = flat(pdf_text(client.get(urls(call)["protocol"]).get_data()))
    assert CLOSING_REASON in one_line
    assert f"Pominięte przeszkody: Oceny formalne w toku: {call['offers']['pending'].number}" in one_line
    public = flat(pdf_text(client.get(urls(call)["protocol_public"]).get_data()))
    assert CLOSING_REASON in public


@pytest.mark.parametrize("offer_key, heading, detail", [
    ("rejected", "Zawiadomienie o odrzuceniu oferty z przyczyn formalnych", "Statut nie obejmuje zadania"),
    ("pending", "Wezwanie do uzupełnienia oferty", "15.01.2027"),
])
def test_formal_letters(client, call, offer_key, heading, detail):
    login(client, call["people"]["secretary"])
    offer = call["offers"][offer_key]
    one_line = flat(pdf_text(client.get(f"/konkursy/{call['competition'].id}/dokumenty/oferty/{offer.id}/pismo.pdf")
                             .get_data()))
    assert heading in one_line and detail in one_line
    assert "ul. Testowa 1, 50-001 Wrocław" in one_line
    strong = call["offers"]["strong"]
    assert client.get(f"/konkursy/{call['competition'].id}/dokumenty/oferty/{strong.id}/pismo.pdf").status_code == 404


def test_the_rankings_missing_cards_counted_by_the_database_are_the_dashboards(app, db_session, call):
    """missing_card_count_of (counts per member, for the ranking) is the count of committee().snapshot's cards."""
    from app.competitions.queries import committee, missing_card_count_of
    from app.core.lifecycle import missing_card_count
    from app.offers.models import Exclusion
    from tests.app.test_impartiality import submitted_card

    offers, people = call["offers"], call["people"]
    draft = submitted_card(db_session, offers["weak"], people["member"], {"A1": "7"})
    draft.status, draft.submitted_at = "draft", None
    submitted_card(db_session, offers["strong"], people["conflicted"], {"A1": "1"})  # and excluded: counted once
    submitted_card(db_session, offers["rejected"], people["member"], {"A1": "1"})  # not admitted: not counted
    db_session.add(Exclusion(offer_id=offers["weak"].id, user_id=people["expert"].id, kind="secretary",
                             reason="Ekspert nie ocenia.", created_by_id=people["secretary"].id))
    db_session.commit()
    with app.test_request_context("/"):
        expected = missing_card_count(committee(call["competition"]).snapshot)
        assert missing_card_count_of(call["competition"]) == expected == 2  # the member's draft, the conflicted's
        draft.status, draft.submitted_at = "submitted", call["competition"].created_at
        submitted_card(db_session, offers["weak"], people["conflicted"], {"A1": "1"})  # commits
        assert missing_card_count_of(call["competition"]) == missing_card_count(
            committee(call["competition"]).snapshot) == 0


@pytest.mark.parametrize("aggregation", ["mean", "median"])
def test_an_offers_documents_read_only_its_cards_and_rank_as_the_whole_call(app, db_session, call, aggregation):
    """competition_results(cards_for=…) totals the other offers from aggregated rows: the same ranking."""
    from app.offers.views import rubric_for
    from app.reviews.queries import _call_facts, _card_totals_of, competition_results
    from tests.app.test_impartiality import submitted_card

    competition = call["competition"]
    competition.aggregation = aggregation
    # A second card on the weak offer, so that its mean and median differ, and a card of the member excluded
    # from the strong offer for a conflict of interest, which must not count.
    submitted_card(db_session, call["offers"]["weak"], call["people"]["member"], {"A1": "7", "A2": "2.5", "B1": "3",
                                                                                 "B2": "1"})
    submitted_card(db_session, call["offers"]["strong"], call["people"]["conflicted"],
                   {"A1": "0", "A2": "0", "B1": "0", "B2": "0"})
    db_session.commit()
    with app.test_request_context("/"):
        rubric = rubric_for(competition)
        whole = competition_results(competition, rubric)
        for offer in whole.offers:
            one = competition_results(competition, rubric, cards_for={offer.id})
            assert one.ranking == whole.ranking
            assert set(one.summaries) == {offer.id}
            assert one.summaries[offer.id] == whole.summaries[offer.id]
        # every card's total from its aggregated string, as from the card (half points on SQLite: a REAL)
        totals = _card_totals_of(_call_facts(competition, rubric, None))
        for offer in whole.offers:
            assert totals[offer.id] == [(row.card.user_id, row.total) for row in whole.summaries[offer.id].rows]
        none = competition_results(competition, rubric, cards_for=())  # the results list: the ranking alone
        assert none.ranking == whole.ranking and none.summaries == {}
        assert one.offers == [offer] and one.rejected == () and none.offers == [] and none.rejected == ()
        rejected = call["offers"]["rejected"]
        assert competition_results(competition, rubric, cards_for={rejected.id}).rejected == (rejected,)
        assert {r.key for r in whole.ranking.offers if r.result is not None} == {"D/1", "D/2"}
        strong = whole.summaries[call["offers"]["strong"].id]
        assert [row.excluded for row in strong.rows].count(True) == 1 and strong.result.cards_counted == 2


def test_an_offers_documents_rank_a_changed_card_by_its_new_points(app, db_session, call):
    """The card totals kept between downloads are kept by the card's points: a corrected card is totalled anew."""
    from app.offers.views import rubric_for
    from app.reviews.models import Score
    from app.reviews.queries import competition_results

    competition, weak, strong = call["competition"], call["offers"]["weak"], call["offers"]["strong"]
    with app.test_request_context("/"):
        rubric = rubric_for(competition)
        before = competition_results(competition, rubric, cards_for={strong.id})  # keeps every card's total
        assert before.ranking == competition_results(competition, rubric).ranking
    score = db_session.scalar(sa.select(Score).where(Score.card_id == call["cards"]["chair_weak"].id,
                                                     Score.criterion_id == "A1"))
    score.points = Decimal("10")  # 2 → 10 points, weighted × 2
    db_session.commit()
    with app.test_request_context("/"):
        after = competition_results(competition, rubric, cards_for={strong.id})
        assert after.ranking == competition_results(competition, rubric).ranking
        moved = {r.key: r.result for r in after.ranking.offers}, {r.key: r.result for r in before.ranking.offers}
        assert moved[0][weak.number].points == moved[1][weak.number].points + 16
        assert moved[0][strong.number] == moved[1][strong.number]


def test_an_offers_documents_count_a_submitted_card_without_entries_as_the_whole_call_does(app, db_session, call):
    """A submitted card with no score rows on another offer counts (0 points) in the ranking, as in the whole
    call's, and against the missing cards."""
    from app.competitions.queries import missing_card_count_of
    from app.offers.views import rubric_for
    from app.reviews.models import ScoreCard
    from app.reviews.queries import competition_results

    competition, weak, strong = call["competition"], call["offers"]["weak"], call["offers"]["strong"]
    db_session.add(ScoreCard(offer_id=weak.id, user_id=call["people"]["member"].id, status="submitted",
                             rubric_id="mini", rubric_version="1.0", rubric_hash=competition.rubric_hash,
                             submitted_at=competition.created_at))
    db_session.commit()
    with app.test_request_context("/"):
        rubric = rubric_for(competition)
        whole = competition_results(competition, rubric)
        one = competition_results(competition, rubric, cards_for={strong.id})
        assert one.ranking == whole.ranking
        assert one.ranking.missing_cards == missing_card_count_of(competition)
        result = next(r.result for r in one.ranking.offers if r.key == weak.number)
        assert result.cards_counted == 2 and result.points == Decimal("3.50")  # (2 × 2 + 1 + 0 + 2 + 0) / 2
