"""Pictures of networks and their training, saved as PNG files (and GIFs).

    curves.py      plot_loss_curve             the loss of every epoch (and a validation curve)
                   plot_loss_panels            families of curves side by side (one per panel)
                   plot_activations            sigmoid, ReLU and tanh with their derivatives
                   plot_regression_fit         data points and the curves fitted to them
    diagrams.py    plot_network                a small network as a diagram, edges labelled w1 = ...
                   plot_network_before_after   the same diagram before and after training
    neurons.py     plot_neuron_views           the diagram with each neuron's own output over
                                               the input plane drawn inside its circle
                   plot_neuron_views_over_training   the same at several epochs
                   animate_neuron_views        the same as an animated GIF
    boundaries.py  plot_decision_boundary      what a 2-input classifier predicts over the plane
                   plot_decision_boundaries    the same at several epochs of training
                   animate_decision_boundary   the same as an animated GIF
    digits.py      plot_digit_grid             handwritten digits with predicted and true labels
                   plot_confusion_matrix       how often true digit i was predicted as digit j
                   plot_confused_pairs         examples of the mistakes made most often
                   plot_hidden_weights         each first-layer neuron's weights drawn as an image
                   plot_augmented_grid         digits beside their shifted, turned, scaled, bent
                                               and random copies (data augmentation)
    _common.py     what they share: DPI, colours, the matplotlib check, saving

Every function takes the data and an output path, writes the picture, and returns
the path. Figures have a fixed size in inches and are saved at ``DPI`` dots per inch,
so the size in pixels is known in advance (each docstring gives it).

matplotlib is optional: the rest of the project never needs it. It is imported
inside the functions that draw, and a missing matplotlib raises ``PlotsUnavailable``
with the command that installs it. ``matplotlib_available()`` lets a script check
first and print ``MISSING_HINT`` instead.

The helpers that only compute (``probability_grid``, ``neuron_output_grid``,
``confusion_matrix``, ``most_confused_pairs``) are plain Python and work without
matplotlib.

Every name is importable from here, as it was when this was one file:
``from network import plots; plots.plot_loss_curve(losses, "plots/loss.png")``.
"""
from network.plots._common import (CLASS_COLORS, DPI, MISSING_HINT, PILLOW_HINT,
                                   PROBABILITY_CMAP, WEIGHT_CMAP, WEIGHT_COLORS,
                                   WRONG_COLOR, PlotsUnavailable, matplotlib_available,
                                   pillow_available)
from network.plots.boundaries import (PANEL_HEIGHT, PANEL_WIDTH, Bounds,
                                      animate_decision_boundary, class_1_probability,
                                      data_bounds, plot_decision_boundaries,
                                      plot_decision_boundary, probability_grid)
from network.plots.curves import (plot_activations, plot_loss_curve, plot_loss_panels,
                                  plot_regression_fit)
from network.plots.diagrams import (MAX_DRAWN_NEURONS, MAX_LABELLED_NEURONS, plot_network,
                                    plot_network_before_after)
from network.plots.digits import (DIGIT_HEIGHT, DIGIT_WIDTH, confusion_matrix,
                                  most_confused_pairs, plot_confused_pairs,
                                  plot_augmented_grid, plot_confusion_matrix,
                                  plot_digit_grid, plot_hidden_weights)
from network.plots.neurons import (MAX_NEURON_VIEWS, NEURON_PANEL_HEIGHT,
                                   NEURON_PANEL_WIDTH, animate_neuron_views,
                                   neuron_output_grid, neuron_view_bounds,
                                   plot_neuron_views, plot_neuron_views_over_training)

__all__ = [
    # _common
    "DPI", "MISSING_HINT", "PILLOW_HINT", "CLASS_COLORS", "PROBABILITY_CMAP",
    "WEIGHT_COLORS", "WEIGHT_CMAP", "WRONG_COLOR", "PlotsUnavailable",
    "matplotlib_available", "pillow_available",
    # curves
    "plot_loss_curve", "plot_loss_panels", "plot_activations", "plot_regression_fit",
    # diagrams
    "MAX_DRAWN_NEURONS", "MAX_LABELLED_NEURONS", "plot_network",
    "plot_network_before_after",
    # neurons
    "MAX_NEURON_VIEWS", "NEURON_PANEL_WIDTH", "NEURON_PANEL_HEIGHT", "neuron_output_grid",
    "neuron_view_bounds", "plot_neuron_views", "plot_neuron_views_over_training",
    "animate_neuron_views",
    # boundaries
    "Bounds", "data_bounds", "class_1_probability", "probability_grid",
    "plot_decision_boundary", "PANEL_WIDTH", "PANEL_HEIGHT", "plot_decision_boundaries",
    "animate_decision_boundary",
    # digits
    "DIGIT_WIDTH", "DIGIT_HEIGHT", "plot_digit_grid", "confusion_matrix",
    "most_confused_pairs", "plot_confusion_matrix", "plot_confused_pairs",
    "plot_hidden_weights", "plot_augmented_grid",
]
