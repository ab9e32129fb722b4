"""Documents the office files: PDF rendering of Jinja templates (protocols, score cards, reports)."""
