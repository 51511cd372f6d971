"""Every neuron's own picture: what each neuron of a 2-input network computes.

A network with two inputs reads a point (x1, x2) of the plane. Every neuron, not
only the output, then has a value at every point of that plane: its ``output``
after ``network.forward([x1, x2])``. Drawn as a small map inside the neuron's
circle of the network diagram, these values show the idea of one object per
neuron: in XOR, h1 draws one line across the plane, h2 another, and o1 combines
the two.

    neuron_output_grid              every neuron's output at the centre of every grid
                                    cell (plain Python: works without matplotlib)
    neuron_view_bounds              the square of the plane the pictures show
    neuron_views_figure             one network: the diagram with a map in each circle
    neuron_views_over_training_figure   the same at several epochs, one panel each
    animate_neuron_views            the same as an animated GIF
(and plot_neuron_views, plot_neuron_views_over_training: the figures as PNG files)

How to read a picture:

* Each circle is the same round piece of the input plane (the disc drawn on the
  "input plane" panel): x1 grows to the right, x2 upwards, as in the data.
* Its colour is that neuron's output there: blue for the activation's low end
  (0 for sigmoid, -1 for tanh), white in the middle, red for the high end. The
  colour bars give the numbers. Red and blue mean only this, a value from low to
  high (a data point's class is its target: class 1 red, class 0 blue).
* The dashed line in a circle is where the neuron's weighted sum z is 0 (sigmoid
  output 0.5, tanh 0, the edge of a ReLU's "on" region; p = 0.5 for a softmax
  output). In the first hidden layer it is a straight line, w1*x1 + w2*x2 + b = 0.
* Each edge is one weight: green if positive, purple if negative (colours kept for
  weights only), thicker for a larger |w|. In a small network (no layer of more than
  3 nodes and no more than 6 weights between two layers: 2-2-1, 2-3-1, 2-3-2,
  2-3-2-1) every edge is labelled with its
  name and value (w1 = 4.52), and each neuron's bias is written under it; bigger
  networks (up to MAX_NEURON_VIEWS = 12 neurons in a layer) are drawn more tightly,
  with only the neurons' names.
* The data points are drawn on the input plane and on the output neurons' maps,
  marked by their true class: a blue circle for class 0, a red triangle for class 1.
"""
from __future__ import annotations

import math
import os
from typing import TYPE_CHECKING, Dict, List, Optional, Sequence, Tuple

from network.layer import SoftmaxLayer
from network.plots._common import (CLASS_COLORS, CLASS_MARKERS, DPI, PROBABILITY_CMAP,
                                   WEIGHT_COLORS, PlotsUnavailable, _check_path,
                                   _mark_colour_bar, _new_figure, _save, edge_key_handles,
                                   edge_width, pillow_available)
from network.plots.boundaries import Bounds, _snapshot_title, data_bounds
from network.plots.diagrams import (MAX_LABELLED_NEURONS, _largest_weight,
                                    _node_positions, _same_scale_across_and_up)

if TYPE_CHECKING:  # only for the type hints
    from network.network import Network

Grids = Dict[str, List[List[float]]]   # neuron name -> grid[row][col]

# Layers of more than this many neurons are refused: their circles would be too
# small to see anything in.
MAX_NEURON_VIEWS = 12

# The diagram in its own units: layers 3.6 apart, nodes 3 apart, circles of radius 1.
ACROSS, DOWN, RADIUS = 3.6, 3.0, 1.0
# Weights are written on the edges only when no two neighbouring layers have more
# than this many edges between them (and no layer more than MAX_LABELLED_NEURONS).
MAX_LABELLED_EDGES = 6
COMPACT_DOWN = 2.5   # nodes closer together when no text goes between them
INPUT_RADIUS = 0.6   # the inputs x1, x2 have no map: smaller circles

# Inches per panel of plot_neuron_views_over_training, and of the strip under the
# panels that holds the colour bars and the weight legend.
NEURON_PANEL_WIDTH, NEURON_PANEL_HEIGHT = 5.0, 4.0
LEGEND_STRIP_HEIGHT = 1.0

# A neuron's output is coloured from blue (low) through white to red (high), the
# same colours as the class-1 probability of plot_decision_boundary.
OUTPUT_CMAP = PROBABILITY_CMAP

# More than two classes: one colour each (two classes use CLASS_COLORS).
MANY_CLASS_COLORS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
                     "#e377c2", "#7f7f7f", "#bcbd22", "#17becf")


# ----- the numbers: every neuron's output over the plane (plain Python) ------------------

def neuron_output_grid(network: "Network", bounds: Bounds,
                       resolution: int = 40) -> Grids:
    """grids[name][row][col] = the output of neuron ``name`` (h1, h2, ..., o1, ...)
    after ``network.forward([x1, x2])`` at the centre of cell (row, col), when the
    rectangle ``bounds`` = (x1_min, x1_max, x2_min, x2_max) is cut into
    resolution x resolution cells; row 0 is the bottom (smallest x2), column 0 the
    left (smallest x1), as in ``probability_grid``:

        x1 = x1_min + (col + 0.5) * (x1_max - x1_min) / resolution
        x2 = x2_min + (row + 0.5) * (x2_max - x2_min) / resolution

    The values are read from the neuron objects after each forward pass, not
    computed a second time: ``neuron.output``, except in a softmax output layer,
    where ``neuron.output`` is the weighted sum z_k and the value given is the
    layer's probability p_k (``layer.outputs[k]``). The forward pass is the plain
    one (no dropout). Plain Python, no matplotlib: resolution^2 forward passes.
    Afterwards the neurons hold the values of the last grid point.
    """
    _check_two_inputs(network, "neuron_output_grid")
    if isinstance(resolution, bool) or not isinstance(resolution, int) or resolution < 1:
        raise ValueError(f"resolution must be a whole number >= 1, got {resolution!r}")
    x1_min, x1_max, x2_min, x2_max = bounds
    grids: Grids = {}
    for neuron in network.neurons:
        grids[neuron.name] = []
    for row in range(resolution):
        x2 = x2_min + (row + 0.5) * (x2_max - x2_min) / resolution
        for neuron in network.neurons:
            grids[neuron.name].append([])
        for col in range(resolution):
            x1 = x1_min + (col + 0.5) * (x1_max - x1_min) / resolution
            network.forward([x1, x2])
            for layer in network.layers:
                for k, neuron in enumerate(layer.neurons):
                    if isinstance(layer, SoftmaxLayer):
                        value = layer.outputs[k]   # p_k; neuron.output is z_k here
                    else:
                        value = neuron.output
                    grids[neuron.name][row].append(value)
    return grids


def neuron_view_bounds(X: Sequence[Sequence[float]], margin: float = 0.25) -> Bounds:
    """The square of the input plane that each neuron's circle shows.

    The circle is the disc inscribed in this square. So that no data point falls
    outside the disc, the square is ``data_bounds(X, margin)`` (a square around the
    points) widened about its centre by sqrt(2): its inscribed disc then holds the
    whole of data_bounds, corners included.
    """
    x1_min, x1_max, x2_min, x2_max = data_bounds(X, margin)
    half = (x1_max - x1_min) / 2.0 * math.sqrt(2.0)
    x1_centre, x2_centre = (x1_min + x1_max) / 2.0, (x2_min + x2_max) / 2.0
    return (x1_centre - half, x1_centre + half, x2_centre - half, x2_centre + half)


def _check_two_inputs(network: "Network", who: str) -> None:
    if network.sizes[0] != 2:
        raise ValueError(f"{who} needs a network with 2 inputs (a point (x1, x2) of the "
                         f"plane); this one has sizes {network.sizes}")


def _check_viewable(network: "Network", who: str) -> None:
    """Two inputs, and no layer too big to draw."""
    _check_two_inputs(network, who)
    for size in network.sizes[1:]:
        if size > MAX_NEURON_VIEWS:
            raise ValueError(f"{who} draws layers of up to {MAX_NEURON_VIEWS} neurons "
                             f"(MAX_NEURON_VIEWS); this network has sizes {network.sizes}")


def _class_of(target) -> int:
    """The class index of a label: 0.0 / 1.0 for one output, an index, or one-hot."""
    if isinstance(target, (list, tuple)):
        if len(target) == 1:
            return int(round(float(target[0])))
        best = 0
        for k in range(len(target)):
            if target[k] > target[best]:
                best = k
        return best
    return int(round(float(target)))


def _class_marker(label: int, n_classes: int) -> str:
    """Two classes: a circle for class 0, a triangle for class 1; more: circles."""
    return CLASS_MARKERS[label] if n_classes <= 2 else "o"


def _class_handles(n_classes: int):
    """Legend entries for the data points, drawn as ``_draw_points_in`` draws them."""
    from matplotlib.lines import Line2D

    handles = []
    for label in range(n_classes):
        text = f"class {label} (target {label})" if n_classes <= 2 else f"class {label}"
        handles.append(Line2D([0], [0], linestyle="none",
                              marker=_class_marker(label, n_classes), markersize=7,
                              markerfacecolor=_class_color(label, n_classes),
                              markeredgecolor="black", label=text))
    return handles


def _class_color(label: int, n_classes: int) -> str:
    if n_classes <= 2:
        return CLASS_COLORS[label]
    return MANY_CLASS_COLORS[label % len(MANY_CLASS_COLORS)]


# ----- colour scales: one per layer, shared by every panel or frame ----------------------

def layer_ranges(networks: Sequence["Network"],
                 all_grids: Sequence[Grids]) -> List[Tuple[float, float]]:
    """(low, high) of the colour scale of each layer: the activation's own range
    (sigmoid and softmax 0 to 1, tanh -1 to 1) or, for ReLU (0 to the largest output)
    and identity (-m to m, m the largest |output|), the values of every network."""
    ranges = []
    for index, layer in enumerate(networks[0].layers):
        name = layer.activation_name
        if name in ("sigmoid", "softmax"):
            ranges.append((0.0, 1.0))
            continue
        if name == "tanh":
            ranges.append((-1.0, 1.0))
            continue
        largest = 0.0
        for network, grids in zip(networks, all_grids):
            for neuron in network.layers[index].neurons:
                for values in grids[neuron.name]:
                    for value in values:
                        largest = max(largest, abs(value))
        largest = largest if largest > 0.0 else 1.0
        ranges.append((0.0, largest) if name == "relu" else (-largest, largest))
    return ranges


def _middle_level(activation_name: str, low: float, high: float) -> float:
    """The output value where z = 0, drawn as the neuron's dashed line: g(0)."""
    if activation_name in ("sigmoid", "softmax"):
        return 0.5        # sigmoid(0); for softmax the level p = 0.5 instead
    if activation_name == "relu":
        # relu(0) = 0 is also the value of the whole "off" side; a level just above
        # it traces the edge of the region where the ReLU is on.
        return 1e-6 * high
    return 0.0            # tanh(0) and identity(0)


def _names_of(layers) -> str:
    """"h1, h2, h3" for up to three neurons, else "h1..h8"."""
    names = []
    for layer in layers:
        for neuron in layer.neurons:
            names.append(neuron.name)
    if len(names) <= 3:
        return ", ".join(names)
    return f"{names[0]}..{names[-1]}"


def _add_colour_bars(figure, network: "Network", ranges: List[Tuple[float, float]],
                     rectangles: List[Tuple[float, float, float, float]],
                     orientation: str, fontsize: float) -> None:
    """One colour bar per different scale (layers with the same activation and range
    share one), in the figure rectangles given (fractions of the figure)."""
    from matplotlib.cm import ScalarMappable
    from matplotlib.colors import Normalize

    groups: List[Tuple[str, float, float, list]] = []
    for layer, (low, high) in zip(network.layers, ranges):
        for group in groups:
            if group[0] == layer.activation_name and group[1] == low and group[2] == high:
                group[3].append(layer)
                break
        else:
            groups.append((layer.activation_name, low, high, [layer]))
    for (activation_name, low, high, layers), rectangle in zip(groups, rectangles):
        cax = figure.add_axes(rectangle)
        mappable = ScalarMappable(norm=Normalize(vmin=low, vmax=high), cmap=OUTPUT_CMAP)
        bar = figure.colorbar(mappable, cax=cax, orientation=orientation)
        what = "p" if activation_name == "softmax" else "output"
        bar.set_label(f"{_names_of(layers)}: {what} ({activation_name})", fontsize=fontsize)
        bar.ax.tick_params(labelsize=fontsize - 1)
        _mark_colour_bar(bar)


def _add_weight_legend(figure, largest_weight: float, has_softmax: bool, location,
                       fontsize: float, columns: int = 1) -> None:
    from matplotlib.lines import Line2D

    line = "z = 0 (softmax: p = 0.5)" if has_softmax else "z = 0: the neuron's line"
    handles = edge_key_handles(largest_weight, [
        Line2D([0], [0], color="black", linewidth=1.5, linestyle="--", label=line)])
    loc, anchor = location
    figure.legend(handles=handles, loc=loc, bbox_to_anchor=anchor, fontsize=fontsize,
                  title="edges: one weight each", title_fontsize=fontsize, ncol=columns,
                  frameon=False)


_edge_width = edge_width     # the width of an edge: one rule for every diagram


# ----- drawing one network ---------------------------------------------------------------

class _Layout:
    """Where ``_draw_neuron_views_on`` puts everything on one axes, and how big.

    roomy            no layer has more than MAX_LABELLED_NEURONS (3) nodes and no two
                     neighbouring layers more than MAX_LABELLED_EDGES (6) weights
                     between them: every edge is labelled with its weight, each
                     neuron's name is written above it and its bias below (a 2-2-1,
                     2-3-1 or 2-3-2-1 network). Otherwise the circles sit closer together,
                     each name is a small tag at the circle's upper left, and the
                     weights and biases are not written (they would cover each other).
    positions        positions[layer][j] = (x, y) of node j, in the diagram's units
    points_per_unit  how many points (1/72 inch) one unit of the diagram is long
    name_size, text_size, input_size   font sizes in points
    point_area       the size (matplotlib's s, points squared) of a data point
    """

    def __init__(self, axes, network: "Network", fontsize: float, n_points: int):
        self.roomy = _is_roomy(network)
        down = DOWN if self.roomy else COMPACT_DOWN
        top = (max(network.sizes) - 1) * down / 2.0
        y_low = -top - RADIUS - (1.35 if self.roomy else 0.8)
        y_high = top + RADIUS + (0.65 if self.roomy else 0.3)
        # A tall network in a wide box: spread the layers further apart (up to three
        # times) to use the width, which leaves the edges less crowded.
        box = axes.get_position()
        box_aspect = (box.width * axes.figure.get_figwidth()) / (
            box.height * axes.figure.get_figheight())
        fitting = ((y_high - y_low) * box_aspect - INPUT_RADIUS - RADIUS - 0.6) / (
            len(network.sizes) - 1)
        across = max(ACROSS, min(3.0 * ACROSS, fitting))
        self.positions = _node_positions(network.sizes, across, down)
        axes.set_xlim(-INPUT_RADIUS - 0.3, across * (len(network.sizes) - 1) + RADIUS + 0.3)
        axes.set_ylim(y_low, y_high)
        _same_scale_across_and_up(axes.figure, axes)
        x_low, x_high = axes.get_xlim()
        width_inches = axes.get_position().width * axes.figure.get_figwidth()
        self.points_per_unit = 72.0 * width_inches / (x_high - x_low)
        radius_points = RADIUS * self.points_per_unit
        if self.roomy:
            self.name_size, self.text_size = fontsize + 2, fontsize - 1
        else:   # as large as fits next to a small circle
            self.name_size = max(5.0, min(fontsize, 0.5 * radius_points))
            self.text_size = self.name_size
        self.input_size = min(fontsize + 2, 0.9 * INPUT_RADIUS * self.points_per_unit)
        # A data point 1/6 of the circle's radius across (1/11 with many points).
        across_points = radius_points / (6.0 if n_points <= 20 else 11.0)
        self.point_area = across_points ** 2

    def text_box(self, x: float, y: float, text: str, size: float, ha: str,
                 va: str) -> Tuple[float, float, float, float]:
        """(x_low, x_high, y_low, y_high) that ``text`` covers, estimated: a
        character is about 0.6 of the font size wide, a line 1.3 of it high."""
        width = (len(text) * 0.6 * size + 4.0) / self.points_per_unit
        height = 1.3 * size / self.points_per_unit
        x_low = {"left": x, "center": x - width / 2.0, "right": x - width}[ha]
        y_low = {"bottom": y, "center": y - height / 2.0, "top": y - height}[va]
        return (x_low, x_low + width, y_low, y_low + height)


def _is_roomy(network: "Network") -> bool:
    """True if every weight, name and bias can be written (see ``_Layout``)."""
    if max(network.sizes) > MAX_LABELLED_NEURONS:
        return False
    for before, after in zip(network.sizes[:-1], network.sizes[1:]):
        if before * after > MAX_LABELLED_EDGES:
            return False
    return True


def _name_and_bias_boxes(network: "Network", layout: _Layout):
    """neuron name -> [(text, x, y, va), ...]: its name above its circle and its bias
    below (roomy layouts only), placed where ``_draw_neurons`` writes them."""
    texts = {}
    for layer_index, layer in enumerate(network.layers):
        for j, neuron in enumerate(layer.neurons):
            x, y_node = layout.positions[layer_index + 1][j]
            bias = f"{network.bias_names[neuron.name]} = {neuron.bias:.2f}"
            texts[neuron.name] = [(neuron.name, x, y_node + RADIUS + 0.12, "bottom"),
                                  (bias, x, y_node - RADIUS - 0.12, "top")]
    return texts


def _overlaps(box, boxes) -> bool:
    for other in boxes:
        if (box[0] < other[1] and other[0] < box[1] and box[2] < other[3]
                and other[2] < box[3]):
            return True
    return False


def _draw_edges(axes, network: "Network", layout: _Layout, largest_weight: float) -> None:
    """One line per weight, blue if positive, red if negative, as thick as its |w|;
    in roomy layouts labelled "w1 = 0.53"."""
    taken = []   # the boxes of the texts already placed: names, biases, labels
    if layout.roomy:
        for texts in _name_and_bias_boxes(network, layout).values():
            for k, (text, x, y, va) in enumerate(texts):
                size = layout.name_size if k == 0 else layout.text_size
                taken.append(layout.text_box(x, y, text, size, "center", va))
    for layer_index, layer in enumerate(network.layers):
        start_radius = INPUT_RADIUS if layer_index == 0 else RADIUS
        for j, neuron in enumerate(layer.neurons):
            x_end, y_end = layout.positions[layer_index + 1][j]
            names = network.weight_names[neuron.name]
            for i, w in enumerate(neuron.weights):
                x_start, y_start = layout.positions[layer_index][i]
                color = WEIGHT_COLORS[1] if w >= 0 else WEIGHT_COLORS[0]
                axes.plot([x_start, x_end], [y_start, y_end], color=color,
                          linewidth=_edge_width(w, largest_weight), alpha=0.75, zorder=1,
                          solid_capstyle="butt")
                if not layout.roomy:
                    continue
                # The label sits on the edge just before the circle of the neuron
                # that owns the weight, its centre half a label's width (plus a gap)
                # from the circle, so the labels of the edges into one neuron fan out
                # around it. If it would cover a name, a bias or another label, it
                # moves back along its edge, step by step, until it covers none.
                label = f"{names[i]} = {w:.2f}"
                length = math.hypot(x_end - x_start, y_end - y_start)
                box = layout.text_box(0.0, 0.0, label, layout.text_size, "center",
                                      "center")
                half_width = (box[1] - box[0]) / 2.0
                first_back = RADIUS + 0.15 + half_width
                last_back = max(first_back, length - start_radius - half_width)
                back = first_back
                while True:
                    x_label = x_end - back * (x_end - x_start) / length
                    y_label = y_end - back * (y_end - y_start) / length
                    box = layout.text_box(x_label, y_label, label, layout.text_size,
                                          "center", "center")
                    if not _overlaps(box, taken):
                        break
                    if back >= last_back:   # nowhere free: the first place after all
                        x_label = x_end - first_back * (x_end - x_start) / length
                        y_label = y_end - first_back * (y_end - y_start) / length
                        box = layout.text_box(x_label, y_label, label, layout.text_size,
                                              "center", "center")
                        break
                    back = min(back + 0.05, last_back)
                taken.append(box)
                axes.text(x_label, y_label, label, fontsize=layout.text_size,
                          ha="center", va="center", zorder=5,
                          bbox={"boxstyle": "round,pad=0.2", "facecolor": "white",
                                "edgecolor": color, "linewidth": 0.8})


def _draw_neurons(axes, network: "Network", layout: _Layout, grids: Grids,
                  grid_bounds: Bounds, ranges: List[Tuple[float, float]], X, y) -> None:
    """The inputs as grey circles; each neuron as the map of its output clipped to
    its circle, its dashed z = 0 line, its name and bias; the data points on the
    output neurons' maps; each layer's activation under it."""
    from matplotlib.patches import Circle

    for i, (x, y_node) in enumerate(layout.positions[0]):
        axes.add_patch(Circle((x, y_node), INPUT_RADIUS, facecolor="#eeeeee",
                              edgecolor="black", zorder=2))
        axes.text(x, y_node, f"x{i + 1}", ha="center", va="center",
                  fontsize=layout.input_size, zorder=4)
    texts = _name_and_bias_boxes(network, layout)
    for layer_index, layer in enumerate(network.layers):
        low, high = ranges[layer_index]
        is_output = layer_index == len(network.layers) - 1
        for j, neuron in enumerate(layer.neurons):
            x, y_node = layout.positions[layer_index + 1][j]
            extent = (x - RADIUS, x + RADIUS, y_node - RADIUS, y_node + RADIUS)
            grid = grids[neuron.name]
            image = axes.imshow(grid, origin="lower", extent=extent, cmap=OUTPUT_CMAP,
                                vmin=low, vmax=high, interpolation="bilinear", zorder=2)
            disc = Circle((x, y_node), RADIUS, transform=axes.transData)
            image.set_clip_path(disc)
            _draw_middle_line(axes, grid, extent, disc,
                              _middle_level(layer.activation_name, low, high))
            if is_output:
                _draw_points_in(axes, X, y, grid_bounds, (x, y_node), layout.point_area)
            axes.add_patch(Circle((x, y_node), RADIUS, facecolor="none",
                                  edgecolor="black", linewidth=1.5, zorder=4))
            if layout.roomy:
                (name, x_name, y_name, _), (bias, x_bias, y_bias, _) = texts[neuron.name]
                axes.text(x_name, y_name, name, ha="center", va="bottom",
                          fontsize=layout.name_size, fontweight="bold", zorder=5)
                axes.text(x_bias, y_bias, bias, ha="center", va="top",
                          fontsize=layout.text_size, zorder=5)
            else:
                axes.text(x - 0.7 * RADIUS, y_node + 0.7 * RADIUS, neuron.name,
                          ha="right", va="bottom", fontsize=layout.name_size,
                          fontweight="bold", zorder=5,
                          bbox={"boxstyle": "round,pad=0.15", "facecolor": "white",
                                "edgecolor": "none", "alpha": 0.85})
        # The layer's activation, under its lowest node.
        x_last, y_last = layout.positions[layer_index + 1][-1]
        gap = 0.75 if layout.roomy else 0.2
        axes.text(x_last, y_last - RADIUS - gap, layer.activation_name, ha="center",
                  va="top", fontsize=layout.text_size, style="italic", color="#555555")


def _draw_neuron_views_on(axes, network: "Network", grids: Grids, grid_bounds: Bounds,
                          ranges: List[Tuple[float, float]], largest_weight: float,
                          X, y, title: Optional[str], fontsize: float) -> None:
    """The network diagram on ``axes`` (see ``_Layout``), with each neuron's grid
    drawn in its circle and the data points on the output neurons' maps."""
    axes.axis("off")
    if title:
        axes.set_title(title, fontsize=fontsize + 1)
    layout = _Layout(axes, network, fontsize, len(X))
    _draw_edges(axes, network, layout, largest_weight)
    _draw_neurons(axes, network, layout, grids, grid_bounds, ranges, X, y)


def _draw_middle_line(axes, grid, extent, disc, level: float) -> None:
    """The dashed line where the neuron's output crosses ``level`` (where z = 0)."""
    lowest, highest = grid[0][0], grid[0][0]
    for values in grid:
        lowest, highest = min(lowest, min(values)), max(highest, max(values))
    if not lowest < level < highest:
        return  # the neuron is on one side of its line everywhere in the circle
    resolution = len(grid)
    x_low, x_high, y_low, y_high = extent
    xs, ys = [], []
    for k in range(resolution):
        xs.append(x_low + (k + 0.5) * (x_high - x_low) / resolution)
        ys.append(y_low + (k + 0.5) * (y_high - y_low) / resolution)
    contours = axes.contour(xs, ys, grid, levels=[level], colors="black",
                            linewidths=1.5, linestyles="--", zorder=3)
    if hasattr(contours, "collections") and not hasattr(contours, "get_paths"):
        for collection in contours.collections:   # matplotlib before 3.8
            collection.set_clip_path(disc)
    else:
        contours.set_clip_path(disc)


def _draw_points_in(axes, X, y, grid_bounds: Bounds, centre: Tuple[float, float],
                    size: float) -> None:
    """The data points, moved from the square ``grid_bounds`` of the plane into the
    circle of radius RADIUS around ``centre``, coloured by class."""
    x1_min, x1_max, x2_min, x2_max = grid_bounds
    scale = 2.0 * RADIUS / (x1_max - x1_min)
    x_centre, y_centre = centre
    classes = _classes(y)
    n_classes = max(2, max(classes) + 1) if classes else 2
    for label in sorted(set(classes)):
        xs, ys = [], []
        for point, point_class in zip(X, classes):
            if point_class == label:
                xs.append(x_centre + (point[0] - (x1_min + x1_max) / 2.0) * scale)
                ys.append(y_centre + (point[1] - (x2_min + x2_max) / 2.0) * scale)
        # A black ring, so that a blue point shows on a blue map too.
        axes.scatter(xs, ys, s=size, color=_class_color(label, n_classes),
                     marker=_class_marker(label, n_classes), edgecolors="black",
                     linewidths=1.0, zorder=4)


def _classes(y) -> List[int]:
    classes = []
    for target in y:
        classes.append(_class_of(target))
    return classes


def _draw_input_plane(axes, X, y, grid_bounds: Bounds, fontsize: float) -> None:
    """The data in the plane, with the disc that every neuron's circle shows."""
    from matplotlib.patches import Circle

    x1_min, x1_max, x2_min, x2_max = grid_bounds
    centre = ((x1_min + x1_max) / 2.0, (x2_min + x2_max) / 2.0)
    axes.add_patch(Circle(centre, (x1_max - x1_min) / 2.0, facecolor="#f4f4f4",
                          edgecolor="black", linewidth=1.5, zorder=1))
    classes = _classes(y)
    n_classes = max(2, max(classes) + 1) if classes else 2
    for label in sorted(set(classes)):
        xs, ys = [], []
        for point, point_class in zip(X, classes):
            if point_class == label:
                xs.append(point[0])
                ys.append(point[1])
        axes.scatter(xs, ys, s=45, color=_class_color(label, n_classes),
                     marker=_class_marker(label, n_classes), edgecolors="black",
                     linewidths=1.0, zorder=3,
                     label=f"class {label} (target {label})" if n_classes <= 2
                     else f"class {label}")
    axes.set_xlim(x1_min, x1_max)
    axes.set_ylim(x2_min, x2_max)
    axes.set_aspect("equal", adjustable="box")
    axes.set_xlabel("x1", fontsize=fontsize)
    axes.set_ylabel("x2", fontsize=fontsize, rotation=0, labelpad=10)
    axes.tick_params(labelsize=fontsize - 2)
    axes.grid(True, alpha=0.3)
    axes.set_title("the input plane:\nevery circle shows this disc", fontsize=fontsize)
    axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=1,
                fontsize=fontsize - 1, frameon=False)


def _draw_whole_view(figure, network: "Network", grids: Grids, grid_bounds: Bounds,
                     ranges, largest_weight: float, X, y, title: str) -> None:
    """The layout of plot_neuron_views and of every frame of animate_neuron_views
    (a figure twice as wide as high): the input plane on the left, the diagram in
    the middle, the colour bars and the weight legend on the right."""
    fontsize = 11.0 * figure.get_figwidth() / 12.0
    plane = figure.add_axes((0.055, 0.30, 0.17, 0.42))
    _draw_input_plane(plane, X, y, grid_bounds, fontsize)
    diagram = figure.add_axes((0.25, 0.02, 0.54, 0.86))
    _draw_neuron_views_on(diagram, network, grids, grid_bounds, ranges, largest_weight,
                          X, y, None, fontsize)
    # Up to three colour bars side by side (more would be squeezed).
    bars = []
    spacing = min(0.075, 0.19 / len(network.layers))
    for k in range(len(network.layers)):
        bars.append((0.81 + spacing * k, 0.50, 0.014, 0.36))
    _add_colour_bars(figure, network, ranges, bars, "vertical", fontsize - 1)
    has_softmax = isinstance(network.layers[-1], SoftmaxLayer)
    _add_weight_legend(figure, largest_weight, has_softmax,
                       ("upper left", (0.795, 0.46)), fontsize - 1.5)
    figure.suptitle(title, fontsize=fontsize + 3)


def _view_title(network: "Network", X, y) -> str:
    accuracy = network.evaluate(X, y)["accuracy"]
    return f"What each neuron computes: {100.0 * accuracy:.1f}% right"


# ----- the pictures ----------------------------------------------------------------------

def neuron_views_figure(network: "Network", X: Sequence[Sequence[float]], y: Sequence,
                        title: Optional[str] = None, resolution: int = 40):
    """The network diagram with each neuron's own output drawn inside its circle.

    For a network with 2 inputs and up to MAX_NEURON_VIEWS (12) neurons in a layer,
    on 2-D data X with labels y (0/1, or class indices for softmax outputs). On the
    left, the input plane with the data and the disc of it that every circle shows;
    in each hidden and output neuron's circle, its output over that disc (from
    ``neuron_output_grid``, resolution x resolution cells), blue low, red high, with
    a dashed line where its z is 0; the data points again on the output neurons'
    maps. Edges as in ``plot_network``: coloured and sized by the weight, and in a
    small network (see the module docstring) labelled "w1 = 0.53", with each bias
    under its neuron. Colour bars and a legend of the edges on the right.
    1200 x 600 pixels.
    """
    _check_viewable(network, "plot_neuron_views")
    _check_data(X, y, "plot_neuron_views")
    figure = _new_figure(12.0, 6.0)
    grid_bounds = neuron_view_bounds(X)
    grids = neuron_output_grid(network, grid_bounds, resolution)
    ranges = layer_ranges([network], [grids])
    if title is None:
        title = _view_title(network, X, y)
    _draw_whole_view(figure, network, grids, grid_bounds, ranges,
                     _largest_weight([network]), X, y, title)
    return figure


def plot_neuron_views(network: "Network", X: Sequence[Sequence[float]], y: Sequence,
                      path: str, title: Optional[str] = None, resolution: int = 40) -> str:
    """``neuron_views_figure`` written to ``path`` as a 1200 x 600 PNG."""
    _check_path(path)
    return _save(neuron_views_figure(network, X, y, title, resolution), path)


def _check_data(X, y, who: str) -> None:
    if len(X) == 0:
        raise ValueError(f"{who} needs at least one data point, got an empty X")
    if len(X) != len(y):
        raise ValueError(f"{who}: X has {len(X)} points but y has {len(y)} labels: give "
                         f"one label per point")


def _check_snapshots(snapshots, who: str) -> None:
    if len(snapshots) == 0:
        raise ValueError(f"{who} needs at least one (epoch, network)")
    for epoch, network in snapshots:
        _check_viewable(network, who)
        if network.sizes != snapshots[0][1].sizes:
            raise ValueError(f"{who}: every snapshot must have the same sizes, got "
                             f"{snapshots[0][1].sizes} and {network.sizes} (epoch {epoch})")


def neuron_views_over_training_figure(snapshots: Sequence[Tuple[int, "Network"]],
                                      X: Sequence[Sequence[float]], y: Sequence,
                                      title: Optional[str] = None, columns: int = 3,
                                      resolution: int = 30):
    """``plot_neuron_views`` at several points of training, one panel per snapshot.

    ``snapshots`` is a list of (epoch, network) pairs, each network a copy taken
    after that many epochs (``copy.deepcopy(net)``), as for
    ``plot_decision_boundaries``. Each panel is the diagram with every neuron's map,
    titled with its epoch and accuracy; the data points are on the output neurons'
    maps. Every panel uses the same colour scales and the same edge widths, so a
    thicker edge is a larger weight wherever it is. Panels fill rows of ``columns``,
    with the colour bars and the edge legend in a strip under them: the PNG is
    columns * 500 by rows * 400 + 100 pixels.
    """
    _check_snapshots(snapshots, "plot_neuron_views_over_training")
    _check_data(X, y, "plot_neuron_views_over_training")
    columns = max(1, min(columns, len(snapshots)))
    rows = (len(snapshots) + columns - 1) // columns
    width = columns * NEURON_PANEL_WIDTH
    height = rows * NEURON_PANEL_HEIGHT + LEGEND_STRIP_HEIGHT
    figure = _new_figure(width, height)
    grid_bounds = neuron_view_bounds(X)
    networks, all_grids = [], []
    for _epoch, network in snapshots:
        networks.append(network)
        all_grids.append(neuron_output_grid(network, grid_bounds, resolution))
    ranges = layer_ranges(networks, all_grids)
    largest = _largest_weight(networks)
    title_room = 0.75 if title else 0.0   # inches on top for the overall title
    panel_height = (height - LEGEND_STRIP_HEIGHT - title_room) / rows
    for k, (epoch, network) in enumerate(snapshots):
        row, column = k // columns, k % columns
        left = (column * NEURON_PANEL_WIDTH + 0.1) / width
        bottom = (LEGEND_STRIP_HEIGHT + (rows - 1 - row) * panel_height) / height
        axes = figure.add_axes((left, bottom, (NEURON_PANEL_WIDTH - 0.2) / width,
                                (panel_height - 0.35) / height))
        _draw_neuron_views_on(axes, network, all_grids[k], grid_bounds, ranges, largest,
                              X, y, _snapshot_title(epoch, network, X, y), 9.0)
    # The strip under the panels: the edge legend on the right (in two columns when
    # there is room), the colour bars side by side in the width left of it.
    legend_columns = 2 if width >= 9.0 else 1
    room = width - 0.4 - (3.6 if legend_columns == 2 else 2.1)
    count = len(networks[0].layers)
    bar_width = min(1.8, room / count - 0.4)
    bars = []
    for k in range(count):
        bars.append(((0.4 + k * (bar_width + 0.4)) / width, 0.55 / height,
                     bar_width / width, 0.12 / height))
    _add_colour_bars(figure, networks[0], ranges, bars, "horizontal", 8.0)
    # The data points' key, right of the colour bars.
    classes = _classes(y)
    n_classes = max(2, max(classes) + 1) if classes else 2
    figure.legend(handles=_class_handles(n_classes), loc="lower left",
                  bbox_to_anchor=((0.4 + count * (bar_width + 0.4)) / width, 0.0),
                  fontsize=8, title="data points (on the outputs)", title_fontsize=8,
                  frameon=False)
    has_softmax = isinstance(networks[0].layers[-1], SoftmaxLayer)
    _add_weight_legend(figure, largest, has_softmax, ("lower right", (0.99, 0.0)), 8.0,
                       columns=legend_columns)
    if title:
        figure.suptitle(title, fontsize=13)
    return figure


def plot_neuron_views_over_training(snapshots: Sequence[Tuple[int, "Network"]],
                                    X: Sequence[Sequence[float]], y: Sequence, path: str,
                                    title: Optional[str] = None, columns: int = 3,
                                    resolution: int = 30) -> str:
    """``neuron_views_over_training_figure`` written to ``path`` as a PNG of
    columns * 500 by rows * 400 + 100 pixels; returns the path."""
    _check_path(path)
    return _save(neuron_views_over_training_figure(snapshots, X, y, title, columns,
                                                   resolution), path)


def animate_neuron_views(snapshots: Sequence[Tuple[int, "Network"]],
                         X: Sequence[Sequence[float]], y: Sequence, path: str,
                         title: Optional[str] = None, fps: int = 3,
                         resolution: int = 30) -> str:
    """An animated GIF with one frame per (epoch, network) snapshot, each drawn as
    in ``plot_neuron_views`` and titled with its epoch and accuracy; the last frame
    is shown three times as long. Colour scales and edge widths are the same in
    every frame. Needs Pillow (raises PlotsUnavailable without it).
    1000 x 500 pixels.
    """
    _check_path(path, ".gif")
    _check_snapshots(snapshots, "animate_neuron_views")
    _check_data(X, y, "animate_neuron_views")
    figure = _new_figure(10.0, 5.0)
    if not pillow_available():
        raise PlotsUnavailable("Pillow is not installed (pip install pillow): "
                               "matplotlib needs it to write GIFs")
    from matplotlib.animation import PillowWriter

    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    grid_bounds = neuron_view_bounds(X)
    networks, all_grids = [], []
    for _epoch, network in snapshots:
        networks.append(network)
        all_grids.append(neuron_output_grid(network, grid_bounds, resolution))
    ranges = layer_ranges(networks, all_grids)
    largest = _largest_weight(networks)
    writer = PillowWriter(fps=fps)
    frames = list(range(len(snapshots))) + [len(snapshots) - 1] * 2
    with writer.saving(figure, path, DPI):
        for k in frames:
            epoch, network = snapshots[k]
            figure.clear()
            frame_title = _snapshot_title(epoch, network, X, y)
            if title:
                frame_title = f"{title}: {frame_title}"
            _draw_whole_view(figure, network, all_grids[k], grid_bounds, ranges, largest,
                             X, y, frame_title)
            writer.grab_frame()
    return path
