"""Render a template of templates/exports/ to PDF with WeasyPrint, and send it as a download.

Templates are rendered with Flask's render_template, so gettext, filters and autoescaping
work as on a page. WeasyPrint reads static files from disk: link them relative to the
static folder (``<img src="logo.png">``); it is given no network and no other file.
"""

from __future__ import annotations

import re
import unicodedata
import warnings
from functools import cache
from pathlib import Path
from urllib.parse import quote, urlsplit
from urllib.request import url2pathname

from flask import Response, current_app, render_template
from flask_babel import gettext
from markupsafe import Markup

_PAGE, _PAGES = "\x00page\x00", "\x00pages\x00"
_CSS_STRING_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\A ", "<": "\\3C "})
# NFKD leaves "ł" alone, so Polish letters get their ASCII twins first.
_POLISH_TO_ASCII = str.maketrans("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ", "acelnoszzACELNOSZZ")
_UNSAFE_IN_FILENAME = re.compile(r"[^A-Za-z0-9._-]+")
_CONTROL_OR_PATH = re.compile(r'[\x00-\x1f\x7f/\\"]+')


@cache
def _static_files_fetcher() -> type:
    # WeasyPrint (about 30 MiB once imported) is loaded when the first PDF is made, not with the app: a
    # process that never makes a PDF (the workbook, the pages) does not carry it.
    from weasyprint.urls import URLFetcher

    class StaticFilesFetcher(URLFetcher):
        """Lets WeasyPrint read data: URLs and files of one folder, and nothing else."""

        def __init__(self, folder: Path) -> None:
            super().__init__(allowed_protocols=("file", "data"), allow_redirects=False)
            self._folder = folder.resolve()

        def fetch(self, url, headers=None):
            """The resource at ``url``, if it is data or a file inside the folder."""
            if url.startswith("file:"):
                path = Path(url2pathname(urlsplit(url).path)).resolve()
                if not path.is_relative_to(self._folder):
                    raise ValueError(f"not a static file: {url}")
            return super().fetch(url, headers)

    return StaticFilesFetcher


def __getattr__(name: str):
    if name == "StaticFilesFetcher":  # built on first use (see _static_files_fetcher)
        return _static_files_fetcher()
    raise AttributeError(name)


def page_numbers_css() -> Markup:
    """A CSS ``content`` value for "page X of Y" in the user's language, with the page counters in place."""
    text = gettext("page %(page)s of %(pages)s", page=_PAGE, pages=_PAGES)
    parts = []
    for piece in re.split(r"(\x00pages?\x00)", text):
        if piece == _PAGE:
            parts.append("counter(page)")
        elif piece == _PAGES:
            parts.append("counter(pages)")
        elif piece:
            parts.append(f'"{piece.translate(_CSS_STRING_ESCAPES)}"')
    # Safe in a <style> element: quotes, backslashes and "<" are escaped inside the strings.
    return Markup(" ".join(parts))  # noqa: S704


# Variants offered for officials' documents: tagged PDF/UA-1 for reading (screen readers get headings,
# paragraphs and tables), and PDF/A-3a for the archive (level "a" keeps the tags; fonts embedded, an sRGB
# OutputIntent and XMP metadata naming the variant). Neither was checked by a PDF/A or PDF/UA validator.
PDF_VARIANTS = {"ua": "pdf/ua-1", "archival": "pdf/a-3a"}


def render_html(template_name: str, **context) -> str:
    """The HTML of templates/exports/<template_name>, as WeasyPrint will lay it out; inside a request context."""
    return render_template(f"exports/{template_name}", page_numbers_css=page_numbers_css(), **context)


def html_to_pdf(html: str, pdf_variant: str | None = None) -> bytes:
    """Lay out the HTML as a tagged PDF (``pdf_variant`` as WeasyPrint names it, e.g. "pdf/a-3a")."""
    from weasyprint import HTML

    static = Path(current_app.static_folder)
    document = HTML(string=html, base_url=static.resolve().as_uri() + "/",
                    url_fetcher=_static_files_fetcher()(static))
    # Tagged PDF: screen readers get headings, paragraphs and tables, not a bag of glyphs.
    with warnings.catch_warnings():
        # WeasyPrint 70 opens its sRGB profile for the PDF/A OutputIntent and never closes it (the file is
        # read in full and dropped at once); only that warning is silenced.
        warnings.filterwarnings("ignore", category=ResourceWarning, message=r"unclosed file .*sRGB2014\.icc")
        return document.write_pdf(pdf_tags=True, pdf_variant=pdf_variant)


def render_pdf(template_name: str, *, pdf_variant: str | None = None, **context) -> bytes:
    """Render templates/exports/<template_name> and return the PDF; call inside a request context."""
    return html_to_pdf(render_html(template_name, **context), pdf_variant)


def ascii_filename(filename: str) -> str:
    """The filename for old clients: Polish letters as ASCII, anything unsafe as "_"."""
    text = unicodedata.normalize("NFKD", filename.translate(_POLISH_TO_ASCII))
    text = text.encode("ascii", "ignore").decode("ascii")
    return _UNSAFE_IN_FILENAME.sub("_", text).strip("._") or "document.pdf"


def pdf_response(pdf_bytes: bytes, filename: str) -> Response:
    """A download of the PDF: an ASCII filename plus the exact one in RFC 5987 ``filename*``."""
    exact = _CONTROL_OR_PATH.sub("_", unicodedata.normalize("NFC", filename)).strip().lstrip(".") or "document.pdf"
    disposition = f"attachment; filename=\"{ascii_filename(exact)}\"; filename*=UTF-8''{quote(exact, safe='')}"
    response = current_app.response_class(pdf_bytes, mimetype="application/pdf")
    response.headers["Content-Disposition"] = disposition
    # Score cards and self-checks are not for shared caches.
    response.headers["Cache-Control"] = "private, no-store"
    return response
