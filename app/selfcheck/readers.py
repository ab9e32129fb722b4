"""Reading an uploaded draft in memory: .docx (python-docx), .odt (its XML) and .pdf (pypdf).

The type is told by the content, never by the file's name. Nothing is written to disk:
every library reads from a BytesIO. A file that cannot be read raises UploadRefused with
a code the page turns into a plain message; the libraries' own errors are caught where
they are known to be raised for broken files, so a bad upload never ends in a 500.
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum

from lxml import etree

from app.core.drafts import BudgetNotChecked, BudgetSkip, Draft, DraftPart, DraftSource, file_draft, heading_section
from app.core.offer import Offer

from .form_tables import Budget, is_form_label, is_header_row, read_budget

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
MAX_UNPACKED_BYTES = 100 * 1024 * 1024  # a zip bomb stops here
MAX_PAGES = 300
MAX_TEXT_CHARS = 400_000  # about 120 pages: the report's forms carry the text back
SCAN_LETTERS_PER_PAGE = 40  # a page of an offer has a couple of thousand

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, and a password-protected .docx
_OLE_ENCRYPTION = "EncryptionInfo".encode("utf-16-le")
_ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
_LETTER = re.compile(r"[^\W\d_]")

log = logging.getLogger(__name__)


class UploadProblem(StrEnum):
    """Why an uploaded file cannot be checked."""

    EMPTY = "empty"
    TOO_BIG = "too_big"  # params: max_mb
    UNKNOWN_TYPE = "unknown_type"
    OLD_WORD = "old_word"
    ENCRYPTED = "encrypted"
    CORRUPT = "corrupt"
    NO_TEXT_LAYER = "no_text_layer"
    TOO_LONG = "too_long"


class UploadRefused(Exception):
    """The upload cannot be read; ``problem`` says why, ``params`` fill the message."""

    def __init__(self, problem: UploadProblem, **params: object) -> None:
        super().__init__(problem.value)
        self.problem = problem
        self.params = params


@dataclass
class _Document:
    """A file's paragraphs in reading order, and its tables as grids of cell texts."""

    parts: list[DraftPart] = field(default_factory=list)
    tables: list[list[list[str]]] = field(default_factory=list)
    chars: int = 0

    def add(self, text: str, *, page: int | None = None, form_text: bool = False) -> None:
        text = text.strip()
        if not text:
            return
        self.chars += len(text)
        if self.chars > MAX_TEXT_CHARS:
            raise UploadRefused(UploadProblem.TOO_LONG)
        self.parts.append(DraftPart(text, page=page, paragraph=len(self.parts) + 1, form_text=form_text))


def detect_type(data: bytes) -> DraftSource:
    """The kind of document by its first bytes and, for a zip, by its parts."""
    if b"%PDF-" in data[:1024]:
        return DraftSource.PDF
    if data.startswith(_OLE):
        raise UploadRefused(UploadProblem.ENCRYPTED if _OLE_ENCRYPTION in data else UploadProblem.OLD_WORD)
    if not data.startswith(b"PK\x03\x04"):
        raise UploadRefused(UploadProblem.UNKNOWN_TYPE)
    archive = _open_zip(data)
    names = set(archive.namelist())
    if "word/document.xml" in names:
        return DraftSource.DOCX
    if "mimetype" in names and archive.read("mimetype").strip() == _ODT_MIMETYPE and "content.xml" in names:
        return DraftSource.ODT
    raise UploadRefused(UploadProblem.UNKNOWN_TYPE)


def read_upload(data: bytes, filename: str = "", *, max_bytes: int = DEFAULT_MAX_BYTES) -> Draft:
    """The draft in an uploaded file, read in memory; UploadRefused when it cannot be."""
    if not data:
        raise UploadRefused(UploadProblem.EMPTY)
    if len(data) > max_bytes:
        raise UploadRefused(UploadProblem.TOO_BIG, max_mb=max(1, max_bytes // (1024 * 1024)))
    try:
        return _read(data, filename)
    except UploadRefused:
        raise
    # python-docx, lxml, zipfile and pypdf meet a damaged file with whatever built-in error the
    # broken structure leads them into (AttributeError for a [Content_Types].xml of "<Types/>",
    # NotImplementedError for a misspelt filter, a CRC error on a later read). No list of them is
    # complete, so the whole reading is one boundary: anything it raises is a damaged file. The
    # error is logged with its traceback so that a fault of our own still shows in the log.
    except Exception:
        log.warning("self-check: an uploaded file could not be read", exc_info=True)
        raise UploadRefused(UploadProblem.CORRUPT) from None


def _read(data: bytes, filename: str) -> Draft:
    source = detect_type(data)
    reader = {DraftSource.DOCX: _read_docx, DraftSource.ODT: _read_odt, DraftSource.PDF: _read_pdf}[source]
    document = reader(data)
    if not any(_LETTER.search(p.text) for p in document.parts):
        raise UploadRefused(UploadProblem.NO_TEXT_LAYER if source is DraftSource.PDF else UploadProblem.EMPTY)
    budget = read_budget(document.tables) if source is not DraftSource.PDF else BudgetNotChecked(BudgetSkip.PDF)
    offer = Offer(costs=budget.costs, funding=budget.funding) if isinstance(budget, Budget) else None
    skip = budget if isinstance(budget, BudgetNotChecked) else None
    stated = budget.stated_total if isinstance(budget, Budget) else None
    return file_draft(source, document.parts, offer=offer, budget_skip=skip, filename=filename[-200:],
                      stated_costs_total=stated)


def _open_zip(data: bytes) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise UploadRefused(UploadProblem.CORRUPT) from None
    if sum(info.file_size for info in infos) > MAX_UNPACKED_BYTES:
        raise UploadRefused(UploadProblem.TOO_BIG, max_mb=MAX_UNPACKED_BYTES // (1024 * 1024))
    if any(info.flag_bits & 0x1 for info in infos):
        raise UploadRefused(UploadProblem.ENCRYPTED)
    return archive


# --- .docx ---------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _TBL, _TR, _TC = f"{_W}p", f"{_W}tbl", f"{_W}tr", f"{_W}tc"
_TEXT_TAGS = {f"{_W}t": None, f"{_W}tab": "\t", f"{_W}br": "\n", f"{_W}cr": "\n", f"{_W}noBreakHyphen": "-"}
# Block containers whose paragraphs belong to the text: content controls, custom XML, tracked moves.
_DOCX_CONTAINERS = {f"{_W}{name}" for name in ("sdt", "sdtContent", "customXml", "ins", "moveTo", "smartTag")}


def _read_docx(data: bytes) -> _Document:
    # python-docx and pypdf are loaded by the first upload, not with every process of the app (≈ 25 MiB).
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    _open_zip(data)  # refuses zip bombs before python-docx unpacks anything
    try:
        body = docx.Document(io.BytesIO(data)).element.body
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, etree.XMLSyntaxError, zlib.error):
        raise UploadRefused(UploadProblem.CORRUPT) from None
    document = _Document()
    _walk_docx(body, document)
    return document


def _walk_docx(element, document: _Document) -> None:
    for child in element.iterchildren():
        if child.tag == _P:
            document.add(_docx_paragraph(child))
        elif child.tag == _TBL:
            document.tables.append(_docx_table(child, document))
        elif child.tag in _DOCX_CONTAINERS:
            _walk_docx(child, document)


def _docx_paragraph(paragraph) -> str:
    pieces = []
    for node in paragraph.iter(*_TEXT_TAGS):
        # A text box inside the paragraph has paragraphs of its own: their text is not this one's.
        if next(node.iterancestors(_P), None) is not paragraph:
            continue
        fixed = _TEXT_TAGS[node.tag]
        pieces.append(node.text or "" if fixed is None else fixed)
    return "".join(pieces)


def _docx_table(table, document: _Document) -> list[list[str]]:
    grid = []
    for row in table.iter(_TR):
        if next(row.iterancestors(_TBL), None) is not table:
            continue  # a row of a table nested in a cell
        cells: list[tuple[int, str]] = []
        for cell in row.iterchildren(_TC):
            span = cell.find(f"{_W}tcPr/{_W}gridSpan")
            merged = cell.find(f"{_W}tcPr/{_W}vMerge")
            # A vertically merged cell repeats nothing: its text is in the first cell of the merge.
            continued = merged is not None and merged.get(f"{_W}val") in (None, "continue")
            paragraphs = [] if continued else [_docx_paragraph(p) for p in _cell_paragraphs(cell)]
            cells.append((int(span.get(f"{_W}val", "1")) if span is not None else 1, "\n".join(paragraphs)))
        header = is_header_row([text for _, text in cells])
        for _, text in cells:
            for line in text.split("\n"):
                document.add(line, form_text=header or is_form_label(line))
        grid.append([text for span, text in cells for _ in range(min(span, 50))])
    return grid


def _cell_paragraphs(cell) -> Iterator:
    for child in cell.iterchildren():
        if child.tag == _P:
            yield child
        elif child.tag in _DOCX_CONTAINERS:
            yield from _cell_paragraphs(child)


# --- .odt ----------------------------------------------------------------------------------

_TEXT_NS = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_TABLE_NS = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE_NS = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_ODT_PARAGRAPHS = {f"{_TEXT_NS}p", f"{_TEXT_NS}h"}
_ODT_CONTAINERS = {f"{_TEXT_NS}{n}" for n in ("list", "list-item", "list-header", "section", "index-body")}
_ODT_SKIPPED = {f"{_TEXT_NS}note", f"{_OFFICE_NS}annotation", f"{_TEXT_NS}tracked-changes"}


def _read_odt(data: bytes) -> _Document:
    archive = _open_zip(data)
    try:
        if b"encryption-data" in archive.read("META-INF/manifest.xml"):
            raise UploadRefused(UploadProblem.ENCRYPTED)
    except KeyError:
        pass  # a manifest is optional for reading
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)
    try:
        root = etree.fromstring(archive.read("content.xml"), parser)
    except (KeyError, etree.XMLSyntaxError, zipfile.BadZipFile, zlib.error):
        raise UploadRefused(UploadProblem.CORRUPT) from None
    document = _Document()
    for text in root.iter(f"{_OFFICE_NS}text"):
        _walk_odt(text, document)
    return document


def _walk_odt(element, document: _Document) -> None:
    for child in element.iterchildren():
        if child.tag in _ODT_PARAGRAPHS:
            document.add(_odt_text(child))
        elif child.tag == f"{_TABLE_NS}table":
            document.tables.append(_odt_table(child, document))
        elif child.tag in _ODT_CONTAINERS:
            _walk_odt(child, document)


def _odt_text(element) -> str:
    pieces = [element.text or ""]
    for child in element.iterchildren():
        tag = child.tag
        if tag == f"{_TEXT_NS}s":
            pieces.append(" " * min(int(child.get(f"{_TEXT_NS}c", "1") or 1), 100))
        elif tag == f"{_TEXT_NS}tab":
            pieces.append("\t")
        elif tag == f"{_TEXT_NS}line-break":
            pieces.append("\n")
        elif tag not in _ODT_SKIPPED and isinstance(tag, str):
            pieces.append(_odt_text(child))
        pieces.append(child.tail or "")
    return "".join(pieces)


def _odt_table(table, document: _Document) -> list[list[str]]:
    grid = []
    for row in table.iter(f"{_TABLE_NS}table-row"):
        if next(row.iterancestors(f"{_TABLE_NS}table"), None) is not table:
            continue
        texts: list[str] = []
        own: list[str] = []
        spanned: list[str] = []  # the columns a spanning cell still covers, with its text
        for cell in row.iterchildren(f"{_TABLE_NS}table-cell", f"{_TABLE_NS}covered-table-cell"):
            repeat = min(int(cell.get(f"{_TABLE_NS}number-columns-repeated", "1") or 1), 50)
            if cell.tag == f"{_TABLE_NS}covered-table-cell":
                texts.extend(spanned.pop(0) if spanned else "" for _ in range(repeat))
                continue
            span = min(int(cell.get(f"{_TABLE_NS}number-columns-spanned", "1") or 1), 50)
            text = "\n".join(_odt_text(p) for p in cell.iter(*_ODT_PARAGRAPHS))
            spanned = [text] * (span - 1)
            texts.extend([text] * repeat)
            if repeat == 1:  # repeated cells are the empty ones at a row's end
                own.append(text)
        header = is_header_row(own)
        for line in (line for text in own for line in text.split("\n")):
            document.add(line, form_text=header or is_form_label(line))
        grid.append(texts)
    return grid


# --- .pdf ----------------------------------------------------------------------------------

_SENTENCE_END = (".", ":", ";", "!", "?")


def _read_pdf(data: bytes) -> _Document:
    from pypdf import PasswordType, PdfReader
    from pypdf.errors import DependencyError, PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                decrypted = reader.decrypt("")
            # pypdf raises NotImplementedError for an encryption scheme it cannot open: treat as protected.
            except (DependencyError, NotImplementedError):
                decrypted = PasswordType.NOT_DECRYPTED
            if decrypted == PasswordType.NOT_DECRYPTED:
                raise UploadRefused(UploadProblem.ENCRYPTED)
        if len(reader.pages) > MAX_PAGES:
            raise UploadRefused(UploadProblem.TOO_LONG)
        pages = [page.extract_text() or "" for page in reader.pages]
    # pypdf reports a broken file with its own errors, but some damage surfaces as the
    # built-in errors of the parsing code below it (a missing key, a bad stream, a short file).
    except (PyPdfError, ValueError, KeyError, IndexError, TypeError, AttributeError, zlib.error, RecursionError):
        raise UploadRefused(UploadProblem.CORRUPT) from None
    letters = sum(len(_LETTER.findall(text)) for text in pages)
    if letters < SCAN_LETTERS_PER_PAGE * max(len(pages), 1):
        raise UploadRefused(UploadProblem.NO_TEXT_LAYER)
    document = _Document()
    for number, text in enumerate(pages, start=1):
        for paragraph in pdf_paragraphs(text):
            document.add(paragraph, page=number)
    return document


def pdf_paragraphs(page_text: str) -> list[str]:
    """A PDF page's lines joined into paragraphs: a short line ending a sentence, or a heading, ends one."""
    lines = [" ".join(line.split()) for line in page_text.splitlines()]
    width = max((len(line) for line in lines), default=0)
    paragraphs: list[str] = []
    current = ""
    for line in lines:
        if not line:
            paragraphs.append(current)
            current = ""
            continue
        heading = heading_section(line) is not None
        if heading and current:
            paragraphs.append(current)
            current = ""
        if current.endswith("-") and len(current) > 1 and current[-2].isalpha() and line[:1].islower():
            current = current[:-1] + line  # a word hyphenated at the end of the line
        else:
            current = f"{current} {line}" if current else line
        if heading or (line.endswith(_SENTENCE_END) and len(line) < 0.75 * width):
            paragraphs.append(current)
            current = ""
    paragraphs.append(current)
    return [p for p in paragraphs if p.strip()]
