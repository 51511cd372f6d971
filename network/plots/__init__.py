"""Pictures of networks and their training: matplotlib Figures, PNG files and GIFs.

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
    _common.py     what they share: DPI, colours and their keys, the matplotlib check,
                   saving, showing inline in a notebook

Every ``plot_NAME`` function has a twin ``NAME_figure`` (``plot_loss_curve`` and
``loss_curve_figure``) that takes the same arguments without the path and returns
the matplotlib Figure; ``plot_NAME`` writes that figure as a PNG and returns the
path. ``show_or_save(figure, path)`` shows a figure inline when running in a Jupyter
kernel (a notebook) and writes it to ``path`` otherwise: the lessons use it.
Figures have a fixed size in inches and are saved at ``DPI`` dots per inch, so the
size in pixels is known in advance (each docstring gives it).

Every picture carries its key: a title, axis labels where there are axes, and a
legend or a colour bar wherever a colour, a marker or a line width stands for a
value (tests/test_plots.py checks each kind on the Figure objects).

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
from network.plots._common import (CLASS_COLORS, CLASS_MARKERS, DPI, MISSING_HINT,
                                   PILLOW_HINT, PROBABILITY_CMAP, WEIGHT_CMAP,
                                   WEIGHT_COLORS, WRONG_COLOR, PlotsUnavailable,
                                   in_a_kernel, matplotlib_available, pillow_available,
                                   save_figure, show_file_inline, show_inline,
                                   show_or_save, show_or_save_animation)
from network.plots.boundaries import (PANEL_HEIGHT, PANEL_WIDTH, Bounds,
                                      animate_decision_boundary, class_1_probability,
                                      data_bounds, decision_boundaries_figure,
                                      decision_boundary_figure, plot_decision_boundaries,
                                      plot_decision_boundary, probability_grid)
from network.plots.curves import (activations_figure, loss_curve_figure,
                                  loss_panels_figure, plot_activations, plot_loss_curve,
                                  plot_loss_panels, plot_regression_fit,
                                  regression_fit_figure)
from network.plots.diagrams import (MAX_DRAWN_NEURONS, MAX_LABELLED_NEURONS,
                                    network_before_after_figure, network_figure,
                                    plot_network, plot_network_before_after)
from network.plots.digits import (DIGIT_HEIGHT, DIGIT_WIDTH, augmented_grid_figure,
                                  confused_pairs_figure, confusion_matrix,
                                  confusion_matrix_figure, dead_neurons, digit_grid_figure,
                                  hidden_weights_figure, most_confused_pairs,
                                  plot_augmented_grid, plot_confused_pairs,
                                  plot_confusion_matrix, plot_digit_grid,
                                  plot_hidden_weights)
from network.plots.neurons import (MAX_NEURON_VIEWS, NEURON_PANEL_HEIGHT,
                                   NEURON_PANEL_WIDTH, animate_neuron_views,
                                   neuron_output_grid, neuron_view_bounds,
                                   neuron_views_figure, neuron_views_over_training_figure,
                                   plot_neuron_views, plot_neuron_views_over_training)

__all__ = [
    # _common
    "DPI", "MISSING_HINT", "PILLOW_HINT", "CLASS_COLORS", "CLASS_MARKERS",
    "PROBABILITY_CMAP", "WEIGHT_COLORS", "WEIGHT_CMAP", "WRONG_COLOR", "PlotsUnavailable",
    "matplotlib_available", "pillow_available", "in_a_kernel", "save_figure",
    "show_inline", "show_file_inline", "show_or_save", "show_or_save_animation",
    # curves
    "loss_curve_figure", "plot_loss_curve", "loss_panels_figure", "plot_loss_panels",
    "activations_figure", "plot_activations", "regression_fit_figure",
    "plot_regression_fit",
    # diagrams
    "MAX_DRAWN_NEURONS", "MAX_LABELLED_NEURONS", "network_figure", "plot_network",
    "network_before_after_figure", "plot_network_before_after",
    # neurons
    "MAX_NEURON_VIEWS", "NEURON_PANEL_WIDTH", "NEURON_PANEL_HEIGHT", "neuron_output_grid",
    "neuron_view_bounds", "neuron_views_figure", "plot_neuron_views",
    "neuron_views_over_training_figure", "plot_neuron_views_over_training",
    "animate_neuron_views",
    # boundaries
    "Bounds", "data_bounds", "class_1_probability", "probability_grid",
    "decision_boundary_figure", "plot_decision_boundary", "PANEL_WIDTH", "PANEL_HEIGHT",
    "decision_boundaries_figure", "plot_decision_boundaries", "animate_decision_boundary",
    # digits
    "DIGIT_WIDTH", "DIGIT_HEIGHT", "digit_grid_figure", "plot_digit_grid",
    "confusion_matrix", "most_confused_pairs", "dead_neurons", "confusion_matrix_figure",
    "plot_confusion_matrix", "confused_pairs_figure", "plot_confused_pairs",
    "hidden_weights_figure", "plot_hidden_weights", "augmented_grid_figure",
    "plot_augmented_grid",
]
