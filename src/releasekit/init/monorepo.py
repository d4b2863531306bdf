"""The release workflow of a monorepo whose packages include compiled ones.

Each package's tag releases that package only, and how it is built depends on the package:
a compiled one (:func:`releasekit.dist.extensions.is_extension_project`) gets its sdist once
and its wheels from cibuildwheel on the runner matrix, a pure one the ordinary build. The
``check`` job says which: a one-line ``case`` on the tag, written from each package's tag
format, sets the outputs ``compiled`` and ``package-dir``, and the jobs of each way run under
``if:`` on them. ``gather`` then checks the complete set of whichever way ran.

>>> script = select_script([MonorepoPackage("core-v", "", "packages/core", True),
...                         MonorepoPackage("cli@", "", "packages/cli", False)])
>>> print(script.split(" ;; ")[0])
'case "$GITHUB_REF_NAME" in "core-v"*) dir=packages/core compiled=true
"""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from releasekit.init.workflow import WorkflowSettings, tag_glob

__all__ = [
    "MonorepoPackage",
    "monorepo_packages",
    "render_compiled_monorepo_workflow",
    "select_script",
]

_PLACEHOLDER = re.compile(r"<<(\w+)>>")


@dataclass(frozen=True)
class MonorepoPackage:
    """One package of the workflow: the text around ``{version}`` in its tag format, its
    directory (relative to the repository root) and whether it compiles code."""

    prefix: str
    suffix: str
    directory: str
    compiled: bool

    @property
    def tag_glob(self) -> str:
        """The ``on.push.tags`` filter of the package's tags."""
        return tag_glob(f"{self.prefix}{{version}}{self.suffix}")

    def case_pattern(self) -> str:
        """The shell ``case`` pattern of the package's tags (the text around the version is
        quoted; a bare version must start with a digit)."""
        middle = "*" if self.prefix else "[0-9]*"
        return f"{_double_quoted(self.prefix)}{middle}{_double_quoted(self.suffix)}"


def _double_quoted(text: str) -> str:
    if not text:
        return ""
    escaped = re.sub(r'(["\\$`])', r"\\\1", text)
    return f'"{escaped}"'


def monorepo_packages(root: Path) -> list[MonorepoPackage]:
    """The packages of the monorepo at ``root`` (each with its tag format, as its release
    tags are detected), or ``[]`` when ``root`` is no monorepo's root."""
    from releasekit.dist.extensions import is_extension_project
    from releasekit.git.runner import Git
    from releasekit.workspace.members import discover_workspace
    from releasekit.workspace.tagformat import workspace_tag_format

    workspace = discover_workspace(root)
    if not workspace.is_monorepo:
        return []
    git = Git(root)
    names = git.run("tag", "--list").splitlines() if git.is_repository() else []
    found = []
    for package in workspace.packages:
        if not package.name:
            continue
        prefix, _, suffix = workspace_tag_format(workspace, package, names).partition("{version}")
        compiled = is_extension_project(package.path(workspace.root), package.pyproject)
        found.append(MonorepoPackage(prefix, suffix, package.directory, compiled))
    return found


def select_script(packages: Sequence[MonorepoPackage]) -> str:
    """The ``run:`` value (a YAML single-quoted scalar) of the step that writes the outputs
    ``package-dir`` and ``compiled`` for the package the tag names; an unknown tag fails.

    The longest prefix comes first, so ``core-lib-v1.0`` is ``core-lib``'s, not ``core``'s.
    """
    ordered = sorted(packages, key=lambda p: (-len(p.prefix) - len(p.suffix), p.directory))
    arms = [
        f"{p.case_pattern()}) dir={shlex.quote(p.directory)} "
        f"compiled={'true' if p.compiled else 'false'} ;;"
        for p in ordered
    ]
    script = (
        'case "$GITHUB_REF_NAME" in '
        + " ".join(arms)
        + ' *) echo "::error::$GITHUB_REF_NAME is the release tag of no package"; exit 1 ;; '
        + "esac; "
        + 'printf \'package-dir=%s\\ncompiled=%s\\n\' "$dir" "$compiled" >> "$GITHUB_OUTPUT"'
    )
    return "'" + script.replace("'", "''") + "'"


def render_compiled_monorepo_workflow(
    settings: WorkflowSettings, packages: Sequence[MonorepoPackage]
) -> str:
    """The release workflow of a monorepo with compiled packages (see the module).

    >>> text = render_compiled_monorepo_workflow(
    ...     WorkflowSettings("a-v*", ("3.13",), "a"),
    ...     [MonorepoPackage("a-v", "", "packages/a", True)])
    >>> "- 'a-v*'" in text, "if: needs.check.outputs.compiled == 'true'" in text
    (True, True)
    """
    from importlib.resources import files

    template = files("releasekit.init").joinpath("templates/release-monorepo.yml")
    text = template.read_text(encoding="utf-8")
    if settings.uv:
        from releasekit.init.workflow import uv_install

        text = uv_install(text)
    globs = list(dict.fromkeys(p.tag_glob for p in packages))
    values = {
        "tag_triggers": "".join(
            f"      - '{glob.replace(chr(39), chr(39) * 2)}'\n" for glob in globs
        ),
        "select_script": select_script(packages),
        "python_versions": json.dumps(list(settings.python_versions)),
        "python_latest": settings.python_latest,
        "install": shlex.quote(settings.install),
    }
    return _PLACEHOLDER.sub(lambda match: values[match[1]], text)
