"""What every picture shares: the optional matplotlib, sizes in pixels, colours, saving.

matplotlib is optional: the rest of the project never needs it. It is imported
inside the functions that draw (``_new_figure`` here), and a missing matplotlib
raises ``PlotsUnavailable`` with the command that installs it.
``matplotlib_available()`` lets a script check first and print ``MISSING_HINT``
instead. Drawing uses matplotlib's ``Figure`` with the Agg canvas (no window, no
pyplot global state), so it works on a server.

Figures have a fixed size in inches and are saved at ``DPI`` dots per inch, so the
size in pixels is known in advance (each picture's docstring gives it).
"""
from __future__ import annotations

import os

# Dots per inch of every picture: a figure of 6.5 x 4 inches is a 650 x 400 PNG.
# Every figure size in this package is a multiple of 0.25 inch, exact in binary
# floating point, so the pixel size is exactly inches * DPI.
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
