#!/usr/bin/env python3
"""Bump a project to today's CalVer with releasekit's public API.

The example to copy into your own release scripts::

    python scripts/bump-version.py [PROJECT_DIR] [--dry-run]

It writes the new version everywhere the project keeps it (pyproject.toml, ``__version__``,
configured files) and promotes the changelog's ``[Unreleased]`` section, all files or none.
With ``--dry-run`` it prints the diff and writes nothing.
"""

from __future__ import annotations

import argparse
import sys

from releasekit import Project, ReleasekitError


def main(argv: list[str] | None = None) -> int:
    """Run the bump; return the exit status (0, or the error's: 1 refused, 2 bad input)."""
    parser = argparse.ArgumentParser(description="Bump a project to today's CalVer.")
    parser.add_argument("project", nargs="?", default=".", help="project directory")
    parser.add_argument("--dry-run", action="store_true", help="print the diff, write nothing")
    args = parser.parse_args(argv)
    try:
        project = Project(args.project)
        plan = project.plan_bump("calver", project.today())
        if args.dry_run:
            print(plan.diff(), end="")
        else:
            project.bump("calver", project.today())
    except ReleasekitError as error:
        for line in error.lines():
            print(f"error: {line}", file=sys.stderr)
        return error.exit_code
    done = "would change" if args.dry_run else "changed"
    print(f"{plan.old} -> {plan.new}")
    for path in plan.files:
        print(f"  {done} {path.relative_to(project.root)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
