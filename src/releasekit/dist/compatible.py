"""Which wheel an interpreter would install: the one pip would pick from a set of wheels.

A release of a compiled project holds a wheel per platform and Python; ``verify`` installs,
for each interpreter, the wheel of the set that interpreter takes on this machine (the one
whose tag comes first in the interpreter's list of supported tags, as pip ranks them).

>>> best_wheel(["p-1-py3-none-any.whl", "p-1-cp312-cp312-win_amd64.whl"],
...            ["cp312-cp312-win_amd64", "py3-none-any"])
'p-1-cp312-cp312-win_amd64.whl'
>>> best_wheel(["p-1-cp312-cp312-win_amd64.whl"], ["py3-none-any"]) is None
True
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Sequence

from releasekit.errors import UsageError

__all__ = ["best_wheel", "supported_tags"]

#: Run by the interpreter: its implementation, version and whether it is free-threaded.
_PROBE = (
    "import json, sys, sysconfig; print(json.dumps([sys.implementation.name, "
    "sys.version_info[0], sys.version_info[1], bool(sysconfig.get_config_var('Py_GIL_DISABLED'))]))"
)


def supported_tags(python: str) -> list[str]:
    """The tags ``python`` (a path) installs on this machine, most preferred first."""
    from packaging import tags

    try:
        result = subprocess.run(
            [python, "-I", "-c", _PROBE], capture_output=True, text=True, timeout=60, check=True
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise UsageError(f"interpreter {python} cannot run: {exc}") from None
    implementation, major, minor, free_threaded = json.loads(result.stdout)
    version = (int(major), int(minor))
    platforms = list(tags.platform_tags())
    found: list[tags.Tag] = []
    if implementation == "cpython":
        abi = f"cp{major}{minor}{'t' if free_threaded else ''}"
        found += tags.cpython_tags(version, abis=[abi], platforms=platforms)
        found += tags.compatible_tags(version, f"cp{major}{minor}", platforms)
    else:
        found += tags.compatible_tags(version, platforms=platforms)
    return [str(tag) for tag in found]


def best_wheel(filenames: Sequence[str], supported: Sequence[str]) -> str | None:
    """The wheel of ``filenames`` whose best tag ranks first in ``supported``, or None."""
    from packaging.utils import parse_wheel_filename

    rank = {tag: index for index, tag in enumerate(supported)}
    best: tuple[int, str] | None = None
    for filename in filenames:
        scores = [rank[str(t)] for t in parse_wheel_filename(filename)[3] if str(t) in rank]
        if scores and (best is None or min(scores) < best[0]):
            best = (min(scores), filename)
    return best[1] if best else None
