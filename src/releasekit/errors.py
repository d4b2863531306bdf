"""The one error hierarchy of releasekit.

Every failure a user can cause (bad input, a refused release, a failed check) is a
:class:`ReleasekitError`. Each carries the exit status the CLI should use and a message that
names the culprit and says what to do. Any other exception escaping releasekit is a bug.

>>> err = ConfigError("[tool.releasekit] scheme: 'calvr' is not one of: calver, semver")
>>> err.exit_code
2
>>> isinstance(InvalidVersion("1.x"), ValueError)
True
"""

from __future__ import annotations

__all__ = [
    "BuildBackendFailed",
    "BuildError",
    "ChangelogError",
    "CheckFailed",
    "ConfigError",
    "FileFormatError",
    "GitError",
    "InvalidVersion",
    "NothingToRelease",
    "Problem",
    "ProjectNotFound",
    "PublishError",
    "RefusedError",
    "ReleasekitError",
    "UsageError",
    "VerifyError",
    "VersionLocationError",
    "VersionNotIncreasing",
]

#: Exit status for a refused release or a failed check.
EXIT_REFUSED = 1
#: Exit status for a usage or configuration error.
EXIT_USAGE = 2


class ReleasekitError(Exception):
    """Base of every error releasekit raises on purpose.

    ``str(error)`` is the whole message; it may span several lines, each of which the CLI
    prints behind ``error:``. ``exit_code`` is 1 (refused, check failed) or 2 (usage,
    configuration).
    """

    exit_code: int = EXIT_REFUSED

    def __init__(
        self, message: str, *, exit_code: int | None = None, cli_message: str | None = None
    ) -> None:
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code
        #: The message in the CLI user's words (flags instead of keyword arguments), if any.
        self.cli_message = cli_message

    @classmethod
    def worded(
        cls, problem: str, *, api: str, cli: str, exit_code: int | None = None
    ) -> ReleasekitError:
        """An error whose fix reads ``api`` for a library caller and ``cli`` on the command line.

        >>> err = ReleasekitError.worded("no version; pass ", api="set_version=V", cli="--set V")
        >>> err.message, err.lines(cli=True)
        ('no version; pass set_version=V', ['no version; pass --set V'])
        """
        return cls(problem + api, exit_code=exit_code, cli_message=problem + cli)

    @property
    def message(self) -> str:
        """The message, without the ``error:`` prefix the CLI adds."""
        return str(self.args[0]) if self.args else ""

    def lines(self, *, cli: bool = False) -> list[str]:
        """The message split into the lines the CLI prints, one ``error:`` each.

        With ``cli``, the CLI's wording when the error has one: a library caller reads
        ``allow_empty_changelog=True`` where a CLI user reads ``--allow-empty``.

        >>> err = ReleasekitError("pass allow_downgrade=True", cli_message="pass --allow-downgrade")
        >>> err.lines(), err.lines(cli=True)
        (['pass allow_downgrade=True'], ['pass --allow-downgrade'])
        """
        text = self.cli_message if cli and self.cli_message else self.message
        return [line for line in text.splitlines() if line.strip()] or [type(self).__name__]


class UsageError(ReleasekitError):
    """A command was called with arguments that cannot work together."""

    exit_code = EXIT_USAGE


class ConfigError(ReleasekitError):
    """``[tool.releasekit]`` (or another configuration source) has a bad key or value."""

    exit_code = EXIT_USAGE


class InvalidVersion(ReleasekitError, ValueError):
    """A string is not a valid version for the scheme at hand.

    It is also a :class:`ValueError`, so code that parses versions with ``try/except
    ValueError`` keeps working.
    """

    exit_code = EXIT_USAGE


class ProjectNotFound(ReleasekitError):
    """No pyproject.toml (or other project file) was found where releasekit looked."""

    exit_code = EXIT_USAGE


class FileFormatError(ReleasekitError):
    """A project file cannot be read: broken TOML, undecodable bytes, a missing key."""

    exit_code = EXIT_USAGE


class VersionLocationError(ReleasekitError):
    """A place where the version lives does not hold what releasekit expected."""


class ChangelogError(ReleasekitError):
    """The changelog cannot be parsed or edited as asked."""


class RefusedError(ReleasekitError):
    """A precondition of a release is not met (dirty tree, wrong branch, existing tag…)."""


class VersionNotIncreasing(RefusedError):
    """The computed or requested version is not higher than the current one."""


class NothingToRelease(VersionNotIncreasing):
    """No commit since the last release calls for one: the version would stay as it is.

    The library refuses (a bump to the same version is no bump); the CLI's ``bump`` and
    ``release`` report it and exit 0 with ``released=false``, so a pipeline can go on.
    """


class CheckFailed(ReleasekitError):
    """``releasekit check`` found places that disagree.

    ``problems`` keeps each finding with its place, for ``--json`` and CI annotations.
    """

    def __init__(
        self,
        message: str,
        *,
        problems: tuple[Problem, ...] = (),
        exit_code: int | None = None,
        cli_message: str | None = None,
    ) -> None:
        super().__init__(message, exit_code=exit_code, cli_message=cli_message)
        self.problems = problems


class GitError(ReleasekitError):
    """A git command failed; the message carries git's stderr with credentials masked."""


class BuildError(ReleasekitError):
    """Building the sdist or wheel failed, or the artifacts are not what was expected."""


class BuildBackendFailed(BuildError):
    """The build backend (or the install of its requirements) failed.

    ``output`` is what the backend printed; the CLI shows it before the ``error:`` lines.
    """

    def __init__(self, message: str, *, output: str = "", exit_code: int | None = None) -> None:
        super().__init__(message, exit_code=exit_code)
        self.output = output


class VerifyError(ReleasekitError):
    """Installing and importing a built wheel in a fresh environment failed."""


class PublishError(ReleasekitError):
    """Uploading to a package index failed or was refused."""


class Problem:
    """One finding of ``releasekit check``: what is wrong, and where (if known).

    ``path`` is relative to the project root, ``line`` 1-based. A plain value (equal when its
    three fields are), kept here beside the errors because a failed check and a ``--json``
    report both list problems.

    >>> Problem("versions disagree", "src/pkg/__init__.py", 3).format()
    'src/pkg/__init__.py:3: versions disagree'
    """

    # Not a dataclass: this module is imported by ``releasekit --version``, which does not
    # otherwise load dataclasses.
    __slots__ = ("line", "message", "path")
    message: str
    path: str | None
    line: int | None

    def __init__(self, message: str, path: str | None = None, line: int | None = None) -> None:
        object.__setattr__(self, "message", message)
        object.__setattr__(self, "path", path)
        object.__setattr__(self, "line", line)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"Problem is immutable: cannot set {name!r}")

    def _key(self) -> tuple[str, str | None, int | None]:
        return (self.message, self.path, self.line)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Problem) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"Problem({self.message!r}, {self.path!r}, {self.line!r})"

    def format(self) -> str:
        """``file:line: message`` (as much of the location as is known)."""
        where = self.path or ""
        if self.path and self.line:
            where += f":{self.line}"
        return f"{where}: {self.message}" if where else self.message

    def to_json(self) -> dict[str, str | int | None]:
        """The problem as a JSON-ready dict."""
        return {"message": self.message, "file": self.path, "line": self.line}
