"""The competition's workbook and CSV: read back with openpyxl for values, types and formats; who gets what."""

import csv
import io
import json
import re
from datetime import datetime
from decimal import Decimal

import openpyxl
import pytest
import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.offers.models import FormalCheck
from app.reviews.models import Score, ScoreCard
from tests.conftest import login

PAYLOADS = ['=HYPERLINK("http://zlo.example","klik")', "+48 71 000", "-1+2", "@SUM(A1:A9)", "\t=1", "\r=1",
            "<script>alert(1)</script>"]
WHY = "Uzasadnienie wystarczająco długie, by członek komisji mógł je złożyć."


def submitted(db_session, offer, user, why=WHY, **points):
    card = ScoreCard(offer_id=offer.id, user_id=user.id, status="submitted", rubric_id="mini", rubric_version="1.0",
                     rubric_hash=offer.competition.rubric_hash, submitted_at=datetime(2027, 3, 1, 9, 30))
    maxima = {"A1": 10, "A2": 5, "B1": 4, "B2": 6}
    for cid, value in points.items():
        card.scores.append(Score(criterion_id=cid, points=None if value == "nd" else Decimal(value),
                                 not_applicable=value == "nd", max_points=Decimal(maxima[cid]), justification=why))
    db_session.add(card)
    db_session.commit()
    return card


@pytest.fixture
def call(db_session, create_competition, create_member, create_offer, rubrics_dir):
    from tests.conftest import DATA, REPO

    rubrics_dir(DATA, REPO)
    competition = create_competition()
    first, second = create_offer(competition, number="W/001"), create_offer(competition, number="W/002")
    people = {role: create_member(competition, role) for role in ("secretary", "chair", "member", "expert")}
    people["member2"] = create_member(competition, "member")
    submitted(db_session, first, people["member"], A1="8", A2="4", B1="3", B2="5")
    submitted(db_session, first, people["member2"], A1="6", A2="2.5", B1="2", B2="6")
    submitted(db_session, second, people["member"], A1="4", A2="1", B1="1", B2="2")
    return competition, first, second, people


def workbook(response):
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return openpyxl.load_workbook(io.BytesIO(response.get_data()))


def data_rows(sheet):
    return list(sheet.iter_rows(min_row=3, values_only=True))


def test_sheets_values_types_and_formats(client, call):
    competition, _first, _second, people = call
    login(client, people["secretary"])
    response = client.get(f"/konkursy/{competition.id}/zestawienie.xlsx")
    assert "wersja-robocza" in response.headers["Content-Disposition"]
    book = workbook(response)
    assert book.sheetnames == ["Ranking", "Oceny", "Kryteria", "Zgodność", "Ocena formalna",
                               "Kryteria oceny"]
    ranking = book["Ranking"]
    assert "WERSJA ROBOCZA" in ranking["A1"].value
    assert [c.value for c in ranking[2]][:5] == ["Pozycja", "Numer oferty", "Wnioskodawca", "Tytuł zadania",
                                                 "Wynik (pkt)"]
    assert ranking.freeze_panes == "A3" and ranking.auto_filter.ref == "A2:O4"
    top = ranking[3]
    # W/001: cards 8·2+4+3·0.5+5 = 26.5 and 6·2+2.5+2·0.5+6 = 21.5 of 20+5+2+6 = 33; mean 24.00
    assert top[1].value == "W/001" and top[0].value == 1 and isinstance(top[0].value, int)
    assert top[4].value == 24 and top[4].number_format == "General"  # Polish Excel shows 24 or 21,5
    assert top[6].number_format == "0.00%" and abs(top[6].value - 0.7273) < 1e-9
    assert (top[7].value, top[8].value, top[10].value, top[11].value) == (21.5, 26.5, 2, "TAK")
    assert top[12].number_format == "#,##0.00" and top[12].value == 64000
    assert ranking[4][11].value == "NIE"  # W/002: 4·2+1+0.5+2 = 11.5 of 33, below 60 %

    scores = book["Oceny"]
    rows = data_rows(scores)
    assert len(rows) == 12 and rows[0][0] == "W/001"
    assert isinstance(scores["J3"].value, datetime) and scores["J3"].number_format == "DD.MM.YYYY HH:MM"
    assert scores["J3"].value == datetime(2027, 3, 1, 10, 30)  # 9:30 UTC is 10:30 in Wrocław
    assert scores["F3"].value == 8 and scores["F3"].data_type == "n"

    criteria = {r[0]: r for r in data_rows(book["Kryteria"])}
    # A1 over the three cards: 8, 6, 4 → mean 6, spread 4, deviation √(8/3) = 1.63
    assert criteria["A1"][3:11] == (3, 0, 6, 0.6, 4, 8, 4, 1.63)
    rubric_rows = data_rows(book["Kryteria oceny"])
    assert rubric_rows[0][1] == "A1" and "„Potencjał kadrowy" in rubric_rows[0][9]
    formal = data_rows(book["Ocena formalna"])
    assert [r[3] for r in formal] == ["dopuszczona do oceny merytorycznej"] * 2


def test_the_workbook_totals_are_the_ranking_page_totals(client, call):
    competition, _first, _second, people = call
    login(client, people["secretary"])
    page = client.get(f"/konkursy/{competition.id}/wyniki").get_data(as_text=True)
    shown = re.findall(r'<td class="num">([\d,]+) / ([\d,]+)</td>', page)
    book = workbook(client.get(f"/konkursy/{competition.id}/zestawienie.xlsx"))
    written = [(r[4], r[5]) for r in data_rows(book["Ranking"])]
    assert [(Decimal(p.replace(",", ".")), Decimal(m.replace(",", "."))) for p, m in shown] == \
        [(Decimal(str(p)), Decimal(str(m))) for p, m in written]


def test_the_chair_sees_no_scores_before_their_own_card(client, db_session, call):
    competition, first, _second, people = call
    login(client, people["chair"])
    book = workbook(client.get(f"/konkursy/{competition.id}/zestawienie.xlsx"))
    ranking = data_rows(book["Ranking"])
    assert all(r[4] is None and r[14] == "niewidoczne do złożenia własnej karty" for r in ranking)
    assert data_rows(book["Oceny"]) == []
    assert all(r[3] == 0 for r in data_rows(book["Kryteria"]))
    submitted(db_session, first, people["chair"], A1="10", A2="5", B1="4", B2="6")
    book = workbook(client.get(f"/konkursy/{competition.id}/zestawienie.xlsx"))
    visible = {r[1]: r for r in data_rows(book["Ranking"])}
    assert visible["W/001"][10] == 3 and visible["W/002"][4] is None
    assert {r[0] for r in data_rows(book["Oceny"])} == {"W/001"}


def test_excluded_member_scores_are_left_out(client, db_session, call):
    from app.offers.models import Exclusion

    competition, first, _second, people = call
    db_session.add(Exclusion(offer_id=first.id, user_id=people["member2"].id, kind="secretary", reason="powód",
                             created_by_id=people["secretary"].id))
    db_session.commit()
    login(client, people["secretary"])
    book = workbook(client.get(f"/konkursy/{competition.id}/zestawienie.xlsx"))
    assert people["member2"].display_name not in {r[2] for r in data_rows(book["Oceny"])}
    assert data_rows(book["Ranking"])[0][10] == 1


@pytest.mark.parametrize("role", ["member", "expert"])
def test_members_and_experts_cannot_download(client, call, role):
    competition, _first, _second, people = call
    login(client, people[role])
    assert client.get(f"/konkursy/{competition.id}/zestawienie.xlsx").status_code == 403
    assert client.get(f"/konkursy/{competition.id}/oceny.csv").status_code == 403


def test_every_download_is_audit_logged_and_closed_is_not_a_draft(client, db_session, call):
    competition, _first, _second, people = call
    competition.status = "closed"
    db_session.commit()
    login(client, people["secretary"])
    response = client.get(f"/konkursy/{competition.id}/zestawienie.xlsx")
    assert "wersja-robocza" not in response.headers["Content-Disposition"]
    assert "WERSJA ROBOCZA" not in workbook(response)["Ranking"]["A1"].value
    client.get(f"/konkursy/{competition.id}/oceny.csv")
    entries = db_session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "export.download")).all()
    assert [(e.actor_id, json.loads(e.new)["document"]) for e in entries] == [(people["secretary"].id, "workbook"),
                                                                  (people["secretary"].id, "scores_csv")]


def test_csv_is_utf8_with_bom_semicolons_and_decimal_commas(client, call):
    competition, _first, _second, people = call
    login(client, people["secretary"])
    response = client.get(f"/konkursy/{competition.id}/oceny.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    raw = response.get_data()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["Numer oferty", "Wnioskodawca", "Członek komisji", "Kryterium"]
    assert len(rows) == 13 and "2,50" in {r[5] for r in rows} and rows[1][9] == "01.03.2027 10:30"


@pytest.mark.parametrize("payload", PAYLOADS)
def test_formula_payloads_through_every_text_field_are_neutralised(client, db_session, create_competition,
                                                                   create_member, create_offer, rubrics_dir, payload):
    from tests.conftest import DATA, REPO

    rubrics_dir(DATA, REPO)
    competition = create_competition(title=payload)
    offer = create_offer(competition, number=payload[:40], applicant_name=payload, title=payload)
    secretary = create_member(competition, "secretary")
    member = create_member(competition, "member", display_name=payload)
    submitted(db_session, offer, member, why=payload + " " + WHY, A1="5", A2="2", B1="1", B2="3")
    db_session.add(FormalCheck(offer_id=offer.id, answers={"on_time": "tak"}, outcome="admitted", reason=payload,
                               checked_by_id=secretary.id))
    db_session.commit()
    login(client, secretary)
    book = workbook(client.get(f"/konkursy/{competition.id}/zestawienie.xlsx"))
    texts = [c.value for ws in book.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert sum(payload.strip("\t\r")[:10] in t for t in texts) >= 6
    assert not [t for t in texts if t.startswith(("=", "+", "-", "@", "\t", "\r"))]
    assert all(c.data_type != "f" for ws in book.worksheets for row in ws.iter_rows() for c in row)
    rows = list(csv.reader(io.StringIO(client.get(f"/konkursy/{competition.id}/oceny.csv")
                                       .get_data().decode("utf-8-sig")), delimiter=";"))
    assert not [v for r in rows for v in r if v.startswith(("=", "+", "-", "@", "\t", "\r"))]
