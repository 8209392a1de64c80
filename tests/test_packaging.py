"""Packaging: the declared dependencies match what the package imports; license and metadata."""

from __future__ import annotations

import ast
import re
import sys

import tomllib

from conftest import REPO

PROJECT = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
PACKAGE = REPO / "plugin" / "mkdocs_runbooks"
#: import name -> distribution name, where they differ
DIST = {"yaml": "pyyaml", "ruamel": "ruamel.yaml", "markdown_it": "markdown-it-py", "mdit_py_plugins": "mdit-py-plugins",
        "markdown": "markdown"}
#: imported only by adapters or optional commands, each from an extra
OPTIONAL = {"mkdocs": "mkdocs", "properdocs": "properdocs", "playwright": "pdf", "pypdf": "pdf"}
#: imported only under ``if TYPE_CHECKING:`` (never at run time), and installed with the type checker
#: of the ``test`` extra (mypy depends on typing_extensions)
TYPE_CHECKER_ONLY = {"typing_extensions": "mypy"}


def _name(req: str) -> str:
    return re.split(r"[<>=!~\[; ]", req, maxsplit=1)[0].lower()


def _is_type_checking(node: ast.AST) -> bool:
    """``if TYPE_CHECKING:`` (or ``typing.TYPE_CHECKING``): a block only type checkers run."""
    test = node.test if isinstance(node, ast.If) else None
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(run_time_only: bool = False) -> set[str]:
    """Top-level modules the package imports; ``run_time_only`` leaves out ``if TYPE_CHECKING:`` blocks."""
    found: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        guarded = {id(n) for block in ast.walk(tree) if isinstance(block, ast.If) and _is_type_checking(block)
                   for stmt in block.body for n in ast.walk(stmt)} if run_time_only else set()
        for node in ast.walk(tree):
            if id(node) in guarded:
                continue
            if isinstance(node, ast.Import):
                found |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    return found - set(sys.stdlib_module_names) - {"__future__", "mkdocs_runbooks"}


def test_declared_dependencies_match_imports() -> None:
    declared = {_name(r) for r in PROJECT["dependencies"]}
    extras = {k: {_name(r) for r in v} for k, v in PROJECT["optional-dependencies"].items()}
    imported = _imports()
    for module in imported:
        if module in OPTIONAL:
            extra = OPTIONAL[module]
            assert module in extras[extra], f"{module} is imported but not in the '{extra}' extra"
        elif module in TYPE_CHECKER_ONLY:
            assert module not in _imports(run_time_only=True), f"{module} is imported at run time but not declared"
            assert TYPE_CHECKER_ONLY[module] in extras["test"], f"{module} needs {TYPE_CHECKER_ONLY[module]} in 'test'"
        else:
            assert DIST.get(module, module) in declared, f"{module} is imported but not declared"
    for dist in declared:  # nothing declared that nothing imports
        assert dist in {DIST.get(m, m) for m in imported}, f"{dist} is declared but never imported"
    assert "mkdocs" not in declared and "properdocs" not in declared  # the engine is the user's choice


def test_license_and_metadata() -> None:
    assert PROJECT["license"] == "MIT" and (REPO / "LICENSE").read_text().startswith("MIT License")
    assert PROJECT["keywords"] and any(c.startswith("Framework :: MkDocs") for c in PROJECT["classifiers"])
    assert not any("License ::" in c for c in PROJECT["classifiers"])  # SPDX expression only (PEP 639)
    readme = (REPO / PROJECT["readme"]["file"]).read_text()
    assert "./scripts/" not in readme and "pip install" in readme  # written for users
    eps = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["entry-points"]
    assert eps["mkdocs.plugins"] == eps["properdocs.plugins"] == {"runbooks": "mkdocs_runbooks.mkdocs.plugin:RunbooksPlugin"}
