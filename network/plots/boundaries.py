"""What a 2-input classifier predicts over the plane, and how that changes in training.

    data_bounds                a square around the data points, shared by every panel
    probability_grid           the probability of class 1 at the centre of every cell
                               (plain Python: works without matplotlib)
    plot_decision_boundary     one network: the shading, the 0.5 line, the points
    plot_decision_boundaries   the same at several epochs of training, a grid of panels
    animate_decision_boundary  the same as an animated GIF
"""
from __future__ import annotations

import os
from typing import TYPE_CHECKING, List, Optional, Sequence, Tuple

from network.plots._common import (CLASS_COLORS, DPI, PROBABILITY_CMAP, PlotsUnavailable,
                                   _check_path, _new_figure, _save, pillow_available)

if TYPE_CHECKING:  # only for the type hints: importing it here would be circular
    from network.network import Network

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
