"""Exercise 5: what a layer sends back, Layer.input_gradients.

    dL/dx_i = sum over neurons j of dL/dz_j * w_ji      (after each neuron's backprop)

Your ``input_gradients(layer)`` replaces Layer.input_gradients, which Network.backprop
calls for every layer but the first: its list is the dL/d_output of the layer before.
The replacement checks that you return one number per input and that you only read
the neurons (calling neuron.backprop again would add every dL/dw a second time).

The cases: a square layer worked by hand (identity neurons, then sigmoid ones), a
layer of three neurons on two inputs, Alice's network, the 3-2-2-1 network (h1 and
h2 each feed two neurons, whose shares add up), and 5 epochs of training.
"""
from __future__ import annotations

from typing import Dict, List, Optional

from checker.cases import Case, Exercise, check_hand_rows, network_case, training_case
from checker.diagnosis import Row
from checker.loading import StudentError, first_change, number_list
from checker.mistakes import BACKPROP_AGAIN, input_grad_mistakes
from checker.patching import patched
from checker.walkthrough import (ALICE_X, ALICE_Y, OTHER_X, OTHER_Y, WIDE_OTHER_X,
                                 WIDE_OTHER_Y, WIDE_X, WIDE_Y, alice_by_hand, alice_network,
                                 other_network, other_wide_network, people_network,
                                 wide_network)
from datasets import people
from network.layer import Layer
from neuron.neuron import Neuron

REAL_INPUT_GRADIENTS = Layer.input_gradients   # the project's own: the reference solution


def solution(layer: Layer) -> List[float]:
    return REAL_INPUT_GRADIENTS(layer)


def _state(layer: Layer) -> Dict[str, list]:
    """What input_gradients must leave as it is, neuron by neuron."""
    state = {}
    for neuron in layer.neurons:
        state[f"{neuron.name}'s weight_grads"] = list(neuron.weight_grads) + [neuron.bias_grad]
        state[f"{neuron.name}'s weights"] = list(neuron.weights) + [neuron.bias]
        state[f"{neuron.name}'s d_loss_d_z"] = [neuron.d_loss_d_z]
    return state


def plug(students):
    """Inside it, every Layer (and SoftmaxLayer) runs your input_gradients."""
    input_gradients = students["input_gradients"]

    def layer_input_gradients(self):
        before = _state(self)
        result = input_gradients(self)
        for name, values in _state(self).items():
            change = first_change(before[name], values, name.split("'s ")[1])
            if change:
                why = (BACKPROP_AGAIN if "weight_grads" in name else
                       "input_gradients only reads neuron.d_loss_d_z and neuron.weights")
                raise StudentError(input_gradients.name,
                                   f"{input_gradients.name} changed {name} ({change}): {why}",
                                   "changed")
        return number_list(result, self.n_inputs, input_gradients.name,
                           "dL/dx_i for every input i of the layer")

    return lambda: patched(Layer, "input_gradients", layer_input_gradients)


def one_layer(students, activation: str, weights: List[List[float]], x: List[float],
              d_loss_d_outputs: List[float], hand: Optional[Dict[str, float]] = None
              ) -> List[Row]:
    """A layer with one neuron per row of ``weights`` (biases 0): the project's
    feedforward and backprop, then your input_gradients."""
    def make() -> Layer:
        neurons = []
        for j, row in enumerate(weights):
            neurons.append(Neuron(row, 0.0, activation, f"h{j + 1}"))
        return Layer(neurons)

    expected = make()
    expected.feedforward(list(x))
    expected.backprop(list(d_loss_d_outputs))
    expected_inputs = REAL_INPUT_GRADIENTS(expected)
    with plug(students)():
        layer = make()
        layer.feedforward(list(x))
        layer.backprop(list(d_loss_d_outputs))
        d_loss_d_inputs = layer.input_gradients()
    hand = hand or {}
    z_names = [f"dL/dz_{neuron.name}" for neuron in expected.neurons]
    square = len(weights) == len(weights[0])
    rows = []
    for i in range(len(x)):
        shares, transposed = [], 0.0 if square else None
        for j, neuron in enumerate(expected.neurons):
            shares.append((neuron.d_loss_d_output, neuron.d_loss_d_z, neuron.weights[i], x[i]))
            if square:
                transposed += neuron.d_loss_d_z * expected.neurons[i].weights[j]
        rows.append(Row(f"dL/dx{i + 1}", d_loss_d_inputs[i], expected_inputs[i], z_names,
                        input_grad_mistakes(shares, activation, transposed),
                        hand=hand.get(f"dL/dx{i + 1}")))
    for neuron, reference, z_name in zip(layer.neurons, expected.neurons, z_names):
        rows.append(Row(z_name, neuron.d_loss_d_z, reference.d_loss_d_z,
                        hand=hand.get(z_name)))
    check_hand_rows(rows, "Layer.input_gradients")
    return rows


def cases(students) -> List[Case]:
    layer_plug = plug(students)
    square = [[1.0, 2.0], [3.0, 4.0]]           # h1: w_11 = 1, w_12 = 2; h2: w_21 = 3, w_22 = 4
    wide = [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]
    other_square = [[-0.5, 1.5], [2.5, -0.75]]        # the second points' weights
    other_wide = [[0.4, -1.3], [-2.0, 0.9], [1.1, 0.6]]
    return [
        # Identity neurons: dL/dz_j = dL/d_output_j = [1, 10].
        # dL/dx1 = 1*w_11 + 10*w_21 = 1*1 + 10*3 = 31;  dL/dx2 = 1*2 + 10*4 = 42.
        Case("A layer by hand: h1 weights [1, 2], h2 weights [3, 4], identity, "
             "x = [2, -1], dL/d_outputs = [1, 10]",
             lambda: one_layer(students, "identity", square, [2.0, -1.0], [1.0, 10.0],
                               {"dL/dx1": 31.0, "dL/dx2": 42.0, "dL/dz_h1": 1.0,
                                "dL/dz_h2": 10.0}),
             lambda: one_layer(students, "identity", other_square, [0.5, 1.5], [-2.0, 0.5])),
        # Sigmoid neurons at x = [0, 0]: z = 0, output 0.5, slope 0.25, dL/dz = [0.25, 2.5].
        # dL/dx1 = 0.25*1 + 2.5*3 = 7.75;  dL/dx2 = 0.25*2 + 2.5*4 = 10.5.
        Case("The same weights with sigmoid neurons, x = [0, 0] (slope 0.25), "
             "dL/d_outputs = [1, 10]",
             lambda: one_layer(students, "sigmoid", square, [0.0, 0.0], [1.0, 10.0],
                               {"dL/dx1": 7.75, "dL/dx2": 10.5, "dL/dz_h1": 0.25,
                                "dL/dz_h2": 2.5}),
             lambda: one_layer(students, "sigmoid", other_square, [0.5, -0.5], [2.0, -1.0])),
        # Three identity neurons on two inputs, dL/dz = [1, 10, 100]:
        # dL/dx1 = 1*1 + 10*3 + 100*5 = 531;  dL/dx2 = 1*2 + 10*4 + 100*6 = 642.
        Case("Three neurons on two inputs by hand: weights [1, 2], [3, 4], [5, 6], "
             "identity, x = [1, 1], dL/d_outputs = [1, 10, 100]",
             lambda: one_layer(students, "identity", wide, [1.0, 1.0], [1.0, 10.0, 100.0],
                               {"dL/dx1": 531.0, "dL/dx2": 642.0}),
             lambda: one_layer(students, "identity", other_wide, [0.3, -0.7], [2.0, -1.0, 0.5])),
        Case("Alice in the 2-2-1 network (every weight 1, every bias 0), x = [-2, -1], "
             "y_true = 1",
             lambda: network_case(alice_network, ALICE_X, ALICE_Y, layer_plug,
                                  alice_by_hand()),
             lambda: network_case(other_network, OTHER_X, OTHER_Y, layer_plug,
                                  gradcheck=False)),
        Case("The 3-2-2-1 network, x = [1, -0.5, 2], y_true = 0: h1 and h2 each feed h3 "
             "and h4",
             lambda: network_case(wide_network, WIDE_X, WIDE_Y, layer_plug),
             lambda: network_case(other_wide_network, WIDE_OTHER_X, WIDE_OTHER_Y, layer_plug,
                                  gradcheck=False)),
        Case("Training on the four people, 5 epochs",
             lambda: training_case(people_network(0), *people(), layer_plug, epochs=5),
             lambda: training_case(people_network(1), *people(), layer_plug, epochs=5)),
    ]


EXERCISE = Exercise(
    5, "ex5_layer_backward.py",
    "Layer.input_gradients: dL/dx_i = sum over neurons j of dL/dz_j * w_ji",
    ["input_gradients"], {"input_gradients": solution}, cases,
    hints={"IndexError:neurons": "layer.neurons has one entry per neuron j, and "
                                 "layer.n_inputs counts the inputs i: neuron j's weight on "
                                 "input i is layer.neurons[j].weights[i] (w_ji)",
           "IndexError:weights": "neuron j has one weight per input i: "
                                 "layer.neurons[j].weights[i] for i in range(layer.n_inputs)",
           "TypeError": "neuron.d_loss_d_z and neuron.weights[i] are numbers; "
                        "return a list of layer.n_inputs numbers"})
