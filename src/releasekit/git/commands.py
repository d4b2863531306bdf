"""The exact git commands the release steps run, and print in a dry run.

Pure: each function builds an argument list, so a dry run shows what would run and the tests
pin it down without a repository.

>>> push_command("origin", ["main", "v1.2.4"], atomic=False)
['push', 'origin', 'main', 'v1.2.4']
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["commit_command", "literal_pathspec", "push_command", "tag_command"]


def commit_command(message: str, paths: Sequence[str], *, sign: bool = False) -> list[str]:
    """The ``git commit`` arguments that commit exactly ``paths``.

    >>> commit_command("chore(release): 1.2.4", ["pyproject.toml"])
    ['commit', '--only', '-m', 'chore(release): 1.2.4', '--', 'pyproject.toml']
    """
    # Without ``sign`` no flag at all: a user's ``commit.gpgSign = true`` still applies.
    sign_flags = ["--gpg-sign"] if sign else []
    return ["commit", "--only", *sign_flags, "-m", message, "--", *map(literal_pathspec, paths)]


def literal_pathspec(path: str) -> str:
    """``path`` as a pathspec that matches only itself (glob characters made literal).

    >>> literal_pathspec("docs/conf.py"), literal_pathspec("data/[v].txt")
    ('docs/conf.py', ':(literal)data/[v].txt')
    """
    return f":(literal){path}" if any(c in path for c in "*?[]\\:") else path


def tag_command(name: str, message: str, *, sign: bool = False, ref: str = "HEAD") -> list[str]:
    """The ``git tag`` arguments for an annotated (or signed) tag.

    >>> tag_command("v1.2.4", "Release 1.2.4")
    ['tag', '--annotate', '--cleanup=whitespace', '-m', 'Release 1.2.4', 'v1.2.4', 'HEAD']
    """
    kind = "--sign" if sign else "--annotate"
    return ["tag", kind, "--cleanup=whitespace", "-m", message, name, ref]


def push_command(remote: str, refs: Sequence[str], *, atomic: bool = True) -> list[str]:
    """The ``git push`` arguments: with ``atomic``, every ref is updated or none is.

    >>> push_command("origin", ["main", "v1.2.4"])
    ['push', '--atomic', 'origin', 'main', 'v1.2.4']
    """
    return ["push", *(["--atomic"] if atomic else []), remote, *refs]
