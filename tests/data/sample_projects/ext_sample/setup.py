"""The C extension is declared here: setuptools reads ext_modules only from setup.py."""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension("rk_ext_sample._speedups", ["src/rk_ext_sample/_speedups.c"]),
    ],
)
