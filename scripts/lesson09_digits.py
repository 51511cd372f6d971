"""Lesson 9: handwritten digits, and how to look at what a classifier gets wrong.

A 784-32-10 network reads a 28x28 picture of a digit as 784 inputs (pixel / 255),
passes them through 32 ReLU neurons, and gives 10 probabilities (softmax), one per
digit 0..9; its answer is the most probable digit. It trains with cross-entropy
on the bundled MNIST digits (datasets.mnist: 4,000 to train on, 1,000 held out)
for a couple of epochs, which takes well under a minute, or is loaded from a
file with ``--model``. Then the script looks at the held-out digits:

* accuracy, and the confusion matrix: row i, column j counts the digits i that
  the network called j (the right answers are on the diagonal);
* the mistakes made most often, with one of them drawn in characters;
* pictures: a grid of random held-out digits with predicted and true labels,
  the confusion matrix, examples of the most confused pairs, and each hidden
  neuron's 784 weights drawn as a 28x28 image (which pixels push it up or down).

    python scripts/lesson09_digits.py
    python scripts/lesson09_digits.py --model models/mnist.json   # a saved network
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # repo root

# %% Imports
import argparse
import math
import random
import time
from typing import Dict, List

from datasets.mnist import load_bundled_split
from network import Network, plots
from network.saving import load_network, save_network


# %% Train a small network, or load a saved one
def train_network(train, hidden: int, epochs: int, learning_rate: float,
                  seed: int) -> Network:
    """A 784-hidden-10 network (ReLU, softmax + cross-entropy) trained with Adam on
    mini-batches of 10 shuffled digits; prints the loss and accuracy of each epoch."""
    net = Network([784, hidden, 10], activation="relu", loss="cross_entropy", seed=seed)
    print(f"Training {net} on {len(train)} digits, {epochs} epoch(s):")
    started = time.time()

    def after_epoch(epoch: int, metrics: Dict[str, float]) -> None:
        print(f"  epoch {epoch + 1}: loss {metrics['loss']:.3f}, "
              f"{100 * metrics['accuracy']:.1f}% of the training digits right "
              f"({time.time() - started:.0f} s so far)")

    net.train(train.images, train.labels, epochs=epochs, learning_rate=learning_rate,
              batch_size=10, shuffle=True, optimizer="adam", seed=seed,
              on_epoch_end=after_epoch)
    return net


def load_digit_network(path: str) -> Network:
    """load_network(path), stopping with a one-line error if the file is not a saved
    network or not one with 784 inputs and 10 outputs."""
    try:
        net = load_network(path)
    except ValueError as problem:       # ModelFileError: the message names the file
        raise SystemExit(f"error: {problem}") from None
    if net.sizes[0] != 784 or net.sizes[-1] != 10:
        raise SystemExit(f"error: {path}: a digit network needs 784 inputs and 10 outputs, "
                         f"this one has sizes {net.sizes}")
    print(f"Loaded {net} from {path}")
    return net


# %% Results as text
def print_digit(digits, k: int) -> None:
    """Digit k drawn in characters, without the empty rows above and below it."""
    rows = digits.as_text(k).split("\n")
    while rows and not rows[0].strip():
        rows.pop(0)
    while rows and not rows[-1].strip():
        rows.pop()
    for row in rows:
        print("    " + row)


def print_confusion_matrix(matrix: List[List[int]]) -> None:
    print("Confusion matrix (rows: true digit, columns: predicted digit):")
    print("        " + "".join(f"{j:5d}" for j in range(len(matrix))))
    for i, row in enumerate(matrix):
        print(f"  true {i}" + "".join(f"{count:5d}" for count in row))


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                     formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("--model", metavar="PATH", default=None,
                        help="load this saved network (Network.load) instead of training")
    parser.add_argument("--train-size", type=int, default=4000,
                        help="how many of the 4,000 training digits to train on")
    parser.add_argument("--epochs", type=int, default=2,
                        help="passes over the training digits (ignored with --model)")
    parser.add_argument("--hidden", type=int, default=32, help="ReLU neurons")
    parser.add_argument("--learning-rate", type=float, default=0.002, help="for Adam")
    parser.add_argument("--seed", type=int, default=0,
                        help="seed of the starting weights, the shuffling and the "
                             "digits shown")
    parser.add_argument("--save-model", metavar="PATH", default=None,
                        help="save the trained network here (JSON)")
    parser.add_argument("--grid", type=int, default=32,
                        help="random held-out digits in the grid picture")
    parser.add_argument("--out-dir", default="plots", help="folder for the pictures")
    args = parser.parse_args(argv)
    if (not 1 <= args.train_size <= 4000 or args.epochs < 0 or args.hidden < 1
            or args.grid < 1 or not args.learning_rate > 0):
        parser.error("need 1 <= --train-size <= 4000, --epochs >= 0, --hidden >= 1, "
                     "--grid >= 1 and --learning-rate > 0")
    if args.learning_rate == math.inf:
        parser.error("argument --learning-rate: must be a finite number, got inf")
    if os.path.exists(args.out_dir) and not os.path.isdir(args.out_dir):
        parser.error(f"argument --out-dir: {args.out_dir} is a file; give a folder for "
                     f"the pictures")
    # Files are checked now, not after the data is loaded or the network trained.
    if args.model is not None and os.path.isdir(args.model):
        parser.error(f"argument --model: {args.model} is a folder; give a network file "
                     f"written by Network.save (or --save-model)")
    if args.model is not None and not os.path.isfile(args.model):
        parser.error(f"argument --model: no saved network at {args.model}; give a file "
                     f"written by Network.save (or --save-model)")
    if args.save_model is not None and os.path.isdir(args.save_model):
        parser.error(f"argument --save-model: {args.save_model} is a folder; give a file "
                     f"name such as {os.path.join(args.save_model, 'digits.json')}")

    # %% Data: 4,000 digits to train on, 1,000 held out (100 of each digit)
    train, held_out = load_bundled_split()
    train = train.subset(range(args.train_size))
    print(f"{len(train)} training digits, {len(held_out)} held-out digits. The first "
          f"held-out digit, a {held_out.labels[0]}:")
    print_digit(held_out, 0)

    # %% The network
    if args.model:
        net = load_digit_network(args.model)
    else:
        net = train_network(train, args.hidden, args.epochs, args.learning_rate, args.seed)
        if args.save_model:
            save_network(net, args.save_model)
            print(f"Saved the network to {args.save_model}")

    # %% Predict every held-out digit
    predictions = []
    for image in held_out.images:
        predictions.append(net.predict_class(image))
    labels = held_out.labels
    right = 0
    for true, predicted in zip(labels, predictions):
        right += true == predicted
    print(f"\nHeld-out digits: {right} of {len(labels)} right "
          f"({100 * right / len(labels):.1f}%)")
    print_confusion_matrix(plots.confusion_matrix(labels, predictions))

    # %% The most frequent mistakes
    pairs = plots.most_confused_pairs(labels, predictions, top=3)
    print("\nMost frequent mistakes:")
    for true, predicted, count in pairs:
        print(f"  a {true} taken for a {predicted}: {count} times")
    if pairs:
        true, predicted, _count = pairs[0]
        for k in range(len(labels)):
            if labels[k] == true and predictions[k] == predicted:
                print(f"One {true} that the network called {predicted} "
                      f"(held-out digit {k}):")
                print_digit(held_out, k)
                break

    # %% Pictures
    if not plots.matplotlib_available():
        print(plots.MISSING_HINT)
        return
    rng = random.Random(args.seed)
    shown = rng.sample(range(len(labels)), min(args.grid, len(labels)))
    grid_images, grid_labels, grid_predictions = [], [], []
    for k in shown:
        grid_images.append(held_out.images[k])
        grid_labels.append(labels[k])
        grid_predictions.append(predictions[k])
    # Only the mistakes are needed for the confused pairs (and 1,000 lists of 784
    # floats would take about 25 MB).
    wrong_images, wrong_labels, wrong_predictions = [], [], []
    for k in range(len(labels)):
        if labels[k] != predictions[k]:
            wrong_images.append(held_out.images[k])
            wrong_labels.append(labels[k])
            wrong_predictions.append(predictions[k])
    out = args.out_dir
    written = [
        plots.plot_digit_grid(grid_images, grid_labels, grid_predictions,
                              os.path.join(out, "lesson09_digits.png"),
                              title="Random held-out digits"),
        plots.plot_confusion_matrix(labels, predictions,
                                    os.path.join(out, "lesson09_confusion.png")),
        plots.plot_confused_pairs(wrong_images, wrong_labels, wrong_predictions,
                                  os.path.join(out, "lesson09_confused_pairs.png")),
        plots.plot_hidden_weights(net, os.path.join(out, "lesson09_hidden_weights.png")),
    ]
    print("Pictures written:")
    for path in written:
        print(f"  {path}")


if __name__ == "__main__":
    main()
