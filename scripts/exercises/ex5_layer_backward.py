"""Exercise 5: what a layer sends back to its inputs (Layer.input_gradients).

A layer is a list of neurons that all read the same inputs x_1..x_n. Neuron j's
weight on input i is w_ji = layer.neurons[j].weights[i]. A change in x_i reaches the
loss through every neuron j of the layer, and those changes add up (the
multivariable chain rule):

    dL/dx_i = sum over neurons j of dL/dz_j * w_ji

where dL/dz_j is neuron j's own term, which its backprop stored in neuron.d_loss_d_z
(exercise 4). That sum is what the layer sends back: Network.backprop hands it to
the layer before, as the dL/d_output of that layer's neuron i.

Write ``input_gradients(layer)``. The checker plugs it in as Layer.input_gradients,
which Network.backprop calls after Layer.backprop has run every neuron's backprop.
So ``layer`` is a real Layer whose neurons' d_loss_d_z are ready:

    layer.neurons          the neurons j, each with .weights and .d_loss_d_z
    layer.n_inputs         the number of inputs i (not always the number of neurons)

Return the list of dL/dx_i for i in range(layer.n_inputs). Only read the neurons:
their backprop has already run, and running it again would add every dL/dw twice.

Worked by hand: neurons h1 with weights [1, 2] and h2 with [3, 4], identity activation
(so dL/dz_j = dL/d_output_j), dL/d_outputs = [1, 10]:
    dL/dx_1 = 1*w_11 + 10*w_21 = 1*1 + 10*3 = 31
    dL/dx_2 = 1*w_12 + 10*w_22 = 1*2 + 10*4 = 42
Three neurons [1, 2], [3, 4], [5, 6] on two inputs with dL/dz = [1, 10, 100] send back
dL/dx_1 = 1 + 30 + 500 = 531 and dL/dx_2 = 2 + 40 + 600 = 642.

Check it:   python scripts/exercises/ex5_layer_backward.py
    (or:    python scripts/check_exercise.py 5)
The project's own answer is Layer.input_gradients in network/layer.py; look only when
stuck.
"""
from __future__ import annotations

from typing import List


def input_gradients(layer) -> List[float]:
    """dL/dx_i = sum over neurons j of dL/dz_j * w_ji, for every input i of the layer."""
    # Hints:
    #   d_loss_d_inputs = [0.0] * layer.n_inputs
    #   two plain for loops, over the neurons and over the inputs i:
    #       d_loss_d_inputs[i] += neuron.d_loss_d_z * neuron.weights[i]
    #   return d_loss_d_inputs
    raise NotImplementedError("your code here")


if __name__ == "__main__":
    import os
    import sys
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    from check_exercise import main
    sys.exit(main(["5", __file__] + sys.argv[1:]))
