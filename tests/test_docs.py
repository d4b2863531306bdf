"""Every example in README.md and docs/*.md runs, so the documentation cannot rot.

The convention for code blocks in the documents:

- ```` ```console ```` blocks hold ``$ command`` lines, run in order by ``bash`` in the
  document's sample project, with the installed ``releasekit`` first on ``PATH``. The lines
  after a command, up to the next ``$`` line, are its expected output (stdout and stderr
  together); a line that is only ``...`` matches any number of lines and ``...`` inside a line
  matches any text. A command with no lines after it may print anything. A command must exit
  0 unless it ends with the comment ``# exit N``, which then is its expected status.
- ```` ```python ```` blocks are executed in the sample project's directory, in one namespace
  per document (later blocks see the names of earlier ones); their ``assert`` lines are the
  checks.
- ```` ```pycon ```` blocks are doctests (``>>>`` lines and their output, ``...`` as the
  ellipsis), run in the same namespace as the python blocks.
- ```` ```toml ```` blocks must parse, and a ``[tool.releasekit]`` table in them must load
  with :func:`releasekit.config.load_config`.
- Every other tag (``yaml``, ``text``, ``sh``) is illustrative and not run.
- ``<!-- docs-test: excerpt of FILE -->`` before a block: the block's lines appear in that
  order in FILE of the sample project (a ``...`` line skips any lines), so quoted workflow
  steps stay what ``releasekit init`` writes.
- ``<!-- docs-test: keep both sides of the conflicts in FILE -->`` resolves the git merge
  conflicts in FILE the way the document says to by hand: our side, a blank line, their side.
- ``<!-- docs-test: fresh semver -->``, ``<!-- docs-test: fresh calver -->`` or
  ``<!-- docs-test: fresh monorepo -->`` on a line of its own starts a new sample project for
  the blocks that follow. Each document starts with a fresh ``semver`` project.

The sample project (a real git repository whose ``origin`` is a bare repository):
``sample-pkg`` at 1.2.3 (semver: ``[project].version`` and ``__version__``, tag ``v1.2.3``) or
25.02.15 (calver: ``scheme = "calver"``, tag ``25.02.15``), a README.md, a CHANGELOG.md with
that release and an empty ``[Unreleased]``, pushed; then three conventional commits, not pushed:
``docs: the --quiet option in the changelog`` (a hand-written ``[Unreleased]`` entry),
``feat: add the --shout option`` and ``fix(cli): exit 2 on a bad flag``.

The monorepo sample: a uv workspace whose members are ``core`` 1.4.0 (packages/core) and
``cli`` 0.9.0 (packages/cli, requiring ``core==1.4.0``), each with its own CHANGELOG.md, a
``uv.lock``, tags ``core-v1.4.0`` and ``cli-v0.9.0``, pushed; then, not pushed,
``feat(core): a faster parser`` (in packages/core), ``fix(cli): exit 2 on a bad flag`` (in
packages/cli) and ``docs: the workspace README`` (at the root).

Documents that build and install the sample (``BUILDS``) are marked slow. The README's first
two code blocks create virtual environments, so they are not run here:
the test checks that they are the install and test commands, and that ``.ci/run`` runs the
same test command.
"""

from __future__ import annotations

import doctest
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from releasekit.config import load_config
from tests.conftest import GitRepo, workspace_files

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = (
    "README.md",
    "docs/calver.md",
    "docs/changelog.md",
    "docs/ci.md",
    "docs/hotfix.md",
    "docs/api.md",
    "docs/extensions.md",
    "docs/monorepo.md",
    "docs/api.md",
    "docs/prereleases.md",
)
#: Documents whose examples build and install the sample project (seconds, and PyPI access).
BUILDS = ("docs/ci.md", "docs/extensions.md")
FENCE = re.compile(r"^```(?P<tag>[\w-]*)[^\n]*\n(?P<body>.*?)^```[ \t]*$", re.M | re.S)
FRESH = re.compile(r"^<!-- docs-test: fresh (?P<kind>semver|calver|monorepo) -->[ \t]*$", re.M)
RESOLVE = re.compile(
    r"^<!-- docs-test: keep both sides of the conflicts in (?P<file>\S+) -->", re.M
)
EXCERPT = re.compile(r"^<!-- docs-test: excerpt of (?P<file>\S+) -->", re.M)
CONFLICT = re.compile(
    r"^<<<<<<< [^\n]*\n(?P<ours>.*?)^=======\n(?P<theirs>.*?)^>>>>>>> [^\n]*\n", re.M | re.S
)
EXIT = re.compile(r"#\s*exit\s+(?P<code>\d+)\s*$")
INSTALL_COMMAND = (
    "python3 -m venv .venv && . .venv/bin/activate && pip install . && releasekit bump --dry-run"
)
TEST_COMMAND = "pip install -e '.[test]' && pytest"


@dataclass(frozen=True)
class Block:
    """One fenced code block of a document, or a marker starting a fresh project."""

    tag: str
    body: str
    line: int


def blocks(text: str) -> Iterator[Block]:
    """The fenced blocks and fresh-project markers of ``text``, in document order."""
    items = [
        Block(m["tag"], m["body"], text.count("\n", 0, m.start()) + 1) for m in FENCE.finditer(text)
    ]
    items += [
        Block("fresh", m["kind"], text.count("\n", 0, m.start()) + 1) for m in FRESH.finditer(text)
    ]
    items += [
        Block("resolve", m["file"], text.count("\n", 0, m.start()) + 1)
        for m in RESOLVE.finditer(text)
    ]
    items += [
        Block("excerpt", m["file"], text.count("\n", 0, m.start()) + 1)
        for m in EXCERPT.finditer(text)
    ]
    yield from sorted(items, key=lambda block: block.line)


def check_excerpt(block: Block, path: Path, where: str) -> None:
    """The lines of ``block`` appear, in order and contiguous (but for ``...``), in ``path``."""
    lines = tuple(block.body.rstrip("\n").split("\n"))
    text = normalize(path.read_text(encoding="utf-8"))
    found = re.search("(?m)^" + output_pattern(lines).pattern, text)
    assert found, f"{where}: not an excerpt of {path.name}:\n{block.body}"


def keep_both_sides(path: Path) -> None:
    """Resolve every conflict in ``path``: our side, a blank line, then their side."""
    text = path.read_text(encoding="utf-8")
    resolved, count = CONFLICT.subn(lambda m: m["ours"].rstrip("\n") + "\n\n" + m["theirs"], text)
    assert count, f"{path}: no conflict to resolve"
    path.write_text(resolved, encoding="utf-8")


@dataclass(frozen=True)
class Command:
    """A ``$ command`` line with its expected output lines and exit status."""

    command: str
    expected: tuple[str, ...]
    exit_code: int
    line: int


def commands(block: Block) -> list[Command]:
    """Split a console block into its commands."""
    result: list[Command] = []
    current: tuple[str, int] | None = None
    expected: list[str] = []

    def close() -> None:
        if current is not None:
            found = EXIT.search(current[0])
            code = int(found["code"]) if found else 0
            result.append(Command(current[0], tuple(expected), code, current[1]))

    for offset, line in enumerate(block.body.splitlines(), start=1):
        if line.startswith("$ "):
            close()
            current, expected = (line[2:], block.line + offset), []
        elif current is None:
            raise AssertionError(f"line {block.line + offset}: console output before any $ line")
        else:
            expected.append(line)
    close()
    return result


def output_pattern(expected: tuple[str, ...]) -> re.Pattern[str]:
    """A regex for the whole output: ``...`` lines match any lines, ``...`` any text."""
    parts = []
    for line in expected:
        if line.strip() == "...":
            parts.append(r"(?:[^\n]*\n)*?")
        else:
            escaped = r"[^\n]*".join(re.escape(piece) for piece in line.rstrip().split("..."))
            parts.append(rf"[ \t]*{escaped}[ \t]*\n" if not line.strip() else escaped + r"\n")
    return re.compile("".join(parts))


def normalize(output: str) -> str:
    """Output without trailing spaces or trailing blank lines, ending in a newline."""
    lines = [line.rstrip() for line in output.splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    return "".join(line + "\n" for line in lines)


def run_command(command: Command, cwd: Path, where: str) -> None:
    """Run one console command and check its status and output."""
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    env.pop("COLUMNS", None)
    result = subprocess.run(
        ["bash", "-c", command.command],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        check=False,
    )
    output = normalize(result.stdout)
    context = f"{where}:{command.line}: $ {command.command}\n--- output ---\n{output}"
    assert result.returncode == command.exit_code, f"exit {result.returncode}\n{context}"
    expected = tuple(command.expected)
    while expected and not expected[-1].strip():
        expected = expected[:-1]
    if expected:
        assert output_pattern(expected).fullmatch(output), (
            "output differs\n--- expected ---\n" + "\n".join(expected) + "\n" + context
        )


def run_doctest(block: Block, namespace: dict[str, Any], name: str) -> None:
    """Run a pycon block as a doctest in ``namespace``; fail with doctest's report."""
    test = doctest.DocTestParser().get_doctest(
        block.body, namespace, f"{name}:{block.line}", name, block.line
    )
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS, verbose=False)
    report: list[str] = []
    runner.run(test, out=report.append, clear_globs=False)
    namespace.update(test.globs)  # DocTest works on a copy; later blocks see these names
    assert runner.failures == 0, "".join(report)


def check_toml(block: Block, where: str) -> None:
    """A TOML block parses; its ``[tool.releasekit]`` table is a valid configuration."""
    document = tomllib.loads(block.body)
    table = document.get("tool", {}).get("releasekit")
    if table is not None:
        load_config(table)


CHANGELOG = """\
# Changelog

All notable changes to this project are documented in this file.

## [Unreleased]
{unreleased}
## [{version}] - {date}

### Added

- The first release.
"""

PYPROJECT = """\
[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"

[project]
name = "sample-pkg"
version = "{version}"
description = "A sample project"
readme = "README.md"
{extra}"""


def make_monorepo(repo: GitRepo) -> Path:
    """Fill ``repo`` with the monorepo sample described in the module docstring."""
    root = (
        '[tool.uv.workspace]\nmembers = ["packages/*"]\n\n'
        "[tool.uv.sources]\ncore = { workspace = true }\n"
    )
    files = workspace_files(
        {
            "core": ("packages/core", "1.4.0", ()),
            "cli": ("packages/cli", "0.9.0", ("core==1.4.0",)),
        },
        root=root,
    )
    for name, version in (("core", "1.4.0"), ("cli", "0.9.0")):
        files[f"packages/{name}/CHANGELOG.md"] = CHANGELOG.format(
            version=version, date="2025-01-10", unreleased=""
        )
    files["README.md"] = "# A workspace\n"
    repo.commit("chore: initial commit", files)
    env = {**os.environ, "UV_PYTHON": sys.executable, "UV_NO_PROGRESS": "1"}
    subprocess.run(
        [sys.executable, "-m", "uv", "lock", "--offline", "-q"], cwd=repo.path, env=env, check=True
    )
    repo.commit("chore: lock the workspace")
    repo.tag("core-v1.4.0", "Release core 1.4.0")
    repo.tag("cli-v0.9.0", "Release cli 0.9.0")
    repo.git("push", "-q", "-u", "origin", "main", "--follow-tags")
    repo.commit("feat(core): a faster parser", {"packages/core/src/core/parser.py": "FAST = 1\n"})
    repo.commit("fix(cli): exit 2 on a bad flag", {"packages/cli/src/cli/flags.py": "CODE = 2\n"})
    repo.commit("docs: the workspace README", {"README.md": "# A workspace\n\nTwo packages.\n"})
    return repo.path


def make_project(repo: GitRepo, kind: str) -> Path:
    """Fill ``repo`` with the sample project described in the module docstring."""
    if kind == "monorepo":
        return make_monorepo(repo)
    version, tag, date = (
        ("1.2.3", "v1.2.3", "2025-01-10")
        if kind == "semver"
        else ("25.02.15", "25.02.15", "2025-02-15")
    )
    extra = "" if kind == "semver" else '\n[tool.releasekit]\nscheme = "calver"\n'
    repo.commit(
        "chore: initial commit",
        {
            "pyproject.toml": PYPROJECT.format(version=version, extra=extra),
            "src/sample_pkg/__init__.py": f'"""Sample."""\n\n__version__ = "{version}"\n',
            "CHANGELOG.md": CHANGELOG.format(version=version, date=date, unreleased=""),
            "README.md": "# sample-pkg\n\nA sample project.\n",
        },
    )
    repo.tag(tag, f"Release {version}")
    repo.git("push", "-q", "-u", "origin", "main", "--follow-tags")
    entry = "\n### Added\n\n- A `--quiet` option.\n"
    repo.commit(
        "docs: the --quiet option in the changelog",
        {"CHANGELOG.md": CHANGELOG.format(version=version, date=date, unreleased=entry)},
    )
    repo.commit("feat: add the --shout option")
    repo.commit("fix(cli): exit 2 on a bad flag")
    return repo.path


def fresh_repo(base: Path, number: int) -> GitRepo:
    """A new empty repository with a bare remote under ``base``."""
    remote = base / f"remote{number}.git"
    work = base / f"project{number}" / "sample-pkg"
    work.mkdir(parents=True)
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    repo = GitRepo(path=work, remote=remote)
    repo.git("init", "-q", "-b", "main")
    repo.git("remote", "add", "origin", str(remote))
    return repo


def run_document(name: str, base: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    """Run every example of one document; return how many blocks ran or were checked."""
    text = (ROOT / name).read_text(encoding="utf-8")
    projects = 0
    cwd = make_project(fresh_repo(base, projects), "semver")
    namespace: dict[str, Any] = {"__name__": "__docs__"}
    checked = 0
    excerpt_of: Path | None = None
    for block in blocks(text):
        where = f"{name}:{block.line}"
        if block.tag == "fresh":
            projects += 1
            cwd = make_project(fresh_repo(base, projects), block.body)
        elif block.tag == "excerpt":
            excerpt_of = cwd / block.body
        elif excerpt_of is not None:
            check_excerpt(block, excerpt_of, where)
            excerpt_of = None
            checked += 1
        elif block.tag == "resolve":
            keep_both_sides(cwd / block.body)
        elif block.tag == "console":
            for command in commands(block):
                run_command(command, cwd, name)
            checked += 1
        elif block.tag == "python":
            monkeypatch.chdir(cwd)
            code = compile("\n" * block.line + block.body, name, "exec")
            exec(code, namespace)  # noqa: S102 - the documentation's own examples
            checked += 1
        elif block.tag == "pycon":
            monkeypatch.chdir(cwd)
            run_doctest(block, namespace, name)
            checked += 1
        elif block.tag == "toml":
            check_toml(block, where)
            checked += 1
    return checked


@pytest.mark.parametrize(
    "name",
    [pytest.param(name, marks=[pytest.mark.slow] if name in BUILDS else []) for name in DOCUMENTS],
    ids=DOCUMENTS,
)
def test_every_example_runs(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    monkeypatch.delenv("CI", raising=False)
    assert run_document(name, tmp_path, monkeypatch) > 0


def test_readme_starts_with_the_install_and_test_commands() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    first, second = [block.body.strip() for block in blocks(text)][:2]
    assert first == INSTALL_COMMAND
    assert second == f"python3 -m venv .venv && . .venv/bin/activate && {TEST_COMMAND}"
    assert TEST_COMMAND in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_api_reference_is_up_to_date() -> None:
    """docs/api.md is what scripts/gen-api-docs.py makes from the docstrings."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gen-api-docs.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_api_reference_documents_every_public_name() -> None:
    import releasekit

    text = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    headings = set(re.findall(r"^#{2,4} `([\w.]+)", text, re.M))
    missing = [name for name in releasekit.__all__ if name not in headings]
    assert not missing, f"docs/api.md lacks {missing}"


@pytest.mark.parametrize(
    ("expected", "output", "matches"),
    [
        (("a", "b"), "a\nb\n", True),
        (("a", "...", "c"), "a\nb\nb2\nc\n", True),
        (("a", "...", "c"), "a\nc\n", True),
        (("x ... z",), "x yy z\n", True),
        (("a", "b"), "a\nc\n", False),
        (("a",), "a\nb\n", False),
        (("a (b)",), "a (b)\n", True),
    ],
    ids=["exact", "wildcard-lines", "wildcard-none", "inline", "differs", "extra-line", "regex"],
)
def test_output_convention(expected: tuple[str, ...], output: str, matches: bool) -> None:
    assert bool(output_pattern(expected).fullmatch(output)) is matches


def test_console_blocks_split_commands_and_exit_codes() -> None:
    block = Block("console", "$ releasekit next\n1.3.0\n$ releasekit check  # exit 1\n", 10)
    first, second = commands(block)
    assert (first.command, first.expected, first.exit_code, first.line) == (
        "releasekit next",
        ("1.3.0",),
        0,
        11,
    )
    assert (second.exit_code, second.expected) == (1, ())


def test_readme_tables_list_every_command_and_key() -> None:
    from releasekit.cli import COMMANDS
    from releasekit.config import KNOWN_KEYS

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    commands_listed = set(re.findall(r"^\| `([a-z]+)[ `]", text, re.M))
    assert set(COMMANDS) <= commands_listed, set(COMMANDS) - commands_listed
    keys_listed = set(re.findall(r"^\| `([a-z-]+)` \| ", text, re.M))
    assert set(KNOWN_KEYS) <= keys_listed, set(KNOWN_KEYS) - keys_listed
    example = next(b.body for b in blocks(text) if b.tag == "toml")
    assert set(tomllib.loads(example)["tool"]["releasekit"]) == set(KNOWN_KEYS)
