"""The layers point one way: pages → ui → strategy (and workshop → strategy), no cycles.

Every import of every Python file is read from its syntax tree (nothing is imported):
- `strategy/` is pure: it never imports Streamlit, Plotly or any layer above it;
- everything outside `strategy/` (ui/, app_pages/, workshop/, benchmarks/, app.py) uses
  `strategy`'s public face only: `import strategy` or `from strategy import <name in __all__>`,
  and `strategy.<name>` only for names in `__all__`;
- pages never import each other.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

import strategy

ROOT = Path(__file__).resolve().parent.parent
ABOVE_STRATEGY = {"streamlit", "plotly", "ui", "app_pages", "workshop", "benchmarks", "app"}
OUTSIDE = ("ui", "app_pages", "workshop", "benchmarks")
PAGES = {path.stem for path in (ROOT / "app_pages").glob("*.py")}
PUBLIC = set(strategy.__all__)


def python_files(*folders: str) -> list[Path]:
    """Every .py file under the folders (relative to the repository)."""
    return sorted(path for folder in folders for path in (ROOT / folder).rglob("*.py"))


def imports(path: Path) -> Iterator[tuple[int, str, tuple[str, ...]]]:
    """Each absolute import of a file: its line, the module, and the names taken from it
    (empty for `import module`). Relative imports come as the module "." + their name."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, ()
        elif isinstance(node, ast.ImportFrom):
            module = "." * node.level + (node.module or "")
            yield node.lineno, module, tuple(alias.name for alias in node.names)


def where(path: Path, line: int) -> str:
    return f"{path.relative_to(ROOT)}:{line}"


@pytest.mark.parametrize("path", python_files("strategy"), ids=lambda p: p.name)
def test_strategy_imports_nothing_above_it(path: Path) -> None:
    found = [f"{where(path, line)} imports {module}" for line, module, _ in imports(path)
             if module.split(".")[0] in ABOVE_STRATEGY]
    assert not found, found


@pytest.mark.parametrize("path", [*python_files(*OUTSIDE), ROOT / "app.py"],
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_strategy_is_used_through_its_public_face_only(path: Path) -> None:
    found = []
    for line, module, names in imports(path):
        if module.startswith("strategy."):
            found.append(f"{where(path, line)} imports the submodule {module}")
        elif module == "strategy":
            found += [f"{where(path, line)} imports {name}, not in strategy.__all__"
                      for name in names if name not in PUBLIC]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found += [f"{where(path, node.lineno)} uses strategy.{node.attr}, not in strategy.__all__"
              for node in ast.walk(tree)
              if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
              and node.value.id == "strategy" and node.attr not in PUBLIC]
    assert not found, found


@pytest.mark.parametrize("path", python_files("app_pages"), ids=lambda p: p.name)
def test_pages_never_import_each_other(path: Path) -> None:
    found = [f"{where(path, line)} imports {module}" for line, module, names in imports(path)
             if module.split(".")[0] in ("app_pages", *PAGES) or module.startswith(".")
             or (module == "" and set(names) & PAGES)]
    assert not found, found


def test_the_walk_sees_the_files() -> None:
    """A guard for the guards: the folders are where the tests look."""
    assert len(python_files("strategy")) > 15
    assert PAGES >= {"explorer", "stress", "compare"}
    assert python_files("ui") and python_files("workshop")
