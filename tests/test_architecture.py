"""The layout is the design: the import-linter contracts hold and no module import cycle exists.

The contracts live in ``[tool.importlinter]`` of pyproject.toml. Cycles are searched over every
import, including the ones inside functions, which the layers contract alone would not show
between two modules of the same package.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "releasekit"


def test_import_linter_contracts_are_kept() -> None:
    exe = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    result = subprocess.run(
        [exe, "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def _cycles(graph: grimp.ImportGraph, package: str = "releasekit") -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    modules = sorted(m for m in graph.modules if m.startswith(package))
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in modules:
        if start in index:
            continue
        work = [(start, iter(sorted(graph.find_modules_directly_imported_by(start))))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next((c for c in children if c.startswith(package)), None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append(
                        (child, iter(sorted(graph.find_modules_directly_imported_by(child))))
                    )
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_no_module_import_cycle_even_inside_functions() -> None:
    graph = grimp.build_graph("releasekit", exclude_type_checking_imports=True)
    assert _cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "cyclepkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("def f():\n    from cyclepkg import b\n")
    (package / "b.py").write_text("from cyclepkg import a\n")
    (package / "c.py").write_text("from cyclepkg import a\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert _cycles(grimp.build_graph("cyclepkg"), "cyclepkg") == [["cyclepkg.a", "cyclepkg.b"]]


def test_no_module_over_400_lines() -> None:
    sizes = {
        path.relative_to(SRC).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
        for path in SRC.rglob("*.py")
    }
    assert {name: n for name, n in sizes.items() if n > 400} == {}


#: Source modules without their own test module, each with the reason. Keep it short: a module
#: that is worth a file is worth a test module.
WITHOUT_TEST_MODULE: dict[str, str] = {}


def expected_test_file(source: Path, src: Path = SRC, tests: Path = ROOT / "tests") -> Path:
    """Where the tests of ``src/releasekit/<pkg>/<mod>.py`` live: ``tests/<pkg>/test_<mod>.py``."""
    relative = source.relative_to(src)
    return tests / relative.parent / f"test_{relative.name}"


def modules_without_tests(src: Path, tests: Path) -> list[str]:
    """The source modules under ``src`` (entry points aside) with no test module in ``tests``."""
    return sorted(
        path.relative_to(src).as_posix()
        for path in src.rglob("*.py")
        if path.name not in ("__init__.py", "__main__.py")
        and not expected_test_file(path, src, tests).is_file()
    )


def test_every_module_has_its_own_test_module() -> None:
    missing = [
        name
        for name in modules_without_tests(SRC, ROOT / "tests")
        if name not in WITHOUT_TEST_MODULE
    ]
    assert missing == [], (
        "each source module needs tests/<package>/test_<module>.py holding the tests of its "
        f"behaviour; missing: {', '.join(missing)}"
    )


def test_every_listed_exception_still_needs_to_be_one() -> None:
    stale = sorted(
        name
        for name in WITHOUT_TEST_MODULE
        if not (SRC / name).is_file() or expected_test_file(SRC / name).is_file()
    )
    assert stale == [], f"remove from WITHOUT_TEST_MODULE (gone, or tested now): {stale}"


def test_the_test_module_finder_finds_a_module_without_one(tmp_path: Path) -> None:
    src, tests = tmp_path / "src", tmp_path / "tests"
    for name in ("__init__.py", "__main__.py", "top.py", "pkg/__init__.py", "pkg/a.py", "pkg/b.py"):
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        (src / name).write_text("")
    (tests / "pkg").mkdir(parents=True)
    (tests / "pkg" / "test_a.py").write_text("")
    (tests / "test_b.py").write_text("")  # at the wrong level: does not count for pkg/b.py
    assert modules_without_tests(src, tests) == ["pkg/b.py", "top.py"]
    (tests / "test_top.py").write_text("")
    assert modules_without_tests(src, tests) == ["pkg/b.py"]
