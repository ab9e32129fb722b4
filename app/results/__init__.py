"""From the committee's opinion to the mayor's decision: allocation, adjustments, the decision, agreement."""
