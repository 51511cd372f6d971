"""Handwritten digits: a grid of them with the network's answers, the confusion
matrix, the most frequent mistakes, and the first layer's weights as images.

    plot_digit_grid        digits with predicted and true labels
    confusion_matrix       counts of true digit i predicted as digit j (plain Python)
    most_confused_pairs    the most frequent mistakes (plain Python)
    plot_confusion_matrix  the confusion matrix as a shaded table
    plot_confused_pairs    examples of the mistakes made most often
    plot_hidden_weights    each first-layer neuron's weights drawn as an image
    plot_augmented_grid    digits beside their shifted, turned, scaled, bent and random
                           copies (what data augmentation trains on)
"""
from __future__ import annotations

import math
import random
from typing import TYPE_CHECKING, List, Optional, Sequence, Tuple

from network.plots._common import (WEIGHT_CMAP, WRONG_COLOR, _check_path, _new_figure,
                                   _save)

if TYPE_CHECKING:  # only for the type hints: importing it here would be circular
    from network.network import Network


def _as_square(pixels: Sequence[float]) -> List[List[float]]:
    """A flat list of side*side values as side rows of side values (784 -> 28 x 28)."""
    side = math.isqrt(len(pixels))
    if side * side != len(pixels):
        raise ValueError(f"an image needs a square number of values (784 = 28 x 28), "
                         f"got {len(pixels)}")
    rows = []
    for r in range(side):
        rows.append(list(pixels[r * side:(r + 1) * side]))
    return rows


def _check_same_length(images, labels, predictions) -> None:
    if not len(images) == len(labels) == len(predictions):
        raise ValueError(f"images, labels and predictions must have the same length, got "
                         f"{len(images)}, {len(labels)} and {len(predictions)}")


DIGIT_WIDTH, DIGIT_HEIGHT = 1.25, 1.5   # inches per digit in the digit pictures


def plot_digit_grid(images: Sequence[Sequence[float]], labels: Sequence[int],
                    predictions: Sequence[int], path: str, columns: int = 8,
                    title: str = "Predicted label above each digit") -> str:
    """Digits (each a list of 784 brightness values in [0, 1]) in rows of ``columns``,
    each titled with the network's prediction; a wrong one has a red title with the
    true label in brackets, "3 (true 5)". The PNG is columns * 125 by
    rows * 150 + 50 pixels, rows = ceil(len(images) / columns)."""
    _check_path(path)
    _check_same_length(images, labels, predictions)
    if len(images) == 0:
        raise ValueError("plot_digit_grid needs at least one image")
    rows = (len(images) + columns - 1) // columns
    figure = _new_figure(columns * DIGIT_WIDTH, rows * DIGIT_HEIGHT + 0.5)
    wrong = 0
    for k in range(len(images)):
        axes = figure.add_subplot(rows, columns, k + 1)
        axes.imshow(_as_square(images[k]), cmap="gray_r", vmin=0.0, vmax=1.0)
        axes.set_xticks([])
        axes.set_yticks([])
        if predictions[k] == labels[k]:
            axes.set_title(f"{predictions[k]}", fontsize=11)
        else:
            wrong += 1
            axes.set_title(f"{predictions[k]} (true {labels[k]})", fontsize=11,
                           color=WRONG_COLOR, fontweight="bold")
            for spine in axes.spines.values():
                spine.set_edgecolor(WRONG_COLOR)
                spine.set_linewidth(2.0)
    figure.suptitle(f"{title}: {len(images) - wrong} of {len(images)} right "
                    f"(wrong ones in red)")
    figure.tight_layout()
    return _save(figure, path)


def confusion_matrix(labels: Sequence[int], predictions: Sequence[int],
                     n_classes: int = 10) -> List[List[int]]:
    """matrix[i][j] = how many samples of true class i were predicted as class j.

    The diagonal counts the right answers; row i sums to the number of samples of
    class i. Returns n_classes lists of n_classes counts.
    """
    if len(labels) != len(predictions):
        raise ValueError(f"labels has {len(labels)} values but predictions has "
                         f"{len(predictions)}")
    matrix = []
    for _ in range(n_classes):
        matrix.append([0] * n_classes)
    for k, (true, predicted) in enumerate(zip(labels, predictions)):
        if not (0 <= true < n_classes and 0 <= predicted < n_classes):
            raise ValueError(f"sample {k}: label {true} / prediction {predicted} is not a "
                             f"class 0..{n_classes - 1}")
        matrix[true][predicted] += 1
    return matrix


def most_confused_pairs(labels: Sequence[int], predictions: Sequence[int],
                        top: int = 3, n_classes: int = 10) -> List[Tuple[int, int, int]]:
    """The ``top`` most frequent mistakes as (true class, predicted class, count),
    most frequent first (ties: smaller classes first); mistakes only, never i -> i."""
    matrix = confusion_matrix(labels, predictions, n_classes)
    pairs = []
    for true in range(n_classes):
        for predicted in range(n_classes):
            count = matrix[true][predicted]
            if true != predicted and count > 0:
                pairs.append((true, predicted, count))
    pairs.sort(key=lambda pair: (-pair[2], pair[0], pair[1]))
    return pairs[:top]


def plot_confusion_matrix(labels: Sequence[int], predictions: Sequence[int], path: str,
                          n_classes: int = 10,
                          title: str = "Confusion matrix (held-out digits)") -> str:
    """A table of counts: row i, column j is how many digits i the network called j.

    Right answers lie on the diagonal; every other non-zero cell is a kind of
    mistake. Cells are shaded by count. 650 x 600 pixels.
    """
    _check_path(path)
    matrix = confusion_matrix(labels, predictions, n_classes)
    figure = _new_figure(6.5, 6.0)
    axes = figure.add_subplot(1, 1, 1)
    largest = 1
    for row in matrix:
        largest = max(largest, max(row))
    image = axes.imshow(matrix, cmap="Blues", vmin=0, vmax=largest)
    for i in range(n_classes):
        for j in range(n_classes):
            count = matrix[i][j]
            if count == 0:
                continue
            color = "white" if count > largest / 2 else "black"
            if i != j:
                color = WRONG_COLOR if count <= largest / 2 else "white"
            axes.text(j, i, str(count), ha="center", va="center", fontsize=8, color=color)
    ticks = list(range(n_classes))
    axes.set_xticks(ticks)
    axes.set_yticks(ticks)
    axes.set_xlabel("predicted digit")
    axes.set_ylabel("true digit")
    right = 0
    for i in range(n_classes):
        right += matrix[i][i]
    axes.set_title(f"{title}\n{right} of {len(labels)} on the diagonal (right)")
    figure.colorbar(image, ax=axes, fraction=0.046, pad=0.04)
    figure.tight_layout()
    return _save(figure, path)


def plot_confused_pairs(images: Sequence[Sequence[float]], labels: Sequence[int],
                        predictions: Sequence[int], path: str, top: int = 3,
                        examples: int = 6) -> str:
    """One row per most-confused pair (see ``most_confused_pairs``), showing up to
    ``examples`` of those mistakes: digits of class i the network called j. The PNG
    is examples * 125 by top * 150 + 50 pixels (rows without a pair stay empty)."""
    _check_path(path)
    _check_same_length(images, labels, predictions)
    pairs = most_confused_pairs(labels, predictions, top)
    figure = _new_figure(examples * DIGIT_WIDTH, top * DIGIT_HEIGHT + 0.5)
    if not pairs:
        figure.text(0.5, 0.5, "no mistakes: nothing is confused", ha="center",
                    va="center", fontsize=14)
        return _save(figure, path)
    for row, (true, predicted, count) in enumerate(pairs):
        shown = 0
        for k in range(len(images)):
            if shown == examples:
                break
            if labels[k] != true or predictions[k] != predicted:
                continue
            axes = figure.add_subplot(top, examples, row * examples + shown + 1)
            axes.imshow(_as_square(images[k]), cmap="gray_r", vmin=0.0, vmax=1.0)
            axes.set_xticks([])
            axes.set_yticks([])
            if shown == 0:
                # One title per row, left-aligned: it runs on over the empty titles
                # of the row's other images.
                times = "time" if count == 1 else "times"
                axes.set_title(f"true {true}, predicted {predicted} ({count} {times})",
                               loc="left", fontsize=10, color=WRONG_COLOR)
            shown += 1
    figure.suptitle("The most frequent mistakes")
    figure.tight_layout()
    return _save(figure, path)


def plot_hidden_weights(network: "Network", path: str, columns: int = 8,
                        max_neurons: int = 64) -> str:
    """Each first-layer neuron's weights as an image with one pixel per input
    (784 weights -> 28 x 28): blue where a bright pixel raises the neuron's z, red
    where it lowers it, each neuron scaled to its own largest |w|. Shows the first
    ``max_neurons`` neurons in rows of ``columns``: columns * 125 by
    rows * 150 + 50 pixels."""
    _check_path(path)
    neurons = network.layers[0].neurons[:max_neurons]
    side = math.isqrt(network.sizes[0])
    if side * side != network.sizes[0]:
        raise ValueError(f"the weights are drawn as a square image, so the network needs "
                         f"a square number of inputs (784 = 28 x 28), got "
                         f"{network.sizes[0]}")
    columns = min(columns, len(neurons))
    rows = (len(neurons) + columns - 1) // columns
    figure = _new_figure(columns * DIGIT_WIDTH, rows * DIGIT_HEIGHT + 0.5)
    for k, neuron in enumerate(neurons):
        largest = 0.0
        for w in neuron.weights:
            largest = max(largest, abs(w))
        largest = largest if largest > 0.0 else 1.0
        axes = figure.add_subplot(rows, columns, k + 1)
        axes.imshow(_as_square(neuron.weights), cmap=WEIGHT_CMAP, vmin=-largest,
                    vmax=largest)
        axes.set_xticks([])
        axes.set_yticks([])
        axes.set_title(neuron.name, fontsize=10)
    figure.suptitle("First-layer weights (blue +, red -)")
    figure.tight_layout()
    return _save(figure, path)


def _augmented_row(digits, i: int, versions: int, seed: int, kinds: bool,
                   every_epoch) -> List[Tuple[str, bytes]]:
    """(title, 784 bytes) for each picture in digit i's row of plot_augmented_grid."""
    from datasets import augment   # imported here: nothing else in network/ needs datasets/
    original = digits.pixels(i)
    row = [(f"digit {i} ({digits.labels[i]})\nas stored", original)]
    if kinds:
        # The elastic field of digit i gets its own generator, seeded like the trainer's
        # copies (seed, epoch 0, digit i): the same picture on every run.
        elastic_rng = random.Random(augment.item_seed(seed, 0, i))
        row.append(("shifted\n2 right, 1 up", augment.shift(original, 2, -1)))
        row.append(("turned\n10\u00b0 left", augment.rotate(original, 10.0)))
        row.append(("turned\n10\u00b0 right", augment.rotate(original, -10.0)))
        row.append(("scaled\nto 90%", augment.scale(original, 0.9)))
        row.append(("scaled\nto 110%", augment.scale(original, 1.1)))
        elastic_title = (f"elastic\n\u03b1={augment.ELASTIC_ALPHA:g} "
                         f"\u03c3={augment.ELASTIC_SIGMA:g}")     # alpha, sigma
        row.append((elastic_title, augment.elastic_distort(original, elastic_rng)))
    for epoch in range(versions):
        row.append((f"random copy\nepoch {epoch}", every_epoch.for_epoch(epoch).pixels(i)))
    return row


def plot_augmented_grid(digits, indices: Sequence[int], path: str, versions: int = 3,
                        seed: int = 0, kinds: bool = True, title: Optional[str] = None,
                        **options) -> str:
    """Digits beside their augmented copies: one row per digit number in ``indices``.

    Columns, left to right (every picture is 784 bytes drawn as 28 x 28, 0 white,
    255 black), with datasets.augment doing the work:

        digit i (label)         the digit as stored, digits.pixels(i), its title in bold
        with kinds=True, one change at a time, the amount in the title:
          shifted 2 right, 1 up   shift(pixels, 2, -1)
          turned 10 deg left      rotate(pixels, 10)     (and right: rotate(pixels, -10))
          scaled to 90%           scale(pixels, 0.9)     (and to 110%: scale(pixels, 1.1))
          elastic                 elastic_distort(pixels, random.Random(item_seed(seed, 0, i)))
        then ``versions`` random copies, "epoch 0", "epoch 1", ...:
          AugmentedImages(digits, seed, epoch, **options).pixels(i), the very copy a
          training run with this seed and these options trains on in that epoch

    digits    a Digits (anything with pixels(i) giving 784 bytes, and labels)
    options   max_shift, max_degrees, scale_range, elastic, alpha, sigma, as in
              datasets.augment.random_augment (its defaults: shift up to 2 pixels,
              turn up to 10 degrees, scale 0.9..1.1, no elastic)

    There are columns = 1 + 6 (with kinds) + versions pictures per row; the PNG is
    columns * 125 by len(indices) * 150 + 50 pixels (1 + 6 + 3 = 10 columns of 125,
    4 rows: 1250 x 650). Everything is checked and computed before matplotlib is
    needed, so a wrong argument raises ValueError with or without it. Returns ``path``.
    """
    from datasets.augment import AugmentedImages
    _check_path(path)
    where = "plot_augmented_grid"
    if isinstance(versions, bool) or not isinstance(versions, int) or versions < 0:
        raise ValueError(f"{where}: versions (random copies per digit) must be a whole "
                         f"number >= 0, got {versions!r}")
    if not kinds and versions == 0:
        raise ValueError(f"{where}: nothing to draw beside the digits: with kinds=False, "
                         f"versions must be at least 1")
    if len(indices) == 0:
        raise ValueError(f"{where}: needs at least one digit number in indices, got none")
    for i in indices:
        if isinstance(i, bool) or not isinstance(i, int) or not 0 <= i < len(digits):
            raise ValueError(f"{where}: {i!r} is not a digit number: expected a whole "
                             f"number 0..{len(digits) - 1} ({len(digits):,} digits)")
    # Checks seed and the options once (ValueError naming the option), makes nothing yet.
    every_epoch = AugmentedImages(digits, seed=seed, epoch=0, **options)
    table = []
    for i in indices:
        table.append(_augmented_row(digits, i, versions, seed, kinds, every_epoch))
    rows = len(table)
    columns = len(table[0])
    figure = _new_figure(columns * DIGIT_WIDTH, rows * DIGIT_HEIGHT + 0.5)
    for r in range(rows):
        for c in range(columns):
            label, pixels = table[r][c]
            axes = figure.add_subplot(rows, columns, r * columns + c + 1)
            axes.imshow(_as_square(pixels), cmap="gray_r", vmin=0, vmax=255)
            axes.set_xticks([])
            axes.set_yticks([])
            axes.set_title(label, fontsize=9, fontweight="bold" if c == 0 else "normal")
    if title is None:
        title = "Each digit, one change at a time, and the random copies training sees"
        if not kinds:
            title = "Each digit and the random copy training sees in each epoch"
    figure.suptitle(title)
    figure.tight_layout()
    return _save(figure, path)
