"""Exercise 2: the slopes g'(z) of sigmoid, tanh and ReLU.

Your ``sigmoid_derivative``, ``tanh_derivative`` and ``relu_derivative`` (each called
with z and output = g(z)) replace the derivatives of the activations every Neuron
uses (neuron/activations.py). The cases: each slope at three points worked by hand,
then backprop through a sigmoid, a tanh and a ReLU network with the gradient check,
and 5 epochs of training.
"""
from __future__ import annotations

import contextlib
import math
from typing import List, Sequence, Tuple

from checker.cases import Case, Exercise, check_hand_rows, network_case, training_case
from checker.diagnosis import Row
from checker.loading import StudentError
from checker.mistakes import slope_mistakes
from checker.patching import patched
from checker.walkthrough import (ALICE_X, ALICE_Y, OTHER_X, OTHER_Y, SLOPED_X, SLOPED_Y,
                                 alice_by_hand, alice_network, other_network,
                                 people_network, sloped_network)
from datasets import people
from neuron.activations import ACTIVATIONS

FUNCTIONS = ["sigmoid_derivative", "tanh_derivative", "relu_derivative"]
# The project's own derivatives: the reference solutions.
REAL = {name: ACTIVATIONS[name].derivative for name in ("sigmoid", "tanh", "relu")}


def plug(students):
    """Inside it, every activation's derivative is yours."""
    @contextlib.contextmanager
    def plugged():
        with contextlib.ExitStack() as stack:
            for name in ("sigmoid", "tanh", "relu"):
                stack.enter_context(
                    patched(ACTIVATIONS[name], "derivative", students[f"{name}_derivative"]))
            yield
    return plugged


def slope_rows(student, name: str, points: Sequence[Tuple[str, float, float]]) -> List[Row]:
    """g'(z) at each (label, z, hand-worked slope or None) point, yours against the
    project's. Row k is also called "point k", for the second run."""
    activation = ACTIVATIONS[name].function
    rows = []
    for k, (label, z, hand) in enumerate(points):
        output = activation(z)
        expected = REAL[name](z, output)
        try:
            got = student(z, output)
        except StudentError as error:
            rows.append(Row.from_error(error))
            break
        rows.append(Row(f"{name}'({label})", got, expected, key=f"{name}' at point {k}",
                        mistakes=slope_mistakes(name, z, output), hand=hand,
                        missing=f"{student.name} returned None: return the slope"))
    check_hand_rows(rows, f"{name}_derivative")
    return rows


def cases(students) -> List[Case]:
    slopes = plug(students)
    sigmoid, tanh, relu = (students["sigmoid_derivative"], students["tanh_derivative"],
                           students["relu_derivative"])
    h1 = 1.0 / (1.0 + math.exp(3.0))          # sigmoid(-3) = 0.047426
    s2 = 1.0 / (1.0 + math.exp(-2.0))         # sigmoid(2) = 0.880797
    t_half = math.tanh(-0.5)                  # -0.462117
    t_one = math.tanh(1.0)                    # 0.761594
    return [
        Case("sigmoid'(z) = output * (1 - output), by hand",
             lambda: slope_rows(sigmoid, "sigmoid", [
                 ("0", 0.0, 0.5 * 0.5),                   # output 0.5: 0.25
                 ("-3", -3.0, h1 * (1.0 - h1)),           # 0.047426 * 0.952574 = 0.045177
                 ("2", 2.0, s2 * (1.0 - s2))]),           # 0.880797 * 0.119203 = 0.104994
             lambda: slope_rows(sigmoid, "sigmoid", [
                 ("0.5", 0.5, None), ("-1.5", -1.5, None), ("3", 3.0, None)])),
        Case("tanh'(z) = 1 - output^2, by hand",
             lambda: slope_rows(tanh, "tanh", [
                 ("0", 0.0, 1.0),                         # output 0: 1
                 ("-0.5", -0.5, 1.0 - t_half * t_half),   # 1 - 0.213552 = 0.786448
                 ("1", 1.0, 1.0 - t_one * t_one)]),       # 1 - 0.580026 = 0.419974
             lambda: slope_rows(tanh, "tanh", [
                 ("0.3", 0.3, None), ("-1.2", -1.2, None), ("0.8", 0.8, None)])),
        Case("relu'(z) = 1 if z > 0 else 0, by hand",
             lambda: slope_rows(relu, "relu", [
                 ("2", 2.0, 1.0), ("-1", -1.0, 0.0), ("0", 0.0, 0.0)]),
             lambda: slope_rows(relu, "relu", [
                 ("-0.5", -0.5, None), ("2.5", 2.5, None), ("0", 0.0, None)])),
        Case("Alice in the 2-2-1 network (sigmoid), x = [-2, -1], y_true = 1",
             lambda: network_case(alice_network, ALICE_X, ALICE_Y, slopes, alice_by_hand()),
             lambda: network_case(other_network, OTHER_X, OTHER_Y, slopes, gradcheck=False)),
        Case("A 2-3-1 network with tanh hidden neurons, x = [0.5, -1], y_true = 1",
             lambda: network_case(sloped_network("tanh"), SLOPED_X, SLOPED_Y, slopes),
             lambda: network_case(sloped_network("tanh", other=True), OTHER_X, OTHER_Y, slopes,
                                  gradcheck=False)),
        Case("A 2-3-1 network with ReLU hidden neurons, x = [0.5, -1], y_true = 1",
             lambda: network_case(sloped_network("relu"), SLOPED_X, SLOPED_Y, slopes),
             lambda: network_case(sloped_network("relu", other=True), OTHER_X, OTHER_Y, slopes,
                                  gradcheck=False)),
        Case("Training on the four people, 5 epochs",
             lambda: training_case(people_network(0), *people(), slopes, epochs=5),
             lambda: training_case(people_network(1), *people(), slopes, epochs=5)),
    ]


EXERCISE = Exercise(
    2, "ex2_activation_derivatives.py", "the slopes g'(z) of sigmoid, tanh and ReLU",
    FUNCTIONS, {"sigmoid_derivative": REAL["sigmoid"], "tanh_derivative": REAL["tanh"],
                "relu_derivative": REAL["relu"]}, cases)
