"""Monorepos and uv workspaces: the packages of one repository, each released on its own.

- :mod:`~releasekit.workspace.members`: which directories are packages (``[tool.uv.workspace]``
  members, or ``[tool.releasekit] packages``), with their names, configuration and paths;
- :mod:`~releasekit.workspace.tagformat`: each package's tag format, from its own tags or its
  VCS version plugin's tag selection;
- :mod:`~releasekit.workspace.paths`: which package a commit belongs to, by the paths it
  touches, and what the commits of each package ask for (pure);
- :mod:`~releasekit.workspace.pins`: internal ``==`` pins between the packages (pure spans);
- :mod:`~releasekit.workspace.uvlock`: the lock entries of the packages in ``uv.lock`` (pure
  spans).
"""
