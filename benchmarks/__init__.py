"""Speed figures for `make bench`: medians, not timed tests (the machines are shared)."""
