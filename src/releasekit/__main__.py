"""``python -m releasekit``: the same as the ``releasekit`` command."""

from releasekit.console import main

if __name__ == "__main__":
    main()
