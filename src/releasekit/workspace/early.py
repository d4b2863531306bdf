"""Start the history walk's ``git log`` before the CLI loads, for a single project or for
``next --all`` in a monorepo.

The console entry point calls :func:`start_history_log` for the commands that read the
history. A single project's walk is started by :mod:`releasekit.git.prestart`; ``next --all``
starts the monorepo's one walk (:class:`~releasekit.workspace.history.PackageWalk`) the way
:func:`releasekit.monorepo.status.workspace_status` will want it, which claims it when the
arguments are the same. Best effort, and only ever an early start: never a different answer.
"""

from __future__ import annotations

from pathlib import Path

from releasekit.errors import ReleasekitError
from releasekit.git.prestart import start_release_log

__all__ = ["start_history_log"]


def start_history_log(start: Path, *, every_package: bool = False) -> None:
    """Start the ``git log`` the command at ``start`` will read: every package's walk with
    ``every_package`` (``next --all``), else the single project's since its last tag."""
    if not every_package:
        start_release_log(start)
        return
    try:
        from releasekit.git.runner import Git
        from releasekit.workspace.history import PackageWalk, last_tags, read_tag_refs
        from releasekit.workspace.members import find_workspace
        from releasekit.workspace.tagformat import workspace_tag_format

        workspace = find_workspace(start)
        if workspace is None:
            return
        git = Git(workspace.root)
        refs = read_tag_refs(git, merged=False)
        formats = {
            p.key: workspace_tag_format(workspace, p, refs.names)
            for p in workspace.packages
            if p.name
        }
        PackageWalk(git, last_tags(refs, formats), refs, ordered=False).hold()
    except (ReleasekitError, OSError, ValueError, TypeError):
        return
