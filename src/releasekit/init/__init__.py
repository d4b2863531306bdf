"""``releasekit init``: the configuration, a changelog and the release workflow."""
