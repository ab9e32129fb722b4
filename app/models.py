"""Every model of the app, imported in one place so that Alembic and relationships see them all."""

from app.audit.models import AuditEntry, AuditHead  # noqa: F401
from app.auth.models import User  # noqa: F401
from app.calibration.models import CalibrationCard, CalibrationRound, CalibrationSample, CalibrationScore  # noqa: F401
from app.competitions.models import Competition, ImpartialityDeclaration, LifecycleEvent, Membership  # noqa: F401
from app.exports.models import ProtocolDetails  # noqa: F401
from app.jobs.models import BackgroundJob  # noqa: F401
from app.offers.models import Exclusion, ExpertComment, FormalCheck, Offer  # noqa: F401
from app.results.models import Decision, DecisionGrant, GrantAdjustment, OfferUpdate  # noqa: F401
from app.reviews.models import CardCorrection, Score, ScoreCard  # noqa: F401
from app.selfcheck.models import SelfCheckDraft  # noqa: F401
