"""Check backpropagation against finite differences.

For every parameter p (w1, w2, ..., b1, ...) the numerical gradient is the slope
of the loss between two nearby values of p, the textbook form being

    dL/dp ~= (L(p + h) - L(p - h)) / (2 * h)        (central difference)

We use its five-point refinement (see ``_difference_quotient``), which needs nothing
but four forward passes and is accurate to about 1e-10 with h = 1e-4. If backward()
is right, it agrees with the analytic gradient to many digits. The agreement is
measured as

    relative error = |analytic - numerical| / max(|analytic|, |numerical|, floor)

where ``floor`` (1e-8) keeps two tiny gradients (say 1e-13 and 2e-13) from counting
as a 100% disagreement: both are 0 to the accuracy a difference quotient has.

L here is what training minimizes, ``regularization.objective``: the loss plus the
L1/L2 penalty when the network has one. With dropout, the check draws one mask with a
training pass and holds it fixed for every difference quotient (a new mask per
pass would make L jump about and the slopes meaningless).
"""
from __future__ import annotations

import math
import random
from typing import Dict, List, Optional, Sequence

from network.checks import check_sample, check_target, positive, whole
from network.regularization import add_penalty_gradients, objective, set_dropout_mode


class GradientCheck:
    """The result of ``gradient_check``: one row per parameter checked."""

    def __init__(self, rows: List[Dict[str, float]], tolerance: float):
        self.rows = rows                      # [{"name", "analytic", "numerical", "error"}]
        self.tolerance = tolerance
        worst = max(rows, key=lambda row: row["error"]) if rows else None
        self.worst_name: Optional[str] = worst["name"] if worst else None
        self.worst_error: float = worst["error"] if worst else 0.0
        self.passed: bool = self.worst_error < tolerance

    def report(self) -> str:
        """A table of every parameter checked, then the verdict."""
        lines = [f"{'parameter':>10} {'backprop':>14} {'finite diff':>14} {'rel. error':>10}"]
        for row in self.rows:
            lines.append(f"{row['name']:>10} {row['analytic']:>14.6e} "
                         f"{row['numerical']:>14.6e} {row['error']:>10.1e}")
        verdict = "PASSED" if self.passed else "FAILED"
        lines.append(f"{verdict}: worst relative error {self.worst_error:.1e} "
                     f"({self.worst_name}), tolerance {self.tolerance:.0e}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (f"GradientCheck(passed={self.passed}, worst_error={self.worst_error:.2e}, "
                f"worst={self.worst_name}, checked={len(self.rows)})")


def gradient_check(network, x: Sequence[float], y_true, h: float = 1e-4,
                   floor: float = 1e-8, tolerance: float = 1e-6,
                   names: Optional[Sequence[str]] = None,
                   max_parameters: Optional[int] = None, seed: int = 0) -> GradientCheck:
    """Compare backprop's dL/dp with the finite-difference slope for the parameters
    of ``network`` on one sample (x, y_true); passes if every relative error is
    below ``tolerance``.

    A ReLU whose z is within 2h of 0 has a kink inside the difference; its numbers
    can disagree there (so can L1's |w| at w = 0). Move the sample or shrink h.

    names: which parameters (default: all). max_parameters: check only that many,
    drawn with random.Random(seed) (a 784-64-10 network has 50,890). The network's
    parameters are restored and its gradients left as backprop computed them.
    """
    # Every option is checked before anything is computed or changed.
    h = positive("h", h)
    floor = positive("floor", floor)
    tolerance = positive("tolerance", tolerance)
    if names is None:
        names = network.parameter_names()
    if isinstance(names, (str, bytes)) or not hasattr(names, "__iter__"):
        raise ValueError(f"names must be a list of parameter names such as ['w1', 'b3'], "
                         f"got {names!r}")
    names = list(names)
    for name in names:
        network.get_parameter(name)   # an unknown name fails here, naming the known ones
    if max_parameters is not None:
        whole("max_parameters", max_parameters, minimum=1)
        if max_parameters < len(names):
            names = random.Random(seed).sample(names, max_parameters)

    x, y_vector = check_sample(network, x), check_target(network, y_true)
    network.zero_grad()
    set_dropout_mode(network, "train")      # draws the dropout mask (if any) once
    try:
        network.feedforward(x)
    finally:
        set_dropout_mode(network, "off")
    network.backprop(y_vector)
    if network.l1 or network.l2:
        add_penalty_gradients(network)

    rows = []
    for name in names:
        analytic = network.get_gradient(name)
        original = network.get_parameter(name)
        numerical = _difference_quotient(network, name, original, x, y_true, h)
        error = abs(analytic - numerical) / max(abs(analytic), abs(numerical), floor)
        rows.append({"name": name, "analytic": analytic, "numerical": numerical,
                     "error": error})
    return GradientCheck(rows, tolerance)


def _loss_at(network, name: str, value: float, x, y_true) -> float:
    network.set_parameter(name, value)
    loss = objective(network, x, y_true, mode="fixed")
    for neuron in network.neurons:
        if not math.isfinite(neuron.z):     # a weighted sum overflowed (saturating g)
            raise OverflowError(f"z of neuron {neuron.name} is {neuron.z}")
    return loss


def _difference_quotient(network, name: str, p: float, x, y_true, h: float) -> float:
    """dL/dp ~= (8 * (L(p+h) - L(p-h)) - (L(p+2h) - L(p-2h))) / (12 h).

    The five-point central difference: like (L(p+h) - L(p-h)) / 2h, but its error
    shrinks as h^4 instead of h^2, so h can stay large enough (1e-4) that rounding
    in L does not swamp the difference. Written as differences of nearby losses so
    that a parameter with no effect (a ReLU that stays off) gives exactly 0.
    Restores p afterwards.
    """
    try:
        loss_plus_2h = _loss_at(network, name, p + 2 * h, x, y_true)
        loss_plus_h = _loss_at(network, name, p + h, x, y_true)
        loss_minus_h = _loss_at(network, name, p - h, x, y_true)
        loss_minus_2h = _loss_at(network, name, p - 2 * h, x, y_true)
    except (ValueError, OverflowError):
        # x and y_true passed the first forward and backward, so what failed here is
        # a number grown past the largest float: p +- 2h itself, a z, or the loss.
        raise ValueError(f"gradient_check: moving {name} = {p!r} by up to 2h = {2 * h:g} "
                         f"made the numbers overflow (a weighted sum or the loss became "
                         f"infinite); use a smaller h, such as the default 1e-4") from None
    finally:
        network.set_parameter(name, p)   # the parameter is back, whatever happened
    return (8 * (loss_plus_h - loss_minus_h) - (loss_plus_2h - loss_minus_2h)) / (12 * h)
