"""Curves: the loss during training, the activation functions, a regression fit.

    plot_loss_curve      the loss of every epoch (and a validation curve)
    plot_loss_panels     families of curves side by side, one panel each
    plot_activations     sigmoid, ReLU and tanh with their derivatives
    plot_regression_fit  data points and the curves fitted to them
"""
from __future__ import annotations

from typing import Dict, Optional, Sequence, Tuple

from network.plots._common import _check_path, _new_figure, _save
from neuron.activations import get_activation


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


HELD_OUT_SUFFIX = " (held out)"


def plot_loss_panels(panels: Dict[str, Dict[str, Sequence[float]]], path: str,
                     ylabel: str = "loss", log_scale: bool = False) -> str:
    """Several families of curves side by side, e.g. one panel per dataset with one
    curve per optimizer: ``panels[title][label]`` is a list with one value per epoch.

    A curve labelled "NAME (held out)" is drawn dashed in the colour of the curve
    "NAME", so a run's training and held-out curves read as a pair.
    Panels are 5 x 4 inches each, in one row: 500 * len(panels) x 400 pixels.
    """
    _check_path(path)
    if len(panels) == 0:
        raise ValueError("plot_loss_panels needs at least one panel, got none")
    for title, curves in panels.items():
        if len(curves) == 0:
            raise ValueError(f"panel {title!r} has no curves")
        for label, values in curves.items():
            if len(values) == 0:
                raise ValueError(f"panel {title!r}: curve {label!r} has no values")
    figure = _new_figure(5.0 * len(panels), 4.0)
    for number, (title, curves) in enumerate(panels.items(), start=1):
        axes = figure.add_subplot(1, len(panels), number)
        colours = {}
        for label, values in curves.items():
            epochs = list(range(1, len(values) + 1))
            base = label[:-len(HELD_OUT_SUFFIX)] if label.endswith(HELD_OUT_SUFFIX) else None
            if base in colours:
                axes.plot(epochs, list(values), linestyle="--", color=colours[base],
                          label=f"{label} ({values[-1]:.3g})")
            else:
                line, = axes.plot(epochs, list(values), label=f"{label} ({values[-1]:.3g})")
                colours[label] = line.get_color()
        if log_scale:
            axes.set_yscale("log")
        axes.set_title(title)
        axes.set_xlabel("epoch")
        axes.set_ylabel(ylabel)
        axes.grid(True, alpha=0.3)
        axes.legend(fontsize=8)
    figure.tight_layout()
    return _save(figure, path)
