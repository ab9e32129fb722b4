"""Error pages in the user's language."""

from flask import Flask, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError

MESSAGES = {
    400: (_l("The request could not be understood"), _l("Please go back and try again.")),
    403: (_l("No access"), _l("You do not have permission to see this page or to do this.")),
    404: (_l("Page not found"), _l("The address may be mistyped, or the page no longer exists.")),
    405: (_l("Not allowed"), _l("This address does not accept this kind of request.")),
    409: (_l("Changed in the meantime"), _l("Someone changed this in the meantime. Reload the page.")),
    413: (_l("File too large"), _l("The file is larger than the allowed size.")),
    429: (_l("Too many attempts"), _l("Too many attempts in a short time. Please wait a minute and try again.")),
    500: (_l("Something went wrong"), _l("The error has been recorded. Please try again in a moment.")),
}


CSRF_MESSAGE = (_l("The form could not be accepted"),
                _l("The form was sent without its security token, or from another site. Go back, reload the page "
                   "and send the form again; copy any long text you typed first."))


def register_error_pages(app: Flask) -> None:
    """Plain, translated pages for HTTP errors."""

    def render(error):
        code = getattr(error, "code", 500) or 500
        title, text = MESSAGES.get(code, MESSAGES[500])
        # A refused committee page says why (app.competitions.permissions.refusal), never what it hides.
        refusal = getattr(error, "refusal", None)
        return render_template("error.html", code=code, title=title, text=text, refusal=refusal), code

    for code in MESSAGES:
        app.register_error_handler(code, render)

    @app.errorhandler(CSRFError)
    def _csrf(error):
        return render_template("error.html", code=400, title=CSRF_MESSAGE[0], text=CSRF_MESSAGE[1]), 400
