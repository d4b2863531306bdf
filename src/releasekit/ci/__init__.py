"""What releasekit says to the CI system it runs in, beyond its exit status and output.

- :mod:`releasekit.ci.problems`: ``file:line: message`` problems read from error lines;
- :mod:`releasekit.ci.github`: GitHub Actions workflow commands (annotations, log groups),
  step outputs in ``$GITHUB_OUTPUT`` and the Markdown step summary in
  ``$GITHUB_STEP_SUMMARY``.

Nothing here prints or imports click: functions return the text to show, or write the files
the CI system names, and the CLI decides when.
"""

from __future__ import annotations

__all__: list[str] = []
