"""Accounts: people who use the tool."""

from . import models  # noqa: F401
