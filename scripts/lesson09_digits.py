# %% [markdown]
# # Lesson 09: handwritten digits, and how to look at what a classifier gets wrong
#
# A 784-32-10 network reads a 28x28 picture of a digit as 784 inputs (pixel / 255),
# passes them through 32 ReLU neurons (relu(z) = max(0, z), lesson 01), and gives 10
# probabilities, one per digit 0..9, through a *softmax* output layer trained with the
# *cross-entropy* loss (both new: section 0); its answer is the most probable digit. It
# trains on the bundled MNIST digits (`datasets.mnist`: 4,000 to train on, 1,000 held
# out) for two epochs with plain gradient descent, one digit per step (lesson 05's
# training), or is loaded from a file with `--model`. Then the lesson looks at the
# held-out digits:
#
# * accuracy, and the confusion matrix: row i, column j counts the digits i that
#   the network called j (the right answers are on the diagonal);
# * the mistakes made most often, with one of them drawn in characters;
# * pictures: a grid of random held-out digits with predicted and true labels, the
#   confusion matrix, examples of the most confused pairs, and each hidden neuron's
#   784 weights drawn as a 28x28 image (which pixels push it up or down).
#
# **How to run it.** As a notebook: `scripts/notebooks/lesson09_digits.ipynb` (Jupyter,
# VS Code), after `python -m pip install -e .` in the repository's folder. As a script,
# from the repository's folder: `python scripts/lesson09_digits.py` (the pictures go to
# `plots/`), or `python scripts/lesson09_digits.py --model models/mnist.json` to look at
# the network `scripts/train_mnist.py` saved (`--help` lists the settings).

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
import random
import time
from typing import Dict, List, Optional

from datasets.mnist import load_bundled_split
from network import Network, plots
from network.fast import FastNetwork
from network.layer import softmax
from network.losses import get_loss
from network.saving import load_network, save_network

# %% [markdown]
# ## Settings
# In a notebook the lesson uses the defaults (give flags as a list to change them:
# `args = parse_flags(["--hidden", "64"])`); from the command line, the flags.


# %%
def parse_flags(argv: Optional[List[str]] = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Lesson 9: handwritten digits, and how to look at what a classifier "
                    "gets wrong.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("--model", metavar="PATH", default=None,
                        help="load this saved network (load_network) instead of training")
    parser.add_argument("--train-size", type=int, default=4000,
                        help="how many of the 4,000 training digits to train on")
    parser.add_argument("--epochs", type=int, default=2,
                        help="passes over the training digits (ignored with --model)")
    parser.add_argument("--hidden", type=int, default=32, help="ReLU neurons")
    parser.add_argument("--learning-rate", type=float, default=0.02,
                        help="of gradient descent, one digit per step")
    parser.add_argument("--seed", type=int, default=0,
                        help="seed of the starting weights, the shuffling and the "
                             "digits shown")
    parser.add_argument("--save-model", metavar="PATH", default=None,
                        help="save the trained network here (JSON)")
    parser.add_argument("--grid", type=int, default=32,
                        help="random held-out digits in the grid picture")
    parser.add_argument("--out-dir", default="plots",
                        help="folder for the pictures (in a notebook they are shown inline)")
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
                     f"written by save_network (or --save-model)")
    if args.model is not None and not os.path.isfile(args.model):
        parser.error(f"argument --model: no saved network at {args.model}; give a file "
                     f"written by save_network (or --save-model)")
    if args.save_model is not None and os.path.isdir(args.save_model):
        parser.error(f"argument --save-model: {args.save_model} is a folder; give a file "
                     f"name such as {os.path.join(args.save_model, 'digits.json')}")
    return args


# The flags come from the command line only when this file is run as a script: in a
# Jupyter kernel sys.argv holds the kernel's own flags, and a program that imports
# the file has flags of its own. Then the lesson uses its defaults.
IN_A_KERNEL = "ipykernel" in sys.modules
FROM_THE_COMMAND_LINE = __name__ == "__main__" and not IN_A_KERNEL
args = parse_flags(None if FROM_THE_COMMAND_LINE else [])
if args.model:
    print(f"The network: loaded from {args.model}")
else:
    print(f"The network: 784-{args.hidden}-10, {args.epochs} epochs of gradient descent "
          f"with learning rate {args.learning_rate:g}, one digit per step, shuffled with "
          f"seed {args.seed}")

# %% [markdown]
# ## 0. Ten outputs: softmax and cross-entropy
# The output layer has one neuron per digit. Each computes a weighted sum z_k as
# usual; *softmax* turns the ten sums into ten probabilities that add up to 1:
#
#     p_k = e^(z_k) / (e^(z_1) + ... + e^(z_10))
#
# The larger a z_k, the larger its share. The loss is the *cross-entropy*,
# L = -log(p_true): small when the network gives the true digit a high probability,
# large when it gives it a low one (lesson 07's binary cross-entropy, for ten classes).
# Together they have a simple slope: dL/dz_k = p_k - y_k, with y_k = 1 for the true
# digit and 0 for the others (`SoftmaxLayer` in `network/layer.py`). Three outputs,
# for a short example:

# %%
z = [2.0, 1.0, 0.1]
p = softmax(z)
cross_entropy = get_loss("cross_entropy")
print(f"z = {z}  ->  p = softmax(z) = [{', '.join(f'{value:.3f}' for value in p)}] "
      f"(sum {sum(p):.3f})")
for true in range(3):
    y = [0.0, 0.0, 0.0]
    y[true] = 1.0
    slopes = []
    for k in range(3):
        slopes.append(p[k] - y[k])
    print(f"  true class {true}: L = -log(p_{true}) = {cross_entropy.value(y, p):.3f}, "
          f"dL/dz = p - y = [{', '.join(f'{slope:+.3f}' for slope in slopes)}]")

# %% [markdown]
# ## 1. Data: 4,000 digits to train on, 1,000 held out (100 of each digit)


# %%
def with_article(digit: int) -> str:
    """"a 3", "an 8" (eight is the one digit whose name starts with a vowel)."""
    return f"an {digit}" if digit == 8 else f"a {digit}"


def print_digit(digits, k: int) -> None:
    """Digit k drawn in characters, without the empty rows above and below it."""
    rows = digits.as_text(k).split("\n")
    while rows and not rows[0].strip():
        rows.pop(0)
    while rows and not rows[-1].strip():
        rows.pop()
    for row in rows:
        print("    " + row)


train, held_out = load_bundled_split()
train = train.subset(range(args.train_size))
print(f"{len(train)} training digits, {len(held_out)} held-out digits. The first "
      f"held-out digit, {with_article(held_out.labels[0])}:")
print_digit(held_out, 0)

# %% [markdown]
# ## 2. The network: train a small one, or load a saved one
# `FastNetwork` (`network/fast.py`) is the same network with the same numbers: it
# skips the work that cannot change a number (the 81% of pixels that are 0, the ReLUs
# that are off), which makes it several times faster here. `tests/test_fast.py` checks
# that it ends with the very same weights as `Network`, bit for bit.


# %%
def train_network(train, hidden: int, epochs: int, learning_rate: float,
                  seed: int) -> Network:
    """A 784-hidden-10 network (ReLU, softmax + cross-entropy) trained with gradient
    descent, one shuffled digit per step; prints the loss and accuracy of each epoch."""
    net = FastNetwork([784, hidden, 10], activation="relu", loss="cross_entropy",
                      seed=seed)
    print(f"Training a 784-{hidden}-10 network ({net.count_parameters():,} weights and "
          f"biases) on {len(train)} digits, {epochs} epoch(s):")
    started = time.time()

    def after_epoch(epoch: int, metrics: Dict[str, float]) -> None:
        print(f"  epoch {epoch + 1}: loss {metrics['loss']:.3f}, "
              f"{100 * metrics['accuracy']:.1f}% of the training digits right "
              f"({time.time() - started:.0f} s so far)")

    net.train(train.images, train.labels, epochs=epochs, learning_rate=learning_rate,
              shuffle=True, seed=seed, on_epoch_end=after_epoch)
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
    sizes = "-".join(str(size) for size in net.sizes)
    print(f"Loaded a {sizes} network ({net.count_parameters():,} weights and biases) "
          f"from {path}")
    if net.preprocess == "deskew":     # the trainer's default: network/preprocessing.py
        print("It deskews every digit (stands it upright) before its first layer, so "
              "its hidden neurons' weights below are drawn as it sees digits.")
    return net


if args.model:
    net = load_digit_network(args.model)
else:
    net = train_network(train, args.hidden, args.epochs, args.learning_rate, args.seed)
    if args.save_model:
        save_network(net, args.save_model)
        print(f"Saved the network to {args.save_model}")

# %% [markdown]
# ## 3. Every held-out digit: accuracy and the confusion matrix


# %%
def print_confusion_matrix(matrix: List[List[int]]) -> None:
    print("Confusion matrix (rows: true digit, columns: predicted digit):")
    print("        " + "".join(f"{j:5d}" for j in range(len(matrix))))
    for i, row in enumerate(matrix):
        print(f"  true {i}" + "".join(f"{count:5d}" for count in row))


predictions = []
for image in held_out.images:
    predictions.append(net.predict_class(image))
labels = held_out.labels
right = 0
for true, predicted in zip(labels, predictions):
    right += true == predicted
print(f"Held-out digits: {right} of {len(labels)} right "
      f"({100 * right / len(labels):.1f}%)")
print_confusion_matrix(plots.confusion_matrix(labels, predictions))

# %% [markdown]
# ## 4. The most frequent mistakes

# %%
pairs = plots.most_confused_pairs(labels, predictions, top=3)
print("Most frequent mistakes:")
for true, predicted, count in pairs:
    times = "once" if count == 1 else f"{count} times"
    print(f"  {with_article(true)} taken for {with_article(predicted)}: {times}")
if pairs:
    true, predicted, _count = pairs[0]
    for k in range(len(labels)):
        if labels[k] == true and predictions[k] == predicted:
            print(f"One {true} that the network called {with_article(predicted)} "
                  f"(held-out digit {k}):")
            print_digit(held_out, k)
            break

# %% [markdown]
# ## 5. Pictures
# A grid of random held-out digits with the network's answers (wrong ones in red,
# with the true digit); the confusion matrix (right answers on the diagonal in blue,
# mistakes in orange, each with its own colour bar, since the mistakes are far fewer);
# the most frequent mistakes; and the first layer's weights, one 28 x 28 image per
# hidden neuron on one colour scale: green where a bright pixel raises the neuron's z,
# purple where it lowers it. A ReLU that is off for every training digit is "dead":
# it never gets a gradient, so its weights are still the random numbers it started
# with. The pixels that are blank in every digit (the border) never change any weight
# either, which is why every picture has a speckled frame.


# %%
def show(figure, name: str) -> None:
    """In a notebook: the picture under this cell. As a script: a PNG in --out-dir."""
    path = plots.show_or_save(figure, os.path.join(args.out_dir, name))
    if path:
        print(f"Saved {path}")


if not plots.matplotlib_available():
    print(plots.MISSING_HINT)
else:
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
    show(plots.digit_grid_figure(grid_images, grid_labels, grid_predictions,
                                 title="Random held-out digits"), "lesson09_digits.png")
    show(plots.confusion_matrix_figure(labels, predictions), "lesson09_confusion.png")
    show(plots.confused_pairs_figure(wrong_images, wrong_labels, wrong_predictions),
         "lesson09_confused_pairs.png")
    show(plots.hidden_weights_figure(net, X=train.images), "lesson09_hidden_weights.png")
