"""The package as users meet it: its import, its public names, its README and CI."""

from __future__ import annotations

import datetime as dt
import decimal
import importlib
import importlib.util
import inspect
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import attrs
import pytest

import auxer_option
from auxer_option import AUXER_1999, OptionGrant, Term, exercise_cost
from tests.data import AGREEMENT, DATA, OCF, OCF_SAMPLES, OCF_SCHEMA

ROOT = Path(__file__).parents[1]
HEAVY = (
    "hypothesis",
    "pytest",
    "numpy",
    "pandas",
    "matplotlib",
    "dateutil.parser",
    "dateutil.tz",
    "importlib.metadata",
    "zoneinfo",
)


def fresh_modules(code: str) -> set[str]:
    """The modules a fresh interpreter has loaded after running ``code``."""
    finished = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys\nprint('\\n'.join(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
    )
    return set(finished.stdout.split())


class TestImport:
    def test_import_is_cheap(self) -> None:
        """Importing the package loads no test, plotting, data-frame or unneeded library."""
        loaded = fresh_modules("import auxer_option")
        assert "auxer_option" in loaded
        assert [name for name in HEAVY if name in loaded] == []

    def test_import_compiles_no_pattern(self) -> None:
        """The library's patterns are compiled when first used, never by the import."""
        code = (
            "import re, attrs, dateutil.relativedelta, decimal, fractions\n"
            "before = set(re._cache)\n"  # what the standard library and the floor compile
            "import auxer_option\n"
            "print(len(set(re._cache) - before))"
        )
        finished = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        assert finished.stdout.strip() == "0"

    def test_importing_leaves_the_callers_context_alone(self) -> None:
        """Importing any module, under a context that traps every signal, sets no flag on it."""
        code = (
            "import decimal, pkgutil, importlib\n"
            "from tests.conftest import hostile_context\n"
            "context = hostile_context()\n"
            "decimal.setcontext(context)\n"
            "import auxer_option\n"
            "for module in pkgutil.walk_packages(auxer_option.__path__, 'auxer_option.'):\n"
            "    skipped = ('auxer_option.book', 'auxer_option.testing', 'auxer_option.__main__')\n"
            "    if not module.name.startswith(skipped):\n"
            "        importlib.import_module(module.name)\n"
            "print(sorted(s.__name__ for s, on in context.flags.items() if on))"
        )
        finished = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
        )
        assert finished.stdout.strip() == "[]"

    def test_interop_loads_on_first_use(self) -> None:
        """JSON, OCF and the contract parsers cost a fifth of the import: they wait until used."""
        interop = [
            "json",
            "auxer_option.serialization",
            "auxer_option.ocf",
            "auxer_option._contract",
        ]
        assert [name for name in interop if name in fresh_modules("import auxer_option")] == []
        used = fresh_modules("from auxer_option import to_json, grant_from_text")
        assert {"auxer_option.serialization", "auxer_option._contract"} <= used
        assert "auxer_option.ocf" not in used
        assert {"to_ocf", "grant_from_text", "OptionGrant"} <= set(dir(auxer_option))

    def test_history_and_vesting_load_on_first_use(self) -> None:
        """A grant that vests at once and has no history needs no record, schedule or
        operation on them: they are two fifths of the import, and wait until used."""
        lazy = [
            "auxer_option._records",
            "auxer_option._vesting",
            "auxer_option._vested",
            "auxer_option._adjust",
            "auxer_option._ratio",
            "bisect",
        ]
        assert [name for name in lazy if name in fresh_modules("import auxer_option")] == []
        plain = fresh_modules(
            "import datetime as dt\n"
            "from auxer_option import OptionGrant, exercise_cost, intrinsic_value, window_status\n"
            "grant = OptionGrant('2024-01-02', 1_000, '1.50', term='10 years')\n"
            "day = dt.date(2025, 1, 2)\n"
            "exercise_cost(grant, 100), intrinsic_value(grant, '2.00'), window_status(grant, day)\n"
            "repr(grant), str(grant)"
        )
        assert [name for name in lazy if name in plain] == []
        used = fresh_modules(
            "from auxer_option import AUXER_1999, exercise\n"
            "import datetime as dt\n"
            "exercise(AUXER_1999, 1, dt.date(1999, 8, 2))"
        )
        assert {"auxer_option._records", "auxer_option._vesting"} <= used

    @pytest.mark.parametrize("name", sorted(auxer_option._LAZY))
    def test_lazy_name_loaded_once(self, name: str, monkeypatch: pytest.MonkeyPatch) -> None:
        """A name loaded on first use is its module's own, and is kept for the next use."""
        monkeypatch.delitem(vars(auxer_option), name, raising=False)
        module = importlib.import_module(f"auxer_option.{auxer_option._LAZY[name]}")
        assert getattr(auxer_option, name) is getattr(module, name)
        assert vars(auxer_option)[name] is getattr(module, name)

    def test_version(self) -> None:
        """The version comes from the installed metadata, on first use."""
        assert re.fullmatch(r"\d+\.\d+\.\d+.*", auxer_option.__version__)
        with pytest.raises(AttributeError, match="no attribute 'nonexistent'"):
            _ = auxer_option.nonexistent

    def test_typed(self) -> None:
        """The package ships its type information."""
        assert (Path(auxer_option.__file__).parent / "py.typed").is_file()


class TestPublicNames:
    def test_contract(self) -> None:
        """The public contract's names, all importable from the top level."""
        contract = {
            "OptionGrant", "Term", "Exercise", "WindowStatus", "AUXER_1999", "exercise_cost",
            "is_exercisable", "window_status", "exercise", "intrinsic_value",
            "intrinsic_value_per_share", "OptionError",
            # per-share math and corporate actions
            "moneyness", "Moneyness", "net_exercise", "sell_to_cover", "adjust_for_split",
            "Adjustment", "dilutive_shares",
            # vesting and termination
            "VestingSchedule", "AllocationType", "VestingDayOfMonth", "vested_shares",
            "unvested_shares", "exercisable_shares", "vesting_table", "terminate", "accelerate",
            "TerminationReason",
            # valuation
            "black_scholes", "Valuation", "fair_value", "implied_volatility",
            "simplified_expected_term",
        }  # fmt: skip
        assert contract <= set(auxer_option.__all__)
        for name in auxer_option.__all__:
            assert getattr(auxer_option, name) is not None

    @pytest.mark.parametrize(
        "name",
        [
            n
            for n in auxer_option.__all__
            if callable(getattr(auxer_option, n))
            and getattr(auxer_option, n).__module__.startswith("auxer_option")
        ],
    )
    def test_documented_with_an_example(self, name: str) -> None:
        """Every public callable the library defines has a docstring with a doctest example.

        An input type that is a standard one (``ShareCount`` is ``typing.SupportsIndex``) has
        its own documentation.
        """
        doc = inspect.getdoc(getattr(auxer_option, name))
        assert doc is not None
        assert ">>>" in doc

    @pytest.mark.parametrize("name", auxer_option.__all__)
    def test_in_the_api_reference(self, name: str) -> None:
        """Every public name is in the API reference."""
        assert name in (ROOT / "docs" / "api.md").read_text(encoding="utf-8")

    def test_the_api_reference_names_all_and_only_the_public_names(self) -> None:
        """What the reference documents at the top level is ``__all__``, and importable."""
        page = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
        input_types = page.split("## Input types", 1)[1].split("\n## ", 1)[0]
        documented = {
            # the input types' table, one name a row, and each auto* entry of a top-level name
            # (an automodule entry documents a submodule, whose names are imported from it)
            *re.findall(r"^\| `(\w+)` \|", input_types, re.MULTILINE),
            *re.findall(r"^\.\. auto(?!module)\w+:: auxer_option\.(\w+)$", page, re.MULTILINE),
        }
        assert len(documented) >= 60
        assert sorted(documented) == sorted(auxer_option.__all__)
        namespace: dict[str, object] = {}
        exec("from auxer_option import *", namespace)  # noqa: S102  (the star import users write)
        assert documented <= namespace.keys()

    @pytest.mark.parametrize(
        "name",
        [n for n in auxer_option.__all__ if inspect.isfunction(getattr(auxer_option, n))],
    )
    def test_functions_pickle(self, name: str) -> None:
        """Public callables are module-level functions, so they pickle (multiprocessing)."""
        import pickle

        function = getattr(auxer_option, name)
        assert pickle.loads(pickle.dumps(function)) is function  # noqa: S301


@pytest.fixture(scope="module")
def commands() -> list[str]:
    """The set-up commands: the first shell block of the README."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```(?:sh|shell|bash|console)\n(.*?)```", readme, re.DOTALL)
    assert block is not None
    return [line for line in block.group(1).splitlines() if line.strip()]


class TestReadme:
    def test_two_commands(self, commands: list[str]) -> None:
        """Exactly two: one runs the report, one runs the tests."""
        assert len(commands) == 2
        assert commands[0].endswith("python -m auxer_option")
        assert "pytest" in commands[1]

    def test_ci_runs_the_readme_test_command(self, commands: list[str]) -> None:
        """CI runs the very command a new user runs, so a missing step fails CI first."""
        ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
        assert commands[1] in ci


class TestData:
    """What the tests read is in the repository (and so in the sdist), never beside it."""

    def test_present(self) -> None:
        """The agreement, the OCF samples and schema, each with where it comes from."""
        assert AGREEMENT.is_file()
        assert len(list(OCF_SAMPLES.glob("*.ocf.json"))) == 10
        assert len(list(OCF_SCHEMA.rglob("*.schema.json"))) == 168
        assert (OCF / "LICENSE.md").is_file()
        assert (DATA / "README.md").is_file()

    def test_schema_files_keep_their_notice(self) -> None:
        """OCF's licence asks every copy of a schema file to keep its copyright $comment."""
        for path in OCF_SCHEMA.rglob("*.schema.json"):
            comment = json.loads(path.read_text(encoding="utf-8"))["$comment"]
            assert comment.startswith("Copyright © 2024 Open Cap Table Coalition"), path


@pytest.fixture(scope="module")
def page() -> str:
    """The conventions page."""
    return (ROOT / "docs" / "conventions.md").read_text(encoding="utf-8")


class TestConventionsPage:
    """The tables on the conventions page are what the library does."""

    def test_month_end_table(self, page: str) -> None:
        """Every row of the date table: start + term = result."""
        rows = re.findall(
            r"^\| (\d{4}-\d\d-\d\d) \| ([a-z0-9 ]+) \| (\d{4}-\d\d-\d\d) \|$", page, re.MULTILINE
        )
        assert len(rows) >= 7
        for start, term, result in rows:
            assert dt.date.fromisoformat(start) + Term.parse(term) == dt.date.fromisoformat(result)

    def test_rounding_table(self, page: str) -> None:
        """Every row of the rounding table, for 0.125 and 0.121."""
        grant = OptionGrant("2024-01-02", 1, "1000", term="P1Y")
        rows = re.findall(r"^\| (`[^|]*`[^|]*) \| ([\d., ]+) \| ([\d., ]+) \|", page, re.MULTILINE)
        checked = 0
        for modes_cell, *values in rows:
            modes = re.findall(r"ROUND_\w+|None", modes_cell)
            shown = [cell.split(", ") for cell in values]
            for index, mode in enumerate(modes):
                for price, cells in zip(("0.125", "0.121"), shown, strict=True):
                    rounding = None if mode == "None" else getattr(decimal, mode)
                    cost = exercise_cost(
                        attrs.evolve(grant, exercise_price=price), 1, rounding=rounding
                    )
                    assert str(cost) == cells[index], (mode, price)
                    checked += 1
        assert checked == 2 * 9


@pytest.fixture(scope="module")
def rows() -> tuple[Any, ...]:
    """OptionGrant's rows in the API reference's attribute table, as the build makes them."""
    helper = module_from_file(ROOT / "docs" / "_ext" / "attribute_table.py")
    made: tuple[Any, ...] = helper.attributes(OptionGrant)
    return made


class TestGrantAttributes:
    """The API reference's table of OptionGrant's attributes is made from the class."""

    def test_on_the_page(self) -> None:
        """The reference renders the table in OptionGrant's entry."""
        page = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
        entry = page.split(".. autoclass:: auxer_option.OptionGrant\n", 1)[1].split("\n.. ")[0]
        assert "   .. attribute-table:: auxer_option.OptionGrant" in entry

    def test_every_keyword(self, rows: tuple[Any, ...]) -> None:
        """Each keyword of the constructor is a row, in the signature's order, with its types."""
        given = [row for row in rows if not row.derived]
        assert [row.name for row in given] == list(inspect.signature(OptionGrant).parameters)
        assert all(row.type and row.given_as for row in given)

    def test_every_attribute(self, rows: tuple[Any, ...]) -> None:
        """Each public attribute of a grant is a row; the ones no keyword sets are derived."""
        public = {
            name
            for name in dir(AUXER_1999)
            if not name.startswith("_") and not callable(getattr(AUXER_1999, name))
        }
        assert {row.name for row in rows} == public
        derived = [row for row in rows if row.derived]
        keywords = inspect.signature(OptionGrant).parameters.keys()
        assert {row.name for row in derived} == public - keywords
        assert {
            field.name
            for field in attrs.fields(OptionGrant)
            if not field.init and not field.name.startswith("_")
        } <= {row.name for row in derived}
        assert all(row.type and not row.given_as and row.default is None for row in derived)


class TestQualityPage:
    """The equivalent mutants the quality page lists still name code that exists."""

    def test_listed_mutants_name_functions(self) -> None:
        page = (ROOT / "docs" / "quality.md").read_text(encoding="utf-8")
        # mutmut names a function's mutants x_<function>, a method's xǁ<class>ǁ<method>.
        names = re.findall(r"`(auxer_option[\w.]*)\.x(_|ǁ)([\wǁ]+?)__mutmut_\d+`", page)
        assert names
        for module_name, kind, name in names:
            module = importlib.import_module(module_name)
            owner, _, method = name.partition("ǁ")
            found = (
                getattr(module, name) if kind == "_" else getattr(getattr(module, owner), method)
            )
            assert callable(found), (module_name, name)


def module_from_file(path: Path) -> Any:
    """A module loaded from its file: a script, or a helper of the docs, in no package."""
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def mutation_script() -> Any:
    """quality/mutation.py, loaded from its file (it is a script, not a module)."""
    return module_from_file(ROOT / "quality" / "mutation.py")


class TestMutationScript:
    def test_reads_the_equivalent_mutants(self) -> None:
        names = mutation_script().explained()
        assert "auxer_option._adjust.x__check_date__mutmut_5" in names
        assert "auxer_option._terms.xǁTermǁ__str____mutmut_4" in names

    def test_scores_each_module(self, capsys: pytest.CaptureFixture[str]) -> None:
        verdicts = {
            "auxer_option._money.x_add__mutmut_1": "killed",
            "auxer_option._money.x_add__mutmut_2": "killed",
            "auxer_option._money.x_add__mutmut_3": "survived",
            "auxer_option._money.x_add__mutmut_4": "timeout",
            "auxer_option._terms.xǁTermǁto_iso__mutmut_1": "not checked",
        }
        mutation_script().by_module(verdicts)
        lines = capsys.readouterr().out.splitlines()
        assert lines[1].split() == ["auxer_option._money", "2", "2", "0", "50.0%"]
        assert lines[2].split() == ["auxer_option._terms", "0", "0", "1", "-"]
