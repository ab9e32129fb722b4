"""Offers on the 2018 form: entry by the secretary, the committee's view and the NGO self-check."""
