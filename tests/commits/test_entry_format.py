"""The ``entry-format`` template: parsing, rendering, empty placeholders."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from releasekit.commits.entry_format import PLACEHOLDERS, EntryTemplate


@pytest.mark.parametrize(
    ("template", "values", "expected"),
    [
        ("{description}", {"description": "x"}, "x"),
        ("**{scope}:** {description}", {"scope": "", "description": "x"}, "x"),
        ("**{scope}:** {description}", {"scope": "cli", "description": "x"}, "**cli:** x"),
        ("{description} ({pr})", {"description": "x"}, "x"),
        ("{description} [{hash}] by {author}", {"description": "x", "hash": "1a2b"}, "x [1a2b] by"),
        ("{{{description}}}", {"description": "x"}, "{x}"),
    ],
    ids=["plain", "empty-scope", "scope", "missing-pr", "missing-author", "literal-braces"],
)
def test_render(template: str, values: dict[str, str], expected: str) -> None:
    assert EntryTemplate.parse(template).render(values) == expected


@pytest.mark.parametrize(
    ("template", "error"),
    [
        ("{summary}", "unknown placeholder {summary}"),
        ("{scope}", "must contain {description}"),
        ("{description} }", "a lone '}'"),
        ("{ description}", "unknown placeholder { description}"),
    ],
    ids=["unknown", "no-description", "lone-brace", "spaced-name"],
)
def test_bad_templates(template: str, error: str) -> None:
    with pytest.raises(ValueError, match=re.escape(error)):
        EntryTemplate.parse(template)


def test_fields() -> None:
    assert EntryTemplate.parse("{description} ({pr})").fields == {"description", "pr"}


@given(
    st.text(alphabet="ab {}()*:#", max_size=30),
    st.dictionaries(st.sampled_from(PLACEHOLDERS), st.text(max_size=5)),
)
def test_any_template_parses_or_is_refused_and_renders_one_line(
    text: str, values: dict[str, str]
) -> None:
    try:
        template = EntryTemplate.parse(text + "{description}")
    except ValueError:
        return
    rendered = template.render(values)
    assert "\n" not in rendered
    assert rendered == rendered.strip()
