"""The exercises and their checker (scripts/check_exercise.py and scripts/checker/).

1. The project's own code passes every exercise, and so do solutions written here the
   way a learner would write them; a core that drifts from the hand-worked walkthrough
   is reported as the core's fault, not the learner's.
2. Deliberately broken versions (factor 2, wrong sign, = instead of +=, ...), written
   below, get the diagnosis that names the wrong term and the mistake. The numbers in
   the expected messages are worked by hand here (Alice: h1 = sigmoid(-3), ...).
3. Issue 17's checker points, each with examples of its own: a loop that never ends is
   stopped at the time limit (in a worker process) and Ctrl-C prints one line, also in
   step mode; exercise 4 fails a backprop that always uses the sigmoid's slope; a ratio
   or a named mistake is stated only when it holds at a second point; an IndexError or
   ValueError names the list (or value) really involved; a function that changes its
   lists cannot change the checker's data, and is told when the network would see it.
4. The untouched exercise files say "not written yet" and exit 1; after any check the
   real classes are back.

Most checks run in this process (run_check: the same cases and diagnosis, without the
worker); the tests of the worker, the time limit and Ctrl-C run the command line.
"""
from __future__ import annotations

import importlib.util
import math
import os
import signal
import subprocess
import sys
import time

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCRIPTS = os.path.join(ROOT, "scripts")
for _folder in (ROOT, SCRIPTS):
    if _folder not in sys.path:
        sys.path.insert(0, _folder)

from checker import check_file, run_check                      # noqa: E402
from checker import walkthrough                                # noqa: E402
from checker.loading import CheckerError                       # noqa: E402
from checker.patching import patched                           # noqa: E402
from checker.tracebacks import explain                         # noqa: E402
from checker.worker import check_solutions                     # noqa: E402
from datasets import people                                    # noqa: E402
from network import layer as layer_module                      # noqa: E402
from network.layer import Layer, SoftmaxLayer                  # noqa: E402
from network.losses import MeanSquaredError                    # noqa: E402
from network.network import Network                            # noqa: E402
from network.optimizers import SGD, Adam                       # noqa: E402
from neuron.activations import ACTIVATIONS                     # noqa: E402
from neuron.neuron import Neuron                               # noqa: E402


def _load_launcher():
    path = os.path.join(SCRIPTS, "check_exercise.py")
    spec = importlib.util.spec_from_file_location("check_exercise_under_test", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


launcher = _load_launcher()

# Alice in the 2-2-1 network with every weight 1 and every bias 0, by hand.
H1 = 1.0 / (1.0 + math.exp(3.0))                   # sigmoid(-3) = 0.04743
Y_PRED = 1.0 / (1.0 + math.exp(-2.0 * H1))         # sigmoid(h1 + h2) = 0.5237
D_L_D_YPRED = -2.0 * (1.0 - Y_PRED)                # -0.9526
D_L_D_W1 = D_L_D_YPRED * Y_PRED * (1.0 - Y_PRED) * 1.0 * H1 * (1.0 - H1) * -2.0   # 0.02147


def four(x: float) -> str:
    """x with 4 significant digits, as the checker prints it."""
    return format(x, ".4g")


def sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


# %% Solutions written the way a learner would (independent of the project's code)
def feedforward(neuron, inputs):
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


def backprop(neuron, d_loss_d_output):
    d_output_d_z = neuron.activation.derivative(neuron.z, neuron.output)
    d_loss_d_z = d_loss_d_output * d_output_d_z
    for i in range(len(neuron.weights)):
        neuron.weight_grads[i] += d_loss_d_z * neuron.inputs[i]
    neuron.bias_grad += d_loss_d_z
    neuron.d_output_d_z = d_output_d_z
    neuron.d_loss_d_z = d_loss_d_z


def input_gradients(layer):
    d_loss_d_inputs = [0.0] * layer.n_inputs
    for neuron in layer.neurons:
        for i in range(layer.n_inputs):
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
    1: {"feedforward": feedforward},
    2: {"sigmoid_derivative": sigmoid_derivative, "tanh_derivative": tanh_derivative,
        "relu_derivative": relu_derivative},
    3: {"mse_derivative": mse_derivative},
    4: {"backprop": backprop},
    5: {"input_gradients": input_gradients},
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
    neuron.z, neuron.output = z, sigmoid(z)
    return neuron.output


def forward_storing_nothing(neuron, inputs):
    z = neuron.bias
    for i in range(len(inputs)):
        z += neuron.weights[i] * inputs[i]
    return neuron.activation(z)


def forward_returning_z(neuron, inputs):
    feedforward(neuron, inputs)
    return neuron.z


def sigmoid_derivative_of_z(z, output):
    return z * (1.0 - z)


def sigmoid_derivative_of_output(z, output):
    return sigmoid(output) * (1.0 - sigmoid(output))


def sigmoid_derivative_is_tanhs(z, output):
    return 1.0 - output * output


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


def backprop_without_slope(neuron, d_loss_d_output):
    neuron.d_output_d_z = neuron.activation.derivative(neuron.z, neuron.output)
    d_loss_d_z = d_loss_d_output                     # the mistake
    neuron.d_loss_d_z = d_loss_d_z
    for i in range(len(neuron.weights)):
        neuron.weight_grads[i] += d_loss_d_z * neuron.inputs[i]
    neuron.bias_grad += d_loss_d_z


def backprop_wrong_sign(neuron, d_loss_d_output):
    backprop(neuron, -d_loss_d_output)


def backprop_w_for_x(neuron, d_loss_d_output):
    d_output_d_z = neuron.activation.derivative(neuron.z, neuron.output)
    d_loss_d_z = d_loss_d_output * d_output_d_z
    neuron.d_output_d_z, neuron.d_loss_d_z = d_output_d_z, d_loss_d_z
    for i in range(len(neuron.weights)):
        neuron.weight_grads[i] += d_loss_d_z * neuron.weights[i]   # the mistake
    neuron.bias_grad += d_loss_d_z


def backprop_assigning(neuron, d_loss_d_output):
    d_output_d_z = neuron.activation.derivative(neuron.z, neuron.output)
    d_loss_d_z = d_loss_d_output * d_output_d_z
    neuron.d_output_d_z, neuron.d_loss_d_z = d_output_d_z, d_loss_d_z
    for i in range(len(neuron.weights)):
        neuron.weight_grads[i] = d_loss_d_z * neuron.inputs[i]     # = instead of +=
    neuron.bias_grad += d_loss_d_z


def backprop_value_for_slope(neuron, d_loss_d_output):
    d_output_d_z = neuron.activation(neuron.z)                     # g(z), not g'(z)
    d_loss_d_z = d_loss_d_output * d_output_d_z
    neuron.d_output_d_z, neuron.d_loss_d_z = d_output_d_z, d_loss_d_z
    for i in range(len(neuron.weights)):
        neuron.weight_grads[i] += d_loss_d_z * neuron.inputs[i]
    neuron.bias_grad += d_loss_d_z


def backprop_with_slope(slope):
    """A backprop that computes the slope with ``slope(neuron)``: a hard-coded formula."""
    def backprop_hard_coded(neuron, d_loss_d_output):
        d_output_d_z = slope(neuron)
        d_loss_d_z = d_loss_d_output * d_output_d_z
        neuron.d_output_d_z, neuron.d_loss_d_z = d_output_d_z, d_loss_d_z
        for i in range(len(neuron.weights)):
            neuron.weight_grads[i] += d_loss_d_z * neuron.inputs[i]
        neuron.bias_grad += d_loss_d_z
    return backprop_hard_coded


def sigmoid_slope(neuron):
    return neuron.output * (1.0 - neuron.output)


def tanh_slope(neuron):
    return 1.0 - neuron.output * neuron.output


def sigmoid_or_tanh_slope(neuron):     # knows two activations, not ReLU
    return tanh_slope(neuron) if neuron.activation.name == "tanh" else sigmoid_slope(neuron)


backprop_hard_coded_sigmoid = backprop_with_slope(sigmoid_slope)
backprop_hard_coded_tanh = backprop_with_slope(tanh_slope)
backprop_without_relu = backprop_with_slope(sigmoid_or_tanh_slope)


def backprop_storing_no_d_loss_d_z(neuron, d_loss_d_output):
    backprop(neuron, d_loss_d_output)
    neuron.d_loss_d_z = None


def backprop_replacing_weight_grads(neuron, d_loss_d_output):
    backprop(neuron, d_loss_d_output)
    neuron.weight_grads = [neuron.weight_grads[0]]


def input_gradients_assigning(layer):
    d_loss_d_inputs = [0.0] * layer.n_inputs
    for neuron in layer.neurons:
        for i in range(layer.n_inputs):
            d_loss_d_inputs[i] = neuron.d_loss_d_z * neuron.weights[i]   # = instead of +=
    return d_loss_d_inputs


def input_gradients_transposed(layer):
    d_loss_d_inputs = [0.0] * layer.n_inputs
    for i in range(layer.n_inputs):
        for j, neuron in enumerate(layer.neurons):
            d_loss_d_inputs[i] += neuron.d_loss_d_z * layer.neurons[i].weights[j]   # w_ij
    return d_loss_d_inputs


def input_gradients_without_slope(layer):
    d_loss_d_inputs = [0.0] * layer.n_inputs
    for neuron in layer.neurons:
        for i in range(layer.n_inputs):
            d_loss_d_inputs[i] += neuron.d_loss_d_output * neuron.weights[i]   # not dL/dz
    return d_loss_d_inputs


def input_gradients_calling_backprop(layer):
    for neuron in layer.neurons:
        neuron.backprop(neuron.d_loss_d_output)       # it already ran
    return input_gradients(layer)


def input_gradients_zeros(layer):
    return [0.0] * layer.n_inputs


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


def sgd_step_eleven_times(neurons, learning_rate, batch_size):
    sgd_step(neurons, 11.0 * learning_rate, batch_size)


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
    (1, {"feedforward": forward_without_bias}, "z is 0.5, expected 1: ",
     "the bias is missing"),
    # output = z = 1 instead of sigmoid(1) = 1 / (1 + e^-1).
    (1, {"feedforward": forward_without_activation},
     f"output is 1, expected {four(sigmoid(1))}: ", "that is z itself"),
    # without w1*x1 = 0.5*2: z = 1 - 1 = 0.
    (1, {"feedforward": forward_loop_from_1}, "z is 0, expected 1: ",
     "the term w1*x1 is missing"),
    # the tanh neuron: z = 1 - 2 + 0.5 = -0.5; sigmoid(-0.5) instead of tanh(-0.5).
    (1, {"feedforward": forward_always_sigmoid},
     f"output is {four(sigmoid(-0.5))}, expected {four(math.tanh(-0.5))}: ",
     "but this neuron's activation is tanh: use neuron.activation(z)"),
    (1, {"feedforward": forward_storing_nothing}, "z is None: ",
     "store the weighted sum: neuron.z = z"),
    (1, {"feedforward": forward_returning_z}, f"return value is 1, expected "
     f"{four(sigmoid(1))}: ", "feedforward returned z"),
    # at z = 0: 0 * (1 - 0) = 0 instead of 0.5 * 0.5 = 0.25.
    (2, with_broken(2, sigmoid_derivative=sigmoid_derivative_of_z),
     "sigmoid'(0) is 0, expected 0.25: ", "used z where the formula has the output"),
    # sigmoid(0.5) * (1 - sigmoid(0.5)) instead of 0.25.
    (2, with_broken(2, sigmoid_derivative=sigmoid_derivative_of_output),
     f"sigmoid'(0) is {four(sigmoid(0.5) * (1 - sigmoid(0.5)))}, expected 0.25: ",
     "used the output where z belongs"),
    # 1 - 0.5^2 = 0.75 instead of 0.25.
    (2, with_broken(2, sigmoid_derivative=sigmoid_derivative_is_tanhs),
     "sigmoid'(0) is 0.75, expected 0.25: ", "that is tanh's slope 1 - output^2"),
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
    # neuron [1, -0.5], x = [2, 4], dL/d_output = 2: dL/dz = 2 instead of 2 * 0.25, so
    # dL/dw1 = 2 * 2 = 4 instead of 1. "4 times" holds only where the slope is 1/4 (z = 0),
    # so the ratio is not stated: at the second point (z = -0.6) it is 1 / 0.2288.
    (4, {"backprop": backprop_without_slope},
     "dL/dw1 is 4, expected 1: it is off by +3; look at dL/dz", ""),
    (4, {"backprop": backprop_wrong_sign},
     "dL/dw1 is -1, expected 1: the sign is wrong; look at dL/dz", ""),
    # dL/dz * w1 = 0.5 * 1 instead of dL/dz * x1 = 0.5 * 2.
    (4, {"backprop": backprop_w_for_x}, "dL/dw1 is 0.5, expected 1: ",
     "multiplied by the weight wi"),
    # second sample alone: 2 * h1 * (1 - h1) * (-2); both: 1 + that.
    (4, {"backprop": backprop_assigning},
     f"dL/dw1 is {four(-4 * H1 * (1 - H1))}, expected {four(1 - 4 * H1 * (1 - H1))}: ",
     "only the last sample's share is there: add with +=, not ="),
    # sigmoid(0) = 0.5 as the slope: dL/dw1 = 2 * 0.5 * 2 = 2, twice 1 only at z = 0.
    (4, {"backprop": backprop_value_for_slope},
     "dL/dw1 is 2, expected 1: it is off by +1; look at sigmoid'(z)", ""),
    # The tanh neuron (z = ln 2, output 0.6): slope 0.6 * 0.4 = 0.24 instead of 0.64, so
    # dL/dz = 2 * 0.24 = 0.48 and dL/dw1 = 0.48 * x1 = 0.48 instead of 1.28.
    (4, {"backprop": backprop_hard_coded_sigmoid},
     "dL/dw1 is 0.48, expected 1.28: it is off by -0.8; look at tanh'(z)", ""),
    # The sigmoid neuron at z = 0: slope 1 - 0.25 = 0.75, dL/dw1 = 2 * 0.75 * 2 = 3.
    (4, {"backprop": backprop_hard_coded_tanh},
     "dL/dw1 is 3, expected 1: it is off by +2; look at sigmoid'(z)", ""),
    # The ReLU neuron (z = output = 1.5): slope 1.5 * (1 - 1.5) = -0.75 instead of 1, so
    # dL/dz = -1.5 and dL/dw1 = -1.5 * 1.5 = -2.25 instead of 2 * 1.5 = 3.
    (4, {"backprop": backprop_without_relu},
     "dL/dw1 is -2.25, expected 3: it is off by -5.25; look at relu'(z)", ""),
    (4, {"backprop": backprop_storing_no_d_loss_d_z}, "dL/dz is None: ",
     "store it: neuron.d_loss_d_z = d_loss_d_z"),
    # dL/dw1 = 0.5 * 2 = 1 kept, dL/dw2 dropped.
    (4, {"backprop": backprop_replacing_weight_grads},
     "backprop left neuron.weight_grads as [1.0]: it holds one dL/dwi per weight (2 here)",
     "add into it with +=, do not replace it"),
    # h1 [1, 2], h2 [3, 4], dL/dz = [1, 10]: 1*1 + 10*3 = 31; only h2's share: 30.
    (5, {"input_gradients": input_gradients_assigning}, "dL/dx1 is 30, expected 31: ",
     "only the last neuron's share is there"),
    # w_ij instead of w_ji: 1*1 + 10*2 = 21.
    (5, {"input_gradients": input_gradients_transposed}, "dL/dx1 is 21, expected 31: ",
     "the weight indices are swapped"),
    # the identity case passes; sigmoid at z = 0: 0.25*1 + 2.5*3 = 7.75; without slopes 31.
    (5, {"input_gradients": input_gradients_without_slope}, "dL/dx1 is 31, expected 7.75: ",
     "used dL/d_output_j where the sum needs dL/dz_j"),
    # h1's dL/dw1 = dL/dz_h1 * x1 = 1 * 2, added a second time: 4.
    (5, {"input_gradients": input_gradients_calling_backprop},
     "input_gradients changed h1's weight_grads (weight_grads[0] was 2, is now 4): ",
     "neuron.backprop ran a second time for this neuron"),
    (5, {"input_gradients": input_gradients_zeros}, "dL/dx1 is 0, expected 31: it is 0", ""),
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
    # b1 stays 0 instead of 0 - 0.1 * dL/db1, where dL/db1 = dL/dz_h1 = dL/dw1 / x1
    # (x1 = -2): b1 = 0.05 * dL/dw1, a small positive number.
    (7, {"sgd_step": sgd_step_without_bias},
     f"b1 is 0, expected {four(0 - 0.1 * D_L_D_W1 / -2.0)}: ", "it did not move"),
    (7, {"sgd_step": sgd_step_eleven_times},
     f"w1 is {four(1 - 1.1 * D_L_D_W1)}, expected {four(1 - 0.1 * D_L_D_W1)}: ",
     "it moved 11 times as far as it should"),
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
    reports = check_solutions()
    assert [report.exercise.number for report in reports] == [1, 2, 3, 4, 5, 6, 7, 8]
    for report in reports:
        assert report.passed, report.text()
        hand_rows = [row for row in report.rows if row.hand is not None]
        assert len(hand_rows) >= 5, f"exercise {report.exercise.number} has few hand-worked rows"


@pytest.mark.parametrize("number", sorted(SOLUTIONS))
def test_solutions_written_like_a_learner_pass(number):
    report = run_check(number, SOLUTIONS[number], "<test>")
    assert report.passed, report.text()
    assert report.text().splitlines()[-1].startswith(f"exercise {number}: all ")


def test_the_hand_worked_walkthrough_is_compared_with_the_core(monkeypatch):
    # A core whose MSE slope drifts (twice -2 * (y_true - y_pred)) must be reported as
    # disagreeing with the hand-worked dL/dy_pred, not blamed on the learner.
    def drifted(self, y_true, y_pred):
        return [-4.0 * (y - p) / len(y_pred) for y, p in zip(y_true, y_pred)]

    monkeypatch.setattr(MeanSquaredError, "derivative", drifted)
    with pytest.raises(CheckerError, match=r"dL/dy_pred = .* hand-worked value"):
        run_check(4, SOLUTIONS[4], "<test>")


def test_every_case_has_a_second_point_with_other_numbers():
    from checker.registry import EXERCISES
    from checker.running import make_students
    for number, exercise in EXERCISES.items():
        students = make_students(exercise, exercise.solutions, "")
        for case in exercise.cases(students):
            assert case.second is not None, case.title
            first, second = case.run(), case.second()
            assert all(row.ok for row in first + second), case.title
            # The second point's expected numbers are not the first point's.
            first_values = [row.expected for row in first if row.expected is not None]
            second_values = [row.expected for row in second if row.expected is not None]
            assert first_values != second_values[:len(first_values)], case.title


# %% 2. Each broken version gets the right diagnosis
@pytest.mark.parametrize("case", BROKEN, ids=[broken_id(case) for case in BROKEN])
def test_a_broken_version_gets_its_diagnosis(case):
    number, functions, start, phrase = case
    report = run_check(number, functions, "<test>")
    assert not report.passed
    first = report.diagnosis()[0]
    assert first.startswith(start), first
    assert phrase in first, first
    assert first in report.text()
    assert report.text().splitlines()[-len(report.diagnosis()) - 1].startswith(
        f"exercise {number}: ")


def test_the_issues_example_follows_the_chain_to_dl_dy_pred():
    report = run_check(3, {"mse_derivative": mse_derivative_twice}, "<test>")
    assert report.diagnosis() == [
        f"dL/dw1 is {four(2 * D_L_D_W1)}, expected {four(D_L_D_W1)}: it is twice the answer; "
        f"look at dL/dy_pred",
        f"  dL/dy_pred is {four(2 * D_L_D_YPRED)}, expected {four(D_L_D_YPRED)}: "
        f"it is twice the answer"]


def test_the_root_cause_line_names_the_mistake():
    report = run_check(4, {"backprop": backprop_without_slope}, "<test>")
    assert report.diagnosis()[1] == (
        "  dL/dz is 2, expected 0.5: the activation's slope is missing: dL/dz = "
        "dL/d_output * d_output/dz, the chain rule through output = g(z)")
    report = run_check(4, {"backprop": backprop_value_for_slope}, "<test>")
    assert report.diagnosis()[1].startswith("  sigmoid'(z) is 0.5, expected 0.25: that is the "
                                            "activation's value g(z), not its slope g'(z)")


def test_the_gradient_check_catches_a_wrong_backprop_on_its_own():
    report = run_check(4, {"backprop": backprop_without_slope}, "<test>")
    checks = [row for row in report.rows if row.name == "gradient check"]
    assert len(checks) == 4 and not any(row.ok for row in checks)
    good = run_check(4, SOLUTIONS[4], "<test>")
    assert all(row.ok for row in good.rows if row.name == "gradient check")


def test_a_partly_written_exercise_checks_the_rest():
    def not_yet(z, output):
        raise NotImplementedError("your code here")

    report = run_check(2, with_broken(2, tanh_derivative=not_yet), "<test>")
    assert not report.passed
    assert report.not_written == ["tanh_derivative"]
    assert "exercise 2: not written yet: tanh_derivative still raises NotImplementedError" \
        in report.text()
    assert any(row.name == "sigmoid'(0)" and row.ok for row in report.rows)


# %% 3a. Exercise 4 checks backprop on tanh and ReLU neurons too
def test_a_backprop_with_the_sigmoids_slope_fails_on_tanh_and_relu():
    report = run_check(4, {"backprop": backprop_hard_coded_sigmoid}, "<test>")
    sections = {section.title.split(":")[0]: section for section in report.sections}
    # Right on every sigmoid neuron (the first two cases and Alice's network) ...
    assert all(row.ok for row in sections["One sigmoid neuron by hand"].rows)
    assert all(row.ok for row in sections["Alice in the 2-2-1 network (every weight 1, "
                                          "every bias 0), x = [-2, -1], y_true = 1"].rows)
    # ... wrong on the tanh and the ReLU neuron, and the gradient check fails on both
    # networks with those hidden neurons.
    for title in ("One tanh neuron by hand", "One ReLU neuron by hand"):
        assert not all(row.ok for row in sections[title].rows), title
    for activation in ("tanh", "ReLU"):
        title = (f"A 2-3-1 network with {activation} hidden neurons, x = [0.5, -1], "
                 f"y_true = 1")
        checks = [row for row in sections[title].rows if row.name == "gradient check"]
        assert len(checks) == 1 and not checks[0].ok, title
    assert report.diagnosis()[1] == (
        "  tanh'(z) is 0.24, expected 0.64: that is the sigmoid's slope output * (1 - output), "
        "but this neuron's activation is tanh: use neuron.activation.derivative(neuron.z, "
        "neuron.output), the slope of the neuron's own activation")


def test_a_backprop_that_knows_no_relu_is_told_to_use_the_neurons_own_slope():
    report = run_check(4, {"backprop": backprop_without_relu}, "<test>")
    # relu z = 1.5: the sigmoid's formula gives 1.5 * (1 - 1.5) = -0.75 instead of 1.
    assert report.diagnosis()[1] == (
        "  relu'(z) is -0.75, expected 1: that is the sigmoid's slope output * (1 - output), "
        "but this neuron's activation is relu: use neuron.activation.derivative(neuron.z, "
        "neuron.output), the slope of the neuron's own activation")


# %% 3b. A ratio or a named mistake only when it holds at a second point
def sigmoid_derivative_one_and_a_half(z, output):
    return 1.5 * output        # at z = 0 it equals tanh's slope 0.75 and 3 times 0.25


def mse_derivative_doubled_for_positive_targets(y_true, y_pred):
    slopes = mse_derivative(y_true, y_pred)
    return [slope * (y_true[k] + 1.0) for k, slope in enumerate(slopes)]


def sgd_step_scaled_by_the_weight(neurons, learning_rate, batch_size):
    for neuron in neurons:
        for i in range(len(neuron.weights)):
            scale = 1.0 + 10.0 * abs(neuron.weights[i])      # 11 where the weight is 1
            neuron.weights[i] -= learning_rate * neuron.weight_grads[i] * scale / batch_size
        neuron.bias -= learning_rate * neuron.bias_grad / batch_size


def test_a_named_confusion_that_holds_at_one_point_only_is_not_stated():
    report = run_check(2, with_broken(2, sigmoid_derivative=sigmoid_derivative_one_and_a_half),
                       "<test>")
    # At z = 0: 1.5 * 0.5 = 0.75 = 1 - 0.5^2 (tanh's slope) = 3 * 0.25. At the second
    # point, z = 0.5, it is neither (1.5 * 0.6225 = 0.9337; 1 - 0.6225^2 = 0.6125).
    assert report.diagnosis() == ["sigmoid'(0) is 0.75, expected 0.25: it is off by +0.5"]
    real = run_check(2, with_broken(2, sigmoid_derivative=sigmoid_derivative_is_tanhs), "<test>")
    assert real.diagnosis()[0].endswith("that is tanh's slope 1 - output^2; the sigmoid's is "
                                        "output * (1 - output)")


def test_twice_the_answer_at_one_point_only_is_not_stated():
    report = run_check(3, {"mse_derivative": mse_derivative_doubled_for_positive_targets},
                       "<test>")
    # Alice's y_true = 1 doubles every term; at the second point y_true = 0 nothing changes.
    assert report.diagnosis() == [
        f"dL/dw1 is {four(2 * D_L_D_W1)}, expected {four(D_L_D_W1)}: it is off by "
        f"+{four(D_L_D_W1)}; look at dL/dy_pred",
        f"  dL/dy_pred is {four(2 * D_L_D_YPRED)}, expected {four(D_L_D_YPRED)}: it is off by "
        f"{four(D_L_D_YPRED)}"]


def test_eleven_times_as_far_at_one_point_only_is_not_stated():
    report = run_check(7, {"sgd_step": sgd_step_scaled_by_the_weight}, "<test>")
    # Every weight of Alice's network is 1, so w1 moves 11 times as far; with the second
    # point's weights (w1 = 0.5) it would be 6 times.
    moved, should = -0.1 * D_L_D_W1 * 11, -0.1 * D_L_D_W1
    assert report.diagnosis() == [
        f"w1 is {four(1 + moved)}, expected {four(1 + should)}: it moved by {moved:+.4g}, "
        f"it should have moved by {should:+.4g}"]


# %% 3c. IndexError and ValueError: the list (or value) really involved
def write_exercise(tmp_path, number: int, bodies, name: str = "") -> str:
    """A copy of exercise ``number``'s file with its function bodies filled in, in order."""
    from checker.registry import EXERCISES
    with open(EXERCISES[number].path) as handle:
        text = handle.read()
    for body in bodies:
        text = text.replace('    raise NotImplementedError("your code here")\n', body, 1)
    path = tmp_path / (name or f"ex{number}_mine.py")
    path.write_text(text)
    return str(path)


def test_an_index_error_names_the_list_that_was_indexed(tmp_path):
    path = write_exercise(tmp_path, 4, [
        "    d_output_d_z = neuron.activation.derivative(neuron.z, neuron.output)\n"
        "    d_loss_d_z = d_loss_d_output * d_output_d_z\n"
        "    for i in range(len(neuron.weights) + 1):\n"
        "        neuron.weight_grads[i] += d_loss_d_z * neuron.inputs[i]\n"
        "    neuron.bias_grad += d_loss_d_z\n"
        "    neuron.d_output_d_z, neuron.d_loss_d_z = d_output_d_z, d_loss_d_z\n"])
    report = check_file(4, path, time_limit=0)
    first = report.diagnosis()[0]
    assert first.startswith("backprop raised IndexError: list index out of range (line ")
    assert "of ex4_mine.py: neuron.weight_grads[i] += d_loss_d_z * neuron.inputs[i]): " \
           "neuron.weight_grads has 2 items (indices 0 to 1), and i is 2: there is one " \
           "dL/dwi per weight" in first


def test_an_index_error_in_a_list_of_the_learners_own_is_named_too(tmp_path):
    # Three neurons on two inputs: looping over the neurons for the inputs runs past the
    # end of the learner's own list (the old hint blamed neuron.weights).
    path = write_exercise(tmp_path, 5, [
        "    d_loss_d_inputs = [0.0] * layer.n_inputs\n"
        "    for i in range(len(layer.neurons)):\n"
        "        for neuron in layer.neurons:\n"
        "            d_loss_d_inputs[i] += neuron.d_loss_d_z * neuron.weights[0]\n"
        "    return d_loss_d_inputs\n"])
    report = check_file(5, path, time_limit=0)
    stopped = [row for row in report.rows if row.name == "stopped"]
    assert stopped, report.text()
    assert stopped[0].message.endswith(
        "d_loss_d_inputs has 2 items (indices 0 to 1), and i is 2")
    # A transposed index: layer.neurons[i].weights[j], j running over 3 neurons.
    path = write_exercise(tmp_path, 5, [
        "    d_loss_d_inputs = [0.0] * layer.n_inputs\n"
        "    for i in range(layer.n_inputs):\n"
        "        for j in range(len(layer.neurons)):\n"
        "            d_loss_d_inputs[i] += layer.neurons[j].d_loss_d_z * "
        "layer.neurons[i].weights[j]\n"
        "    return d_loss_d_inputs\n"], "ex5_transposed.py")
    report = check_file(5, path, time_limit=0)
    stopped = [row for row in report.rows if row.name == "stopped"]
    assert "layer.neurons[i].weights has 2 items (indices 0 to 1), and j is 2: neuron j " \
           "has one weight per input i" in stopped[0].message


def sgd_step_adding_a_weight(neurons, learning_rate, batch_size):
    sgd_step(neurons, learning_rate, batch_size)
    for neuron in neurons:
        neuron.weights.append(0.0)         # one weight too many for the next forward pass


def test_an_index_error_in_the_projects_code_names_its_list_and_line():
    report = run_check(7, {"sgd_step": sgd_step_adding_a_weight}, "<test>")
    stopped = [row for row in report.rows if row.name == "stopped"]
    assert len(stopped) == 1, report.text()
    message = stopped[0].message
    assert message.startswith("the check stopped on what your function left behind: "
                              "IndexError: list index out of range (neuron/neuron.py, line ")
    assert message.endswith(": z += self.weights[i] * inputs[i]): inputs has 2 items "
                            "(indices 0 to 1), and i is 2")


def test_an_index_expression_is_shown_with_its_value(tmp_path):
    path = write_exercise(tmp_path, 7, [
        "    for neuron in neurons:\n"
        "        for i in range(len(neuron.weights)):\n"
        "            neuron.weights[i] -= learning_rate * neuron.weight_grads[i + 1] / "
        "batch_size\n"
        "        neuron.bias -= learning_rate * neuron.bias_grad / batch_size\n"])
    first = check_file(7, path, time_limit=0).diagnosis()[0]
    assert first.endswith("neuron.weight_grads has 2 items (indices 0 to 1), and i + 1 is 2: "
                          "there is one dL/dwi per weight: for i in range(len(neuron.weights))")


def test_a_value_error_names_the_value_and_the_hint_fits_it(tmp_path):
    # v not squared goes negative where g does (Alice's network has negative gradients).
    path = write_exercise(tmp_path, 8, [
        "    m = beta1 * m + (1 - beta1) * g\n"
        "    v = beta2 * v + (1 - beta2) * g\n"
        "    m_hat = m / (1 - beta1 ** t)\n"
        "    v_hat = v / (1 - beta2 ** t)\n"
        "    return w - learning_rate * m_hat / (math.sqrt(v_hat) + epsilon), m, v\n"])
    text = check_file(8, path, time_limit=0).text()
    assert "adam_update raised ValueError: math domain error (line " in text
    assert "sqrt(v_hat) got v_hat = -" in text
    assert "a negative number (it has no square root): v is a running mean of g * g" in text


def test_other_value_errors_name_what_they_were_about():
    def unpack(p):
        total = 0.0
        for p_k, y_k in p:
            total += p_k - y_k
        return total

    def find(y_true):
        return y_true.index(1.0)

    def largest(outputs):
        return max(outputs)

    for function, argument, words in (
            (unpack, [(0.25, 1.0), (0.75, 0.0, 0.0)],
             "each item of p was unpacked into 2 names, but p[1] = (0.75, 0.0, 0.0) holds 3"),
            (find, [0.0, 0.0], "y_true.index(1.0): 1.0 is not in y_true = [0.0, 0.0]"),
            (largest, [], "max(outputs) got an empty list: outputs is []")):
        try:
            function(argument)
        except (TypeError, ValueError) as error:
            explained = explain(error)
        assert explained.text.endswith(words), explained.text


# %% 3d. A function that changes its lists
def forward_multiplying_in_place(neuron, x):          # (named as the exercise's inputs)
    z = neuron.bias
    for i in range(len(x)):
        x[i] = neuron.weights[i] * x[i]                 # writes into the list it was given
        z += x[i]
    neuron.z, neuron.output = z, neuron.activation(z)
    return neuron.output


def mse_derivative_reusing_y_pred(y_true, y_pred):
    n = len(y_pred)
    for k in range(n):
        y_pred[k] = -2.0 * (y_true[k] - y_pred[k]) / n
    return y_pred


def softmax_shifting_in_place(z):
    m = max(z)
    for k in range(len(z)):
        z[k] -= m                                       # harmless: z is softmax's own
    return softmax(z)


def backprop_clearing_the_inputs(neuron, d_loss_d_output):
    backprop(neuron, d_loss_d_output)
    for i in range(len(neuron.inputs)):
        neuron.inputs[i] = 0.0


def checker_data():
    """The example data the checker keeps between checks."""
    return (walkthrough.ALICE_X, walkthrough.OTHER_X, walkthrough.WIDE_X,
            walkthrough.WIDE_OTHER_X, walkthrough.SLOPED_X, people())


def test_a_function_that_changes_its_lists_cannot_change_the_checkers_data():
    before = checker_data()
    for number, functions, phrase in (
            (1, {"feedforward": forward_multiplying_in_place},
             "feedforward changed the list inputs it was given (inputs[0] was 2, is now 1): "
             "in a network that list is the sample x or the previous layer's outputs"),
            (3, {"mse_derivative": mse_derivative_reusing_y_pred},
             "mse_derivative changed the list y_pred it was given (y_pred[0] was 0.5237, is "
             "now -0.9526): it is the output layer's outputs (layer.outputs)"),
            (4, {"backprop": backprop_clearing_the_inputs},
             "backprop changed neuron.inputs (neuron.inputs[0] was 2, is now 0): backprop "
             "only adds into neuron.weight_grads")):
        report = run_check(number, functions, "<test>")
        assert report.diagnosis()[0].startswith(phrase), report.diagnosis()
        assert checker_data() == before
        # ... and the next check in the same process sees the checker's own numbers.
        assert run_check(number, SOLUTIONS[number], "<test>").passed
    # A list that is the function's own to change is not reported.
    assert run_check(6, with_broken(6, softmax=softmax_shifting_in_place), "<test>").passed
    assert checker_data() == before


# %% 3e. A loop that never ends, and Ctrl-C
FOREVER_ON_TANH = (
    "    z = neuron.bias\n"
    "    i = 0\n"
    "    while i < len(inputs):\n"
    "        z += neuron.weights[i] * inputs[i]\n"
    "        if neuron.activation.name != 'tanh':\n"
    "            i += 1\n"
    "    neuron.z, neuron.output = z, neuron.activation(z)\n"
    "    return neuron.output\n")


def run_command(*arguments, timeout=120):
    return subprocess.run([sys.executable, os.path.join("scripts", "check_exercise.py")]
                          + list(arguments), cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout)


def test_a_loop_that_never_ends_is_stopped_at_the_time_limit(tmp_path):
    path = write_exercise(tmp_path, 1, [FOREVER_ON_TANH])
    start = time.monotonic()
    result = run_command("1", path, "--time-limit", "1")
    assert time.monotonic() - start < 60
    assert result.returncode == 1, result.stdout + result.stderr
    out = result.stdout
    # The sigmoid case ran and passed; the tanh case is stopped where the loop spins.
    assert "ok     z                  1   (worked by hand: 1)" in out
    assert "the check stopped this case after 1 s: a loop that never ends? Your code was " \
           "still running at line " in out
    assert "of ex1_mine.py (" in out
    assert "; if it is only slow, give it more time with --time-limit SECONDS" in out
    assert "exercise 1: the 4 cases after the stopped one did not run." in out
    assert "Traceback" not in out + result.stderr


def test_a_file_whose_loading_never_ends_is_stopped(tmp_path):
    path = tmp_path / "ex7_forever.py"
    path.write_text("import math\nwhile True: pass\n")
    result = run_command("7", str(path), "--time-limit", "1")
    assert result.returncode == 1
    assert result.stdout.startswith(f"exercise 7: loading {path} did not finish within 1 s, "
                                    f"still running at line 2 of ex7_forever.py (while True: "
                                    f"pass): the code at the top level of the file runs when "
                                    f"it is loaded")


@pytest.mark.skipif(not hasattr(os, "killpg"), reason="needs POSIX process groups")
def test_ctrl_c_stops_the_check_with_one_line_and_stops_the_worker(tmp_path):
    marker = tmp_path / "worker.pid"
    path = write_exercise(tmp_path, 1, [
        f"    with open({str(marker)!r}, 'w') as marker:\n"
        f"        marker.write(str(__import__('os').getpid()))\n"
        f"    while True:\n"
        f"        pass\n"])

    def default_sigint():       # a process started in the background inherits SIGINT ignored
        signal.signal(signal.SIGINT, signal.SIG_DFL)

    process = subprocess.Popen(
        [sys.executable, os.path.join("scripts", "check_exercise.py"), "1", path,
         "--time-limit", "100"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, start_new_session=True, preexec_fn=default_sigint)
    try:
        deadline = time.monotonic() + 60
        while not (marker.exists() and marker.read_text()) and time.monotonic() < deadline:
            time.sleep(0.05)
        worker = int(marker.read_text())
        os.killpg(process.pid, signal.SIGINT)      # Ctrl-C in a terminal: the whole group
        out, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 130
    assert out == ""
    assert err == "\nstopped (Ctrl-C) before the check finished; nothing was changed.\n"
    with pytest.raises(OSError):
        os.kill(worker, 0)                          # the worker is gone too


def test_ctrl_c_in_this_process_prints_one_line_and_puts_the_classes_back(tmp_path, capsys):
    path = write_exercise(tmp_path, 1, ["    raise KeyboardInterrupt\n"])
    original = vars(Neuron)["feedforward"]
    assert launcher.main(["1", path, "--time-limit", "0"]) == 130
    captured = capsys.readouterr()
    assert captured.err == "\nstopped (Ctrl-C) before the check finished; nothing was changed.\n"
    assert vars(Neuron)["feedforward"] is original


def alice_for_steps():
    return Network([2, 2, 1], weights=[[[1, 1], [1, 1]], [[1, 1]]], biases=[[0, 0], [0]])


def test_ctrl_c_in_step_mode_stops_like_q_with_one_line():
    import io

    from network.stepping import step_through

    def ctrl_c(prompt):
        raise KeyboardInterrupt

    out = io.StringIO()
    net = alice_for_steps()
    result = step_through(net, [-2, -1], 1, learning_rate=0.1, input=ctrl_c, file=out)
    lines = out.getvalue().splitlines()
    assert lines[-1].startswith("Stopped. The whole step, update included, had already run")
    assert result is not None and "w1" in result.gradients
    # The step was done, as after q: w1 = 1 - 0.1 * dL/dw1.
    assert abs(net.get_parameter("w1") - (1 - 0.1 * D_L_D_W1)) < 1e-12


def test_ctrl_c_during_the_step_itself_prints_one_line(monkeypatch):
    import io

    from network import stepping

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(stepping, "trace", interrupted)
    out = io.StringIO()
    assert stepping.step_through(alice_for_steps(), [-2, -1], 1, file=out) is None
    assert out.getvalue() == "\n" + stepping.CTRL_C_DURING_STEP + "\n"


# %% 4. The exercise files as handed out, and the command line
@pytest.mark.parametrize("number", sorted(SOLUTIONS))
def test_an_untouched_exercise_file_is_not_written_yet(number, capsys):
    assert launcher.main([str(number), "--time-limit", "0"]) == 1
    out = capsys.readouterr().out
    assert f"exercise {number}: not written yet: " in out
    assert f"scripts/exercises/ex{number}_" in out


def test_an_exercise_file_runs_its_own_check_in_a_worker():
    path = os.path.join("scripts", "exercises", "ex4_neuron_backward.py")
    result = subprocess.run([sys.executable, path, "--quiet"], cwd=ROOT, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 1, result.stderr
    assert "exercise 4: not written yet: backprop in " in result.stdout


def test_a_filled_in_exercise_file_passes_from_the_command_line(tmp_path):
    path = write_exercise(tmp_path, 3, [
        "    n = len(y_pred)\n    slopes = []\n    for k in range(n):\n"
        "        slopes.append(-2.0 * (y_true[k] - y_pred[k]) / n)\n    return slopes\n"],
        "ex3_loss_derivative.py")
    result = run_command("3", path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1].startswith("exercise 3: all ")
    assert "ok     dL/dw1" in result.stdout


def test_the_solutions_pass_from_the_command_line_in_workers():
    result = run_command("--solutions", timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("the project's code passes") == 8


def test_an_exception_is_reported_with_its_line_and_a_hint(tmp_path, capsys):
    path = write_exercise(tmp_path, 6, [
        "    total = 0.0\n    exps = []\n    for z_k in z:\n"
        "        exps.append(math.exp(z_k))\n        total += exps[-1]\n"
        "    return [e / total for e in exps]\n",
        "    return [p_k - y_k for p_k, y_k in zip(p, y_true)]\n"])
    assert launcher.main(["6", path, "--time-limit", "0"]) == 1
    out = capsys.readouterr().out
    assert "softmax raised OverflowError: math range error (line " in out
    assert "of ex6_mine.py: exps.append(math.exp(z_k))): math.exp overflowed: subtract m = " \
           "max(z)" in out


def test_files_that_cannot_be_checked_say_why(tmp_path, capsys):
    missing = tmp_path / "ex7_renamed.py"
    missing.write_text("def step(neurons, learning_rate, batch_size):\n    pass\n")
    assert launcher.main(["7", str(missing), "--time-limit", "0"]) == 1
    assert "has no function sgd_step" in capsys.readouterr().out
    broken = tmp_path / "ex7_syntax.py"
    broken.write_text("def sgd_step(neurons, learning_rate, batch_size)\n    pass\n")
    result = run_command("7", str(broken))           # the same through a worker
    assert result.returncode == 1
    assert result.stdout.startswith(f"exercise 7: could not load {broken}: SyntaxError")
    assert launcher.main(["7", str(tmp_path / "nothing.py")]) == 1
    assert "no file " in capsys.readouterr().out


# %% 5. The real classes are back after every check
def swapped_places():
    """Everything a check swaps out, as (owner, attribute, the object it holds now)."""
    places = [(Neuron, "feedforward"), (Neuron, "backprop"), (Layer, "input_gradients"),
              (layer_module, "softmax"), (SoftmaxLayer, "backprop_cross_entropy"),
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
        assert not run_check(number, functions, "<test>").passed
    for number in SOLUTIONS:
        crashing = {name: raises_midway for name in SOLUTIONS[number]}
        report = run_check(number, crashing, "<test>")
        assert not report.passed
        assert "raised RuntimeError: a learner's bug" in report.text()
    after = swapped_places()
    for (owner, attribute, original), (_, _, now) in zip(before, after):
        assert now is original, f"{owner}.{attribute} was not put back"
    assert train_people_network() == trained_before


def test_patched_puts_the_original_back_when_the_block_raises():
    original = vars(Neuron)["feedforward"]
    with pytest.raises(RuntimeError):
        with patched(Neuron, "feedforward", raises_midway):
            assert Neuron.feedforward is raises_midway
            raise RuntimeError("inside the check")
    assert vars(Neuron)["feedforward"] is original


def test_a_worker_that_ends_suddenly_is_reported(tmp_path):
    path = tmp_path / "ex7_exits.py"
    path.write_text("import os\n\n\ndef sgd_step(neurons, learning_rate, batch_size):\n"
                    "    os._exit(5)\n")
    result = run_command("7", str(path))
    assert result.returncode == 1
    assert "the process running your code ended suddenly (exit code 5) during this case" \
        in result.stdout
    assert "exercise 7: the 2 cases after the stopped one did not run." in result.stdout
