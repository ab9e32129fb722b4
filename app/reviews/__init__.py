"""Merit assessment: score cards, scores, corrections."""
