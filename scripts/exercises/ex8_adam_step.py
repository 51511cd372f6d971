"""Exercise 8: one Adam update for one parameter.

Adam keeps two running means per parameter, both starting at 0: m of its gradients
(like momentum) and v of their squares (like RMSprop). Because they start at 0 they
are too small in the first steps, so Adam divides that start out (the bias
correction). For step number t = 1, 2, 3, ... with gradient g:

    m     <- beta1 * m + (1 - beta1) * g
    v     <- beta2 * v + (1 - beta2) * g^2
    m_hat  = m / (1 - beta1^t)
    v_hat  = v / (1 - beta2^t)
    w     <- w - learning_rate * m_hat / (sqrt(v_hat) + epsilon)

(epsilon outside the square root, as in PyTorch; g is already the batch's mean.)

Write ``adam_update(w, g, m, v, t, learning_rate, beta1, beta2, epsilon)`` returning
the new (w, m, v). The checker plugs it into Adam.step (network/optimizers.py), which
calls it for every weight and bias of every neuron.

Worked by hand, learning rate 0.1, beta1 0.9, beta2 0.999, epsilon 1e-8, w = 1, m = v = 0:
step t = 1 with g = 0.5 gives m = 0.1 * 0.5 = 0.05, v = 0.001 * 0.25 = 0.00025,
m_hat = 0.05 / 0.1 = 0.5, v_hat = 0.00025 / 0.001 = 0.25, and
w = 1 - 0.1 * 0.5 / (0.5 + 1e-8) = 0.9 (a first step moves by about learning_rate).

Check it:   python scripts/exercises/ex8_adam_step.py
    (or:    python scripts/check_exercise.py 8)
"""
from __future__ import annotations

import math
from typing import Tuple


def adam_update(w: float, g: float, m: float, v: float, t: int, learning_rate: float,
                beta1: float, beta2: float, epsilon: float) -> Tuple[float, float, float]:
    """One Adam step for one parameter: returns the new (w, m, v)."""
    # Hints: the five lines of the docstring, in order, with math.sqrt; then
    #   return w, m, v
    raise NotImplementedError("your code here")


if __name__ == "__main__":
    import os
    import sys
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    from check_exercise import main
    sys.exit(main(["8", __file__] + sys.argv[1:]))
