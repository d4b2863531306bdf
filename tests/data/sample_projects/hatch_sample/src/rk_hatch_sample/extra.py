"""Left out of the sdist on purpose: a wheel built from the sdist must not have it."""
