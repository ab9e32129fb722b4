"""Demo data: a fictional CAL competition for trying the tool (flask demo load); no real organisations or people."""
