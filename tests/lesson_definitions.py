"""Load a lesson's definitions without running the lesson.

A lesson (scripts/lessonNN_*.py) is a notebook first: its steps are top-level code that
trains networks and prints, so importing the file runs the whole lesson. A test that
wants one of its functions (``lesson.gate_name``, ``lesson.compare``) loads only what
the lesson defines: its imports, functions, classes and UPPER_CASE constants, in the
order the file has them. Everything else at the top level (the settings, the steps,
the pictures) is left out.

    lesson = load_definitions("lesson10_neuron_pictures.py")
    lesson.gate_name([0.9, 0.8, 0.7, 0.1], "x1", "x2")
"""
import ast
import os
import types

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _is_definition(node: ast.stmt) -> bool:
    """An import, a def or class, or an assignment to UPPER_CASE names only."""
    if isinstance(node, (ast.Import, ast.ImportFrom, ast.FunctionDef,
                         ast.AsyncFunctionDef, ast.ClassDef)):
        return True
    if isinstance(node, ast.Assign):
        targets = node.targets
    elif isinstance(node, ast.AnnAssign):
        targets = [node.target]
    else:
        return False
    for target in targets:
        if not (isinstance(target, ast.Name) and target.id.isupper()):
            return False
    return True


def load_definitions(name: str) -> types.ModuleType:
    """scripts/<name> as a module holding only its definitions (see the module docstring)."""
    path = os.path.join(ROOT, "scripts", name)
    with open(path, encoding="utf-8") as file:
        tree = ast.parse(file.read(), filename=path)
    kept = []
    for node in tree.body:
        if _is_definition(node):
            kept.append(node)
    tree.body = kept
    module = types.ModuleType(name[:-3])
    module.__file__ = path
    exec(compile(tree, path, "exec"), module.__dict__)
    return module
