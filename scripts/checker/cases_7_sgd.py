"""Exercise 7: one step of gradient descent, SGD.step.

    w <- w - learning_rate * (dL/dw summed over the batch) / batch_size

Your ``sgd_step(neurons, learning_rate, batch_size)`` replaces SGD.step, which
Network.step and Network.train call (the replacement binds the optimizer to the
network first, as the core's step does). The cases: Alice's nine parameters after
one step worked by hand, one neuron whose gradients were summed over a batch of 4,
and 5 epochs of training with batches of 2. A wrong parameter is explained by how
far it moved against how far it should have.
"""
from __future__ import annotations

from typing import Callable, Dict, List, Optional, Sequence, Tuple

from checker.cases import Case, Exercise, check_hand_rows, one_pass, training_case
from checker.diagnosis import Row
from checker.loading import CheckerError
from checker.mistakes import step_mistakes
from checker.patching import patched
from checker.walkthrough import (ALICE_PARAMETERS, ALICE_X, ALICE_Y, OTHER_X, OTHER_Y,
                                 alice_by_hand, alice_network, other_network,
                                 people_network)
from datasets import people
from network.network import Network
from network.optimizers import SGD
from neuron.neuron import Neuron

REAL_STEP = SGD.step               # the project's own: the reference solution


def solution(neurons: Sequence[Neuron], learning_rate: float, batch_size: int) -> None:
    REAL_STEP(SGD(learning_rate), neurons, batch_size)


def plug(students):
    """Inside it, SGD.step is yours."""
    sgd_step = students["sgd_step"]

    def step(self, neurons, batch_size=1):
        if self.weight_decay != 0.0:
            raise CheckerError("exercise 7 does not cover weight decay")
        self.check_neurons(neurons)        # one optimizer, one network (as SGD.step)
        sgd_step(list(neurons), self.learning_rate, batch_size)

    return lambda: patched(SGD, "step", step)


def parameter_rows(before: Dict[str, float], expected: Dict[str, float],
                   got: Dict[str, float], gradients: Dict[str, float], learning_rate: float,
                   batch_size: int, hand: Optional[Dict[str, float]] = None) -> List[Row]:
    rows = []
    for name in expected:
        rows.append(Row(name, got[name], expected[name],
                        mistakes=step_mistakes(before[name], gradients[name], learning_rate,
                                               batch_size),
                        baseline=before[name], hand=hand.get(name) if hand else None))
    return rows


def neuron_parameters(neuron: Neuron) -> Dict[str, float]:
    values = {}
    for i, w in enumerate(neuron.weights):
        values[f"w{i + 1}"] = w
    values["b"] = neuron.bias
    return values


def batch_case(students, weights: List[float], bias: float, gradients: List[float],
               bias_gradient: float, learning_rate: float, batch_size: int,
               hand: Optional[Dict[str, float]] = None) -> List[Row]:
    """One neuron whose gradients hold a sum over ``batch_size`` samples, one step."""
    def make() -> Neuron:
        neuron = Neuron(weights, bias, "sigmoid", "n")
        neuron.weight_grads = list(gradients)
        neuron.bias_grad = bias_gradient
        return neuron

    expected = make()
    REAL_STEP(SGD(learning_rate), [expected], batch_size)
    with plug(students)():
        neuron = make()
        SGD(learning_rate).step([neuron], batch_size)
    summed = {"b": bias_gradient}
    for i, g in enumerate(gradients):
        summed[f"w{i + 1}"] = g
    rows = parameter_rows(neuron_parameters(make()), neuron_parameters(expected),
                          neuron_parameters(neuron), summed, learning_rate, batch_size, hand)
    check_hand_rows(rows, "SGD.step")
    return rows


def network_step_case(students, make: Callable[[], Network], x, y, learning_rate: float,
                      hand: Optional[Dict[str, float]] = None) -> List[Row]:
    """One sample's gradients in a 2-2-1 network, then net.step(learning_rate)."""
    def run(net: Network) -> Tuple[Dict[str, float], Dict[str, float]]:
        one_pass(net, x, y)
        gradients = {name: net.get_gradient(name) for name in ALICE_PARAMETERS}
        net.step(learning_rate)
        return {name: net.get_parameter(name) for name in ALICE_PARAMETERS}, gradients

    expected, gradients = run(make())
    with plug(students)():
        got, _ = run(make())
    before = {name: make().get_parameter(name) for name in ALICE_PARAMETERS}
    rows = parameter_rows(before, expected, got, gradients, learning_rate, 1, hand)
    check_hand_rows(rows, "SGD.step on Alice")
    return rows


def alice_hand() -> Dict[str, float]:
    """Alice's parameters after one step at rate 0.1, from the hand-worked gradients."""
    gradients = alice_by_hand()
    hand = {}
    for name in ALICE_PARAMETERS:
        start = 1.0 if name.startswith("w") else 0.0
        # w1 = 1 - 0.1 * 0.021470 = 0.997853, ..., b3 = 0 - 0.1 * (-0.237618) = 0.023762
        hand[name] = start - 0.1 * gradients[f"dL/d{name}"]
    return hand


def cases(students) -> List[Case]:
    sgd = plug(students)
    # w1 = 1 - 0.1 * 0.5 / 4 = 0.9875; w2 = -0.5 - 0.1 * (-2) / 4 = -0.45;
    # b = 0.25 - 0.1 * 1 / 4 = 0.225
    batch_hand = {"w1": 0.9875, "w2": -0.45, "b": 0.225}
    return [
        Case("Alice in the 2-2-1 network, one step at learning rate 0.1 (batch of 1)",
             lambda: network_step_case(students, alice_network, ALICE_X, ALICE_Y, 0.1,
                                       alice_hand()),
             lambda: network_step_case(students, other_network, OTHER_X, OTHER_Y, 0.3)),
        Case("One neuron [1, -0.5], bias 0.25, whose gradients are summed over a batch "
             "of 4: dL/dw = [0.5, -2], dL/db = 1, learning rate 0.1",
             lambda: batch_case(students, [1.0, -0.5], 0.25, [0.5, -2.0], 1.0, 0.1, 4,
                                batch_hand),
             lambda: batch_case(students, [0.4, 1.2], -0.1, [-0.8, 0.3], -0.6, 0.05, 4)),
        Case("Training on the four people, 5 epochs, 2 samples per batch",
             lambda: training_case(people_network(0), *people(), sgd, epochs=5,
                                   batch_size=2),
             lambda: training_case(people_network(1), *people(), sgd, epochs=5,
                                   batch_size=2)),
    ]


EXERCISE = Exercise(
    7, "ex7_sgd_step.py", "SGD: w <- w - learning_rate * (summed dL/dw) / batch_size",
    ["sgd_step"], {"sgd_step": solution}, cases,
    hints={"IndexError:weight_grads": "there is one dL/dwi per weight: "
                                      "for i in range(len(neuron.weights))",
           "IndexError:weights": "for i in range(len(neuron.weights)) visits every weight"})
