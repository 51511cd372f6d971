# %% [markdown]
# # Lesson 01: one neuron
#
# A neuron takes inputs, multiplies each by a weight, adds a bias, and passes the sum
# through an activation function:
#
#     z      = w1*x1 + w2*x2 + b          (the weighted sum)
#     output = sigmoid(z) = 1 / (1 + e^(-z))
#
# This lesson computes the walkthrough's neuron (weights [0, 1], bias 4, inputs [2, 3])
# by hand, then with the `Neuron` class, then tries the other activations.
#
# **How to run it.** As a notebook: `scripts/notebooks/lesson01_one_neuron.ipynb`
# (Jupyter, VS Code), after `python -m pip install -e .` in the repository's folder.
# As a script, from the repository's folder: `python scripts/lesson01_one_neuron.py`,
# with other numbers: `python scripts/lesson01_one_neuron.py --inputs 1 -2 --bias 0`
# (`--help` lists the settings).

# %%
import os
import sys

if "__file__" in globals():      # run as a file: the library is the folder above scripts/
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
try:
    import neuron  # noqa: F401  (the library: is it installed?)
except ModuleNotFoundError as missing:
    if missing.name != "neuron":
        raise
    raise ModuleNotFoundError("This lesson needs the project's library. In the repository's "
                              "folder run:  python -m pip install -e .  then restart the "
                              "kernel.") from None

import argparse
import math
from typing import List, Optional

from neuron import ACTIVATIONS, Neuron

# %% [markdown]
# ## Settings
# The neuron's weights, bias and inputs. In a notebook the lesson uses the defaults
# (change them by giving the flags as a list: `parse_flags(["--bias", "0"])`); from the
# command line, the flags.


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
        description="Lesson 01: one neuron, z = w*x + b, output = activation(z).",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("--weights", type=finite_number, nargs="+", default=[0.0, 1.0],
                        help="the neuron's weights w1 w2 ...")
    parser.add_argument("--bias", type=finite_number, default=4.0, help="the neuron's bias b")
    parser.add_argument("--inputs", type=finite_number, nargs="+", default=[2.0, 3.0],
                        help="the inputs x1 x2 ... (as many as weights)")
    args = parser.parse_args(argv)
    if len(args.inputs) != len(args.weights):
        parser.error(f"--inputs has {len(args.inputs)} numbers but --weights has "
                     f"{len(args.weights)}: give one input per weight")
    z = args.bias                    # the weighted sum, added up as step 1 does
    for w, x in zip(args.weights, args.inputs):
        z += w * x
    if not math.isfinite(z):
        parser.error(f"--weights, --bias and --inputs give the weighted sum z = {z}, "
                     f"which is too large for a float: use smaller numbers")
    if z < SMALLEST_Z:
        parser.error(f"--weights, --bias and --inputs give the weighted sum z = {z:g}, but "
                     f"sigmoid(z) = 1 / (1 + e^(-z)) by hand needs z >= {SMALLEST_Z:g} "
                     f"(below that e^(-z) is too large for a float)")
    return args


# The flags come from the command line only when this file is run as a script: in a
# Jupyter kernel sys.argv holds the kernel's own flags, and a program that imports
# the file has flags of its own. Then the lesson uses its defaults.
IN_A_KERNEL = "ipykernel" in sys.modules
FROM_THE_COMMAND_LINE = __name__ == "__main__" and not IN_A_KERNEL
args = parse_flags(None if FROM_THE_COMMAND_LINE else [])
print(f"weights {args.weights}, bias {args.bias:g}, inputs {args.inputs}")

# %% [markdown]
# ## 1. By hand: the weighted sum, then the sigmoid


# %%
def by_hand(weights: List[float], bias: float, inputs: List[float]) -> float:
    """z = w1*x1 + w2*x2 + b, output = 1 / (1 + e^(-z)), with plain arithmetic."""
    print("1. By hand")
    z = bias
    formula, shown = "", ""         # the sum written out: "w1*x1 + ...", "0*2 + ..."
    for i, (w, x) in enumerate(zip(weights, inputs), start=1):
        z += w * x
        formula += f"w{i}*x{i} + "
        shown += f"{w:g}*{x:g} + "
    print(f"   z = {formula}b = {shown}{bias:g} = {z:g}")
    output = 1.0 / (1.0 + math.exp(-z))
    print(f"   output = sigmoid(z) = 1 / (1 + e^(-{z:g})) = {output:.3f}   ({output!r})")
    return output


output = by_hand(args.weights, args.bias, args.inputs)

# %% [markdown]
# ## 2. The same with the Neuron class
# `forward` does the two lines above and keeps what it computed: `neuron.z`,
# `neuron.output` (and `neuron.inputs`), so you can look at them afterwards.


# %%
def with_the_neuron_class(weights: List[float], bias: float, inputs: List[float]) -> Neuron:
    """Neuron(weights, bias).forward(inputs), then the numbers it kept."""
    print("2. With the Neuron class")
    neuron = Neuron(weights, bias)
    print(f"   {neuron!r}")
    output = neuron.forward(inputs)
    print(f"   neuron.forward({inputs}) = {output:.3f}")
    print(f"   neuron.z = {neuron.z:g}, neuron.output = {neuron.output!r}")
    return neuron


neuron = with_the_neuron_class(args.weights, args.bias, args.inputs)

# %% [markdown]
# ## 3. Other activations
# The weighted sum z is the same; only the function applied to it changes.
# sigmoid squashes z into (0, 1); tanh into (-1, 1); relu keeps positive z and
# turns negative z into 0; identity leaves z as it is. Later lessons use each of
# them: tanh in hidden layers (lessons 07 and 08), relu for the digits (lesson 09),
# identity for an output that is a plain number (lesson 08).


# %%
def other_activations(weights: List[float], bias: float, inputs: List[float]) -> None:
    """The same neuron with every activation, on the inputs and on their negatives."""
    print("3. Other activations (same weights and bias)")
    negatives = []
    for x in inputs:
        negatives.append(-x)
    print(f"   {'activation':<10} {'output for ' + str(inputs):>22} "
          f"{'output for ' + str(negatives):>26}")
    for name in ACTIVATIONS:
        neuron = Neuron(weights, bias, activation=name)
        on_inputs = neuron.forward(inputs)
        on_negatives = neuron.forward(negatives)
        print(f"   {name:<10} {on_inputs:>22.6g} {on_negatives:>26.6g}")


other_activations(args.weights, args.bias, args.inputs)
