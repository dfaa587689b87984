"""Every number a page accepts is bounded (remit.limits, the ranges the CLI checks its options against).

A number input without max_value takes 1e308 and prints 309 digits or 'inf'; a number read from the
link goes through a bound widget, whose range Streamlit enforces (an out-of-range value is ignored).
"""

from __future__ import annotations

import ast
from pathlib import Path

from remit import limits
from remit.cli import BOUNDS

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted([*(ROOT / "views").glob("*.py"), *(ROOT / "ui").glob("*.py"), ROOT / "app.py"])


def _name(call: ast.Call) -> str:
    return call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")


def _inputs(path: Path) -> list[ast.Call]:
    """The number_input calls, and the NumberColumns of a data_editor (cells a visitor types into)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    inputs = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and _name(n) == "number_input"]
    for editor in (n for n in ast.walk(tree) if isinstance(n, ast.Call) and _name(n) == "data_editor"):
        inputs += [n for n in ast.walk(editor) if isinstance(n, ast.Call) and _name(n) == "NumberColumn"]
    return inputs


def _unbounded(path: Path) -> list[str]:
    """number_input calls, and NumberColumns of a data_editor (cells a visitor types into), without both
    min_value and max_value."""
    found = []
    for call in _inputs(path):
        given = {k.arg for k in call.keywords}
        if not {"min_value", "max_value"} <= given:
            found.append(
                f"{path.parent.name}/{path.name}:{call.lineno} {_name(call)} lacks {sorted({'min_value', 'max_value'} - given)}"
            )
    return found


def test_every_number_a_page_accepts_has_a_minimum_and_a_maximum() -> None:
    problems = [p for path in PAGES for p in _unbounded(path)]
    assert not problems, "\n".join(problems)


def test_the_check_finds_an_unbounded_input(tmp_path: Path) -> None:
    page = tmp_path / "probe.py"
    page.write_text(
        "import streamlit as st\n"
        "a = st.number_input('x', min_value=0.0)\n"
        "st.data_editor(df, column_config={'r': st.column_config.NumberColumn('r', min_value=0.0)})\n",
        encoding="utf-8",
    )
    assert len(_unbounded(page)) == 2


def test_the_cli_and_the_pages_share_one_set_of_limits() -> None:
    assert BOUNDS["amount"] == (limits.AMOUNT_MIN, limits.AMOUNT_MAX) == (1, 10_000_000)
    assert BOUNDS["rate"] == (limits.RATE_MIN, limits.RATE_MAX)
