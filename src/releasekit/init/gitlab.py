"""The GitLab pipeline users get from ``releasekit init --ci gitlab``, rendered from a template.

``releasekit/init/templates/gitlab-ci.yml`` is the pipeline: check, build, verify on every
supported Python, publish with PyPI trusted publishing (``id_tokens: {PYPI_ID_TOKEN: {aud:
pypi}}``, no stored password) and a GitLab release whose description is the changelog's
section. Its ``<<name>>`` fields are filled in from :class:`PipelineSettings`.

>>> tag_regex("v{version}"), tag_regex("{version}")
('^v[0-9]', '^[0-9]')
>>> print(tag_regex("pkg/{version}-final"))
^pkg\\/[0-9].*\\-final$
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

__all__ = ["GITLAB_PIPELINE_PATH", "PipelineSettings", "render_gitlab_pipeline", "tag_regex"]

#: Where the pipeline is written, relative to the project root (GitLab's default file).
GITLAB_PIPELINE_PATH = ".gitlab-ci.yml"
_PLACEHOLDER = re.compile(r"<<(\w+)>>")
# RE2 (GitLab's regular expressions) takes a backslash before any punctuation; '/' ends the
# pattern literal in a rule, so it is escaped too.
_PUNCTUATION = re.compile(r"([^\w\s])")


def tag_regex(tag_format: str) -> str:
    """The ``$CI_COMMIT_TAG =~ /…/`` pattern matching the tags written with ``tag_format``.

    The version part must start with a digit, so branch-like tags do not match; the text
    around it is matched literally.
    """
    prefix, _, suffix = tag_format.partition("{version}")

    def escape(text: str) -> str:
        return _PUNCTUATION.sub(r"\\\1", text)

    if suffix:
        return f"^{escape(prefix)}[0-9].*{escape(suffix)}$"
    return f"^{escape(prefix)}[0-9]"


@dataclass(frozen=True)
class PipelineSettings:
    """What the GitLab pipeline template is rendered with.

    >>> PipelineSettings("^v[0-9]", ("3.12", "3.13"), "demo").python_latest
    '3.13'
    """

    tag_regex: str
    python_versions: tuple[str, ...]
    dist_name: str
    #: What ``pip install`` is given to install releasekit in each job.
    install: str = "releasekit"

    @property
    def python_latest(self) -> str:
        """The newest Python of the matrix: the one the single-Python jobs use."""
        return max(self.python_versions, key=lambda v: tuple(int(p) for p in v.split(".")))


def _template_text() -> str:
    from importlib.resources import files

    return files("releasekit.init").joinpath("templates/gitlab-ci.yml").read_text(encoding="utf-8")


def render_gitlab_pipeline(settings: PipelineSettings) -> str:
    """The ``.gitlab-ci.yml`` for ``settings`` (the shipped template, fields filled in).

    >>> text = render_gitlab_pipeline(PipelineSettings("^v[0-9]", ("3.12", "3.13"), "demo"))
    >>> 'PYTHON_VERSION: ["3.12", "3.13"]' in text, "$CI_COMMIT_TAG =~ /^v[0-9]/" in text
    (True, True)
    """
    values = {
        "tag_regex": settings.tag_regex,
        # JSON strings are YAML strings: the install spec and versions stay text, quoted.
        "install": json.dumps(settings.install),
        "python_versions": json.dumps(list(settings.python_versions)),
        "python_latest": settings.python_latest,
        "dist_name": settings.dist_name,
    }
    return _PLACEHOLDER.sub(lambda match: values[match[1]], _template_text())
