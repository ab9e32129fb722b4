"""Rubric files: loading, validation against their sources, the registry and the CLI."""
