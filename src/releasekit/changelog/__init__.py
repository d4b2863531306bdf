"""Keep a Changelog: the lossless model (pure) and CHANGELOG.md on disk (:mod:`.file`)."""
