"""Exercise 4: the chain rule through one neuron (Neuron.backprop).

After its forward pass a neuron knows its inputs x1..xn, z = w1*x1 + ... + wn*xn + b
and output = g(z). Backprop is given dL/d_output, how the loss changes with this
neuron's output, and works out the rest in named steps:

    d_output_d_z = g'(z)                        the slope of this neuron's activation
    d_loss_d_z   = d_loss_d_output * d_output_d_z
    dL/dwi       = d_loss_d_z * xi              because dz/dwi = xi
    dL/db        = d_loss_d_z                   because dz/db = 1

Write ``backprop(neuron, d_loss_d_output)``. The checker plugs it in as
Neuron.backprop, so ``neuron`` is a real Neuron after its forward pass:

    neuron.inputs, neuron.z, neuron.output      from feedforward
    neuron.weights, neuron.bias
    neuron.activation.derivative(z, output)     g'(z) of this neuron's own activation
                                                (the checker uses sigmoid, tanh and ReLU
                                                neurons)
    neuron.weight_grads, neuron.bias_grad       dL/dwi and dL/db

It must
  * store d_output_d_z in ``neuron.d_output_d_z`` and d_loss_d_z in ``neuron.d_loss_d_z``:
    the layer reads d_loss_d_z to work out what it sends back to its inputs,
    dL/dxi = d_loss_d_z * wi summed over its neurons (that sum is exercise 5), and the
    trace and this checker read both,
  * ADD dL/dwi to neuron.weight_grads[i] and dL/db to neuron.bias_grad: they hold the
    sum over a batch of samples until zero_grad,
  * leave the neuron's inputs, weights and bias as they are.
It returns nothing.

Worked by hand, each with dL/d_output = 2:
  sigmoid, weights [1, -0.5], bias 0, x = [2, 4]: z = 0, output = 0.5, slope
    0.5 * 0.5 = 0.25; dL/dz = 0.5, dL/dw1 = 0.5 * 2 = 1, dL/dw2 = 0.5 * 4 = 2, dL/db = 0.5.
  tanh, weights [1, -0.5], bias ln 2 = 0.6931, x = [1, 2]: z = ln 2, output =
    tanh(ln 2) = (2 - 1/2) / (2 + 1/2) = 0.6, slope 1 - 0.6^2 = 0.64; dL/dz = 1.28,
    dL/dw1 = 1.28, dL/dw2 = 2.56, dL/db = 1.28. (The sigmoid's formula would give
    0.6 * 0.4 = 0.24 here: ask the neuron's own activation for its slope.)
  ReLU, weights [2, 1], bias -1, x = [1.5, -0.5]: z = 1.5 > 0, slope 1; dL/dz = 2,
    dL/dw1 = 2 * 1.5 = 3, dL/dw2 = -1, dL/db = 2.
In the walkthrough (Alice): dL/dz_h1 = -0.01073 and dL/dw1 = -0.01073 * (-2) = 0.02147.

Check it:   python scripts/exercises/ex4_neuron_backward.py
    (or:    python scripts/check_exercise.py 4)
The project's own answer is Neuron.backprop in neuron/neuron.py; look only when stuck.
"""
from __future__ import annotations


def backprop(neuron, d_loss_d_output: float) -> None:
    """Store d_output_d_z and d_loss_d_z; add this sample's dL/dwi and dL/db."""
    # Hints:
    #   d_output_d_z = neuron.activation.derivative(neuron.z, neuron.output)
    #   d_loss_d_z = ...                    (the chain rule: a product)
    #   for i in range(len(neuron.weights)):
    #       neuron.weight_grads[i] += ...   (+=: add, do not replace)
    #   neuron.bias_grad += ...
    #   neuron.d_output_d_z = ...; neuron.d_loss_d_z = ...
    raise NotImplementedError("your code here")


if __name__ == "__main__":
    import os
    import sys
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    from check_exercise import main
    sys.exit(main(["4", __file__] + sys.argv[1:]))
