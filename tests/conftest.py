"""Shared test setup: the repo root on sys.path, and a loader for the scripts."""
import importlib.util
import os
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)   # the tests run from a plain clone, with no install


def _load_script(name):
    """Import scripts/<name> as a module (scripts/ is not a package). A lesson runs its
    steps at the top level (it is a notebook first), so for a lesson only its imports,
    functions, classes and UPPER_CASE constants are loaded (tests/lesson_definitions.py)."""
    if name.startswith("lesson"):
        from lesson_definitions import load_definitions
        return load_definitions(name)
    path = os.path.join(ROOT, "scripts", name)
    spec = importlib.util.spec_from_file_location(name[:-3], path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def load_script():
    """``load_script("train_mnist.py")`` returns that script as a module."""
    return _load_script
