"""The lessons as Jupyter notebooks (scripts/notebooks/*.ipynb, made by
scripts/make_notebooks.py from the lessons' .py files).

* Every lesson has its notebook, and the notebook holds the lesson's cells: the same
  cell types and the same text, cell by cell (not the same bytes), with no outputs.
  After editing a lesson: ``python scripts/make_notebooks.py``.
* Every shipped notebook runs top to bottom with its defaults in a Jupyter kernel
  started in scripts/notebooks/, as ``jupyter lab`` would start it, and no cell ends
  in an error. The lessons with pictures show them inline (PNG or GIF outputs) and
  write no file into the notebooks' folder.
* Without the library installed, the first code cell of every notebook stops with
  the command to run (checked with ``python -S``, which hides site-packages and so
  the installed library).

The first two need jupytext, nbformat, nbclient and ipykernel (the test extra) and
are skipped without them (on PyPy, for instance); the notebooks need the library
installed (``python -m pip install -e .``), as README says, and that test is skipped
with the reason when it is not.
"""
import glob
import importlib.util
import json
import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCRIPTS = os.path.join(ROOT, "scripts")
NOTEBOOKS = os.path.join(SCRIPTS, "notebooks")
LESSONS = sorted(glob.glob(os.path.join(SCRIPTS, "lesson[0-9][0-9]_*.py")))
LESSON_NAMES = [os.path.splitext(os.path.basename(path))[0] for path in LESSONS]
# The lessons that draw pictures (each shows at least one inline when matplotlib is there).
WITH_PICTURES = ("lesson05", "lesson07", "lesson08", "lesson09", "lesson10", "lesson11",
                 "lesson12")


def notebook_of(name):
    return os.path.join(NOTEBOOKS, name + ".ipynb")


def read_json(path):
    with open(path, encoding="utf-8") as file:
        return json.load(file)


def cell_text(cell):
    source = cell["source"]
    return source if isinstance(source, str) else "".join(source)


# ----- shipped and in sync ---------------------------------------------------------------

def test_every_lesson_has_its_notebook_and_nothing_else_is_shipped():
    assert len(LESSON_NAMES) == 12
    shipped = sorted(os.path.basename(path)
                     for path in glob.glob(os.path.join(NOTEBOOKS, "*.ipynb")))
    assert shipped == [name + ".ipynb" for name in LESSON_NAMES]


@pytest.mark.parametrize("name", LESSON_NAMES)
def test_notebook_has_the_cells_of_its_lesson(name):
    jupytext = pytest.importorskip("jupytext", reason="jupytext is not installed "
                                   "(pip install -e \".[test]\")")
    source = jupytext.read(os.path.join(SCRIPTS, name + ".py"), fmt="py:percent")
    shipped = read_json(notebook_of(name))
    expected = [(cell.cell_type, cell.source) for cell in source.cells]
    found = [(cell["cell_type"], cell_text(cell)) for cell in shipped["cells"]]
    assert found == expected, (f"{name}.ipynb is out of date: run "
                               f"python scripts/make_notebooks.py")
    for cell in shipped["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None
    # A notebook reads as a lesson: it opens with a title in markdown, has markdown
    # cells between its steps, and its first code cell is the library check.
    assert found[0][0] == "markdown" and found[0][1].startswith(f"# Lesson {name[6:8]}")
    kinds = [kind for kind, _text in found]
    assert kinds.count("markdown") >= 4 and kinds.count("code") >= 4
    assert "python -m pip install -e ." in found[1][1]


# ----- run in a kernel -------------------------------------------------------------------

def library_importable_from(folder):
    """Can a fresh Python started in ``folder`` import the library (is it installed)?"""
    result = subprocess.run([sys.executable, "-c", "import network, neuron, datasets.mnist"],
                            cwd=folder, capture_output=True, text=True)
    return result.returncode == 0


@pytest.fixture(scope="module")
def kernel_name(tmp_path_factory):
    """A kernel spec that starts this Python's ipykernel (so the kernel has the same
    packages as the tests), in a folder of its own."""
    # find_spec, not import: ipykernel belongs in the kernel, not in this process.
    for module in ("nbformat", "nbclient", "ipykernel", "jupyter_client"):
        if importlib.util.find_spec(module) is None:
            pytest.skip(f"{module} is not installed (pip install -e \".[test]\")")
    if not library_importable_from(NOTEBOOKS):
        pytest.skip("the library is not installed, so a notebook cannot import it: "
                    "python -m pip install -e .")
    folder = tmp_path_factory.mktemp("kernels")
    spec = folder / "kernels" / "lessons-python"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python (tests)", "language": "python"}))
    return str(folder / "kernels")


@pytest.mark.parametrize("name", LESSON_NAMES)
def test_notebook_runs_in_a_kernel_started_in_its_folder(name, kernel_name):
    import nbformat
    from jupyter_client import KernelManager
    from jupyter_client.kernelspec import KernelSpecManager
    from nbclient import NotebookClient

    notebook = nbformat.read(notebook_of(name), as_version=4)
    before = sorted(os.listdir(NOTEBOOKS))
    manager = KernelManager(kernel_name="lessons-python",
                            kernel_spec_manager=KernelSpecManager(kernel_dirs=[kernel_name]))
    # Any cell that raises ends the run with CellExecutionError naming the cell.
    NotebookClient(notebook, km=manager, timeout=900,
                   resources={"metadata": {"path": NOTEBOOKS}}).execute()
    assert sorted(os.listdir(NOTEBOOKS)) == before, "a notebook wrote into its folder"
    printed, pictures = "", 0
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream":
                printed += output["text"]
            data = output.get("data", {})
            if "image/png" in data or "image/gif" in data:
                pictures += 1
    assert printed.strip(), "the notebook printed nothing"
    assert "Traceback" not in printed
    has_matplotlib = subprocess.run([sys.executable, "-c", "import matplotlib"],
                                    capture_output=True).returncode == 0
    if name.startswith(WITH_PICTURES) and has_matplotlib:
        assert pictures >= 1, f"{name} showed no picture"
        assert "Saved " not in printed          # shown inline, not written to files


# ----- without the library ---------------------------------------------------------------

@pytest.mark.parametrize("name", LESSON_NAMES)
def test_first_code_cell_says_what_to_run_without_the_library(name):
    cells = read_json(notebook_of(name))["cells"]
    first_code = [cell_text(cell) for cell in cells if cell["cell_type"] == "code"][0]
    environment = dict(os.environ)
    environment.pop("PYTHONPATH", None)
    # -S: no site-packages, so no installed library; the cwd (sys.path[0] for -c) is
    # the notebooks' folder, which holds no library either.
    result = subprocess.run([sys.executable, "-S", "-c", first_code], cwd=NOTEBOOKS,
                            capture_output=True, text=True, env=environment)
    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line == ("ModuleNotFoundError: This lesson needs the project's library. "
                         "In the repository's folder run:  python -m pip install -e .  "
                         "then restart the kernel.")
