"""Synthetic repositories for the benchmarks, generated fast with ``git fast-import``.

N commits of realistic conventional messages (feat/fix/perf/docs/chore with scopes, bodies,
trailers, a few breaking changes, merge-like and free-text messages), a pyproject.toml with a
version, a CHANGELOG.md and an annotated release tag K commits before HEAD. Repositories are
cached under ``.bench/`` (gitignored) and regenerated only when :data:`GENERATOR_VERSION`
changes.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

__all__ = [
    "CACHE",
    "GENERATOR_VERSION",
    "ROOT",
    "commit_message",
    "info",
    "make_repo",
    "make_workspace_repo",
]

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".bench"
#: Bumped when the generated repositories change shape, so stale caches are not reused.
GENERATOR_VERSION = 1


def info(message: str) -> None:
    """Progress on stderr (the results table goes to stdout)."""
    print(message, file=sys.stderr, flush=True)


_TYPES = [
    ("feat", 20),
    ("fix", 28),
    ("docs", 9),
    ("chore", 12),
    ("refactor", 6),
    ("perf", 4),
    ("test", 6),
    ("ci", 3),
    ("build", 4),
    ("style", 2),
    ("Merge", 4),
    ("other", 2),
]
_SCOPES = [None, None, "api", "cli", "core", "api/v2.users", "parser.py", "deps", "docs/site"]
_VERBS = ["add", "handle", "support", "drop", "rework", "speed up", "document", "validate"]
_NOUNS = [
    "the config loader",
    "CRLF line endings",
    "empty changelogs",
    "nested scopes",
    "the upload retry",
    "tag detection",
    "monorepo tags",
    "the release workflow",
    "unicode in messages",
    "pre-release labels",
    "shallow clones",
    "signed tags",
]
_BODY = [
    "The previous behaviour surprised users who ran the command twice in a row.",
    "This keeps the public API unchanged; only the internals move.",
    "Measured on a 100k-commit history: the time is now dominated by git itself.",
    "A BREAKING CHANGE in prose like this one must not count as a breaking footer.",
    "Follow-up of the discussion in the design document.",
]


def commit_message(rng: random.Random, number: int) -> str:
    kinds, weights = zip(*_TYPES, strict=True)
    kind = rng.choices(kinds, weights)[0]
    subject = f"{rng.choice(_VERBS)} {rng.choice(_NOUNS)}"
    if kind == "Merge":
        return f"Merge pull request #{number} from dev{number % 97}/topic-{number}\n\n{subject}\n"
    if kind == "other":
        return f"Update {rng.choice(['README.md', 'setup.cfg', 'docs/index.md'])}\n"
    scope = rng.choice(_SCOPES)
    if kind == "build":
        scope = "deps"
        subject = f"bump library-{number % 13} from 1.{number % 7}.0 to 1.{number % 7 + 1}.0"
    breaking = rng.random() < 0.004
    header = (
        f"{kind}{f'({scope})' if scope else ''}{'!' if breaking and rng.random() < 0.5 else ''}"
    )
    parts = [f"{header}: {subject}"]
    if rng.random() < 0.45:
        parts.append("\n".join(rng.sample(_BODY, rng.randint(1, 3))))
    footers = []
    if breaking:
        footers.append(f"BREAKING CHANGE: {subject} changes the defaults")
    if rng.random() < 0.2:
        footers.append(f"Refs #{rng.randint(1, 5000)}")
    if rng.random() < 0.3:
        footers.append(f"Signed-off-by: Dev {number % 31} <dev{number % 31}@example.com>")
    if footers:
        parts.append("\n".join(footers))
    return "\n\n".join(parts) + "\n"


def _data(payload: bytes) -> bytes:
    return b"data %d\n%s\n" % (len(payload), payload)


def _fast_import_stream(commits: int, tag_at: int, version: str) -> Iterator[bytes]:
    """The fast-import commands of a history of ``commits`` commits, tagged at ``tag_at``."""
    rng = random.Random(commits * 7919 + tag_at)
    pyproject = (
        '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n\n'
        f'[project]\nname = "benchpkg"\nversion = "{version}"\n'
        'dependencies = ["requests>=2"]\n'
    ).encode()
    changelog = (
        "# Changelog\n\n## [Unreleased]\n\n### Added\n\n- Something new.\n\n"
        f"## [{version}] - 2024-01-01\n\n### Added\n\n- The first release.\n"
    ).encode()
    start = 1_577_836_800  # 2020-01-01
    for number in range(1, commits + 1):
        when = start + number * 600
        message = (
            "chore: initial commit\n" if number == 1 else commit_message(rng, number)
        ).encode()
        yield b"commit refs/heads/main\nmark :%d\n" % number
        yield b"committer Bench Dev <bench@example.com> %d +0000\n" % when
        yield _data(message)
        if number == 1:
            yield b"M 100644 inline pyproject.toml\n" + _data(pyproject)
            yield b"M 100644 inline CHANGELOG.md\n" + _data(changelog)
            init = f'"""Bench package."""\n\n__version__ = "{version}"\n'.encode()
            yield b"M 100644 inline src/benchpkg/__init__.py\n" + _data(init)
        else:
            module = b"src/benchpkg/module_%d.py" % (number % 64)
            yield b"M 100644 inline " + module + b"\n" + _data(b"VALUE = %d\n" % number)
        if number == tag_at:
            yield b"tag v%s\nfrom :%d\n" % (version.encode(), number)
            yield b"tagger Bench Dev <bench@example.com> %d +0000\n" % when
            yield _data(f"Release {version}".encode())
    yield b"done\n"


def make_repo(commits: int, since: int, *, version: str = "1.4.2") -> Path:
    """A cached repository of ``commits`` commits whose release tag is ``since`` commits
    before HEAD (``since = commits - 1``: tagged on the first commit)."""
    if not 0 <= since < commits:
        raise ValueError(f"since must be in [0, {commits}); got {since}")
    name = f"repo-v{GENERATOR_VERSION}-n{commits}-since{since}"
    return _cached_repo(name, _fast_import_stream(commits, commits - since, version))


def _cached_repo(name: str, stream: Iterator[bytes]) -> Path:
    """The repository ``name`` in the cache, made once by feeding ``stream`` to fast-import."""
    path = CACHE / name
    if (path / ".bench-complete").is_file():
        return path
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    started = time.perf_counter()
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "LC_ALL": "C"}
    subprocess.run(["git", "init", "-q", "-b", "main", str(path)], check=True, env=env)
    process = subprocess.Popen(
        ["git", "-C", str(path), "fast-import", "--quiet", "--done"],
        stdin=subprocess.PIPE,
        env=env,
    )
    assert process.stdin is not None
    buffer: list[bytes] = []
    for chunk in stream:
        buffer.append(chunk)
        if len(buffer) > 4096:
            process.stdin.write(b"".join(buffer))
            buffer.clear()
    process.stdin.write(b"".join(buffer))
    process.stdin.close()
    if process.wait() != 0:
        raise RuntimeError(f"git fast-import failed for {path}")
    subprocess.run(["git", "-C", str(path), "checkout", "-q", "-f", "main"], check=True, env=env)
    (path / ".bench-complete").write_text(f"{time.perf_counter() - started:.2f}s\n")
    info(f"generated {path.name} in {time.perf_counter() - started:.1f}s")
    return path


def _workspace_stream(members: int, commits: int) -> Iterator[bytes]:
    """A uv workspace of ``members`` packages ``pNN`` under packages/, every one tagged
    ``pNN-v1.0.0`` on the first commit, then ``commits`` commits touching one member each."""
    rng = random.Random(members * 104_729 + commits)
    start = 1_577_836_800
    yield b"commit refs/heads/main\nmark :1\n"
    yield b"committer Bench Dev <bench@example.com> %d +0000\n" % start
    yield _data(b"chore: initial commit\n")
    root = b'[tool.uv.workspace]\nmembers = ["packages/*"]\n'
    yield b"M 100644 inline pyproject.toml\n" + _data(root)
    for index in range(members):
        name = f"p{index:02d}"
        pyproject = (
            f'[project]\nname = "{name}"\nversion = "1.0.0"\n\n'
            '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n'
        ).encode()
        yield f"M 100644 inline packages/{name}/pyproject.toml\n".encode() + _data(pyproject)
    for index in range(members):
        yield b"tag p%02d-v1.0.0\nfrom :1\n" % index
        yield b"tagger Bench Dev <bench@example.com> %d +0000\n" % start
        yield _data(b"Release p%02d 1.0.0" % index)
    for number in range(2, commits + 2):
        member = rng.randrange(members)
        yield b"commit refs/heads/main\nmark :%d\n" % number
        yield b"committer Bench Dev <bench@example.com> %d +0000\n" % (start + number * 600)
        yield _data(commit_message(rng, number).encode())
        path = b"packages/p%02d/src/p%02d/module_%d.py" % (member, member, number % 16)
        yield b"M 100644 inline " + path + b"\n" + _data(b"VALUE = %d\n" % number)
    yield b"done\n"


def make_workspace_repo(members: int, commits: int) -> Path:
    """A cached uv workspace repository (see :func:`_workspace_stream`)."""
    name = f"workspace-v{GENERATOR_VERSION}-m{members}-n{commits}"
    return _cached_repo(name, _workspace_stream(members, commits))


def committed_copy(source: Path, project: Path) -> Path:
    """``source`` copied to ``project`` as a git repository with one commit of everything."""
    shutil.copytree(source, project)
    env = {
        **os.environ,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Bench",
        "GIT_AUTHOR_EMAIL": "b@example.com",
        "GIT_COMMITTER_NAME": "Bench",
        "GIT_COMMITTER_EMAIL": "b@example.com",
    }
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "init"]):
        subprocess.run(["git", *args], cwd=project, env=env, check=True)
    return project
