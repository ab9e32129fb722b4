"""Start page and site-wide views."""
