# %% [markdown]
# # Lesson 12: why data augmentation helps: new training digits made from the ones we have
#
# A network that sees the same training digits every epoch soon knows them by heart:
# 100% right on them, and no better on digits it has never seen. A digit moved by a
# pixel or two, turned a little or made a little larger is still the same digit, so
# every epoch we can show the network a fresh random copy of each training digit
# (`datasets/augment.py`). It never sees the same picture twice, so it cannot memorize
# pictures: it has to learn what makes a 3 a 3.
#
# 1. One digit and its copies, drawn with characters, and (with matplotlib) a grid of
#    a few digits: as stored, shifted, turned, scaled, bent (elastic), and the random
#    copies that training sees in epochs 0, 1, 2.
# 2. The same 784-64-10 network trained four ways on 1,000 training digits for 10
#    epochs: plain; with dropout (a regularizer, lesson 11); on augmented copies
#    (shift by up to 2 pixels, turn by up to 10 degrees, scale 90-110%: the trainer's
#    `--augment affine`); and with both. After every epoch: accuracy on the training
#    digits as stored and on the 1,000 held-out digits. The gap between the two is
#    what memorizing looks like; augmentation narrows it and lifts the held-out line.
#
# Every run uses the trainer's recipe and its way of augmenting (all but its
# deskewing, `--preprocess deskew`, left out here so that the copies are what the
# network sees): plain gradient descent, one digit per step, the learning rate falling from 0.03 to 0 along a
# cosine (section 2), and each epoch trains on
# `AugmentedImages(train, seed, epoch, **options).as_digits()`, one copy of every
# training digit made for that epoch (the trainer's `--augment-every 1`; its default,
# `--augment-every 2`, trains each digit on a copy every other epoch and on itself in
# the others, which did a little better on the full 4,000 digits: README, "Measured
# figures").
#
# **How to run it.** As a notebook: `scripts/notebooks/lesson12_augmentation.ipynb`
# (Jupyter, VS Code), after `python -m pip install -e .` in the repository's folder.
# As a script, from the repository's folder (the pictures go to `plots/`):
#
#     python scripts/lesson12_augmentation.py
#     python scripts/lesson12_augmentation.py --train 300 --epochs 4   # a quick look
#     python scripts/train_mnist.py --augment affine                   # the full-size run

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
import time
from typing import Dict, List, Optional, Sequence, Tuple

from datasets import augment
from datasets.augment import AugmentedImages
from datasets.mnist import Digits, digit_as_text, load_bundled_split
from network import plots
from network.fast import FastNetwork
from network.optimizers import get_optimizer
from network.schedules import get_schedule

# The trainer's --augment affine: shift by up to 2 pixels, turn by up to 10 degrees,
# scale to 90-110% (why these amounts: datasets.augment.random_augment).
AFFINE = dict(max_shift=augment.MAX_SHIFT, max_degrees=augment.MAX_DEGREES,
              scale_range=augment.SCALE_RANGE)

# The four ways of training compared: the augmentation options (None: the digits as
# stored) and the dropout rate of the hidden layer.
RUNS = {
    "plain": {"augment": None, "dropout": 0.0},
    "dropout 0.5": {"augment": None, "dropout": 0.5},
    "augmented": {"augment": AFFINE, "dropout": 0.0},
    # Augmented copies are already harder to fit than the digits, so the two together
    # get a lighter dropout (with 0.5 on top, 10 epochs are too few to fit the copies).
    "augmented + dropout 0.25": {"augment": AFFINE, "dropout": 0.25},
}
HIDDEN = 64
LEARNING_RATE = 0.03

# %% [markdown]
# ## Settings
# In a notebook the lesson uses the defaults (give flags as a list to change them:
# `args = parse_flags(["--train", "300", "--epochs", "4"])`); from the command line,
# the flags.


# %%
def positive_int(text: str) -> int:
    """argparse type of --train, --held-out and --epochs: a whole number >= 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number >= 1, got {text}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number >= 1, got {text}")
    return value


def parse_flags(argv: Optional[List[str]] = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Lesson 12: why data augmentation helps: new training digits made "
                    "from the ones we have.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("--out-dir", default="plots",
                        help="where the PNGs go (in a notebook they are shown inline)")
    parser.add_argument("--seed", type=int, default=0,
                        help="seeds the split, the weights, the shuffling and the copies")
    parser.add_argument("--train", type=positive_int, default=1000,
                        help="training digits (of the 4,000 bundled ones)")
    parser.add_argument("--held-out", type=positive_int, default=1000,
                        help="held-out digits (of the 1,000 bundled ones)")
    parser.add_argument("--epochs", type=positive_int, default=10)
    args = parser.parse_args(argv)
    if args.train > 4000:
        parser.error(f"argument --train: the bundled split has 4,000 training digits, "
                     f"got {args.train}")
    if args.held_out > 1000:
        parser.error(f"argument --held-out: the bundled split has 1,000 held-out digits, "
                     f"got {args.held_out}")
    return args


# The flags come from the command line only when this file is run as a script: in a
# Jupyter kernel sys.argv holds the kernel's own flags, and a program that imports
# the file has flags of its own. Then the lesson uses its defaults.
IN_A_KERNEL = "ipykernel" in sys.modules
FROM_THE_COMMAND_LINE = __name__ == "__main__" and not IN_A_KERNEL
args = parse_flags(None if FROM_THE_COMMAND_LINE else [])
started = time.perf_counter()
print(f"784-{HIDDEN}-10, {args.train:,} training digits, {args.held_out:,} held out, "
      f"{args.epochs} epochs, seed {args.seed}")

# %% [markdown]
# ## 1. One training digit and the random copies of it that training sees
# Each copy is the digit turned, scaled and moved by amounts drawn at random for that
# digit and that epoch (from a generator seeded by seed, epoch and digit number: the
# same copies on every run).

# %%
def drawn_amounts(copies: AugmentedImages, i: int) -> Tuple[float, float, int, int]:
    """(degrees, factor, dx, dy): the amounts random_augment draws for digit i in this
    epoch, drawn again from the very same generator (``copies.rng_for(i)``) in the
    order random_augment draws them: degrees, factor, dx, dy. The copy is then

        shift(rotate_and_scale(digit, degrees, factor), dx, dy)
    """
    rng = copies.rng_for(i)
    degrees = rng.uniform(-copies.max_degrees, copies.max_degrees)
    low, high = copies.scale_range
    factor = rng.uniform(low, high)
    dx = rng.randint(-copies.max_shift, copies.max_shift)
    dy = rng.randint(-copies.max_shift, copies.max_shift)
    return degrees, factor, dx, dy


def describe(degrees: float, factor: float, dx: int, dy: int) -> str:
    """The amounts in words: 'turned 4.2 degrees left, scaled to 97%, moved 1 right, 2 up'."""
    turn = "left" if degrees >= 0 else "right"     # counter-clockwise is positive
    words = [f"turned {abs(degrees):.1f} degrees {turn}", f"scaled to {factor:.0%}"]
    moves = []
    if dx != 0:
        moves.append(f"{abs(dx)} {'right' if dx > 0 else 'left'}")
    if dy != 0:
        moves.append(f"{abs(dy)} {'down' if dy > 0 else 'up'}")
    if moves:
        words.append("moved " + " and ".join(moves))
    else:
        words.append("not moved")
    return ", ".join(words)


def side_by_side(pictures: Sequence[bytes], titles: Sequence[str], gap: int = 3) -> str:
    """Digits drawn with characters (digit_as_text) next to each other, each under
    its title. Rows and columns that are blank in every picture are left out (the
    margins), the same ones from each, so the pictures stay aligned."""
    drawings = []
    for pixels in pictures:
        drawings.append(digit_as_text(pixels).split("\n"))
    height, width = len(drawings[0]), len(drawings[0][0])
    inked_rows = []
    inked_columns = []
    for drawing in drawings:
        for r in range(height):
            for c in range(width):
                if drawing[r][c] != " ":
                    inked_rows.append(r)
                    inked_columns.append(c)
    if not inked_rows:                       # all blank: keep everything
        inked_rows, inked_columns = [0, height - 1], [0, width - 1]
    top, bottom = min(inked_rows), max(inked_rows)
    left, right = min(inked_columns), max(inked_columns)
    shown_width = max(right - left + 1, max(len(title) for title in titles))
    spacer = " " * gap
    lines = [spacer.join(title.ljust(shown_width) for title in titles).rstrip()]
    for r in range(top, bottom + 1):
        pieces = []
        for drawing in drawings:
            pieces.append(drawing[r][left:right + 1].ljust(shown_width))
        lines.append(spacer.join(pieces).rstrip())
    return "\n".join(lines)


def with_article(digit: int) -> str:
    """"a 3", "an 8" (eight is the one digit whose name starts with a vowel)."""
    return f"an {digit}" if digit == 8 else f"a {digit}"


def show_one_digit(train: Digits, i: int, seed: int, epochs_shown: int = 2) -> str:
    """Digit i as stored beside the random copies of the first ``epochs_shown`` epochs
    (the ones a training run with this seed sees), and what was done to each."""
    copies = AugmentedImages(train, seed=seed, epoch=0, **AFFINE)
    pictures = [train.pixels(i)]
    titles = [f"no. {i}, {with_article(train.labels[i])}"]
    notes = []
    for epoch in range(epochs_shown):
        this_epoch = copies.for_epoch(epoch)
        pictures.append(this_epoch.pixels(i))
        titles.append(f"epoch {epoch}'s copy")
        notes.append(f"epoch {epoch}: {describe(*drawn_amounts(this_epoch, i))}")
    return side_by_side(pictures, titles) + "\n" + "\n".join(notes)


def changed_pixels(a: bytes, b: bytes) -> int:
    """How many of the 784 inputs differ between two digits."""
    count = 0
    for k in range(len(a)):
        if a[k] != b[k]:
            count += 1
    return count


print("1) One training digit and the random copies of it that training sees")
train, _ = load_bundled_split(n_test=1000, seed=args.seed)
print(show_one_digit(train, 0, args.seed))
copy = AugmentedImages(train, seed=args.seed, epoch=0, **AFFINE).pixels(0)
print(f"To the network, epoch 0's copy differs from the stored digit in "
      f"{changed_pixels(train.pixels(0), copy)} of its 784 inputs, yet it is "
      f"still {with_article(train.labels[0])}.")

# %% [markdown]
# ## 1b. A few digits, one change at a time, and their random copies
# Each row is one training digit: as stored, then one change at a time with its amount
# (shifted, turned left and right, scaled down and up, bent by an elastic distortion),
# then the random copies epochs 0, 1 and 2 train on.


# %%
def show(figure, name: str) -> None:
    """In a notebook: the picture under this cell. As a script: a PNG in --out-dir."""
    path = plots.show_or_save(figure, os.path.join(args.out_dir, name))
    if path:
        print(f"Saved {path}")


CAN_DRAW = plots.matplotlib_available()
if not CAN_DRAW:
    print(plots.MISSING_HINT)
else:
    show(plots.augmented_grid_figure(train, [0, 1, 2, 3], versions=3, seed=args.seed,
                                     **AFFINE), "lesson12_augmented_grid.png")

# %% [markdown]
# ## 2. The learning rate falls along a cosine
# Large steps early, while the network is far from good weights; small steps at the
# end, so it settles instead of jumping around (`network/schedules.py`):
#
#     rate(epoch) = 0.03 * (1 + cos(pi * epoch / epochs)) / 2

# %%
schedule = get_schedule("cosine", LEARNING_RATE, args.epochs)
print("learning rate in each epoch: " + ", ".join(
    f"{schedule(epoch):.4f}" for epoch in range(args.epochs)))

# %% [markdown]
# ## 3. Training four ways
# `train_and_measure` trains one network epoch by epoch and measures it after each;
# `compare` does that for each of the four ways, on the same digits, from the same start.

# %%
def train_and_measure(train: Digits, held: Digits, augment_options: Optional[dict],
                      dropout: float, epochs: int, hidden: int = HIDDEN,
                      learning_rate: float = LEARNING_RATE, seed: int = 0
                      ) -> Dict[str, List[float]]:
    """Train a fresh 784-hidden-10 network epoch by epoch, as scripts/train_mnist.py
    does (a FastNetwork: the same numbers as Network, faster on digits), and measure
    it after every epoch. Returns lists with one value per epoch:

        train     accuracy on the training digits as stored
        copies    accuracy on the digits this epoch trained on (the same as train
                  without augmentation, the epoch's random copies with it)
        held_out  accuracy on the held-out digits
    and "seconds", the time the run took (one number in a list).
    """
    net = FastNetwork([784, hidden, 10], activation="relu", loss="cross_entropy",
                      seed=seed, dropout=dropout)
    optimizer = get_optimizer("sgd", learning_rate)
    schedule = get_schedule("cosine", learning_rate, epochs)
    # The fixed digits, as lists of 784 floats made once (not once per epoch).
    train_images = list(train.images)
    held_images = list(held.images)
    curves: Dict[str, List[float]] = {"train": [], "copies": [], "held_out": []}
    started = time.perf_counter()
    for epoch in range(epochs):
        optimizer.learning_rate = schedule(epoch)
        if augment_options is None:
            digits = train
        else:
            # A fresh copy of every training digit, drawn from (seed, epoch, digit).
            digits = AugmentedImages(train, seed=seed, epoch=epoch,
                                     **augment_options).as_digits()
        history = net.train(digits.images, digits.labels, epochs=1, optimizer=optimizer,
                            batch_size=1, shuffle=True, seed=seed * 1000 + epoch)
        # Network.train measures accuracy on what it trained on, after the epoch and
        # without dropout. Without augmentation that is the training digits as stored,
        # so only the augmented runs need a second look at them.
        curves["copies"].append(history.accuracy[-1])
        if augment_options is None:
            curves["train"].append(history.accuracy[-1])
        else:
            curves["train"].append(net.evaluate(train_images, train.labels)["accuracy"])
        curves["held_out"].append(net.evaluate(held_images, held.labels)["accuracy"])
    curves["seconds"] = [time.perf_counter() - started]
    return curves


def compare(n_train: int = 1000, n_held: int = 1000, epochs: int = 10, seed: int = 0,
            runs: Optional[Sequence[str]] = None, hidden: int = HIDDEN,
            learning_rate: float = LEARNING_RATE,
            on_run_end=None) -> Dict[str, Dict[str, List[float]]]:
    """Each of ``runs`` (names from RUNS, all by default) on the first ``n_train``
    training digits and ``n_held`` held-out digits of the bundled 4,000/1,000 split.
    ``on_run_end(name, curves)`` is called after each run (main prints progress)."""
    if runs is None:
        runs = list(RUNS)
    train, held = load_bundled_split(n_test=1000, seed=seed)
    if not 1 <= n_train <= len(train) or not 1 <= n_held <= len(held):
        raise ValueError(f"compare: n_train must be 1..{len(train)} and n_held "
                         f"1..{len(held)}, got {n_train} and {n_held}")
    train = train.subset(range(n_train))
    held = held.subset(range(n_held))
    results = {}
    for name in runs:
        options = RUNS[name]
        results[name] = train_and_measure(train, held, options["augment"],
                                          options["dropout"], epochs, hidden,
                                          learning_rate, seed)
        if on_run_end is not None:
            on_run_end(name, results[name])
    return results


print(f"2) 784-{HIDDEN}-10, {args.train:,} training digits, {args.epochs} epochs, "
      f"gradient descent from {LEARNING_RATE} (cosine), four ways:")


def report(name, curves):
    print(f"   {name}: held out {curves['held_out'][-1]:.1%} "
          f"({curves['seconds'][0]:.0f} s)", flush=True)


results = compare(args.train, args.held_out, args.epochs, args.seed, on_run_end=report)

# %% [markdown]
# ## 4. The results, epoch by epoch and at the end
# The gap is the training accuracy minus the held-out accuracy, in percentage points.

# %%
def gap(curves: Dict[str, List[float]], epoch: int = -1) -> float:
    """Training minus held-out accuracy after an epoch (the last by default), in
    percentage points: 100 * (train - held_out)."""
    return 100 * (curves["train"][epoch] - curves["held_out"][epoch])


def epoch_table(results: Dict[str, Dict[str, List[float]]]) -> str:
    """One row per epoch; per run, the accuracy on the training digits as stored
    and on the held-out digits."""
    names = list(results)
    widths = []                      # each run's two columns, wide enough for its name
    for name in names:
        widths.append(max(19, len(name) + 3))
    header = f"{'':6}"
    subheader = f"{'epoch':6}"
    for name, width in zip(names, widths):
        header += f"{name:>{width}}"
        subheader += f"{'train':>{width - 9}}{'held out':>9}"
    lines = [header, subheader]
    for e in range(len(results[names[0]]["train"])):
        row = f"{e + 1:<6}"
        for name, width in zip(names, widths):
            curves = results[name]
            row += f"{curves['train'][e]:>{width - 9}.1%}{curves['held_out'][e]:>9.1%}"
        lines.append(row)
    return "\n".join(lines)


def gap_table(results: Dict[str, Dict[str, List[float]]]) -> str:
    """After the last epoch: accuracy on the training digits, on this epoch's copies,
    held out, the gap, the best held-out accuracy (and its epoch), and the time."""
    lines = [f"{'':26}{'train':>8}{'copies':>8}{'held out':>10}{'gap':>7}"
             f"{'best held out':>22}{'seconds':>9}"]
    for name, curves in results.items():
        held_out = curves["held_out"]
        best = max(held_out)
        best_text = f"{best:.1%} (epoch {held_out.index(best) + 1})"
        lines.append(f"{name:26}{curves['train'][-1]:>8.1%}{curves['copies'][-1]:>8.1%}"
                     f"{held_out[-1]:>10.1%}{gap(curves):>7.1f}{best_text:>22}"
                     f"{curves['seconds'][0]:>9.0f}")
    return "\n".join(lines)


def conclusions(results: Dict[str, Dict[str, List[float]]], n_train: int,
                n_held: int) -> List[str]:
    """Sentences about the runs, every number taken from ``results``."""
    sentences = []
    plain = results["plain"]
    plain_gap = gap(plain)
    right = round(plain["train"][-1] * n_train)
    sentences.append(
        f"Plain: {right:,} of the {n_train:,} training digits right "
        f"({plain['train'][-1]:.1%}) but {plain['held_out'][-1]:.1%} of the {n_held:,} "
        f"held-out ones: a gap of "
        f"{plain_gap:.1f} points."
        + (" It knows its training digits by heart." if right == n_train else ""))
    for name, curves in results.items():
        if name == "plain":
            continue
        change_gap = gap(curves) - plain_gap
        change_held = 100 * (curves["held_out"][-1] - plain["held_out"][-1])
        sentences.append(
            f"{name[0].upper() + name[1:]}: gap {gap(curves):.1f} points "
            f"({abs(change_gap):.1f} {'narrower' if change_gap < 0 else 'wider'} than plain), "
            f"held out {curves['held_out'][-1]:.1%} "
            f"({'up' if change_held >= 0 else 'down'} {abs(change_held):.1f} points).")
    for name, curves in results.items():
        if RUNS.get(name, {}).get("augment") is None:
            continue
        harder = 100 * (curves["train"][-1] - curves["copies"][-1])
        sentences.append(
            f"{name[0].upper() + name[1:]} scores {curves['copies'][-1]:.1%} on the last "
            f"epoch's copies and {curves['train'][-1]:.1%} on the digits as stored "
            f"({abs(harder):.1f} points {'lower' if harder >= 0 else 'higher'} on the "
            f"copies): it never saw the same picture twice, so there was no picture to "
            f"memorize.")
        break
    best = max(results, key=lambda name: results[name]["held_out"][-1])
    sentences.append(f"Best on the held-out digits after the last epoch: {best} "
                     f"({results[best]['held_out'][-1]:.1%}).")
    epochs = len(plain["held_out"])
    last = min(3, epochs - 1)
    if last >= 1:
        moves = []
        for name, curves in results.items():
            rise = 100 * (curves["held_out"][-1] - curves["held_out"][-1 - last])
            moves.append(f"{name} {rise:+.1f}")
        sentences.append(f"Held-out change over the last {last} epochs, in points: "
                         + ", ".join(moves) + ".")
    return sentences


print("Accuracy after each epoch, on the training digits as stored and held out:")
print(epoch_table(results))
print("\nAfter the last epoch (gap = train - held out, in points):")
print(gap_table(results))
print()
for sentence in conclusions(results, args.train, args.held_out):
    print(sentence)

# %% [markdown]
# ## 5. The curves
# Left: each run's accuracy on the training digits (solid) and held out (dashed, the
# same colour), in percent. Right: the gap between the two, in percentage points.


# %%
def curves_figure(results: Dict[str, Dict[str, List[float]]]):
    """Left, every run's accuracy on the training digits (solid) and held out (dashed,
    same colour), in percent; right, the gap between them, in points."""
    accuracy = {}
    gaps = {}
    for name, curves in results.items():
        accuracy[name] = [100 * value for value in curves["train"]]
        accuracy[name + " (held out)"] = [100 * value for value in curves["held_out"]]
        gaps[name] = [gap(curves, e) for e in range(len(curves["train"]))]
    accuracy_title = "accuracy: training digits (solid), held out (dashed)"
    gap_title = "gap: training minus held-out accuracy"
    return plots.loss_panels_figure(
        {accuracy_title: accuracy, gap_title: gaps},
        ylabels={accuracy_title: "accuracy (%)", gap_title: "gap (percentage points)"})


if CAN_DRAW:
    show(curves_figure(results), "lesson12_curves.png")
print(f"({time.perf_counter() - started:.0f} s)")
