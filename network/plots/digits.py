"""Handwritten digits: a grid of them with the network's answers, the confusion
matrix, the most frequent mistakes, and the first layer's weights as images.

    confusion_matrix       counts of true digit i predicted as digit j (plain Python)
    most_confused_pairs    the most frequent mistakes (plain Python)
    dead_neurons           the ReLU neurons that are off for every digit given
                           (plain Python)

and the pictures, each a ``*_figure`` function that returns the matplotlib Figure
and a ``plot_*`` function that writes it as a PNG and returns the path:

    digit_grid_figure        plot_digit_grid        digits with predicted and true labels
    confusion_matrix_figure  plot_confusion_matrix  the confusion matrix as a shaded table
    confused_pairs_figure    plot_confused_pairs    examples of the mistakes made most often
    hidden_weights_figure    plot_hidden_weights    each first-layer neuron's weights drawn
                                                    as an image
    augmented_grid_figure    plot_augmented_grid    digits beside their shifted, turned,
                                                    scaled, bent and random copies (what
                                                    data augmentation trains on)
"""
from __future__ import annotations

import math
import random
from typing import TYPE_CHECKING, List, Optional, Sequence, Tuple

from network.plots._common import (WEIGHT_CMAP, WRONG_COLOR, _check_path,
                                   _mark_colour_bar, _new_figure, _save)

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


def digit_grid_figure(images: Sequence[Sequence[float]], labels: Sequence[int],
                      predictions: Sequence[int], columns: int = 8,
                      title: str = "Predicted label above each digit"):
    """Digits (each a list of 784 brightness values in [0, 1]) in rows of ``columns``,
    each titled with the network's prediction; a wrong one has a red title with the
    true label in brackets, "3 (true 5)", and a red frame. The figure is
    columns * 125 by rows * 150 + 50 pixels, rows = ceil(len(images) / columns)."""
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
                    f"(wrong ones in red, with the true digit)")
    figure.tight_layout()
    return figure


def plot_digit_grid(images: Sequence[Sequence[float]], labels: Sequence[int],
                    predictions: Sequence[int], path: str, columns: int = 8,
                    title: str = "Predicted label above each digit") -> str:
    """``digit_grid_figure`` written to ``path`` as a PNG; returns the path."""
    _check_path(path)
    return _save(digit_grid_figure(images, labels, predictions, columns, title), path)


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


def confusion_matrix_figure(labels: Sequence[int], predictions: Sequence[int],
                            n_classes: int = 10,
                            title: str = "Confusion matrix (held-out digits)"):
    """A table of counts: row i, column j is how many digits i the network called j.

    Right answers lie on the diagonal, shaded blue on their own scale; every other
    non-zero cell is a kind of mistake, shaded orange on a scale of its own (the
    mistakes are far fewer than the right answers: on one shared scale they would
    all be near-white). Each scale has its colour bar; every count is written in
    its cell, in black, or white on a dark cell. 750 x 600 pixels.
    """
    matrix = confusion_matrix(labels, predictions, n_classes)
    figure = _new_figure(7.5, 6.0)
    from matplotlib import colormaps            # (after _new_figure: matplotlib is there)
    from matplotlib.cm import ScalarMappable
    from matplotlib.colors import Normalize

    axes = figure.add_subplot(1, 1, 1)
    largest_right, largest_wrong = 1, 1
    for i in range(n_classes):
        for j in range(n_classes):
            if i == j:
                largest_right = max(largest_right, matrix[i][j])
            else:
                largest_wrong = max(largest_wrong, matrix[i][j])
    right_scale = Normalize(vmin=0, vmax=largest_right)
    wrong_scale = Normalize(vmin=0, vmax=largest_wrong)
    blues, oranges = colormaps["Blues"], colormaps["Oranges"]
    # One colour per cell (red, green, blue), from the scale of its kind.
    colours = []
    for i in range(n_classes):
        row = []
        for j in range(n_classes):
            count = matrix[i][j]
            if i == j:
                row.append(blues(right_scale(count))[:3])
            else:
                row.append(oranges(wrong_scale(count))[:3])
        colours.append(row)
    axes.imshow(colours)
    for i in range(n_classes):
        for j in range(n_classes):
            count = matrix[i][j]
            if count == 0:
                continue
            scale = right_scale if i == j else wrong_scale
            colour = "white" if scale(count) > 0.6 else "black"
            axes.text(j, i, str(count), ha="center", va="center", fontsize=10,
                      color=colour, fontweight="bold" if i != j else "normal")
    ticks = list(range(n_classes))
    axes.set_xticks(ticks)
    axes.set_yticks(ticks)
    axes.set_xlabel("predicted digit")
    axes.set_ylabel("true digit")
    right = 0
    for i in range(n_classes):
        right += matrix[i][i]
    axes.set_title(f"{title}\n{right} of {len(labels)} on the diagonal (right), "
                   f"{len(labels) - right} off it (mistakes)")
    # The matrix on the left; its two colour bars side by side on the right.
    figure.tight_layout(rect=(0.0, 0.0, 0.76, 1.0))
    box = axes.get_position()
    for k, (scale, cmap, label) in enumerate(
            ((right_scale, blues, "right answers (on the diagonal)"),
             (wrong_scale, oranges, "mistakes (off the diagonal)"))):
        bar_axes = figure.add_axes((0.79 + 0.11 * k, box.y0, 0.025, box.height))
        bar = figure.colorbar(ScalarMappable(norm=scale, cmap=cmap), cax=bar_axes)
        bar.set_label(label)
        _mark_colour_bar(bar)
    return figure


def plot_confusion_matrix(labels: Sequence[int], predictions: Sequence[int], path: str,
                          n_classes: int = 10,
                          title: str = "Confusion matrix (held-out digits)") -> str:
    """``confusion_matrix_figure`` written to ``path`` as a 750 x 600 PNG."""
    _check_path(path)
    return _save(confusion_matrix_figure(labels, predictions, n_classes, title), path)


def confused_pairs_figure(images: Sequence[Sequence[float]], labels: Sequence[int],
                          predictions: Sequence[int], top: int = 3, examples: int = 6):
    """One row per most-confused pair (see ``most_confused_pairs``), showing up to
    ``examples`` of those mistakes: digits of class i the network called j. Each row
    is titled with the pair, how often it happened and how many are shown ("true 3,
    predicted 5: 7 times, 6 of them shown"). The figure is examples * 125 by
    top * 150 + 50 pixels (rows without a pair stay empty)."""
    _check_same_length(images, labels, predictions)
    pairs = most_confused_pairs(labels, predictions, top)
    figure = _new_figure(examples * DIGIT_WIDTH, top * DIGIT_HEIGHT + 0.5)
    if not pairs:
        figure.suptitle("The most frequent mistakes")
        figure.text(0.5, 0.5, "no mistakes: nothing is confused", ha="center",
                    va="center", fontsize=14)
        return figure
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
                axes.set_title(_pair_title(true, predicted, count, min(count, examples)),
                               loc="left", fontsize=10, color=WRONG_COLOR)
            shown += 1
    figure.suptitle("The most frequent mistakes")
    height = figure.get_figheight()
    figure.subplots_adjust(left=0.02, right=0.98, bottom=0.02, top=1.0 - 0.5 / height,
                           wspace=0.1, hspace=0.3)
    return figure


def _pair_title(true: int, predicted: int, count: int, shown: int) -> str:
    """"true 3, predicted 5: 7 times, 6 of them shown" (or "once", "all 4 shown")."""
    if count == 1:
        return f"true {true}, predicted {predicted}: once"
    if shown == count:
        return f"true {true}, predicted {predicted}: {count} times, all shown"
    return f"true {true}, predicted {predicted}: {count} times, {shown} of them shown"


def plot_confused_pairs(images: Sequence[Sequence[float]], labels: Sequence[int],
                        predictions: Sequence[int], path: str, top: int = 3,
                        examples: int = 6) -> str:
    """``confused_pairs_figure`` written to ``path`` as a PNG; returns the path."""
    _check_path(path)
    return _save(confused_pairs_figure(images, labels, predictions, top, examples), path)


def dead_neurons(network: "Network", X: Sequence[Sequence[float]]) -> List[str]:
    """The names of the first-layer ReLU neurons whose z is <= 0 (output 0) for every
    input in X: "dead" on these inputs. A dead ReLU passes on no gradient
    (relu'(z) = 0 for z <= 0), so training never changes its weights: they stay as
    they started. Plain Python: one weighted sum per neuron and input."""
    layer = network.layers[0]
    if layer.activation_name != "relu":
        return []
    undecided = list(layer.neurons)      # not yet seen on (z > 0) for any input
    for x in X:
        if not undecided:
            break
        nonzero = []                     # the inputs that can change z
        for i, value in enumerate(x):
            if value != 0.0:
                nonzero.append(i)
        still_off = []
        for neuron in undecided:
            z = neuron.bias
            for i in nonzero:
                z += neuron.weights[i] * x[i]
            if z <= 0.0:
                still_off.append(neuron)
        undecided = still_off
    dead = []
    for neuron in undecided:
        dead.append(neuron.name)
    return dead


def hidden_weights_figure(network: "Network", columns: int = 8, max_neurons: int = 64,
                          X: Optional[Sequence[Sequence[float]]] = None):
    """Each first-layer neuron's weights as an image with one pixel per input
    (784 weights -> 28 x 28): green where a bright pixel raises the neuron's z,
    purple where it lowers it, white near 0, every neuron on one shared colour scale
    (-m to m, m the largest |w| drawn) with a colour bar. The title says how many of
    the layer's neurons are drawn (the first ``max_neurons``).

    With ``X`` (some inputs, e.g. the training digits), ReLU neurons that are off
    for every one of them are marked "dead": they never get a gradient, so their
    weights are still the random numbers they started with (noise). The pixels
    that are blank in every digit (the border) never change any weight either:
    there every neuron keeps its random start, the speckle around each picture.
    Rows of ``columns``: columns * 125 (+ 100 for the colour bar) by
    rows * 150 + 100 pixels.
    """
    neurons = network.layers[0].neurons[:max_neurons]
    total = len(network.layers[0].neurons)
    side = math.isqrt(network.sizes[0])
    if side * side != network.sizes[0]:
        raise ValueError(f"the weights are drawn as a square image, so the network needs "
                         f"a square number of inputs (784 = 28 x 28), got "
                         f"{network.sizes[0]}")
    dead = dead_neurons(network, X) if X is not None else []
    largest = 0.0
    for neuron in neurons:
        for w in neuron.weights:
            largest = max(largest, abs(w))
    largest = largest if largest > 0.0 else 1.0
    columns = min(columns, len(neurons))
    rows = (len(neurons) + columns - 1) // columns
    figure = _new_figure(columns * DIGIT_WIDTH + 1.0, rows * DIGIT_HEIGHT + 1.0)
    image = None
    for k, neuron in enumerate(neurons):
        axes = figure.add_subplot(rows, columns, k + 1)
        image = axes.imshow(_as_square(neuron.weights), cmap=WEIGHT_CMAP, vmin=-largest,
                            vmax=largest)
        axes.set_xticks([])
        axes.set_yticks([])
        if neuron.name in dead:
            axes.set_title(f"{neuron.name} (dead)", fontsize=10, color="#777777")
        else:
            axes.set_title(neuron.name, fontsize=10)
    drawn = (f"all {total} neurons" if len(neurons) == total
             else f"the first {len(neurons)} of {total} neurons")
    title = f"First-layer weights, one 28 x 28 image per neuron: {drawn}"
    if X is not None:
        title += (f"\n{len(dead)} of them dead (off for all {len(X):,} digits checked: "
                  f"no gradient, so still their random start)" if dead else
                  f"\nnone dead (each is on for some of the {len(X):,} digits checked)")
    figure.suptitle(title, fontsize=11)
    figure.tight_layout(rect=(0.0, 0.0, 1.0 - 1.0 / figure.get_figwidth(), 1.0))
    bar_axes = figure.add_axes((1.0 - 0.8 / figure.get_figwidth(), 0.15, 0.15 /
                                figure.get_figwidth(), 0.65))
    bar = figure.colorbar(image, cax=bar_axes)
    bar.set_label("weight (green: a bright pixel raises z, purple: lowers it)", fontsize=8)
    _mark_colour_bar(bar)
    return figure


def plot_hidden_weights(network: "Network", path: str, columns: int = 8,
                        max_neurons: int = 64,
                        X: Optional[Sequence[Sequence[float]]] = None) -> str:
    """``hidden_weights_figure`` written to ``path`` as a PNG; returns the path."""
    _check_path(path)
    return _save(hidden_weights_figure(network, columns, max_neurons, X), path)


def _augmented_row(digits, i: int, versions: int, seed: int, kinds: bool,
                   every_epoch) -> List[Tuple[str, bytes]]:
    """(title, 784 bytes) for each picture in digit i's row of plot_augmented_grid."""
    from datasets import augment   # imported here: nothing else in network/ needs datasets/
    original = digits.pixels(i)
    label = digits.labels[i]
    # "no. 0: a 3": digit number i of the set (a position), and what it shows.
    row = [(f"no. {i}: {'an' if label == 8 else 'a'} {label}\nas stored", original)]
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


def augmented_grid_figure(digits, indices: Sequence[int], versions: int = 3,
                          seed: int = 0, kinds: bool = True, title: Optional[str] = None,
                          **options):
    """Digits beside their augmented copies: one row per digit number in ``indices``.

    Columns, left to right (every picture is 784 bytes drawn as 28 x 28, 0 white,
    255 black), with datasets.augment doing the work:

        no. i: a (label)        the digit as stored, digits.pixels(i), its title in bold
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
    needed, so a wrong argument raises ValueError with or without it. Returns the
    matplotlib Figure (``plot_augmented_grid`` writes it to a PNG file).
    """
    from datasets.augment import AugmentedImages
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
    return figure


def plot_augmented_grid(digits, indices: Sequence[int], path: str, versions: int = 3,
                        seed: int = 0, kinds: bool = True, title: Optional[str] = None,
                        **options) -> str:
    """``augmented_grid_figure`` written to ``path`` as a PNG; returns the path."""
    _check_path(path)
    return _save(augmented_grid_figure(digits, indices, versions, seed, kinds, title,
                                       **options), path)
