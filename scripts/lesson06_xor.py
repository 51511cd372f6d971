"""Lesson 6: XOR, and why a network needs a hidden layer.

XOR is 1 when exactly one input is 1. A single neuron draws one straight line
(w1*x1 + w2*x2 + b = 0) through the plane, and no straight line puts (0, 1) and
(1, 0) on one side and (0, 0) and (1, 1) on the other. So:

1. a lone sigmoid neuron (Network([2, 1])) trains and still gets XOR wrong;
2. a 2-4-1 network (one hidden layer of four sigmoid neurons) gets all four right.

    python scripts/lesson06_xor.py
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # repo root

# %% Imports and data
import argparse

from datasets import xor
from network import Network


# %% Train one network and show its four answers
def train_and_show(sizes, seed: int, epochs: int, learning_rate: float) -> Network:
    X, Y = xor()
    net = Network(sizes, activation="sigmoid", loss="mse", seed=seed)
    losses = net.train(X, Y, epochs=epochs, learning_rate=learning_rate)
    print(f"Network({sizes}) after {epochs} epochs, loss {losses[-1]:.4f}:")
    correct = 0
    for x, y in zip(X, Y):
        y_pred = net.predict(x)[0]
        right = (y_pred >= 0.5) == (y >= 0.5)
        correct += right
        print(f"  {x[0]:.0f} XOR {x[1]:.0f} = {y:.0f}   network says {y_pred:.3f}"
              f"   {'right' if right else 'WRONG'}")
    print(f"  {correct} of 4 right\n")
    return net


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                     formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--epochs", type=int, default=2000)
    parser.add_argument("--learning-rate", type=float, default=0.5)
    parser.add_argument("--hidden", type=int, default=4, help="hidden neurons")
    args = parser.parse_args(argv)
    if args.epochs < 0 or args.hidden < 1 or not args.learning_rate > 0:
        parser.error("need --epochs >= 0, --hidden >= 1 and --learning-rate > 0")

    # %% One neuron: a straight line cannot do it
    print("One neuron, no hidden layer:")
    train_and_show([2, 1], args.seed, args.epochs, args.learning_rate)

    # %% One hidden layer: two lines combined can
    print(f"One hidden layer of {args.hidden} neurons:")
    train_and_show([2, args.hidden, 1], args.seed, args.epochs, args.learning_rate)


if __name__ == "__main__":
    main()
