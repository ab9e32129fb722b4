"""The archive of a closed call and its audit CSV: written, read back, and every kind of tampering found."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest

from app.audit.log import GENESIS_HASH, entry_hash
from app.exports import archive, audit_csv

KEY = b"k" * 32
TRICKY = ["=SUM(A1:A2)", "+48 71 000", "-5", "@cmd", "\tTAB", "\rCR", "'quoted", "''twice", "zwykły tekst ąęłóśżźćń",
          "średnik; i \"cudzysłów\"", "wiele\nlinii", ""]


def audit_rows(count: int = 3) -> list[SimpleNamespace]:
    rows, previous = [], GENESIS_HASH
    for number in range(1, count + 1):
        row = SimpleNamespace(id=number, at=datetime(2027, 3, 1, 10, number, 0, 123456, tzinfo=UTC), actor_id=7,
                              actor_label=TRICKY[number % len(TRICKY)], action="card.submit", object_type="card",
                              object_id=str(number), competition_id=1, old=None,
                              new='{"points":"-5","why":"=1+1"}', prev_hash=previous, hash="")
        row.hash = previous = entry_hash(row, KEY)
        rows.append(row)
    return rows


@pytest.mark.parametrize("text", TRICKY)
def test_escaping_a_cell_is_reversible_and_never_starts_a_formula(text):
    escaped = audit_csv.escape_cell(text)
    assert not escaped.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert audit_csv.unescape_cell(escaped) == text


def test_audit_csv_reads_back_to_rows_with_the_same_hashes():
    rows = audit_rows(5)
    buffer = io.StringIO(newline="")
    assert audit_csv.write_csv(rows, buffer) == 5
    text = buffer.getvalue()
    assert text.startswith("\ufeffid;at;")
    back = audit_csv.read_csv(text)
    assert [entry_hash(row, KEY) for row in back] == [row.hash for row in rows]
    assert [row.actor_label for row in back] == [row.actor_label for row in rows]


def test_a_csv_of_something_else_is_refused():
    with pytest.raises(ValueError, match="unexpected header"):
        audit_csv.read_csv("a;b\n1;2\n")


def make_archive(path, rows=None) -> dict:
    buffer = io.StringIO(newline="")
    audit_csv.write_csv(rows or audit_rows(), buffer)
    parts = [archive.ArchivePart("protokol.pdf", b"%PDF-1.7 protocol"),
             archive.ArchivePart(archive.AUDIT_FILE, buffer.getvalue().encode("utf-8"))]
    return archive.write_archive(path, parts, {"audit": {"rows": 3, "head_hash": "h", "competition_rows": 3}})


def rewrite(path, changes: dict[str, bytes | None]) -> None:
    """Rewrite the zip with some files replaced (bytes), removed (None) or added."""
    with zipfile.ZipFile(path) as old:
        files = {name: old.read(name) for name in old.namelist()}
    files.update(changes)
    with zipfile.ZipFile(path, "w") as new:
        for name, content in files.items():
            if content is not None:
                new.writestr(name, content)


def test_an_untouched_archive_verifies(tmp_path):
    path = tmp_path / "a.zip"
    manifest = make_archive(path)
    assert [entry["name"] for entry in manifest["files"]] == ["protokol.pdf", archive.AUDIT_FILE]
    report = archive.verify_archive(path, key=KEY)
    assert report.ok, report.findings
    assert (report.files, report.audit_rows) == (2, 3)


@pytest.mark.parametrize(("change", "finding"), [
    ({"protokol.pdf": b"%PDF-1.7 forged"}, "protokol.pdf: SHA-256 differs"),
    ({"protokol.pdf": None}, "protokol.pdf: listed in the manifest but missing"),
    ({"extra.pdf": b"x"}, "extra.pdf: in the archive but not in the manifest"),
    ({archive.MANIFEST: None}, "manifest.json is missing"),
    ({archive.MANIFEST: b"{"}, "manifest.json is not valid JSON"),
])
def test_tampering_with_files_is_found(tmp_path, change, finding):
    path = tmp_path / "a.zip"
    make_archive(path)
    rewrite(path, change)
    report = archive.verify_archive(path, key=KEY)
    assert not report.ok
    assert any(item.startswith(finding) for item in report.findings), report.findings


def test_an_edited_audit_row_is_found_even_with_a_recomputed_manifest(tmp_path):
    rows = audit_rows()
    rows[1].new = '{"points":"9"}'  # edited after hashing: the stored hash no longer fits
    path = tmp_path / "a.zip"
    make_archive(path, rows)
    report = archive.verify_archive(path, key=KEY)
    assert report.findings == [f"{archive.AUDIT_FILE}: row 2 does not match its hash (edited?)"]


def test_audit_rows_are_compared_with_the_live_log(tmp_path):
    path = tmp_path / "a.zip"
    make_archive(path)
    live = {row.id: row.hash for row in audit_rows()}
    assert archive.verify_archive(path, key=KEY, stored_hashes=lambda ids: live).ok
    live[3] = "0" * 64
    report = archive.verify_archive(path, key=KEY, stored_hashes=lambda ids: live)
    assert report.findings == [f"{archive.AUDIT_FILE}: row 3 differs from the live audit log"]


def test_not_a_zip(tmp_path):
    path = tmp_path / "a.zip"
    path.write_bytes(b"PK\x03\x04 not really")
    assert archive.verify_archive(path).findings[0].startswith("not a readable zip file")


def test_duplicate_names_are_refused(tmp_path):
    with pytest.raises(ValueError, match="duplicate"):
        archive.write_archive(tmp_path / "a.zip", [archive.ArchivePart("a", b""), archive.ArchivePart("a", b"")], {})
