"""Finding every place a project writes its version, on real project layouts in tmp_path."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from releasekit.config import load_config
from releasekit.errors import ConfigError, FileFormatError, VersionLocationError
from releasekit.files.toml import parse_toml
from releasekit.locations.detect import Detection, detect_locations, vcs_version_source


def write(root: Path, files: dict[str, str | bytes]) -> None:
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")


def detect(root: Path, files: dict[str, str | bytes]) -> Detection:
    """Write ``files`` under ``root`` and detect the project's version locations."""
    write(root, files)
    pyproject_path = root / "pyproject.toml"
    pyproject = (
        parse_toml(pyproject_path.read_text(encoding="utf-8-sig"), "pyproject.toml")
        if pyproject_path.is_file()
        else {}
    )
    table = pyproject.get("tool", {}).get("releasekit")
    return detect_locations(root, pyproject_path, pyproject, load_config(table))


def found(root: Path, files: dict[str, str | bytes]) -> list[tuple[str, int, str, str]]:
    """``(file, line, version, kind)`` of each location detected, in detection order."""
    return [(loc.file, loc.line, loc.version, loc.kind) for loc in detect(root, files).locations]


INIT = '"""The package."""\n__version__ = "1.2.3"\n'

LAYOUTS: dict[str, tuple[dict[str, str | bytes], list[tuple[str, int, str, str]]]] = {
    "pep621-src": (
        {
            "pyproject.toml": '[project]\nname = "My.Pkg"\nversion = "1.2.3"\n',
            "src/my_pkg/__init__.py": INIT,
        },
        [
            ("pyproject.toml", 3, "1.2.3", "[project].version"),
            ("src/my_pkg/__init__.py", 2, "1.2.3", "__version__"),
        ],
    ),
    "pep621-flat": (
        {
            "pyproject.toml": '[project]\nname = "my-pkg"\nversion = "1.2.3"\n',
            "my_pkg/__init__.py": INIT,
            "my_pkg/_version.py": '__version__ = "1.2.3"\n',
        },
        [
            ("pyproject.toml", 3, "1.2.3", "[project].version"),
            ("my_pkg/__init__.py", 2, "1.2.3", "__version__"),
            ("my_pkg/_version.py", 1, "1.2.3", "__version__"),
        ],
    ),
    "pep621-single-module": (
        {
            "pyproject.toml": '[project]\nname = "tool"\nversion = "0.1"\n',
            "tool.py": '__version__ = "0.1"\n',
        },
        [("pyproject.toml", 3, "0.1", "[project].version"), ("tool.py", 1, "0.1", "__version__")],
    ),
    "pep621-no-version-in-code": (
        {"pyproject.toml": '[project]\nname = "x"\nversion = "2.0"\n', "x/__init__.py": ""},
        [("pyproject.toml", 3, "2.0", "[project].version")],
    ),
    "poetry": (
        {
            "pyproject.toml": '[tool.poetry]\nname = "poet-ry"\nversion = "0.9.0"\n',
            "poet_ry/__version__.py": "__version__ = '0.9.0'\n",
        },
        [
            ("pyproject.toml", 3, "0.9.0", "[tool.poetry].version"),
            ("poet_ry/__version__.py", 1, "0.9.0", "__version__"),
        ],
    ),
    "poetry-packages-from-src": (
        {
            "pyproject.toml": (
                '[tool.poetry]\nname = "dist-name"\nversion = "3.0"\n'
                'packages = [{include = "other", from = "lib"}]\n'
            ),
            "lib/other/__init__.py": '__version__ = "3.0"\n',
        },
        [
            ("pyproject.toml", 3, "3.0", "[tool.poetry].version"),
            ("lib/other/__init__.py", 1, "3.0", "__version__"),
        ],
    ),
    "setup-cfg": (
        {
            "setup.cfg": "[metadata]\nname = cfgpkg\nversion = 4.5.6\n",
            "setup.py": "from setuptools import setup\nsetup()\n",
            "cfgpkg/__init__.py": '__version__ = "4.5.6"\n',
        },
        [
            ("setup.cfg", 3, "4.5.6", "setup.cfg [metadata] version"),
            ("cfgpkg/__init__.py", 1, "4.5.6", "__version__"),
        ],
    ),
    "setup-cfg-attr": (
        {
            "setup.cfg": "[metadata]\nname = cfgpkg\nversion = attr: cfgpkg.about.VERSION\n",
            "src/cfgpkg/__init__.py": "",
            "src/cfgpkg/about.py": 'VERSION = "1.0"\n',
        },
        [("src/cfgpkg/about.py", 1, "1.0", "VERSION")],
    ),
    "setup-cfg-file": (
        {
            "setup.cfg": "[metadata]\r\nname = x\r\nversion = file: VERSION.txt\r\n",
            "VERSION.txt": "1.0.0\r\n",
        },
        [("VERSION.txt", 1, "1.0.0", "setup.cfg [metadata] version")],
    ),
    "hatch-path": (
        {
            "pyproject.toml": (
                '[project]\nname = "h"\ndynamic = ["version"]\n'
                '[tool.hatch.version]\npath = "src/h/__about__.py"\n'
            ),
            "src/h/__about__.py": '__version__ = "0.0.1"\n',
            "src/h/__init__.py": "from h.__about__ import __version__\n",
        },
        [("src/h/__about__.py", 1, "0.0.1", "__version__")],
    ),
    "hatch-pattern": (
        {
            "pyproject.toml": (
                '[project]\nname = "h"\ndynamic = ["version"]\n[tool.hatch.version]\n'
                'path = "h/meta.py"\npattern = \'RELEASE = "(?P<version>[^"]+)"\'\n'
            ),
            "h/meta.py": 'NAME = "h"\nRELEASE = "7.1"\n',
        },
        [("h/meta.py", 2, "7.1", "[tool.hatch.version] path")],
    ),
    "setuptools-attr": (
        {
            "pyproject.toml": (
                '[project]\nname = "s"\ndynamic = ["version"]\n'
                '[tool.setuptools.package-dir]\n"" = "lib"\n'
                '[tool.setuptools.dynamic]\nversion = {attr = "s.__version__"}\n'
            ),
            "lib/s/__init__.py": '__version__ = "5.0"\n',
        },
        [("lib/s/__init__.py", 1, "5.0", "__version__")],
    ),
    "setuptools-file": (
        {
            "pyproject.toml": (
                '[project]\nname = "s"\ndynamic = ["version"]\n'
                '[tool.setuptools.dynamic]\nversion = {file = "VERSION"}\n'
            ),
            "VERSION": "\n2.1\n",
        },
        [("VERSION", 2, "2.1", "[tool.setuptools.dynamic] version")],
    ),
    "pdm-file": (
        {
            "pyproject.toml": (
                '[project]\nname = "p"\ndynamic = ["version"]\n'
                '[tool.pdm.version]\nsource = "file"\npath = "src/p/__init__.py"\n'
            ),
            "src/p/__init__.py": 'VERSION = "1.1"\n',
        },
        [("src/p/__init__.py", 1, "1.1", "VERSION")],
    ),
    "flit-module": (
        {
            "pyproject.toml": (
                '[project]\nname = "flit-dist"\ndynamic = ["version"]\n'
                '[tool.flit.module]\nname = "fmod"\n'
            ),
            "fmod/__init__.py": '"""Doc."""\n__version__ = "0.3"\n',
        },
        [("fmod/__init__.py", 2, "0.3", "__version__")],
    ),
    "setup-py-only": (
        {
            "setup.py": "from setuptools import setup\nsetup(name='x')\n",
            "pkg/__init__.py": '__version__ = "9.9"\n',
            "tests/__init__.py": '__version__ = "0"\n',
            "_private/__init__.py": '__version__ = "0"\n',
            "broken/__init__.py": b"\xff not python",
        },
        [("pkg/__init__.py", 1, "9.9", "__version__")],
    ),
    "configured-files": (
        {
            "pyproject.toml": (
                '[project]\nname = "c"\nversion = "1.0"\n'
                '[[tool.releasekit.files]]\npath = "docs/conf.py"\n'
                "pattern = 'release = \"{version}\"'\n"
            ),
            "docs/conf.py": 'project = "c"\nrelease = "1.0"  # kept in step\n',
        },
        [
            ("pyproject.toml", 3, "1.0", "[project].version"),
            ("docs/conf.py", 2, "1.0", "files[0]"),
        ],
    ),
    "bom-and-crlf": (
        {
            "pyproject.toml": b'\xef\xbb\xbf[project]\r\nname = "b"\r\nversion = "1.0"\r\n',
            "src/b/__init__.py": b'\xef\xbb\xbf__version__ = "1.0"\r\n',
        },
        [
            ("pyproject.toml", 3, "1.0", "[project].version"),
            ("src/b/__init__.py", 1, "1.0", "__version__"),
        ],
    ),
}


@pytest.mark.parametrize("layout", list(LAYOUTS), ids=list(LAYOUTS))
def test_every_layout_finds_exactly_its_locations(tmp_path: Path, layout: str) -> None:
    files, expected = LAYOUTS[layout]
    assert found(tmp_path, files) == expected


def test_a_location_knows_its_line_text_and_span(tmp_path: Path) -> None:
    detection = detect(
        tmp_path,
        {"pyproject.toml": b'[project]\r\nname = "x"\r\nversion = "1.0"  # here\r\n'},
    )
    (location,) = detection.locations
    source = detection.sources[location.path]
    assert location.text == 'version = "1.0"  # here'
    assert source.text[location.span.start : location.span.end] == "1.0"
    assert location.to_json() == {
        "file": "pyproject.toml",
        "line": 3,
        "text": 'version = "1.0"  # here',
        "version": "1.0",
        "kind": "[project].version",
    }


VCS = {
    "hatch-vcs": '[tool.hatch.version]\nsource = "vcs"\n',
    "setuptools-scm": "[tool.setuptools_scm]\n",
    "versioningit": "[tool.versioningit]\n",
    "pdm-backend scm": '[tool.pdm.version]\nsource = "scm"\n',
    "setuptools-git-versioning": "[tool.setuptools-git-versioning]\nenabled = true\n",
}


@pytest.mark.parametrize("plugin", list(VCS), ids=list(VCS))
def test_a_vcs_version_has_no_file_location(tmp_path: Path, plugin: str) -> None:
    pyproject = '[project]\nname = "v"\ndynamic = ["version"]\n' + VCS[plugin]
    files: dict[str, str | bytes] = {
        "pyproject.toml": pyproject,
        "src/v/__init__.py": '__version__ = "0.0.0"\n',
    }
    assert found(tmp_path, files) == []
    assert vcs_version_source(parse_toml(pyproject, "pyproject.toml")) == plugin


@pytest.mark.parametrize(
    ("pyproject", "expected"),
    [
        (
            {
                "project": {"dynamic": ["version"]},
                "build-system": {"requires": ["setuptools-scm>=8"]},
            },
            "setuptools-scm",
        ),
        (
            {
                "project": {"dynamic": ["version"]},
                "build-system": {"requires": ["Versioningit ~= 3"]},
            },
            "versioningit",
        ),
        ({"tool": {"poetry-dynamic-versioning": {"enable": True}}}, "poetry-dynamic-versioning"),
        ({"tool": {"poetry-dynamic-versioning": {"enable": False}}}, None),
        ({"project": {"version": "1"}, "tool": {"setuptools_scm": {}}}, None),
        (
            {"project": {"dynamic": ["version"]}, "tool": {"hatch": {"version": {"path": "x.py"}}}},
            None,
        ),
        ({"project": {"dynamic": "version"}, "tool": {"versioningit": {}}}, None),
    ],
    ids=[
        "scm-in-build-requires",
        "versioningit-requirement-normalized",
        "poetry-dynamic-versioning",
        "poetry-dynamic-versioning-disabled",
        "static-version-wins",
        "hatch-path-is-a-file",
        "dynamic-not-a-list",
    ],
)
def test_vcs_version_source(pyproject: dict[str, object], expected: str | None) -> None:
    assert vcs_version_source(pyproject) == expected


def test_configured_files_are_still_found_with_a_vcs_version(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {
        "pyproject.toml": (
            '[project]\nname = "v"\ndynamic = ["version"]\n[tool.setuptools_scm]\n'
            '[[tool.releasekit.files]]\npath = "VERSION"\npattern = "{version}"\n'
        ),
        "VERSION": "1.4.0\n",
    }
    assert found(tmp_path, files) == [("VERSION", 1, "1.4.0", "files[0]")]


ERRORS: dict[str, tuple[dict[str, str | bytes], type[Exception], str]] = {
    "version-not-a-string": (
        {"pyproject.toml": '[project]\nname = "x"\nversion = 1\n'},
        VersionLocationError,
        "pyproject.toml: [project].version must be a string",
    ),
    "version-with-escapes": (
        {"pyproject.toml": '[project]\nname = "x"\nversion = "1.\\u0030"\n'},
        VersionLocationError,
        "pyproject.toml: [project].version is '1.0', but not as a one-line string without "
        'escapes that releasekit can edit; write it as version = "1.0"',
    ),
    "hatch-path-missing": (
        {
            "pyproject.toml": (
                '[project]\nname = "h"\ndynamic = ["version"]\n'
                '[tool.hatch.version]\npath = "h/about.py"\n'
            )
        },
        VersionLocationError,
        "h/about.py: not found (from [tool.hatch.version] path)",
    ),
    "hatch-bad-pattern": (
        {
            "pyproject.toml": (
                '[project]\nname = "h"\ndynamic = ["version"]\n'
                "[tool.hatch.version]\npath = \"h.py\"\npattern = '(?P<version>'\n"
            ),
            "h.py": '__version__ = "1"\n',
        },
        ConfigError,
        "[tool.hatch.version] pattern = '(?P<version>' is not a valid regular expression",
    ),
    "hatch-file-without-version": (
        {
            "pyproject.toml": (
                '[project]\nname = "h"\ndynamic = ["version"]\n'
                '[tool.hatch.version]\npath = "h.py"\n'
            ),
            "h.py": "__version__ = compute()\n",
        },
        VersionLocationError,
        'h.py: no line __version__ = "…" (from [tool.hatch.version] path)',
    ),
    "attr-module-missing": (
        {
            "pyproject.toml": (
                '[project]\nname = "s"\ndynamic = ["version"]\n'
                '[tool.setuptools.dynamic]\nversion = {attr = "nope.__version__"}\n'
            )
        },
        VersionLocationError,
        "[tool.setuptools.dynamic] version = 'nope.__version__': module 'nope' not found "
        "under src, .",
    ),
    "attr-name-missing": (
        {
            "pyproject.toml": (
                '[project]\nname = "s"\ndynamic = ["version"]\n'
                '[tool.setuptools.dynamic]\nversion = {attr = "s.VERSION"}\n'
            ),
            "s/__init__.py": '__version__ = "1"\n',
        },
        VersionLocationError,
        's/__init__.py: no line VERSION = "…"',
    ),
    "version-file-holds-more": (
        {
            "setup.cfg": "[metadata]\nversion = file: VERSION\n",
            "VERSION": "1.0\nand more\n",
        },
        VersionLocationError,
        "VERSION: expected only a version (from setup.cfg [metadata] version)",
    ),
    "configured-file-missing": (
        {
            "pyproject.toml": (
                '[project]\nname = "c"\nversion = "1"\n'
                '[[tool.releasekit.files]]\npath = "conf.py"\npattern = "v = {version}"\n'
            )
        },
        VersionLocationError,
        "conf.py: not found ([tool.releasekit] files[0]); fix the path or remove it",
    ),
    "configured-pattern-matches-nothing": (
        {
            "pyproject.toml": (
                '[project]\nname = "c"\nversion = "1"\n'
                '[[tool.releasekit.files]]\npath = "conf.py"\npattern = "v = {version}"\n'
            ),
            "conf.py": "w = 1\n",
        },
        VersionLocationError,
        "conf.py: nothing matches the pattern 'v = {version}' ([tool.releasekit] files[0])",
    ),
    "declared-package-not-python": (
        {
            "pyproject.toml": '[project]\nname = "d"\nversion = "1"\n',
            "d/__init__.py": '__version__ = "1"\ndef (:\n',
        },
        FileFormatError,
        "d/__init__.py: line 2: not valid Python",
    ),
    "declared-package-not-utf8": (
        {
            "pyproject.toml": '[project]\nname = "d"\nversion = "1"\n',
            "d/__init__.py": b'__version__ = "1" # caf\xe9\n',
        },
        FileFormatError,
        "d/__init__.py: not valid UTF-8 (byte 0xe9 at line 1, column 24)",
    ),
}


@pytest.mark.parametrize("case", list(ERRORS), ids=list(ERRORS))
def test_a_location_that_cannot_be_found_is_refused_naming_it(tmp_path: Path, case: str) -> None:
    files, error, message = ERRORS[case]
    with pytest.raises(error) as caught:
        detect(tmp_path, files)
    assert str(caught.value).startswith(message), str(caught.value)


def test_detection_reads_each_file_once_and_keeps_its_bytes(tmp_path: Path) -> None:
    detection = detect(
        tmp_path,
        {
            "pyproject.toml": '[project]\nname = "x"\nversion = "1"\n',
            "x/__init__.py": b'\xef\xbb\xbf__version__ = "1"\r\n',
        },
    )
    init = tmp_path / "x" / "__init__.py"
    assert detection.sources[init].data == b'\xef\xbb\xbf__version__ = "1"\r\n'
    init.write_bytes(b'__version__ = "2"\n')  # read once: later reads see the first bytes
    assert detection.read(init).data == b'\xef\xbb\xbf__version__ = "1"\r\n'
    assert detection.name(init) == "x/__init__.py"


def test_a_span_is_recorded_once_even_when_two_rules_find_it(tmp_path: Path) -> None:
    # hatch's path and the package named like the project are the same file.
    files: dict[str, str | bytes] = {
        "pyproject.toml": (
            '[project]\nname = "h"\ndynamic = ["version"]\n'
            '[tool.hatch.version]\npath = "src/h/__init__.py"\n'
        ),
        "src/h/__init__.py": '__version__ = "1.0"\n',
    }
    assert found(tmp_path, files) == [("src/h/__init__.py", 1, "1.0", "__version__")]
