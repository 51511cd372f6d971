"""The fast path: the same network, trained several times faster, with the same numbers.

``FastNetwork`` is a Network (same constructor, same neurons, same names) whose
per-sample methods skip work that cannot change a number, and ``FastFit`` is the fit
loop that trains it. Each method says which core method it equals;
``tests/test_fast.py`` trains both on real digits with every optimizer, schedule,
penalty, dropout and initialization and requires bit-identical weights. The digit
trainer, the browser page and the benchmark use it; the trace, step mode, gradient
check and exercises use the core, which is the one to read first.

What is skipped, and why the numbers stay the same:

* Zero inputs. A term w_i * x_i with x_i = 0 adds nothing to z and nothing to
  dL/dw_i. 81% of a digit's pixels are 0, and a ReLU is off (output 0) for most of
  the hidden neurons after some training, so each layer lists its nonzero inputs once
  (``nonzero_positions``) and every neuron sums over those only, forward and backward.
  Adding 0.0 to a float leaves it unchanged, so z comes out bit for bit as the full sum.
* Neurons with no gradient. A ReLU that was off has dL/dz = 0: every term of its
  backward pass would be 0, so it is skipped; and nobody needs dL/dx for it, so the
  layer above sends dL/dx only to the neurons that are on.
* Gradients that are read once. For plain SGD, one sample per step and no penalty
  (the digit trainer's case), the core writes dL/dw = dL/dz * x, the optimizer reads
  it back for w <- w - rate * dL/dw, and zero_grad clears it: three passes over the
  touched weights. ``FastFit`` does the update while the chain rule runs, in one pass
  (``sgd_step``), with the same two multiplications in the same order, so every
  weight comes out bit for bit as in the core. A weight is read for dL/dx before it
  moves, as in the core (there the optimizer runs after the whole backward pass).

And one thing is arranged, not skipped: while ``FastFit`` trains with that fused step,
each neuron's weights are copied into one packed row (``packed_rows``) and written back
at the end of every epoch and whenever ``run`` returns (see ``FastFit.run``).
"""
from __future__ import annotations

import math
import platform
from array import array
from typing import List, Sequence, Tuple

from network.layer import SoftmaxLayer, softmax
from network.losses import predicted_class
from network.network import Network
from network.optimizers import SGD
from network.preprocessing import PREPROCESSORS
from network.regularization import DropoutLayer
from network.training import Fit, History
from neuron import NonFiniteError

Vector = List[float]


def nonzero_positions(values: Sequence[float]) -> List[int]:
    """[i for every i where values[i] != 0]: the inputs that can change a weighted sum."""
    positions = []
    for i in range(len(values)):
        if values[i] != 0.0:
            positions.append(i)
    return positions


# Where FastFit keeps a layer's weights while it trains (``packed_rows``). On CPython
# a list of floats holds pointers to float objects of 24 bytes each, 32 bytes per
# weight, and every update makes a new float object wherever the allocator has room:
# in a training run a row's numbers soon lie scattered over the memory, and each read
# waits for it, the longer the larger the layer. An array("d") keeps the 8-byte
# numbers side by side, a quarter of the memory, always in place. Its reads and
# writes cost more instructions (no specialized instruction, a float object made at
# each read), and still the digit trainer is as fast or faster on them, and the time
# per weight stays the same at every width. Measured (user CPU, 2026-11-30): the
# default run (784-100-10) took 118 s on arrays and 189-208 s on the neurons' own
# lists; lists made afresh at every epoch (floats side by side again) took 119-121 s,
# but at 784-384-10 (3 epochs) 193 s against the arrays' 79 s: four times the memory
# no longer fits the processor's caches. Written through a memoryview, which converts
# the float directly, a write costs a tenth less than through the array itself (which
# parses a format string for every item). PyPy stores a list of floats as 8-byte
# numbers side by side already, and its JIT reads a list faster than an array: there
# each layer trains on the neurons' own lists.
ON_PYPY = platform.python_implementation() == "PyPy"


def packed_rows(layer) -> list:
    """The weights of each of the layer's neurons, as FastFit trains them: on CPython a
    memoryview of an array("d") copy (the same numbers), on PyPy its own list."""
    rows = []
    for neuron in layer.neurons:
        rows.append(neuron.weights if ON_PYPY else memoryview(array("d", neuron.weights)))
    return rows


class FastNetwork(Network):
    """A Network whose feedforward and backprop skip zero inputs and zero gradients.

    Same constructor and attributes as Network; after ``feedforward`` every neuron's
    inputs, z and output, and after ``backprop`` every gradient and chain-rule term,
    are exactly the core's. ``train`` always uses the fit loop (``FastFit``).
    """

    def feedforward(self, x: Sequence[float]) -> Vector:
        """Equals Network.feedforward (and Layer/Neuron/SoftmaxLayer.feedforward, and
        DropoutLayer's mask): each neuron's z summed over the nonzero inputs only."""
        outputs = x if self.preprocess is None else PREPROCESSORS[self.preprocess](x)
        for layer in self.layers:
            nonzero = nonzero_positions(outputs)
            layer.nonzero = nonzero
            z_values = []
            for neuron in layer.neurons:
                weights = neuron.weights
                z = neuron.bias
                for i in nonzero:
                    z += weights[i] * outputs[i]
                output = neuron.activation.function(z)
                neuron.inputs, neuron.z, neuron.output = outputs, z, output
                z_values.append(output)
            if isinstance(layer, SoftmaxLayer):
                layer.outputs = softmax(z_values)
            elif isinstance(layer, DropoutLayer):
                layer.outputs = _dropout(layer, z_values, layer.mode)
            else:
                layer.outputs = z_values
            outputs = layer.outputs
        return outputs

    def backprop(self, y_true: Sequence[float]) -> float:
        """Equals Network.backprop: the same loss, gradients and chain-rule terms, with
        dL/dw added at the nonzero inputs only (elsewhere it would add 0)."""
        output_layer = self.layers[-1]
        y_pred = output_layer.outputs
        loss = self.loss.value(y_true, y_pred)
        d_loss_d_outputs = _output_gradients(self, y_true, y_pred)
        for index in range(len(self.layers) - 1, -1, -1):
            layer = self.layers[index]
            if isinstance(layer, DropoutLayer):
                scaled = []
                for j in range(len(layer.mask)):
                    scaled.append(d_loss_d_outputs[j] * layer.mask[j])
                d_loss_d_outputs = scaled
            d_loss_d_inputs = [0.0] * layer.n_inputs if index > 0 else None
            nonzero = layer.nonzero
            for j, neuron in enumerate(layer.neurons):
                d_loss_d_output = d_loss_d_outputs[j]
                d_output_d_z = neuron.activation.derivative(neuron.z, neuron.output)
                d_loss_d_z = d_loss_d_output * d_output_d_z
                neuron.d_loss_d_output = d_loss_d_output
                neuron.d_output_d_z, neuron.d_loss_d_z = d_output_d_z, d_loss_d_z
                neuron.bias_grad += d_loss_d_z
                if d_loss_d_z == 0.0:
                    continue          # every term below would add 0 * something
                grads, inputs = neuron.weight_grads, neuron.inputs
                for i in nonzero:
                    grads[i] += d_loss_d_z * inputs[i]
                if d_loss_d_inputs is not None:
                    weights = neuron.weights
                    for i in range(len(weights)):
                        d_loss_d_inputs[i] += d_loss_d_z * weights[i]
            d_loss_d_outputs = d_loss_d_inputs
        return loss

    def train(self, X, Y, epochs: int = 1000, learning_rate: float = 0.1, **options) -> History:
        """Network.train, always through the fit loop (``FastFit``)."""
        return FastFit(self, X, Y, epochs=epochs, learning_rate=learning_rate,
                       **options).run()


class FastFit(Fit):
    """The fit loop for a FastNetwork: equals Fit (the same weights, history and
    errors, bit for bit).

    With plain SGD, one sample per step and no L1/L2 penalty (``fused``: the digit
    trainer's recipe) every step is ``sgd_step``: forward, backward and update in one
    pass over the touched weights, on packed copies of the weights (``rows``,
    ``biases``). The neurons get the weights back at the end of every epoch (before
    the epoch's figures, validation and callbacks) and whenever ``run`` returns or
    stops; an ``on_batch_end`` callback in the middle of an epoch sees the neurons'
    weights as they were when the epoch (or this ``run`` call) began. Other runs use
    Fit's own step with FastNetwork's sparse feedforward and backprop.
    """

    def __init__(self, network, X, Y, **options):
        if not isinstance(network, FastNetwork):
            raise ValueError("FastFit trains a FastNetwork; for a Network use Fit "
                             "(or fast_copy(network))")
        super().__init__(network, X, Y, **options)
        self.fused = (type(self.optimizer) is SGD and self.optimizer.weight_decay == 0.0
                      and self.batch_size == 1 and not self.penalized
                      and _one_activation_per_layer(network))
        self.rows = None      # while run() trains with sgd_step: rows[layer][neuron]
        self.biases = None    # and biases[layer][neuron], the packed weights

    # ----- the packed weights -------------------------------------------------------------

    def pack(self) -> None:
        """Copy every neuron's weights into ``rows`` and its bias into ``biases``."""
        self.rows, self.biases = [], []
        for layer in self.network.layers:
            layer_biases = []
            for neuron in layer.neurons:
                layer_biases.append(neuron.bias)
            self.rows.append(packed_rows(layer))
            self.biases.append(layer_biases)

    def unpack(self) -> None:
        """Write ``rows`` and ``biases`` back into the neurons (the same list objects)."""
        if self.rows is None:
            return
        for layer, layer_rows, layer_biases in zip(self.network.layers, self.rows,
                                                   self.biases):
            for neuron, row, bias in zip(layer.neurons, layer_rows, layer_biases):
                if row is not neuron.weights:
                    neuron.weights[:] = row
                neuron.bias = bias
        self.rows, self.biases = None, None

    # ----- the loop -----------------------------------------------------------------------

    def run(self, max_batches=None, max_epochs=None) -> History:
        """Equals Fit.run. With the fused step the weights are packed first and written
        back when it returns, however it ends (done, paused, Ctrl-C)."""
        if not self.fused:
            return Fit.run(self, max_batches, max_epochs)
        self.optimizer.check_neurons(self.network.neurons)   # one optimizer, one network
        try:
            return Fit.run(self, max_batches, max_epochs)
        finally:
            self.unpack()

    def start_epoch(self) -> None:
        """Equals Fit.start_epoch (its snapshot taken from the neurons' weights)."""
        self.unpack()
        Fit.start_epoch(self)

    def check_pause(self) -> None:
        """Equals Fit.check_pause, on the neurons' weights (written back first)."""
        self.unpack()
        Fit.check_pause(self)

    def end_epoch(self) -> None:
        """Equals Fit.end_epoch, on the neurons' weights (written back first; the next
        train_batch packs them again, since early stopping or a callback may have
        changed them)."""
        self.unpack()
        Fit.end_epoch(self)

    def roll_back(self, sample, problem) -> None:
        """Equals Fit.roll_back: the neurons go back to the start of the epoch (the
        packed weights, which diverged, are dropped)."""
        self.rows, self.biases = None, None
        Fit.roll_back(self, sample, problem)

    def train_batch(self) -> None:
        """Equals Fit.train_batch."""
        if not self.fused:
            Fit.train_batch(self)
            return
        if self.rows is None:
            self.pack()
        i = self.order[self.position]
        y_true = self.epoch_Y[i]
        try:
            loss, y_pred = self.sgd_step(self.epoch_X[i], y_true)
        except NonFiniteError as problem:
            self.roll_back(i, problem)
        self.total_loss += loss
        self.correct += predicted_class(y_pred) == predicted_class(y_true)
        self.position += 1
        if self.on_batch_end is not None:
            self.on_batch_end(self.position, len(self.order))

    def sgd_step(self, x: Sequence[float], y_true: Sequence[float]) -> Tuple[float, Vector]:
        """Equals zero_grad, feedforward(x), backprop(y_true) and SGD.step (one sample)
        on the packed weights; returns (loss, outputs).

        Forward as FastNetwork.feedforward. Backward, for each neuron with
        dL/dz != 0: first dL/dx_i += dL/dz * w_i (Layer.input_gradients, from the
        weight before it moves), then w_i <- w_i - rate * (dL/dz * x_i) at its nonzero
        inputs (Neuron.backprop's dL/dw_i, then SGD.step's update) and
        b <- b - rate * dL/dz. No gradient or chain-rule term is stored in the neurons.
        """
        network = self.network
        layers = network.layers
        rate = self.optimizer.learning_rate / 1      # SGD.step: the rate / batch size
        # Forward. Kept per layer for the backward pass: its inputs, their nonzero
        # positions, and each neuron's d_output_d_z.
        all_inputs, all_nonzero, all_slopes = [], [], []
        outputs = x if network.preprocess is None else PREPROCESSORS[network.preprocess](x)
        for index in range(len(layers)):
            layer = layers[index]
            rows, biases = self.rows[index], self.biases[index]
            nonzero = nonzero_positions(outputs)
            activation = layer.neurons[0].activation
            function, derivative = activation.function, activation.derivative
            values, slopes = [], []
            for j in range(len(rows)):
                row = rows[j]
                z = biases[j]
                for i in nonzero:
                    z += row[i] * outputs[i]
                output = function(z)
                values.append(output)
                slopes.append(derivative(z, output))
            all_inputs.append(outputs)
            all_nonzero.append(nonzero)
            all_slopes.append(slopes)
            if isinstance(layer, SoftmaxLayer):
                values = softmax(values)
            elif isinstance(layer, DropoutLayer):
                values = _dropout(layer, values, "train")    # a new mask
            outputs = values
        y_pred = outputs
        loss = network.loss.value(y_true, y_pred)
        if not math.isfinite(loss):
            raise NonFiniteError(f"the loss is {loss}")

        # Backward and update, output layer first.
        d_loss_d_outputs = _output_gradients(network, y_true, y_pred)
        for index in range(len(layers) - 1, -1, -1):
            layer = layers[index]
            rows, biases = self.rows[index], self.biases[index]
            inputs, nonzero, slopes = all_inputs[index], all_nonzero[index], all_slopes[index]
            if isinstance(layer, DropoutLayer):
                for j in range(len(d_loss_d_outputs)):
                    d_loss_d_outputs[j] = d_loss_d_outputs[j] * layer.mask[j]
            d_loss_d_inputs = None
            if index > 0:
                d_loss_d_inputs = [0.0] * len(inputs)
                wanted = _wanted_inputs(all_slopes[index - 1], nonzero, layers[index - 1])
            for j in range(len(rows)):
                d_loss_d_z = d_loss_d_outputs[j] * slopes[j]
                if d_loss_d_z == 0.0:
                    continue          # every term below would be 0 * something
                row = rows[j]
                if d_loss_d_inputs is not None and wanted is nonzero:
                    # One pass over the weights on nonzero inputs: each is read for
                    # dL/dx_i, then moved (the two loops below, fused).
                    for i in nonzero:
                        d_loss_d_inputs[i] += d_loss_d_z * row[i]
                        row[i] -= rate * (d_loss_d_z * inputs[i])
                else:
                    if d_loss_d_inputs is not None:
                        for i in wanted:
                            d_loss_d_inputs[i] += d_loss_d_z * row[i]
                    for i in nonzero:
                        row[i] -= rate * (d_loss_d_z * inputs[i])
                biases[j] -= rate * d_loss_d_z
            d_loss_d_outputs = d_loss_d_inputs
        return loss, y_pred


def _one_activation_per_layer(network) -> bool:
    """True if the neurons of each layer share one activation, as Network makes them
    (sgd_step looks it up once per layer)."""
    for layer in network.layers:
        for neuron in layer.neurons:
            if neuron.activation is not layer.neurons[0].activation:
                return False
    return True


def _wanted_inputs(slopes_below: Vector, nonzero: List[int], layer_below) -> List[int]:
    """The inputs of a layer whose dL/dx anyone needs: those whose neuron (in the layer
    below) has d_output_d_z != 0 and was not dropped. For a ReLU layer below that is
    exactly ``nonzero`` (output > 0 just where the slope is 1), returned as it is."""
    if layer_below.neurons[0].activation.name == "relu":
        return nonzero
    mask = layer_below.mask if isinstance(layer_below, DropoutLayer) else None
    wanted = []
    for i in range(len(slopes_below)):
        if slopes_below[i] != 0.0 and (mask is None or mask[i] != 0.0):
            wanted.append(i)
    return wanted


def fast_copy(network: Network) -> FastNetwork:
    """A FastNetwork with the same configuration and weights as ``network`` (its random
    generator's state too, so dropout masks continue the same)."""
    weights, biases = [], []
    for layer in network.layers:
        weights.append([list(neuron.weights) for neuron in layer.neurons])
        biases.append([neuron.bias for neuron in layer.neurons])
    fast = FastNetwork(network.sizes, activation=network.activation,
                       output_activation=network.output_activation, loss=network.loss.name,
                       seed=network.seed, init=network.init, weights=weights, biases=biases,
                       l1=network.l1, l2=network.l2, dropout=network.dropout,
                       preprocess=network.preprocess)
    fast.rng.setstate(network.rng.getstate())
    return fast


def _output_gradients(network, y_true, y_pred) -> Vector:
    """dL/d(output) of each output neuron as the core's backprop hands it to them:
    p_k - y_k for softmax with cross entropy, through softmax for another loss, else
    the loss's derivative."""
    output_layer = network.layers[-1]
    if network.loss.name == "cross_entropy":
        d_loss_d_z = []
        for k in range(len(y_pred)):
            d_loss_d_z.append(y_pred[k] - y_true[k])
        return d_loss_d_z
    d_loss_d_pred = network.loss.derivative(y_true, y_pred)
    if not isinstance(output_layer, SoftmaxLayer):
        return d_loss_d_pred
    weighted_sum = 0.0
    for j in range(len(y_pred)):
        weighted_sum += d_loss_d_pred[j] * y_pred[j]
    d_loss_d_z = []
    for k in range(len(y_pred)):
        d_loss_d_z.append(y_pred[k] * (d_loss_d_pred[k] - weighted_sum))
    return d_loss_d_z


def _dropout(layer: DropoutLayer, outputs: Vector, mode: str) -> Vector:
    """Equals the mask step of DropoutLayer.feedforward in ``mode`` (the layer's own
    mode, or "train" for FastFit.sgd_step, which does not need to switch it)."""
    if mode == "train":
        for j in range(len(layer.mask)):
            dropped = layer.rng.random() < layer.p
            layer.mask[j] = 0.0 if dropped else 1.0 / (1.0 - layer.p)
    elif mode == "off":
        layer.mask = [1.0] * len(layer.neurons)
        return outputs
    for j in range(len(outputs)):
        outputs[j] = outputs[j] * layer.mask[j]
    return outputs
