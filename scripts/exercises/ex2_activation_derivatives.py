"""Exercise 2: the slopes of the activations, d_output/dz = g'(z).

Backpropagation needs, for every neuron, how fast its output changes with its
weighted sum z: the slope g'(z) of its activation g at z. Each function below gets
both z and output = g(z) (the neuron knows both after its forward pass) and returns
the slope. Some slopes are simplest in terms of the output, some in terms of z:

    sigmoid(z) = 1 / (1 + e^(-z))     sigmoid'(z) = sigmoid(z) * (1 - sigmoid(z))
                                                  = output * (1 - output)
    tanh(z)                           tanh'(z)    = 1 - tanh(z)^2 = 1 - output^2
    relu(z) = max(0, z)               relu'(z)    = 1 if z > 0, else 0
                                      (at the kink z = 0 this project takes 0)

Worked by hand: sigmoid'(0) = 0.5 * 0.5 = 0.25; sigmoid'(-3) = 0.04743 * 0.9526 =
0.04518 (h1's slope in the walkthrough); tanh'(0) = 1; tanh'(-0.5) = 1 - 0.4621^2 =
0.7864; relu'(2) = 1, relu'(-1) = 0, relu'(0) = 0.

The checker plugs your functions into the activations every Neuron uses
(neuron/activations.py), checks them at those points, then runs backpropagation
through sigmoid, tanh and ReLU networks with them, with the gradient check.

Check it:   python scripts/exercises/ex2_activation_derivatives.py
    (or:    python scripts/check_exercise.py 2)
"""
from __future__ import annotations


def sigmoid_derivative(z: float, output: float) -> float:
    """d sigmoid(z) / dz, where output = sigmoid(z)."""
    # Hint: the output is already sigmoid(z); no math.exp needed.
    raise NotImplementedError("your code here")


def tanh_derivative(z: float, output: float) -> float:
    """d tanh(z) / dz, where output = tanh(z)."""
    # Hint: the output is already tanh(z).
    raise NotImplementedError("your code here")


def relu_derivative(z: float, output: float) -> float:
    """d relu(z) / dz: 1.0 where z > 0, else 0.0."""
    raise NotImplementedError("your code here")


if __name__ == "__main__":
    import os
    import sys
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    from check_exercise import main
    sys.exit(main(["2", __file__] + sys.argv[1:]))
