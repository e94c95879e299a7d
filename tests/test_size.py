"""Functions fit on a screen (docs/architecture.md): no public view is longer
than 40 lines and no function longer than 60, outside migrations and the
demo data. Lines count from the `def` to the last line of the body."""

from __future__ import annotations

import ast
from pathlib import Path

import coassess

PACKAGE = Path(coassess.__file__).parent
VIEW_LIMIT = 40
FUNCTION_LIMIT = 60


def functions() -> list[tuple[str, ast.FunctionDef, bool]]:
    """(where, the function, whether it is a public view) for every function."""
    found = []
    for path in PACKAGE.rglob("*.py"):
        where = path.relative_to(PACKAGE)
        if "migrations" in where.parts or where.parts[0] == "demo":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef):
                view = (
                    where.name == "views.py"
                    and node.col_offset == 0
                    and not node.name.startswith("_")
                )
                found.append((f"{where}:{node.lineno} {node.name}", node, view))
    return found


def length(node: ast.FunctionDef) -> int:
    return (node.end_lineno or node.lineno) - node.lineno + 1


def too_long(items: list[tuple[str, ast.FunctionDef, bool]]) -> list[str]:
    return [
        f"{where}: {length(node)} lines"
        for where, node, view in items
        if length(node) > (VIEW_LIMIT if view else FUNCTION_LIMIT)
    ]


def test_every_function_fits_on_a_screen() -> None:
    assert too_long(functions()) == []


def test_it_finds_the_views_and_would_catch_a_long_one() -> None:
    items = functions()
    views = [where for where, _, view in items if view]
    assert any("show_section" in where for where in views)
    long_view = ast.parse("def big_view(request):\n" + "    x = 1\n" * VIEW_LIMIT)
    node = long_view.body[0]
    assert isinstance(node, ast.FunctionDef)
    assert too_long([("views.py:1 big_view", node, True)])
    assert not too_long([("helpers.py:1 big_view", node, False)])
