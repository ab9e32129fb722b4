"""What every request and response goes through: bounded ids in URLs, clean text input, security headers."""

from __future__ import annotations

import re

from flask import Flask, Request, Response, abort, current_app, flash, g, request, url_for
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import FileStorage, ImmutableMultiDict, MultiDict
from werkzeug.routing import IntegerConverter

# Ids are INTEGER columns: PostgreSQL holds up to 2^31 - 1 there (and refuses to compare with more),
# so a bigger id is an address that cannot exist.
MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """``<int:…>`` in every route: an id above what the database holds is a 404, not a database error."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


# Scripts, styles and images come from app/static only: no inline script, style attribute or event handler
# would run, so injected markup cannot act. Nobody may frame the pages (clickjacking) or receive a form.
CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self'", "font-src 'self'",
    "connect-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
))
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",  # frame-ancestors for browsers that predate it
    # other sites learn only that someone came from this one, never an offer's or a competition's address
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
}


def add_security_headers(response: Response) -> Response:
    """The same security headers on every response: pages, redirects, error pages, files, static files."""
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


# C0 and C1 control characters but tab, line feed and carriage return: invisible on screen, and PostgreSQL
# refuses NUL in text (SQLite would store it), so they would be a server error on one database only.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
REMOVED_MESSAGE = _l("Invisible control characters (such as NUL) were removed from what you sent. "
                     "Check that the text is complete.")


def clean_text(value: str) -> str:
    """Text without control characters (tab and new lines kept), line ends as LF."""
    return CONTROL_CHARACTERS.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))


def _clean(value):
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, FileStorage) and value.filename:
        value.filename = clean_text(value.filename)
    return value


class CleanParameters(ImmutableMultiDict):
    """The query string's and the form's values, cleaned as they are parsed: every view and form gets clean text.

    ``removed`` names the keys whose values held control characters (a CRLF turned to LF does not count).
    """

    def __init__(self, mapping=None):
        pairs = list(MultiDict(mapping).items(multi=True)) if mapping is not None else []
        self.removed = frozenset(clean_text(key) for key, value in pairs
                                 if isinstance(value, str) and CONTROL_CHARACTERS.search(value))
        super().__init__([(clean_text(key), _clean(value)) for key, value in pairs])


class CleanRequest(Request):
    """Flask's request with cleaned query strings and forms (file contents are left as sent)."""

    parameter_storage_class = CleanParameters


def note_removed_characters() -> None:
    """An address with a control character cannot exist (404); a form or query that had one is noted."""
    if CONTROL_CHARACTERS.search(request.path):
        abort(404)
    removed = request.args.removed
    if request.method in ("POST", "PUT", "PATCH"):
        removed |= request.form.removed
    g.removed_characters = "found" if removed else None


def tell_about_removed_characters() -> dict:
    """Say it on the page being rendered (before its messages are read) or, after a redirect, on the next one:
    at the latest moment, because signing in starts a new session and would drop an earlier message."""
    if g.get("removed_characters") == "found":
        flash(REMOVED_MESSAGE, "error")
        g.removed_characters = "told"
    return {}


def _tell_after(response: Response) -> Response:
    tell_about_removed_characters()
    return response


_SITE_URLS: dict[tuple, str] = {}
_SITE_URLS_KEPT = 1000


def site_url(endpoint: str, **values: str) -> str:
    """url_for for the links every page's frame repeats (menus, footer, style sheet): the same page and
    values always give the same path under the same script root, so each is built once."""
    key = (current_app.url_map, request.script_root, endpoint, *sorted(values.items()))
    url = _SITE_URLS.get(key)
    if url is None:
        url = url_for(endpoint, **values)
        if len(_SITE_URLS) < _SITE_URLS_KEPT:
            _SITE_URLS[key] = url
    return url


def init_web(app: Flask) -> None:
    """Install the URL converter (before any route is added), clean text input and the security headers."""
    app.url_map.converters["int"] = IdConverter
    app.request_class = CleanRequest
    app.before_request(note_removed_characters)
    app.context_processor(tell_about_removed_characters)
    app.after_request(_tell_after)
    app.after_request(add_security_headers)
    app.jinja_env.globals["site_url"] = site_url
