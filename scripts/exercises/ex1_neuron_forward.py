"""Exercise 1: a neuron's forward pass (Neuron.feedforward).

A neuron takes a weighted sum of its inputs, adds its bias, and passes the sum
through its activation g:

    z      = w1*x1 + w2*x2 + ... + wn*xn + b        (the weighted sum)
    output = g(z)                                   (sigmoid, tanh, relu or identity)

Write ``feedforward(neuron, inputs)``. The checker plugs it in as
``Neuron.feedforward``, so ``neuron`` is a real Neuron (neuron/neuron.py):

    neuron.weights         the list [w1, ..., wn]
    neuron.bias            b
    neuron.activation(z)   g(z), for this neuron's own activation
    inputs                 the list [x1, ..., xn]

It must store z in ``neuron.z`` and the output in ``neuron.output`` (backprop reads
both), and return the output. (The core's feedforward also keeps ``neuron.inputs``;
the checker does that part for you.) Leave ``inputs`` as it is: in a network it is
the previous layer's outputs, and backprop reads it again.

Worked by hand: weights [0.5, -1, 2], bias 0.5 and x = [2, 3, 1.25] give
z = 0.5*2 + (-1)*3 + 2*1.25 + 0.5 = 1 and output = sigmoid(1) = 0.7311. In the
walkthrough's network (every weight 1, every bias 0), Alice's x = [-2, -1] gives
z_h1 = -3, h1 = sigmoid(-3) = 0.04743, z_o1 = 0.09485, y_pred = 0.5237.

Check it:   python scripts/exercises/ex1_neuron_forward.py
    (or:    python scripts/check_exercise.py 1)
The project's own answer is Neuron.feedforward in neuron/neuron.py: look only when stuck.
"""
from __future__ import annotations

from typing import List


def feedforward(neuron, inputs: List[float]) -> float:
    """z = w1*x1 + ... + wn*xn + b; output = activation(z). Stores both; returns output."""
    # Hints:
    #   z = neuron.bias, then one plain for loop over range(len(inputs)) that adds
    #   neuron.weights[i] * inputs[i]
    #   output = neuron.activation(z)
    #   neuron.z = z, neuron.output = output, and return output
    raise NotImplementedError("your code here")


if __name__ == "__main__":
    import os
    import sys
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    from check_exercise import main
    sys.exit(main(["1", __file__] + sys.argv[1:]))
