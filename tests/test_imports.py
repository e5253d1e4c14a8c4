"""The module graph: no import cycles, and the reports depend on the findings model only (not
on the engine, the checks, the extractors or the parsers), so an output format can be added
or changed without the rest."""

from __future__ import annotations

import ast
from pathlib import Path

import dcrlint

ROOT = Path(dcrlint.__file__).parent


def _name(path: Path) -> str:
    parts = ["dcrlint", *path.relative_to(ROOT).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_name(p): p for p in ROOT.rglob("*.py")}


def _imports(module: str, lazy: bool) -> set[str]:
    """The dcrlint modules a module imports: at its top level (`lazy`: in functions too);
    never what it imports for type checking only."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    out: set[str] = set()

    def visit(nodes: list[ast.stmt]) -> None:
        for node in nodes:
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                continue
            if isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*up, base] if base else up)
                for alias in node.names:
                    full = f"{base}.{alias.name}"
                    out.add(full if full in MODULES else base)
            elif isinstance(node, ast.Import):
                out.update(a.name for a in node.names)
            for field in ("body", "orelse", "finalbody", "handlers"):
                inner = getattr(node, field, None)
                if isinstance(inner, list) and (lazy or not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef,
                                                                             ast.ClassDef))):
                    visit([n for n in inner if isinstance(n, ast.stmt)] if field != "handlers"
                          else [s for h in inner for s in h.body])

    visit(ast.parse(path.read_text("utf-8")).body)
    return {m for m in out if m in MODULES and m != module}


def test_no_import_cycles() -> None:
    graph = {m: _imports(m, lazy=False) for m in MODULES}
    state: dict[str, int] = {}  # 1: on the path, 2: done
    path: list[str] = []

    def walk(m: str) -> None:
        state[m] = 1
        path.append(m)
        for n in sorted(graph[m]):
            assert state.get(n) != 1, f"import cycle: {' -> '.join([*path[path.index(n):], n])}"
            if n not in state:
                walk(n)
        path.pop()
        state[m] = 2

    for m in sorted(graph):
        if m not in state:
            walk(m)


def test_reports_depend_on_the_findings_model_only() -> None:
    seen: set[str] = set()
    todo = [m for m in MODULES if m.startswith("dcrlint.reports")]
    while todo:
        m = todo.pop()
        if m not in seen:
            seen.add(m)
            todo.extend(_imports(m, lazy=True))
    forbidden = ("dcrlint.engine", "dcrlint.lint", "dcrlint.checks", "dcrlint.extractors", "dcrlint.scanned",
                 "dcrlint.shell", "dcrlint.k8s", "dcrlint.yamlsrc", "dcrlint.policies", "dcrlint.facts")
    assert sorted(m for m in seen if m.startswith(forbidden)) == []


def test_readers_make_no_findings() -> None:
    """The extractors, the Kubernetes readers (model, index, evidence) and the image parser make
    facts, never findings: every rule's decisions are in its module under checks/."""
    readers = [m for m in MODULES if m.startswith(("dcrlint.extractors", "dcrlint.k8s")) or m == "dcrlint.images"]
    assert "dcrlint.k8s.index" in readers
    assert sorted(m for m in readers if "dcrlint.findings" in _imports(m, lazy=True)) == []
