"""Long exports run in the background (Huey): a job row, its progress, and the finished file."""
