"""Imports point down (docs/architecture.md, ADR 0006).

`core` is the bottom of the house and imports no other app; `config` and
`demo` are the top and nothing imports them; and the apps' imports form no
cycle, so no two apps import each other. Every import counts, including those
only for type checking and those inside functions. The checker is shown to
catch an upward import added to a copy of the code.
"""

from __future__ import annotations

import ast
from pathlib import Path

import coassess

PACKAGE = Path(coassess.__file__).parent
TOP = {"config", "demo"}


def sources() -> dict[str, str]:
    """Every module of the package outside migrations: path -> text."""
    return {
        str(path.relative_to(PACKAGE)): path.read_text(encoding="utf-8")
        for path in PACKAGE.rglob("*.py")
        if "migrations" not in path.parts
    }


def app_of(module: str) -> str | None:
    """'coassess.people.models' -> 'people'; None for anything outside the package."""
    parts = module.split(".")
    if parts[0] != "coassess" or len(parts) < 2:
        return None
    return parts[1]


def imported_apps(text: str) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
            if node.module == "coassess":  # from coassess import people
                names = [f"coassess.{alias.name}" for alias in node.names]
        else:
            continue
        found |= {app for app in map(app_of, names) if app}
    return found


def import_graph(files: dict[str, str]) -> dict[str, set[str]]:
    """App -> the other apps it imports."""
    graph: dict[str, set[str]] = {}
    for path, text in files.items():
        app = path.split("/")[0] if "/" in path else "(package)"
        graph.setdefault(app, set()).update(imported_apps(text) - {app})
    return graph


def cycle_from(graph: dict[str, set[str]], start: str) -> list[str] | None:
    """An import cycle through `start`, if there is one."""
    stack = [(start, [start])]
    seen = set()
    while stack:
        app, path = stack.pop()
        for nxt in sorted(graph.get(app, ())):
            if nxt == start:
                return [*path, start]
            if nxt not in seen:
                seen.add(nxt)
                stack.append((nxt, [*path, nxt]))
    return None


def layer_problems(files: dict[str, str]) -> list[str]:
    graph = import_graph(files)
    problems = []
    for app, imports in sorted(graph.items()):
        if app == "core" and imports:
            problems.append(f"core imports {sorted(imports)}")
        for top in sorted(imports & TOP):
            problems.append(f"{app} imports {top}, which is at the top")
    cycles = {tuple(c) for app in graph if (c := cycle_from(graph, app))}
    for cycle in sorted(cycles):
        problems.append("import cycle: " + " -> ".join(cycle))
    return problems


def test_imports_point_down() -> None:
    assert layer_problems(sources()) == []


def test_the_apps_are_all_seen() -> None:
    graph = import_graph(sources())
    for app in ("core", "accounts", "people", "assessments", "decisions", "demo"):
        assert app in graph
    assert "people" in graph["referrals"]  # referrals builds on people


def test_it_catches_core_importing_an_app() -> None:
    files = sources()
    files["core/forms.py"] += "\nfrom coassess.people.models import Person\n"
    assert "core imports ['people']" in layer_problems(files)


def test_it_catches_an_app_importing_one_above_it() -> None:
    files = sources()
    files["people/views.py"] += (
        "\n\ndef f():\n    from coassess.referrals import queries\n"
    )
    assert any(
        p.startswith("import cycle:") and "people" in p and "referrals" in p
        for p in layer_problems(files)
    )


def test_it_catches_an_import_of_the_top() -> None:
    files = sources()
    files["plans/models.py"] += "\nif False:\n    import coassess.demo.data\n"
    assert "plans imports demo, which is at the top" in layer_problems(files)
