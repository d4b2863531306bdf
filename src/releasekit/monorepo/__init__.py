"""Commands over every package of a monorepo at once, from one read of the history.

- :mod:`~releasekit.monorepo.status`: what each package would release (``next --all``);
- :mod:`~releasekit.monorepo.release`: the release of several packages as one plan (one
  commit, one tag per package, one atomic push; ``release --all``).
"""
