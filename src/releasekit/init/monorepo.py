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
    "render_lockstep_workflow",
    "render_packages_workflow",
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
    #: The distribution name (names the package's artifact in a lockstep workflow).
    name: str = ""

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
        found.append(MonorepoPackage(prefix, suffix, package.directory, compiled, package.name))
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


_UPLOAD = (
    "      - uses: actions/upload-artifact@043fb46d1a93c77aae656e7c1c64a875d1fc6a0a # v7.0.1\n"
    "        with:\n"
    "          name: {name}\n"
    "          path: {path}\n"
    "          if-no-files-found: error\n"
)
_DOWNLOAD = (
    "      - uses: actions/download-artifact@3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c # v8.0.1\n"
    "        with:\n"
    "          name: dist\n"
    "          path: dist/\n"
)
_MERGED = (
    "      - uses: actions/download-artifact@3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c # v8.0.1\n"
    "        with:\n"
    "          pattern: dist-*\n"
    "          path: dist/\n"
    "{merge}"
)


def render_lockstep_workflow(
    settings: WorkflowSettings, packages: Sequence[MonorepoPackage]
) -> str:
    """The release workflow of a pure lockstep monorepo: the one ``v{version}`` tag releases
    every package, so each job works on all of them. ``check --tag`` checks every package
    against the tag; the build job builds each package into ``dist/<name>`` and uploads it as
    the artifact ``dist-<name>``; each package is verified with the others' wheels at hand
    (``--find-links``: an internal ``==`` pin resolves to the wheel just built); publish and
    the GitHub release take every artifact, merged into one ``dist/``.

    >>> text = render_lockstep_workflow(WorkflowSettings("v*", ("3.13",), "a"),
    ...     [MonorepoPackage("v", "", "packages/a", False, "a"),
    ...      MonorepoPackage("v", "", "packages/b", False, "b")])
    >>> 'releasekit --project packages/b build --outdir "$GITHUB_WORKSPACE/dist/b"' in text
    True
    """
    from releasekit.init.workflow import render_monorepo_workflow

    globs = list(dict.fromkeys(p.tag_glob for p in packages))
    text = render_monorepo_workflow(settings, globs)
    ws = "$GITHUB_WORKSPACE"
    builds = "".join(
        f"      - name: Build {p.name} (every package of the lockstep release)\n"
        f"        run: releasekit --project {shlex.quote(p.directory)} build "
        f'--outdir "{ws}/dist/{p.name}"\n'
        for p in packages
    ) + "".join(_UPLOAD.format(name=f"dist-{p.name}", path=f"dist/{p.name}/") for p in packages)
    built = (
        "      - name: Build once; every later job uses these files\n"
        f'        run: releasekit --package "$GITHUB_REF_NAME" build --outdir "{ws}/dist"\n'
        + _UPLOAD.format(name="dist", path="dist/")
    )
    text = _replace_once(text, built, builds)
    links = " ".join(f'--find-links "{ws}/dist/dist-{p.name}"' for p in packages)
    verifies = "".join(
        f"      - name: Install {p.name} in a fresh venv (beside the other new wheels), import it\n"
        f"        run: releasekit --project {shlex.quote(p.directory)} verify --dist "
        f'"{ws}/dist/dist-{p.name}" {links}\n'
        for p in packages
    )
    verify = (
        _DOWNLOAD
        + "      - name: Install the wheel in a fresh venv and import it\n"
        + f'        run: releasekit --package "$GITHUB_REF_NAME" verify --dist "{ws}/dist"\n'
    )
    text = _replace_once(text, verify, _MERGED.format(merge="") + verifies)
    merged = _MERGED.format(merge="          merge-multiple: true\n")
    if text.count(_DOWNLOAD) != 2:  # publish and github-release
        raise AssertionError("the release template changed: update render_lockstep_workflow")
    text = text.replace(_DOWNLOAD, merged)
    return text.replace(
        "# A monorepo: each package's tag releases that package only.\n",
        "# A lockstep monorepo: the one tag releases every package.\n",
        1,
    )


def _replace_once(text: str, old: str, new: str) -> str:
    if text.count(old) != 1:
        raise AssertionError("the release template changed: update render_lockstep_workflow")
    return text.replace(old, new)


def render_packages_workflow(
    root: Path, settings: WorkflowSettings, packages: Sequence[MonorepoPackage] | None = None
) -> str | None:
    """The release workflow of the monorepo at ``root``: lockstep (every package per tag),
    compiled packages (each tag's package built its own way) or the plain monorepo one;
    None when ``root`` is no monorepo's root. ``packages``: :func:`monorepo_packages`, when
    already read.

    Raises :class:`~releasekit.errors.RefusedError` for a lockstep monorepo with compiled
    packages, whose wheels one workflow cannot yet build for every package at once.
    """
    from releasekit.errors import RefusedError
    from releasekit.init.workflow import render_monorepo_workflow
    from releasekit.workspace.members import discover_workspace

    packages = monorepo_packages(root) if packages is None else packages
    if not packages:
        return None
    compiled = [p.name for p in packages if p.compiled]
    if discover_workspace(root).lockstep:
        if compiled:
            raise RefusedError(
                f"init: a lockstep monorepo with compiled packages ({', '.join(compiled)}) "
                "needs wheels for every package from one tag, which the generated workflow "
                "cannot build yet; run `releasekit init --no-workflow` and write release.yml "
                "by hand (docs/extensions.md shows the cibuildwheel jobs)"
            )
        return render_lockstep_workflow(settings, packages)
    if compiled or settings.extension:
        return render_compiled_monorepo_workflow(settings, packages)
    return render_monorepo_workflow(settings, list(dict.fromkeys(p.tag_glob for p in packages)))
