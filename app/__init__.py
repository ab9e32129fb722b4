"""The CAL grant-assessment application."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from . import config as settings
from . import models  # noqa: F401  (every model, for Alembic and relationships)
from .extensions import babel, csrf, db, limiter, login_manager, migrate


def create_app(config: dict | None = None) -> Flask:
    """Build the application; ``config`` overrides settings read from the environment."""
    app = Flask(
        __name__,
        instance_path=settings.instance_path(),
        template_folder=str(settings.PROJECT_ROOT / "templates"),
    )
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.update(settings.from_environment(Path(app.instance_path)))
    app.config.update(config or {})

    from .web import init_web

    init_web(app)  # before the blueprints: their routes use its URL converter
    from .database import register_sqlite_pragmas
    from .i18n import init_i18n

    db.init_app(app)
    register_sqlite_pragmas(app)
    migrate.init_app(app, db, directory=str(settings.PROJECT_ROOT / "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    init_i18n(app, babel)
    init_login(app)
    from .accounts.mail import mail

    mail.init_app(app)

    from .accounts.views import bp as accounts_bp
    from .audit.cli import audit_cli
    from .auth.cli import users_cli
    from .auth.views import bp as auth_bp
    from .backup import backup_command
    from .calibration.views import bp as calibration_bp
    from .competitions import audit_views, committee_views, reminder_views, settings_views  # noqa: F401  (routes added to the blueprint)
    from .competitions.cli import competitions_cli
    from .competitions.views import bp as competitions_bp
    from .demo.cli import demo_cli
    from .error_summary import init_error_summary
    from .errors import register_error_pages
    from .exports.cli import archive_cli
    from .exports.views import bp as documents_bp
    from .exports.workbook_views import bp as workbook_bp
    from .jobs.views import bp as jobs_bp
    from .legal.views import bp as legal_bp
    from .main.views import bp as main_bp
    from .offers import conflict_views, entry_views, formal_views, import_views  # noqa: F401  (routes on the blueprints)
    from .offers.views import bp as offers_bp
    from .results import update_views  # noqa: F401  (routes added to the blueprint)
    from .results.views import bp as outcome_bp
    from .reviews.views import bp as reviews_bp
    from .reviews.views import results_bp
    from .rubrics.cli import rubrics_cli
    from .rubrics.views import bp as rubrics_bp
    from .selfcheck.cli import selfcheck_cli
    from .selfcheck.views import bp as selfcheck_bp
    from .system import system_cli

    for blueprint in (main_bp, legal_bp, auth_bp, accounts_bp, rubrics_bp, competitions_bp, offers_bp, reviews_bp,
                      results_bp, outcome_bp, selfcheck_bp, jobs_bp, documents_bp, workbook_bp, calibration_bp):
        app.register_blueprint(blueprint)
    for command in (rubrics_cli, system_cli, users_cli, audit_cli, demo_cli, selfcheck_cli, competitions_cli,
                    archive_cli):
        app.cli.add_command(command)
    app.cli.add_command(backup_command)
    register_error_pages(app)
    init_error_summary(app)
    return app


def init_login(app: Flask) -> None:
    """Flask-Login: sessions bound to the user, unknown or inactive ids are anonymous."""
    from flask import request
    from flask_babel import lazy_gettext

    from .auth.models import User
    from .competitions.permissions import user_with_access

    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = lazy_gettext("Please sign in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def _load_user(session_id: str):
        # "id:counter": a session from before the last logout or password change carries an old counter.
        user_id, _, version = session_id.partition(":")
        if not (user_id.isdigit() and version.isdigit() and len(user_id) < 19 and len(version) < 19):
            return None
        competition_id = (request.view_args or {}).get("competition_id")
        if isinstance(competition_id, int):  # a competition's page: its access rights come in the same statement
            user = user_with_access(int(user_id), competition_id)
        else:
            user = db.session.get(User, int(user_id))
        if user is None or not user.is_active or user.session_version != int(version):
            return None
        return user
