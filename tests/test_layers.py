"""Layers point one way (issue 17, item 3): read every module of the package with `ast`.

An import counts wherever it stands: at the top, inside a function, under ``TYPE_CHECKING``,
or as ``__import__("mkdocs_runbooks...")`` / ``importlib.import_module(...)``. ``from a.b import c``
depends on ``a.b`` (it runs first) and on ``a.b.c`` when that is a module. The test fails on any
cycle between modules and on an import that goes against the layers (DESIGN.md, issue 17).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

import mkdocs_runbooks

PKG = "mkdocs_runbooks"
ROOT = Path(mkdocs_runbooks.__file__).resolve().parent
CORE = ("format", "load", "resolve", "check", "render", "diff", "importer", "project", "pipeline")
ADAPTERS = (f"{PKG}.cli", f"{PKG}.mkdocs")
ENGINES = ("mkdocs", "properdocs", "zensical", "material")
# check reports findings on one compiled source: it must not reach for revisions, git or the CLI.
CHECK_MUST_NOT = (f"{PKG}.diff", f"{PKG}.cli", f"{PKG}.mkdocs", "subprocess")


def module_files() -> dict[str, tuple[Path, bool]]:
    """Dotted module name -> (file, is_package) for every module of the package."""
    out: dict[str, tuple[Path, bool]] = {}
    for path in sorted(ROOT.rglob("*.py")):
        parts = [PKG, *path.relative_to(ROOT).with_suffix("").parts]
        is_pkg = parts[-1] == "__init__"
        out[".".join(parts[:-1] if is_pkg else parts)] = (path, is_pkg)
    return out


MODULES = module_files()


def imported_names(name: str) -> Iterator[str]:
    """Every module name (ours or not) that module ``name`` imports, anywhere in its body."""
    path, is_pkg = MODULES[name]
    here = name.split(".") if is_pkg else name.split(".")[:-1]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here[: len(here) - node.level + 1]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            yield mod
            yield from (f"{mod}.{a.name}" for a in node.names if f"{mod}.{a.name}" in MODULES)
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            func = node.func
            fname = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if fname in ("__import__", "import_module") and isinstance(node.args[0].value, str):
                yield node.args[0].value


GRAPH = {m: {i for i in imported_names(m) if i in MODULES and i != m} for m in MODULES}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp: list[str] = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def _under(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def test_the_reader_sees_every_kind_of_import() -> None:
    """The graph is only as good as the reader: late, TYPE_CHECKING and dynamic imports all count."""
    assert f"{PKG}.cli.main" in GRAPH[f"{PKG}.__main__"]
    assert len(MODULES) > 80
    tree = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(tree) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle() -> None:
    found = cycles(GRAPH)
    detail = "\n".join(
        " <-> ".join(c) + "\n  " + "\n  ".join(f"{m} -> {sorted(GRAPH[m] & set(c))}" for m in c) for c in found
    )
    assert not found, f"import cycles:\n{detail}"


@pytest.mark.parametrize("layer", CORE)
def test_core_imports_neither_an_adapter_nor_an_engine(layer: str) -> None:
    prefix = f"{PKG}.{layer}"
    bad = sorted(
        f"{m} imports {i}"
        for m in MODULES if _under(m, (prefix,))
        for i in imported_names(m)
        if _under(i, ADAPTERS) or _under(i, ENGINES)
    )
    assert not bad, bad


def _computed_imports(name: str) -> Iterator[int]:
    """Lines of module ``name`` that import a module whose name is computed (``import_module(f"...")``,
    ``__import__(x)``): this reader cannot see what they import."""
    path, _ = MODULES[name]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Call):
            func = node.func
            fname = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if fname in ("__import__", "import_module") and not (
                    node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                yield node.lineno


def test_the_core_imports_nothing_by_a_computed_name() -> None:
    """A computed import would hide an engine import from the tests above: the core names every
    module it imports (the engine's config reader is plugged in by the adapters, project/layout.py)."""
    core = tuple(f"{PKG}.{c}" for c in CORE)
    bad = sorted(f"{m}:{line}" for m in MODULES if _under(m, core) for line in _computed_imports(m))
    assert not bad, bad


def test_check_imports_no_diff_git_or_cli() -> None:
    bad = sorted(
        f"{m} imports {i}"
        for m in MODULES if _under(m, (f"{PKG}.check",))
        for i in imported_names(m)
        if _under(i, CHECK_MUST_NOT) or _under(i, (f"{PKG}.diff.gitrev", f"{PKG}.diff.history"))
    )
    assert not bad, bad


def test_check_does_not_reach_diff_through_other_modules() -> None:
    """Not only directly: nothing check imports, transitively, is diff, git or CLI code."""
    seen: set[str] = set()
    todo = [m for m in MODULES if _under(m, (f"{PKG}.check",))]
    while todo:
        m = todo.pop()
        if m not in seen:
            seen.add(m)
            todo.extend(GRAPH[m])
    assert not [m for m in seen if _under(m, CHECK_MUST_NOT)], sorted(seen)


def test_library_exceptions_share_one_base() -> None:
    """Every exception class the core defines derives from errors.RunbooksError."""
    import importlib

    from mkdocs_runbooks.errors import RunbooksError

    strays = []
    for name in MODULES:
        if not _under(name, tuple(f"{PKG}.{c}" for c in CORE)) and name not in (f"{PKG}.diagnostics",):
            continue
        mod = importlib.import_module(name)
        for obj in vars(mod).values():
            if (isinstance(obj, type) and issubclass(obj, BaseException) and obj.__module__ == name
                    and not issubclass(obj, RunbooksError)):
                strays.append(f"{name}.{obj.__name__}")
    assert not strays, strays


def test_usage_errors_live_in_the_cli() -> None:
    """Exit code 2 is the CLI's business: no library module defines or raises UsageError."""
    bad = []
    for name, (path, _) in MODULES.items():
        if _under(name, ADAPTERS):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, (ast.Name, ast.alias)) and getattr(node, "id", getattr(node, "name", "")) == "UsageError":
                bad.append(name)
            elif isinstance(node, ast.ClassDef) and node.name == "UsageError":
                bad.append(name)
    assert not bad, sorted(set(bad))


LEAVES = (f"{PKG}.errors", f"{PKG}.gcpause", f"{PKG}.format.names", f"{PKG}.format.slugs")


@pytest.mark.parametrize("leaf", LEAVES)
def test_shared_helpers_live_in_leaf_modules(leaf: str) -> None:
    """The modules everyone may import import nothing of the package themselves."""
    assert not GRAPH[leaf], sorted(GRAPH[leaf])


def _defined_where(predicate: object) -> list[str]:
    found = []
    for name, (path, _) in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if predicate(node):  # type: ignore[operator]
                found.append(name)
    return sorted(found)


def test_each_shared_helper_is_defined_once() -> None:
    """slugify, the source suffixes and the GC pause each have one definition (issue 17 item 3)."""
    assert _defined_where(lambda n: isinstance(n, ast.FunctionDef) and n.name == "slugify") == [f"{PKG}.format.slugs"]
    assert _defined_where(
        lambda n: isinstance(n, ast.Constant) and n.value in (".runbook.yml", ".runbook.yaml")
    ) == [f"{PKG}.format.names", f"{PKG}.format.names"]
    assert _defined_where(
        lambda n: isinstance(n, ast.Attribute) and n.attr == "disable" and getattr(n.value, "id", "") == "gc"
    ) == [f"{PKG}.gcpause"]


def test_library_input_errors_become_exit_2_in_the_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The library raises InputError (a RunbooksError); only the CLI turns it into exit code 2."""
    from mkdocs_runbooks.cli.main import main
    from mkdocs_runbooks.errors import InputError, RunbooksError
    from mkdocs_runbooks.project.sources import select

    missing = str(tmp_path / "nope.runbook.yml")
    with pytest.raises(InputError, match="no such file or directory") as info:
        select([missing])
    assert isinstance(info.value, RunbooksError)
    assert main(["check", missing]) == 2
    err = capsys.readouterr().err
    assert err.startswith("runbooks check: error: no such file or directory") and "Traceback" not in err
