"""The Python finder: every span it reports is where ``ast`` says the string is."""

from __future__ import annotations

import ast

from hypothesis import given
from hypothesis import strategies as st

from releasekit.locations.python_spans import python_string_spans

_text = st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\x00"), max_size=20)
_version = st.text(alphabet="0123456789.abrcé+", min_size=1, max_size=10)
_other = st.one_of(
    _text.map(lambda text: f"x = {text!r}"),
    _text.map(lambda text: f"# {text}".replace("\n", " ").replace("\r", " ")),
    _text.map(lambda text: f"def f():\n    __version__ = {text!r}"),
    _text.map(lambda text: f"y = '''\n__version__ = {text!r}\n'''"),
)
_assignment = st.tuples(
    st.sampled_from(["__version__ = ", "__version__: str = ", "é = 1; __version__ = "]),
    st.sampled_from(['"{}"', "'{}'", '"""{}"""', 'r"{}"', '("{}")']),
    st.sampled_from(["", "  # é"]),
)


@given(
    before=st.lists(_other, max_size=4),
    after=st.lists(_other, max_size=4),
    assignment=_assignment,
    version=_version,
    newline=st.sampled_from(["\n", "\r\n", "\r"]),
)
def test_the_span_is_the_string_ast_reads(
    before: list[str],
    after: list[str],
    assignment: tuple[str, str, str],
    version: str,
    newline: str,
) -> None:
    head, literal, comment = assignment
    lines = [*before, head + literal.format(version) + comment, *after]
    text = newline.join(line.replace("\n", newline) for line in lines)
    ((name, start, end),) = python_string_spans(text, ["__version__"])
    assert (name, text[start:end]) == ("__version__", version)
    edited = text[:start] + "2.0" + text[end:]
    expected = ast.parse(text)
    for node in expected.body:  # the module-level assignment, and nothing else, changes
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and isinstance(node.value, ast.Constant):
            target = node.targets[0] if isinstance(node, ast.Assign) else node.target
            if isinstance(target, ast.Name) and target.id == "__version__":
                node.value.value = "2.0"
    assert ast.dump(ast.parse(edited)) == ast.dump(expected)
