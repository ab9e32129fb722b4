"""The audit log: an append-only, hash-chained record of every operation, and `flask audit verify`."""

from . import models  # noqa: F401  (models must be imported for migrations)
