"""The fast path: the same network, trained several times faster, with the same numbers.

``FastNetwork`` is a Network (same constructor, same neurons, same names) whose
per-sample methods skip work that cannot change a number. Each method says which
core method it equals; ``tests/test_fast.py`` trains both on real digits with every
optimizer, schedule, penalty, dropout and initialization and requires bit-identical
weights. The digit trainer and the benchmark use it; the trace, step mode, gradient
check and exercises use the core, which is the one to read first.

What is skipped, and why the numbers stay the same:

* Zero inputs. A term w_i * x_i with x_i = 0 adds nothing to z and nothing to
  dL/dw_i. 81% of a digit's pixels are 0, and a ReLU is off (output 0) for most of
  the hidden neurons after some training, so each layer lists its nonzero inputs once
  (``nonzero_positions``) and every neuron sums over those only, forward and backward.
  Adding 0.0 to a float leaves it unchanged, so z comes out bit for bit as the full sum.
* Neurons with no gradient. A ReLU that was off has dL/dz = 0: every term of its
  backward pass would be 0, so it is skipped.
* Gradients that were never touched. After one sample only the weights on nonzero
  inputs have a gradient, so the fit loop resets only those (``FastFit``).
* The separate gradient pass (SGD, one sample per step, no penalty: the trainer's
  case). There the update w <- w - rate * (dL/dz * x) is applied while the chain
  rule runs, in one pass over the touched weights, instead of writing dL/dw, reading
  it back in the optimizer and clearing it (``FastFit.fused_step``). A weight feeding
  the layer before is read for dL/dx before it changes, as in the core.
"""
from __future__ import annotations

from typing import List, Sequence

from network.layer import SoftmaxLayer, softmax
from network.losses import predicted_class
from network.network import Network
from network.optimizers import SGD
from network.regularization import DropoutLayer, set_dropout_mode
from network.training import Fit, History
from neuron import NonFiniteError

Vector = List[float]


def nonzero_positions(values: Sequence[float]) -> List[int]:
    """[i for every i where values[i] != 0]: the inputs that can change a weighted sum."""
    positions = []
    for i, value in enumerate(values):
        if value != 0.0:
            positions.append(i)
    return positions


class FastNetwork(Network):
    """A Network whose feedforward and backprop skip zero inputs and zero gradients.

    Same constructor and attributes as Network; after ``feedforward`` every neuron's
    inputs, z and output, and after ``backprop`` every gradient and chain-rule term,
    are exactly the core's. ``train`` always uses the fit loop (``FastFit``).
    """

    def feedforward(self, x: Sequence[float]) -> Vector:
        """Equals Network.feedforward (and Layer/Neuron/SoftmaxLayer.feedforward, and
        DropoutLayer's mask): each neuron's z summed over the nonzero inputs only."""
        outputs = x
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
                layer.outputs = _dropout(layer, z_values)   # (mode "off": unchanged)
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
    """The fit loop for a FastNetwork: equals Fit, resetting only the gradients that
    were touched and, for plain SGD one sample at a time, fusing backprop and the
    update into one pass (``fused_step``)."""

    def __init__(self, network, X, Y, **options):
        if not isinstance(network, FastNetwork):
            raise ValueError("FastFit trains a FastNetwork; for a Network use Fit "
                             "(or fast_copy(network))")
        super().__init__(network, X, Y, **options)
        self.fused = (type(self.optimizer) is SGD and self.optimizer.weight_decay == 0.0
                      and self.batch_size == 1 and not self.penalized)

    def train_batch(self) -> None:
        """Equals Fit.train_batch."""
        if not self.fused:
            Fit.train_batch(self)
            return
        network = self.network
        i = self.order[self.position]
        X, Y = self.epoch_X, self.epoch_Y
        self.optimizer.check_neurons(network.neurons)
        set_dropout_mode(network, "train")
        try:
            y_pred = network.feedforward(X[i])
            loss = self.fused_step(Y[i])
        except NonFiniteError as problem:
            self.roll_back(i, problem)
        finally:
            set_dropout_mode(network, "off")
        self.total_loss += loss
        self.correct += predicted_class(y_pred) == predicted_class(Y[i])
        self.position += 1
        if self.on_batch_end is not None:
            self.on_batch_end(self.position, len(self.order))

    def fused_step(self, y_true: Sequence[float]) -> float:
        """Equals zero_grad, backprop(y_true), SGD step (batch 1), in one pass: each
        touched weight moves by -rate * (dL/dz * x) as soon as its gradient is known,
        after its dL/dx contribution has been added. The gradients are not stored
        (nothing reads them); the chain-rule terms are, as in the core."""
        network = self.network
        rate = self.optimizer.learning_rate / 1
        output_layer = network.layers[-1]
        y_pred = output_layer.outputs
        loss = network.loss.value(y_true, y_pred)
        if not loss - loss == 0.0:      # NaN or an infinity: diverged
            raise NonFiniteError(f"the loss is {loss}")
        d_loss_d_outputs = _output_gradients(network, y_true, y_pred)
        for index in range(len(network.layers) - 1, -1, -1):
            layer = network.layers[index]
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
                if d_loss_d_z == 0.0:
                    continue
                weights, inputs = neuron.weights, neuron.inputs
                if d_loss_d_inputs is not None:
                    # dL/dx_i reads w_i before it moves; then w_i moves. Weights on zero
                    # inputs do not move (their gradient is 0) but still send dL/dx.
                    for i in range(len(weights)):
                        d_loss_d_inputs[i] += d_loss_d_z * weights[i]
                for i in nonzero:
                    weights[i] -= rate * (d_loss_d_z * inputs[i])
                neuron.bias -= rate * d_loss_d_z
            d_loss_d_outputs = d_loss_d_inputs
        return loss


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
                       l1=network.l1, l2=network.l2, dropout=network.dropout)
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


def _dropout(layer: DropoutLayer, outputs: Vector) -> Vector:
    """Equals the mask step of DropoutLayer.feedforward."""
    if layer.mode == "train":
        for j in range(len(layer.mask)):
            dropped = layer.rng.random() < layer.p
            layer.mask[j] = 0.0 if dropped else 1.0 / (1.0 - layer.p)
    elif layer.mode == "off":
        layer.mask = [1.0] * len(layer.neurons)
        return outputs
    for j in range(len(outputs)):
        outputs[j] = outputs[j] * layer.mask[j]
    return outputs
