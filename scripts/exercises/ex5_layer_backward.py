"""Exercise 5: backward through a layer, summing what each input receives.

A layer is a list of neurons that all read the same inputs x_1..x_n. Neuron j's
weight on input i is w_ji = layer.neurons[j].weights[i]. A change in x_i reaches the
loss through every neuron j of the layer, and those changes add up (the
multivariable chain rule):

    dL/dx_i = sum over neurons j of dL/dz_j * w_ji

where dL/dz_j = dL/d_output_j * g'(z_j) is neuron j's own term. That sum is what the
layer sends back: it is the dL/d_output of the previous layer's neuron i.

Write ``backward(layer, d_loss_d_outputs)``. The checker plugs it in as Layer.backward,
so ``layer`` is a real Layer after its forward pass and d_loss_d_outputs[j] is dL/d_output
of neuron j. It must
  1. for every neuron j: call neuron.backward(d_loss_d_outputs[j], compute_input_grads=False).
     The project's Neuron.backward adds the neuron's dL/dw and dL/db, and stores its
     dL/dz_j in neuron.d_loss_d_z;
  2. return the list of dL/dx_i for i in range(layer.n_inputs), each summed over the
     neurons as above.

Worked by hand: neurons h1 with weights [1, 2] and h2 with [3, 4], identity activation
(so dL/dz_j = dL/d_output_j), d_loss_d_outputs = [1, 10]:
    dL/dx_1 = 1*w_11 + 10*w_21 = 1*1 + 10*3 = 31
    dL/dx_2 = 1*w_12 + 10*w_22 = 1*2 + 10*4 = 42

Check it:   python scripts/exercises/ex5_layer_backward.py
    (or:    python scripts/check_exercise.py 5)
The project's own answer is Layer.backward in network/layer.py, which lets each
neuron add its share into one running list; look only when stuck.
"""
from __future__ import annotations

from typing import List


def backward(layer, d_loss_d_outputs: List[float]) -> List[float]:
    """Backward through every neuron; return dL/dx_i = sum_j dL/dz_j * w_ji for every input i."""
    # Hints:
    #   for j, neuron in enumerate(layer.neurons):
    #       neuron.backward(d_loss_d_outputs[j], compute_input_grads=False)
    #   d_loss_d_inputs = [0.0] * layer.n_inputs
    #   two plain for loops, over the inputs i and the neurons j:
    #       d_loss_d_inputs[i] += neuron.d_loss_d_z * neuron.weights[i]
    #   return d_loss_d_inputs
    raise NotImplementedError("your code here")


if __name__ == "__main__":
    import os
    import sys
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    from check_exercise import main
    sys.exit(main(["5", __file__]))
