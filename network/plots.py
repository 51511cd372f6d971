"""Pictures of networks and their training, saved as PNG files (and one GIF).

    plot_loss_curve             the loss of every epoch (and a validation curve)
    plot_activations            sigmoid, ReLU and tanh with their derivatives
    plot_network                a small network as a diagram, edges labelled w1 = ...
    plot_network_before_after   the same diagram before and after training, side by side
    plot_decision_boundary      what a 2-input classifier predicts over the plane
    plot_decision_boundaries    the same at several epochs of training, a grid of panels
    animate_decision_boundary   the same as an animated GIF
    plot_regression_fit         data points and the curves fitted to them
    plot_digit_grid             handwritten digits with predicted and true labels
    plot_confusion_matrix       how often true digit i was predicted as digit j
    plot_confused_pairs         examples of the mistakes made most often
    plot_hidden_weights         each first-layer neuron's weights drawn as an image

Every function takes the data and an output path, writes the picture, and returns
the path. Figures have a fixed size in inches and are saved at ``DPI`` dots per inch,
so the size in pixels is known in advance (each docstring gives it).

matplotlib is optional: the rest of the project never needs it. It is imported
inside the functions that draw, and a missing matplotlib raises ``PlotsUnavailable``
with the command that installs it. ``matplotlib_available()`` lets a script check
first and print ``MISSING_HINT`` instead. Drawing uses matplotlib's ``Figure``
with the Agg canvas (no window, no pyplot global state), so it works on a server.

The helpers that only compute (``probability_grid``, ``confusion_matrix``,
``most_confused_pairs``) are plain Python and work without matplotlib.
"""
from __future__ import annotations

import math
import os
from typing import TYPE_CHECKING, List, Optional, Sequence, Tuple

from neuron.activations import get_activation

if TYPE_CHECKING:  # only for the type hints: importing it here would be circular
    from network.network import Network

# Dots per inch of every picture: a figure of 6.5 x 4 inches is a 650 x 400 PNG.
# Every size below is a multiple of 0.25 inch, exact in binary floating point, so
# the pixel size is exactly inches * DPI.
DPI = 100
MISSING_HINT = 'plots skipped: matplotlib is not installed (pip install -e ".[plots]")'
PILLOW_HINT = "GIF skipped: Pillow is not installed (pip install pillow)"

# Class 0 and class 1 in every 2-D picture; the shading runs between them.
CLASS_COLORS = ("#2166ac", "#b2182b")   # blue, red
PROBABILITY_CMAP = "RdBu_r"             # probability of class 1: 0 blue, 1 red
WEIGHT_COLORS = ("#b2182b", "#2166ac")  # negative weight red, positive blue
WEIGHT_CMAP = "RdBu"                    # weight images: negative red, positive blue
WRONG_COLOR = "#d62728"


class PlotsUnavailable(ImportError):
    """matplotlib (or Pillow, for GIFs) is not installed; the message says how to get it."""


# ----- matplotlib, imported only when a picture is drawn --------------------------------

def matplotlib_available() -> bool:
    """True if ``import matplotlib`` works."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return False
    return True


def pillow_available() -> bool:
    """True if ``import PIL`` works (matplotlib writes GIFs through Pillow)."""
    try:
        import PIL  # noqa: F401
    except ImportError:
        return False
    return True


def _new_figure(width_inches: float, height_inches: float):
    """An empty matplotlib Figure of the given size on the Agg (PNG) canvas."""
    if not matplotlib_available():
        raise PlotsUnavailable('matplotlib is not installed: pip install -e ".[plots]" '
                               '(or pip install matplotlib)')
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width_inches, height_inches), dpi=DPI)
    FigureCanvasAgg(figure)
    return figure


def _check_path(path: str, extension: str = ".png") -> None:
    if not str(path).lower().endswith(extension):
        raise ValueError(f"this function writes a {extension} file: the path must end in "
                         f"{extension}, got {path!r}")


def _save(figure, path: str) -> str:
    """Write ``figure`` to ``path`` as PNG (creating its folder); return ``path``."""
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    # No bbox_inches="tight": it would crop the figure and change its pixel size.
    figure.savefig(path, dpi=DPI, format="png")
    return path


# ----- training curves and activation functions -----------------------------------------

def plot_loss_curve(losses: Sequence[float], path: str,
              validation: Optional[Sequence[float]] = None,
              title: str = "Loss during training", log_scale: bool = False) -> str:
    """The loss of each epoch (the list ``Network.train`` returns) against the epoch.

    ``validation``: an optional second curve, the loss on data the network does not
    train on, one value per epoch. ``log_scale`` draws the loss on a log axis, which
    shows a loss that keeps shrinking by factors of 10. 650 x 400 pixels.
    """
    _check_path(path)
    if len(losses) == 0:
        raise ValueError("plot_loss_curve needs at least one loss value, got an empty list")
    if validation is not None and len(validation) != len(losses):
        raise ValueError(f"validation has {len(validation)} values but losses has "
                         f"{len(losses)}: give one validation loss per epoch")
    figure = _new_figure(6.5, 4.0)
    axes = figure.add_subplot(1, 1, 1)
    epochs = list(range(1, len(losses) + 1))
    marker = "o" if len(losses) <= 30 else None
    axes.plot(epochs, list(losses), marker=marker, color="#1f77b4",
              label=f"training (last {losses[-1]:.4g})")
    if validation is not None:
        axes.plot(epochs, list(validation), marker=marker, color="#ff7f0e",
                  label=f"validation (last {validation[-1]:.4g})")
    if log_scale:
        from matplotlib.ticker import FormatStrFormatter, LogLocator

        axes.set_yscale("log")
        # Ticks at 1, 2 and 5 times each power of 10, labelled 0.02 rather than 2x10^-2.
        axes.yaxis.set_minor_locator(LogLocator(subs=(2.0, 5.0)))
        axes.yaxis.set_major_formatter(FormatStrFormatter("%g"))
        axes.yaxis.set_minor_formatter(FormatStrFormatter("%g"))
    axes.set_xlabel("epoch")
    axes.set_ylabel("loss")
    axes.set_title(title)
    axes.grid(True, alpha=0.3)
    axes.legend()
    figure.tight_layout()
    return _save(figure, path)


def plot_activations(path: str, z_min: float = -5.0, z_max: float = 5.0) -> str:
    """sigmoid, ReLU and tanh (solid) and their derivatives dg/dz (dashed), one panel
    each, for z from ``z_min`` to ``z_max``; the values come from neuron.activations.
    1200 x 400 pixels."""
    _check_path(path)
    figure = _new_figure(12.0, 4.0)
    steps = 400
    zs = []
    for i in range(steps + 1):
        zs.append(z_min + (z_max - z_min) * i / steps)
    for panel, name in enumerate(("sigmoid", "relu", "tanh"), start=1):
        activation = get_activation(name)
        outputs, slopes = [], []
        for z in zs:
            output = activation(z)
            outputs.append(output)
            slopes.append(activation.derivative(z, output))
        axes = figure.add_subplot(1, 3, panel)
        axes.axhline(0.0, color="grey", linewidth=0.8)
        axes.axvline(0.0, color="grey", linewidth=0.8)
        axes.plot(zs, outputs, color="#1f77b4", linewidth=2.0, label=f"{name}(z)")
        axes.plot(zs, slopes, color="#ff7f0e", linewidth=2.0, linestyle="--",
                  label=f"d {name}(z) / dz")
        axes.set_title(name)
        axes.set_xlabel("z (the weighted sum)")
        axes.grid(True, alpha=0.3)
        axes.legend(loc="upper left")
    figure.tight_layout()
    return _save(figure, path)


# ----- a small network as a diagram ------------------------------------------------------

MAX_DRAWN_NEURONS = 10
MAX_LABELLED_NEURONS = 3


def plot_network(network: "Network", path: str, title: Optional[str] = None) -> str:
    """The network as circles (inputs x1.., neurons h1.., o1..) joined by its weights.

    Every edge is labelled with its parameter name and value ("w1 = 0.53"), blue for
    a positive weight and red for a negative one, thicker for a larger |w|; each
    neuron's bias is written under it ("b1 = 0.00"). For small networks: at most
    10 neurons in a layer, and the edges are labelled only when no layer has more
    than 3 (else the labels would cover each other). 650 x 400 pixels.
    """
    _check_path(path)
    _check_drawable(network)
    figure = _new_figure(6.5, 4.0)
    axes = figure.add_subplot(1, 1, 1)
    _draw_network_on(axes, network, title, _largest_weight([network]))
    figure.tight_layout()
    _same_scale_across_and_up(figure, axes)
    return _save(figure, path)


def plot_network_before_after(before: "Network", after: "Network", path: str,
                              titles: Tuple[str, str] = ("before training",
                                                         "after training")) -> str:
    """Two diagrams side by side (see ``plot_network``): ``before`` and ``after``,
    usually a copy of the network taken before training and the trained network.
    Line widths use one scale for both panels. 1300 x 400 pixels."""
    _check_path(path)
    _check_drawable(before)
    _check_drawable(after)
    if before.sizes != after.sizes:
        raise ValueError(f"before and after must have the same sizes, got {before.sizes} "
                         f"and {after.sizes}")
    figure = _new_figure(13.0, 4.0)
    largest = _largest_weight([before, after])
    for panel, (network, title) in enumerate(zip((before, after), titles), start=1):
        axes = figure.add_subplot(1, 2, panel)
        _draw_network_on(axes, network, title, largest)
    figure.tight_layout()
    for axes in figure.axes:
        _same_scale_across_and_up(figure, axes)
    return _save(figure, path)


def _check_drawable(network: "Network") -> None:
    for size in network.sizes:
        if size > MAX_DRAWN_NEURONS:
            raise ValueError(f"plot_network draws layers of up to {MAX_DRAWN_NEURONS} "
                             f"neurons; this network has sizes {network.sizes} (for "
                             f"784 inputs, see plot_hidden_weights)")


def _same_scale_across_and_up(figure, axes) -> None:
    """Widen the x or the y limits so that one unit is as long across as up (the
    neurons' circles come out round) without moving or resizing the axes, which
    tight_layout has placed to leave room for the title."""
    box = axes.get_position()
    width_inches = box.width * figure.get_figwidth()
    height_inches = box.height * figure.get_figheight()
    x_low, x_high = axes.get_xlim()
    y_low, y_high = axes.get_ylim()
    units_per_inch = max((x_high - x_low) / width_inches, (y_high - y_low) / height_inches)
    x_centre, y_centre = (x_low + x_high) / 2.0, (y_low + y_high) / 2.0
    axes.set_xlim(x_centre - units_per_inch * width_inches / 2.0,
                  x_centre + units_per_inch * width_inches / 2.0)
    axes.set_ylim(y_centre - units_per_inch * height_inches / 2.0,
                  y_centre + units_per_inch * height_inches / 2.0)


def _largest_weight(networks: Sequence["Network"]) -> float:
    largest = 0.0
    for network in networks:
        for neuron in network.neurons:
            for w in neuron.weights:
                largest = max(largest, abs(w))
    return largest if largest > 0.0 else 1.0


def _node_positions(sizes: Sequence[int]) -> List[List[Tuple[float, float]]]:
    """positions[layer][j] = (x, y) of node j: layers 3 units apart, nodes 2 apart,
    each layer centred on y = 0, the first node at the top."""
    positions = []
    for layer, size in enumerate(sizes):
        column = []
        for j in range(size):
            column.append((3.0 * layer, (size - 1) - 2.0 * j))
        positions.append(column)
    return positions


def _draw_network_on(axes, network: "Network", title: Optional[str],
                     largest_weight: float) -> None:
    from matplotlib.patches import Circle

    positions = _node_positions(network.sizes)
    radius = 0.45
    # With more than 3 neurons in a layer the labels would cover each other.
    label_edges = max(network.sizes) <= MAX_LABELLED_NEURONS
    # Edges first, so that the circles are drawn over their ends.
    for layer_index, layer in enumerate(network.layers):
        for j, neuron in enumerate(layer.neurons):
            x_end, y_end = positions[layer_index + 1][j]
            names = network.weight_names[neuron.name]
            for i, w in enumerate(neuron.weights):
                x_start, y_start = positions[layer_index][i]
                color = WEIGHT_COLORS[1] if w >= 0 else WEIGHT_COLORS[0]
                width = 0.5 + 4.5 * abs(w) / largest_weight
                axes.plot([x_start, x_end], [y_start, y_end], color=color,
                          linewidth=width, alpha=0.75, zorder=1)
                if not label_edges:
                    continue
                # The label sits 70% of the way along, near the neuron that owns the
                # weight: edges into one neuron are then labelled next to each other.
                x_label = x_start + 0.7 * (x_end - x_start)
                y_label = y_start + 0.7 * (y_end - y_start)
                axes.text(x_label, y_label, f"{names[i]} = {w:.2f}", fontsize=9,
                          ha="center", va="center", zorder=3,
                          bbox={"boxstyle": "round,pad=0.2", "facecolor": "white",
                                "edgecolor": color, "linewidth": 0.8})
    # Nodes: inputs x1, x2, ... (grey), then every neuron with its bias underneath.
    for i, (x, y) in enumerate(positions[0]):
        axes.add_patch(Circle((x, y), radius, facecolor="#eeeeee", edgecolor="black",
                              zorder=2))
        axes.text(x, y, f"x{i + 1}", ha="center", va="center", fontsize=11, zorder=4)
    for layer_index, layer in enumerate(network.layers):
        for j, neuron in enumerate(layer.neurons):
            x, y = positions[layer_index + 1][j]
            axes.add_patch(Circle((x, y), radius, facecolor="#fff2cc",
                                  edgecolor="black", zorder=2))
            axes.text(x, y, neuron.name, ha="center", va="center", fontsize=11,
                      fontweight="bold", zorder=4)
            axes.text(x, y - radius - 0.25, f"{network.bias_names[neuron.name]} = "
                      f"{neuron.bias:.2f}", ha="center", va="top", fontsize=9, zorder=4)
        # The layer's activation, under its lowest node.
        x_last, y_last = positions[layer_index + 1][-1]
        axes.text(x_last, y_last - radius - 0.85, layer.activation_name, ha="center",
                  va="top", fontsize=9, style="italic", color="#555555")
    tallest = max(network.sizes)
    axes.set_xlim(-1.0, 3.0 * (len(network.sizes) - 1) + 1.0)
    axes.set_ylim(-(tallest - 1) - 1.8, (tallest - 1) + 0.8)
    axes.axis("off")
    if title:
        axes.set_title(title)


# ----- decision boundaries of 2-input classifiers ----------------------------------------

Bounds = Tuple[float, float, float, float]   # (x1_min, x1_max, x2_min, x2_max)


def data_bounds(X: Sequence[Sequence[float]], margin: float = 0.25) -> Bounds:
    """A square around the 2-D points X with ``margin`` to spare on every side,
    so that pictures of different epochs (and the GIF's frames) share their axes."""
    if len(X) == 0:
        raise ValueError("data_bounds needs at least one point")
    x1_min = x1_max = X[0][0]
    x2_min = x2_max = X[0][1]
    for point in X:
        x1_min, x1_max = min(x1_min, point[0]), max(x1_max, point[0])
        x2_min, x2_max = min(x2_min, point[1]), max(x2_max, point[1])
    half = max(x1_max - x1_min, x2_max - x2_min) / 2.0 + margin
    x1_centre, x2_centre = (x1_min + x1_max) / 2.0, (x2_min + x2_max) / 2.0
    return (x1_centre - half, x1_centre + half, x2_centre - half, x2_centre + half)


def class_1_probability(network: "Network", x: Sequence[float]) -> float:
    """The network's probability that point x is in class 1: its output for one
    (sigmoid) output neuron, or p_1 for two (softmax) output neurons."""
    outputs = network.forward(x)
    if len(outputs) == 1:
        return outputs[0]
    if len(outputs) == 2:
        return outputs[1]
    raise ValueError(f"decision boundaries are drawn for 2 classes (1 or 2 outputs), "
                     f"this network has {len(outputs)} outputs")


def probability_grid(network: "Network", bounds: Bounds,
                     resolution: int = 60) -> List[List[float]]:
    """grid[row][col] = class_1_probability at the centre of cell (row, col) when the
    square ``bounds`` is cut into resolution x resolution cells; row 0 is the
    bottom (smallest x2). Plain Python: resolution^2 forward passes."""
    if network.sizes[0] != 2:
        raise ValueError(f"decision boundaries need a network with 2 inputs, this one has "
                         f"{network.sizes[0]}")
    x1_min, x1_max, x2_min, x2_max = bounds
    grid = []
    for row in range(resolution):
        x2 = x2_min + (row + 0.5) * (x2_max - x2_min) / resolution
        values = []
        for col in range(resolution):
            x1 = x1_min + (col + 0.5) * (x1_max - x1_min) / resolution
            values.append(class_1_probability(network, [x1, x2]))
        grid.append(values)
    return grid


def _draw_boundary_on(axes, network: "Network", X, y, bounds: Bounds, resolution: int,
                      title: str) -> None:
    """Shade the plane by the network's probability of class 1, draw the line where
    it is 0.5 (the decision boundary), and the data points coloured by their class."""
    grid = probability_grid(network, bounds, resolution)
    x1_min, x1_max, x2_min, x2_max = bounds
    axes.imshow(grid, origin="lower", extent=bounds, cmap=PROBABILITY_CMAP, vmin=0.0,
                vmax=1.0, alpha=0.45, interpolation="bilinear", aspect="auto")
    lowest, highest = 1.0, 0.0
    for values in grid:
        lowest, highest = min(lowest, min(values)), max(highest, max(values))
    if lowest < 0.5 < highest:  # otherwise the whole square is one class: no line
        centres_x1, centres_x2 = [], []
        for k in range(resolution):
            centres_x1.append(x1_min + (k + 0.5) * (x1_max - x1_min) / resolution)
            centres_x2.append(x2_min + (k + 0.5) * (x2_max - x2_min) / resolution)
        axes.contour(centres_x1, centres_x2, grid, levels=[0.5], colors="black",
                     linewidths=1.5)
    for label in (0, 1):
        xs, ys = [], []
        for point, target in zip(X, y):
            if round(float(target)) == label:
                xs.append(point[0])
                ys.append(point[1])
        axes.scatter(xs, ys, s=14, color=CLASS_COLORS[label], edgecolors="white",
                     linewidths=0.5, label=f"class {label}")
    axes.set_xlim(x1_min, x1_max)
    axes.set_ylim(x2_min, x2_max)
    axes.set_xticks([])
    axes.set_yticks([])
    axes.set_title(title, fontsize=10)


def _snapshot_title(epoch: int, network: "Network", X, y) -> str:
    accuracy = network.evaluate(X, y)["accuracy"]
    return f"epoch {epoch}: {100.0 * accuracy:.1f}% right"


def plot_decision_boundary(network: "Network", X: Sequence[Sequence[float]],
                           y: Sequence[float], path: str, title: Optional[str] = None,
                           resolution: int = 60) -> str:
    """One 2-input classifier over the plane: the background is its probability of
    class 1 (blue 0 to red 1), the black line where it is 0.5 is the decision
    boundary, and the points (X, y) are coloured by their true class. 500 x 500 pixels.
    """
    _check_path(path)
    figure = _new_figure(5.0, 5.0)
    axes = figure.add_subplot(1, 1, 1)
    if title is None:
        accuracy = network.evaluate(X, y)["accuracy"]
        title = f"decision boundary: {100.0 * accuracy:.1f}% right"
    _draw_boundary_on(axes, network, X, y, data_bounds(X), resolution, title)
    figure.tight_layout()
    return _save(figure, path)


PANEL_WIDTH, PANEL_HEIGHT = 3.25, 3.5   # inches per panel of plot_decision_boundaries


def plot_decision_boundaries(snapshots: Sequence[Tuple[int, "Network"]],
                             X: Sequence[Sequence[float]], y: Sequence[float], path: str,
                             title: Optional[str] = None, columns: int = 3,
                             resolution: int = 50) -> str:
    """The decision boundary at several points of training, one panel per snapshot.

    ``snapshots`` is a list of (epoch, network) pairs, each network a copy taken
    after that many epochs (``copy.deepcopy(net)``); each panel is drawn as in
    ``plot_decision_boundary`` and titled with its epoch and accuracy. Panels fill
    rows of ``columns``: the PNG is columns * 325 by rows * 350 pixels.
    """
    _check_path(path)
    if len(snapshots) == 0:
        raise ValueError("plot_decision_boundaries needs at least one (epoch, network)")
    columns = min(columns, len(snapshots))
    rows = (len(snapshots) + columns - 1) // columns
    figure = _new_figure(columns * PANEL_WIDTH, rows * PANEL_HEIGHT)
    bounds = data_bounds(X)
    for panel, (epoch, network) in enumerate(snapshots, start=1):
        axes = figure.add_subplot(rows, columns, panel)
        _draw_boundary_on(axes, network, X, y, bounds, resolution,
                          _snapshot_title(epoch, network, X, y))
    if title:
        figure.suptitle(title)
    figure.tight_layout()
    return _save(figure, path)


def animate_decision_boundary(snapshots: Sequence[Tuple[int, "Network"]],
                              X: Sequence[Sequence[float]], y: Sequence[float],
                              path: str, title: Optional[str] = None, fps: int = 4,
                              resolution: int = 40) -> str:
    """An animated GIF with one frame per (epoch, network) snapshot, drawn as in
    ``plot_decision_boundary``; the last frame is shown twice as long. Needs Pillow
    (raises PlotsUnavailable without it). 500 x 500 pixels."""
    _check_path(path, ".gif")
    if len(snapshots) == 0:
        raise ValueError("animate_decision_boundary needs at least one (epoch, network)")
    figure = _new_figure(5.0, 5.0)
    if not pillow_available():
        raise PlotsUnavailable("Pillow is not installed (pip install pillow): "
                               "matplotlib needs it to write GIFs")
    from matplotlib.animation import PillowWriter

    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    bounds = data_bounds(X)
    axes = figure.add_subplot(1, 1, 1)
    writer = PillowWriter(fps=fps)
    with writer.saving(figure, path, DPI):
        frames = list(snapshots) + [snapshots[-1]]
        for epoch, network in frames:
            axes.clear()
            frame_title = _snapshot_title(epoch, network, X, y)
            if title:
                frame_title = f"{title}\n{frame_title}"
            _draw_boundary_on(axes, network, X, y, bounds, resolution, frame_title)
            figure.tight_layout()
            writer.grab_frame()
    return path


# ----- regression ----------------------------------------------------------------------

def plot_regression_fit(x_data: Sequence[float], y_data: Sequence[float],
                        x_line: Sequence[float],
                        lines: Sequence[Tuple[str, Sequence[float]]], path: str,
                        title: str = "Regression fit") -> str:
    """Data points (x_data, y_data) as dots and curves through x_line, one per
    (label, y values) in ``lines``: e.g. the true function first (dashed), then the
    network's predictions at several epochs, the last drawn thickest. 800 x 450 pixels.
    """
    _check_path(path)
    if len(x_data) != len(y_data):
        raise ValueError(f"x_data has {len(x_data)} values but y_data has {len(y_data)}")
    for label, ys in lines:
        if len(ys) != len(x_line):
            raise ValueError(f"line {label!r} has {len(ys)} values, x_line has "
                             f"{len(x_line)}: give one y per x")
    figure = _new_figure(8.0, 4.5)
    axes = figure.add_subplot(1, 1, 1)
    axes.scatter(list(x_data), list(y_data), s=14, color="#777777", alpha=0.7,
                 label="training data", zorder=2)
    # Shade where the curves go beyond the data: the network saw nothing there.
    if len(x_data) > 0 and len(x_line) > 0:
        data_low, data_high = min(x_data), max(x_data)
        line_low, line_high = min(x_line), max(x_line)
        if line_low < data_low:
            axes.axvspan(line_low, data_low, color="#eeeeee", zorder=0,
                         label="no training data")
        if line_high > data_high:
            label = "no training data" if line_low >= data_low else None
            axes.axvspan(data_high, line_high, color="#eeeeee", zorder=0, label=label)
    for k, (label, ys) in enumerate(lines):
        # The first line (usually the true function) dashed, the last (the final
        # fit) thick, any in between thin.
        linestyle = "--" if k == 0 and len(lines) > 1 else "-"
        linewidth = 2.5 if k == len(lines) - 1 else 1.5
        axes.plot(list(x_line), list(ys), linestyle=linestyle, linewidth=linewidth,
                  label=label, zorder=3)
    axes.set_xlabel("x")
    axes.set_ylabel("y")
    axes.set_title(title)
    axes.grid(True, alpha=0.3)
    # Outside the axes, on the right: inside, it would hide data or curves.
    axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9)
    axes.set_xlim(min(x_line), max(x_line))
    figure.tight_layout()
    return _save(figure, path)


# ----- handwritten digits ----------------------------------------------------------------

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
