"""The import structure keeps the flow one way: YAML → loading → models → graph → checks → findings →
formatters/exporters → command line. Walked with ``ast`` over ictarch/, exporters/ and cli.py.

Every import counts, also those inside functions and under ``TYPE_CHECKING``: a lazy import is still
a dependency, and a cycle hidden in a function is still a cycle.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("ictarch", "exporters")

# The stage of each part of the tree, in the order data flows; a module may import only from its own
# stage or an earlier one. The longest matching prefix decides.
STAGES: dict[str, int] = {
    "ictarch": 5,  # the package itself: the public API, which reaches load, graph and run
    "ictarch.version": 0,
    "ictarch.errors": 0,
    "ictarch.money": 0,
    "ictarch.i18n": 0,
    "ictarch._memory": 0,
    "ictarch._children": 0,  # worker processes that end with the command that started them
    "ictarch._json": 0,  # the caches' JSON entries read with orjson where installed
    "ictarch._packing": 0,  # what a command keeps compressed in memory (lz4, else zlib)
    "ictarch.safe_write": 0,
    "ictarch.check_inputs": 0,  # what a check output depends on, read without the loader
    "ictarch.rule_docs": 0,
    "ictarch.models": 0,
    "ictarch.scaffold": 0,
    "ictarch.yaml_parser": 0,  # which YAML parser loads use (ictarch --version says it without the loader)
    "ictarch.loading": 1,
    "ictarch.exchange": 1,
    "ictarch.gitsource": 1,
    "ictarch.graph": 2,
    "ictarch.findings": 3,
    "ictarch.finding_lines": 3,  # findings as lines of JSON, read back equal (a report kept compact, the cache)
    "ictarch.config": 3,
    "ictarch.checks": 3,
    "ictarch.runner": 4,
    "ictarch.report_cache": 4,
    "ictarch.report_blocks": 4,  # the check report from each province's cached rendered findings
    "ictarch.report_national": 4,  # ICT204 from each province's cached groups
    "ictarch.output_cache": 4,  # the check output cache: compares inputs (loading) and replays bytes
    "ictarch.testing": 4,
    "ictarch.analysis": 5,
    "ictarch.formatters": 6,
    "ictarch.schema": 6,
    "ictarch.province_yaml": 6,
    "exporters": 6,
    "ictarch.cli": 7,
    "ictarch.editor": 7,  # the language server and the live preview: command-line edge code
    "cli": 7,
}
STAGE_NAMES = ["core", "loading", "graph", "checks", "runner", "analysis", "formatters/exporters", "command line"]


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _sources() -> dict[str, Path]:
    files = [ROOT / "cli.py"]
    for package in PACKAGES:
        files.extend(sorted((ROOT / package).rglob("*.py")))
    return {_module_name(f): f for f in files}


def _imports(name: str, path: Path, modules: set[str]) -> Iterator[tuple[str, int]]:
    """The project modules ``name`` imports, each with the line of the import."""
    is_package = path.name == "__init__.py"
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = name.split(".") if is_package else name.split(".")[:-1]
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, *([base] if base else [])])
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base for alias in node.names]
        else:
            continue
        for target in targets:
            while target and target not in modules:  # `import a.b.c` of a name inside a module
                target = target.rpartition(".")[0]
            if target and target != name:
                yield target, node.lineno


def _graph() -> dict[str, dict[str, int]]:
    sources = _sources()
    modules = set(sources)
    return {name: dict(_imports(name, path, modules)) for name, path in sources.items()}


def _stage(module: str) -> int:
    best = max((p for p in STAGES if module == p or module.startswith(p + ".")), key=len, default=None)
    if best is None:
        raise AssertionError(f"{module} belongs to no stage: add it to STAGES in {Path(__file__).name}")
    return STAGES[best]


def _cycles(graph: dict[str, dict[str, int]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work: list[tuple[str, Iterator[str]]] = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
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
    return found


def test_the_walk_sees_the_whole_tree() -> None:
    graph = _graph()
    assert {"cli", "ictarch.loading.workspace", "ictarch.checks.spec", "exporters.site.findings"} <= set(graph)
    assert "ictarch.loading.workspace" in graph["ictarch.loading"]  # a re-export is an edge
    assert "ictarch.cli.base" in graph["cli"]


def test_no_import_cycle() -> None:
    assert _cycles(_graph()) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycles({"a": {"b": 1}, "b": {"c": 1}, "c": {"a": 1}, "d": {"a": 1}}) == [["a", "b", "c"]]


def test_no_stage_reaches_back() -> None:
    """Loading never imports checks, checks never formatters or exporters, the core never the command line."""
    graph = _graph()
    backwards = [
        f"{module} ({STAGE_NAMES[_stage(module)]}) imports {target} ({STAGE_NAMES[_stage(target)]}) at line {line}"
        for module, targets in sorted(graph.items())
        for target, line in sorted(targets.items())
        if _stage(target) > _stage(module)
    ]
    assert backwards == []


@pytest.mark.parametrize(
    ("importer", "imported"),
    [
        ("ictarch.loading.province", "ictarch.checks.spec"),
        ("ictarch.checks.gaps", "ictarch.formatters.text"),
        ("ictarch.checks.gaps", "exporters.dot"),
        ("ictarch.runner", "ictarch.cli.base"),
        ("exporters.dot", "cli"),
    ],
)
def test_the_rules_named_by_the_flow_are_enforced(importer: str, imported: str) -> None:
    assert _stage(imported) > _stage(importer)


def _calls_and_imports(path: Path) -> tuple[set[str], set[str]]:
    """The top-level packages ``path`` imports, and the dotted names it calls (``print``, ``sys.exit``)."""
    imported: set[str] = set()
    called: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            imported.add(node.module.split(".")[0])
        elif isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name):
                called.add(func.id)
            elif isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
                called.add(f"{func.value.id}.{func.attr}")
    return imported, called


def test_only_the_command_line_prints_and_exits() -> None:
    """Outside ``cli.py`` and ``ictarch/cli/``: no click, no print, no exit; rich only to format reports."""
    offences = []
    for module, path in sorted(_sources().items()):
        if _stage(module) == STAGES["cli"]:
            continue
        imported, called = _calls_and_imports(path)
        if "click" in imported:
            offences.append(f"{module} imports click")
        if "rich" in imported and not module.startswith("ictarch.formatters"):
            offences.append(f"{module} imports rich")
        offences.extend(f"{module} calls {name}" for name in sorted(called & {"print", "sys.exit", "exit", "input"}))
    assert offences == []


def test_the_print_finder_sees_prints_exits_and_click(tmp_path: Path) -> None:
    source = tmp_path / "noisy.py"
    source.write_text("import sys\nfrom click import echo\n\ndef f() -> None:\n    print(1)\n    sys.exit(2)\n")
    imported, called = _calls_and_imports(source)
    assert "click" in imported and {"print", "sys.exit"} <= called
