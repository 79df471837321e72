"""Dependencies point inward: only tui/ imports Textual, and only the CLI reaches into tui/."""

from __future__ import annotations

import ast
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

import craftlog

PACKAGE = Path(craftlog.__file__).parent
SOURCE_ROOT = PACKAGE.parent


@dataclass(frozen=True)
class Import:
    module: str  # absolute dotted name
    line: int
    top_level: bool  # at module level (not inside a function)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SOURCE_ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(source: str, module: str, is_package: bool = False) -> list[Import]:
    """Every import in the source, relative ones resolved against `module`."""
    tree = ast.parse(source)
    found: list[Import] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inside = in_function or isinstance(
                child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda
            )
            if isinstance(child, ast.Import):
                found.extend(Import(a.name, child.lineno, not in_function) for a in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    package = module.split(".") if is_package else module.split(".")[:-1]
                    anchor = package[: len(package) - (child.level - 1)]
                    base = ".".join([*anchor, base] if base else anchor)
                found.append(Import(base, child.lineno, not in_function))
                # `from craftlog import tui` names the package through the alias.
                found.extend(
                    Import(f"{base}.{a.name}", child.lineno, not in_function) for a in child.names
                )
            visit(child, inside)

    visit(tree, False)
    return found


def is_under(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def source_files() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def in_tui(path: Path) -> bool:
    return (PACKAGE / "tui") in path.parents


def all_imports() -> list[tuple[Path, Import]]:
    result = []
    for path in source_files():
        text = path.read_text(encoding="utf-8")
        name = module_name(path)
        result += [(path, i) for i in imports_of(text, name, path.name == "__init__.py")]
    return result


def textual_outside_tui() -> list[str]:
    return sorted(
        {
            f"{path.relative_to(SOURCE_ROOT)}:{imp.line}"
            for path, imp in all_imports()
            if is_under(imp.module, "textual") and not in_tui(path)
        }
    )


def test_the_source_tree_is_found() -> None:
    names = {module_name(p) for p in source_files()}
    assert {"craftlog.cli", "craftlog.core.entries", "craftlog.store.engine"} <= names


def test_only_tui_imports_textual() -> None:
    offenders = textual_outside_tui()
    assert not offenders, "Textual imported outside craftlog/tui/:\n" + "\n".join(offenders)


def test_only_the_cli_reaches_into_tui_and_only_from_inside_a_function() -> None:
    offenders = set()
    for path, imp in all_imports():
        if in_tui(path) or not is_under(imp.module, "craftlog.tui"):
            continue
        if module_name(path) == "craftlog.cli" and not imp.top_level:
            continue
        offenders.add(f"{path.relative_to(SOURCE_ROOT)}:{imp.line}")
    assert not offenders, "craftlog.tui imported from outside tui/:\n" + "\n".join(
        sorted(offenders)
    )


def test_the_cli_opens_the_app_through_tui() -> None:
    cli = PACKAGE / "cli.py"
    found = imports_of(cli.read_text(encoding="utf-8"), "craftlog.cli")
    lazy = [i for i in found if is_under(i.module, "craftlog.tui")]
    assert lazy and not any(i.top_level for i in lazy)


# The checker itself must catch every way of writing the import.


def test_the_checker_sees_every_import_form() -> None:
    source = (
        "import textual\n"
        "import textual.app as a\n"
        "from textual.widgets import Static\n"
        "from textual import on\n"
        "import os, textual.containers\n"
        "if True:\n"
        "    from textual.screen import Screen\n"
        "try:\n"
        "    import textual.binding\n"
        "except ImportError:\n"
        "    pass\n"
        "class C:\n"
        "    import textual.css\n"
        "def f():\n"
        "    import textual.events\n"
        "import textualize_not_it\n"
    )
    found = [i for i in imports_of(source, "craftlog.x") if is_under(i.module, "textual")]
    modules = {i.module for i in found}
    assert {
        "textual",
        "textual.app",
        "textual.widgets",
        "textual.containers",
        "textual.screen",
        "textual.binding",
        "textual.css",
        "textual.events",
    } <= modules
    assert "textualize_not_it" not in {i.module for i in found}
    assert next(i for i in found if i.module == "textual.events").top_level is False
    assert next(i for i in found if i.module == "textual.screen").top_level is True


def test_the_checker_resolves_relative_imports_into_tui() -> None:
    found = imports_of("from .tui import app\nfrom ..tui.app import run\n", "craftlog.store.x")
    assert "craftlog.tui.app" in {i.module for i in found}
    found = imports_of("from . import tui\n", "craftlog.services")
    assert "craftlog.tui" in {i.module for i in found}
    found = imports_of("from .screens import x\n", "craftlog.tui", is_package=True)
    assert "craftlog.tui.screens" in {i.module for i in found}


def test_the_checker_reports_a_planted_offender(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = tmp_path / "craftlog"
    (fake / "core").mkdir(parents=True)
    (fake / "tui").mkdir()
    (fake / "__init__.py").write_text("")
    (fake / "core" / "bad.py").write_text("from textual.app import App\n")
    (fake / "tui" / "fine.py").write_text("import textual\n")
    this = sys.modules[__name__]
    monkeypatch.setattr(this, "PACKAGE", fake)
    monkeypatch.setattr(this, "SOURCE_ROOT", tmp_path)
    assert textual_outside_tui() == ["craftlog/core/bad.py:1"]
