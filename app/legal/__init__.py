"""Pages a Polish public body must publish: the accessibility statement and the RODO notice."""
