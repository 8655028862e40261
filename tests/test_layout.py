"""The layout shows the architecture: stages in subpackages, each importing only the stages below it, no cycle.

Stages, lowest first: the shared leaves (``edtf``, ``errors``, ``formats``,
``atomic``, ``inputs``, ``progress``, ``sentences``, ``seedfiles``, ``options``,
``_version``); ``models`` (the spec); ``validation``
and ``loading``; ``publishing`` and ``editing``; ``building``; and the entry points (the package
itself, ``cli``, the generated loaders). Every import counts, those inside
functions too: a stage that reaches up would be a hidden cycle waiting.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

from conftest import ROOT

SRC = ROOT / "src" / "moroccous_data"
RANK = {"_version": 0, "edtf": 0, "errors": 0, "formats": 0, "atomic": 0, "inputs": 0, "progress": 0, "sentences": 0,
        "seedfiles": 0, "options": 0,
        "models": 1, "validation": 2, "loading": 2, "publishing": 3, "editing": 3, "building": 4,
        "": 5, "__main__": 5, "cli": 5, "table_loaders": 5}
STAGES = ("models", "validation", "loading", "publishing", "editing", "building")


def _module(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports() -> dict[str, set[str]]:
    """Every module of the package and the package modules it imports (as dotted names under the package)."""
    graph: dict[str, set[str]] = defaultdict(set)
    for path in SRC.rglob("*.py"):
        module = _module(path)
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        tree = ast.parse(path.read_text(encoding="utf-8"))
        typing_only = {id(n) for block in ast.walk(tree) if isinstance(block, ast.If)
                       and isinstance(block.test, ast.Name) and block.test.id == "TYPE_CHECKING"
                       for statement in block.body for n in ast.walk(statement)}
        for node in ast.walk(tree):
            if id(node) in typing_only:  # for the type checker only: never imported when the code runs
                continue
            if isinstance(node, ast.ImportFrom) and node.level:
                base = package.split(".") if package else []
                base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
                target = ".".join([*base, *(node.module.split(".") if node.module else [])])
                names = [f"{target}.{a.name}".lstrip(".") for a in node.names]
                modules = [n for n in names if (SRC / n.replace(".", "/")).with_suffix(".py").exists()
                           or (SRC / n.replace(".", "/")).is_dir()]
                graph[module].update(modules or [target])
            elif isinstance(node, (ast.Import, ast.ImportFrom)) and not getattr(node, "level", 0):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
                graph[module].update(n.removeprefix("moroccous_data.") for n in names if n.startswith("moroccous_data."))
        graph.setdefault(module, set())
    return graph


def _stage(module: str) -> str:
    return module.split(".")[0]


def test_each_stage_imports_only_the_stages_below_it() -> None:
    def reaches_up(a: str, b: str) -> bool:
        low, high = RANK[_stage(b)], RANK[_stage(a)]
        return low > high or (low == high and low not in (0, 5))  # leaves and entry points may use their peers

    wrong = [f"{a} imports {b}" for a, targets in _imports().items() for b in targets
             if _stage(a) != _stage(b) and reaches_up(a, b)]
    assert not wrong, "\n".join(sorted(wrong))


def test_publishing_does_not_import_validation() -> None:
    """Publishing offers built data in other forms; judging seeds is not its business, so what both read lives
    in a shared leaf (``seedfiles``) and a release cannot come to depend on the validator's internals."""
    wrong = [f"{a} imports {b}" for a, targets in _imports().items() for b in targets
             if _stage(a) == "publishing" and _stage(b) == "validation"]
    assert not wrong, "\n".join(sorted(wrong))


def test_no_module_is_outside_a_known_stage() -> None:
    assert {_stage(m) for m in _imports()} <= set(RANK), "a new top-level module needs its stage in RANK"


def test_no_import_cycle() -> None:
    graph = _imports()
    state: dict[str, int] = {}
    cycle: list[str] = []

    def visit(node: str, path: list[str]) -> bool:
        state[node] = 1
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                cycle.extend(path[path.index(target):] + [target] if target in path else [node, target])
                return True
            if target in graph and state.get(target) is None and visit(target, [*path, target]):
                return True
        state[node] = 2
        return False

    for module in sorted(graph):
        if state.get(module) is None and visit(module, [module]):
            break
    assert not cycle, " -> ".join(cycle)


def test_every_stage_says_what_it_owns_and_what_it_may_import() -> None:
    for stage in STAGES:
        doc = ast.get_docstring(ast.parse((SRC / stage / "__init__.py").read_text(encoding="utf-8"))) or ""
        assert "Owns" in doc and "May import" in doc, stage
