"""The digit trainer survives a kill: real processes, real signals.

Each trial starts ``scripts/train_mnist.py`` in a subprocess on a few hundred digits,
stops it with SIGKILL (no cleanup of any kind runs) or SIGINT (Ctrl-C) at a chosen
moment, then checks what a user would find:

* the checkpoint on disk, if one was written, loads as a network;
* ``--resume`` finishes the run, and its weights fingerprint (SHA-256 of every
  weight's repr) equals that of a run that was never interrupted;
* afterwards no temporary file is left in the folder. A SIGKILL in the middle of a
  save leaves ".NAME.tmp" behind (no code runs after SIGKILL); the resumed run
  removes it before anything else, and the last complete checkpoint is intact.

The moments: during the first epoch (no checkpoint yet), during the second epoch,
while a checkpoint is being written (the test watches for the temporary file and
kills the trainer the moment it appears), and Ctrl-C during the second epoch.
"""
import json
import os
import signal
import subprocess
import sys
import time

import pytest

from network import Network
from network.saving import load_network

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TRAINER = os.path.join(ROOT, "scripts", "train_mnist.py")
# Hidden 64 makes the checkpoint about 1 MB of JSON, so writing it takes long enough
# to be caught in the act; 300 digits keep each epoch short.
# The progress lines ("epoch 2/3  150/300 digits ...", printed at each quarter of an
# epoch when stdout is not a terminal) tell the test where the run is.
FLAGS = ["--limit", "300", "--epochs", "3", "--hidden", "64", "--optimizer", "momentum",
         "--learning-rate", "0.01", "--dropout", "0.1", "--augment", "shift"]

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX signals")


def sigint_as_at_a_terminal():
    """In the child, before the trainer starts: SIGINT's default action. A process
    started in the background by a non-interactive shell (as CI may run the tests)
    inherits SIGINT ignored, and Python then never raises KeyboardInterrupt."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start(folder, *extra):
    return subprocess.Popen([sys.executable, TRAINER] + FLAGS
                            + ["--out", os.path.join(folder, "m.json")] + list(extra),
                            cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, preexec_fn=sigint_as_at_a_terminal)


def finish(folder, *extra):
    result = subprocess.run([sys.executable, TRAINER] + FLAGS + ["--quiet"]
                            + ["--out", os.path.join(folder, "m.json")] + list(extra),
                            cwd=folder, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def wait_for_line(process, start):
    """Read the trainer's output until a line starts with ``start``."""
    seen = []
    for line in process.stdout:
        seen.append(line)
        if line.startswith(start):
            return
    process.wait()
    pytest.fail(f"the trainer ended before printing {start!r}: {''.join(seen)}")


def fingerprint(folder):
    with open(os.path.join(folder, "m.json")) as file:
        return json.load(file)["metrics"]["fingerprint"]


def epochs_done(folder):
    """Epochs in the checkpoint on disk (0 if there is none yet)."""
    path = os.path.join(folder, "m.checkpoint.json")
    if not os.path.exists(path):
        return 0
    with open(path) as file:
        return json.load(file)["checkpoint"]["epochs_done"]


def wait_for(condition, process, what, timeout=120.0):
    deadline = time.monotonic() + timeout
    while not condition():
        if process.poll() is not None:
            pytest.fail(f"the trainer ended before {what}: {process.stdout.read()}")
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.002)


def leftovers(folder):
    return sorted(name for name in os.listdir(folder) if name.endswith(".tmp"))


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory):
    folder = str(tmp_path_factory.mktemp("straight"))
    finish(folder)
    return fingerprint(folder)


def check_and_resume(folder, uninterrupted):
    checkpoint = os.path.join(folder, "m.checkpoint.json")
    if os.path.exists(checkpoint):
        load_network(checkpoint)     # loads: the rename is all or nothing
        printed = finish(folder, "--resume")
        assert "Resuming from" in printed
    else:
        printed = finish(folder)     # nothing finished yet: start again
    assert leftovers(folder) == []
    assert fingerprint(folder) == uninterrupted
    return printed


def test_sigkill_in_the_first_epoch(tmp_path, uninterrupted):
    folder = str(tmp_path)
    process = start(folder)
    wait_for_line(process, "epoch 1/3  150/300 digits")
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert not os.path.exists(os.path.join(folder, "m.json"))
    check_and_resume(folder, uninterrupted)


def test_sigkill_in_the_second_epoch(tmp_path, uninterrupted):
    folder = str(tmp_path)
    process = start(folder)
    wait_for_line(process, "epoch 2/3  150/300 digits")
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert epochs_done(folder) >= 1 and not os.path.exists(os.path.join(folder, "m.json"))
    check_and_resume(folder, uninterrupted)


def test_sigkill_while_a_checkpoint_is_written(tmp_path, uninterrupted):
    folder = str(tmp_path)
    temporary = os.path.join(folder, ".m.checkpoint.json.tmp")
    process = start(folder)
    wait_for(lambda: os.path.exists(temporary), process, "a checkpoint being written")
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert os.path.exists(temporary)           # caught in the act: the save never finished
    before = epochs_done(folder)               # the previous complete checkpoint, if any
    assert before in (0, 1, 2)
    printed = check_and_resume(folder, uninterrupted)
    assert "Removed a half-written temporary file" in printed


def test_ctrl_c_in_the_second_epoch(tmp_path, uninterrupted):
    folder = str(tmp_path)
    process = start(folder)
    wait_for_line(process, "epoch 2/3  150/300 digits")
    process.send_signal(signal.SIGINT)
    output = process.communicate(timeout=60)[0]
    assert process.returncode == 130, output
    assert "Continue with: python scripts/train_mnist.py --resume" in output
    assert leftovers(folder) == []
    check_and_resume(folder, uninterrupted)
