"""Exercise 1: Neuron.feedforward, z = w1*x1 + ... + wn*xn + b and output = g(z).

Your ``feedforward(neuron, inputs)`` replaces Neuron.feedforward. The replacement
keeps ``neuron.inputs`` (as the core does; backprop reads it) and clears z and the
output first, so a value you did not store shows as None. The cases: one sigmoid,
one tanh and one ReLU neuron worked by hand, Alice's forward pass in the walkthrough's
network, a 3-2-2-1 network, and 5 epochs of training with the project's backprop.
"""
from __future__ import annotations

import math
from typing import List, Sequence

from checker.cases import Case, Exercise, network_case, training_case
from checker.comparing import agrees_with_hand
from checker.diagnosis import Row
from checker.loading import CheckerError
from checker.mistakes import RETURNED_Z, Mistake, output_mistakes, z_mistakes
from checker.patching import patched
from checker.walkthrough import (ALICE_X, ALICE_Y, OTHER_X, OTHER_Y, WIDE_OTHER_X,
                                 WIDE_OTHER_Y, WIDE_X, WIDE_Y, alice_by_hand,
                                 alice_network, other_network, other_wide_network,
                                 people_network, wide_network)
from datasets import people
from neuron.neuron import Neuron

REAL_FEEDFORWARD = Neuron.feedforward     # the project's own: the reference solution


def solution(neuron: Neuron, inputs: Sequence[float]) -> float:
    return REAL_FEEDFORWARD(neuron, inputs)


def plug(students):
    """A context manager factory: inside it, every Neuron runs your feedforward."""
    feedforward = students["feedforward"]

    def neuron_feedforward(self, inputs):
        self.inputs = inputs      # kept for backprop, as Neuron.feedforward keeps it
        self.z = None             # so that a value you did not store shows as None
        self.output = None
        return feedforward(self, inputs)

    return lambda: patched(Neuron, "feedforward", neuron_feedforward)


def one_neuron(students, weights: List[float], bias: float, activation: str,
               inputs: List[float], hand_z=None, hand_output=None) -> List[Row]:
    """z, output and the return value of one neuron, yours against the project's."""
    expected = Neuron(weights, bias, activation, "n")
    expected_output = REAL_FEEDFORWARD(expected, list(inputs))
    for name, value, hand in (("z", expected.z, hand_z), ("output", expected_output,
                                                           hand_output)):
        if hand is not None and not agrees_with_hand(value, hand):
            raise CheckerError(f"Neuron.feedforward gives {name} = {value!r}, worked by "
                               f"hand {hand!r}: a bug in the core or in this checker")
    with plug(students)():
        neuron = Neuron(weights, bias, activation, "n")
        returned = neuron.feedforward(list(inputs))
    return [
        Row("z", neuron.z, expected.z, hand=hand_z,
            mistakes=z_mistakes(weights, inputs, bias, expected.z),
            missing="store the weighted sum: neuron.z = z (backprop reads it)"),
        Row("output", neuron.output, expected.output, factors=["z"], hand=hand_output,
            mistakes=output_mistakes(activation, expected.z),
            missing="store it: neuron.output = output (backprop reads it)"),
        Row("return value", returned, expected_output, factors=["output"],
            mistakes=[Mistake(expected.z, RETURNED_Z)],
            missing="end feedforward with return output"),
    ]


def cases(students) -> List[Case]:
    neuron_plug = plug(students)
    return [
        Case("One sigmoid neuron by hand: weights [0.5, -1, 2], bias 0.5, x = [2, 3, 1.25]",
             # z = 0.5*2 + (-1)*3 + 2*1.25 + 0.5 = 1 - 3 + 2.5 + 0.5 = 1
             # output = sigmoid(1) = 1 / (1 + e^-1) = 1 / 1.367879 = 0.731059
             lambda: one_neuron(students, [0.5, -1.0, 2.0], 0.5, "sigmoid", [2.0, 3.0, 1.25],
                                1.0, 1.0 / (1.0 + math.exp(-1.0))),
             lambda: one_neuron(students, [-0.3, 0.8, 1.1], -0.2, "sigmoid",
                                [1.5, -0.5, 0.4])),
        Case("One tanh neuron by hand: weights [1, -1], bias 0.5, x = [1, 2]",
             # z = 1 - 2 + 0.5 = -0.5; output = tanh(-0.5) = -0.462117
             lambda: one_neuron(students, [1.0, -1.0], 0.5, "tanh", [1.0, 2.0],
                                -0.5, math.tanh(-0.5)),
             lambda: one_neuron(students, [0.7, 0.2], -0.1, "tanh", [0.5, 1.5])),
        Case("One ReLU neuron by hand: weights [2, 1], bias -1, x = [1.5, -0.5]",
             # z = 3 - 0.5 - 1 = 1.5; output = max(0, 1.5) = 1.5
             lambda: one_neuron(students, [2.0, 1.0], -1.0, "relu", [1.5, -0.5], 1.5, 1.5),
             lambda: one_neuron(students, [0.5, -1.5], 0.25, "relu", [2.0, -0.5])),
        Case("Alice in the 2-2-1 network (every weight 1, every bias 0), x = [-2, -1], "
             "y_true = 1",
             lambda: network_case(alice_network, ALICE_X, ALICE_Y, neuron_plug,
                                  alice_by_hand(), forward=True, backward=False,
                                  gradcheck=False),
             lambda: network_case(other_network, OTHER_X, OTHER_Y, neuron_plug, forward=True,
                                  backward=False, gradcheck=False)),
        Case("The 3-2-2-1 network, x = [1, -0.5, 2]",
             lambda: network_case(wide_network, WIDE_X, WIDE_Y, neuron_plug, forward=True,
                                  backward=False, gradcheck=False),
             lambda: network_case(other_wide_network, WIDE_OTHER_X, WIDE_OTHER_Y, neuron_plug,
                                  forward=True, backward=False, gradcheck=False)),
        Case("Training on the four people, 5 epochs (your feedforward, the project's "
             "backprop)",
             lambda: training_case(people_network(0), *people(), neuron_plug, epochs=5),
             lambda: training_case(people_network(1), *people(), neuron_plug, epochs=5)),
    ]


EXERCISE = Exercise(
    1, "ex1_neuron_forward.py",
    "Neuron.feedforward: z = w1*x1 + ... + wn*xn + b, output = g(z)",
    ["feedforward"], {"feedforward": solution}, cases,
    hints={"TypeError": "is every name a number? neuron.weights[i] * inputs[i] multiplies "
                        "two numbers; neuron.activation(z) takes one",
           "IndexError:weights": "a neuron has one weight per input: "
                                 "for i in range(len(neuron.weights))",
           "IndexError:inputs": "a neuron has one input per weight: "
                                "for i in range(len(neuron.weights))"},
    read_again={"feedforward": {
        "inputs": "in a network that list is the sample x or the previous layer's outputs "
                  "(neuron.inputs), and backprop reads it for dL/dwi = dL/dz * xi"}})
