"""The agreement page, the chair's adjusted amount and the recorded decision, on both databases."""

from decimal import Decimal

import pytest
import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.results.models import Decision, DecisionGrant, GrantAdjustment
from tests.app.test_impartiality import submitted_card
from tests.conftest import login, post

# mini rubric, weighted, 33 points: A1×2 + A2 + B1×0.5 + B2
HIGH = {"A1": "9", "A2": "4", "B1": "4", "B2": "6"}  # 18+4+2+6 = 30
MID = {"A1": "6", "A2": "3", "B1": "2", "B2": "4"}  # 12+3+1+4 = 20
LOW = {"A1": "2", "A2": "1", "B1": "0", "B2": "2"}  # 4+1+0+2 = 7


@pytest.fixture
def committee(app, db_session, create_competition, create_member, create_offer):
    """Six offers of 40 000 zł, a budget of 100 000; the chair and two members scored all but the last offer."""
    competition = create_competition(budget=Decimal("100000.00"), threshold=Decimal("0.5"))
    offers = [create_offer(competition, number=f"Z/{i}", requested_grant=Decimal("40000.00")) for i in range(1, 7)]
    chair, first, second = (create_member(competition, "chair", display_name="Przewodnicząca Ewa"),
                            create_member(competition, "member", display_name="Członek Adam"),
                            create_member(competition, "member", display_name="Członkini Beata"))
    secretary = create_member(competition, "secretary")
    plan = [(HIGH, HIGH, MID), (HIGH, MID, HIGH), (MID, MID, MID), (HIGH, LOW, HIGH), (LOW, LOW, MID)]
    for offer, cards in zip(offers, plan, strict=False):
        for person, points in zip((chair, first, second), cards, strict=True):
            submitted_card(db_session, offer, person, points)
    submitted_card(db_session, offers[5], first, HIGH)  # the chair has not scored Z/6 yet
    submitted_card(db_session, offers[5], second, LOW)
    return {"competition": competition, "offers": offers, "chair": chair, "member": first, "secretary": secretary,
            "app": app}


def test_the_chair_sees_agreement_flags_and_leniency_only_for_offers_they_scored(client, committee):
    competition = committee["competition"]
    login(client, committee["chair"])
    html = client.get(f"/konkursy/{competition.id}/zgodnosc").get_data(as_text=True)
    # Z/6 is left out until the chair submits a card for it
    assert "1 oferta nie jest uwzględniona" in html and "Z/6" not in html
    # Z/4: 30, 7, 30 of 33 → 90,91% − 21,21% = 69,7 points apart; flagged; furthest apart on B1 (4 − 0 = all
    # 4 points; A1's 9 − 2 is 7 of 10)
    assert "Z/4" in html and "69,7%" in html and "różnica 4 z 4 pkt" in html
    assert "Jak łagodnie oceniają poszczególni członkowie" in html and "Członek Adam" in html
    assert '<svg viewBox="0 0 640' in html and "<script" not in html


def test_the_secretary_sees_every_offer_but_no_leniency(client, committee):
    login(client, committee["secretary"])
    html = client.get(f"/konkursy/{committee['competition'].id}/zgodnosc").get_data(as_text=True)
    assert "Z/6" in html and "nie jest uwzględniona" not in html
    assert "Jak łagodnie" not in html and "Członek Adam" not in html


def test_too_few_data_is_said_plainly(client, db_session, create_competition, create_member, create_offer):
    competition = create_competition()
    chair = create_member(competition, "chair")
    other = create_member(competition, "member")
    offer = create_offer(competition)
    submitted_card(db_session, offer, chair, HIGH)
    submitted_card(db_session, offer, other, LOW)
    login(client, chair)
    html = client.get(f"/konkursy/{competition.id}/zgodnosc").get_data(as_text=True)
    assert "za mało danych" in html


def secretary_page(committee, url: str) -> str:
    """A page as the secretary sees it (in a client of his own)."""
    secretary = committee["app"].test_client()
    login(secretary, committee["secretary"])
    return secretary.get(url).get_data(as_text=True)


def close_scoring(db_session, committee):
    """The chair closes scoring without Z/6's card: the ranking is final, so offers are recommended."""
    from app.competitions import operations

    with committee["app"].app_context():
        operations.close_scoring(committee["chair"], committee["competition"],
                                 "Brakująca karta nie zostanie złożona przed terminem oceny.")
        db_session.commit()


def test_nothing_is_recommended_or_adjusted_while_the_ranking_is_preliminary(client, db_session, committee):
    login(client, committee["chair"])
    response = post(client, adjust_url(committee, 0), {"amount": "20 000,00", "reason": "Koszty lokalu zawyżone."})
    assert response.status_code == 400
    assert db_session.scalar(sa.select(sa.func.count()).select_from(GrantAdjustment)) == 0


def adjust_url(committee, offer_index):
    return f"/konkursy/{committee['competition'].id}/wyniki/oferty/{committee['offers'][offer_index].id}/kwota"


def test_the_chair_adjusts_a_recommended_amount_with_a_reason(client, db_session, committee):
    close_scoring(db_session, committee)
    login(client, committee["chair"])
    # Z/1 (30,30,20 → 80 of 99) and Z/2 are recommended: 80 000 of 100 000; Z/4 (67 of 99) does not fit (skip)
    response = post(client, adjust_url(committee, 0), {"amount": "20 000,00", "reason": "Koszty lokalu zawyżone."})
    assert response.status_code == 302
    stored = db_session.scalar(sa.select(GrantAdjustment))
    assert (stored.amount, stored.reason) == (Decimal("20000.00"), "Koszty lokalu zawyżone.")
    entry = db_session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "ranking.adjust_amount"))
    assert '"amount":"20000"' in entry.new and '"reason":"Koszty lokalu zawyżone."' in entry.new
    # the chair scored all but Z/6, so his own ranking hides the proposals; the secretary sees them all
    html = secretary_page(committee, f"/konkursy/{committee['competition'].id}/wyniki")
    # 20 000 + 40 000 + 40 000 (Z/4 now fits) = 100 000
    assert "ustalona przez przewodniczącego" in html and "rekomendowana w części" in html
    assert "0,00\u00a0zł" in html


@pytest.mark.parametrize(("index", "amount", "reason", "message"), [
    (0, "40 000,01", "Powód dość długi.", "nie większa niż wnioskowana dotacja"),
    (0, "dużo", "Powód dość długi.", "Wpisz kwotę"),
    (0, "10 000", "krótki", "co najmniej 10 znaków"),
    (4, "10 000", "Powód dość długi.", "Zmienić można tylko kwotę oferty rekomendowanej"),  # below the threshold
])
def test_a_refused_adjustment_keeps_what_was_typed(client, db_session, committee, index, amount, reason, message):
    login(client, committee["chair"])
    response = post(client, adjust_url(committee, index), {"amount": amount, "reason": reason})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and message in html
    assert f'value="{amount}"' in html and reason in html
    assert db_session.scalar(sa.select(sa.func.count()).select_from(GrantAdjustment)) == 0


def test_an_amount_that_would_not_fit_is_refused(client, db_session, committee):
    competition = committee["competition"]
    competition.allocation_rule, competition.min_partial_share = "partial", Decimal("0.5")
    db_session.commit()
    close_scoring(db_session, committee)
    login(client, committee["chair"])
    # Z/1 and Z/2 take 80 000; Z/4 gets the 20 000 left in part (half of its request is enough)
    html = post(client, adjust_url(committee, 3), {"amount": "30000", "reason": "Więcej na działania."}
                ).get_data(as_text=True)
    assert "nie mieści się w budżecie" in html and "20\u00a0000,00\u00a0zł" in html
    assert db_session.scalar(sa.select(sa.func.count()).select_from(GrantAdjustment)) == 0
    ranking = secretary_page(committee, f"/konkursy/{competition.id}/wyniki")
    assert "rekomendowana w części" in ranking and "co najmniej 50%" in ranking


def decision_url(committee):
    return f"/konkursy/{committee['competition'].id}/decyzja"


def close(db_session, committee, granted=None):
    """Close the committee's work; `granted` (offer, amount) records a decision that gives it less."""
    competition = committee["competition"]
    close_scoring(db_session, committee)
    competition.status = "closed"
    if granted is not None:
        offer, amount = granted
        db_session.add(Decision(competition_id=competition.id, number="1/27", decided_on=competition.created_at.date(),
                                recorded_by_id=committee["secretary"].id,
                                grants=[DecisionGrant(offer_id=offer.id, amount=amount,
                                                      opinion_amount=offer.requested_grant, note="Mniej.")]))
    db_session.commit()


def test_the_decision_waits_for_the_committee_to_close(client, db_session, committee):
    login(client, committee["secretary"])
    assert "nie zostało jeszcze zapisane" in client.get(decision_url(committee)).get_data(as_text=True)
    assert post(client, decision_url(committee), {"number": "1/2027"}).status_code == 403


def test_the_secretary_records_a_decision_that_differs_with_a_note(client, db_session, committee):
    offers = committee["offers"]
    close(db_session, committee)
    login(client, committee["secretary"])
    # ranking: Z/1, Z/2 40 000 each; Z/4, Z/3 and Z/6 no budget left; Z/5 below 50 %
    data = {"number": "1234/27", "decided_on": "2027-03-15"}
    data |= {f"amount_{o.id}": "0" for o in offers} | {f"note_{o.id}": "" for o in offers}
    data |= {f"amount_{offers[0].id}": "40000", f"amount_{offers[1].id}": "30 000,00",
             f"amount_{offers[3].id}": "30000"}
    response = post(client, decision_url(committee), data)
    html = response.get_data(as_text=True)
    # two notes missing: each said beside its field and again in the error summary at the top
    assert response.status_code == 400 and html.count("podaj powód w uwadze") == 4
    assert 'value="30 000,00"' in html and 'value="1234/27"' in html
    assert db_session.scalar(sa.select(sa.func.count()).select_from(Decision)) == 0
    data |= {f"note_{offers[1].id}": "Zmniejszono zakres zadania.", f"note_{offers[3].id}": "Środki z rezerwy."}
    assert post(client, decision_url(committee), data).status_code == 302
    grants = {g.offer.number: (g.amount, g.opinion_amount) for g in db_session.scalars(sa.select(DecisionGrant))}
    assert grants["Z/2"] == (Decimal("30000.00"), Decimal("40000.00"))
    assert grants["Z/4"] == (Decimal("30000.00"), Decimal("0.00"))
    assert db_session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "decision.record")) is not None
    post(client, "/wylogowanie")
    login(client, committee["chair"])
    page = client.get(decision_url(committee)).get_data(as_text=True)
    main = page.split("<main")[1].split("</main>")[0]
    assert "1234/27" in main and "15.03.2027" in main and "Środki z rezerwy." in main and "<form" not in main


def test_a_decision_over_the_budget_is_refused(client, db_session, committee):
    offers = committee["offers"]
    close(db_session, committee)
    login(client, committee["secretary"])
    data = {"number": "1/27", "decided_on": "2027-03-15"}
    data |= {f"amount_{o.id}": "40000" for o in offers} | {f"note_{o.id}": "Więcej." for o in offers}
    html = post(client, decision_url(committee), data).get_data(as_text=True)
    assert "przekraczają budżet" in html


def test_the_agreement_figures_read_half_points_and_nie_dotyczy_like_the_cards_page(app, db_session,
                                                                                      create_competition,
                                                                                      create_member, create_offer):
    from app.offers.views import rubric_for
    from app.results.queries import agreement_data
    from app.reviews.queries import offer_cards

    competition = create_competition()
    # the office settled that the applicant had no earlier tasks: B2 (art. 15 ust. 1 pkt 6) is "nie dotyczy"
    # on every card, and a point typed there anyway counts on none of them
    offer = create_offer(competition, applicant_prior_tasks=False)
    chair = create_member(competition, "chair")
    member = create_member(competition, "member")
    submitted_card(db_session, offer, chair, {"A1": "7", "A2": "2.5", "B1": "3"})
    submitted_card(db_session, offer, member, {"A1": "5", "A2": "4.5", "B1": "1", "B2": "3"})
    with app.test_request_context():
        rubric = rubric_for(competition)
        data = agreement_data(competition, rubric, chair.id, lambda offer, own: True)
        expected = sorted(r.total.share for r in offer_cards(offer, rubric).rows)
    # chair: 14 + 2.5 + 1.5 = 18 of 27 = 0.6667; member: 10 + 4.5 + 0.5 = 15 of 27 = 0.5556 (B2 left out)
    assert sorted(data.figures.offers[0].shares) == expected == [Decimal("0.5556"), Decimal("0.6667")]


def update_form(offer_form, **changes):
    """The offer entry form's fields for a core Offer, as a browser sends them."""
    from app.offers.entry_forms import offer_to_form_data

    data = offer_to_form_data(offer_form, "ignored")
    flat = {k: v for k, v in data.items() if not isinstance(v, list) and v is not None}
    for table in ("actions", "results", "costs"):
        for i, row in enumerate(data[table]):
            flat |= {f"{table}-{i}-{k}": v for k, v in row.items()}
    flat["start_date"], flat["end_date"] = str(offer_form.start_date), str(offer_form.end_date)
    return {**flat, **changes, "save": "1"}


def test_the_updated_offer_is_held_to_the_amount_awarded_and_shown_beside_the_original(client, db_session,
                                                                                         committee):
    from app.results.models import OfferUpdate
    from tests.factories import sample_offer_form

    competition, offers = committee["competition"], committee["offers"]
    offer = offers[1]
    close(db_session, committee, (offer, Decimal("30000.00")))
    url = f"/konkursy/{competition.id}/oferty/{offer.id}/aktualizacja"
    login(client, committee["secretary"])
    page = client.get(url).get_data(as_text=True)
    assert "przyznano 30\u00a0000,00\u00a0zł z wnioskowanych 40\u00a0000,00\u00a0zł" in page
    # the sample offer asks for 64 000 in V.B: the update still says so, and the checks say it is not 30 000
    response = post(client, url, update_form(sample_offer_form(), grant="31 000,00"))
    assert response.status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert "nie jest kwotą przyznaną" in page and "31\u00a0000,00\u00a0zł" in page and "64\u00a0000,00\u00a0zł" in page
    # the offer's own checks run too: 66 000 ≠ 31 000 + 2 000
    assert "różni się od sumy źródeł finansowania" in " ".join(page.split())
    response = post(client, url, update_form(sample_offer_form(), grant="30 000,00", total_costs="32 000,00"))
    assert response.status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert "Zaktualizowana dotacja jest równa kwocie przyznanej" in page
    assert "-34\u00a0000,00\u00a0zł" in page  # 30 000 − 64 000
    assert "różni się od sumy źródeł finansowania" not in " ".join(page.split())  # 32 000 = 30 000 + 2 000
    assert db_session.scalar(sa.select(sa.func.count()).select_from(OfferUpdate)) == 1
    assert db_session.scalar(sa.select(sa.func.count()).select_from(AuditEntry).where(
        AuditEntry.action == "offer.update_after_decision")) == 2
    # an offer granted in full has no update to enter
    assert post(client, f"/konkursy/{competition.id}/oferty/{offers[0].id}/aktualizacja",
                update_form(sample_offer_form())).status_code == 403
    post(client, "/wylogowanie")
    login(client, committee["chair"])
    assert client.get(url).status_code == 200
    assert post(client, url, update_form(sample_offer_form())).status_code == 403


def test_a_bad_amount_in_the_update_keeps_what_was_typed(client, db_session, committee):
    from tests.factories import sample_offer_form

    competition, offer = committee["competition"], committee["offers"][1]
    close(db_session, committee, (offer, Decimal("30000.00")))
    login(client, committee["secretary"])
    response = post(client, f"/konkursy/{competition.id}/oferty/{offer.id}/aktualizacja",
                    update_form(sample_offer_form(), grant="trzydzieści tysięcy", title="Tytuł po aktualizacji"))
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "Wpisz kwotę" in html
    assert 'value="trzydzieści tysięcy"' in html and 'value="Tytuł po aktualizacji"' in html
