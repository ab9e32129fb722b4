"""Competitions (otwarte konkursy ofert): lifecycle, committee, impartiality declarations."""
