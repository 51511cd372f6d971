"""Lessons 01-04 run as a learner runs them and print the hand-worked numbers.

Each script runs in a fresh interpreter (the one running the tests, so PyPy tests
PyPy), from the repository root, exactly as `python scripts/lessonNN_....py`.
The expected numbers are worked out here from their formulas, not taken from the code.
"""
from __future__ import annotations

import math
import os
import subprocess
import sys
from typing import Sequence

import pytest

from network import Network

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCRIPTS = os.path.join(REPO_ROOT, "scripts")
LESSONS = ["lesson01_one_neuron.py", "lesson02_feedforward.py", "lesson03_loss.py",
           "lesson04_backprop_by_hand.py"]


def run_lesson(script: str, args: Sequence[str] = (), cwd: str = REPO_ROOT) -> str:
    """Run scripts/<script> with the test's Python; fail with its output if it fails."""
    completed = subprocess.run([sys.executable, os.path.join(SCRIPTS, script), *args],
                               cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               universal_newlines=True, timeout=120)
    assert completed.returncode == 0, (
        f"{script} exited with {completed.returncode}\n"
        f"stdout:\n{completed.stdout}\nstderr:\n{completed.stderr}")
    return completed.stdout


def sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


def test_lesson01_one_neuron():
    out = run_lesson("lesson01_one_neuron.py")
    # Neuron([0, 1], 4) on [2, 3]: z = 0*2 + 1*3 + 4 = 7, sigmoid(7) = 0.999.
    assert "z = w1*x1 + w2*x2 + b = 0*2 + 1*3 + 4 = 7" in out
    assert "= 0.999 " in out
    assert repr(sigmoid(7.0)) in out
    assert "neuron.z = 7," in out
    # The other activations of z = 7: relu(7) = identity(7) = 7, tanh(7) = 0.999998.
    assert f"{math.tanh(7.0):.6g}" in out
    for name in ("sigmoid", "relu", "tanh", "identity"):
        assert name in out


def test_lesson01_flags():
    out = run_lesson("lesson01_one_neuron.py", ["--inputs", "1", "-2", "--bias", "0"])
    # z = 0*1 + 1*(-2) + 0 = -2
    assert "= -2" in out
    assert f"{sigmoid(-2.0):.3f}" in out


def test_lesson02_feedforward():
    out = run_lesson("lesson02_feedforward.py")
    # Every weight [0, 1], bias 0, input [2, 3]: h1 = h2 = sigmoid(3), o1 = sigmoid(h2).
    h = sigmoid(3.0)
    o1 = sigmoid(h)
    assert f"{h:.4f}" == "0.9526" and f"{o1:.4f}" == "0.7216"
    assert "h1 = sigmoid(w1*x1 + w2*x2 + b1) = sigmoid(0*2 + 1*3 + 0) = sigmoid(3) = 0.9526" in out
    assert "h2 = sigmoid(w3*x1 + w4*x2 + b2) = sigmoid(0*2 + 1*3 + 0) = sigmoid(3) = 0.9526" in out
    assert "sigmoid(0.9526) = 0.7216" in out
    assert "net.forward([2.0, 3.0]) = [0.7216]" in out
    assert "All three agree." in out


def test_lesson03_loss():
    out = run_lesson("lesson03_loss.py")
    # ((1-0)^2 + 0 + 0 + (1-0)^2) / 4 = 0.5
    assert "MSE = 2 / 4 = 0.5" in out
    assert "network.losses.mse(y_true, y_pred) = 0.5" in out
    # The by-hand mean and Network.evaluate are printed side by side (the script exits
    # non-zero if they differ): read the two numbers back and compare them here too.
    by_hand = evaluated = None
    for line in out.splitlines():
        if "loss (MSE over the 4 people)" in line:
            by_hand = float(line.rsplit("=", 1)[1])
        if "net.evaluate(X, Y)['loss'] =" in line:
            evaluated = float(line.rsplit("=", 1)[1])
    assert by_hand is not None and by_hand == evaluated
    # Both come from the network's own forward pass; work the loss out here instead,
    # from the untrained network's weights (the script's: init "normal", seed 0) and
    # the walkthrough's formulas: h1 = sigmoid(w1*x1 + w2*x2 + b1), h2 likewise,
    # y_pred = sigmoid(w5*h1 + w6*h2 + b3), loss = the mean of (y_true - y_pred)^2.
    w = Network([2, 2, 1], init="normal", seed=0).get_parameter
    people = [("Alice", [-2.0, -1.0], 1.0), ("Bob", [25.0, 6.0], 0.0),
              ("Charlie", [17.0, 4.0], 0.0), ("Diana", [-15.0, -6.0], 1.0)]
    total = 0.0
    for name, (x1, x2), y_true in people:
        h1 = sigmoid(w("w1") * x1 + w("w2") * x2 + w("b1"))
        h2 = sigmoid(w("w3") * x1 + w("w4") * x2 + w("b2"))
        y_pred = sigmoid(w("w5") * h1 + w("w6") * h2 + w("b3"))
        total += (y_true - y_pred) ** 2
        # Each person's row ends with y_pred and the squared error, to 4 decimals.
        rows = []
        for line in out.splitlines():
            if line.split()[:1] == [name]:
                rows.append(line.split())
        assert len(rows) == 1, name
        assert rows[0][-2:] == [f"{y_pred:.4f}", f"{(y_true - y_pred) ** 2:.4f}"], name
    assert f"{by_hand:.4f}" == f"{total / 4:.4f}"
    assert f"= {total:.4f} / 4 = {total / 4:.4f}" in out


def test_lesson04_backprop_by_hand():
    out = run_lesson("lesson04_backprop_by_hand.py")
    # Alice, every weight 1, bias 0, x = [-2, -1], y = 1 (see tests/test_trace.py).
    w1_line = ("dL/dw1 = dL/dy_pred * dy_pred/dh1 * dh1/dw1 = "
               "(-0.9526) * (0.2494) * (-0.09035) = 0.02147")
    assert out.count(w1_line) == 2            # once by hand, once in the trace
    assert "dL/dy_pred = -2 * (y_true - y_pred) = -0.9526" in out
    assert "y_pred = o1 = sigmoid(z_o1) = sigmoid(0.09485) = 0.5237" in out
    assert "w1 <- w1 - 0.1 * dL/dw1 = 1 - 0.1 * (0.02147) = 0.997853" in out
    # The printed digits are the walkthrough's formulas at 4 significant digits
    # (6 for the update): h1 = sigmoid(-3), y_pred = sigmoid(w5*h1 + w6*h2) = sigmoid(2*h1),
    # dL/dy_pred = -2 (1 - y_pred), dy_pred/dh1 = w5 y_pred (1 - y_pred),
    # dh1/dw1 = x1 h1 (1 - h1), dL/dw1 = their product.
    h1 = sigmoid(-3.0)
    y_pred = sigmoid(2.0 * h1)
    d_l_d_y_pred = -2.0 * (1.0 - y_pred)
    d_y_pred_d_h1 = 1.0 * y_pred * (1.0 - y_pred)
    d_h1_d_w1 = -2.0 * h1 * (1.0 - h1)
    d_l_d_w1 = d_l_d_y_pred * d_y_pred_d_h1 * d_h1_d_w1
    printed = [f"{2.0 * h1:.4g}", f"{y_pred:.4g}", f"{d_l_d_y_pred:.4g}", f"{d_y_pred_d_h1:.4g}",
               f"{d_h1_d_w1:.4g}", f"{d_l_d_w1:.4g}", f"{1.0 - 0.1 * d_l_d_w1:.6g}"]
    assert printed == ["0.09485", "0.5237", "-0.9526", "0.2494", "-0.09035", "0.02147",
                       "0.997853"]
    assert "By hand and the Network agree" in out
    assert "PASSED" in out


@pytest.mark.parametrize("script", LESSONS)
def test_lessons_show_help(script):
    out = run_lesson(script, ["--help"])
    assert "default" in out


@pytest.mark.parametrize("script", LESSONS)
def test_lessons_run_from_another_directory(script, tmp_path):
    run_lesson(script, cwd=str(tmp_path))
