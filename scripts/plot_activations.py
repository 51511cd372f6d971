"""The activation functions g(z) and their slopes dg/dz, as a table and a picture.

A neuron's output is g(z) for its weighted sum z; in the backward pass the chain
rule multiplies by the slope dg/dz. Where the slope is near 0 (sigmoid and tanh
far from z = 0, ReLU for z < 0) almost no gradient gets through, so the weights
before that neuron barely learn. The values come from neuron.activations.

    python scripts/plot_activations.py        # prints the table, writes plots/activations.png
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # repo root

import argparse

from network import plots
from neuron import get_activation

NAMES = ("sigmoid", "relu", "tanh")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                     formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("--out-dir", default="plots", help="folder for the picture")
    args = parser.parse_args(argv)

    # The table: g(z) and dg/dz at a few z
    header = "     z"
    for name in NAMES:
        header += f"   {name + '(z)':>10} {'slope':>6}"
    print(header)
    for z in (-4.0, -2.0, -1.0, 0.0, 1.0, 2.0, 4.0):
        line = f"{z:6.1f}"
        for name in NAMES:
            activation = get_activation(name)
            output = activation(z)
            line += f"   {output:10.3f} {activation.derivative(z, output):6.3f}"
        print(line)

    # The picture
    if not plots.matplotlib_available():
        print(plots.MISSING_HINT)
        return
    path = plots.plot_activations(os.path.join(args.out_dir, "activations.png"))
    print(f"Picture written:\n  {path}")


if __name__ == "__main__":
    main()
