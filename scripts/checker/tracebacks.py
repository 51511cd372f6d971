"""What went wrong when code raised, read from the traceback: the line, and for an
IndexError or a ValueError the list (or the argument) that was actually involved.

    IndexError: list index out of range (line 12 of ex4_mine.py:
      neuron.weight_grads[i] += d_loss_d_z * neuron.inputs[i]):
      neuron.weight_grads has 2 items (indices 0 to 1), and i is 2

The line is the innermost one of your file in the traceback. The list is found by
reading the line that raised (the innermost line of any file) again: every
``name[index]`` in it whose index is out of range, evaluated in that frame's own
variables (only names, attributes, indexes and arithmetic are evaluated, never a
call). For a ValueError the same is done for the calls that raise one: math.sqrt
and math.log of a number out of their domain, max/min of an empty list,
list.index of a missing value, and unpacking.
"""
from __future__ import annotations

import ast
import linecache
import os
import textwrap
from typing import List, Optional, Tuple

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# Node types that can be evaluated again without running any of your code's calls.
_SAFE = (ast.Expression, ast.Name, ast.Attribute, ast.Subscript, ast.Constant, ast.Load,
         ast.UnaryOp, ast.BinOp, ast.USub, ast.UAdd, ast.Add, ast.Sub, ast.Mult,
         ast.FloorDiv, ast.Mod, ast.Div, ast.Pow, ast.Slice)


class Explained:
    """An exception in words: ``text`` (type, message, line and what was indexed),
    ``kind`` (IndexError, ...) and ``detail`` (the indexed list's last name, such as
    "weights", or the function that refused its argument, such as "sqrt"), which
    select an exercise's hint."""

    def __init__(self, text: str, kind: str, detail: str = ""):
        self.text = text
        self.kind = kind
        self.detail = detail


def explain(error: BaseException, source: str = "") -> Explained:
    """``error`` with its line in ``source`` (your file) and what it was about."""
    kind = type(error).__name__
    text = f"{kind}: {error}"
    if isinstance(error, SyntaxError) and error.lineno:
        return Explained(f"{text} (line {error.lineno})", kind)
    entries = _entries(error)
    yours = None
    wanted = os.path.abspath(source) if source else None
    for frame, lineno in reversed(entries):
        if wanted and os.path.abspath(frame.f_code.co_filename) == wanted:
            yours = (frame, lineno)
            break
    if yours is not None:
        code = linecache.getline(yours[0].f_code.co_filename, yours[1]).strip()
        text += f" (line {yours[1]} of {os.path.basename(source)}: {code})"
    elif entries:       # raised in code that is not yours (the project's, or a test's)
        frame, lineno = entries[-1]
        code = linecache.getline(frame.f_code.co_filename, lineno).strip()
        text += f" ({repository_path(frame.f_code.co_filename)}, line {lineno}: {code})"
    detail, about = "", ""
    if entries and isinstance(error, (IndexError, ValueError)):
        frame, lineno = entries[-1]
        detail, about = _what_was_involved(error, frame, lineno)
        if about and yours is not None and (frame, lineno) != yours:
            about = f"in {repository_path(frame.f_code.co_filename)}, line {lineno}: {about}"
    if about:
        text += f": {about}"
    return Explained(text, kind, detail)


def _entries(error: BaseException) -> List[Tuple[object, int]]:
    """(frame, line number) of every level of the traceback, outermost first."""
    entries = []
    tb = error.__traceback__
    while tb is not None:
        entries.append((tb.tb_frame, tb.tb_lineno))
        tb = tb.tb_next
    return entries


def repository_path(path: str) -> str:
    """``path`` relative to the repository's root (neuron/neuron.py), if it is inside."""
    relative = os.path.relpath(os.path.abspath(path), ROOT)
    return path if relative.startswith("..") else relative.replace(os.sep, "/")


def _parse(text: str) -> Optional[ast.AST]:
    """The statement in ``text`` (a `for ...:` header gets a body to parse)."""
    text = textwrap.dedent(text).strip()
    for attempt in (text, text + " pass", text + "\n    pass"):
        try:
            return ast.parse(attempt)
        except SyntaxError:
            continue
    return None


def _statement(path: str, lineno: int) -> Tuple[str, Optional[ast.AST]]:
    """(source, tree) of the statement that holds line ``lineno`` of ``path``: the line
    itself, or, for a statement written over several lines, those lines."""
    for before in range(0, 4):
        for after in range(0, 4):
            lines = []
            for number in range(lineno - before, lineno + after + 1):
                lines.append(linecache.getline(path, number))
            text = textwrap.dedent("".join(lines)).strip()
            tree = _parse(text) if text else None
            if tree is not None:
                return text, tree
    return "", None


def _evaluate(node: ast.AST, frame) -> Tuple[bool, object]:
    """(True, value) of an expression built only from names, attributes, indexes and
    arithmetic, in ``frame``'s variables; (False, None) for anything else or an error."""
    expression = ast.Expression(body=node)
    for part in ast.walk(expression):
        if not isinstance(part, _SAFE):
            return False, None
    try:
        code = compile(ast.fix_missing_locations(expression), "<line>", "eval")
        return True, eval(code, frame.f_globals, dict(frame.f_locals))
    except Exception:
        return False, None


def _last_name(node: ast.AST) -> str:
    """'weights' for neuron.weights, 'inputs' for inputs, 'neurons' for layer.neurons[j]."""
    while isinstance(node, ast.Subscript):
        node = node.value
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    return ""


def _in_order(tree: ast.AST, kind) -> List[ast.AST]:
    """The nodes of one kind in the order they appear on the line."""
    found = [node for node in ast.walk(tree) if isinstance(node, kind)]
    return sorted(found, key=lambda node: (node.lineno, node.col_offset))


def _what_was_involved(error: BaseException, frame, lineno: int) -> Tuple[str, str]:
    """(detail, words) for the line that raised ``error``; ("", "") if unclear."""
    source, tree = _statement(frame.f_code.co_filename, lineno)
    if tree is None:
        return "", ""
    if isinstance(error, IndexError):
        return _index_out_of_range(tree, source, frame)
    return _value_refused(error, tree, source, frame)


def _index_out_of_range(tree, source: str, frame) -> Tuple[str, str]:
    for node in _in_order(tree, ast.Subscript):
        index_node = node.slice
        if isinstance(index_node, ast.Slice):
            continue
        ok_container, container = _evaluate(node.value, frame)
        ok_index, index = _evaluate(index_node, frame)
        if not (ok_container and ok_index and isinstance(index, int)
                and hasattr(container, "__len__") and not isinstance(container, dict)):
            continue
        try:
            size = len(container)
        except Exception:
            continue
        if -size <= index < size:
            continue
        name = ast.get_source_segment(source, node.value) or "the list"
        index_text = ast.get_source_segment(source, index_node) or "the index"
        items = "item" if size == 1 else "items"
        if size == 0:
            where = f"{name} is empty"
        else:
            where = f"{name} has {size} {items} (indices 0 to {size - 1})"
        if index_text == str(index):
            return _last_name(node.value), f"{where}, and the index is {index}"
        return _last_name(node.value), f"{where}, and {index_text} is {index}"
    return "", ""


def _call_name(node: ast.Call) -> str:
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    if isinstance(node.func, ast.Name):
        return node.func.id
    return ""


def _value_refused(error: BaseException, tree, source: str, frame) -> Tuple[str, str]:
    message = str(error)
    for node in _in_order(tree, ast.Call):
        name = _call_name(node)
        if not node.args:
            continue
        argument = node.args[0]
        ok, value = _evaluate(argument, frame)
        shown = ast.get_source_segment(source, argument) or "its argument"
        if name in ("sqrt", "log", "log10", "log2") and "domain" in message and ok:
            try:
                refused = value < 0 if name == "sqrt" else value <= 0
            except TypeError:
                continue
            if refused:
                what = "a negative number" if value < 0 else "0"
                return name, (f"{name}({shown}) got {shown} = {value!r}, {what} (it has no "
                              f"{'square root' if name == 'sqrt' else 'logarithm'})")
        if name in ("max", "min") and "empty" in message and ok and len(node.args) == 1:
            if hasattr(value, "__len__") and len(value) == 0:
                return shown, f"{name}({shown}) got an empty list: {shown} is []"
        if name == "index" and "not in" in message and isinstance(node.func, ast.Attribute):
            ok_list, container = _evaluate(node.func.value, frame)
            if ok_list and ok:
                listed = ast.get_source_segment(source, node.func.value) or "the list"
                return _last_name(node.func.value), (f"{listed}.index({shown}): {value!r} is "
                                                     f"not in {listed} = {container!r}")
    if "unpack" in message:
        for node in ast.walk(tree):
            target = value_node = None
            each_item = isinstance(node, ast.For)
            if isinstance(node, ast.For) and isinstance(node.target, ast.Tuple):
                target, value_node = node.target, node.iter
            elif isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Tuple):
                target, value_node = node.targets[0], node.value
            if target is None:
                continue
            shown = ast.get_source_segment(source, value_node) or "the value"
            names = len(target.elts)
            if not each_item:
                return _last_name(value_node), f"{shown} was unpacked into {names} names"
            words = f"each item of {shown} was unpacked into {names} names"
            ok, items = _evaluate(value_node, frame)
            if ok and isinstance(items, (list, tuple)):
                for k, item in enumerate(items):
                    if hasattr(item, "__len__") and len(item) != names:
                        words += f", but {shown}[{k}] = {item!r} holds {len(item)}"
                        break
            return _last_name(value_node), words
    return "", ""
