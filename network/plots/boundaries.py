"""What a 2-input classifier predicts over the plane, and how that changes in training.

    data_bounds                a square around the data points, shared by every panel
    probability_grid           the probability of class 1 at the centre of every cell
                               (plain Python: works without matplotlib)
    decision_boundary_figure   plot_decision_boundary     one network: the shading, the
                                                          0.5 line, the points
    decision_boundaries_figure plot_decision_boundaries   the same at several epochs of
                                                          training, a grid of panels
    animate_decision_boundary  the same as an animated GIF

Every picture has its key: the axes are the inputs x1 and x2; the shading is the
network's probability of class 1 (a colour bar from 0, blue, to 1, red); the black
line is where it is 0.5, the decision boundary; the points are the data, a blue
circle for class 0 and a red triangle for class 1; "% right" counts those points.
"""
from __future__ import annotations

import os
from typing import TYPE_CHECKING, List, Optional, Sequence, Tuple

from network.plots._common import (CLASS_COLORS, CLASS_MARKERS, DPI, PROBABILITY_CMAP,
                                   PlotsUnavailable, _check_path, _mark_colour_bar,
                                   _new_figure, _save, class_key_handles, pillow_available)

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
                      title: str):
    """Shade the plane by the network's probability of class 1, draw the line where
    it is 0.5 (the decision boundary), and the data points marked by their class.
    Returns the shading (for a colour bar)."""
    grid = probability_grid(network, bounds, resolution)
    x1_min, x1_max, x2_min, x2_max = bounds
    shading = axes.imshow(grid, origin="lower", extent=bounds, cmap=PROBABILITY_CMAP,
                          vmin=0.0, vmax=1.0, alpha=0.45, interpolation="bilinear",
                          aspect="auto")
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
            if _class_of(target) == label:
                xs.append(point[0])
                ys.append(point[1])
        axes.scatter(xs, ys, s=16, marker=CLASS_MARKERS[label], color=CLASS_COLORS[label],
                     edgecolors="black", linewidths=0.4, label=f"class {label}")
    axes.set_xlim(x1_min, x1_max)
    axes.set_ylim(x2_min, x2_max)
    axes.tick_params(labelsize=7)
    axes.set_xlabel("x1", fontsize=9, labelpad=1)
    axes.set_ylabel("x2", fontsize=9, labelpad=1)
    axes.set_title(title, fontsize=10)
    return shading


def _class_of(target) -> int:
    """0 or 1 from a target: a number, [number] (one sigmoid output) or a class index."""
    if isinstance(target, (list, tuple)):
        target = target[0] if len(target) == 1 else target.index(max(target))
    return 1 if float(target) >= 0.5 else 0


def _boundary_key_handles():
    """Legend entries: the two classes' markers and the decision boundary's line."""
    from matplotlib.lines import Line2D

    return class_key_handles(2) + [
        Line2D([0], [0], color="black", linewidth=1.5,
               label="decision boundary (probability 0.5)")]


def _add_probability_bar(figure, shading, orientation: str, **where):
    """The colour bar of the shading: the network's probability of class 1."""
    bar = figure.colorbar(shading, orientation=orientation, **where)
    bar.set_label("network's probability of class 1", fontsize=8)
    bar.ax.tick_params(labelsize=7)
    bar.solids.set_alpha(0.45)          # the same pale colours as the shading
    _mark_colour_bar(bar)
    return bar


def _snapshot_title(epoch: int, network: "Network", X, y,
                    points: str = "training points") -> str:
    accuracy = network.evaluate(X, y)["accuracy"]
    return f"epoch {epoch}\n{100.0 * accuracy:.1f}% of the {len(X)} {points} right"


def decision_boundary_figure(network: "Network", X: Sequence[Sequence[float]],
                             y: Sequence[float], title: Optional[str] = None,
                             resolution: int = 60, points: str = "training points"):
    """One 2-input classifier over the plane: the background is its probability of
    class 1 (blue 0 to red 1, with a colour bar), the black line where it is 0.5 is
    the decision boundary, and the points (X, y) are marked by their true class.
    The default title says how many of them (``points``: what they are) the network
    puts on the right side. 500 x 575 pixels.
    """
    figure = _new_figure(5.0, 5.75)
    axes = figure.add_subplot(1, 1, 1)
    if title is None:
        accuracy = network.evaluate(X, y)["accuracy"]
        title = (f"decision boundary\n{100.0 * accuracy:.1f}% of the {len(X)} "
                 f"{points} right")
    shading = _draw_boundary_on(axes, network, X, y, data_bounds(X), resolution, title)
    _add_probability_bar(figure, shading, "vertical", ax=axes, fraction=0.046, pad=0.03)
    figure.legend(handles=_boundary_key_handles(), loc="lower center", ncol=2,
                  fontsize=8, frameon=False)
    figure.tight_layout(rect=(0.0, 0.09, 1.0, 1.0))
    return figure


def plot_decision_boundary(network: "Network", X: Sequence[Sequence[float]],
                           y: Sequence[float], path: str, title: Optional[str] = None,
                           resolution: int = 60, points: str = "training points") -> str:
    """``decision_boundary_figure`` written to ``path`` as a 500 x 575 PNG."""
    _check_path(path)
    return _save(decision_boundary_figure(network, X, y, title, resolution, points), path)


PANEL_WIDTH, PANEL_HEIGHT = 3.25, 3.5   # inches per panel of plot_decision_boundaries
KEY_HEIGHT = 1.0                        # inches under the panels for the key


def decision_boundaries_figure(snapshots: Sequence[Tuple[int, "Network"]],
                               X: Sequence[Sequence[float]], y: Sequence[float],
                               title: Optional[str] = None, columns: int = 3,
                               resolution: int = 50, points: str = "training points"):
    """The decision boundary at several points of training, one panel per snapshot.

    ``snapshots`` is a list of (epoch, network) pairs, each network a copy taken
    after that many epochs (``copy.deepcopy(net)``); each panel is drawn as in
    ``decision_boundary_figure`` and titled with its epoch and how many of the
    points are right. Under the panels, one key for all: the colour bar of the
    probability, the classes' markers and the boundary's line. Panels fill rows of
    ``columns``: the PNG is columns * 325 by rows * 350 + 100 pixels.
    """
    if len(snapshots) == 0:
        raise ValueError("plot_decision_boundaries needs at least one (epoch, network)")
    columns = min(columns, len(snapshots))
    rows = (len(snapshots) + columns - 1) // columns
    width, height = columns * PANEL_WIDTH, rows * PANEL_HEIGHT + KEY_HEIGHT
    figure = _new_figure(width, height)
    bounds = data_bounds(X)
    shading = None
    for panel, (epoch, network) in enumerate(snapshots, start=1):
        axes = figure.add_subplot(rows, columns, panel)
        shading = _draw_boundary_on(axes, network, X, y, bounds, resolution,
                                    _snapshot_title(epoch, network, X, y, points))
    if title:
        figure.suptitle(title)
    figure.tight_layout(rect=(0.0, KEY_HEIGHT / height, 1.0, 1.0))
    # The key: the colour bar on the left half of the strip, the legend on the right.
    bar_axes = figure.add_axes((0.06, 0.55 / height, 0.38, 0.12 / height))
    _add_probability_bar(figure, shading, "horizontal", cax=bar_axes)
    figure.legend(handles=_boundary_key_handles(), loc="lower left",
                  bbox_to_anchor=(0.5, 0.0), ncol=1 if columns < 3 else 2, fontsize=8,
                  frameon=False)
    return figure


def plot_decision_boundaries(snapshots: Sequence[Tuple[int, "Network"]],
                             X: Sequence[Sequence[float]], y: Sequence[float], path: str,
                             title: Optional[str] = None, columns: int = 3,
                             resolution: int = 50, points: str = "training points") -> str:
    """``decision_boundaries_figure`` written to ``path`` as a PNG of columns * 325 by
    rows * 350 + 100 pixels; returns the path."""
    _check_path(path)
    return _save(decision_boundaries_figure(snapshots, X, y, title, columns, resolution,
                                            points), path)


def animate_decision_boundary(snapshots: Sequence[Tuple[int, "Network"]],
                              X: Sequence[Sequence[float]], y: Sequence[float],
                              path: str, title: Optional[str] = None, fps: int = 4,
                              resolution: int = 40, points: str = "training points") -> str:
    """An animated GIF with one frame per (epoch, network) snapshot, drawn as in
    ``decision_boundary_figure`` (colour bar and key included); the last frame is
    shown twice as long. Needs Pillow (raises PlotsUnavailable without it).
    500 x 575 pixels."""
    _check_path(path, ".gif")
    if len(snapshots) == 0:
        raise ValueError("animate_decision_boundary needs at least one (epoch, network)")
    figure = _new_figure(5.0, 5.75)
    if not pillow_available():
        raise PlotsUnavailable("Pillow is not installed (pip install pillow): "
                               "matplotlib needs it to write GIFs")
    from matplotlib.animation import PillowWriter

    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    bounds = data_bounds(X)
    # Fixed places (no tight_layout per frame, so nothing jumps between frames).
    axes = figure.add_axes((0.12, 0.2, 0.66, 0.66))
    bar_axes = figure.add_axes((0.82, 0.2, 0.03, 0.66))
    writer = PillowWriter(fps=fps)
    with writer.saving(figure, path, DPI):
        frames = list(snapshots) + [snapshots[-1]]
        for k, (epoch, network) in enumerate(frames):
            axes.clear()
            frame_title = _snapshot_title(epoch, network, X, y, points)
            if title:
                frame_title = f"{title}\n{frame_title}"
            shading = _draw_boundary_on(axes, network, X, y, bounds, resolution,
                                        frame_title)
            if k == 0:
                _add_probability_bar(figure, shading, "vertical", cax=bar_axes)
                figure.legend(handles=_boundary_key_handles(), loc="lower center",
                              ncol=2, fontsize=8, frameon=False)
            writer.grab_frame()
    return path
