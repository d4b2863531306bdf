"""Conventional Commits: parse messages and tally the bump they call for. Pure."""
