"""The walkthrough worked by hand, and the small networks the exercises share.

Alice, x = [x1, x2] = [-2, -1], y_true = 1, in the 2-2-1 network with every weight 1
and every bias 0 (sigmoid everywhere, L = (y_true - y_pred)^2). ``alice_by_hand``
writes every term of one forward and backward pass as the formula a learner would
put into a calculator, with the decimals in the comment; the cases check that the
project's code gives exactly these numbers before they compare yours with it.

Every case also runs at a second point (diagnosis.py uses it to confirm a named
mistake), with other inputs AND other weights, so that a mistake that only shows
with some weights (every weight 1, say) is not confirmed by chance: for Alice's
network that is ``other_network()`` at OTHER_X = [0.5, -1.5] with y_true = 0.
"""
from __future__ import annotations

import math
from typing import Callable, Dict

from network.network import Network

ALICE_X = (-2.0, -1.0)        # tuples: no check can change the example data
ALICE_Y = 1.0
OTHER_X = (0.5, -1.5)         # the second point, for the same networks
OTHER_Y = 0.0
ALICE_PARAMETERS = ("w1", "w2", "b1", "w3", "w4", "b2", "w5", "w6", "b3")


def alice_by_hand() -> Dict[str, float]:
    """Every term of one forward and backward pass for Alice, with plain arithmetic."""
    x1, x2 = -2.0, -1.0
    z_h1 = 1.0 * x1 + 1.0 * x2 + 0.0          # -3
    h1 = 1.0 / (1.0 + math.exp(3.0))           # sigmoid(-3) = 1 / (1 + 20.0855) = 0.047426
    z_o1 = 1.0 * h1 + 1.0 * h1 + 0.0           # h2 = h1, so 2 * 0.047426 = 0.094852
    y_pred = 1.0 / (1.0 + math.exp(-z_o1))     # 1 / (1 + 0.909508) = 0.523695
    loss = (1.0 - y_pred) ** 2                 # 0.476305^2 = 0.226866
    d_l_d_ypred = -2.0 * (1.0 - y_pred)        # -2 * 0.476305 = -0.952610
    slope_o1 = y_pred * (1.0 - y_pred)         # 0.523695 * 0.476305 = 0.249439
    d_l_d_z_o1 = d_l_d_ypred * slope_o1        # -0.952610 * 0.249439 = -0.237618
    d_l_d_h1 = d_l_d_z_o1 * 1.0                # dz_o1/dh1 = w5 = 1: -0.237618
    slope_h1 = h1 * (1.0 - h1)                 # 0.047426 * 0.952574 = 0.045177
    d_l_d_z_h1 = d_l_d_h1 * slope_h1           # -0.237618 * 0.045177 = -0.010735
    return {
        "z_h1": z_h1, "h1": h1, "z_h2": z_h1, "h2": h1, "z_o1": z_o1, "y_pred": y_pred,
        "L": loss,
        "dL/dy_pred": d_l_d_ypred, "sigmoid'(z_o1)": slope_o1, "dL/dz_o1": d_l_d_z_o1,
        "dL/dh1": d_l_d_h1, "sigmoid'(z_h1)": slope_h1, "dL/dz_h1": d_l_d_z_h1,
        "dL/dh2": d_l_d_h1, "sigmoid'(z_h2)": slope_h1, "dL/dz_h2": d_l_d_z_h1,
        "dL/dw1": d_l_d_z_h1 * x1,     # -0.010735 * -2 = 0.021470 (the walkthrough's 0.0215)
        "dL/dw2": d_l_d_z_h1 * x2,     # -0.010735 * -1 = 0.010735
        "dL/db1": d_l_d_z_h1,          # dz/db = 1: -0.010735
        "dL/dw3": d_l_d_z_h1 * x1,     # h2 is h1's twin: 0.021470
        "dL/dw4": d_l_d_z_h1 * x2,     # 0.010735
        "dL/db2": d_l_d_z_h1,          # -0.010735
        "dL/dw5": d_l_d_z_o1 * h1,     # -0.237618 * 0.047426 = -0.011269
        "dL/dw6": d_l_d_z_o1 * h1,     # -0.011269
        "dL/db3": d_l_d_z_o1,          # -0.237618
    }


def alice_network() -> Network:
    """The walkthrough's 2-2-1 network with every weight 1 and every bias 0."""
    return Network([2, 2, 1], weights=[[[1, 1], [1, 1]], [[1, 1]]], biases=[[0, 0], [0]])


def other_network() -> Network:
    """The 2-2-1 network with other weights: the second point of Alice's cases."""
    return Network([2, 2, 1], weights=[[[0.5, -1.2], [0.8, 0.3]], [[1.1, -0.7]]],
                   biases=[[0.1, -0.2], [0.3]])


def wide_network() -> Network:
    """3-2-2-1, sigmoid, MSE, every weight different: a swapped index changes the
    numbers, and h1, h2 each feed two neurons (h3 and h4), whose shares must add up."""
    return Network([3, 2, 2, 1],
                   weights=[[[0.5, -1.0, 0.25], [-0.75, 0.5, 1.0]],
                            [[1.5, -0.5], [0.25, 0.75]],
                            [[1.0, -2.0]]],
                   biases=[[0.1, -0.2], [0.3, -0.1], [0.05]])


def other_wide_network() -> Network:
    """3-2-2-1 with other weights: the second point of the wide network's cases."""
    return Network([3, 2, 2, 1],
                   weights=[[[-0.4, 0.9, 0.6], [0.3, -0.8, 0.45]],
                            [[-1.1, 0.7], [0.6, -0.35]],
                            [[-0.9, 1.6]]],
                   biases=[[-0.15, 0.25], [0.05, 0.2], [-0.1]])


WIDE_X = (1.0, -0.5, 2.0)
WIDE_Y = 0.0
WIDE_OTHER_X = (-1.5, 0.75, 0.5)
WIDE_OTHER_Y = 1.0


def sloped_network(activation: str, other: bool = False) -> Callable[[], Network]:
    """2-3-1 with ``activation`` in the hidden layer and a sigmoid output; at x = [0.5, -1]
    (and, with ``other`` weights, at OTHER_X) every hidden z is at least 0.6 away from
    ReLU's kink at 0."""
    weights = [[[0.8, -0.4], [-0.6, 0.9], [0.3, 0.7]], [[1.2, -0.7, 0.5]]]
    biases = [[0.2, 0.1, -0.3], [0.05]]
    if other:
        weights = [[[-0.5, 0.6], [0.7, -0.3], [-0.2, -0.9]], [[-0.8, 0.9, 0.4]]]
        biases = [[0.1, -0.2, 0.25], [-0.1]]

    def make() -> Network:
        return Network([2, 3, 1], activation=activation, output_activation="sigmoid",
                       weights=weights, biases=biases)
    return make


SLOPED_X = (0.5, -1.0)
SLOPED_Y = 1.0


def people_network(seed: int = 0) -> Callable[[], Network]:
    """The 2-2-1 people network with the starting weights drawn from ``seed``."""
    def make() -> Network:
        return Network([2, 2, 1], seed=seed)
    return make
