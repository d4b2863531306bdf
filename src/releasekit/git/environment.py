"""The environment every git call runs with: parsable output, and never a prompt.

A release runs unattended, often in CI with no terminal: git must never wait for an answer.
``GIT_TERMINAL_PROMPT=0`` stops HTTP credential prompts; an SSH remote would still have ssh ask
whether to trust an unknown host key, or for a key's passphrase, so commands that may reach a
remote get ``GIT_SSH_COMMAND="ssh -o BatchMode=yes"`` (:func:`without_ssh_prompts`): ssh then
fails at once with its reason, which releasekit shows on an ``error:`` line.

>>> env = without_ssh_prompts({"PATH": "/bin"}, lambda: None)
>>> env["GIT_SSH_COMMAND"]
'ssh -o BatchMode=yes'
>>> "GIT_SSH_COMMAND" in without_ssh_prompts({"GIT_SSH": "/usr/bin/plink"}, lambda: None)
False
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence

__all__ = [
    "BATCH_SSH_COMMAND",
    "git_environment",
    "reaches_remote",
    "without_ssh_prompts",
]

#: ssh that fails at once where it would ask (an unknown host key, a key's passphrase).
BATCH_SSH_COMMAND = "ssh -o BatchMode=yes"
#: The git subcommands that may reach a remote, and so may start ssh.
_NETWORK_COMMANDS = frozenset({"push", "fetch", "ls-remote", "pull", "clone"})


def git_environment() -> dict[str, str]:
    """This process's environment for git: untranslated, parsable output; no prompt, editor
    or pager; no optional locks; and the repository named by the path, not ``GIT_DIR``."""
    env = dict(os.environ)
    env.update(
        {
            "LC_ALL": "C",
            "LANGUAGE": "C",
            "GIT_TERMINAL_PROMPT": "0",
            "GIT_EDITOR": "true",
            "GIT_PAGER": "cat",
            "GIT_OPTIONAL_LOCKS": "0",
        }
    )
    env.pop("GIT_DIR", None)
    env.pop("GIT_WORK_TREE", None)
    return env


def reaches_remote(args: Sequence[str]) -> bool:
    """Whether ``git ARGS`` may talk to a remote (and so may start ssh).

    >>> reaches_remote(["push", "--atomic", "origin", "main"]), reaches_remote(["tag", "-l"])
    (True, False)
    """
    return bool(args) and args[0] in _NETWORK_COMMANDS


def without_ssh_prompts(
    env: Mapping[str, str], configured: Callable[[], str | None]
) -> dict[str, str]:
    """``env`` with ``GIT_SSH_COMMAND`` set to :data:`BATCH_SSH_COMMAND`, unless the user chose
    their own ssh: ``GIT_SSH_COMMAND`` or ``GIT_SSH`` in ``env``, or ``core.sshCommand``
    (``configured()`` reads it; it is only asked when the environment names none).
    """
    if "GIT_SSH_COMMAND" in env or "GIT_SSH" in env or configured() is not None:
        return dict(env)
    return {**env, "GIT_SSH_COMMAND": BATCH_SSH_COMMAND}
