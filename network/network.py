"""A fully connected feed-forward network built from Layer and Neuron objects.

    net = Network([2, 2, 1])          # 2 inputs, hidden neurons h1 h2, output o1
    net.train(X, Y, epochs=1000, learning_rate=0.1)
    net.predict([-7, -3])             # -> [0.95...]

One training step on one sample is four calls, the same ones ``train`` makes:

    net.zero_grad()                   # dL/dw = 0 for every weight
    net.forward(x)                    # every z and output, layer by layer
    net.backward(y)                   # the chain rule, output layer first
    net.step(learning_rate)           # w <- w - learning_rate * dL/dw

Names (the walkthrough's, for any size): hidden neurons h1, h2, ... counted layer
by layer; output neurons o1, o2, ...; weights w1, w2, ... numbered neuron by neuron
(h1's weights first), layer by layer; biases b1, b2, ..., one per neuron in the
same order. In the 2-2-1 network h1 has w1 w2 b1, h2 has w3 w4 b2, o1 has w5 w6 b3.
"""
from __future__ import annotations

import math
import random
from typing import Callable, Dict, List, Optional, Sequence, Tuple, Union

from network.layer import Layer, SoftmaxLayer
from network.losses import get_loss
from network.optimizers import Optimizer, SGD, get_optimizer
from neuron import Neuron, get_activation

Vector = List[float]
Target = Union[float, int, Sequence[float]]


class Network:
    """A feed-forward network with ``sizes[0]`` inputs and one Layer per later size.

    activation         hidden layers: "sigmoid", "relu", "tanh" or "identity"
    output_activation  the output layer: the same names or "softmax"; by default
                       "softmax" for loss="cross_entropy", else ``activation``
    loss               "mse", "binary_cross_entropy" or "cross_entropy"
    seed               seeds the random.Random that draws the initial weights
    init               "auto": normal with standard deviation sqrt(2 / n_inputs) for
                       ReLU and sqrt(1 / n_inputs) otherwise; "normal": standard
                       normal (as in the walkthrough). Biases start at 0.
    weights, biases    explicit starting values instead: weights[layer][neuron] is
                       that neuron's list of weights, biases[layer][neuron] its bias
    """

    def __init__(self, sizes: Sequence[int], activation: str = "sigmoid",
                 output_activation: Optional[str] = None, loss: str = "mse",
                 seed: int = 0, init: str = "auto",
                 weights: Optional[Sequence[Sequence[Sequence[float]]]] = None,
                 biases: Optional[Sequence[Sequence[float]]] = None):
        sizes = list(sizes)
        if len(sizes) < 2:
            raise ValueError(f"sizes needs at least an input and an output size, got {sizes}")
        for size in sizes:
            if not isinstance(size, int) or isinstance(size, bool) or size < 1:
                raise ValueError(f"every layer size must be a whole number >= 1, got {sizes}")
        self.loss = get_loss(loss)
        get_activation(activation)  # fails early on an unknown name
        if output_activation is None:
            output_activation = "softmax" if self.loss.name == "cross_entropy" else activation
        if output_activation != "softmax":
            get_activation(output_activation)
        _check_loss_fits_output(self.loss.name, output_activation, sizes[-1])
        if init not in ("auto", "normal"):
            raise ValueError(f"unknown init {init!r}: expected 'auto' or 'normal'")

        self.sizes = sizes
        self.activation = activation
        self.output_activation = output_activation
        self.seed = seed
        self.rng = random.Random(seed)
        self.layers: List[Layer] = []
        self._build(init, weights, biases)
        self._name_parameters()

    # ----- construction and names -------------------------------------------------

    def _build(self, init, weights, biases) -> None:
        if weights is not None and len(weights) != len(self.sizes) - 1:
            raise ValueError(f"weights must have one entry per layer ({len(self.sizes) - 1}), "
                             f"got {len(weights)}")
        if biases is not None and len(biases) != len(self.sizes) - 1:
            raise ValueError(f"biases must have one entry per layer ({len(self.sizes) - 1}), "
                             f"got {len(biases)}")
        hidden_count = 0
        for index in range(1, len(self.sizes)):
            n_inputs, n_neurons = self.sizes[index - 1], self.sizes[index]
            is_output = index == len(self.sizes) - 1
            activation = self.output_activation if is_output else self.activation
            neuron_activation = "identity" if activation == "softmax" else activation
            if init == "normal":
                std = 1.0
            elif activation == "relu":
                std = math.sqrt(2.0 / n_inputs)   # He initialization
            else:
                std = math.sqrt(1.0 / n_inputs)   # LeCun initialization
            neurons = []
            for j in range(n_neurons):
                if is_output:
                    name = f"o{j + 1}"
                else:
                    hidden_count += 1
                    name = f"h{hidden_count}"
                if weights is None:
                    neuron_weights = []
                    for _ in range(n_inputs):
                        neuron_weights.append(self.rng.gauss(0.0, std))
                else:
                    neuron_weights = _explicit(weights, index - 1, j, n_inputs, name)
                bias = 0.0 if biases is None else _explicit_bias(biases, index - 1, j, name)
                neurons.append(Neuron(neuron_weights, bias, neuron_activation, name))
            layer = SoftmaxLayer(neurons) if activation == "softmax" else Layer(neurons)
            self.layers.append(layer)

    def _name_parameters(self) -> None:
        """Give every weight and bias its walkthrough name: w1, w2, ..., b1, b2, ..."""
        self._parameters: Dict[str, Tuple[Neuron, Optional[int]]] = {}
        self.weight_names: Dict[str, List[str]] = {}   # neuron name -> [w.., ...]
        self.bias_names: Dict[str, str] = {}           # neuron name -> b..
        w_count = 0
        for b_count, neuron in enumerate(self.neurons, start=1):
            names = []
            for i in range(len(neuron.weights)):
                w_count += 1
                names.append(f"w{w_count}")
                self._parameters[f"w{w_count}"] = (neuron, i)
            self.weight_names[neuron.name] = names
            self.bias_names[neuron.name] = f"b{b_count}"
            self._parameters[f"b{b_count}"] = (neuron, None)

    @property
    def neurons(self) -> List[Neuron]:
        """Every neuron, layer by layer: h1, h2, ..., o1, ..."""
        every = []
        for layer in self.layers:
            every.extend(layer.neurons)
        return every

    def parameter_names(self) -> List[str]:
        """["w1", "w2", ..., "b1", ...] in the order of ``_name_parameters``."""
        return list(self._parameters)

    def get_parameter(self, name: str) -> float:
        """The value of the weight or bias called ``name`` (e.g. "w5" or "b3")."""
        neuron, index = self._lookup(name)
        return neuron.bias if index is None else neuron.weights[index]

    def set_parameter(self, name: str, value: float) -> None:
        """Set the weight or bias called ``name`` to ``value``."""
        neuron, index = self._lookup(name)
        value = float(value)
        if not math.isfinite(value):
            raise ValueError(f"parameter {name} must be finite, got {value}")
        if index is None:
            neuron.bias = value
        else:
            neuron.weights[index] = value

    def get_gradient(self, name: str) -> float:
        """dL/d(name) as accumulated by the last backward passes."""
        neuron, index = self._lookup(name)
        return neuron.bias_grad if index is None else neuron.weight_grads[index]

    def _lookup(self, name: str) -> Tuple[Neuron, Optional[int]]:
        if name not in self._parameters:
            count = len(self._parameters) - len(self.neurons)
            raise ValueError(f"no parameter named {name!r}: this network has weights "
                             f"w1..w{count} and biases b1..b{len(self.neurons)}")
        return self._parameters[name]

    # ----- one sample: forward, backward, update -----------------------------------

    def forward(self, x: Sequence[float]) -> Vector:
        """The network's outputs for input x: each layer's outputs feed the next."""
        if len(x) != self.sizes[0]:
            raise ValueError(f"the network expects {self.sizes[0]} inputs, got {len(x)}")
        activations = x
        for layer in self.layers:
            activations = layer.forward(activations)
        return activations

    def backward(self, y_true: Target) -> float:
        """Loss of the last forward pass against ``y_true``; adds every dL/dw and
        dL/db into the neurons (call ``zero_grad`` first to start from 0)."""
        output_layer = self.layers[-1]
        if output_layer.outputs is None:
            raise ValueError("call forward(x) before backward(y_true)")
        y_true = self.target_vector(y_true)
        y_pred = output_layer.outputs
        loss = self.loss.value(y_true, y_pred)

        # Output layer first. compute_input_grads is False for the first layer only:
        # its inputs are the data, whose gradient nobody needs.
        needs_input_grads = len(self.layers) > 1
        if isinstance(output_layer, SoftmaxLayer) and self.loss.name == "cross_entropy":
            d_loss_d_inputs = output_layer.backward_cross_entropy(y_true, needs_input_grads)
        else:
            d_loss_d_outputs = self.loss.derivative(y_true, y_pred)
            d_loss_d_inputs = output_layer.backward(d_loss_d_outputs, needs_input_grads)
        # Then back through the hidden layers: a layer's dL/d_inputs is the
        # dL/d_outputs of the layer before it.
        for index in range(len(self.layers) - 2, -1, -1):
            d_loss_d_inputs = self.layers[index].backward(d_loss_d_inputs, index > 0)
        return loss

    def zero_grad(self) -> None:
        """Set every gradient to 0."""
        for layer in self.layers:
            layer.zero_grad()

    def step(self, learning_rate: float) -> None:
        """One gradient-descent step: w <- w - learning_rate * dL/dw for every parameter."""
        SGD(learning_rate).step(self.neurons)

    def loss_of(self, x: Sequence[float], y_true: Target) -> float:
        """The loss on one sample, without touching any gradient."""
        return self.loss.value(self.target_vector(y_true), self.forward(x))

    # ----- many samples ---------------------------------------------------------------

    def train(self, X: Sequence[Sequence[float]], Y: Sequence[Target], epochs: int = 1000,
              learning_rate: float = 0.1, batch_size: int = 1, shuffle: bool = False,
              log_every: int = 0, optimizer: Union[str, Optimizer] = "sgd",
              seed: Optional[int] = None,
              on_batch_end: Optional[Callable[[int, int], None]] = None,
              on_epoch_end: Optional[Callable[[int, Dict[str, float]], None]] = None
              ) -> List[float]:
        """Train with mini-batch gradient descent; returns the loss of every epoch.

        The defaults are the walkthrough's: one sample per step (batch_size=1), in
        order (shuffle=False), learning rate 0.1, 1000 epochs. An epoch's loss is the
        mean of its samples' losses, each measured just before its own update.
        shuffle=True reorders the samples every epoch with random.Random(seed)
        (seed defaults to the network's). log_every=N prints "Epoch N loss: X.XXX"
        every N epochs. on_batch_end(samples_done, samples_total) and
        on_epoch_end(epoch, {"loss": ..., "accuracy": ...}) are called as they say.
        """
        X, Y = self.check_dataset(X, Y)
        if not isinstance(epochs, int) or isinstance(epochs, bool) or epochs < 0:
            raise ValueError(f"epochs must be a whole number >= 0, got {epochs!r}")
        if not isinstance(batch_size, int) or isinstance(batch_size, bool) or batch_size < 1:
            raise ValueError(f"batch_size must be a whole number >= 1, got {batch_size!r}")
        optimizer = get_optimizer(optimizer, learning_rate)
        order_rng = random.Random(self.seed if seed is None else seed)
        order = list(range(len(X)))
        history = []
        for epoch in range(epochs):
            if shuffle:
                order_rng.shuffle(order)
            total_loss = 0.0
            correct = 0
            for start in range(0, len(order), batch_size):
                batch = order[start:start + batch_size]
                self.zero_grad()
                for i in batch:
                    y_pred = self.forward(X[i])
                    total_loss += self.backward(Y[i])
                    correct += self.is_correct(y_pred, Y[i])
                optimizer.step(self.neurons, len(batch))
                if on_batch_end is not None:
                    on_batch_end(start + len(batch), len(order))
            epoch_loss = total_loss / len(X)
            if not math.isfinite(epoch_loss):
                raise ValueError(f"epoch {epoch}: the loss is {epoch_loss}; training diverged "
                                 f"(try a smaller learning rate)")
            history.append(epoch_loss)
            if log_every and epoch % log_every == 0:
                print(f"Epoch {epoch} loss: {epoch_loss:.3f}")
            if on_epoch_end is not None:
                on_epoch_end(epoch, {"loss": epoch_loss, "accuracy": correct / len(X)})
        return history

    def predict(self, x: Sequence[float]) -> Vector:
        """The outputs for one input: a list with one number per output neuron."""
        return list(self.forward(x))

    def predict_class(self, x: Sequence[float]) -> int:
        """The index of the largest output (for one output: 1 if it is >= 0.5, else 0)."""
        return _class_of(self.forward(x))

    def is_correct(self, y_pred: Sequence[float], y_true: Target) -> bool:
        """Does the predicted class match the target's class?"""
        return _class_of(y_pred) == _class_of(self.target_vector(y_true))

    def evaluate(self, X: Sequence[Sequence[float]], Y: Sequence[Target]) -> Dict[str, float]:
        """{"loss": mean loss, "accuracy": fraction of samples with the right class}."""
        X, Y = self.check_dataset(X, Y)
        total_loss = 0.0
        correct = 0
        for x, y in zip(X, Y):
            y_pred = self.forward(x)
            total_loss += self.loss.value(y, y_pred)
            correct += self.is_correct(y_pred, y)
        return {"loss": total_loss / len(X), "accuracy": correct / len(X)}

    # ----- checking input ----------------------------------------------------------------

    def target_vector(self, y: Target) -> Vector:
        """A target as a list with one number per output neuron.

        Accepts that list itself; a plain number for a one-output network; or, for a
        softmax output, a class index k (turned into the one-hot list [.., 1 at k, ..]).
        """
        n = self.sizes[-1]
        if isinstance(y, (int, float)) and not isinstance(y, bool):
            if n == 1:
                return [float(y)]
            if self.output_activation == "softmax" and float(y).is_integer() and 0 <= y < n:
                one_hot = [0.0] * n
                one_hot[int(y)] = 1.0
                return one_hot
            raise ValueError(f"target {y!r} is a single number, but the network has {n} "
                             f"outputs: give a list of {n} numbers or a class index 0..{n - 1}")
        if len(y) != n:
            raise ValueError(f"the target must have {n} values (one per output neuron), "
                             f"got {len(y)}")
        return y

    def check_dataset(self, X, Y) -> Tuple[Sequence[Sequence[float]], List[Vector]]:
        """Check every sample before anything changes; return (X, targets as lists).

        X is only read, never copied, so it may be any sequence of samples (the MNIST
        loader's images are made into floats one digit at a time).

        Raises ValueError naming the sample: X and Y of different lengths, no data,
        a sample with the wrong number of values, a non-finite number, a target that
        does not fit the loss.
        """
        if len(X) != len(Y):
            raise ValueError(f"X has {len(X)} samples but Y has {len(Y)}: they must match")
        if len(X) == 0:
            raise ValueError("no data: X and Y are empty")
        targets = []
        for i, (x, y) in enumerate(zip(X, Y)):
            if len(x) != self.sizes[0]:
                raise ValueError(f"sample {i}: X[{i}] has {len(x)} values, "
                                 f"the network expects {self.sizes[0]}")
            _check_finite(x, f"sample {i}: X[{i}]")
            try:
                y = self.target_vector(y)
            except (ValueError, TypeError) as error:
                raise ValueError(f"sample {i}: {error}") from None
            _check_target(i, y, self.loss.name)
            targets.append(y)
        return X, targets

    def __repr__(self) -> str:
        return (f"Network(sizes={self.sizes}, activation={self.activation}, "
                f"output_activation={self.output_activation}, loss={self.loss.name}, "
                f"seed={self.seed})")

    # ----- saving ---------------------------------------------------------------------

    def save(self, path: str, **extra) -> None:
        """Write the network as JSON (see network.saving); ``extra`` is stored with it."""
        from network.saving import save_network
        save_network(self, path, **extra)

    @staticmethod
    def load(path: str) -> "Network":
        """Read a network written by ``save``."""
        from network.saving import load_network
        return load_network(path)


def _class_of(values: Sequence[float]) -> int:
    """argmax of values; for a single value, 1 if it is >= 0.5 else 0."""
    if len(values) == 1:
        return 1 if values[0] >= 0.5 else 0
    best = 0
    for k in range(1, len(values)):
        if values[k] > values[best]:
            best = k
    return best


def _check_loss_fits_output(loss: str, output_activation: str, n_outputs: int) -> None:
    if output_activation == "softmax" and n_outputs < 2:
        raise ValueError("a softmax output needs at least 2 output neurons "
                         "(with one, it always outputs 1.0): use sigmoid")
    if loss == "cross_entropy" and output_activation != "softmax":
        raise ValueError(f"loss 'cross_entropy' needs output_activation='softmax', "
                         f"got {output_activation!r} (for one sigmoid output use "
                         f"'binary_cross_entropy')")
    if loss == "binary_cross_entropy" and output_activation not in ("sigmoid", "softmax"):
        raise ValueError(f"loss 'binary_cross_entropy' needs outputs between 0 and 1: "
                         f"output_activation 'sigmoid' or 'softmax', got {output_activation!r}")


def _check_finite(values: Sequence[float], what: str) -> None:
    """ValueError naming ``what`` and the position if any value is not a finite number."""
    for k, value in enumerate(values):
        try:
            finite = math.isfinite(value)
        except TypeError:
            finite = False
        if not finite:
            raise ValueError(f"{what}[{k}] is {value!r}, expected a finite number")


def _check_target(i: int, y: Sequence[float], loss: str) -> None:
    _check_finite(y, f"sample {i}: target")
    for k, value in enumerate(y):
        if loss != "mse" and not 0.0 <= value <= 1.0:
            raise ValueError(f"sample {i}: target value {k} is {value}; loss {loss!r} "
                             f"needs targets between 0 and 1")
    if loss == "cross_entropy":
        total = 0.0
        for value in y:
            total += value
        if abs(total - 1.0) > 1e-9:
            raise ValueError(f"sample {i}: the target sums to {total}; cross_entropy needs "
                             f"a one-hot target (or probabilities) summing to 1")


def _explicit(weights, layer: int, j: int, n_inputs: int, name: str) -> List[float]:
    try:
        neuron_weights = list(weights[layer][j])
    except (IndexError, TypeError):
        raise ValueError(f"weights[{layer}][{j}] (neuron {name}) is missing") from None
    if len(neuron_weights) != n_inputs:
        raise ValueError(f"weights[{layer}][{j}] (neuron {name}) has {len(neuron_weights)} "
                         f"values, expected {n_inputs}")
    return neuron_weights


def _explicit_bias(biases, layer: int, j: int, name: str) -> float:
    try:
        return biases[layer][j]
    except (IndexError, TypeError):
        raise ValueError(f"biases[{layer}][{j}] (neuron {name}) is missing") from None
