"""A small network drawn as a diagram: circles for the inputs and neurons, lines
for the weights, every edge labelled with its name and value (w1 = 0.53).

    network_figure               plot_network               one network
    network_before_after_figure  plot_network_before_after  the same network before and
                                                            after training, side by side

Under the diagram, a key: what x1, x2, ... are (``inputs``), and what an edge's
colour (the sign of its weight) and thickness (its size) mean.

network/plots/neurons.py reuses the layout helpers below (``_node_positions``,
``_same_scale_across_and_up``, ``_largest_weight``) to draw each neuron's own output
inside its circle.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, List, Optional, Sequence, Tuple

from network.plots._common import (WEIGHT_COLORS, _check_path, _new_figure, _save,
                                   edge_key_handles, edge_width)

if TYPE_CHECKING:  # only for the type hints: importing it here would be circular
    from network.network import Network

MAX_DRAWN_NEURONS = 10
MAX_LABELLED_NEURONS = 3


KEY_HEIGHT = 1.25   # inches under the diagrams for the key


def network_figure(network: "Network", title: Optional[str] = None,
                   inputs: Optional[Sequence[str]] = None):
    """The network as circles (inputs x1.., neurons h1.., o1..) joined by its weights.

    Every edge is labelled with its parameter name and value ("w1 = 0.53"), green
    for a positive weight and purple for a negative one, thicker for a larger |w|;
    each neuron's bias is written under it ("b1 = 0.00"). ``inputs`` says what each
    input is (["weight - 135 lb", "height - 66 in"]); the key under the diagram
    gives it with the edges' colours and widths. For small networks: at most 10
    neurons in a layer, and the edges are labelled only when no layer has more than
    3 (else the labels would cover each other). 650 x 525 pixels.
    """
    _check_drawable(network)
    inputs = _input_descriptions(network, inputs)
    figure = _new_figure(6.5, 4.0 + KEY_HEIGHT)
    axes = figure.add_subplot(1, 1, 1)
    largest = _largest_weight([network])
    _draw_network_on(axes, network, title, largest)
    _add_key(figure, network, inputs, largest)
    figure.tight_layout(rect=(0.0, KEY_HEIGHT / (4.0 + KEY_HEIGHT), 1.0, 1.0))
    _same_scale_across_and_up(figure, axes)
    return figure


def plot_network(network: "Network", path: str, title: Optional[str] = None,
                 inputs: Optional[Sequence[str]] = None) -> str:
    """``network_figure`` written to ``path`` as a 650 x 525 PNG; returns the path."""
    _check_path(path)
    return _save(network_figure(network, title, inputs), path)


def network_before_after_figure(before: "Network", after: "Network",
                                titles: Tuple[str, str] = ("before training",
                                                           "after training"),
                                inputs: Optional[Sequence[str]] = None):
    """Two diagrams side by side (see ``network_figure``): ``before`` and ``after``,
    usually a copy of the network taken before training and the trained network.
    Line widths use one scale for both panels; one key under both. 1300 x 525 pixels."""
    _check_drawable(before)
    _check_drawable(after)
    if before.sizes != after.sizes:
        raise ValueError(f"before and after must have the same sizes, got {before.sizes} "
                         f"and {after.sizes}")
    inputs = _input_descriptions(before, inputs)
    figure = _new_figure(13.0, 4.0 + KEY_HEIGHT)
    largest = _largest_weight([before, after])
    for panel, (network, title) in enumerate(zip((before, after), titles), start=1):
        axes = figure.add_subplot(1, 2, panel)
        _draw_network_on(axes, network, title, largest)
    _add_key(figure, before, inputs, largest)
    figure.tight_layout(rect=(0.0, KEY_HEIGHT / (4.0 + KEY_HEIGHT), 1.0, 1.0))
    for axes in figure.axes:
        _same_scale_across_and_up(figure, axes)
    return figure


def plot_network_before_after(before: "Network", after: "Network", path: str,
                              titles: Tuple[str, str] = ("before training",
                                                         "after training"),
                              inputs: Optional[Sequence[str]] = None) -> str:
    """``network_before_after_figure`` written to ``path`` as a 1300 x 525 PNG."""
    _check_path(path)
    return _save(network_before_after_figure(before, after, titles, inputs), path)


def _input_descriptions(network: "Network", inputs: Optional[Sequence[str]]) -> List[str]:
    """One description per input, "the network's input 1" when none is given."""
    if inputs is None:
        described = []
        for i in range(network.sizes[0]):
            described.append(f"the network's input {i + 1}")
        return described
    if len(inputs) != network.sizes[0]:
        raise ValueError(f"inputs describes {len(inputs)} inputs, but the network has "
                         f"{network.sizes[0]} (sizes {network.sizes})")
    return list(inputs)


def _add_key(figure, network: "Network", inputs: Sequence[str],
             largest_weight: float) -> None:
    """Under the diagram(s): what x1, x2, ... are, on the left; the edges' key
    (colour = sign of the weight, thickness = its size) on the right."""
    lines = []
    for i, description in enumerate(inputs, start=1):
        lines.append(f"x{i} = {description}")
    lines.append("under each neuron: its bias")
    lines.append("in italics: the layer's activation")
    figure.text(0.02, 0.02, "\n".join(lines), ha="left", va="bottom", fontsize=9)
    wide = figure.get_figwidth() >= 10.0
    figure.legend(handles=edge_key_handles(largest_weight), loc="lower right",
                  bbox_to_anchor=(0.99, 0.0), ncol=2 if wide else 1, fontsize=8,
                  frameon=False,
                  title="edges: one weight each", title_fontsize=8)


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


def _node_positions(sizes: Sequence[int], across: float = 3.0,
                    down: float = 2.0) -> List[List[Tuple[float, float]]]:
    """positions[layer][j] = (x, y) of node j: layers ``across`` units apart, nodes
    ``down`` apart, each layer centred on y = 0, the first node at the top."""
    positions = []
    for layer, size in enumerate(sizes):
        column = []
        for j in range(size):
            column.append((across * layer, (size - 1) * down / 2.0 - down * j))
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
                width = edge_width(w, largest_weight)
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
