"""Write the lessons as Jupyter notebooks: scripts/lessonNN_*.py -> scripts/notebooks/*.ipynb.

Each lesson is one source, a Python file in the "percent" cell format: a line
``# %%`` starts a code cell, ``# %% [markdown]`` a cell of explanation written as
comments. Editors that know the format (VS Code, PyCharm, Spyder) run the file cell
by cell; ``python scripts/lessonNN_....py`` runs it top to bottom with flags; and
this script converts it, with jupytext, into a notebook without outputs that a
learner opens directly (``jupyter lab scripts/notebooks``).

The notebooks are generated, never edited by hand: change the lesson's .py file and
run this script again. tests/test_notebooks.py checks that every shipped notebook has
the cells of its source (the same cell types and text) and runs each one in a Jupyter
kernel started in scripts/notebooks/, as a learner would.

Needs jupytext (pip install jupytext; it is in the test extra: pip install -e ".[test]").

    python scripts/make_notebooks.py
"""
from __future__ import annotations

import argparse
import glob
import os
import sys
from typing import List

SCRIPTS = os.path.dirname(os.path.abspath(__file__))
NOTEBOOKS = os.path.join(SCRIPTS, "notebooks")

# What every notebook says about itself: the kernel to run it with, nothing else (no
# jupytext or editor metadata, so that a notebook changes only when its lesson does).
METADATA = {
    "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
    "language_info": {"name": "python"},
}


def lesson_sources() -> List[str]:
    """scripts/lesson01_*.py, scripts/lesson02_*.py, ... in order."""
    return sorted(glob.glob(os.path.join(SCRIPTS, "lesson[0-9][0-9]_*.py")))


def notebook_path(source: str) -> str:
    """scripts/lessonNN_name.py -> scripts/notebooks/lessonNN_name.ipynb."""
    name = os.path.splitext(os.path.basename(source))[0]
    return os.path.join(NOTEBOOKS, name + ".ipynb")


def to_notebook(source: str):
    """The lesson as an nbformat notebook: its cells, no outputs, plain metadata."""
    import jupytext

    notebook = jupytext.read(source, fmt="py:percent")
    for number, cell in enumerate(notebook.cells, start=1):
        cell.id = f"cell-{number}"      # not random: the same lesson, the same file
        cell.metadata = {}
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    notebook.metadata = dict(METADATA)
    return notebook


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                     formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.parse_args(argv)
    try:
        import jupytext  # noqa: F401
        import nbformat
    except ImportError:
        sys.exit('error: this needs jupytext: pip install jupytext (or pip install -e ".[test]")')
    os.makedirs(NOTEBOOKS, exist_ok=True)
    for source in lesson_sources():
        notebook = to_notebook(source)
        path = notebook_path(source)
        nbformat.validate(notebook)
        with open(path, "w", encoding="utf-8", newline="\n") as file:
            nbformat.write(notebook, file)
        print(f"{os.path.relpath(path)}: {len(notebook.cells)} cells from "
              f"{os.path.relpath(source)}")


if __name__ == "__main__":
    main()
