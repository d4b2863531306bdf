"""A tiny package with a compiled module."""

from rk_ext_sample._speedups import add

__version__ = "1.2.3"
__all__ = ["add"]
