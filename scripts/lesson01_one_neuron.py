"""Lesson 01: one neuron.

A neuron takes inputs, multiplies each by a weight, adds a bias, and passes the sum
through an activation function:

    z      = w1*x1 + w2*x2 + b          (the weighted sum)
    output = sigmoid(z) = 1 / (1 + e^(-z))

This lesson computes the walkthrough's neuron (weights [0, 1], bias 4, inputs [2, 3])
by hand, then with the ``Neuron`` class, then tries the other activations.

Run:  python scripts/lesson01_one_neuron.py            (from the repository root)
      python scripts/lesson01_one_neuron.py --inputs 1 -2 --bias 0
Each ``# %%`` line starts a cell: VS Code, PyCharm and Jupytext open the file as a notebook.
"""
import os, sys  # put the repo root (the parent of scripts/) on the path: no install needed
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# %%
import argparse
import math
from typing import List, Optional

from neuron import ACTIVATIONS, Neuron


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


# %% [markdown]
# ## 3. Other activations
# The weighted sum z is the same; only the function applied to it changes.
# sigmoid squashes z into (0, 1); tanh into (-1, 1); relu keeps positive z and
# turns negative z into 0; identity leaves z as it is.

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


# %%
def main(argv: Optional[List[str]] = None) -> None:
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
    z = args.bias                    # the weighted sum, added up as by_hand does
    for w, x in zip(args.weights, args.inputs):
        z += w * x
    if not math.isfinite(z):
        parser.error(f"--weights, --bias and --inputs give the weighted sum z = {z}, "
                     f"which is too large for a float: use smaller numbers")
    if z < SMALLEST_Z:
        parser.error(f"--weights, --bias and --inputs give the weighted sum z = {z:g}, but "
                     f"sigmoid(z) = 1 / (1 + e^(-z)) by hand needs z >= {SMALLEST_Z:g} "
                     f"(below that e^(-z) is too large for a float)")

    print(__doc__.split("\n\n")[0])
    print()
    by_hand(args.weights, args.bias, args.inputs)
    print()
    with_the_neuron_class(args.weights, args.bias, args.inputs)
    print()
    other_activations(args.weights, args.bias, args.inputs)


if __name__ == "__main__":
    # In a notebook (Jupyter, VS Code) sys.argv holds the kernel's own flags: ignore them.
    main([] if "ipykernel" in sys.modules else None)
