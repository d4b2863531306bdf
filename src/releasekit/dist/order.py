"""The order a release goes up in, and what an upload that stopped part-way left behind.

Wheels go up before the sdist: while the sdist is on the index and a platform's wheel is not
yet, an installer on that platform builds from source (or fails to). And an upload is not a
transaction: when it stops part-way, :class:`PublishIncomplete` says which files the index
holds and which it does not, so ``releasekit publish --skip-existing`` can finish the job.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from releasekit.dist.artifacts import Artifact
from releasekit.errors import PublishError

__all__ = ["PublishIncomplete", "upload_order"]


class PublishIncomplete(PublishError):
    """An upload stopped part-way: some files of the release are on the index, some are not.

    ``present`` and ``missing`` are the filenames, as read back from the index after the
    failure (or, when the index cannot be read, as far as this run knows).
    """

    def __init__(self, message: str, present: Sequence[str], missing: Sequence[str]) -> None:
        super().__init__(message)
        self.present = tuple(present)
        self.missing = tuple(missing)

    @classmethod
    def read_back(
        cls,
        error: PublishError,
        artifacts: Sequence[Artifact],
        known: Sequence[Artifact],
        status: Callable[[], Sequence[Artifact]],
        where: str,
    ) -> PublishIncomplete:
        """The error for ``error``, with what ``status()`` reads back from the index at ``where``.

        When the index cannot be read either (``status`` raises :class:`PublishError`), the
        files this run knows are there (``known``) are listed instead.
        """
        try:
            present = [a.filename for a in status()]
            source = f"{where} now holds"
        except PublishError:
            present = [a.filename for a in known]
            source = "the index cannot be read back; this run knows it holds"
        missing = [a.filename for a in artifacts if a.filename not in present]
        return cls.after(error.message, source, present, missing)

    @classmethod
    def after(
        cls, message: str, source: str, present: Sequence[str], missing: Sequence[str]
    ) -> PublishIncomplete:
        """The error for ``message``, with what the index holds and how to finish.

        >>> error = PublishIncomplete.after("HTTP 503", "it holds", ["a.whl"], ["b.tar.gz"])
        >>> error.present, error.missing, error.lines()[2]
        (('a.whl',), ('b.tar.gz',), 'not on the index: b.tar.gz')
        """
        total = len(present) + len(missing)
        lines = [
            message,
            f"publishing stopped part-way: {source} {len(present)} of {total} file(s) of this "
            f"release (same sha256): {', '.join(present) or 'none'}",
            f"not on the index: {', '.join(missing) or 'none'}",
            "finish with `releasekit publish --skip-existing` once the cause is fixed: it "
            "checks what is there by sha256 and uploads only the rest",
        ]
        return cls("\n".join(lines), present, missing)


def upload_order(artifacts: Sequence[Artifact]) -> list[Artifact]:
    """The wheels (by filename), then the sdists: the order a release goes up in.

    >>> from pathlib import Path
    >>> names = ["p-1.0.tar.gz", "p-1.0-cp312-cp312-win_amd64.whl", "p-1.0-py3-none-any.whl"]
    >>> [a.filename for a in upload_order([Artifact(Path(n), "wheel" if n.endswith(".whl")
    ...     else "sdist", "p", "1.0", 1, "") for n in names])]  # doctest: +NORMALIZE_WHITESPACE
    ['p-1.0-cp312-cp312-win_amd64.whl', 'p-1.0-py3-none-any.whl', 'p-1.0.tar.gz']
    """
    return sorted(artifacts, key=lambda a: (a.kind != "wheel", a.filename))
