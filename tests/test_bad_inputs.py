"""The bad-input table, tests/bad_inputs.md, run as a test: one test per row.

The table is the only place the cases are written down, so what the README links to
and what is tested cannot drift apart. For each row this test builds the names the
table describes (a fresh ``net``, ``soft``, ``neuron``, ``layer``, the people and XOR
data, a working folder of model and IDX files), runs the call and checks:

* the exception type (Python rows) or the exit code (script rows);
* the exact message, or its exact beginning when the table's message ends in "...";
* that the message contains the ``names`` column, the word that says where;
* that nothing changed: every weight and bias of every Network, Layer and Neuron in
  the namespace is == to before, and every file and folder of the working folder is
  byte-identical, with nothing added;
* for a script: whether it ended in a traceback, which only rows marked
  "(traceback)" may do.

Then the table itself: at least 40 rows numbered 1, 2, 3, ..., every public entry
point of the library present, and every flag of every script.
"""
from __future__ import annotations

import copy
import functools
import gzip
import http.server
import importlib.util
import json
import math
import os
import random
import re
import shlex
import shutil
import socket
import stat
import subprocess
import sys
import threading
from typing import Dict, List, NamedTuple, Optional

import pytest

from datasets.augment import (AugmentedImages, elastic_distort, gaussian_kernel,
                              random_augment, scale)
from datasets.download import download_file, load_mnist
from datasets.mnist import (Digits, digit_as_text, load_bundled, load_idx, read_idx_images,
                            read_idx_labels, stratified_split, write_idx_images,
                            write_idx_labels)
from datasets.people import people
from datasets.xor import xor
from network import SGD, Adam, Fit, Network
from network.gradcheck import gradient_check
from network.regularization import DropoutLayer
from network.layer import Layer, SoftmaxLayer
from network.stepping import step_through
from network.saving import load_extra, load_network, save_network
from network.tracing import trace
from neuron import Neuron

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TABLE = os.path.join(ROOT, "tests", "bad_inputs.md")
HEADER = ["#", "entry point", "call", "error", "message", "names"]


# %% Reading the table ----------------------------------------------------------------

class Row(NamedTuple):
    number: int
    entry: str
    call: str
    error: str
    message: str
    names: str

    @property
    def is_script(self) -> bool:
        return self.call.startswith("python ")

    @property
    def id(self) -> str:
        return f"row{self.number:02d}"


def _cells(line: str) -> List[str]:
    """The cells of one Markdown table line; a \\| inside a cell is a literal |."""
    inner = line.strip()[1:-1]
    cells = []
    for cell in re.split(r"(?<!\\)\|", inner):
        cell = cell.strip().replace("\\|", "|")
        if len(cell) >= 2 and cell.startswith("`") and cell.endswith("`"):
            cell = cell[1:-1]
        cells.append(cell)
    return cells


def read_table(path: str = TABLE) -> List[Row]:
    """The rows of the table whose header is HEADER (the other tables are notes)."""
    rows = []
    in_table = False
    with open(path, encoding="utf-8") as file:
        for line in file:
            if not line.startswith("|"):
                in_table = False
                continue
            cells = _cells(line)
            if cells == HEADER:
                in_table = True
                continue
            if not in_table or set(cells[0]) <= set("-: "):
                continue
            assert len(cells) == len(HEADER), f"{path}: a row needs {len(HEADER)} cells: {line}"
            rows.append(Row(int(cells[0]), *cells[1:]))
    return rows


ROWS = read_table()
PYTHON_ROWS = [row for row in ROWS if not row.is_script]
SCRIPT_ROWS = [row for row in ROWS if row.is_script]


def _matches(message: str, expected: str) -> bool:
    """The whole message, or (expected ending in "...") its beginning."""
    if expected.endswith("..."):
        return message.startswith(expected[:-3])
    return message == expected


# %% The working folder and the names a row runs with ---------------------------------

def make_net() -> Network:
    return Network([2, 2, 1], weights=[[[1, 1], [1, 1]], [[1, 1]]], biases=[[0, 0], [0]])


def _idx_header(magic: int, *sizes: int) -> bytes:
    header = magic.to_bytes(4, "big")
    for size in sizes:
        header += size.to_bytes(4, "big")
    return header


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> str:
    """The working folder every row starts from (copied afresh for each row)."""
    folder = tmp_path_factory.mktemp("bad_inputs_template")

    def path(name: str) -> str:
        return str(folder / name)

    save_network(make_net(), path("model.json"))
    save_network(Network([784, 1, 10], loss="cross_entropy", seed=0), path("digits.json"))
    pixels = bytes(i % 256 for i in range(3 * 784))
    write_idx_images(path("images.idx"), pixels)
    write_idx_images(path("images.gz"), pixels)
    write_idx_labels(path("labels.idx"), [3, 1, 4])
    write_idx_labels(path("labels.gz"), [3, 1, 4])
    write_idx_labels(path("labels2.idx"), [3, 1])
    write_idx_labels(path("label10.idx"), [3, 10, 1])
    images = (folder / "images.idx").read_bytes()
    (folder / "empty.idx").write_bytes(b"")
    (folder / "short.idx").write_bytes(images[:10])
    (folder / "truncated.idx").write_bytes(images[:-100])
    (folder / "extra.idx").write_bytes(images + b"\0\0\0")
    big_header = _idx_header(0x803, 2 ** 31, 28, 28)
    (folder / "big.idx").write_bytes(big_header)
    (folder / "big.gz").write_bytes(gzip.compress(big_header, mtime=0))
    (folder / "small.idx").write_bytes(_idx_header(0x803, 1, 16, 16) + bytes(256))
    (folder / "notes.gz").write_bytes(b"hello world")
    (folder / "corrupt.gz").write_bytes((folder / "images.gz").read_bytes()[:40])
    (folder / "folder").mkdir()
    (folder / "downloads").mkdir()
    _hand_edited_checkpoints(folder)
    return str(folder)


# The digit trainer's flags for the checkpoint rows: a 784-2-10 network, 20 digits.
CHECKPOINT_FLAGS = ["--limit", "20", "--hidden", "4", "--augment", "none", "--quiet"]


def _hand_edited_checkpoints(folder) -> None:
    """run.checkpoint.json, written by the trainer (one epoch), and copies of it edited
    by hand as if for a run of 2 epochs: ckpt_text_epochs.json (epochs_done "1"),
    ckpt_negative_epochs.json (-1), ckpt_no_rng.json (network_rng missing),
    ckpt_bad_rng.json (order_rng [3, [1, 2], null]), ckpt_adam.json (an Adam's state
    in a plain SGD run)."""
    path = os.path.join(ROOT, "scripts", "train_mnist.py")
    spec = importlib.util.spec_from_file_location("train_mnist_for_table", path)
    trainer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(trainer)
    run = str(folder / "run.json")
    assert trainer.main(CHECKPOINT_FLAGS + ["--epochs", "1", "--out", run]) == 0
    with open(str(folder / "run.checkpoint.json"), encoding="utf-8") as file:
        saved = json.load(file)
    saved["config"]["epochs"] = 2
    edits = {"ckpt_text_epochs.json": ("epochs_done", "1"),
             "ckpt_negative_epochs.json": ("epochs_done", -1),
             "ckpt_no_rng.json": ("network_rng", None),
             "ckpt_bad_rng.json": ("order_rng", [3, [1, 2], None]),
             "ckpt_adam.json": ("optimizer", dict(saved["checkpoint"]["optimizer"],
                                                  name="adam"))}
    for name, (field, value) in edits.items():
        edited = copy.deepcopy(saved)
        if value is None:
            del edited["checkpoint"][field]
        else:
            edited["checkpoint"][field] = value
        with open(str(folder / name), "w", encoding="utf-8") as file:
            json.dump(edited, file)


@pytest.fixture
def workdir(template, tmp_path, monkeypatch) -> str:
    """A fresh copy of the template, made the working directory, with two files that
    are not regular files: ``pipe`` (a FIFO) and ``loop`` (a symlink loop, loop ->
    loop2 -> loop)."""
    folder = str(tmp_path / "work")
    shutil.copytree(template, folder)
    os.mkfifo(os.path.join(folder, "pipe"))
    os.symlink("loop2", os.path.join(folder, "loop"))
    os.symlink("loop", os.path.join(folder, "loop2"))
    monkeypatch.chdir(folder)
    return folder


@pytest.fixture(scope="module")
def server_url(tmp_path_factory) -> str:
    """A local HTTP server whose only file, train-labels-idx1-ubyte.gz, is not the
    official one (any other name: 404). Never the internet."""
    served = tmp_path_factory.mktemp("served")
    (served / "train-labels-idx1-ubyte.gz").write_bytes(b"not the official file\n")

    class QuietHandler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(QuietHandler, directory=str(served))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()
    thread.join()


@pytest.fixture
def closed_url() -> str:
    """A URL on 127.0.0.1 where nothing listens."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


@pytest.fixture
def no_proxy(monkeypatch):
    """Requests to 127.0.0.1 must not go through a proxy set in the environment."""
    monkeypatch.setenv("no_proxy", "*")
    monkeypatch.setenv("NO_PROXY", "*")


def make_namespace(server: str, closed: str) -> Dict[str, object]:
    X, Y = people()
    XOR, XOR_Y = xor()
    return {
        "net": make_net(),
        "soft": Network([2, 3], loss="cross_entropy", weights=[[[1, 0], [0, 1], [1, 1]]],
                        biases=[[0, 0, 0]]),
        "neuron": Neuron([0.0, 1.0], 4.0, name="h1"),
        "layer": Layer([Neuron([1.0, 1.0], name="h1"), Neuron([1.0, 1.0], name="h2")]),
        "X": X, "Y": Y, "XOR": XOR, "XOR_Y": XOR_Y,
        "closed_url": closed, "server_url": server,
        "math": math, "Network": Network, "Neuron": Neuron, "Layer": Layer,
        "SoftmaxLayer": SoftmaxLayer, "gradient_check": gradient_check, "trace": trace,
        "step_through": step_through, "random": random, "DropoutLayer": DropoutLayer,
        "save_network": save_network, "load_network": load_network,
        "read_idx_images": read_idx_images, "read_idx_labels": read_idx_labels,
        "load_idx": load_idx, "Digits": Digits, "load_bundled": load_bundled,
        "write_idx_images": write_idx_images, "write_idx_labels": write_idx_labels,
        "download_file": download_file, "load_mnist": load_mnist,
        "Adam": Adam, "SGD": SGD, "Fit": Fit, "load_extra": load_extra,
        "random_augment": random_augment, "scale": scale, "gaussian_kernel": gaussian_kernel,
        "elastic_distort": elastic_distort, "AugmentedImages": AugmentedImages,
        "stratified_split": stratified_split, "digit_as_text": digit_as_text,
    }


# %% What must not change -------------------------------------------------------------

def parameters(namespace: Dict[str, object]) -> Dict[str, object]:
    """name -> (its object, [(weights, bias) of each of its neurons]) for every
    Network, Layer and Neuron in the namespace."""
    found = {}
    for name, value in namespace.items():
        if isinstance(value, (Network, Layer)):
            neurons = value.neurons
        elif isinstance(value, Neuron):
            neurons = [value]
        else:
            continue
        numbers = []
        for neuron in neurons:
            numbers.append((list(neuron.weights), neuron.bias))
        found[name] = (value, numbers)
    return found


def folder_state(folder: str) -> Dict[str, Optional[bytes]]:
    """Every file (its bytes) and folder (None) under ``folder``, by relative path; a
    symlink as the path it points to, a FIFO as its kind (never opened: reading it
    would wait for a writer)."""
    state: Dict[str, Optional[bytes]] = {}
    for root, dirs, files in os.walk(folder):
        for name in dirs:
            state[os.path.relpath(os.path.join(root, name), folder)] = None
        for name in files:
            full = os.path.join(root, name)
            mode = os.lstat(full).st_mode
            if stat.S_ISLNK(mode):
                state[os.path.relpath(full, folder)] = b"link to " + os.readlink(full).encode()
            elif not stat.S_ISREG(mode):
                state[os.path.relpath(full, folder)] = b"special file"
            else:
                with open(full, "rb") as file:
                    state[os.path.relpath(full, folder)] = file.read()
    return state


def assert_folder_unchanged(before: Dict[str, Optional[bytes]], folder: str) -> None:
    after = folder_state(folder)
    added = sorted(set(after) - set(before))
    removed = sorted(set(before) - set(after))
    assert not added, f"left behind: {added}"
    assert not removed, f"removed: {removed}"
    for name in before:
        assert after[name] == before[name], f"{name} changed"


# %% The rows -------------------------------------------------------------------------

@pytest.mark.parametrize("row", PYTHON_ROWS, ids=[row.id for row in PYTHON_ROWS])
def test_python_call(row, workdir, server_url, closed_url, no_proxy):
    namespace = make_namespace(server_url, closed_url)
    weights_before = parameters(namespace)
    files_before = folder_state(workdir)

    with pytest.raises(Exception) as info:
        exec(compile(row.call, row.id, "exec"), namespace)

    error = info.value
    message = str(error)
    assert type(error).__name__ == row.error, f"{type(error).__name__}: {message}"
    assert _matches(message, row.message), message
    assert row.names in message
    for name, (value, numbers) in weights_before.items():
        assert parameters({name: value})[name][1] == numbers, f"{name}'s weights changed"
    assert_folder_unchanged(files_before, workdir)


def run_script(call: str, cwd: str, cache: str) -> subprocess.CompletedProcess:
    """Run ``python scripts/x.py ...`` or ``python -m module ...`` with this interpreter."""
    args = shlex.split(call)
    assert args[0] == "python", call
    if args[1] == "-m":
        command = [sys.executable] + args[1:]
    else:
        command = [sys.executable, os.path.join(ROOT, args[1])] + args[2:]
    python_path = ROOT + os.pathsep + os.environ.get("PYTHONPATH", "")
    env = dict(os.environ, PYTHONPATH=python_path, MPLBACKEND="Agg", XDG_CACHE_HOME=cache,
               no_proxy="*", NO_PROXY="*")
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=300)


@pytest.mark.parametrize("row", SCRIPT_ROWS, ids=[row.id for row in SCRIPT_ROWS])
def test_script_call(row, workdir, tmp_path):
    exit_code = re.fullmatch(r"exit (\d+)( \(traceback\))?", row.error)
    assert exit_code, f"{row.id}: the error of a script is 'exit N' or 'exit N (traceback)'"
    files_before = folder_state(workdir)

    result = run_script(row.call, workdir, str(tmp_path / "cache"))

    stderr = result.stderr
    assert result.returncode == int(exit_code.group(1)), stderr
    expected = row.message[:-3] if row.message.endswith("...") else row.message
    assert expected in stderr
    assert row.names in stderr
    ends_in_traceback = "Traceback (most recent call last)" in stderr
    assert ends_in_traceback == bool(exit_code.group(2)), stderr
    assert_folder_unchanged(files_before, workdir)


# %% The table itself -----------------------------------------------------------------

def test_the_table_has_at_least_40_rows_numbered_in_order():
    assert len(ROWS) >= 40
    numbers = [row.number for row in ROWS]
    assert numbers == list(range(1, len(ROWS) + 1))


def test_every_row_is_complete_and_every_call_different():
    calls = set()
    for row in ROWS:
        assert row.entry and row.call and row.error and row.message and row.names, row.id
        if not row.is_script:
            assert re.fullmatch(r"[A-Za-z]+", row.error), f"{row.id}: {row.error}"
        assert row.call not in calls, f"{row.id} repeats a call"
        calls.add(row.call)


ENTRY_POINTS = ["Neuron", "Neuron.forward", "Neuron.backward", "Layer", "Layer.forward",
                "Layer.backward", "Network", "Network.forward", "Network.backward",
                "Network.train", "Network.evaluate", "Network.predict",
                "Network.get_parameter", "Network.set_parameter", "gradient_check", "trace",
                "step_through",
                "save_network", "load_network", "DropoutLayer", "read_idx_images", "read_idx_labels",
                "load_idx", "download_file", "load_mnist", "Network.step",
                "Network.predict_all", "Network.load_state_dict", "SoftmaxLayer",
                "load_extra", "random_augment",
                "scale", "gaussian_kernel", "AugmentedImages", "stratified_split",
                "write_idx_images", "digit_as_text", "Fit"]


def test_every_public_entry_point_has_a_row():
    entries = set()
    for row in ROWS:
        entries.add(row.entry)
    missing = []
    for entry in ENTRY_POINTS:
        if entry not in entries:
            missing.append(entry)
    assert not missing


def _flags(path: str) -> List[str]:
    """The --flags a script's argparse parser defines."""
    with open(path, encoding="utf-8") as file:
        return re.findall(r"add_argument\(\s*[\"'](--[\w-]+)[\"']", file.read())


def _programs() -> Dict[str, str]:
    """What a row's call starts with -> the file whose flags it must cover."""
    programs = {}
    scripts = os.path.join(ROOT, "scripts")
    for name in sorted(os.listdir(scripts)):
        if name.endswith(".py"):
            programs[f"python scripts/{name}"] = os.path.join(scripts, name)
    programs["python -m datasets.download"] = os.path.join(ROOT, "datasets", "download.py")
    return programs


def test_every_flag_of_every_script_has_a_row():
    missing = []
    for program, path in _programs().items():
        used = set()
        for row in SCRIPT_ROWS:
            if row.call.startswith(program + " ") or row.call == program:
                for word in shlex.split(row.call):
                    used.add(word.split("=")[0])
        for flag in _flags(path):
            if flag not in used:
                missing.append(f"{program} {flag}")
    assert not missing


def test_the_table_parser_reads_cells_and_prefixes():
    cells = _cells("| 3 | Network | `a \\| b` | ValueError | `x: ...` | `x` |")
    assert cells == ["3", "Network", "a | b", "ValueError", "x: ...", "x"]
    assert _matches("x: the rest", "x: ...") and not _matches("y: x:", "x: ...")
    assert _matches("exact", "exact") and not _matches("exact and more", "exact")
