"""Distributions: build, inspect, verify in fresh venvs, and publish to a package index."""
