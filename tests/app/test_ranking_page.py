"""The chair's ranking page, from submitted cards."""

from tests.app.test_impartiality import submitted_card
from tests.conftest import login


def test_ranking_with_threshold_budget_and_disagreement(client, db_session, create_competition, create_member,
                                                        create_offer):
    from decimal import Decimal

    competition = create_competition(budget=Decimal("100000.00"), threshold=Decimal("0.6"))
    strong = create_offer(competition, number="R/1", requested_grant=Decimal("64000.00"))
    split = create_offer(competition, number="R/2", requested_grant=Decimal("50000.00"))
    weak = create_offer(competition, number="R/3", requested_grant=Decimal("10000.00"))
    chair = create_member(competition, "chair")
    member = create_member(competition, "member")
    # mini rubric, weighted, 33 points: A1×2 + A2 + B1×0.5 + B2
    submitted_card(db_session, strong, chair, {"A1": "9", "A2": "4", "B1": "4", "B2": "6"})   # 18+4+2+6 = 30
    submitted_card(db_session, strong, member, {"A1": "8", "A2": "4", "B1": "4", "B2": "6"})  # 16+4+2+6 = 28
    submitted_card(db_session, split, chair, {"A1": "10", "A2": "5", "B1": "4", "B2": "6"})   # 20+5+2+6 = 33
    submitted_card(db_session, split, member, {"A1": "3", "A2": "2", "B1": "2", "B2": "3"})   # 6+2+1+3 = 12
    submitted_card(db_session, weak, chair, {"A1": "2", "A2": "1", "B1": "0", "B2": "2"})     # 4+1+0+2 = 7
    login(client, chair)
    html = client.get(f"/konkursy/{competition.id}/wyniki").get_data(as_text=True)
    # R/1: 29 of 33 = 0.8788; R/2: 22.5 of 33 = (1 + 0.3636) / 2 = 0.6818; R/3: 7 of 33 = 0.2121
    # the member has not scored R/3 yet: the ranking is preliminary and recommends nothing
    assert "<h1>Ranking wstępny</h1>" in html and "Brakuje jeszcze 1 karty." in html
    assert "<td>rekomendowana</td>" not in html and "<td>na razie mieści się w budżecie (wstępnie)</td>" in html
    assert html.index("R/1") < html.index("R/2") < html.index("R/3")
    assert "29 / 33" in html and "87,88%" in html
    assert "22,5 / 33" in html and "68,18%" in html
    # R/2's members differ by 1 - 0.3636 = 0.6364
    assert "członkowie komisji różnią się o 63,64% — do omówienia" in html
    # 64 000 fits, 64 000 + 50 000 = 114 000 does not; R/3 is below 60 %
    assert "brak środków w budżecie" in html and "poniżej progu" in html
    assert "36\u00a0000,00\u00a0zł" in html  # remaining: 100 000 - 64 000
