"""A sample package without __version__."""

ANSWER = 42
