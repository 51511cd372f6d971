"""Exercise 6: softmax, and dL/dz_k = p_k - y_k for softmax with cross entropy.

Your ``softmax(z)`` replaces the function SoftmaxLayer.feedforward calls (in
network/layer.py), and your ``d_loss_d_z(p, y_true)`` replaces the start of
SoftmaxLayer.backprop_cross_entropy: the replacement hands your list to the layer's
neurons as their dL/d_output (Layer.backprop), as the core does.

The cases: softmax and dL/dz worked by hand (z = [1000, 1000] needs max(z) taken
off first), a 2-2 softmax network by hand, a 2-3-3 network with tanh hidden neurons,
and 5 epochs of training on XOR.
"""
from __future__ import annotations

import contextlib
import math
from typing import List

from checker.cases import Case, Exercise, check_hand_rows, network_case, training_case
from checker.diagnosis import Row
from checker.loading import number_list
from checker.mistakes import cross_entropy_mistakes, softmax_mistakes
from checker.patching import patched
from datasets import xor
from network import layer as layer_module
from network.layer import Layer, SoftmaxLayer
from network.network import Network
from neuron.neuron import Neuron

REAL_SOFTMAX = layer_module.softmax        # the project's own: the reference solutions
REAL_BACKPROP_CROSS_ENTROPY = SoftmaxLayer.backprop_cross_entropy


def solution_softmax(z: List[float]) -> List[float]:
    return REAL_SOFTMAX(z)


def solution_d_loss_d_z(p: List[float], y_true: List[float]) -> List[float]:
    """The project's own dL/dz_k, read from a SoftmaxLayer whose outputs are p."""
    neurons = []
    for k in range(len(p)):
        neuron = Neuron([0.0], 0.0, "identity", f"o{k + 1}")
        neuron.inputs, neuron.z, neuron.output = [1.0], 0.0, 0.0   # as after a forward pass
        neurons.append(neuron)
    layer = SoftmaxLayer(neurons)
    layer.outputs = list(p)
    REAL_BACKPROP_CROSS_ENTROPY(layer, y_true)
    d_loss_d_z = []
    for neuron in neurons:
        d_loss_d_z.append(neuron.d_loss_d_output)
    return d_loss_d_z


def plug(students):
    """Inside it, the softmax layer uses your softmax and your d_loss_d_z."""
    softmax, d_loss_d_z = students["softmax"], students["d_loss_d_z"]

    def layer_softmax(z):
        return number_list(softmax(z), len(z), softmax.name, "p_k for every k")

    def backprop_cross_entropy(self, y_true):
        result = number_list(d_loss_d_z(self.outputs, y_true), len(self.outputs),
                             d_loss_d_z.name, "dL/dz_k for every k")
        Layer.backprop(self, result)

    @contextlib.contextmanager
    def plugged():
        with patched(layer_module, "softmax", layer_softmax), \
                patched(SoftmaxLayer, "backprop_cross_entropy", backprop_cross_entropy):
            yield
    return plugged


def softmax_rows(students, z: List[float], hand=None) -> List[Row]:
    expected = REAL_SOFTMAX(z)
    student = students["softmax"]
    got = number_list(student(list(z)), len(z), student.name, "p_k for every k")
    rows = []
    for k in range(len(z)):
        rows.append(Row(f"p{k + 1}", got[k], expected[k], mistakes=softmax_mistakes(z, k),
                        hand=hand[k] if hand else None))
    check_hand_rows(rows, "softmax")
    return rows


def cross_entropy_rows(students, p: List[float], y: List[float], hand=None) -> List[Row]:
    expected = solution_d_loss_d_z(p, y)
    student = students["d_loss_d_z"]
    got = number_list(student(list(p), list(y)), len(p), student.name, "dL/dz_k for every k")
    rows = []
    for k in range(len(p)):
        rows.append(Row(f"dL/dz_{k + 1}", got[k], expected[k],
                        mistakes=cross_entropy_mistakes(p, y, k), hand=hand[k] if hand else None))
    check_hand_rows(rows, "cross entropy")
    return rows


def by_hand_network() -> Network:
    """2 inputs, two softmax outputs: o1 weights [0, 0], o2 weights [ln 3, 0], biases 0."""
    return Network([2, 2], loss="cross_entropy",
                   weights=[[[0.0, 0.0], [math.log(3.0), 0.0]]], biases=[[0.0, 0.0]])


def other_by_hand_network() -> Network:
    return Network([2, 2], loss="cross_entropy",
                   weights=[[[0.4, -0.9], [-0.3, 0.6]]], biases=[[0.2, -0.1]])


def hidden_network() -> Network:
    return Network([2, 3, 3], activation="tanh", loss="cross_entropy",
                   weights=[[[0.5, -0.3], [0.2, 0.8], [-0.6, 0.4]],
                            [[0.7, -0.2, 0.5], [-0.4, 0.6, 0.3], [0.1, 0.9, -0.8]]],
                   biases=[[0.1, 0.0, -0.1], [0.2, -0.2, 0.0]])


def other_hidden_network() -> Network:
    return Network([2, 3, 3], activation="tanh", loss="cross_entropy",
                   weights=[[[-0.6, 0.4], [0.9, -0.1], [0.3, 0.7]],
                            [[-0.5, 0.8, 0.2], [0.6, -0.7, 0.4], [-0.3, 0.1, 0.9]]],
                   biases=[[0.0, 0.15, -0.2], [-0.1, 0.3, 0.05]])


def xor_network(seed: int):
    def make() -> Network:
        return Network([2, 4, 2], loss="cross_entropy", seed=seed)
    return make


def cases(students) -> List[Case]:
    softmax_plug = plug(students)
    third = 1.0 / 3.0
    # x = [1, 2]: z_o1 = 0*1 + 0*2 = 0, z_o2 = ln3*1 + 0*2 = ln 3.
    # p = [e^0, e^ln3] / (1 + 3) = [1/4, 3/4]; class 0, so y = [1, 0], L = -ln(1/4) = ln 4.
    # dL/dz = p - y = [-0.75, 0.75]; dL/dw = dL/dz * x: o1 -0.75, -1.5; o2 0.75, 1.5.
    hand = {"z_o1": 0.0, "z_o2": math.log(3.0), "p1": 0.25, "p2": 0.75, "L": math.log(4.0),
            "dL/dz_o1": -0.75, "dL/dz_o2": 0.75, "dL/dw1": -0.75, "dL/dw2": -1.5,
            "dL/db1": -0.75, "dL/dw3": 0.75, "dL/dw4": 1.5, "dL/db2": 0.75}
    xor_x, xor_y = xor()
    xor_classes = [int(y) for y in xor_y]
    return [
        Case("softmax by hand: z = [0, ln 3] gives [1, 3] / 4",
             lambda: softmax_rows(students, [0.0, math.log(3.0)], [0.25, 0.75]),
             lambda: softmax_rows(students, [1.0, -0.5])),
        Case("softmax by hand: z = [2, 2, 2] gives a third each",
             lambda: softmax_rows(students, [2.0, 2.0, 2.0], [third, third, third]),
             lambda: softmax_rows(students, [0.5, -1.0, 2.0])),
        Case("softmax by hand: z = [1000, 1000] gives [0.5, 0.5] (e^1000 overflows: "
             "subtract max(z) first)",
             lambda: softmax_rows(students, [1000.0, 1000.0], [0.5, 0.5]),
             lambda: softmax_rows(students, [1000.0, 999.0])),
        Case("dL/dz = p - y by hand: p = [0.25, 0.75], y = [1, 0] gives [-0.75, 0.75]",
             lambda: cross_entropy_rows(students, [0.25, 0.75], [1.0, 0.0], [-0.75, 0.75]),
             lambda: cross_entropy_rows(students, [0.6, 0.4], [0.0, 1.0])),
        Case("dL/dz = p - y by hand: p = [0.2, 0.3, 0.5], y = [0, 0, 1] gives [0.2, 0.3, -0.5]",
             lambda: cross_entropy_rows(students, [0.2, 0.3, 0.5], [0.0, 0.0, 1.0],
                                        [0.2, 0.3, 0.5 - 1.0]),
             lambda: cross_entropy_rows(students, [0.1, 0.7, 0.2], [1.0, 0.0, 0.0])),
        Case("A 2-2 softmax network by hand: o1 weights [0, 0], o2 weights [ln 3, 0], "
             "x = [1, 2], class 0",
             lambda: network_case(by_hand_network, [1.0, 2.0], 0, softmax_plug, hand,
                                  forward=True),
             lambda: network_case(other_by_hand_network, [2.0, -1.0], 1, softmax_plug,
                                  forward=True, gradcheck=False)),
        Case("A 2-3-3 network (tanh, softmax), x = [0.5, -1], class 2",
             lambda: network_case(hidden_network, [0.5, -1.0], 2, softmax_plug, forward=True),
             lambda: network_case(other_hidden_network, [-1.0, 0.5], 0, softmax_plug, forward=True,
                                  gradcheck=False)),
        Case("Training a 2-4-2 softmax network on XOR, 5 epochs",
             lambda: training_case(xor_network(0), xor_x, xor_classes, softmax_plug,
                                   epochs=5, learning_rate=0.5),
             lambda: training_case(xor_network(1), xor_x, xor_classes, softmax_plug,
                                   epochs=5, learning_rate=0.5)),
    ]


EXERCISE = Exercise(
    6, "ex6_softmax_cross_entropy.py",
    "softmax, and dL/dz_k = p_k - y_k for softmax with cross entropy",
    ["softmax", "d_loss_d_z"],
    {"softmax": solution_softmax, "d_loss_d_z": solution_d_loss_d_z}, cases,
    hints={"softmax:OverflowError": "math.exp overflowed: subtract m = max(z) from every "
                                    "z_k first; e^(z_k - m) / sum_j e^(z_j - m) is the same p_k",
           "softmax:ZeroDivisionError": "the sum is 0: subtract max(z) before math.exp, so "
                                        "that the largest term is e^0 = 1",
           "d_loss_d_z:ZeroDivisionError": "a p_k is 0: dL/dz_k = p_k - y_k needs no division",
           "IndexError:y_true": "p and y_true have one number per class: "
                                "for k in range(len(p))",
           "IndexError:p": "p and y_true have one number per class: for k in range(len(p))"},
    read_again={"d_loss_d_z": {"p": "it is the softmax layer's outputs (layer.outputs)",
                               "y_true": "it is the sample's one-hot target (in training, "
                                         "the data set's own list)"}})
