"""Accounts in the browser: invitations, passwords, deactivation, "Moje konto"."""
