"""Files on disk: text and TOML read byte-exactly, and all-or-nothing writes with a journal."""
