"""Your file loaded, and your functions called with care.

``load_functions`` imports your exercise file and finds the functions it asks for.
``Student`` wraps one of them; calling it calls yours, with three differences:

* every list you are given is a copy, so whatever your function does to it cannot
  change the checker's own example data (or the data of the next check);
* if your function changes a list that the project's code reads again afterwards
  (a neuron's inputs, the network's outputs, the targets), that is reported: in the
  real network the change would reach that code;
* NotImplementedError becomes NotWrittenYet ("not written yet"), and any other
  exception a StudentError that says which line of your file raised and, for an
  IndexError or ValueError, which list or value it was about (tracebacks.py).
"""
from __future__ import annotations

import importlib.util
import inspect
import os
from typing import Callable, Dict, List, Optional, Sequence

from checker.comparing import show
from checker.tracebacks import explain


class NotWrittenYet(Exception):
    """Your function still raises NotImplementedError."""

    def __init__(self, function: str):
        super().__init__(function)
        self.function = function


class StudentError(Exception):
    """Your function raised, returned something of the wrong shape, or changed what it
    must leave alone. ``kind`` and ``detail`` select the exercise's hint."""

    def __init__(self, function: str, text: str, kind: str = "", detail: str = ""):
        super().__init__(text)
        self.function = function
        self.text = text
        self.kind = kind
        self.detail = detail


class CheckerError(Exception):
    """The project's code disagrees with the hand-worked numbers (or this checker has a
    bug): not your mistake."""


class LoadError(Exception):
    """Your file could not be loaded, or lacks a function."""


def _is_data(value) -> bool:
    """A list (or tuple) of numbers or of such lists: the data a function is given."""
    if not isinstance(value, (list, tuple)):
        return False
    for item in value:
        if not (isinstance(item, (int, float)) or _is_data(item)):
            return False
    return True


def _copy(value):
    """A new list for every list of data in ``value`` (everything else as it is)."""
    if _is_data(value):
        items = [_copy(item) for item in value]
        return tuple(items) if isinstance(value, tuple) else items
    return value


def first_change(before, after, name: str) -> Optional[str]:
    """'inputs[0] was 2, is now 4' for the first difference of two lists of data."""
    if len(before) != len(after):
        return f"{name} had {len(before)} items, now {len(after)}"
    for k in range(len(before)):
        old, new = before[k], after[k]
        if isinstance(old, (list, tuple)) and isinstance(new, (list, tuple)):
            inner = first_change(old, new, f"{name}[{k}]")
            if inner:
                return inner
        elif old != new and not (old != old and new != new):    # (NaN is NaN)
            return f"{name}[{k}] was {show(old)}, is now {show(new)}"
    return None


class Student:
    """One of your functions, called with copies of its lists (see the module's text).

    read_again  {parameter name: what that list is in the real network}, for the
                lists your function must not change
    parameters  the parameters' names as the exercise gives them (your function may
                call them otherwise): by default, your function's own
    """

    def __init__(self, name: str, function: Callable, source: str,
                 read_again: Optional[Dict[str, str]] = None,
                 parameters: Optional[List[str]] = None):
        self.name = name
        self.function = function
        self.source = source
        self.read_again = read_again or {}
        self.parameters: List[str] = parameters or _parameters(function)

    def __call__(self, *args):
        copies = [_copy(argument) for argument in args]
        try:
            result = self.function(*copies)
        except NotImplementedError:
            raise NotWrittenYet(self.name) from None
        except (NotWrittenYet, StudentError, CheckerError):
            raise
        except SystemExit:
            raise StudentError(self.name, f"{self.name} called exit(): return a value "
                                          f"instead", "SystemExit") from None
        except Exception as error:   # your code's error, reported with its line
            explained = explain(error, self.source)
            raise StudentError(self.name, f"{self.name} raised {explained.text}",
                               explained.kind, explained.detail) from None
        for position, (original, copy) in enumerate(zip(args, copies)):
            name = (self.parameters[position] if position < len(self.parameters)
                    else f"argument {position + 1}")
            if name in self.read_again and _is_data(original):
                change = first_change(original, copy, name)
                if change:
                    raise StudentError(
                        self.name, f"{self.name} changed the list {name} it was given "
                                   f"({change}): {self.read_again[name]}, which the "
                                   f"project's code reads again afterwards; build a new "
                                   f"list instead of writing into {name}", "changed")
        return result


def _parameters(function: Callable) -> List[str]:
    try:
        return list(inspect.signature(function).parameters)
    except (TypeError, ValueError):
        return []


def load_functions(path: str, names: Sequence[str]) -> Dict[str, Callable]:
    """Import the file at ``path`` and return its functions called ``names``."""
    if not os.path.isfile(path):
        raise LoadError(f"no file {path}")
    module_name = "exercise_under_check_" + os.path.splitext(os.path.basename(path))[0]
    spec = importlib.util.spec_from_file_location(module_name, path)
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except Exception as error:
        raise LoadError(f"could not load {path}: {explain(error, path).text}") from None
    found = {}
    for name in names:
        function = getattr(module, name, None)
        if not callable(function):
            raise LoadError(f"{path} has no function {name}: keep the name and the "
                            f"signature the exercise gives")
        found[name] = function
    return found


def number_list(value, count: int, function: str, what: str) -> list:
    """``value`` as a list of ``count`` numbers, or a StudentError saying what is wrong."""
    if isinstance(value, (str, bytes)) or not hasattr(value, "__len__"):
        raise StudentError(function, f"{function} returned {show(value)}; it must return "
                                     f"a list of {count} numbers ({what})")
    if len(value) != count:
        raise StudentError(function, f"{function} returned a list of {len(value)}; it must "
                                     f"return {count} numbers ({what})")
    return list(value)
