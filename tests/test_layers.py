"""Imports point one way: runtime -> handlers -> services -> domains -> core -> knowledge.

Read from the source with `ast`, so an import the wrong way, or a cycle, fails here whether it
sits at the top of a module, inside a function, or under `if TYPE_CHECKING:`.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("bot", "handlers", "knowledge")
DOMAINS = ("answering", "curation", "sharing", "outreach", "home")
# Highest first: a module may import its own layer and the layers below it.
LAYERS = ("runtime", "handlers", "services", "domains", "core", "knowledge")


def layer_of(module: str) -> str:
    parts = module.split(".")
    if parts[0] in ("handlers", "knowledge"):
        return parts[0]
    if len(parts) == 1 or parts[1] in ("cli", "__main__", "runtime"):
        return "runtime"  # the command line is the composition root's front door
    if parts[1] == "services":
        return "services"
    if parts[1] in DOMAINS:
        return "domains"
    if parts[1] == "core":
        return "core"
    raise AssertionError(f"{module} is in no layer: add its package to LAYERS")


def modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            relative = path.relative_to(ROOT).with_suffix("")
            name = ".".join(relative.parts).removesuffix(".__init__")
            if "migrations" not in relative.parts:
                found[name] = path
    return found


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """The project modules a module imports, wherever the import statement is."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
        else:
            continue
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def graph() -> dict[str, set[str]]:
    found = modules()
    known = set(found)
    return {name: imports_of(name, path, known) for name, path in found.items()}


def test_every_import_points_down_the_layers():
    wrong = [
        f"{module} ({layer_of(module)}) imports {target} ({layer_of(target)})"
        for module, targets in graph().items()
        for target in targets
        if LAYERS.index(layer_of(target)) < LAYERS.index(layer_of(module))
    ]
    assert not wrong, "\n".join(sorted(wrong))


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one node (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in edges.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_no_module_imports_itself_in_a_circle():
    assert not _cycles(graph())


def test_no_two_domains_import_each_other_in_a_circle():
    packages: dict[str, set[str]] = defaultdict(set)
    for module, targets in graph().items():
        if layer_of(module) == "domains":
            source = module.split(".")[1]
            packages[source] |= {t.split(".")[1] for t in targets if layer_of(t) == "domains"} - {
                source
            }
    assert not _cycles(packages)


def test_the_rule_itself_catches_a_wrong_arrow_and_a_cycle():
    assert LAYERS.index(layer_of("bot.runtime.serve")) < LAYERS.index(layer_of("handlers.home"))
    assert layer_of("bot.sharing.delivery") == "domains"
    assert _cycles({"a": {"b"}, "b": {"a"}, "c": {"a"}}) == [["a", "b"]]
