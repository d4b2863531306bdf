"""Version values and arithmetic: SemVer, PEP 440, CalVer, and what comes next.

Pure: no files, no git, no clock. Every module here takes its inputs as arguments.
"""
