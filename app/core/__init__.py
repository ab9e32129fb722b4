"""Pure domain logic: rubric model, scoring, aggregation. No Flask, no SQLAlchemy."""
