"""Self-check of a draft offer: an NGO coordinator's draft read against the rubric's evidence hints."""
