"""Project: finding the root, every version location, and byte-exact bumps of real files."""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from releasekit.errors import (
    ConfigError,
    FileFormatError,
    InvalidVersion,
    ProjectNotFound,
    ReleasekitError,
    UsageError,
    VersionLocationError,
    VersionNotIncreasing,
)
from releasekit.project import Project, find_root
from tests.conftest import GitRepo

DATA = Path(__file__).parent / "data" / "pyprojects"


def write_tree(root: Path, files: Mapping[str, str | bytes]) -> Path:
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode() if isinstance(content, str) else content)
    return root


PEP621 = '[project]\nname = "Sample.Pkg"\nversion = "1.2.3"\n'

LAYOUTS: list[tuple[str, dict[str, str | bytes], list[tuple[str, int, str]]]] = [
    (
        "pep621-src-init",
        {
            "pyproject.toml": PEP621,
            "src/sample_pkg/__init__.py": '"""Doc."""\n__version__ = "1.2.3"\n',
        },
        [
            ("pyproject.toml", 3, "[project].version"),
            ("src/sample_pkg/__init__.py", 2, "__version__"),
        ],
    ),
    (
        "pep621-flat-dunder-version-file",
        {
            "pyproject.toml": PEP621,
            "sample_pkg/__init__.py": "from .__version__ import __version__\n",
            "sample_pkg/__version__.py": "__version__: str = '1.2.3'\n",
        },
        [
            ("pyproject.toml", 3, "[project].version"),
            ("sample_pkg/__version__.py", 1, "__version__"),
        ],
    ),
    (
        "poetry",
        {
            "pyproject.toml": (
                '[tool.poetry]\nname = "app"\nversion = "1.2.3"\n\n'
                '[tool.poetry.dependencies]\nlib = { version = "1.2.3" }\n'
            ),
            "app/version.py": 'VERSION = "x"\n__version__ = "1.2.3"\n',
        },
        [("pyproject.toml", 3, "[tool.poetry].version"), ("app/version.py", 2, "__version__")],
    ),
    (
        "hatch-path",
        {
            "pyproject.toml": (
                '[project]\nname = "h"\ndynamic = ["version"]\n[tool.hatch.version]\n'
                'path = "src/h/__about__.py"\n'
            ),
            "src/h/__about__.py": '__version__ = "1.2.3"\n',
        },
        [("src/h/__about__.py", 1, "__version__")],
    ),
    (
        "setuptools-attr-package-dir",
        {
            "pyproject.toml": (
                '[project]\nname = "other-name"\ndynamic = ["version"]\n'
                '[tool.setuptools]\npackage-dir = {"" = "lib"}\n'
                '[tool.setuptools.dynamic]\nversion = {attr = "real.about.VERSION"}\n'
            ),
            "lib/real/__init__.py": "",
            "lib/real/about.py": "VERSION = '1.2.3'\n",
        },
        [("lib/real/about.py", 1, "VERSION")],
    ),
    (
        "setuptools-file",
        {
            "pyproject.toml": (
                '[project]\nname = "f"\ndynamic = ["version"]\n'
                '[tool.setuptools.dynamic]\nversion = {file = "VERSION"}\n'
            ),
            "VERSION": "1.2.3\n",
        },
        [("VERSION", 1, "[tool.setuptools.dynamic] version")],
    ),
    (
        "flit-module",
        {
            "pyproject.toml": (
                '[build-system]\nbuild-backend = "flit_core.buildapi"\n[project]\n'
                'name = "web-kit"\ndynamic = ["version"]\n[tool.flit.module]\n'
                'name = "webkit"\n'
            ),
            "src/webkit/__init__.py": '"""Web."""\n\n__version__ = "1.2.3"\n',
        },
        [("src/webkit/__init__.py", 3, "__version__")],
    ),
    (
        "pdm-file",
        {
            "pyproject.toml": (
                '[project]\nname = "p"\ndynamic = ["version"]\n[tool.pdm.version]\n'
                'source = "file"\npath = "p/_version.py"\n'
            ),
            "p/_version.py": '__version__ = "1.2.3"\n',
        },
        [("p/_version.py", 1, "__version__")],
    ),
    (
        "setup-cfg-literal-no-pyproject",
        {
            "setup.cfg": "[metadata]\nname = legacy\nversion = 1.2.3\n",
            "setup.py": "from setuptools import setup\nsetup()\n",
            "legacy/__init__.py": '__version__ = "1.2.3"\n',
        },
        [
            ("setup.cfg", 3, "setup.cfg [metadata] version"),
            ("legacy/__init__.py", 1, "__version__"),
        ],
    ),
    (
        "setup-cfg-attr",
        {
            "pyproject.toml": '[build-system]\nrequires = ["setuptools"]\n',
            "setup.cfg": "[metadata]\nname = c\nversion = attr: c.__version__\n",
            "src/c/__init__.py": '__version__ = "1.2.3"\n',
        },
        [("src/c/__init__.py", 1, "__version__")],
    ),
    (
        "setup-py-only-undeclared-package",
        {
            "setup.py": "from setuptools import setup\nsetup(name='x')\n",
            "tests/__init__.py": '__version__ = "9.9.9"\n',
            "src/tool/__init__.py": '__version__ = "1.2.3"\n',
        },
        [("src/tool/__init__.py", 1, "__version__")],
    ),
    (
        "configured-files",
        {
            "pyproject.toml": PEP621
            + (
                "[tool.releasekit]\n"
                'files = [{ path = "docs/conf.py", pattern = \'release = "{version}"\' }]\n'
            ),
            "docs/conf.py": 'version = "1.2"\nrelease = "1.2.3"\n',
        },
        [("pyproject.toml", 3, "[project].version"), ("docs/conf.py", 2, "files[0]")],
    ),
]


@pytest.mark.parametrize(
    ("files", "expected"), [c[1:] for c in LAYOUTS], ids=[c[0] for c in LAYOUTS]
)
def test_every_location_is_found(
    tmp_path: Path, files: dict[str, str | bytes], expected: list[tuple[str, int, str]]
) -> None:
    project = Project(write_tree(tmp_path, files))
    assert [(loc.file, loc.line, loc.kind) for loc in project.locations] == expected
    assert project.version == "1.2.3"
    assert all(loc.version == "1.2.3" for loc in project.locations)


@pytest.mark.parametrize(
    ("files", "expected"), [c[1:] for c in LAYOUTS], ids=[c[0] for c in LAYOUTS]
)
def test_a_bump_rewrites_exactly_the_version_characters(
    tmp_path: Path, files: dict[str, str | bytes], expected: list[tuple[str, int, str]]
) -> None:
    root = write_tree(tmp_path, files)
    result = Project(root).bump(set_version="1.3.0")
    assert (result.old, result.new) == ("1.2.3", "1.3.0")
    assert sorted(p.relative_to(root).as_posix() for p in result.files) == sorted(
        {file for file, _, _ in expected}
    )
    for relative, content in files.items():
        original = content.encode() if isinstance(content, str) else content
        new = (root / relative).read_bytes()
        if any(relative == file for file, _, _ in expected):
            lines = [
                (a, b)
                for a, b in zip(original.splitlines(), new.splitlines(), strict=True)
                if a != b
            ]
            assert all(a.replace(b"1.2.3", b"1.3.0") == b for a, b in lines)
            assert len(lines) == sum(1 for file, _, _ in expected if file == relative)
        else:
            assert new == original
    assert Project(root).version == "1.3.0"


def test_hatch_path_with_a_custom_pattern(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "pyproject.toml": '[project]\nname = "h"\ndynamic = ["version"]\n'
            '[tool.hatch.version]\npath = "VERSION.txt"\n'
            "pattern = 'release: (?P<version>[^\\s]+)'\n",
            "VERSION.txt": "name: h\nrelease: 1.2.3\n",
        },
    )
    project = Project(root)
    assert [(loc.file, loc.line, loc.version) for loc in project.locations] == [
        ("VERSION.txt", 2, "1.2.3")
    ]
    project.bump(set_version="1.3.0")
    assert (root / "VERSION.txt").read_text() == "name: h\nrelease: 1.3.0\n"


def test_a_bad_hatch_pattern_is_a_configuration_error(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "pyproject.toml": '[project]\nname = "h"\ndynamic = ["version"]\n'
            '[tool.hatch.version]\npath = "h.py"\npattern = "(?P<version"\n',
            "h.py": '__version__ = "1"\n',
        },
    )
    with pytest.raises(ConfigError, match=r"\[tool.hatch.version\] pattern = '\(\?P<version'"):
        _ = Project(root).locations


def test_vcs_versions_come_from_the_latest_release_tag(repo: GitRepo) -> None:
    repo.commit("chore: init", {"pyproject.toml": (DATA / "black.toml").read_bytes()})
    project = Project(repo.path)
    assert project.vcs_source == "hatch-vcs"
    assert project.locations == []
    with pytest.raises(VersionLocationError, match=r"git tags \(hatch-vcs\).*set_version=") as info:
        _ = project.version
    assert info.value.lines(cli=True)[-1].endswith("releasekit bump --set VERSION")
    repo.tag("v24.1.0", "Release")
    repo.tag("nightly")
    project = Project(repo.path)
    assert project.version == "24.1.0"
    snapshot = repo.snapshot()
    plan = project.plan_bump("minor")
    assert (plan.old, plan.new, plan.edits) == ("24.1.0", "24.2.0", ())
    assert project.bump("minor").files == ()
    assert repo.snapshot() == snapshot


@pytest.mark.parametrize(
    ("pyproject", "expected"),
    [
        ('[project]\ndynamic = ["version"]\n[tool.setuptools_scm]\n', "setuptools-scm"),
        (
            '[build-system]\nrequires = ["setuptools>=64", "setuptools-scm>=8"]\n'
            '[project]\ndynamic = ["version"]\n',
            "setuptools-scm",
        ),
        ('[project]\ndynamic = ["version"]\n[tool.versioningit]\n', "versioningit"),
        (
            '[project]\ndynamic = ["version"]\n[tool.pdm.version]\nsource = "scm"\n',
            "pdm-backend scm",
        ),
        (
            '[tool.poetry]\nversion = "0.0.0"\n[tool.poetry-dynamic-versioning]\nenable = true\n',
            "poetry-dynamic-versioning",
        ),
    ],
    ids=["setuptools-scm-table", "setuptools-scm-requires", "versioningit", "pdm-scm", "poetry-dv"],
)
def test_vcs_plugins_are_recognized(tmp_path: Path, pyproject: str, expected: str) -> None:
    project = Project(write_tree(tmp_path, {"pyproject.toml": pyproject}))
    assert project.vcs_source == expected
    assert project.locations == []


# -- real-world files: only the version bytes change, in every line-ending/BOM variant -------

Variant = Callable[[bytes], bytes]
VARIANTS: dict[str, Variant] = {
    "as-is": lambda b: b,
    "crlf": lambda b: b.replace(b"\n", b"\r\n"),
    "mixed": lambda b: b"".join(
        line.replace(b"\n", b"\r\n") if i % 2 else line
        for i, line in enumerate(b.splitlines(keepends=True))
    ),
    "bom": lambda b: b"\xef\xbb\xbf" + b,
    "no-final-newline": lambda b: b.rstrip(b"\n"),
    "bom-crlf-no-final-newline": lambda b: (
        b"\xef\xbb\xbf" + b.rstrip(b"\n").replace(b"\n", b"\r\n")
    ),
}

REAL_WORLD = {
    # name: (extra files, version line before, version line after, the file holding it)
    "flask": (
        {"src/flask/__init__.py": b"from .app import Flask as Flask\n"},
        b'version = "3.1.1.dev"',
        b'version = "3.2.0"',
        "pyproject.toml",
    ),
    "poetry": ({}, b'version = "0.12.0-alpha.0"', b'version = "3.2.0"', "pyproject.toml"),
    "httpx": (
        {
            "httpx/__version__.py": (
                b'__title__ = "httpx"\n'
                b'__description__ = "A next generation HTTP client, for Python 3."\n'
                b'__version__ = "0.25.0"\n'
            )
        },
        b'__version__ = "0.25.0"',
        b'__version__ = "3.2.0"',
        "httpx/__version__.py",
    ),
    "packaging": (
        {
            "src/packaging/__init__.py": (
                b'__title__ = "packaging"\n__version__ = "24.2"\n'
                b'__author__ = "Donald Stufft and individual contributors"\n'
            )
        },
        b'__version__ = "24.2"',
        b'__version__ = "3.2.0"',
        "src/packaging/__init__.py",
    ),
}


@pytest.mark.parametrize("variant", list(VARIANTS), ids=list(VARIANTS))
@pytest.mark.parametrize("name", list(REAL_WORLD), ids=list(REAL_WORLD))
def test_real_world_pyprojects_round_trip_byte_for_byte(
    tmp_path: Path, name: str, variant: str
) -> None:
    extra, old_line, new_line, holder = REAL_WORLD[name]
    transform = VARIANTS[variant]
    files = {"pyproject.toml": transform((DATA / f"{name}.toml").read_bytes())}
    files.update({path: transform(data) for path, data in extra.items()})
    root = write_tree(tmp_path, files)
    project = Project(root)
    plan = project.plan_bump(set_version="3.2.0", allow_downgrade=True)
    assert [Path(e.path).relative_to(root).as_posix() for e in plan.edits] == [holder]
    (edit,) = plan.edits
    assert edit.before == files[holder]
    assert edit.after == files[holder].replace(old_line, new_line, 1)
    assert edit.after.count(b"\n") == edit.before.count(b"\n")
    project.bump(set_version="3.2.0", allow_downgrade=True)
    for relative, data in files.items():
        expected = data.replace(old_line, new_line, 1) if relative == holder else data
        assert (root / relative).read_bytes() == expected


@pytest.mark.parametrize(
    ("pyproject", "expected"),
    [
        (
            '[tool.x]\nnote = """\n[project]\nversion = "1.2.3"\n"""\n'
            '[project]\nname = "x"\nversion = "1.2.3"\n',
            '[tool.x]\nnote = """\n[project]\nversion = "1.2.3"\n"""\n'
            '[project]\nname = "x"\nversion = "1.2.4"\n',
        ),
        (
            "project.name = \"x\"\nproject.version = '1.2.3'  # pinned\r\n",
            "project.name = \"x\"\nproject.version = '1.2.4'  # pinned\r\n",
        ),
        (
            'project = { name = "x", version = "1.2.3" }\n',
            'project = { name = "x", version = "1.2.4" }\n',
        ),
    ],
    ids=["project-inside-a-multi-line-string", "dotted-literal-crlf", "inline-table"],
)
def test_the_version_is_found_by_the_toml_grammar(
    tmp_path: Path, pyproject: str, expected: str
) -> None:
    (tmp_path / "pyproject.toml").write_bytes(pyproject.encode())
    project = Project(tmp_path)
    assert [loc.kind for loc in project.locations] == ["[project].version"]
    assert project.bump("patch", date=dt.date(2025, 1, 1)).new == "1.2.4"
    assert (tmp_path / "pyproject.toml").read_bytes() == expected.encode()


def test_poetry_dependency_pins_equal_to_the_version_are_never_touched(tmp_path: Path) -> None:
    text = (
        '[tool.poetry]\nname = "a"\nversion = "1.0"  # current\n\n[tool.poetry.dependencies]\n'
        'b = "1.0"\nc = { version = "1.0" }\n\n'
        '[tool.poetry.group.dev.dependencies]\nversion = "1.0"\n'
    )
    root = write_tree(tmp_path, {"pyproject.toml": text})
    Project(root).bump(set_version="2.0")
    assert (root / "pyproject.toml").read_text() == text.replace(
        'version = "1.0"  # current', 'version = "2.0"  # current'
    )


def test_calver_stays_zero_padded_in_every_file(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "pyproject.toml": (
                '[project]\nname = "cal"\nversion = "25.02.14"\n[tool.releasekit]\n'
                'scheme = "calver"\n'
            ),
            "cal/__init__.py": '__version__ = "25.2.14"\n',
        },
    )
    project = Project(root)
    assert project.check() == []  # PEP 440 equality: 25.02.14 == 25.2.14
    result = project.bump(date=dt.date(2025, 2, 15))
    assert result.new == "25.02.15"
    assert b'version = "25.02.15"' in (root / "pyproject.toml").read_bytes()
    assert (root / "cal/__init__.py").read_bytes() == b'__version__ = "25.02.15"\n'


# -- refusals: nothing is written --------------------------------------------------------------


def tree_bytes(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


REFUSALS: list[tuple[str, dict[str, str | bytes], dict[str, object], type[Exception], str]] = [
    (
        "files-disagree",
        {"pyproject.toml": PEP621, "sample_pkg/__init__.py": '__version__ = "1.2.2"\n'},
        {"part": "patch"},
        VersionLocationError,
        r"disagree.*\npyproject.toml:3: 1.2.3 .*\nsample_pkg/__init__.py:1: 1.2.2",
    ),
    (
        "set-lower",
        {"pyproject.toml": PEP621},
        {"set_version": "1.2.0"},
        VersionNotIncreasing,
        r"set_version='1.2.0' is not higher than the current version 1.2.3; "
        r"pass allow_downgrade=True",
    ),
    (
        "set-invalid",
        {"pyproject.toml": PEP621},
        {"set_version": "banana"},
        InvalidVersion,
        r"set_version: Invalid version: 'banana'",
    ),
    (
        "not-semver",
        {
            "pyproject.toml": (
                '[project]\nname = "x"\nversion = "1.2"\n[tool.releasekit]\nscheme = "semver"\n'
            )
        },
        {"part": "minor"},
        InvalidVersion,
        r"pyproject.toml:3: .*'1.2'.*scheme = \"semver\".*--set VERSION",
    ),
    (
        "semver-part-on-calver",
        {"pyproject.toml": '[project]\nname = "x"\nversion = "25.02.15"\n'},
        {"part": "minor"},
        UsageError,
        r"CalVer.*--set VERSION",
    ),
    (
        "version-not-on-one-line",
        {"pyproject.toml": '[project]\nname = "x"\nversion = """1.2.3"""\n'},
        {"part": "patch"},
        VersionLocationError,
        r"pyproject.toml: \[project\].version is '1.2.3', but not as a one-line string",
    ),
    (
        "unknown-coding",
        {"pyproject.toml": PEP621, "sample_pkg/__init__.py": b'# coding: hex\n__version__ = "1"\n'},
        {"part": "patch"},
        FileFormatError,
        r"sample_pkg/__init__.py: declares the unknown encoding 'hex'",
    ),
    (
        "invalid-python",
        {"pyproject.toml": PEP621, "sample_pkg/__init__.py": '__version__ = "1.2.3"\nif\n'},
        {"part": "patch"},
        FileFormatError,
        r"sample_pkg/__init__.py: line 2: not valid Python",
    ),
    (
        "configured-pattern-not-found",
        {
            "pyproject.toml": PEP621
            + (
                "[tool.releasekit]\n"
                'files = [{ path = "README.md", pattern = "Version {version}" }]\n'
            ),
            "README.md": "# x\n",
        },
        {"part": "patch"},
        VersionLocationError,
        r"README.md: nothing matches the pattern 'Version \{version\}'",
    ),
    (
        "configured-file-missing",
        {"pyproject.toml": PEP621 + '[tool.releasekit]\nfiles = [{ path = "VERSION" }]\n'},
        {"part": "patch"},
        VersionLocationError,
        r"VERSION: not found \(\[tool.releasekit\] files\[0\]\)",
    ),
    (
        "non-utf8-python",
        {"pyproject.toml": PEP621, "sample_pkg/__init__.py": b'# caf\xe9\n__version__ = "1.2.3"\n'},
        {"part": "patch"},
        FileFormatError,
        r"sample_pkg/__init__.py: not valid UTF-8 \(byte 0xe9 at line 1, column 6\).*coding",
    ),
]


@pytest.mark.parametrize(
    ("files", "kwargs", "error", "message"), [r[1:] for r in REFUSALS], ids=[r[0] for r in REFUSALS]
)
def test_refusals_name_the_culprit_and_write_nothing(
    tmp_path: Path,
    files: dict[str, str | bytes],
    kwargs: dict[str, object],
    error: type[Exception],
    message: str,
) -> None:
    root = write_tree(tmp_path, files)
    before = tree_bytes(root)
    with pytest.raises(error, match=f"(?s){message}"):
        Project(root).bump(date=dt.date(2025, 2, 16), **kwargs)  # type: ignore[arg-type]
    assert tree_bytes(root) == before


@pytest.mark.parametrize(
    ("kwargs", "library", "cli"),
    [
        (
            {"set_version": "1.2.0"},
            "pass allow_downgrade=True if you mean it",
            "--set 1.2.0 is not higher than the current version 1.2.3; pass --allow-downgrade",
        ),
        ({"set_version": "banana"}, "set_version: Invalid version", "--set: Invalid version"),
        ({"part": "minor", "set_version": "2.0.0"}, "part='minor' or set_version", "--set 2.0.0"),
    ],
    ids=["downgrade", "invalid", "part-and-set"],
)
def test_errors_carry_the_cli_wording_too(
    tmp_path: Path, kwargs: dict[str, Any], library: str, cli: str
) -> None:
    root = write_tree(tmp_path, {"pyproject.toml": PEP621})
    with pytest.raises(ReleasekitError) as info:
        Project(root).plan_bump(**kwargs)
    assert library in info.value.message
    # A library caller reads keyword arguments, never the CLI's flags.
    assert not re.search(r"(?<![\w-])--(set|allow)", info.value.message)
    assert cli in "\n".join(info.value.lines(cli=True))


def test_latin1_python_file_declared_by_a_coding_line_is_written_back_as_latin1(
    tmp_path: Path,
) -> None:
    source = b'# -*- coding: latin-1 -*-\n# caf\xe9\n__version__ = "1.2.3"\n'
    root = write_tree(tmp_path, {"pyproject.toml": PEP621, "sample_pkg/__init__.py": source})
    Project(root).bump(set_version="1.2.4")
    assert (root / "sample_pkg/__init__.py").read_bytes() == source.replace(b"1.2.3", b"1.2.4")


def test_broken_toml_names_file_line_and_column(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"pyproject.toml": '[project]\nname = "x"\nversion = 1.2.3"\n'})
    with pytest.raises(FileFormatError, match=r"^pyproject.toml:3:\d+: invalid TOML: "):
        Project(root)


def test_missing_pyproject_names_the_directory_searched(tmp_path: Path) -> None:
    start = tmp_path / "a" / "b"
    start.mkdir(parents=True)
    with pytest.raises(ProjectNotFound, match=rf"no pyproject.toml found in {start} or any"):
        find_root(start)


def test_the_root_is_found_by_walking_up(tmp_path: Path) -> None:
    write_tree(tmp_path, {"pyproject.toml": PEP621, "sample_pkg/deep/x.py": ""})
    project = Project(tmp_path / "sample_pkg" / "deep")
    assert project.root == tmp_path.resolve()


def test_no_version_anywhere_says_where_it_looked(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"pyproject.toml": '[project]\nname = "x"\n'})
    with pytest.raises(
        VersionLocationError, match=r"no version found in .*\[tool.releasekit\] files"
    ):
        _ = Project(root).version


def test_auto_with_no_bumping_commit_is_refused(project: GitRepo) -> None:
    project.commit("docs: typo")
    with pytest.raises(VersionNotIncreasing, match=r"nothing to release: no commit since v1.2.3"):
        Project(project.path).plan_bump("auto")
    project.commit("feat: new thing")
    assert Project(project.path).plan_bump("auto").new == "1.3.0"


def test_project_construction_does_not_import_tomlkit_or_git_python(tmp_path: Path) -> None:
    import subprocess
    import sys

    write_tree(
        tmp_path, {"pyproject.toml": PEP621, "sample_pkg/__init__.py": '__version__ = "1.2.3"\n'}
    )
    code = (
        "import sys; from releasekit import Project; p = Project(sys.argv[1]); p.locations; "
        "print(p.version, 'tomlkit' in sys.modules, 'git' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == ["1.2.3", "False", "False"]


@pytest.mark.parametrize(
    "module",
    [
        "releasekit.locations.bump",
        "releasekit.check.runner",
        "releasekit.locations.detect",
        "releasekit.files.edits",
        "releasekit.files.journal",
        "releasekit.locations.spans",
        "releasekit.locations.packages",
        "releasekit.project",
        "releasekit.files.text",
        "releasekit.files.toml",
    ],
)
def test_docstring_examples_hold(module: str) -> None:
    import doctest
    import importlib

    result = doctest.testmod(
        importlib.import_module(module), optionflags=doctest.ELLIPSIS, verbose=False
    )
    assert result.failed == 0
    assert result.attempted > 0


_versions = st.from_regex(r"[1-9][0-9]?\.[0-9]{1,2}\.[0-9]{1,2}", fullmatch=True)
_comment = st.text(
    alphabet=st.characters(codec="utf-8", exclude_characters="\r\n\x7f", min_codepoint=32),
    max_size=20,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    old=_versions,
    new=_versions,
    comment=_comment,
    newline=st.sampled_from(["\n", "\r\n"]),
    quote=st.sampled_from(['"', "'"]),
    bom=st.booleans(),
    final_newline=st.booleans(),
)
def test_any_pyproject_bump_changes_only_the_version_bytes(
    old: str,
    new: str,
    comment: str,
    newline: str,
    quote: str,
    bom: bool,
    final_newline: bool,
) -> None:
    lines = [
        f"# {comment}",
        "[project]",
        'name = "prop"',
        f"version = {quote}{old}{quote}  # {comment}",
        f'dependencies = ["other=={old}"]',
        "",
        "[tool.other]",
        f'version = "{old}"',
    ]
    text = newline.join(lines) + (newline if final_newline else "")
    data = (b"\xef\xbb\xbf" if bom else b"") + text.encode()
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory)
        (root / "pyproject.toml").write_bytes(data)
        project = Project(root)
        assert project.version == old
        (edit,) = project.plan_bump(set_version=new, allow_downgrade=True).edits
    lines[3] = f"version = {quote}{new}{quote}  # {comment}"
    expected = newline.join(lines) + (newline if final_newline else "")
    assert edit.after == (b"\xef\xbb\xbf" if bom else b"") + expected.encode()


def test_next_version_auto_on_a_calver_project_releases_calver(repo: GitRepo) -> None:
    repo.commit(
        "chore: initial",
        {"pyproject.toml": '[project]\nname = "cal"\nversion = "25.02.15"\n'},
    )
    repo.tag("v25.02.15", "Release 25.02.15")
    repo.commit("feat: something new")
    project = Project(repo.path)
    assert project.scheme == "calver"
    assert project.next_version("auto", dt.date(2025, 3, 1)) == "25.03.01"
    assert project.next_version(None, dt.date(2025, 3, 1)) == "25.03.01"


def test_next_version_auto_with_nothing_to_release_keeps_the_version(repo: GitRepo) -> None:
    repo.commit("chore: initial", {"pyproject.toml": '[project]\nname = "s"\nversion = "0.4.1"\n'})
    repo.tag("v0.4.1", "Release 0.4.1")
    repo.commit("docs: words")
    assert Project(repo.path).next_version("auto") == "0.4.1"
    repo.commit("feat!: breaking on 0.x")
    assert Project(repo.path).next_version("auto") == "0.5.0"


def test_the_same_project_reports_and_bumps_again_after_a_bump(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path, {"pyproject.toml": PEP621, "sample_pkg/__init__.py": '__version__ = "1.2.3"\n'}
    )
    project = Project(root)
    assert project.version == "1.2.3"
    assert project.bump("minor", date=dt.date(2025, 1, 1)).new == "1.3.0"
    assert project.version == "1.3.0"
    assert project.pyproject["project"]["version"] == "1.3.0"
    assert [loc.version for loc in project.locations] == ["1.3.0", "1.3.0"]
    assert project.bump("patch", date=dt.date(2025, 1, 1)).old == "1.3.0"
    assert project.version == "1.3.1"
    assert (root / "sample_pkg/__init__.py").read_text() == '__version__ = "1.3.1"\n'


def test_constructing_and_reading_a_project_never_writes(tmp_path: Path) -> None:
    from releasekit.files.journal import write_journal

    root = write_tree(tmp_path, {"pyproject.toml": PEP621})
    path = root / "pyproject.toml"
    before = path.read_bytes()
    write_journal(root, [(path, before, before.replace(b"1.2.3", b"1.2.4"))])
    path.write_bytes(before.replace(b"1.2.3", b"1.2.4"))  # the process died mid-write
    snapshot = tree_bytes(root)
    project = Project(root)
    assert (project.version, project.check(), project.bump("patch", dry_run=True).new) == (
        "1.2.4",
        [
            ".releasekit-journal.json: an earlier releasekit run was interrupted while "
            "writing, so files may be half-written; any writing command (releasekit bump, "
            "changelog, tag, release) puts them back first, as does Project.recover()"
        ],
        "1.2.5",
    )
    assert tree_bytes(root) == snapshot
    assert project.bump("patch").new == "1.2.4"  # recovered to 1.2.3 first
    assert not (root / ".releasekit-journal.json").exists()
