"""Exercise 3: dL/dy_pred of the mean squared error, the first term of every chain rule.

Your ``mse_derivative(y_true, y_pred)`` replaces MeanSquaredError.derivative, which
Network.backprop calls first. The cases: Alice's whole backward pass (every gradient
is your number times the rest of its chain), one and two outputs worked by hand, a
network with two outputs, and 5 epochs of training.
"""
from __future__ import annotations

from typing import List

from checker.cases import Case, Exercise, check_hand_rows, network_case, training_case
from checker.diagnosis import Row
from checker.loading import number_list
from checker.mistakes import mse_slope_mistakes
from checker.patching import patched
from checker.walkthrough import (ALICE_X, ALICE_Y, OTHER_X, OTHER_Y, alice_by_hand,
                                 alice_network, other_network, people_network)
from datasets import people
from network.losses import MeanSquaredError
from network.network import Network

REAL_DERIVATIVE = MeanSquaredError.derivative   # the project's own: the reference solution


def solution(y_true, y_pred):
    return REAL_DERIVATIVE(MeanSquaredError(), y_true, y_pred)


def plug(students):
    """Inside it, MeanSquaredError.derivative is yours."""
    mse_derivative = students["mse_derivative"]

    def derivative(self, y_true, y_pred):
        return number_list(mse_derivative(y_true, y_pred), len(y_pred), mse_derivative.name,
                           "dL/dy_pred_k for every output k")

    return lambda: patched(MeanSquaredError, "derivative", derivative)


def mse_rows(students, y_true: List[float], y_pred: List[float], hand=None) -> List[Row]:
    expected = REAL_DERIVATIVE(MeanSquaredError(), y_true, y_pred)
    student = students["mse_derivative"]
    got = number_list(student(list(y_true), list(y_pred)), len(y_pred), student.name,
                      "dL/dy_pred_k for every output k")
    rows = []
    for k in range(len(y_pred)):
        name = "dL/dy_pred" if len(y_pred) == 1 else f"dL/dy_pred{k + 1}"
        rows.append(Row(name, got[k], expected[k], mistakes=mse_slope_mistakes(y_true, y_pred, k),
                        hand=hand[k] if hand else None))
    check_hand_rows(rows, "MeanSquaredError.derivative")
    return rows


def two_output_network() -> Network:
    return Network([2, 3, 2], loss="mse",
                   weights=[[[0.5, -0.3], [0.2, 0.8], [-0.6, 0.4]],
                            [[0.7, -0.2, 0.5], [-0.4, 0.6, 0.3]]],
                   biases=[[0.1, 0.0, -0.1], [0.2, -0.2]])


def other_two_output_network() -> Network:
    return Network([2, 3, 2], loss="mse",
                   weights=[[[-0.4, 0.6], [0.9, -0.2], [0.3, 0.5]],
                            [[-0.6, 0.8, 0.1], [0.5, -0.3, 0.7]]],
                   biases=[[-0.1, 0.2, 0.0], [0.1, 0.05]])


def cases(students) -> List[Case]:
    mse = plug(students)
    return [
        Case("Alice in the 2-2-1 network (every weight 1, every bias 0), x = [-2, -1], "
             "y_true = 1",
             lambda: network_case(alice_network, ALICE_X, ALICE_Y, mse, alice_by_hand()),
             lambda: network_case(other_network, OTHER_X, OTHER_Y, mse, gradcheck=False)),
        Case("One output by hand: y_true = [1], y_pred = [0.75]",
             # dL/dy_pred = -2 * (1 - 0.75) / 1 = -0.5
             lambda: mse_rows(students, [1.0], [0.75], [-2.0 * (1.0 - 0.75)]),
             lambda: mse_rows(students, [0.0], [0.3])),
        Case("Two outputs by hand: y_true = [1, 0], y_pred = [0.5, 0.25]",
             # L = ((1 - 0.5)^2 + (0 - 0.25)^2) / 2, so dL/dy_pred_k = -2 * (y_k - p_k) / 2:
             # -2 * 0.5 / 2 = -0.5 and -2 * (-0.25) / 2 = 0.25
             lambda: mse_rows(students, [1.0, 0.0], [0.5, 0.25], [-0.5, 0.25]),
             lambda: mse_rows(students, [0.0, 1.0], [0.2, 0.6])),
        Case("A 2-3-2 network with two outputs, x = [1, -1], y_true = [1, 0]",
             lambda: network_case(two_output_network, [1.0, -1.0], [1.0, 0.0], mse),
             lambda: network_case(other_two_output_network, [-0.5, 2.0], [0.0, 1.0], mse,
                                  gradcheck=False)),
        Case("Training on the four people, 5 epochs",
             lambda: training_case(people_network(0), *people(), mse, epochs=5),
             lambda: training_case(people_network(1), *people(), mse, epochs=5)),
    ]


EXERCISE = Exercise(
    3, "ex3_loss_derivative.py", "dL/dy_pred of the mean squared error",
    ["mse_derivative"], {"mse_derivative": solution}, cases,
    hints={"IndexError:y_true": "y_true and y_pred have one number per output: "
                                "for k in range(len(y_pred))",
           "IndexError:y_pred": "y_true and y_pred have one number per output: "
                                "for k in range(len(y_pred))"},
    read_again={"mse_derivative": {
        "y_true": "it is the sample's target (in training, the data set's own list)",
        "y_pred": "it is the output layer's outputs (layer.outputs)"}})
