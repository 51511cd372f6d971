"""Classify digits with a saved model, printing each digit as text art.

    python scripts/classify_digits.py models/mnist.json              # 5 held-out digits
    python scripts/classify_digits.py models/mnist.json --count 10 --seed 3
    python scripts/classify_digits.py models/mnist.json --index 17   # one particular digit

The digits come from the bundled subset's 1,000 held-out digits (the same split the
trainer used, from the seed stored in the model file), so the model never saw them.
A model that deskews its inputs (the trainer's default, --preprocess deskew) shows
each digit twice: as written, and stood upright as its first layer sees it.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # repo root

# %% Imports
import argparse
import random

from datasets.mnist import digit_as_text, load_bundled_split
from network import Network
from network.preprocessing import PREPROCESSORS
from network.saving import load_extra, load_network

HELD_OUT = 1000   # digits the trainer holds out of the bundled 5,000 (n_test)


def load_digit_model(path: str) -> Network:
    """load_network, plus a check that it maps 784 pixels to 10 digits."""
    if not os.path.exists(path):
        raise SystemExit(f"error: no model at {path}: train one with python scripts/train_mnist.py")
    try:
        net = load_network(path)
    except ValueError as problem:
        raise SystemExit(f"error: {problem}") from None
    if net.sizes[0] != 784 or net.sizes[-1] != 10:
        raise SystemExit(f"error: {path} is a network of sizes {net.sizes}; a digit classifier "
                         f"needs 784 inputs (28x28 pixels) and 10 outputs (digits 0-9)")
    return net


def split_seed_of(path: str) -> int:
    """The seed the trainer split the bundled digits with (stored in the model file's
    config; 0 if the file has none)."""
    config = load_extra(path).get("config", {})
    seed = config.get("seed", 0) if isinstance(config, dict) else 0
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise SystemExit(f"error: {path}: config.seed is {seed!r}, expected a whole number "
                         f"(the seed of the train/held-out split)")
    return seed


def show(net: Network, pixels: bytes, floats, label: int) -> bool:
    """Print the digit's text art with the network's answer beside it; True if right."""
    probabilities = net.predict(floats)
    predicted = net.predict_class(floats)
    ranked = sorted(range(10), key=lambda k: -probabilities[k])
    notes = [f"true digit:  {label}",
             f"predicted:   {predicted}   {'right' if predicted == label else 'WRONG'}",
             ""]
    for k in ranked[:3]:
        notes.append(f"  p({k}) = {probabilities[k]:6.1%}")
    art = digit_as_text(pixels).splitlines()
    if net.preprocess is not None:     # and as the first layer sees it
        seen = digit_as_text(PREPROCESSORS[net.preprocess](floats)).splitlines()
        print(f"{'as written':<{len(art[0])}}   {'as the network sees it (' + net.preprocess + ')'}")
        art = [f"{line} | {line_seen}" for line, line_seen in zip(art, seen)]
    for row, line in enumerate(art):
        note = notes[row - 10] if 10 <= row < 10 + len(notes) else ""
        print(f"{line}   {note}")
    print()
    return predicted == label


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                     formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("model", nargs="?", default=os.path.join("models", "mnist.json"),
                        help="a model saved by train_mnist.py")
    parser.add_argument("--count", type=int, default=5, help="how many random held-out digits")
    parser.add_argument("--seed", type=int, default=0, help="which random digits")
    parser.add_argument("--index", type=int, default=None,
                        help="show this held-out digit (0-999) instead of random ones")
    args = parser.parse_args(argv)
    # Checked before anything is loaded: the held-out part always has HELD_OUT digits.
    if not 1 <= args.count <= HELD_OUT:
        parser.error(f"argument --count: must be a whole number from 1 to {HELD_OUT} "
                     f"(the held-out digits), got {args.count}")
    if args.index is not None and not 0 <= args.index < HELD_OUT:
        parser.error(f"argument --index: must be a whole number from 0 to {HELD_OUT - 1} "
                     f"(a held-out digit), got {args.index}")

    net = load_digit_model(args.model)
    split_seed = split_seed_of(args.model)
    _, held_out = load_bundled_split(n_test=HELD_OUT, seed=split_seed)
    if args.index is not None:
        indices = [args.index]
    else:
        indices = random.Random(args.seed).sample(range(len(held_out)), args.count)
    right = 0
    for i in indices:
        print(f"held-out digit {i}:")
        right += show(net, held_out.pixels(i), held_out.images[i], held_out.labels[i])
    print(f"{right} of {len(indices)} right")
    return 0


if __name__ == "__main__":
    sys.exit(main())
