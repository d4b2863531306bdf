"""``releasekit check``: files, changelog, tag and artifacts agree."""
