"""The exact git commands the release steps run, and print in a dry run.

Pure: each function builds an argument list, so a dry run shows what would run and the tests
pin it down without a repository.

>>> push_command("origin", [tag_refspec("v1.2.4")], atomic=False)
['push', '--', 'origin', 'refs/tags/v1.2.4:refs/tags/v1.2.4']
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = [
    "branch_refspec",
    "commit_command",
    "literal_pathspec",
    "push_command",
    "tag_command",
    "tag_refspec",
]


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

    The remote and the refspecs come after ``--``: a branch named ``--force`` is a ref,
    never an option.

    >>> push_command("origin", ["refs/heads/main:refs/heads/main"])
    ['push', '--atomic', '--', 'origin', 'refs/heads/main:refs/heads/main']
    """
    return ["push", *(["--atomic"] if atomic else []), "--", remote, *refs]


def branch_refspec(branch: str, remote_branch: str | None = None) -> str:
    """The full refspec that pushes local ``branch`` to ``remote_branch`` (default: same name).

    >>> branch_refspec("main"), branch_refspec("main", "trunk")
    ('refs/heads/main:refs/heads/main', 'refs/heads/main:refs/heads/trunk')
    """
    return f"refs/heads/{branch}:refs/heads/{remote_branch or branch}"


def tag_refspec(tag: str) -> str:
    """The full refspec that pushes tag ``tag``.

    >>> tag_refspec("v1.2.4")
    'refs/tags/v1.2.4:refs/tags/v1.2.4'
    """
    return f"refs/tags/{tag}:refs/tags/{tag}"
