#!/usr/bin/env python3
"""Write the release tags of a git repository as a replay file for tests/data/releases/.

Usage::

    python scripts/release-tags.py REPO [--strip-prefix v] > tests/data/releases/NAME.txt

One line per tag that names a PEP 440 version, oldest first (tag date, then name):
``DATE TAG COMMIT BRANCH``, where BRANCH is the default branch when the tagged commit is on
its first-parent history, else the first other branch (by name) whose first-parent history
holds it, else ``-``. Tags that are not versions (``enable_separate_by_default``) are left out.
"""

from __future__ import annotations

import argparse
import subprocess
import sys

from packaging.version import InvalidVersion, Version


def _git(repo: str, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", repo, *args], capture_output=True, text=True, check=True
    ).stdout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repo")
    parser.add_argument("--strip-prefix", default="")
    args = parser.parse_args()
    default = _git(args.repo, "symbolic-ref", "--short", "HEAD").strip()
    heads = _git(args.repo, "for-each-ref", "--format=%(refname:short)", "refs/heads").split()
    branches = [default, *sorted(b for b in heads if b != default)]
    on_branch: dict[str, str] = {}
    for branch in branches:
        for commit in _git(args.repo, "rev-list", "--first-parent", branch).split():
            on_branch.setdefault(commit, branch)
    rows = _git(
        args.repo,
        "for-each-ref",
        "--sort=creatordate",
        "--format=%(creatordate:short) %(refname:short) %(*objectname)%(objectname)",
        "refs/tags",
    ).splitlines()
    print(f"# date tag commit branch  (default branch: {default})")
    for row in rows:
        date, tag, objects = row.split()
        commit = objects[:40] if len(objects) == 80 else objects
        version = tag.removeprefix(args.strip_prefix)
        try:
            Version(version)
        except InvalidVersion:
            continue
        if not version[:1].isdigit():
            continue
        print(date, tag, commit[:10], on_branch.get(commit, "-"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
