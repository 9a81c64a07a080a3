"""The package's modules import one way: each only from its own layer or those below.

Read from the source, not from a running import: every ``import`` of the package, at module
level or inside a function, counts, except those under ``if TYPE_CHECKING:``, which only
annotations read. Within a layer, imports must not go round in a circle.
"""

from __future__ import annotations

import ast
import graphlib
from pathlib import Path

import pytest

import auxer_option

PACKAGE = Path(auxer_option.__file__).resolve().parent

#: Bottom to top. A module may import only from its own layer and those below it.
LAYERS: tuple[tuple[str, frozenset[str]], ...] = (
    (
        "foundations: errors, text, tables, choices, pickling, the normal distribution, trees",
        frozenset(
            {
                "exceptions",
                "_text",
                "_words",
                "_tables",
                "_choices",
                "_pickling",
                "_blackscholes",
                "_trees",
            }
        ),
    ),
    (
        "values, records and conventions",
        frozenset(
            {
                "_money",
                "_market",
                "_inputs",
                "_ratio",
                "_terms",
                "_parse",
                "_records",
                "_vesting",
                "_termination",
                "_tax_terms",
                "_window",
                "_history",
            }
        ),
    ),
    ("the grant", frozenset({"_grant"})),
    (
        "operations on a grant",
        frozenset(
            {
                "_status",
                "_exercise",
                "_vested",
                "_adjust",
                "_pershare",
                "_valuation",
                "_expense",
                "_lattice",
                "_tax",
                "_examples",
                "_ocf_reading",
                "_ocf_vesting",
            }
        ),
    ),
    (
        "books of grants",
        frozenset(
            {
                "book.__init__",
                "book._blocks",
                "book._book",
                "book._calendar",
                "book._cash",
                "book._columns",
                "book._dask",
                "book._distinct",
                "book._frame",
                "book._ocf",
                "book._ocf_items",
                "book._pricing",
                "book._progress",
                "book._vesting",
            }
        ),
    ),
    (
        "display and interop",
        frozenset(
            {
                "_display",
                "_contract",
                "_frames",
                "serialization",
                "ocf",
                "plot",
                "_cli",
                "__main__",
                "__init__",
                "testing.__init__",
                "testing._hypothesis",
                "testing.strategies",
            }
        ),
    ),
)

LAYER_OF = {module: index for index, (_, modules) in enumerate(LAYERS) for module in modules}


def _name(path: Path) -> str:
    return ".".join(path.relative_to(PACKAGE).with_suffix("").parts)


def _is_type_checking(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and (
        (isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING")
        or (isinstance(node.test, ast.Attribute) and node.test.attr == "TYPE_CHECKING")
    )


def _imported(node: ast.AST) -> set[str]:
    """The package modules imported under ``node``, outside ``if TYPE_CHECKING:`` blocks."""
    found: set[str] = set()
    for child in ast.iter_child_nodes(node):
        if _is_type_checking(child):
            continue
        if isinstance(child, ast.ImportFrom) and child.level == 0 and child.module:
            if child.module == "auxer_option":
                found.add("__init__")
            elif child.module.startswith("auxer_option."):
                found.add(child.module.removeprefix("auxer_option."))
        elif isinstance(child, ast.Import):
            for alias in child.names:
                if alias.name == "auxer_option":
                    found.add("__init__")
                elif alias.name.startswith("auxer_option."):
                    found.add(alias.name.removeprefix("auxer_option."))
        found |= _imported(child)
    return found


def _graph() -> dict[str, set[str]]:
    graph = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        name = _name(path)
        imported = _imported(ast.parse(path.read_text(encoding="utf-8")))
        # A subpackage is imported as its __init__.
        graph[name] = {
            f"{module}.__init__" if (PACKAGE / module).is_dir() else module for module in imported
        } - {name}
    return graph


GRAPH = _graph()


def test_every_module_has_a_layer() -> None:
    assert set(GRAPH) == set(LAYER_OF)


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_no_import_from_above(module: str) -> None:
    above = {
        imported: LAYERS[LAYER_OF[imported]][0]
        for imported in GRAPH[module]
        if LAYER_OF[imported] > LAYER_OF[module]
    }
    assert not above, f"{module} ({LAYERS[LAYER_OF[module]][0]}) imports from above: {above}"


def test_no_cycle() -> None:
    graphlib.TopologicalSorter(GRAPH).prepare()  # raises CycleError naming the circle


def test_the_reader_sees_function_level_imports() -> None:
    """The one deliberate exception is lazy interop, reached through the package's
    ``__getattr__`` by name, not by an import statement: the reader does not see it."""
    assert "_display" in GRAPH["_cli"]
    assert "ocf" in GRAPH["_cli"]  # imported inside a function
    assert "_grant" not in GRAPH["_history"]  # annotations only, once; now not at all
