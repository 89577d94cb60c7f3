"""The examples in strategy's docstrings run, and every public function and class has one.

A test of its own rather than pytest's --doctest-modules, which would also import every file
under tests/ as a module (their conftest.py files share one name) and needs no setting.
"""

from __future__ import annotations

import doctest
import importlib
import inspect
import pkgutil

import pytest

import strategy

MODULES = sorted(name for _, name, _ in pkgutil.walk_packages(strategy.__path__, "strategy."))


@pytest.mark.parametrize("name", ["strategy", *MODULES])
def test_docstring_examples_run(name: str) -> None:
    module = importlib.import_module(name)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    for test in doctest.DocTestFinder().find(module, name):
        runner.run(test)  # a failing example is printed, with what it gave
    assert runner.summarize(verbose=False).failed == 0


PUBLIC = [
    name
    for name in strategy.__all__
    if inspect.isfunction(getattr(strategy, name)) or inspect.isclass(getattr(strategy, name))
]


def test_public_functions_and_classes_are_all_checked() -> None:
    # The classes among them too: a check that found none would pass whatever they say.
    assert any(inspect.isclass(getattr(strategy, name)) for name in PUBLIC)
    assert "Scenario" in PUBLIC and "analyse" in PUBLIC


@pytest.mark.parametrize("name", PUBLIC)
def test_every_public_function_and_class_has_an_example(name: str) -> None:
    assert ">>>" in (getattr(strategy, name).__doc__ or "")
