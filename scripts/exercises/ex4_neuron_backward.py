"""Exercise 4: the chain rule through one neuron (Neuron.backward).

After its forward pass a neuron knows its inputs x1..xn, z = w1*x1 + ... + wn*xn + b
and output = g(z). Backward is given dL/d_output, how the loss changes with this
neuron's output, and works out every other slope in named steps:

    d_output_d_z = g'(z)                        the activation's slope (exercise 2)
    d_loss_d_z   = d_loss_d_output * d_output_d_z
    dL/dwi       = d_loss_d_z * xi              because dz/dwi = xi
    dL/db        = d_loss_d_z                   because dz/db = 1
    dL/dxi       = d_loss_d_z * wi              because dz/dxi = wi

Write ``backward(neuron, d_loss_d_output, d_loss_d_inputs)``. The checker plugs it
in as Neuron.backward, so ``neuron`` is a real Neuron after its forward pass:

    neuron.inputs, neuron.z, neuron.output      from forward
    neuron.weights, neuron.bias
    neuron.activation.derivative(z, output)     g'(z)
    neuron.weight_grads, neuron.bias_grad       dL/dwi and dL/db

It must
  * store d_output_d_z in ``neuron.d_output_d_z`` and d_loss_d_z in ``neuron.d_loss_d_z``
    (the trace and this checker read them),
  * ADD dL/dwi to neuron.weight_grads[i] and dL/db to neuron.bias_grad: they hold the
    sum over a batch of samples until zero_grad,
  * ADD dL/dxi to d_loss_d_inputs[i]: the layer passes in a list holding the sum of
    what its other neurons sent back to input i.
It returns nothing.

Worked by hand: weights [1, -0.5], bias 0, x = [2, 4] give z = 0, output = 0.5,
slope 0.25. With dL/d_output = 2: dL/dz = 0.5, dL/dw1 = 0.5 * 2 = 1, dL/dw2 = 2,
dL/db = 0.5, dL/dx1 = 0.5 * 1 = 0.5, dL/dx2 = -0.25. In the walkthrough (Alice):
dL/dz_h1 = -0.01073 and dL/dw1 = -0.01073 * (-2) = 0.02147.

Check it:   python scripts/exercises/ex4_neuron_backward.py
    (or:    python scripts/check_exercise.py 4)
The project's own answer is Neuron.backward in neuron/neuron.py (it also skips the
inputs that are 0, for speed); look only when stuck.
"""
from __future__ import annotations

from typing import List


def backward(neuron, d_loss_d_output: float, d_loss_d_inputs: List[float]) -> None:
    """Add this sample's dL/dwi, dL/db and dL/dxi; store d_output_d_z and d_loss_d_z."""
    # Hints:
    #   d_output_d_z = neuron.activation.derivative(neuron.z, neuron.output)
    #   d_loss_d_z = ...                    (the chain rule: a product)
    #   neuron.d_output_d_z = ...; neuron.d_loss_d_z = ...
    #   for i in range(len(neuron.weights)):
    #       neuron.weight_grads[i] += ...   (+=: add, do not replace)
    #   neuron.bias_grad += ...
    #   for i in range(len(neuron.weights)):
    #       d_loss_d_inputs[i] += ...
    raise NotImplementedError("your code here")


if __name__ == "__main__":
    import os
    import sys
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    from check_exercise import main
    sys.exit(main(["4", __file__]))
