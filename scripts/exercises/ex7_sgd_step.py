"""Exercise 7: one step of gradient descent (SGD.step).

After backward, every neuron holds in ``weight_grads[i]`` and ``bias_grad`` the
gradients dL/dwi and dL/db *summed* over the samples of the batch. One step moves
every weight and bias a little downhill, using the batch's mean gradient:

    w <- w - learning_rate * (dL/dw summed over the batch) / batch_size
    b <- b - learning_rate * (dL/db summed over the batch) / batch_size

Write ``sgd_step(neurons, learning_rate, batch_size)``: it changes the neurons'
``weights`` and ``bias`` in place and returns nothing. The checker plugs it in as
SGD.step (network/optimizers.py), which Network.step and Network.train call.

Worked by hand: the walkthrough's Alice has dL/dw1 = 0.02147, so one step at
learning rate 0.1 gives w1 = 1 - 0.1 * 0.02147 = 0.997853. A neuron with weights
[1, -0.5], bias 0.25 and gradients summed over 4 samples, [0.5, -2] and 1, at
learning rate 0.1 gets w1 = 1 - 0.1 * 0.5 / 4 = 0.9875, w2 = -0.45, b = 0.225.

Check it:   python scripts/exercises/ex7_sgd_step.py
    (or:    python scripts/check_exercise.py 7)
"""
from __future__ import annotations

from typing import List


def sgd_step(neurons: List, learning_rate: float, batch_size: int) -> None:
    """w <- w - learning_rate * dL/dw / batch_size for every weight and bias of every neuron."""
    # Hints: for neuron in neurons: a plain for loop over range(len(neuron.weights)),
    #   then the bias. Read neuron.weight_grads[i] and neuron.bias_grad.
    raise NotImplementedError("your code here")


if __name__ == "__main__":
    import os
    import sys
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    from check_exercise import main
    sys.exit(main(["7", __file__] + sys.argv[1:]))
