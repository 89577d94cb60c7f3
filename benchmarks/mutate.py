"""`make mutate` (`python -m benchmarks.mutate`): a small mutation run over the model code.

The repository's tracked files are copied into a temporary directory (the working tree is never
touched); each mutant is written into the copy, the tests that cover its module run there with
`pytest -x`, and the module is restored. A mutant is killed when the tests fail (or time out,
counted as killed and reported), and survives when they pass: each survivor is printed with its
file, line and the changed expression, equivalent-looking ones included.

Mutants: the named ones issue 16 lists (decimal-mark vote, the sign in the chart crossing
`equal_value_share`, the engine's discount, uplift and shocks, checked against
`test_engine.py` alone as the issue asks), then a seeded sample of operator mutants found by
walking the AST (comparisons, arithmetic, unary minus, numbers, min/max, and/or, True/False).
The score and the survivors are printed and written to artifacts/mutation.md.

    python -m benchmarks.mutate [--limit N] [--seed S] [--module strategy/model/engine.py]
"""

from __future__ import annotations

import argparse
import ast
import copy
import io
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "artifacts" / "mutation.md"
TESTS = "tests/strategy"
# Five minutes of property test that adds nothing a mutant run needs.
SLOW = ("tests/strategy/test_calibration.py::test_every_interval_stays_inside_its_quantitys_range",)
# The modules sampled by default and the tests that cover each (others: all of tests/strategy).
COVERAGE: dict[str, tuple[str, ...]] = {
    "strategy/model/engine.py": (f"{TESTS}/test_engine.py", f"{TESTS}/test_stress.py"),
    "strategy/model/economics.py": (f"{TESTS}/test_economics.py",),
    "strategy/model/plans.py": (f"{TESTS}/test_plans.py",),
    "strategy/model/scenario.py": (f"{TESTS}/test_scenario.py", f"{TESTS}/test_engine.py"),
    "strategy/data/orders.py": (f"{TESTS}/test_orders.py",),
}
ENGINE = "strategy/model/engine.py"
LIMIT = 120  # about 2-3 s a mutant: some six minutes on 2 cores
ENGINE_TESTS = (f"{TESTS}/test_engine.py",)


@dataclass(frozen=True)
class Mutant:
    """One change to one module: where, what it does, and the tests that should notice."""

    module: str
    line: int
    name: str
    before: str
    after: str
    tests: tuple[str, ...]
    edits: tuple[tuple[str, str], ...] = ()  # named mutants: exact text replacements
    index: int = -1  # operator mutants: the candidate's place in `candidates(module)`
    column: int = 0  # operator mutants: where on the line the changed expression starts
    diff: tuple[str, str] = ("", "")  # the line before and after (found at run time if named)


@dataclass(frozen=True)
class Outcome:
    """A mutant's result: killed, survived or timeout, and the seconds its tests took."""

    mutant: Mutant
    status: str
    seconds: float


def _named(module: str, name: str, tests: tuple[str, ...], *edits: tuple[str, str]) -> Mutant:
    """A named mutant made of exact text replacements (each must occur once in the module)."""
    before, after = edits[0]
    return Mutant(module, 0, name, before, after, tests, edits=edits)


ORDERS = "strategy/data/orders.py"
ECONOMICS = "strategy/model/economics.py"
NAMED = (
    _named(
        ORDERS,
        "decimal-mark vote inverted when both marks appear",
        COVERAGE[ORDERS],
        ("(both & (comma > dot))", "(both & (comma < dot))"),
        ("(both & (dot > comma))", "(both & (dot < comma))"),
    ),
    _named(
        ORDERS,
        "decimal-mark majority inverted",
        COVERAGE[ORDERS],
        ('"," if comma_votes > dot_votes', '"," if comma_votes < dot_votes'),
    ),
    _named(
        ECONOMICS,
        "chart crossing: sign flipped in the interpolation's denominator",
        COVERAGE[ECONOMICS],
        ("gap[i] / (gap[i] - gap[i + 1])", "gap[i] / (gap[i] + gap[i + 1])"),
    ),
    _named(
        ECONOMICS,
        "chart crossing: step taken the wrong way",
        COVERAGE[ECONOMICS],
        ("shares[i] + (shares[i + 1] - shares[i])", "shares[i] - (shares[i + 1] - shares[i])"),
    ),
    _named(
        ENGINE,
        "discount: rate subtracted",
        ENGINE_TESTS,
        ('(1 + p["discount"]) ** (-', '(1 - p["discount"]) ** (-'),
    ),
    _named(
        ENGINE,
        "discount: exponent's sign flipped",
        ENGINE_TESTS,
        ("** (-months_axis / 12)", "** (months_axis / 12)"),
    ),
    _named(
        ENGINE,
        "uplift dropped (no shock)",
        ENGINE_TESTS,
        ('repeat_revenue = p["arpu"] * (1 + p["uplift"])', 'repeat_revenue = p["arpu"] * 1'),
    ),
    _named(
        ENGINE,
        "uplift dropped (with shocks)",
        ENGINE_TESTS,
        ('p["arpu"] * (1 + p["uplift"]) * kept_all', 'p["arpu"] * kept_all'),
    ),
    _named(
        ENGINE,
        "churn shock adds customers",
        ENGINE_TESTS,
        ('1 - p["shock_loss"]', '1 + p["shock_loss"]'),
    ),
    _named(
        ENGINE,
        "churn shock a month late",
        ENGINE_TESTS,
        ('months_axis == p["shock_month"] - 1', 'months_axis == p["shock_month"]'),
    ),
    _named(
        ENGINE,
        "budget cut a month late",
        ENGINE_TESTS,
        ('months_axis >= p["budget_cut_month"] - 1', 'months_axis >= p["budget_cut_month"]'),
    ),
)

_COMPARE: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
}
_ARITHMETIC: dict[type[ast.operator], type[ast.operator]] = {
    ast.Add: ast.Sub,
    ast.Sub: ast.Add,
    ast.Mult: ast.Div,
    ast.Div: ast.Mult,
}
_SWAPS = {"min": "max", "max": "min", "minimum": "maximum", "maximum": "minimum"}


def _variants(node: ast.AST) -> Iterator[tuple[str, ast.AST]]:
    """Each operator mutation of `node` alone, as (a name, a mutated copy of the node)."""
    if isinstance(node, ast.Compare):
        for k, op in enumerate(node.ops):
            if type(op) in _COMPARE:
                compare = copy.deepcopy(node)
                compare.ops[k] = _COMPARE[type(op)]()
                yield "comparison", compare
    elif isinstance(node, ast.BinOp) and type(node.op) in _ARITHMETIC:
        binary = copy.deepcopy(node)
        binary.op = _ARITHMETIC[type(node.op)]()
        yield "arithmetic", binary
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        yield "unary minus dropped", copy.deepcopy(node.operand)
    elif isinstance(node, ast.BoolOp):
        boolean = copy.deepcopy(node)
        boolean.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
        yield "and/or", boolean
    elif isinstance(node, ast.Constant) and isinstance(node.value, bool):
        yield "True/False", ast.Constant(not node.value)
    elif isinstance(node, ast.Constant) and isinstance(node.value, int | float):
        yield "number + 1", ast.Constant(node.value + 1)
        if node.value != 0:
            yield "number to 0", ast.Constant(0)
    elif isinstance(node, ast.Name) and node.id in ("min", "max"):
        yield "min/max", ast.Name(_SWAPS[node.id], ast.Load())
    elif isinstance(node, ast.Attribute) and node.attr in _SWAPS:
        attribute = copy.deepcopy(node)
        attribute.attr = _SWAPS[node.attr]
        yield "min/max", attribute


def _walk(tree: ast.Module) -> Iterator[tuple[ast.AST, ast.AST, str]]:
    """Every (parent, node, field) in a fixed order, skipping docstrings and annotations."""
    stack: list[ast.AST] = [tree]
    while stack:
        parent = stack.pop(0)
        for field, value in ast.iter_fields(parent):
            if field in ("annotation", "returns", "type_comment"):
                continue
            for child in value if isinstance(value, list) else [value]:
                if not isinstance(child, ast.AST):
                    continue
                is_docstring = isinstance(child, ast.Expr) and isinstance(child.value, ast.Constant)
                if not is_docstring:
                    yield parent, child, field
                    stack.append(child)


def _sites(tree: ast.Module) -> Iterator[tuple[ast.AST, str, ast.AST, str, ast.AST]]:
    """Each operator mutation of `tree` in a fixed order: (parent, field, node, kind, the node
    that replaces it)."""
    for parent, node, field in _walk(tree):
        for kind, replacement in _variants(node):
            yield parent, field, node, kind, replacement


def _replace(parent: ast.AST, field: str, node: ast.AST, replacement: ast.AST) -> None:
    """Put `replacement` where `node` is in `parent`."""
    value = getattr(parent, field)
    if isinstance(value, list):
        value[value.index(node)] = replacement
    else:
        setattr(parent, field, replacement)


def candidates(module: str, source: str) -> list[Mutant]:
    """The operator mutants of one module, in a fixed order."""
    tests = COVERAGE.get(module, (TESTS,))
    lines = source.splitlines()
    mutants = []
    for index, (_, _, node, kind, new) in enumerate(_sites(ast.parse(source))):
        if not isinstance(node, ast.expr):
            continue
        line = lines[node.lineno - 1]
        after = line
        if node.end_lineno == node.lineno and node.end_col_offset is not None:
            raw = line.encode()  # the offsets count bytes
            after = (
                raw[: node.col_offset] + ast.unparse(new).encode() + raw[node.end_col_offset :]
            ).decode()
        column = len(line.encode()[: node.col_offset].decode()) + 1
        before_text, after_text = ast.unparse(node), ast.unparse(new)
        mutants.append(
            Mutant(
                module,
                node.lineno,
                kind,
                before_text,
                after_text,
                tests,
                index=index,
                column=column,
                diff=(line, after),
            )
        )
    return mutants


def mutated_source(mutant: Mutant, source: str) -> str | None:
    """The module's text with the mutant in (None: a named mutant's text is no longer there)."""
    if mutant.edits:
        for old, new in mutant.edits:
            if source.count(old) != 1:
                return None
            source = source.replace(old, new)
        return source
    tree = ast.parse(source)
    for index, (parent, field, node, _, replacement) in enumerate(_sites(tree)):
        if index == mutant.index:
            _replace(parent, field, node, replacement)
            return ast.unparse(ast.fix_missing_locations(tree)) + "\n"
    return None


def copy_repository(target: Path) -> None:
    """Copy the tracked files of the working tree (as they are now) into `target`."""
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)


def run_tests(workdir: Path, tests: tuple[str, ...], timeout: float) -> tuple[str, float]:
    """Run `tests` in the copy with pytest -x: "passed", "failed" or "timeout", and seconds."""
    deselect = [arg for test in SLOW for arg in ("--deselect", test)]
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider"]
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    start = time.monotonic()
    try:
        done = subprocess.run(
            [*command, *deselect, *tests],
            cwd=workdir,
            env=env,
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return "timeout", time.monotonic() - start
    return ("passed" if done.returncode == 0 else "failed"), time.monotonic() - start


def choose(modules: list[str], limit: int, seed: int) -> list[Mutant]:
    """The named mutants of `modules`, then a seeded sample of their operator mutants up to
    `limit` in all (at least the named ones), in module and line order."""
    named = [mutant for mutant in NAMED if mutant.module in modules]
    pool = [m for module in modules for m in candidates(module, (ROOT / module).read_text())]
    sample = random.Random(seed).sample(pool, min(len(pool), max(limit - len(named), 0)))
    return named + sorted(sample, key=lambda m: (m.module, m.line, m.index))


def describe(mutant: Mutant) -> str:
    """One line: where the mutant is and what it changes."""
    where = f"{mutant.module}:{mutant.line}" if mutant.line else mutant.module
    where += f":{mutant.column}" if mutant.column else ""
    return f"{where} [{mutant.name}] `{mutant.before}` -> `{mutant.after}`"


def diff(mutant: Mutant) -> list[str]:
    """The changed line, before (-) and after (+), as two indented lines."""
    before, after = mutant.diff
    return [f"    - {before.strip()}", f"    + {after.strip()}"] if before != after else []


def run(mutants: list[Mutant], workdir: Path) -> list[Outcome]:
    """Baseline each test set (it must pass), then each mutant in turn, restoring its module."""
    baseline: dict[tuple[str, ...], float] = {}
    outcomes: list[Outcome] = []
    for number, mutant in enumerate(mutants, 1):
        if mutant.tests not in baseline:
            status, seconds = run_tests(workdir, mutant.tests, timeout=900)
            print(f"baseline {' '.join(mutant.tests)}: {status} in {seconds:.0f} s", flush=True)
            if status != "passed":
                raise SystemExit(f"the unmutated tests do not pass: {' '.join(mutant.tests)}")
            baseline[mutant.tests] = seconds
        path = workdir / mutant.module
        original = path.read_text()
        text = mutated_source(mutant, original)
        if text is None:
            print(f"[{number}/{len(mutants)}] stale (text not found): {describe(mutant)}")
            continue
        if mutant.line == 0:  # a named mutant: its first edit's line
            number_of_line = original[: original.index(mutant.edits[0][0])].count("\n") + 1
            line = original.splitlines()[number_of_line - 1]
            changed = line
            for old, new in mutant.edits:
                changed = changed.replace(old, new)
            fields = {**mutant.__dict__, "line": number_of_line, "diff": (line, changed)}
            mutant = Mutant(**fields)
        try:
            path.write_text(text)
            status, seconds = run_tests(workdir, mutant.tests, 3 * baseline[mutant.tests] + 30)
        finally:
            path.write_text(original)
        status = {"failed": "killed", "passed": "survived"}.get(status, status)
        outcomes.append(Outcome(mutant, status, seconds))
        print(f"[{number}/{len(mutants)}] {status:8} {seconds:4.0f} s  {describe(mutant)}")
        if status == "survived":
            print("\n".join(diff(mutant)))
    return outcomes


def summary(outcomes: list[Outcome], seconds: float, seed: int) -> str:
    """The markdown report: score, timeouts and survivors."""
    killed = sum(o.status != "survived" for o in outcomes)
    timeouts = [o for o in outcomes if o.status == "timeout"]
    survivors = [o for o in outcomes if o.status == "survived"]
    lines = [
        "# Mutation run",
        "",
        (
            f"Score: **{killed}/{len(outcomes)}** killed "
            f"({100 * killed / max(len(outcomes), 1):.0f}%), {len(timeouts)} by timeout; "
            f"seed {seed}, {seconds / 60:.1f} minutes."
        ),
        "",
        "## Survivors",
        "",
        "Each survivor is either a missing test or an equivalent mutant; none is hidden.",
        "",
        *(line for o in survivors for line in [f"- {describe(o.mutant)}", *diff(o.mutant)]),
        *(["- none"] if not survivors else []),
    ]
    if timeouts:
        lines += ["", "## Timeouts (counted as killed)", ""]
        lines += [f"- {describe(o.mutant)}" for o in timeouts]
    return "\n".join(lines) + "\n"


def main() -> None:
    """Parse the options, run the mutants in a temporary copy, print and write the summary."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--limit", type=int, default=LIMIT, help=f"mutants in all (default {LIMIT})"
    )
    parser.add_argument("--seed", type=int, default=16, help="the sample's seed (default 16)")
    parser.add_argument(
        "--module", action="append", help="a module to mutate (repeatable; default: COVERAGE)"
    )
    args = parser.parse_args()
    modules = args.module or list(COVERAGE)
    mutants = choose(modules, args.limit, args.seed)
    start = time.monotonic()
    if isinstance(sys.stdout, io.TextIOWrapper):  # not when a caller replaced it
        sys.stdout.reconfigure(line_buffering=True)
    with tempfile.TemporaryDirectory(prefix="mutate-") as directory:
        copy_repository(Path(directory))
        outcomes = run(mutants, Path(directory))
    report = summary(outcomes, time.monotonic() - start, args.seed)
    print("\n" + report)
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(report)
    print(f"written to {REPORT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
