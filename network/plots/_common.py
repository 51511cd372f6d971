"""What every picture shares: the optional matplotlib, sizes in pixels, colours, keys,
and where a finished figure goes (a PNG file, or inline in a Jupyter notebook).

matplotlib is optional: the rest of the project never needs it. It is imported
inside the functions that draw (``_new_figure`` here), and a missing matplotlib
raises ``PlotsUnavailable`` with the command that installs it.
``matplotlib_available()`` lets a script check first and print ``MISSING_HINT``
instead. Drawing uses matplotlib's ``Figure`` with the Agg canvas (no window, no
pyplot global state), so it works on a server.

Figures have a fixed size in inches and are saved at ``DPI`` dots per inch, so the
size in pixels is known in advance (each picture's docstring gives it).

Colours mean one thing each, in every picture:

    blue ... red        a value from low to high: a class-1 probability, a neuron's
                        output (blue 0 or -1, red 1), and the class of a data point
                        (class 0 blue, class 1 red: the output its target asks for)
    purple ... green    a weight: purple negative, green positive (edges of the
                        diagrams, the hidden neurons' weight images)
    red title or frame  a wrong answer (digit pictures)
"""
from __future__ import annotations

import io
import os
import sys
from typing import Optional

# Dots per inch of every picture: a figure of 6.5 x 4 inches is a 650 x 400 PNG.
# Every figure size in this package is a multiple of 0.25 inch, exact in binary
# floating point, so the pixel size is exactly inches * DPI.
DPI = 100
MISSING_HINT = 'plots skipped: matplotlib is not installed (pip install -e ".[plots]")'
PILLOW_HINT = "GIF skipped: Pillow is not installed (pip install pillow)"

# Class 0 and class 1 in every 2-D picture, by colour and by marker (a circle and a
# triangle, so the class reads without colour too); the shading runs between them.
CLASS_COLORS = ("#2166ac", "#b2182b")   # blue, red
CLASS_MARKERS = ("o", "^")
PROBABILITY_CMAP = "RdBu_r"             # probability of class 1 (or an output): 0 blue, 1 red
# Weights have colours of their own, so that red never means a negative weight.
WEIGHT_COLORS = ("#762a83", "#1b7837")  # negative weight purple, positive green
WEIGHT_CMAP = "PRGn"                    # weight images: negative purple, positive green
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


def _mark_colour_bar(bar) -> None:
    """Label a colour bar's axes "<colorbar>", as matplotlib does for the bars it
    places itself, so every colour bar of a figure can be found the same way."""
    bar.ax.set_label("<colorbar>")


def edge_width(w: float, largest_weight: float) -> float:
    """The line width (points) of an edge of weight w in a network diagram: from 0.6
    for w = 0 to 6.0 for the largest |w| drawn."""
    return 0.6 + 5.4 * abs(w) / largest_weight


def edge_key_handles(largest_weight: float, extra=()):
    """The legend entries that explain a diagram's edges: colour is the sign of the
    weight, thickness its size (thickest = the largest |w| drawn), then ``extra``."""
    from matplotlib.lines import Line2D

    handles = [
        Line2D([0], [0], color=WEIGHT_COLORS[1], linewidth=4.0, label="positive weight"),
        Line2D([0], [0], color=WEIGHT_COLORS[0], linewidth=4.0, label="negative weight"),
        Line2D([0], [0], color="#777777", linewidth=edge_width(largest_weight,
                                                                largest_weight),
               label=f"|w| = {largest_weight:.2f} (thickest)"),
        Line2D([0], [0], color="#777777", linewidth=edge_width(0.0, largest_weight),
               label="|w| = 0 (thinnest)"),
    ]
    handles.extend(extra)
    return handles


def class_key_handles(n_classes: int = 2, colors=CLASS_COLORS):
    """Legend entries for the data points: one marker per class."""
    from matplotlib.lines import Line2D

    handles = []
    for label in range(n_classes):
        handles.append(Line2D([0], [0], linestyle="none", marker=CLASS_MARKERS[label % 2],
                              markersize=7, markerfacecolor=colors[label % len(colors)],
                              markeredgecolor="black", label=f"class {label} (target {label})"
                              if n_classes == 2 else f"class {label}"))
    return handles


# ----- where a finished figure goes ------------------------------------------------------

def in_a_kernel() -> bool:
    """True when running in a Jupyter kernel (a notebook, or an editor's cells): there
    pictures are shown inline. Run as a script, they are written to files. (A program
    that merely imported ipykernel is not a kernel: IPython must be running one.)"""
    if "ipykernel" not in sys.modules or "IPython" not in sys.modules:
        return False
    shell = sys.modules["IPython"].get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


def png_bytes(figure) -> bytes:
    """The figure as a PNG, in memory."""
    buffer = io.BytesIO()
    figure.savefig(buffer, dpi=DPI, format="png")
    return buffer.getvalue()


def show_inline(figure) -> None:
    """Show the figure in the notebook, under the cell that made it."""
    from IPython.display import Image, display

    display(Image(data=png_bytes(figure), format="png"))


def show_file_inline(path: str) -> None:
    """Show a picture file (a PNG or an animated GIF) in the notebook."""
    from IPython.display import Image, display

    with open(path, "rb") as file:
        data = file.read()
    display(Image(data=data, format=os.path.splitext(path)[1][1:].lower()))


def save_figure(figure, path: str) -> str:
    """Write ``figure`` to ``path`` as PNG (creating its folder); return ``path``."""
    _check_path(path)
    return _save(figure, path)


def show_or_save(figure, path: str) -> Optional[str]:
    """In a Jupyter kernel, show ``figure`` inline and write nothing (returns None);
    otherwise write it to ``path`` as PNG and return the path."""
    if in_a_kernel():
        show_inline(figure)
        return None
    return save_figure(figure, path)


def show_or_save_animation(animate, path: str, *arguments, **options) -> Optional[str]:
    """``animate(*arguments, gif_path, **options)`` writes an animated GIF (one of the
    ``animate_*`` functions of this package). In a Jupyter kernel the GIF is written to
    a temporary folder, shown inline and deleted (returns None); otherwise it is
    written to ``path`` (returns the path)."""
    _check_path(path, ".gif")
    if not in_a_kernel():
        return animate(*arguments, path, **options)
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        show_file_inline(animate(*arguments, os.path.join(folder, os.path.basename(path)),
                                 **options))
    return None


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
