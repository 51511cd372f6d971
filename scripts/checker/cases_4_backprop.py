"""Exercise 4: the chain rule through one neuron, Neuron.backprop.

Your ``backprop(neuron, d_loss_d_output)`` replaces Neuron.backprop. The replacement
stores ``neuron.d_loss_d_output`` and clears d_output_d_z and d_loss_d_z first (so a
value you did not store shows as None), and afterwards makes sure your code left the
neuron's inputs, weights and bias as they were. What the neuron sends back to its
inputs, dL/dxi, is not yours to compute here: the layer sums it (exercise 5).

The cases: a sigmoid neuron by hand, the same neuron with two samples before
zero_grad (+= not =), a tanh and a ReLU neuron by hand (a backprop that always uses
the sigmoid's slope fails both), Alice's network, the 3-2-2-1 network, 2-3-1
networks with tanh and ReLU hidden neurons (each with the gradient check), and 5
epochs of training with batches of 2.
"""
from __future__ import annotations

import math
from typing import Dict, List, Optional, Sequence, Tuple

from checker.cases import Case, Exercise, check_hand_rows, network_case, training_case
from checker.comparing import show
from checker.diagnosis import Row
from checker.loading import StudentError, first_change
from checker.mistakes import (ONLY_LAST_SAMPLE, PASSED_Z_AS_OUTPUT, Mistake,
                              bias_grad_mistakes, d_loss_d_z_mistakes, slope_mistakes,
                              weight_grad_mistakes)
from checker.patching import patched
from checker.walkthrough import (ALICE_X, ALICE_Y, OTHER_X, OTHER_Y, SLOPED_X, SLOPED_Y,
                                 WIDE_OTHER_X, WIDE_OTHER_Y, WIDE_X, WIDE_Y, alice_by_hand,
                                 alice_network, other_network, other_wide_network,
                                 people_network, sloped_network, wide_network)
from datasets import people
from neuron.neuron import Neuron

REAL_FEEDFORWARD = Neuron.feedforward
REAL_BACKPROP = Neuron.backprop           # the project's own: the reference solution

Sample = Tuple[Sequence[float], float]    # (x, dL/d_output)


def solution(neuron: Neuron, d_loss_d_output: float) -> None:
    REAL_BACKPROP(neuron, d_loss_d_output)


def plug(students):
    """Inside it, every Neuron runs your backprop."""
    backprop = students["backprop"]

    def neuron_backprop(self, d_loss_d_output):
        self.d_loss_d_output = d_loss_d_output
        self.d_output_d_z = None      # so that a value you did not store shows as None
        self.d_loss_d_z = None
        kept = {"neuron.inputs": list(self.inputs), "neuron.weights": list(self.weights),
                "neuron.bias": [self.bias]}
        backprop(self, d_loss_d_output)
        grads = self.weight_grads
        if not isinstance(grads, list) or len(grads) != len(self.weights):
            raise StudentError(backprop.name, f"{backprop.name} left neuron.weight_grads as "
                                              f"{show(grads)}: it holds one dL/dwi per weight "
                                              f"({len(self.weights)} here); add into it with "
                                              f"+=, do not replace it", "changed")
        now = {"neuron.inputs": self.inputs, "neuron.weights": self.weights,
               "neuron.bias": [self.bias]}
        for name, before in kept.items():
            change = first_change(before, list(now[name]), name)
            if change:
                raise StudentError(backprop.name, f"{backprop.name} changed {name} "
                                                  f"({change}): backprop only adds into "
                                                  f"neuron.weight_grads and neuron.bias_grad "
                                                  f"(the optimizer changes the weights later)",
                                   "changed")

    return lambda: patched(Neuron, "backprop", neuron_backprop)


def _slope_mistakes(neuron: Neuron) -> List[Mistake]:
    """What d_output_d_z would be after each known mistake, at the last forward pass."""
    mistakes = []
    try:     # the derivative given z twice (the sigmoid's refuses an "output" outside 0..1)
        mistakes.append(Mistake(neuron.activation.derivative(neuron.z, neuron.z),
                                PASSED_Z_AS_OUTPUT))
    except ValueError:
        pass
    return mistakes + slope_mistakes(neuron.activation.name, neuron.z, neuron.output,
                                     in_backprop=True)


def one_neuron(students, activation: str, weights: List[float], bias: float,
               samples: Sequence[Sample], hand: Optional[Dict[str, float]] = None) -> List[Row]:
    """The project's feedforward and your backprop for each (x, dL/d_output) of
    ``samples``, without zero_grad between them: dL/dw and dL/db hold their sum."""
    expected = Neuron(weights, bias, activation, "n")
    # What dL/dwi and dL/db would be if the same mistake were made on every sample.
    weight_mistakes = [None] * len(weights)
    bias_mistakes = None
    last_weight_shares, last_bias_share = [], 0.0
    for x, d_loss_d_output in samples:
        REAL_FEEDFORWARD(expected, list(x))
        REAL_BACKPROP(expected, d_loss_d_output)
        last_weight_shares = []
        for i in range(len(weights)):
            share = weight_grad_mistakes(d_loss_d_output, expected.d_loss_d_z, weights[i], x[i])
            weight_mistakes[i] = _add(weight_mistakes[i], share)
            last_weight_shares.append(expected.d_loss_d_z * x[i])
        bias_mistakes = _add(bias_mistakes, bias_grad_mistakes(d_loss_d_output))
        last_bias_share = expected.d_loss_d_z
    with plug(students)():
        neuron = Neuron(weights, bias, activation, "n")
        for x, d_loss_d_output in samples:
            REAL_FEEDFORWARD(neuron, list(x))
            neuron.backprop(d_loss_d_output)
    hand = hand or {}
    slope = f"{activation}'(z)"
    rows = []
    for i in range(len(weights)):
        mistakes = list(weight_mistakes[i])
        if len(samples) > 1:
            mistakes.insert(0, Mistake(last_weight_shares[i], ONLY_LAST_SAMPLE))
        rows.append(Row(f"dL/dw{i + 1}", neuron.weight_grads[i], expected.weight_grads[i],
                        ["dL/dz"], mistakes, hand=hand.get(f"dL/dw{i + 1}")))
    mistakes = list(bias_mistakes)
    if len(samples) > 1:
        mistakes.insert(0, Mistake(last_bias_share, ONLY_LAST_SAMPLE))
    rows.append(Row("dL/db", neuron.bias_grad, expected.bias_grad, ["dL/dz"], mistakes,
                    hand=hand.get("dL/db")))
    rows.append(Row(slope, neuron.d_output_d_z, expected.d_output_d_z, [],
                    _slope_mistakes(expected), hand=hand.get("slope"), key="slope",
                    missing="store the slope: neuron.d_output_d_z = d_output_d_z"))
    rows.append(Row("dL/dz", neuron.d_loss_d_z, expected.d_loss_d_z, [slope],
                    d_loss_d_z_mistakes(activation, samples[-1][1]), hand=hand.get("dL/dz"),
                    missing="store it: neuron.d_loss_d_z = d_loss_d_z (the layer reads it)"))
    check_hand_rows(rows, "Neuron.backprop")
    return rows


def _add(total: Optional[List[Mistake]], share: List[Mistake]) -> List[Mistake]:
    """The mistakes of a sum: each mistake's value added over the samples."""
    if total is None:
        return share
    summed = []
    for before, now in zip(total, share):
        summed.append(Mistake(before.value + now.value, now.explanation, now.confirm))
    return summed


def cases(students) -> List[Case]:
    neuron_plug = plug(students)
    # x = [2, 4]: z = 1*2 + (-0.5)*4 + 0 = 0, output = sigmoid(0) = 0.5, slope 0.25.
    # With dL/d_output = 2: dL/dz = 2 * 0.25 = 0.5; dL/dw1 = 0.5 * 2 = 1, dL/dw2 = 0.5 * 4 = 2,
    # dL/db = 0.5.
    first = {"slope": 0.25, "dL/dz": 0.5, "dL/dw1": 1.0, "dL/dw2": 2.0, "dL/db": 0.5}
    # Then x = [-2, 2]: z = -2 - 1 = -3, output = sigmoid(-3) = 0.047426, slope 0.045177;
    # dL/d_output = 2: dL/dz = 0.090353; its shares dL/dw1 = -0.180707, dL/dw2 = 0.180707.
    h = 1.0 / (1.0 + math.exp(3.0))
    d_z = 2.0 * h * (1.0 - h)
    # The gradients add up: dL/dw1 = 1 - 0.180707 = 0.819293, dL/dw2 = 2.180707,
    # dL/db = 0.590353 (slope and dL/dz are the second sample's).
    summed = {"slope": h * (1.0 - h), "dL/dz": d_z, "dL/dw1": 1.0 + d_z * -2.0,
              "dL/dw2": 2.0 + d_z * 2.0, "dL/db": 0.5 + d_z}
    # tanh neuron, weights [1, -0.5], bias ln 2, x = [1, 2]: z = 1 - 1 + ln 2 = ln 2, and
    # tanh(ln 2) = (2 - 1/2) / (2 + 1/2) = 0.6, so the slope is 1 - 0.36 = 0.64.
    # dL/d_output = 2: dL/dz = 1.28; dL/dw1 = 1.28 * 1, dL/dw2 = 1.28 * 2 = 2.56, dL/db = 1.28.
    tanh_hand = {"slope": 0.64, "dL/dz": 1.28, "dL/dw1": 1.28, "dL/dw2": 2.56, "dL/db": 1.28}
    # ReLU neuron, weights [2, 1], bias -1, x = [1.5, -0.5]: z = 3 - 0.5 - 1 = 1.5 > 0, so
    # the slope is 1. dL/d_output = 2: dL/dz = 2; dL/dw1 = 2 * 1.5 = 3, dL/dw2 = -1, dL/db = 2.
    relu_hand = {"slope": 1.0, "dL/dz": 2.0, "dL/dw1": 3.0, "dL/dw2": -1.0, "dL/db": 2.0}
    ln2 = math.log(2.0)
    return [
        Case("One sigmoid neuron by hand: weights [1, -0.5], bias 0, x = [2, 4], "
             "dL/d_output = 2",
             lambda: one_neuron(students, "sigmoid", [1.0, -0.5], 0.0, [([2.0, 4.0], 2.0)],
                                first),
             lambda: one_neuron(students, "sigmoid", [0.6, 0.9], -0.3, [([1.0, -1.0], -1.5)])),
        Case("The same neuron, then a second sample x = [-2, 2] (dL/d_output = 2) before "
             "zero_grad: dL/dw and dL/db are the sum of both samples'",
             lambda: one_neuron(students, "sigmoid", [1.0, -0.5], 0.0,
                                [([2.0, 4.0], 2.0), ([-2.0, 2.0], 2.0)], summed),
             lambda: one_neuron(students, "sigmoid", [0.6, 0.9], -0.3,
                                [([1.0, -1.0], -1.5), ([0.5, 2.0], 0.8)])),
        Case("One tanh neuron by hand: weights [1, -0.5], bias ln 2, x = [1, 2], "
             "dL/d_output = 2",
             lambda: one_neuron(students, "tanh", [1.0, -0.5], ln2, [([1.0, 2.0], 2.0)],
                                tanh_hand),
             lambda: one_neuron(students, "tanh", [-0.7, 0.4], 0.2, [([0.4, -0.6], -1.0)])),
        Case("One ReLU neuron by hand: weights [2, 1], bias -1, x = [1.5, -0.5], "
             "dL/d_output = 2",
             lambda: one_neuron(students, "relu", [2.0, 1.0], -1.0, [([1.5, -0.5], 2.0)],
                                relu_hand),
             lambda: one_neuron(students, "relu", [0.5, -1.5], 0.25, [([2.0, -0.5], -0.5)])),
        Case("Alice in the 2-2-1 network (every weight 1, every bias 0), x = [-2, -1], "
             "y_true = 1",
             lambda: network_case(alice_network, ALICE_X, ALICE_Y, neuron_plug,
                                  alice_by_hand()),
             lambda: network_case(other_network, OTHER_X, OTHER_Y, neuron_plug,
                                  gradcheck=False)),
        Case("The 3-2-2-1 network, x = [1, -0.5, 2], y_true = 0: h1 and h2 each feed h3 "
             "and h4",
             lambda: network_case(wide_network, WIDE_X, WIDE_Y, neuron_plug),
             lambda: network_case(other_wide_network, WIDE_OTHER_X, WIDE_OTHER_Y, neuron_plug,
                                  gradcheck=False)),
        Case("A 2-3-1 network with tanh hidden neurons, x = [0.5, -1], y_true = 1",
             lambda: network_case(sloped_network("tanh"), SLOPED_X, SLOPED_Y, neuron_plug),
             lambda: network_case(sloped_network("tanh", other=True), OTHER_X, OTHER_Y,
                                  neuron_plug, gradcheck=False)),
        Case("A 2-3-1 network with ReLU hidden neurons, x = [0.5, -1], y_true = 1",
             lambda: network_case(sloped_network("relu"), SLOPED_X, SLOPED_Y, neuron_plug),
             lambda: network_case(sloped_network("relu", other=True), OTHER_X, OTHER_Y,
                                  neuron_plug, gradcheck=False)),
        Case("Training on the four people, 5 epochs, 2 samples per batch",
             lambda: training_case(people_network(0), *people(), neuron_plug, epochs=5,
                                   batch_size=2),
             lambda: training_case(people_network(1), *people(), neuron_plug, epochs=5,
                                   batch_size=2)),
    ]


EXERCISE = Exercise(
    4, "ex4_neuron_backward.py",
    "Neuron.backprop: d_output_d_z, d_loss_d_z, and dL/dwi, dL/db added in",
    ["backprop"], {"backprop": solution}, cases,
    hints={"IndexError:weights": "a neuron has one weight per input: "
                                 "for i in range(len(neuron.weights))",
           "IndexError:weight_grads": "there is one dL/dwi per weight: "
                                      "for i in range(len(neuron.weights))",
           "IndexError:inputs": "there is one input per weight: "
                                "for i in range(len(neuron.weights))",
           "TypeError": "is every name a number? neuron.z, neuron.output, "
                        "neuron.inputs[i] and d_loss_d_output are numbers"})
