"""The exercises and their checker (scripts/check_exercise.py).

1. The project's own code passes every exercise, and so do solutions written here the
   way a learner would write them; a core that drifts from the hand-worked walkthrough
   is reported as the core's fault, not the learner's.
2. Deliberately broken versions (factor 2, wrong sign, = instead of +=, ...), written
   below, get the diagnosis that names the wrong term and the mistake. The numbers in
   the expected messages are worked by hand here (Alice: h1 = sigmoid(-3), ...).
3. The untouched exercise files say "not written yet" and exit 1.
4. After any check, passed or failed or crashed, the real classes are back: a network
   trained afterwards gives exactly the numbers it gave before.
"""
from __future__ import annotations

import importlib.util
import math
import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

from datasets import people                                   # noqa: E402
from network import layer as layer_module                     # noqa: E402
from network.layer import Layer, SoftmaxLayer                 # noqa: E402
from network.losses import MeanSquaredError                   # noqa: E402
from network.network import Network                           # noqa: E402
from network.optimizers import SGD, Adam                      # noqa: E402
from neuron.activations import ACTIVATIONS                    # noqa: E402
from neuron.neuron import Neuron                              # noqa: E402


def _load_checker():
    path = os.path.join(ROOT, "scripts", "check_exercise.py")
    spec = importlib.util.spec_from_file_location("check_exercise_under_test", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


checker = _load_checker()

# Alice in the 2-2-1 network with every weight 1 and every bias 0, by hand.
H1 = 1.0 / (1.0 + math.exp(3.0))                   # sigmoid(-3) = 0.04743
Y_PRED = 1.0 / (1.0 + math.exp(-2.0 * H1))         # sigmoid(h1 + h2) = 0.5237
D_L_D_YPRED = -2.0 * (1.0 - Y_PRED)                # -0.9526
D_L_D_W1 = D_L_D_YPRED * Y_PRED * (1.0 - Y_PRED) * 1.0 * H1 * (1.0 - H1) * -2.0   # 0.02147


def four(x: float) -> str:
    """x with 4 significant digits, as the checker prints it."""
    return format(x, ".4g")


# %% Solutions written the way a learner would (independent of the project's code)
def forward(neuron, inputs):
    z = neuron.bias
    for i in range(len(inputs)):
        z += neuron.weights[i] * inputs[i]
    output = neuron.activation(z)
    neuron.z = z
    neuron.output = output
    return output


def sigmoid_derivative(z, output):
    return output * (1.0 - output)


def tanh_derivative(z, output):
    return 1.0 - output * output


def relu_derivative(z, output):
    return 1.0 if z > 0.0 else 0.0


def mse_derivative(y_true, y_pred):
    n = len(y_pred)
    slopes = []
    for k in range(n):
        slopes.append(-2.0 * (y_true[k] - y_pred[k]) / n)
    return slopes


def neuron_backward(neuron, d_loss_d_output, d_loss_d_inputs):
    d_output_d_z = neuron.activation.derivative(neuron.z, neuron.output)
    d_loss_d_z = d_loss_d_output * d_output_d_z
    neuron.d_output_d_z = d_output_d_z
    neuron.d_loss_d_z = d_loss_d_z
    for i in range(len(neuron.weights)):
        neuron.weight_grads[i] += d_loss_d_z * neuron.inputs[i]
    neuron.bias_grad += d_loss_d_z
    for i in range(len(neuron.weights)):
        d_loss_d_inputs[i] += d_loss_d_z * neuron.weights[i]


def layer_backward(layer, d_loss_d_outputs):
    for j, neuron in enumerate(layer.neurons):
        neuron.backward(d_loss_d_outputs[j], compute_input_grads=False)
    d_loss_d_inputs = [0.0] * layer.n_inputs
    for i in range(layer.n_inputs):
        for neuron in layer.neurons:
            d_loss_d_inputs[i] += neuron.d_loss_d_z * neuron.weights[i]
    return d_loss_d_inputs


def softmax(z):
    m = max(z)
    exps = []
    for z_k in z:
        exps.append(math.exp(z_k - m))
    total = 0.0
    for e in exps:
        total += e
    p = []
    for e in exps:
        p.append(e / total)
    return p


def d_loss_d_z(p, y_true):
    result = []
    for k in range(len(p)):
        result.append(p[k] - y_true[k])
    return result


def sgd_step(neurons, learning_rate, batch_size):
    for neuron in neurons:
        for i in range(len(neuron.weights)):
            neuron.weights[i] -= learning_rate * neuron.weight_grads[i] / batch_size
        neuron.bias -= learning_rate * neuron.bias_grad / batch_size


def adam_update(w, g, m, v, t, learning_rate, beta1, beta2, epsilon):
    m = beta1 * m + (1.0 - beta1) * g
    v = beta2 * v + (1.0 - beta2) * g * g
    m_hat = m / (1.0 - beta1 ** t)
    v_hat = v / (1.0 - beta2 ** t)
    w = w - learning_rate * m_hat / (math.sqrt(v_hat) + epsilon)
    return w, m, v


SOLUTIONS = {
    1: {"forward": forward},
    2: {"sigmoid_derivative": sigmoid_derivative, "tanh_derivative": tanh_derivative,
        "relu_derivative": relu_derivative},
    3: {"mse_derivative": mse_derivative},
    4: {"backward": neuron_backward},
    5: {"backward": layer_backward},
    6: {"softmax": softmax, "d_loss_d_z": d_loss_d_z},
    7: {"sgd_step": sgd_step},
    8: {"adam_update": adam_update},
}


def with_broken(number, **broken):
    """The learner-style solution of exercise ``number`` with some functions replaced."""
    functions = dict(SOLUTIONS[number])
    functions.update(broken)
    return functions


# %% Broken versions, one mistake each
def forward_without_bias(neuron, inputs):
    z = 0.0
    for i in range(len(inputs)):
        z += neuron.weights[i] * inputs[i]
    neuron.z, neuron.output = z, neuron.activation(z)
    return neuron.output


def forward_without_activation(neuron, inputs):
    z = neuron.bias
    for i in range(len(inputs)):
        z += neuron.weights[i] * inputs[i]
    neuron.z, neuron.output = z, z
    return z


def forward_loop_from_1(neuron, inputs):
    z = neuron.bias
    for i in range(1, len(inputs)):
        z += neuron.weights[i] * inputs[i]
    neuron.z, neuron.output = z, neuron.activation(z)
    return neuron.output


def forward_always_sigmoid(neuron, inputs):
    z = neuron.bias
    for i in range(len(inputs)):
        z += neuron.weights[i] * inputs[i]
    neuron.z, neuron.output = z, 1.0 / (1.0 + math.exp(-z))
    return neuron.output


def forward_storing_nothing(neuron, inputs):
    z = neuron.bias
    for i in range(len(inputs)):
        z += neuron.weights[i] * inputs[i]
    return neuron.activation(z)


def sigmoid_derivative_of_z(z, output):
    return z * (1.0 - z)


def sigmoid_derivative_of_output(z, output):
    s = 1.0 / (1.0 + math.exp(-output))
    return s * (1.0 - s)


def tanh_derivative_without_square(z, output):
    return 1.0 - output


def relu_derivative_at_kink(z, output):
    return 1.0 if z >= 0.0 else 0.0


def mse_derivative_twice(y_true, y_pred):
    return [2.0 * slope for slope in mse_derivative(y_true, y_pred)]


def mse_derivative_without_2(y_true, y_pred):
    return [0.5 * slope for slope in mse_derivative(y_true, y_pred)]


def mse_derivative_wrong_sign(y_true, y_pred):
    return [-slope for slope in mse_derivative(y_true, y_pred)]


def mse_derivative_without_n(y_true, y_pred):
    slopes = []
    for k in range(len(y_pred)):
        slopes.append(-2.0 * (y_true[k] - y_pred[k]))
    return slopes


def backward_without_slope(neuron, d_loss_d_output, d_loss_d_inputs):
    neuron.d_output_d_z = neuron.activation.derivative(neuron.z, neuron.output)
    d_loss_d_z = d_loss_d_output                     # the mistake
    neuron.d_loss_d_z = d_loss_d_z
    for i in range(len(neuron.weights)):
        neuron.weight_grads[i] += d_loss_d_z * neuron.inputs[i]
        d_loss_d_inputs[i] += d_loss_d_z * neuron.weights[i]
    neuron.bias_grad += d_loss_d_z


def backward_wrong_sign(neuron, d_loss_d_output, d_loss_d_inputs):
    neuron_backward(neuron, -d_loss_d_output, d_loss_d_inputs)


def backward_w_for_x(neuron, d_loss_d_output, d_loss_d_inputs):
    d_output_d_z = neuron.activation.derivative(neuron.z, neuron.output)
    d_loss_d_z = d_loss_d_output * d_output_d_z
    neuron.d_output_d_z, neuron.d_loss_d_z = d_output_d_z, d_loss_d_z
    for i in range(len(neuron.weights)):
        neuron.weight_grads[i] += d_loss_d_z * neuron.weights[i]   # the mistake
        d_loss_d_inputs[i] += d_loss_d_z * neuron.weights[i]
    neuron.bias_grad += d_loss_d_z


def backward_assigning_weight_grads(neuron, d_loss_d_output, d_loss_d_inputs):
    d_output_d_z = neuron.activation.derivative(neuron.z, neuron.output)
    d_loss_d_z = d_loss_d_output * d_output_d_z
    neuron.d_output_d_z, neuron.d_loss_d_z = d_output_d_z, d_loss_d_z
    for i in range(len(neuron.weights)):
        neuron.weight_grads[i] = d_loss_d_z * neuron.inputs[i]     # = instead of +=
        d_loss_d_inputs[i] += d_loss_d_z * neuron.weights[i]
    neuron.bias_grad += d_loss_d_z


def backward_assigning_input_grads(neuron, d_loss_d_output, d_loss_d_inputs):
    d_output_d_z = neuron.activation.derivative(neuron.z, neuron.output)
    d_loss_d_z = d_loss_d_output * d_output_d_z
    neuron.d_output_d_z, neuron.d_loss_d_z = d_output_d_z, d_loss_d_z
    for i in range(len(neuron.weights)):
        neuron.weight_grads[i] += d_loss_d_z * neuron.inputs[i]
        d_loss_d_inputs[i] = d_loss_d_z * neuron.weights[i]        # = instead of +=
    neuron.bias_grad += d_loss_d_z


def backward_value_for_slope(neuron, d_loss_d_output, d_loss_d_inputs):
    d_output_d_z = neuron.activation(neuron.z)                     # g(z), not g'(z)
    d_loss_d_z = d_loss_d_output * d_output_d_z
    neuron.d_output_d_z, neuron.d_loss_d_z = d_output_d_z, d_loss_d_z
    for i in range(len(neuron.weights)):
        neuron.weight_grads[i] += d_loss_d_z * neuron.inputs[i]
        d_loss_d_inputs[i] += d_loss_d_z * neuron.weights[i]
    neuron.bias_grad += d_loss_d_z


def layer_backward_assigning(layer, d_loss_d_outputs):
    for j, neuron in enumerate(layer.neurons):
        neuron.backward(d_loss_d_outputs[j], compute_input_grads=False)
    d_loss_d_inputs = [0.0] * layer.n_inputs
    for i in range(layer.n_inputs):
        for neuron in layer.neurons:
            d_loss_d_inputs[i] = neuron.d_loss_d_z * neuron.weights[i]   # = instead of +=
    return d_loss_d_inputs


def layer_backward_transposed(layer, d_loss_d_outputs):
    for j, neuron in enumerate(layer.neurons):
        neuron.backward(d_loss_d_outputs[j], compute_input_grads=False)
    d_loss_d_inputs = [0.0] * layer.n_inputs
    for i in range(layer.n_inputs):
        for j, neuron in enumerate(layer.neurons):
            d_loss_d_inputs[i] += neuron.d_loss_d_z * layer.neurons[i].weights[j]   # w_ij
    return d_loss_d_inputs


def layer_backward_without_slope(layer, d_loss_d_outputs):
    for j, neuron in enumerate(layer.neurons):
        neuron.backward(d_loss_d_outputs[j], compute_input_grads=False)
    d_loss_d_inputs = [0.0] * layer.n_inputs
    for i in range(layer.n_inputs):
        for j, neuron in enumerate(layer.neurons):
            d_loss_d_inputs[i] += d_loss_d_outputs[j] * neuron.weights[i]   # not dL/dz_j
    return d_loss_d_inputs


def layer_backward_calling_twice(layer, d_loss_d_outputs):
    for j, neuron in enumerate(layer.neurons):
        neuron.backward(d_loss_d_outputs[j], compute_input_grads=False)
    return layer_backward(layer, d_loss_d_outputs)


def layer_backward_never_calling(layer, d_loss_d_outputs):
    return [0.0] * layer.n_inputs


def softmax_without_max(z):
    exps = [math.exp(z_k) for z_k in z]
    total = sum(exps)
    return [e / total for e in exps]


def softmax_not_normalized(z):
    m = max(z)
    return [math.exp(z_k - m) for z_k in z]


def d_loss_d_z_wrong_sign(p, y_true):
    return [y_k - p_k for p_k, y_k in zip(p, y_true)]


def d_loss_d_p_instead(p, y_true):
    return [-y_k / p_k for p_k, y_k in zip(p, y_true)]


def sgd_step_without_batch_size(neurons, learning_rate, batch_size):
    sgd_step(neurons, learning_rate, 1)


def sgd_step_uphill(neurons, learning_rate, batch_size):
    sgd_step(neurons, -learning_rate, batch_size)


def sgd_step_without_learning_rate(neurons, learning_rate, batch_size):
    sgd_step(neurons, 1.0, batch_size)


def sgd_step_without_bias(neurons, learning_rate, batch_size):
    for neuron in neurons:
        for i in range(len(neuron.weights)):
            neuron.weights[i] -= learning_rate * neuron.weight_grads[i] / batch_size


def adam_without_correction(w, g, m, v, t, learning_rate, beta1, beta2, epsilon):
    m = beta1 * m + (1.0 - beta1) * g
    v = beta2 * v + (1.0 - beta2) * g * g
    return w - learning_rate * m / (math.sqrt(v) + epsilon), m, v


def adam_without_sqrt(w, g, m, v, t, learning_rate, beta1, beta2, epsilon):
    m = beta1 * m + (1.0 - beta1) * g
    v = beta2 * v + (1.0 - beta2) * g * g
    m_hat, v_hat = m / (1.0 - beta1 ** t), v / (1.0 - beta2 ** t)
    return w - learning_rate * m_hat / (v_hat + epsilon), m, v


def adam_epsilon_inside(w, g, m, v, t, learning_rate, beta1, beta2, epsilon):
    m = beta1 * m + (1.0 - beta1) * g
    v = beta2 * v + (1.0 - beta2) * g * g
    m_hat, v_hat = m / (1.0 - beta1 ** t), v / (1.0 - beta2 ** t)
    return w - learning_rate * m_hat / math.sqrt(v_hat + epsilon), m, v


def adam_g_not_squared(w, g, m, v, t, learning_rate, beta1, beta2, epsilon):
    m = beta1 * m + (1.0 - beta1) * g
    v = beta2 * v + (1.0 - beta2) * g
    m_hat, v_hat = m / (1.0 - beta1 ** t), v / (1.0 - beta2 ** t)
    return w - learning_rate * m_hat / (math.sqrt(v_hat) + epsilon), m, v


def adam_counting_t_from_0(w, g, m, v, t, learning_rate, beta1, beta2, epsilon):
    return adam_update(w, g, m, v, t - 1, learning_rate, beta1, beta2, epsilon)


def adam_two_values(w, g, m, v, t, learning_rate, beta1, beta2, epsilon):
    return adam_update(w, g, m, v, t, learning_rate, beta1, beta2, epsilon)[:2]


# (exercise, functions, the first diagnosis line starts with ..., and contains ...)
# Numbers in the expected starts are worked by hand (see each comment).
BROKEN = [
    # z = 0.5*2 + (-1)*3 + 2*1.25 = 0.5 without the bias 0.5; with it, 1.
    (1, {"forward": forward_without_bias}, "z is 0.5, expected 1: ", "the bias is missing"),
    # output = z = 1 instead of sigmoid(1) = 1 / (1 + e^-1).
    (1, {"forward": forward_without_activation},
     f"output is 1, expected {four(1 / (1 + math.exp(-1)))}: ", "that is z itself"),
    # without w1*x1 = 0.5*2: z = 1 - 1 = 0.
    (1, {"forward": forward_loop_from_1}, "z is 0, expected 1: ", "the term w1*x1 is missing"),
    # the tanh neuron: z = 1 - 2 + 0.5 = -0.5; sigmoid(-0.5) instead of tanh(-0.5).
    (1, {"forward": forward_always_sigmoid},
     f"output is {four(1 / (1 + math.exp(0.5)))}, expected {four(math.tanh(-0.5))}: ",
     "but this neuron's activation is tanh: use neuron.activation(z)"),
    (1, {"forward": forward_storing_nothing}, "z is None: ",
     "store the weighted sum: neuron.z = z"),
    # at z = 0: 0 * (1 - 0) = 0 instead of 0.5 * 0.5 = 0.25.
    (2, with_broken(2, sigmoid_derivative=sigmoid_derivative_of_z),
     "sigmoid'(0) is 0, expected 0.25: ", "used z where the formula has the output"),
    # sigmoid(0.5) * (1 - sigmoid(0.5)) instead of 0.25.
    (2, with_broken(2, sigmoid_derivative=sigmoid_derivative_of_output),
     f"sigmoid'(0) is {four((1 / (1 + math.exp(-0.5))) * (1 - 1 / (1 + math.exp(-0.5))))}, "
     f"expected 0.25: ", "used the output where z belongs"),
    # 1 - tanh(-0.5) instead of 1 - tanh(-0.5)^2 (at z = 0 both are 1).
    (2, with_broken(2, tanh_derivative=tanh_derivative_without_square),
     f"tanh'(-0.5) is {four(1 - math.tanh(-0.5))}, expected {four(1 - math.tanh(-0.5) ** 2)}: ",
     "the square is missing"),
    (2, with_broken(2, relu_derivative=relu_derivative_at_kink),
     "relu'(0) is 1, expected 0: ", "at the kink z = 0 this project takes the slope 0"),
    # The issue's example: every gradient doubles, and the trail leads to dL/dy_pred.
    (3, {"mse_derivative": mse_derivative_twice},
     f"dL/dw1 is {four(2 * D_L_D_W1)}, expected {four(D_L_D_W1)}: it is twice the answer; "
     f"look at dL/dy_pred", ""),
    (3, {"mse_derivative": mse_derivative_without_2},
     f"dL/dw1 is {four(D_L_D_W1 / 2)}, expected {four(D_L_D_W1)}: it is half the answer; "
     f"look at dL/dy_pred", ""),
    (3, {"mse_derivative": mse_derivative_wrong_sign},
     f"dL/dw1 is {four(-D_L_D_W1)}, expected {four(D_L_D_W1)}: the sign is wrong; "
     f"look at dL/dy_pred", ""),
    # two outputs: -2 * (1 - 0.5) = -1 instead of -1 / 2.
    (3, {"mse_derivative": mse_derivative_without_n}, "dL/dy_pred1 is -1, expected -0.5: ",
     "it is twice the answer: L is the mean over the 2 outputs"),
    # neuron [1, -0.5], x = [2, 4], dL/d_output = 2: dL/dz = 2 instead of 2 * 0.25,
    # so dL/dw1 = 2 * 2 = 4 instead of 1.
    (4, {"backward": backward_without_slope},
     "dL/dw1 is 4, expected 1: it is 4 times the answer; look at dL/dz", ""),
    (4, {"backward": backward_wrong_sign},
     "dL/dw1 is -1, expected 1: the sign is wrong; look at dL/dz", ""),
    # dL/dz * w1 = 0.5 * 1 instead of dL/dz * x1 = 0.5 * 2.
    (4, {"backward": backward_w_for_x}, "dL/dw1 is 0.5, expected 1: ",
     "multiplied by the weight wi"),
    # second sample alone: 2 * h1 * (1 - h1) * (-2); both: 1 + that.
    (4, {"backward": backward_assigning_weight_grads},
     f"dL/dw1 is {four(-4 * H1 * (1 - H1))}, expected {four(1 - 4 * H1 * (1 - H1))}: ",
     "only the last sample's share is there: add with +=, not ="),
    # the list held [10, 20]: 10 + 0.5 = 10.5, not 0.5.
    (4, {"backward": backward_assigning_input_grads}, "dL/dx1 is 0.5, expected 10.5: ",
     "what the list held was replaced"),
    (4, {"backward": backward_value_for_slope},
     "dL/dw1 is 2, expected 1: it is twice the answer; look at sigmoid'(z)", ""),
    # h1 [1, 2], h2 [3, 4], dL/dz = [1, 10]: 1*1 + 10*3 = 31; only h2's share: 30.
    (5, {"backward": layer_backward_assigning}, "dL/dx1 is 30, expected 31: ",
     "only the last neuron's share is there"),
    # w_ij instead of w_ji: 1*1 + 10*2 = 21.
    (5, {"backward": layer_backward_transposed}, "dL/dx1 is 21, expected 31: ",
     "the weight indices are swapped"),
    # the identity case passes; sigmoid at z = 0: 0.25*1 + 2.5*3 = 7.75; without slopes 31.
    (5, {"backward": layer_backward_without_slope}, "dL/dx1 is 31, expected 7.75: ",
     "used dL/d_output_j where the sum needs dL/dz_j"),
    # dL/dw1 = dL/dz_h1 * x1 = 1 * 2, added twice.
    (5, {"backward": layer_backward_calling_twice}, "dL/dw1 is 4, expected 2: ",
     "neuron.backward ran twice for this neuron"),
    (5, {"backward": layer_backward_never_calling},
     "dL/dx1 is 0, expected 31: it is 0; look at dL/dz_h1", ""),
    # z = [0, ln 3]: e^(z - ln 3) = [1/3, 1] instead of [1/4, 3/4].
    (6, with_broken(6, softmax=softmax_not_normalized), "p1 is 0.3333, expected 0.25: ",
     "it is not divided by the sum"),
    (6, with_broken(6, d_loss_d_z=d_loss_d_z_wrong_sign), "dL/dz_1 is 0.75, expected -0.75: ",
     "the sign is wrong"),
    # -y/p = -1 / 0.25 = -4.
    (6, with_broken(6, d_loss_d_z=d_loss_d_p_instead), "dL/dz_1 is -4, expected -0.75: ",
     "that is dL/dp_k = -y_k / p_k"),
    # Alice passes (a batch of 1); then w1 = 1 - 0.1 * 0.5 = 0.95 instead of 1 - 0.1 * 0.5 / 4.
    (7, {"sgd_step": sgd_step_without_batch_size}, "w1 is 0.95, expected 0.9875: ",
     "it moved 4 times as far as it should: the gradients are summed over the batch's 4 "
     "samples; divide by batch_size = 4"),
    (7, {"sgd_step": sgd_step_uphill},
     f"w1 is {four(1 + 0.1 * D_L_D_W1)}, expected {four(1 - 0.1 * D_L_D_W1)}: ",
     "it moved the wrong way"),
    (7, {"sgd_step": sgd_step_without_learning_rate},
     f"w1 is {four(1 - D_L_D_W1)}, expected {four(1 - 0.1 * D_L_D_W1)}: ",
     "the learning rate is missing"),
    # b1 stays 0 instead of 0 - 0.1 * dL/db1 = 0.1 * 0.010735.
    (7, {"sgd_step": sgd_step_without_bias}, "b1 is 0, expected 0.001073: ", "it did not move"),
    # m = 0.05, v = 0.00025: w = 1 - 0.1 * 0.05 / sqrt(0.00025) instead of 1 - 0.1 * 0.5 / 0.5.
    (8, {"adam_update": adam_without_correction},
     f"w after step 1 is {four(1 - 0.1 * 0.05 / math.sqrt(0.00025))}, expected 0.9: ",
     "the bias correction is missing"),
    # w = 1 - 0.1 * 0.5 / 0.25 = 0.8.
    (8, {"adam_update": adam_without_sqrt}, "w after step 1 is 0.8, expected 0.9: ",
     "the square root is missing"),
    (8, {"adam_update": adam_epsilon_inside}, "w after step 1 is ",
     "epsilon is inside the square root"),
    # v = 0.001 * 0.5 instead of 0.001 * 0.25.
    (8, {"adam_update": adam_g_not_squared}, "v after step 1 is 0.0005, expected 0.00025: ",
     "v is a running mean of g^2"),
    (8, {"adam_update": adam_counting_t_from_0}, "adam_update raised ZeroDivisionError",
     "t counts the steps from 1"),
    (8, {"adam_update": adam_two_values}, "adam_update returned (",
     "it must return the three numbers (w, m, v)"),
]


def broken_id(case):
    number, functions = case[0], case[1]
    return f"ex{number}-" + "-".join(function.__name__ for function in functions.values()
                                     if function not in SOLUTIONS[number].values())


# %% 1. The reference solutions pass, and the hand numbers are really compared
def test_the_projects_own_code_passes_every_exercise():
    reports = checker.check_solutions()
    assert [report.exercise.number for report in reports] == [1, 2, 3, 4, 5, 6, 7, 8]
    for report in reports:
        assert report.passed, report.text()
        hand_rows = [row for row in report.rows if row.hand is not None]
        assert len(hand_rows) >= 5, f"exercise {report.exercise.number} has few hand-worked rows"


@pytest.mark.parametrize("number", sorted(SOLUTIONS))
def test_solutions_written_like_a_learner_pass(number):
    report = checker.run_check(number, SOLUTIONS[number], "<test>")
    assert report.passed, report.text()
    assert report.text().splitlines()[-1].startswith(f"exercise {number}: all ")


def test_the_hand_worked_walkthrough_is_compared_with_the_core(monkeypatch):
    # A core whose MSE slope drifts (twice -2 * (y_true - y_pred)) must be reported as
    # disagreeing with the hand-worked dL/dy_pred, not blamed on the learner.
    def drifted(self, y_true, y_pred):
        return [-4.0 * (y - p) / len(y_pred) for y, p in zip(y_true, y_pred)]

    monkeypatch.setattr(MeanSquaredError, "derivative", drifted)
    with pytest.raises(checker.CheckerError, match=r"dL/dy_pred = .* hand-worked value"):
        checker.run_check(4, SOLUTIONS[4], "<test>")


# %% 2. Each broken version gets the right diagnosis
@pytest.mark.parametrize("case", BROKEN, ids=[broken_id(case) for case in BROKEN])
def test_a_broken_version_gets_its_diagnosis(case):
    number, functions, start, phrase = case
    report = checker.run_check(number, functions, "<test>")
    assert not report.passed
    first = report.diagnosis()[0]
    assert first.startswith(start), first
    assert phrase in first, first
    assert first in report.text()
    assert report.text().splitlines()[-len(report.diagnosis()) - 1].startswith(
        f"exercise {number}: ")


def test_the_issues_example_follows_the_chain_to_dl_dy_pred():
    report = checker.run_check(3, {"mse_derivative": mse_derivative_twice}, "<test>")
    assert report.diagnosis() == [
        f"dL/dw1 is {four(2 * D_L_D_W1)}, expected {four(D_L_D_W1)}: it is twice the answer; "
        f"look at dL/dy_pred",
        f"  dL/dy_pred is {four(2 * D_L_D_YPRED)}, expected {four(D_L_D_YPRED)}: "
        f"it is twice the answer"]


def test_the_root_cause_line_names_the_mistake():
    report = checker.run_check(4, {"backward": backward_without_slope}, "<test>")
    assert report.diagnosis()[1] == (
        "  dL/dz is 2, expected 0.5: the activation's slope is missing: dL/dz = "
        "dL/d_output * d_output/dz, the chain rule through output = g(z)")
    report = checker.run_check(4, {"backward": backward_value_for_slope}, "<test>")
    assert report.diagnosis()[1].startswith("  sigmoid'(z) is 0.5, expected 0.25: that is the "
                                            "activation's value g(z), not its slope g'(z)")


def test_the_gradient_check_catches_a_wrong_backward_on_its_own():
    report = checker.run_check(4, {"backward": backward_without_slope}, "<test>")
    checks = [row for row in report.rows if row.name == "gradient check"]
    assert len(checks) == 2 and not any(row.ok for row in checks)
    good = checker.run_check(4, SOLUTIONS[4], "<test>")
    assert all(row.ok for row in good.rows if row.name == "gradient check")


def test_an_exception_is_reported_with_its_line_and_a_hint(tmp_path, capsys):
    source = os.path.join(ROOT, "scripts", "exercises", "ex6_softmax_cross_entropy.py")
    with open(source) as handle:
        text = handle.read()
    body = ("    total = 0.0\n    exps = []\n    for z_k in z:\n"
            "        exps.append(math.exp(z_k))\n        total += exps[-1]\n"
            "    return [e / total for e in exps]\n")
    text = text.replace('    raise NotImplementedError("your code here")\n', body, 1)
    text = text.replace('    raise NotImplementedError("your code here")\n',
                        "    return [p_k - y_k for p_k, y_k in zip(p, y_true)]\n", 1)
    path = tmp_path / "ex6_mine.py"
    path.write_text(text)
    assert checker.main(["6", str(path)]) == 1
    out = capsys.readouterr().out
    assert "softmax raised OverflowError: math range error (line " in out
    assert "of ex6_mine.py: exps.append(math.exp(z_k))): math.exp overflowed: subtract m = " \
           "max(z)" in out


def test_a_partly_written_exercise_checks_the_rest():
    def not_yet(z, output):
        raise NotImplementedError("your code here")

    report = checker.run_check(2, with_broken(2, tanh_derivative=not_yet), "<test>")
    assert not report.passed
    assert report.not_written == ["tanh_derivative"]
    assert "exercise 2: not written yet: tanh_derivative still raises NotImplementedError" \
        in report.text()
    assert any(row.name == "sigmoid'(0)" and row.ok for row in report.rows)


# %% 3. The exercise files as handed out
@pytest.mark.parametrize("number", sorted(SOLUTIONS))
def test_an_untouched_exercise_file_is_not_written_yet(number, capsys):
    assert checker.main([str(number)]) == 1
    out = capsys.readouterr().out
    assert f"exercise {number}: not written yet: " in out
    assert f"scripts/exercises/ex{number}_" in out


def test_an_exercise_file_runs_its_own_check():
    path = os.path.join("scripts", "exercises", "ex1_neuron_forward.py")
    result = subprocess.run([sys.executable, path], cwd=ROOT, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 1, result.stderr
    assert "exercise 1: not written yet: forward in " in result.stdout


def test_a_filled_in_exercise_file_passes_from_the_command_line(tmp_path):
    source = os.path.join(ROOT, "scripts", "exercises", "ex3_loss_derivative.py")
    with open(source) as handle:
        text = handle.read()
    body = ("    n = len(y_pred)\n    slopes = []\n    for k in range(n):\n"
            "        slopes.append(-2.0 * (y_true[k] - y_pred[k]) / n)\n    return slopes\n")
    path = tmp_path / "ex3_loss_derivative.py"
    path.write_text(text.replace('    raise NotImplementedError("your code here")\n', body))
    script = os.path.join("scripts", "check_exercise.py")
    result = subprocess.run([sys.executable, script, "3", str(path)], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1].startswith("exercise 3: all ")
    assert "ok     dL/dw1" in result.stdout


def test_files_that_cannot_be_checked_say_why(tmp_path, capsys):
    missing = tmp_path / "ex7_renamed.py"
    missing.write_text("def step(neurons, learning_rate, batch_size):\n    pass\n")
    assert checker.main(["7", str(missing)]) == 1
    assert "has no function sgd_step" in capsys.readouterr().out
    broken = tmp_path / "ex7_syntax.py"
    broken.write_text("def sgd_step(neurons, learning_rate, batch_size)\n    pass\n")
    assert checker.main(["7", str(broken)]) == 1
    assert "could not load" in capsys.readouterr().out


# %% 4. The real classes are back after every check
def swapped_places():
    """Everything a check swaps out, as (owner, attribute, the object it holds now)."""
    places = [(Neuron, "forward"), (Neuron, "backward"), (Layer, "backward"),
              (layer_module, "softmax"), (SoftmaxLayer, "backward_cross_entropy"),
              (MeanSquaredError, "derivative"), (SGD, "step"), (Adam, "step")]
    for name in ("sigmoid", "tanh", "relu"):
        places.append((ACTIVATIONS[name], "derivative"))
    return [(owner, attribute, vars(owner)[attribute]) for owner, attribute in places]


def train_people_network():
    net = Network([2, 2, 1], seed=3)
    X, Y = people()
    history = net.train(X, Y, epochs=30, batch_size=2, learning_rate=0.2)
    parameters = [net.get_parameter(name) for name in net.parameter_names()]
    return list(history), parameters


def raises_midway(*args):
    raise RuntimeError("a learner's bug")


def test_failed_and_crashed_checks_leave_the_real_classes_in_place():
    before = swapped_places()
    trained_before = train_people_network()
    for number, functions, _, _ in BROKEN:
        assert not checker.run_check(number, functions, "<test>").passed
    for number in SOLUTIONS:
        crashing = {name: raises_midway for name in SOLUTIONS[number]}
        report = checker.run_check(number, crashing, "<test>")
        assert not report.passed
        assert "raised RuntimeError: a learner's bug" in report.text()
    after = swapped_places()
    for (owner, attribute, original), (_, _, now) in zip(before, after):
        assert now is original, f"{owner}.{attribute} was not put back"
    assert train_people_network() == trained_before


def test_patched_puts_the_original_back_when_the_block_raises():
    original = vars(Neuron)["forward"]
    with pytest.raises(RuntimeError):
        with checker.patched(Neuron, "forward", raises_midway):
            assert Neuron.forward is raises_midway
            raise RuntimeError("inside the check")
    assert vars(Neuron)["forward"] is original
