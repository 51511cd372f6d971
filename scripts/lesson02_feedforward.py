# %% [markdown]
# # Lesson 02: feeding forward through a network of neurons
#
# The walkthrough's network has 2 inputs (x1, x2), a hidden layer of 2 neurons (h1, h2)
# and 1 output neuron (o1). Each neuron is lesson 01's neuron; the hidden neurons read
# the inputs, the output neuron reads the hidden neurons' outputs:
#
#     h1 = sigmoid(w1*x1 + w2*x2 + b1)
#     h2 = sigmoid(w3*x1 + w4*x2 + b2)
#     o1 = sigmoid(w5*h1 + w6*h2 + b3)
#
# With every neuron's weights [0, 1] (w1 = w3 = w5 = 0, w2 = w4 = w6 = 1), every bias 0,
# and input [2, 3]: h1 = h2 = 0.9526 and o1 = 0.7216. This lesson computes that by hand,
# then with three Neuron objects wired together, then with the Network class.
#
# **How to run it.** As a notebook: `scripts/notebooks/lesson02_feedforward.ipynb`
# (Jupyter, VS Code), after `python -m pip install -e .` in the repository's folder.
# As a script, from the repository's folder: `python scripts/lesson02_feedforward.py`,
# or `python scripts/lesson02_feedforward.py --inputs -2 -1` (`--help` lists the settings).

# %%
import os
import sys

if "__file__" in globals():      # run as a file: the library is the folder above scripts/
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
try:
    import network  # noqa: F401  (the library: is it installed?)
except ModuleNotFoundError as missing:
    if missing.name != "network":
        raise
    raise ModuleNotFoundError("This lesson needs the project's library. In the repository's "
                              "folder run:  python -m pip install -e .  then restart the "
                              "kernel.") from None

import argparse
import math
from typing import List, Optional

from network import Network
from neuron import Neuron

# The walkthrough's parameters: every neuron has weights [0, 1] and bias 0.
WEIGHTS = [0.0, 1.0]
BIAS = 0.0


def sigmoid(z: float) -> float:
    """1 / (1 + e^(-z))."""
    return 1.0 / (1.0 + math.exp(-z))

# %% [markdown]
# ## Settings
# The input [x1, x2]. In a notebook the lesson uses the default (give flags as a
# list to change it: `parse_flags(["--inputs", "-2", "-1"])`); from the command line,
# the flags.


# %%
def finite_number(text: str) -> float:
    """argparse type of the numbers: a finite float (nan and inf cannot go through a
    neuron: Neuron.forward refuses them)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a finite number, got {text}") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"must be a finite number, got {text}")
    return value


# The by-hand sigmoid is 1 / (1 + e^(-z)): e^(-z) is too large for a float (at most
# about 1.8e308, e^709.78) when z < -709, and math.exp raises OverflowError.
SMALLEST_Z = -709.0


def parse_flags(argv: Optional[List[str]] = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Lesson 02: feedforward through the 2-2-1 network.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("--inputs", type=finite_number, nargs=2, default=[2.0, 3.0],
                        metavar=("X1", "X2"), help="the two inputs x1 x2")
    args = parser.parse_args(argv)
    x1, x2 = args.inputs
    z_hidden = WEIGHTS[0] * x1 + WEIGHTS[1] * x2 + BIAS     # h1's and h2's weighted sum
    if z_hidden < SMALLEST_Z:
        parser.error(f"--inputs {x1:g} {x2:g} give h1 and h2 the weighted sum z = "
                     f"{z_hidden:g}, but sigmoid(z) = 1 / (1 + e^(-z)) by hand needs "
                     f"z >= {SMALLEST_Z:g} (below that e^(-z) is too large for a float)")
    return args


# The flags come from the command line only when this file is run as a script: in a
# Jupyter kernel sys.argv holds the kernel's own flags, and a program that imports
# the file has flags of its own. Then the lesson uses its defaults.
IN_A_KERNEL = "ipykernel" in sys.modules
FROM_THE_COMMAND_LINE = __name__ == "__main__" and not IN_A_KERNEL
args = parse_flags(None if FROM_THE_COMMAND_LINE else [])
print(f"inputs x1, x2 = {args.inputs}")

# %% [markdown]
# ## 1. By hand
# Three weighted sums and three sigmoids. The output layer's inputs are the hidden
# layer's outputs: that is all "feedforward" means.


# %%
def by_hand(x: List[float]) -> float:
    """h1, h2, o1 with plain arithmetic; returns o1."""
    print("1. By hand")
    w1, w2, b1 = WEIGHTS[0], WEIGHTS[1], BIAS
    w3, w4, b2 = WEIGHTS[0], WEIGHTS[1], BIAS
    w5, w6, b3 = WEIGHTS[0], WEIGHTS[1], BIAS
    x1, x2 = x
    z_h1 = w1 * x1 + w2 * x2 + b1
    h1 = sigmoid(z_h1)
    print(f"   h1 = sigmoid(w1*x1 + w2*x2 + b1) = sigmoid({w1:g}*{x1:g} + {w2:g}*{x2:g} + "
          f"{b1:g}) = sigmoid({z_h1:g}) = {h1:.4f}")
    z_h2 = w3 * x1 + w4 * x2 + b2
    h2 = sigmoid(z_h2)
    print(f"   h2 = sigmoid(w3*x1 + w4*x2 + b2) = sigmoid({w3:g}*{x1:g} + {w4:g}*{x2:g} + "
          f"{b2:g}) = sigmoid({z_h2:g}) = {h2:.4f}")
    z_o1 = w5 * h1 + w6 * h2 + b3
    o1 = sigmoid(z_o1)
    print(f"   o1 = sigmoid(w5*h1 + w6*h2 + b3) = sigmoid({w5:g}*{h1:.4f} + {w6:g}*{h2:.4f} + "
          f"{b3:g}) = sigmoid({z_o1:.4f}) = {o1:.4f}")
    return o1


o1_by_hand = by_hand(args.inputs)

# %% [markdown]
# ## 2. Three Neuron objects, wired by hand
# The hidden neurons' outputs become the output neuron's inputs.


# %%
def with_neurons(x: List[float]) -> float:
    """Neuron h1, h2 on x; Neuron o1 on [h1, h2]; returns o1."""
    print("2. Three Neuron objects")
    h1 = Neuron(WEIGHTS, BIAS, name="h1")
    h2 = Neuron(WEIGHTS, BIAS, name="h2")
    o1 = Neuron(WEIGHTS, BIAS, name="o1")
    hidden_outputs = [h1.forward(x), h2.forward(x)]
    output = o1.forward(hidden_outputs)
    for neuron in (h1, h2, o1):
        print(f"   {neuron!r}: z = {neuron.z:.4f}, output = {neuron.output:.4f}")
    return output


o1_neurons = with_neurons(args.inputs)

# %% [markdown]
# ## 3. The Network class
# `Network([2, 2, 1])` builds the same three neurons, names them h1, h2, o1, and
# numbers their weights w1..w6 and biases b1..b3. `weights[layer][neuron]` sets
# every weight explicitly (without it they start random).


# %%
def with_the_network(x: List[float]) -> Network:
    """Network([2, 2, 1]) with the walkthrough's weights; prints every neuron."""
    print("3. The Network class")
    net = Network([2, 2, 1],
                  weights=[[WEIGHTS, WEIGHTS],    # layer 1: h1, h2
                           [WEIGHTS]],            # layer 2: o1
                  biases=[[BIAS, BIAS], [BIAS]])
    print(f"   {net!r}")
    y_pred = net.forward(x)
    for layer_number, layer in enumerate(net.layers, start=1):
        print(f"   layer {layer_number}: {layer!r}")
        for neuron in layer.neurons:
            names = ", ".join(net.weight_names[neuron.name])
            print(f"      {neuron.name}: weights {names} = {neuron.weights}, "
                  f"bias {net.bias_names[neuron.name]} = {neuron.bias:g}; "
                  f"z = {neuron.z:.4f}, output = {neuron.output:.4f}")
    print(f"   net.forward({x}) = [{y_pred[0]:.4f}]   ({y_pred[0]!r})")
    return net


net = with_the_network(args.inputs)

# %% [markdown]
# ## 4. The three ways agree
# The same arithmetic three times: the numbers agree to the last digits (the Neuron
# adds the bias first, z = b + w1*x1 + w2*x2, so they may differ by rounding).

# %%
o1_network = net.layers[-1].outputs[0]
print(f"o1 = {o1_by_hand!r} (by hand), {o1_neurons!r} (Neurons), "
      f"{o1_network!r} (Network)")
if not (math.isclose(o1_by_hand, o1_neurons, rel_tol=1e-12)
        and math.isclose(o1_by_hand, o1_network, rel_tol=1e-12)):
    sys.exit("The three ways disagree: something is wrong in neuron/ or network/")
print("All three agree.")
