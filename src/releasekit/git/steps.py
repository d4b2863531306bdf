"""The git side of a release as plan steps: commit, tag, push.

Each step describes itself with the exact git command it runs (what ``--dry-run`` prints),
applies it through :class:`~releasekit.git.runner.Git`, and knows how to undo exactly what it did:
the commit step moves the branch back and restores the index it found; the tag step deletes
the tag it made, and only if the tag still points where it left it. The push is the one
irreversible step: once a remote has the release, undoing it is a decision for a human.

>>> from pathlib import Path
>>> from releasekit.git.runner import Git
>>> print(TagStep(Git(Path(".")), "v1.2.4", "Release 1.2.4").describe())
git tag --annotate --cleanup=whitespace -m 'Release 1.2.4' v1.2.4 HEAD
"""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from dataclasses import dataclass, field

from releasekit.errors import GitError, RefusedError
from releasekit.git.commands import commit_command, push_command, tag_command
from releasekit.git.runner import Git, mask_credentials

__all__ = ["CommitStep", "PushStep", "TagStep", "shell_command"]


def shell_command(args: Sequence[str]) -> str:
    """A git argument list as the command line a user could paste.

    >>> shell_command(["commit", "-m", "chore(release): 1.2.4"])
    "git commit -m 'chore(release): 1.2.4'"
    """
    return shlex.join(["git", *args])


@dataclass
class CommitStep:
    """Commit exactly ``paths`` (relative to the repository path) with ``message``.

    Other staged changes stay staged and out of the commit; untracked files stay untracked.
    Rollback points the branch back at the commit it came from (only if the branch still
    points at the release commit) and puts back the index file byte for byte.
    """

    git: Git
    paths: Sequence[str]
    message: str
    sign: bool = False
    irreversible: bool = False
    #: Set by :meth:`apply`: the branch, the commit before, and the release commit.
    branch: str | None = field(default=None, init=False)
    parent: str | None = field(default=None, init=False)
    commit: str | None = field(default=None, init=False)
    _index: bytes | None = field(default=None, init=False, repr=False)

    def describe(self) -> str:
        """The exact ``git commit`` command."""
        return shell_command(commit_command(self.message, self.paths, sign=self.sign))

    def apply(self) -> None:
        """Make the release commit."""
        branch = self.git.current_branch()
        if branch is None:
            raise RefusedError(
                f"HEAD is detached in {self.git.path}: check out the release branch first"
            )
        index = self.git.index_file()
        self._index = index.read_bytes() if index.is_file() else None
        self.branch, self.parent = branch, self.git.head()
        self.commit = self.git.commit_paths(self.message, list(self.paths), sign=self.sign)

    def rollback(self) -> None:
        """Drop the release commit and restore the index as it was."""
        if self.commit is None or self.branch is None:
            return
        refname = f"refs/heads/{self.branch}"
        if self.parent is None:
            self.git.run("update-ref", "-d", refname, self.commit)
        else:
            self.git.move_ref(refname, self.parent, self.commit)
        index = self.git.index_file()
        if self._index is None:
            index.unlink(missing_ok=True)
        else:
            from releasekit.files.atomic import write_atomic

            write_atomic(index, self._index)
        self.commit = None


@dataclass
class TagStep:
    """Make an annotated tag (signed with ``sign``) on ``ref``."""

    git: Git
    name: str
    message: str
    sign: bool = False
    ref: str = "HEAD"
    irreversible: bool = False
    #: Set by :meth:`apply`: the id of the tag object made.
    tag_object: str | None = field(default=None, init=False)

    def describe(self) -> str:
        """The exact ``git tag`` command."""
        return shell_command(tag_command(self.name, self.message, sign=self.sign, ref=self.ref))

    def apply(self) -> None:
        """Create the tag; refuse if it appeared since the preflight."""
        if self.git.has_tag(self.name):
            raise RefusedError(
                f"tag {self.name} already exists: delete it (`git tag -d {self.name}`) or "
                "release another version"
            )
        self.tag_object = self.git.create_tag(self.name, self.message, sign=self.sign, ref=self.ref)

    def rollback(self) -> None:
        """Delete the tag this step made (left alone if someone moved it since)."""
        if self.tag_object is not None:
            self.git.delete_tag(self.name, expected=self.tag_object)
            self.tag_object = None


@dataclass
class PushStep:
    """``git push --atomic REMOTE REFS…``: the branch and the tag land together, or not at all.

    Irreversible: once it has run, a later failure is reported with what was done instead of
    being rolled back. When it fails the remote is untouched (that is what ``--atomic`` is
    for), so the steps before it roll back.
    """

    git: Git
    remote: str
    refs: Sequence[str]
    atomic: bool = True
    irreversible: bool = True

    @property
    def command(self) -> str:
        """The command line, also the way to finish by hand after a later failure."""
        # The remote may be a URL with a token in it: never show that.
        return mask_credentials(
            shell_command(push_command(self.remote, self.refs, atomic=self.atomic))
        )

    def describe(self) -> str:
        """The exact ``git push`` command."""
        return self.command

    def apply(self) -> None:
        """Push; a rejection raises :class:`GitError` with git's stderr."""
        try:
            self.git.push(self.remote, self.refs, atomic=self.atomic)
        except GitError as exc:
            raise GitError(
                f"{exc.message}\nthe push was rejected and the remote {self.remote!r} is "
                "unchanged: fix the cause above and release again"
            ) from exc

    def rollback(self) -> None:
        """Never called: a push cannot be taken back."""
