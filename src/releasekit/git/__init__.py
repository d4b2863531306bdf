"""git: the runner, the history walk, release tags, and the git steps of a release."""
