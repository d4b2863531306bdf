"""Where a project's version lives: spans in files, detection, and the edits of a bump."""
