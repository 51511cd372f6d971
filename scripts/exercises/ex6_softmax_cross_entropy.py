"""Exercise 6: softmax, and its gradient with cross entropy.

A classifier's output layer turns its neurons' weighted sums z_1..z_n into
probabilities that are positive and add up to 1:

    p_k = e^(z_k) / (e^(z_1) + ... + e^(z_n))                  (softmax)

e^1000 overflows a float, so subtract m = max(z) from every z_k first: it cancels out
(e^(z_k - m) / sum_j e^(z_j - m) = p_k), the largest term becomes e^0 = 1, and
nothing overflows.

The loss is cross entropy, with a one-hot target y (1 for the true class, else 0):

    L = -sum over k of y_k * log(p_k)

Through the softmax its slope with respect to each z_k comes out remarkably simple
(dL/dp_k = -y_k / p_k, and the softmax's own slopes, combine into):

    dL/dz_k = p_k - y_k

Write ``softmax(z)`` and ``d_loss_d_z(p, y_true)``, both returning a list with one
number per class. The checker plugs them into SoftmaxLayer (network/layer.py): the
first computes its outputs (SoftmaxLayer.feedforward), the second starts its backward
pass (SoftmaxLayer.backprop_cross_entropy hands your dL/dz_k to neuron k). Leave p
and y_true as they are: they are the layer's outputs and the sample's target.

Worked by hand: z = [0, ln 3] gives [e^0, e^(ln 3)] / (1 + 3) = [0.25, 0.75]; with
y = [1, 0], dL/dz = [0.25 - 1, 0.75 - 0] = [-0.75, 0.75].

Check it:   python scripts/exercises/ex6_softmax_cross_entropy.py
    (or:    python scripts/check_exercise.py 6)
"""
from __future__ import annotations

import math
from typing import List


def softmax(z: List[float]) -> List[float]:
    """[p_1, ..., p_n] with p_k = e^(z_k - m) / sum_j e^(z_j - m), m = max(z)."""
    # Hints: m = max(z); a list of math.exp(z_k - m); their total; each divided by it.
    raise NotImplementedError("your code here")


def d_loss_d_z(p: List[float], y_true: List[float]) -> List[float]:
    """[dL/dz_1, ..., dL/dz_n] for softmax followed by cross entropy."""
    raise NotImplementedError("your code here")


if __name__ == "__main__":
    import os
    import sys
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    from check_exercise import main
    sys.exit(main(["6", __file__] + sys.argv[1:]))
