"""The house of the web page (``contactplan/web/``), kept by a test: one
package a journey (its routes, its forms, its templates), shared helpers
beside the blueprint and never borrowed from a sibling journey, no import
circles, and the rest of contactplan reached only through ``contactplan.api``
(and the store, and the model's plain types and words)."""

from __future__ import annotations

import ast
from pathlib import Path

from contactplan.web.app import JOURNEYS

WEB = Path(__file__).resolve().parent.parent / "contactplan" / "web"
#: What the page may import from the rest of contactplan.
ALLOWED = {"api", "store", "errors", "model", "findings", "clock", "wording", "vocabulary"}


def modules() -> dict[str, Path]:
    """``contactplan.web.members.routes`` -> its file, for every module of the page."""
    out = {}
    for path in sorted(WEB.rglob("*.py")):
        parts = path.relative_to(WEB.parent.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


def imports(name: str, path: Path) -> set[str]:
    """The ``contactplan`` modules ``name`` imports (relative imports resolved)."""
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            if target.startswith("contactplan"):
                if node.module:  # not "from . import x": that names x, not the package
                    found.add(target)
                found.update(f"{target}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("contactplan"))
    return found


def test_each_journey_is_a_package_with_its_routes_forms_and_templates() -> None:
    packages = {p.name for p in WEB.iterdir() if (p / "__init__.py").exists()}
    assert packages == set(JOURNEYS)
    for journey in JOURNEYS:
        assert (WEB / journey / "routes.py").exists(), journey
        assert (WEB / journey / "forms.py").exists() or journey == "accounts", journey
        assert (WEB / "templates" / journey).is_dir() or journey in ("accounts",), journey


def test_no_journey_imports_another() -> None:
    for name, path in modules().items():
        parts = name.split(".")
        if len(parts) < 3 or parts[2] not in JOURNEYS:
            continue
        mine = parts[2]
        for target in imports(name, path):
            bits = target.split(".")
            if len(bits) >= 3 and bits[1] == "web" and bits[2] in JOURNEYS:
                assert bits[2] == mine, (
                    f"{name} borrows from the journey {bits[2]}: put it beside the blueprint"
                )


def test_the_page_reaches_the_rest_only_through_the_api() -> None:
    for name, path in modules().items():
        for target in imports(name, path):
            bits = target.split(".")
            if len(bits) < 2 or bits[1] == "web":
                continue
            assert bits[1] in ALLOWED, f"{name} imports {target}: add what it needs to contactplan.api"


def test_no_import_circles_in_the_page() -> None:
    graph = {
        name: {t for t in imports(name, path) if t in modules() and t != name}
        for name, path in modules().items()
    }
    # a package's __init__ importing its own modules is not a circle of the page's layers
    seen: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        seen[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if seen.get(nxt) == 1:
                circle = [*stack[stack.index(nxt) :], nxt]
                raise AssertionError(f"import circle: {' -> '.join(circle)}")
            if nxt not in seen:
                visit(nxt)
        stack.pop()
        seen[node] = 2

    for node in sorted(graph):
        if node not in seen:
            visit(node)
