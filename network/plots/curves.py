"""Curves: the loss during training, the activation functions, a regression fit.

    loss_curve_figure      plot_loss_curve      the loss of every epoch (and a validation curve)
    loss_panels_figure     plot_loss_panels     families of curves side by side, one panel each
    activations_figure     plot_activations     sigmoid, ReLU and tanh with their derivatives
    regression_fit_figure  plot_regression_fit  data points and the curves fitted to them

Each ``*_figure`` function returns a matplotlib Figure (shown inline in a notebook, or
inspected by a test); each ``plot_*`` function draws the same figure and writes it as
a PNG, returning the path.
"""
from __future__ import annotations

from typing import Dict, Optional, Sequence, Tuple

from network.plots._common import _check_path, _new_figure, _save
from neuron.activations import get_activation


def _all_positive(*families: Optional[Sequence[float]]) -> bool:
    for values in families:
        if values is None:
            continue
        for value in values:
            if not value > 0:
                return False
    return True


def _log_axis(axes) -> None:
    """A log y axis with ticks at 1, 2 and 5 times each power of 10, labelled 0.02
    rather than 2x10^-2."""
    from matplotlib.ticker import FormatStrFormatter, LogLocator

    axes.set_yscale("log")
    axes.yaxis.set_minor_locator(LogLocator(subs=(2.0, 5.0)))
    axes.yaxis.set_major_formatter(FormatStrFormatter("%g"))
    axes.yaxis.set_minor_formatter(FormatStrFormatter("%g"))


def _whole_epochs(axes) -> None:
    """Ticks of the epoch axis at whole epochs only (no "epoch 1.5")."""
    from matplotlib.ticker import MaxNLocator

    axes.xaxis.set_major_locator(MaxNLocator(integer=True, steps=[1, 2, 5, 10]))


def loss_curve_figure(losses: Sequence[float], validation: Optional[Sequence[float]] = None,
                      title: str = "Loss during training", log_scale: bool = True):
    """The loss of each epoch (the list ``Network.train`` returns) against the epoch.

    ``validation``: an optional second curve, the loss on data the network does not
    train on, one value per epoch. ``log_scale`` (the default) draws the loss on a
    log axis: a loss falls by factors (0.1, 0.01, ...), and on a linear axis
    everything after the first epochs is squashed against the bottom. With a loss
    of 0 or less the axis stays linear. 650 x 400 pixels.
    """
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
    ylabel = "loss"
    if log_scale and _all_positive(losses, validation):
        _log_axis(axes)
        ylabel = "loss (log scale)"
    axes.set_xlabel("epoch")
    axes.set_ylabel(ylabel)
    _whole_epochs(axes)
    axes.set_title(title)
    axes.grid(True, alpha=0.3)
    axes.legend()
    figure.tight_layout()
    return figure


def plot_loss_curve(losses: Sequence[float], path: str,
                    validation: Optional[Sequence[float]] = None,
                    title: str = "Loss during training", log_scale: bool = True) -> str:
    """``loss_curve_figure`` written to ``path`` as a 650 x 400 PNG; returns the path."""
    _check_path(path)
    return _save(loss_curve_figure(losses, validation, title, log_scale), path)


def activations_figure(z_min: float = -5.0, z_max: float = 5.0):
    """sigmoid, ReLU and tanh (solid) and their derivatives dg/dz (dashed), one panel
    each, for z from ``z_min`` to ``z_max``; the values come from neuron.activations.
    1200 x 400 pixels."""
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
                  label=f"d {name}(z) / dz (its slope)")
        axes.set_title(name)
        axes.set_xlabel("z (the weighted sum)")
        axes.set_ylabel("output, slope")
        axes.grid(True, alpha=0.3)
        axes.legend(loc="upper left")
    figure.tight_layout()
    return figure


def plot_activations(path: str, z_min: float = -5.0, z_max: float = 5.0) -> str:
    """``activations_figure`` written to ``path`` as a 1200 x 400 PNG; returns the path."""
    _check_path(path)
    return _save(activations_figure(z_min, z_max), path)


def regression_fit_figure(x_data: Sequence[float], y_data: Sequence[float],
                          x_line: Sequence[float],
                          lines: Sequence[Tuple[str, Sequence[float]]],
                          title: str = "Regression fit"):
    """Data points (x_data, y_data) as dots and curves through x_line, one per
    (label, y values) in ``lines``: e.g. the true function first (dashed), then the
    network's predictions at several epochs, the last drawn thickest. The stretches
    of x_line beyond the data are shaded grey. 800 x 450 pixels.
    """
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
    return figure


def plot_regression_fit(x_data: Sequence[float], y_data: Sequence[float],
                        x_line: Sequence[float],
                        lines: Sequence[Tuple[str, Sequence[float]]], path: str,
                        title: str = "Regression fit") -> str:
    """``regression_fit_figure`` written to ``path`` as an 800 x 450 PNG."""
    _check_path(path)
    return _save(regression_fit_figure(x_data, y_data, x_line, lines, title), path)


HELD_OUT_SUFFIX = " (held out)"
PANEL_SIZE = 5.0            # inches: each panel of loss_panels_figure is 5 wide ...
KEY_HEIGHT = 1.75           # ... and 5 high, plus this strip under it for the key


def loss_panels_figure(panels: Dict[str, Dict[str, Sequence[float]]],
                       ylabel: str = "loss", log_scale: bool = False,
                       ylabels: Optional[Dict[str, str]] = None):
    """Several families of curves side by side, e.g. one panel per dataset with one
    curve per optimizer: ``panels[title][label]`` is a list with one value per epoch.

    A curve labelled "NAME (held out)" is drawn dashed in the colour of the curve
    "NAME", so a run's training and held-out curves read as a pair. The key sits
    under each panel, outside it, so it never covers a curve: one entry per colour
    (with its last value, and the held-out curve's), then what solid and dashed
    mean.
    The epoch axis has ticks at whole epochs.

    ``ylabel`` labels every panel's y axis, unless ``ylabels[title]`` gives that
    panel its own. ``log_scale`` draws the y axes on a log scale (when every value
    is positive). Panels are 5 x 6.75 inches each (the key in the bottom 1.75), in
    one row: 500 * len(panels) x 675 pixels.
    """
    if len(panels) == 0:
        raise ValueError("plot_loss_panels needs at least one panel, got none")
    for title, curves in panels.items():
        if len(curves) == 0:
            raise ValueError(f"panel {title!r} has no curves")
        for label, values in curves.items():
            if len(values) == 0:
                raise ValueError(f"panel {title!r}: curve {label!r} has no values")
    figure = _new_figure(PANEL_SIZE * len(panels), PANEL_SIZE + KEY_HEIGHT)
    from matplotlib.lines import Line2D     # (after _new_figure: matplotlib is there)
    for number, (title, curves) in enumerate(panels.items(), start=1):
        axes = figure.add_subplot(1, len(panels), number)
        # Each run: its training curve and, if there is one, its held-out curve.
        runs = []
        for label, values in curves.items():
            base = label[:-len(HELD_OUT_SUFFIX)] if label.endswith(HELD_OUT_SUFFIX) else None
            if base in curves:
                continue                      # drawn with its run, below
            runs.append((label, values, curves.get(label + HELD_OUT_SUFFIX)))
        handles, has_held_out = [], False
        for label, values, held_out in runs:
            line, = axes.plot(list(range(1, len(values) + 1)), list(values))
            last = f"last {values[-1]:.3g}"
            if held_out is not None:
                has_held_out = True
                axes.plot(list(range(1, len(held_out) + 1)), list(held_out),
                          linestyle="--", color=line.get_color())
                last += f", held out {held_out[-1]:.3g}"
            handles.append(Line2D([0], [0], color=line.get_color(), linewidth=2.0,
                                  label=f"{label}: {last}"))
        if has_held_out:
            handles.append(Line2D([0], [0], color="black", label="solid: training"))
            handles.append(Line2D([0], [0], color="black", linestyle="--",
                                  label="dashed: held out"))
        panel_ylabel = (ylabels or {}).get(title, ylabel)
        if log_scale and _all_positive(*curves.values()):
            _log_axis(axes)
            panel_ylabel += " (log scale)"
        axes.set_title(title)
        axes.set_xlabel("epoch")
        axes.set_ylabel(panel_ylabel)
        _whole_epochs(axes)
        axes.grid(True, alpha=0.3)
        key = axes.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.13),
                          fontsize=8, frameon=False)
        key.set_in_layout(False)       # tight_layout leaves it the strip below
    # The panels fill the top 5 inches; the keys hang in the strip below.
    figure.tight_layout(rect=(0.0, KEY_HEIGHT / (PANEL_SIZE + KEY_HEIGHT), 1.0, 1.0))
    return figure


def plot_loss_panels(panels: Dict[str, Dict[str, Sequence[float]]], path: str,
                     ylabel: str = "loss", log_scale: bool = False,
                     ylabels: Optional[Dict[str, str]] = None) -> str:
    """``loss_panels_figure`` written to ``path`` as a PNG of 500 * len(panels) x 675
    pixels; returns the path."""
    _check_path(path)
    return _save(loss_panels_figure(panels, ylabel, log_scale, ylabels), path)
