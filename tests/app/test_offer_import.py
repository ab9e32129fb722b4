"""Importing offers in the browser: all or nothing, every problem with its row and column, broken files."""

import io
import zipfile
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.core.offer import offer_from_dict
from app.core.offer_import import IMPORT_COLUMNS
from app.offers.models import Offer
from tests.conftest import login, post

HEADER = [c.header for c in IMPORT_COLUMNS]


def row(number="IMP/1", **values):
    base = {"number": number, "applicant_name": "Fundacja „Żółty Róg”", "register_number": "0000123456",
            "title": f"Centrum Aktywności Lokalnej {number}", "start_date": "2027-01-01", "end_date": "31.12.2027",
            "total_costs": "66 000,00", "grant": "64000", "own_financial": "1000,00", "own_non_financial": "1000",
            "had_prior_tasks": "tak", "contact_email": "anna@example.org"}
    base.update(values)
    return [base.get(c.key, "") for c in IMPORT_COLUMNS]


def csv_bytes(rows, separator=";", encoding="utf-8-sig", header=HEADER):
    lines = [separator.join(f'"{v}"' if separator in str(v) else str(v) for v in r) for r in [header, *rows]]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def xlsx_bytes(rows, header=HEADER):
    book = openpyxl.Workbook()
    book.active.append(header)
    for r in rows:
        book.active.append(r)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def desk(client, create_competition, create_member):
    competition = create_competition(status="announced")
    secretary = create_member(competition, "secretary")
    login(client, secretary)
    return competition, secretary


def send(client, competition, payload, name="oferty.csv"):
    return post(client, f"/konkursy/{competition.id}/oferty/import",
                {"document": (io.BytesIO(payload), name)}, content_type="multipart/form-data")


def offers_in(db_session, competition):
    return db_session.scalars(sa.select(Offer).where(Offer.competition_id == competition.id)
                              .order_by(Offer.number)).all()


@pytest.mark.parametrize(("separator", "encoding"), [(";", "utf-8-sig"), (";", "utf-8"), (",", "utf-8"),
                                                     (";", "cp1250"), (",", "cp1250")])
def test_csv_in_every_encoding_and_separator_imports_every_field(client, db_session, desk, separator, encoding):
    competition, _secretary = desk
    response = send(client, competition, csv_bytes([row("IMP/1"), row("IMP/2", register_number="0000999999")],
                                                   separator, encoding))
    assert response.status_code == 302, response.get_data(as_text=True)[-3000:]
    offers = offers_in(db_session, competition)
    assert [o.number for o in offers] == ["IMP/1", "IMP/2"]
    form = offer_from_dict(offers[0].form_data)
    assert form.applicants[0].name == "Fundacja „Żółty Róg”" and offers[0].applicant_name == "Fundacja „Żółty Róg”"
    assert (form.start_date, form.end_date) == (date(2027, 1, 1), date(2027, 12, 31))
    assert (form.funding.total_costs, form.funding.grant, offers[0].requested_grant) == (
        Decimal("66000.00"), Decimal(64000), Decimal(64000))
    assert form.applicants[0].had_prior_tasks is True and offers[0].formal_status == "pending"
    actions = [e.action for e in db_session.scalars(sa.select(AuditEntry).where(
        AuditEntry.competition_id == competition.id))]
    assert actions.count("offer.register") == 2 and "offer.import" in actions


def test_xlsx_with_real_numbers_and_dates(client, db_session, desk):
    competition, _secretary = desk
    payload = xlsx_bytes([row("X/1", total_costs=66000, grant=64000.5, start_date=date(2027, 2, 1),
                              register_number=123456)])
    assert send(client, competition, payload, "oferty.xlsx").status_code == 302
    form = offer_from_dict(offers_in(db_session, competition)[0].form_data)
    assert (form.funding.grant, form.start_date, form.applicants[0].register_number) == (
        Decimal("64000.5"), date(2027, 2, 1), "123456")


def test_every_error_has_its_row_and_column_and_nothing_is_imported(client, db_session, desk):
    competition, _secretary = desk
    rows = [row("E/1"), row("E/2", grant="dużo"), row("E/3", start_date="32.01.2027"), row("", title=""),
            row("E/1"), row("E/6", had_prior_tasks="może"), row("E/7", contact_email="anna(at)example"),
            row("E/8", total_costs="-5"), row("E/9", title="Centrum Aktywności Lokalnej E/1"),
            row("E/10", title="x" * 501)]
    response = send(client, competition, csv_bytes(rows))
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and offers_in(db_session, competition) == []
    assert "Nic nie zaimportowano" in page
    for line, column, text in [
        (3, "Wnioskowana dotacja (zł)", "„dużo” nie jest kwotą"),
        (4, "Data rozpoczęcia", "„32.01.2027” nie jest datą"),
        (5, "Numer oferty", "To pole jest wymagane"), (5, "Tytuł zadania", "To pole jest wymagane"),
        (6, "Numer oferty", "występuje już w wierszu 2"),
        (7, "Zadania publiczne zlecone w latach poprzednich (tak/nie)", "wpisz „tak”, „nie”"),
        (8, "Adres e-mail", "nie jest adresem e-mail"), (9, "Koszty ogółem (zł)", "jest ujemna"),
        (10, "Tytuł zadania", "jak w wierszu 2"), (11, "Tytuł zadania", "najwyżej 500 znaków"),
    ]:
        assert f'<td class="num">{line}</td><td lang="pl">{column}</td><td>' in page, (line, column)
        assert text in page, text


def test_duplicates_against_existing_offers(client, db_session, desk, create_offer):
    competition, _secretary = desk
    create_offer(competition, number="OLD/1")  # KRS 0000000001, title of sample_offer_form
    response = send(client, competition, csv_bytes([
        row("OLD/1", register_number="5"),
        row("NEW/2", register_number="0000000001", title="centrum aktywności  lokalnej na osiedlu testowym")]))
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and len(offers_in(db_session, competition)) == 1
    assert "Oferta o numerze OLD/1 jest już w tym konkursie" in page
    assert "o tym samym numerze KRS i tytule jest już w tym konkursie (numer OLD/1)" in page


@pytest.mark.parametrize(("payload", "name", "message"), [
    (b"", "oferty.csv", "Wybierz plik do zaimportowania"),
    (bytes(range(256)) * 40, "oferty.csv", "nie daje się odczytać jako tekst CSV"),
    (b"PK\x03\x04" + b"\x00" * 200, "oferty.xlsx", "nie jest czytelnym skoroszytem Excela"),
    (b"to nie jest skoroszyt", "oferty.xlsx", "nie jest czytelnym skoroszytem Excela"),
    (b"\xd0\xcf\x11\xe0" + b"\x00" * 100, "oferty.xls", "chroniony hasłem lub zapisany w starym formacie"),
    (b"Numer;Kolor\r\n1;zielony\r\n", "oferty.csv", "Brakuje kolumny „Wnioskodawca”"),
    ("Numer oferty;Wnioskodawca;Tytuł zadania\r\n".encode(), "oferty.csv", "nagłówek, ale żadnej oferty"),
])
def test_broken_files_are_refused_with_a_clear_message(client, db_session, desk, payload, name, message):
    competition, _secretary = desk
    response = send(client, competition, payload, name) if payload else post(
        client, f"/konkursy/{competition.id}/oferty/import", {}, content_type="multipart/form-data")
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert offers_in(db_session, competition) == []


def test_a_zip_bomb_is_refused_before_it_is_unpacked(client, db_session, desk):
    competition, _secretary = desk
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * (60 * 1024 * 1024))
    assert len(out.getvalue()) < 200_000
    response = send(client, competition, out.getvalue(), "bomba.xlsx")
    assert response.status_code == 400 and "Plik jest za duży: limit to 50 MB." in response.get_data(as_text=True)


def test_a_file_above_the_size_limit_and_too_many_rows(client, db_session, desk, app):
    competition, _secretary = desk
    saved = app.config["CAL_IMPORT_MAX_BYTES"]
    app.config["CAL_IMPORT_MAX_BYTES"] = 1024
    try:
        response = send(client, competition, csv_bytes([row(f"R/{n}") for n in range(30)]))
    finally:
        app.config["CAL_IMPORT_MAX_BYTES"] = saved
    assert response.status_code == 400 and "Plik jest za duży: limit to 1 kB." in response.get_data(as_text=True)
    # Only the required columns, so the file stays under the test client's 500 kB in-memory body.
    lines = ["Numer oferty;Wnioskodawca;Tytuł zadania"] + [f"R/{n};Fundacja {n};Tytuł {n}" for n in range(10_000)]
    response = send(client, competition, "\n".join(lines).encode())
    assert response.status_code == 400
    assert "Plik ma więcej niż 1000 ofert" in response.get_data(as_text=True)
    assert offers_in(db_session, competition) == []


def test_formula_cells_are_reported_not_evaluated(client, db_session, desk):
    competition, _secretary = desk
    payload = xlsx_bytes([row("F/1", grant="=B2*2"), row("F/2", applicant_name='=HYPERLINK("http://x","y")')])
    page = send(client, competition, payload, "oferty.xlsx").get_data(as_text=True)
    assert "Komórka zawiera formułę (=B2*2)" in page and "=HYPERLINK(&#34;http://x&#34;" in page
    assert offers_in(db_session, competition) == []


def test_text_payloads_are_stored_as_typed_and_escaped_on_the_page(client, db_session, desk):
    competition, _secretary = desk
    payload = '<script>alert(1)</script>'
    rows = [row("P/1", applicant_name="=1+1", title=payload, place="@SUM(A1)", needs="+48", resources="-x")]
    assert send(client, competition, csv_bytes(rows)).status_code == 302
    offer = offers_in(db_session, competition)[0]
    assert (offer.applicant_name, offer.title) == ("=1+1", payload)
    page = client.get(f"/konkursy/{competition.id}/oferty/{offer.id}").get_data(as_text=True)
    assert payload not in page and "&lt;script&gt;" in page


def test_import_is_refused_once_merit_assessment_started_and_templates_download(client, db_session,
                                                                                create_competition, create_member):
    competition = create_competition()  # merit
    secretary = create_member(competition, "secretary")
    login(client, secretary)
    assert send(client, competition, csv_bytes([row()])).status_code == 403
    template = client.get(f"/konkursy/{competition.id}/oferty/import/wzor.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(template.get_data()))
    assert [c.value for c in book["Oferty"][1]] == HEADER and "Objaśnienia" in book.sheetnames
    csv_template = client.get(f"/konkursy/{competition.id}/oferty/import/wzor.csv").get_data()
    assert csv_template.decode("utf-8-sig").strip() == ";".join(HEADER)


def test_the_template_filled_in_imports(client, db_session, desk):
    competition, _secretary = desk
    template = client.get(f"/konkursy/{competition.id}/oferty/import/wzor.xlsx").get_data()
    book = openpyxl.load_workbook(io.BytesIO(template))
    book["Oferty"].append(row("T/1"))
    out = io.BytesIO()
    book.save(out)
    assert send(client, competition, out.getvalue(), "wzor.xlsx").status_code == 302
    assert [o.number for o in offers_in(db_session, competition)] == ["T/1"]


def test_the_command_line_imports_csv_and_xlsx_through_the_same_path(app, db_session, create_competition,
                                                                      create_offer, tmp_path):
    competition = create_competition(status="announced", reference="CLI/CSV")
    create_offer(competition, number="OLD/1")
    path = tmp_path / "oferty.csv"
    path.write_bytes(csv_bytes([row("C/1"), row("C/2", grant="dużo")], ";", "cp1250"))
    result = app.test_cli_runner().invoke(args=["competitions", "import-offers", "CLI/CSV", str(path)])
    assert result.exit_code == 1 and "row 3, column “Wnioskowana dotacja (zł)”: „dużo” nie jest kwotą" in result.output
    xlsx = tmp_path / "oferty.xlsx"
    xlsx.write_bytes(xlsx_bytes([row("C/1"), row("C/2", register_number="0000000001",
                                                   title="Centrum Aktywności Lokalnej na osiedlu testowym")]))
    result = app.test_cli_runner().invoke(args=["competitions", "import-offers", "CLI/CSV", str(xlsx)])
    assert result.exit_code == 1 and "(numer OLD/1)" in result.output
    assert [o.number for o in offers_in(db_session, competition)] == ["OLD/1"]
    xlsx.write_bytes(xlsx_bytes([row("C/1"), row("C/2", register_number="99")]))
    result = app.test_cli_runner().invoke(args=["competitions", "import-offers", "CLI/CSV", str(xlsx)])
    assert result.exit_code == 0 and "imported 2 offer(s)" in result.output
