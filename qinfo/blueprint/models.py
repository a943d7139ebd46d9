"""Blueprint tables (built in issue 5)."""
