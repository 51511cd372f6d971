"""Exercise 3: the first term of every chain rule, dL/dy_pred.

The mean squared error of one sample, over a network's n output neurons:

    L = (1/n) * sum over k of (y_true_k - y_pred_k)^2

Its slope with respect to each output, by the chain rule (the square brings down
a 2, and the inner y_true_k - y_pred_k brings a -1):

    dL/dy_pred_k = -2 * (y_true_k - y_pred_k) / n

Write ``mse_derivative(y_true, y_pred)``: it gets two lists of n numbers and returns
the list of the n slopes. The checker plugs it in as MeanSquaredError.derivative
(network/losses.py), which Network.backprop calls first: every gradient in the
network is this number times the rest of its chain.

Worked by hand: the walkthrough's Alice has y_true = 1, y_pred = 0.5237 (one output),
so dL/dy_pred = -2 * (1 - 0.5237) = -0.9526 and, down the chain, dL/dw1 = 0.02147.
With two outputs, y_true = [1, 0] and y_pred = [0.5, 0.25] give [-0.5, 0.25].

Check it:   python scripts/exercises/ex3_loss_derivative.py
    (or:    python scripts/check_exercise.py 3)
"""
from __future__ import annotations

from typing import List


def mse_derivative(y_true: List[float], y_pred: List[float]) -> List[float]:
    """[dL/dy_pred_1, ..., dL/dy_pred_n] for L = (1/n) * sum (y_true_k - y_pred_k)^2."""
    # Hints: n = len(y_pred); a plain for loop over k; append each slope to a list.
    raise NotImplementedError("your code here")


if __name__ == "__main__":
    import os
    import sys
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    from check_exercise import main
    sys.exit(main(["3", __file__] + sys.argv[1:]))
