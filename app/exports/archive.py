"""The archive of a closed call: one zip, a manifest with every file's SHA-256 and the audit head.

`verify_archive` checks it years later: every listed file is there with its hash, nothing was
added, the audit rows still hash to what they say (with the installation's audit key), and,
where the live database is at hand, the head written into the manifest is still in its chain.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from app.audit.log import entry_hash

from .audit_csv import read_csv

MANIFEST = "manifest.json"
FORMAT = "cal-archive/1"
AUDIT_FILE = "dziennik-zdarzen.csv"
CHUNK = 1 << 16


@dataclass(frozen=True)
class ArchivePart:
    """One file of the archive: its name inside the zip and its content."""

    name: str
    content: bytes


@dataclass
class ArchiveReport:
    """What verify_archive found."""

    files: int = 0
    audit_rows: int = 0
    findings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when nothing is wrong."""
        return not self.findings


def sha256_hex(content: bytes) -> str:
    """The SHA-256 of the content, in hex."""
    return hashlib.sha256(content).hexdigest()


def write_archive(path: Path, parts: Iterable[ArchivePart], about: dict) -> dict:
    """Write the zip with a manifest (``about`` plus each file's size and hash); return the manifest."""
    files = []
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for part in parts:
            if part.name == MANIFEST or any(entry["name"] == part.name for entry in files):
                raise ValueError(f"duplicate file name in the archive: {part.name}")
            archive.writestr(part.name, part.content)
            files.append({"name": part.name, "bytes": len(part.content), "sha256": sha256_hex(part.content)})
        manifest = {"format": FORMAT, **about, "files": files}
        archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True))
    return manifest


def _read_manifest(archive: zipfile.ZipFile, report: ArchiveReport) -> dict | None:
    try:
        manifest = json.loads(archive.read(MANIFEST))
    except KeyError:
        report.findings.append(f"{MANIFEST} is missing")
        return None
    except ValueError as error:
        report.findings.append(f"{MANIFEST} is not valid JSON ({error})")
        return None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT or not isinstance(
            manifest.get("files"), list):
        report.findings.append(f"{MANIFEST} is not a manifest of format {FORMAT}")
        return None
    return manifest


def _check_files(archive: zipfile.ZipFile, manifest: dict, report: ArchiveReport) -> None:
    listed = {entry.get("name"): entry for entry in manifest["files"] if isinstance(entry, dict)}
    present = set(archive.namelist()) - {MANIFEST}
    for name in sorted(present - set(listed)):
        report.findings.append(f"{name}: in the archive but not in the manifest (added later?)")
    for name, entry in listed.items():
        if name not in present:
            report.findings.append(f"{name}: listed in the manifest but missing")
            continue
        digest = hashlib.sha256()
        with archive.open(name) as handle:
            while chunk := handle.read(CHUNK):
                digest.update(chunk)
        if digest.hexdigest() != entry.get("sha256"):
            report.findings.append(f"{name}: SHA-256 differs from the manifest (changed?)")
        report.files += 1


def _check_audit(archive: zipfile.ZipFile, manifest: dict, key: bytes | None, report: ArchiveReport) -> list:
    if AUDIT_FILE not in archive.namelist():
        return []
    try:
        rows = read_csv(archive.read(AUDIT_FILE).decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        report.findings.append(f"{AUDIT_FILE}: cannot be read ({error})")
        return []
    report.audit_rows = len(rows)
    if key is not None:
        for row in rows:
            if not hmac.compare_digest(entry_hash(row, key), row.hash):
                report.findings.append(f"{AUDIT_FILE}: row {row.id} does not match its hash (edited?)")
    expected = manifest.get("audit", {}).get("competition_rows")
    if expected is not None and expected != len(rows):
        report.findings.append(f"{AUDIT_FILE}: {len(rows)} rows, the manifest says {expected}")
    return rows


def verify_archive(path: Path, *, key: bytes | None = None, stored_hashes=None) -> ArchiveReport:
    """Check an archive; ``stored_hashes(ids) -> {id: hash}`` compares its audit rows with a live log."""
    report = ArchiveReport()
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as error:
        report.findings.append(f"not a readable zip file ({error})")
        return report
    with archive:
        manifest = _read_manifest(archive, report)
        if manifest is None:
            return report
        _check_files(archive, manifest, report)
        rows = _check_audit(archive, manifest, key, report)
    if stored_hashes is not None and rows:
        live = stored_hashes([row.id for row in rows])
        for row in rows:
            if live.get(row.id) != row.hash:
                report.findings.append(f"{AUDIT_FILE}: row {row.id} differs from the live audit log")
    return report
