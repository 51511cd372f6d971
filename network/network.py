"""A fully connected feed-forward network built from Layer and Neuron objects.

    net = Network([2, 2, 1])          # 2 inputs, hidden neurons h1 h2, output o1
    net.train(X, Y, epochs=1000, learning_rate=0.1)
    net.predict([-7, -3])             # -> [0.95...]

One training step on one sample is four calls, the ones ``train`` makes:

    net.zero_grad()                   # dL/dw = 0 for every weight
    net.feedforward(x)                # every z and output, layer by layer
    net.backprop(y)                   # the chain rule, output layer first
    optimizer.step(net.neurons)       # w <- w - learning_rate * dL/dw

``feedforward`` and ``backprop`` are the arithmetic and trust their arguments (train
checked the data once, at its door). By hand, call the checked doors instead:
``net.forward(x)`` (or ``net(x)``), ``net.backward(y_true)``, ``net.step(rate)``.

Names (the walkthrough's, for any size): hidden neurons h1, h2, ... counted layer
by layer; output neurons o1, o2, ...; weights w1, w2, ... numbered neuron by neuron
(h1's weights first), layer by layer; biases b1, b2, ..., one per neuron in the
same order. In the 2-2-1 network h1 has w1 w2 b1, h2 has w3 w4 b2, o1 has w5 w6 b3.

Reading order: ``__init__``, ``feedforward``, ``backprop``, ``zero_grad``, ``train``.
Everything below ``train`` is for calling by hand (checked), by name, or for show.
"""
from __future__ import annotations

import math
import random
from typing import Dict, List, Optional, Sequence, Tuple, Union

from network.checks import (check_dataset, check_given_parameters, check_loop,
                            check_loss_fits_output, check_sample, check_sizes,
                            check_target, explicit_weights, fraction, is_whole,
                            non_negative, whole)
from network.initialization import INITS, initial_weight, scheme_for
from network.layer import Layer, SoftmaxLayer
from network.losses import get_loss, predicted_class
from network.optimizers import SGD, Optimizer, get_optimizer
from network.preprocessing import PREPROCESSORS, check_preprocess
from network.training import History, check_weights_finite, diverged, fit
from neuron import Neuron, NonFiniteError, get_activation
from neuron.checks import describe, finite_number, is_sequence, parameters_are_finite

Vector = List[float]
Target = Union[float, int, Sequence[float]]
# The weights and bias of every neuron, in order: [([w1, w2], b1), ([w3, w4], b2), ...]
Snapshot = List[Tuple[List[float], float]]


class Network:
    """A feed-forward network with ``sizes[0]`` inputs and one Layer per later size.

    activation         hidden layers: "sigmoid", "relu", "tanh" or "identity"
    output_activation  the output layer: the same names or "softmax"; by default
                       "softmax" for loss="cross_entropy", else ``activation``
    loss               "mse", "binary_cross_entropy" or "cross_entropy"
    seed               seeds ``rng``, the random.Random that draws the initial weights
                       (and the dropout masks)
    init               how the initial weights are drawn: one of INITS (see
                       network/initialization.py); "auto" is He normal for ReLU
                       layers and LeCun normal otherwise. Biases start at 0.
    weights, biases    explicit starting values instead: weights[layer][neuron] is
                       that neuron's list of weights, biases[layer][neuron] its bias
    l1, l2, dropout    regularization (network/regularization.py): training then
                       minimizes loss + l1 * sum |w| + l2 * sum w^2, and drops each
                       hidden neuron's output with probability ``dropout``
    preprocess         None, or "deskew": what feedforward does to every input before
                       the first layer (network/preprocessing.py; the inputs must be
                       a square picture, e.g. 784 = 28 x 28 pixels)
    """

    def __init__(self, sizes: Sequence[int], activation: str = "sigmoid",
                 output_activation: Optional[str] = None, loss: str = "mse",
                 seed: int = 0, init: str = "auto",
                 weights: Optional[Sequence[Sequence[Sequence[float]]]] = None,
                 biases: Optional[Sequence[Sequence[float]]] = None,
                 l1: float = 0.0, l2: float = 0.0, dropout: float = 0.0,
                 preprocess: Optional[str] = None):
        self.sizes = check_sizes(sizes)
        self.loss = get_loss(loss)
        if activation == "softmax":
            raise ValueError("activation 'softmax' is for the output layer only: pass "
                             "output_activation='softmax' (hidden layers use identity, "
                             "relu, sigmoid or tanh)")
        self.activation = get_activation(activation).name
        if output_activation is None:
            output_activation = "softmax" if self.loss.name == "cross_entropy" else activation
        if output_activation != "softmax":
            output_activation = get_activation(output_activation).name
        self.output_activation = output_activation
        check_loss_fits_output(self.loss.name, output_activation, self.sizes[-1])
        if not isinstance(init, str) or init not in INITS:
            raise ValueError(f"unknown init {init!r}: expected one of {', '.join(INITS)}")
        self.init = init
        if not is_whole(seed):
            raise ValueError(f"seed must be a whole number, got {describe(seed)}")
        self.seed = int(seed)
        self.l1 = non_negative("l1", l1)
        self.l2 = non_negative("l2", l2)
        self.dropout = fraction("dropout", dropout)
        if self.dropout > 0.0 and len(self.sizes) < 3:
            raise ValueError(f"dropout applies to hidden layers, and sizes {self.sizes} "
                             f"has none")
        self.preprocess = check_preprocess(preprocess, self.sizes[0])
        check_given_parameters("weights", weights, self.sizes)
        check_given_parameters("biases", biases, self.sizes)
        self.rng = random.Random(self.seed)
        self.layers: List[Layer] = []
        for index in range(1, len(self.sizes)):
            self.layers.append(self._make_layer(index, weights, biases))
        self.neurons: List[Neuron] = []     # every neuron, layer by layer: h1, h2, ..., o1
        for layer in self.layers:
            self.neurons.extend(layer.neurons)
        self._name_parameters()

    def _make_layer(self, index: int, weights, biases) -> Layer:
        """Layer ``index`` (1 = the first after the inputs), its neurons named h1.. or o1.."""
        n_inputs, n_neurons = self.sizes[index - 1], self.sizes[index]
        is_output = index == len(self.sizes) - 1
        activation = self.output_activation if is_output else self.activation
        scheme = scheme_for(self.init, activation)
        hidden_before = sum(self.sizes[1:index])
        neurons = []
        for j in range(n_neurons):
            name = f"o{j + 1}" if is_output else f"h{hidden_before + j + 1}"
            if weights is None:
                neuron_weights = []
                for _ in range(n_inputs):
                    neuron_weights.append(initial_weight(self.rng, scheme, n_inputs, n_neurons))
            else:
                neuron_weights = explicit_weights(weights, index - 1, j, n_inputs, name)
            bias = 0.0 if biases is None else biases[index - 1][j]
            neuron_activation = "identity" if activation == "softmax" else activation
            neurons.append(Neuron(neuron_weights, bias, neuron_activation, name))
        if activation == "softmax":
            return SoftmaxLayer(neurons)
        if self.dropout > 0.0 and not is_output:
            from network.regularization import DropoutLayer
            return DropoutLayer(neurons, self.dropout, self.rng)
        return Layer(neurons)

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
            # The neuron carries its names too (the trace and the optimizers use them).
            neuron.weight_names = names
            neuron.bias_name = f"b{b_count}"

    # ----- the arithmetic of one sample -----------------------------------------------

    def feedforward(self, x: Sequence[float]) -> Vector:
        """The network's outputs for input x: each layer's outputs feed the next (x
        deskewed first if the network has preprocess="deskew")."""
        outputs = x if self.preprocess is None else PREPROCESSORS[self.preprocess](x)
        for layer in self.layers:
            outputs = layer.feedforward(outputs)
        return outputs

    def backprop(self, y_true: Sequence[float]) -> float:
        """The loss of the last feedforward against ``y_true`` (one number per output
        neuron); adds every dL/dw and dL/db into the neurons (``zero_grad`` first to
        start from 0). Output layer first; each layer's input_gradients are the
        dL/d_output of the layer before it."""
        output_layer = self.layers[-1]
        y_pred = output_layer.outputs
        loss = self.loss.value(y_true, y_pred)
        if self.loss.name == "cross_entropy":
            output_layer.backprop_cross_entropy(y_true)   # dL/dz_k = p_k - y_k
        else:
            d_loss_d_outputs = self.loss.derivative(y_true, y_pred)
            output_layer.backprop(d_loss_d_outputs)
        for index in range(len(self.layers) - 1, 0, -1):
            d_loss_d_outputs = self.layers[index].input_gradients()
            self.layers[index - 1].backprop(d_loss_d_outputs)
        return loss

    def zero_grad(self) -> None:
        """Set every gradient to 0."""
        for neuron in self.neurons:
            neuron.zero_grad()

    # ----- the walkthrough's training loop --------------------------------------------

    def train(self, X: Sequence[Sequence[float]], Y: Sequence[Target], epochs: int = 1000,
              learning_rate: float = 0.1, batch_size: int = 1, shuffle: bool = False,
              seed: Optional[int] = None, optimizer: Union[str, Optimizer] = "sgd",
              log_every: int = 0, **fit_options) -> History:
        """Train with (mini-batch) gradient descent; returns the History of the run.

        For every epoch, for every batch of ``batch_size`` samples (in order, or
        shuffled with random.Random(seed), the network's seed by default): zero_grad,
        then feedforward and backprop of each sample, then one optimizer step with the
        batch's mean gradient. The epoch's loss is the mean loss over all samples after
        the epoch, as the walkthrough prints it ("Epoch N loss: X.XXX" every
        ``log_every`` epochs). The defaults are the walkthrough's: one sample per step,
        in order, plain SGD at rate 0.1, 1000 epochs.

        ``optimizer``: "sgd", "momentum", "nesterov", "rmsprop", "adam", "adamw" (made
        with ``learning_rate``), or an Optimizer. Everything else, and networks with
        l1, l2 or dropout, train in the fit loop of network/training.py, the same steps
        with more around them: ``validation``, ``early_stopping``, ``schedule``,
        ``epoch_loss``, ``on_batch_end``, ``on_epoch_end`` (see ``fit`` there).

        The data and every option are checked before any weight changes. If the loss
        stops being a finite number (a learning rate too large for the data), training
        stops with TrainingDiverged naming the epoch and the sample, and the weights
        are put back as they were at the start of that epoch.
        """
        if fit_options or self.l1 or self.l2 or self.dropout:
            return fit(self, X, Y, epochs=epochs, learning_rate=learning_rate,
                       batch_size=batch_size, shuffle=shuffle, seed=seed,
                       optimizer=optimizer, log_every=log_every, **fit_options)
        X, Y = check_dataset(self, X, Y)
        epochs, batch_size, log_every = check_loop(epochs, batch_size, log_every, shuffle)
        order_rng = random.Random(self.seed if seed is None else whole("seed", seed))
        optimizer = get_optimizer(optimizer, learning_rate)
        order = list(range(len(X)))
        history = History()

        for epoch in range(epochs):
            if shuffle:
                order_rng.shuffle(order)
            start_of_epoch = None     # a copy of the weights, to go back to if training diverges
            total_loss = 0.0
            try:
                for start in range(0, len(order), batch_size):
                    batch = order[start:start + batch_size]
                    self.zero_grad()
                    for i in batch:
                        self.feedforward(X[i])
                        loss = self.backprop(Y[i])
                        if not math.isfinite(loss):          # the one check per sample
                            raise NonFiniteError(f"the loss is {loss}")
                        total_loss += loss
                    if start_of_epoch is None:
                        start_of_epoch = self.snapshot()     # before the epoch's first step
                    optimizer.step(self.neurons, len(batch))
                i = None
                epoch_loss, accuracy = self.measure(X, Y)   # the walkthrough's epoch loss
                if not math.isfinite(epoch_loss):
                    raise NonFiniteError(f"the loss after the epoch is {epoch_loss}")
            except NonFiniteError as problem:
                if start_of_epoch is not None:
                    self.restore(start_of_epoch)
                raise diverged(epoch, i, problem, optimizer.learning_rate) from None
            history.record(epoch_loss, accuracy, total_loss / len(X), optimizer.learning_rate)
            if log_every and epoch % log_every == 0:
                print(f"Epoch {epoch} loss: {epoch_loss:.3f}")
        return history

    def measure(self, X: Sequence[Sequence[float]], Y: List[Vector]) -> Tuple[float, float]:
        """(mean loss, fraction of samples whose class is right) over checked data
        (targets as lists); no dropout, no penalty. NonFiniteError naming the parameter
        if a weight or bias is not finite (an update went past the largest float: the
        outputs may still look finite, as sigmoid(-inf) = 0)."""
        if not parameters_are_finite(self.neurons):
            check_weights_finite(self)
        total_loss = 0.0
        correct = 0
        for i in range(len(X)):
            y_pred = self.feedforward(X[i])
            total_loss += self.loss.value(Y[i], y_pred)
            correct += predicted_class(y_pred) == predicted_class(Y[i])
        return total_loss / len(X), correct / len(X)

    # ----- the checked doors: one sample by hand ---------------------------------------

    def forward(self, x: Sequence[float]) -> Vector:
        """The outputs for one input (a list, one number per output neuron), after
        checking the input: ``feedforward(x)``. Dropout is off (see regularization).
        NonFiniteError names the first neuron whose weighted sum is not finite."""
        x = check_sample(self, x)
        try:
            outputs = list(self.feedforward(x))
        except NonFiniteError:        # a NaN z, which its activation refused
            outputs = None
        for neuron in self.neurons:   # in order: the first such neuron is the culprit
            if not math.isfinite(neuron.z):
                raise NonFiniteError(neuron.explain_non_finite_z())
        return outputs

    __call__ = forward     # net(x), as in PyTorch

    def backward(self, y_true: Target) -> float:
        """The loss of the last forward pass against ``y_true``, with every dL/dw and
        dL/db added into the neurons: ``backprop`` after checking y_true (a number, a
        list with one number per output, or a class index for a softmax output).

        With l1 or l2 the penalty's slope is added too, so the gradients are those of
        loss + penalty (network/regularization.py); the returned number is the loss.
        """
        if self.layers[-1].outputs is None:
            raise ValueError("call forward(x) before backward(y_true)")
        loss = self.backprop(check_target(self, y_true))
        if self.l1 or self.l2:
            from network.regularization import add_penalty_gradients
            add_penalty_gradients(self)
        return loss

    def step(self, learning_rate: float) -> None:
        """One gradient-descent step: w <- w - learning_rate * dL/dw for every
        parameter (SGD.step). The gradients (perhaps written by hand) must be finite
        numbers, and the new weights are checked before they are kept."""
        optimizer = SGD(learning_rate)
        self._check_gradients()
        before = self.snapshot()
        optimizer.step(self.neurons)
        for neuron in self.neurons:
            for w in neuron.weights + [neuron.bias]:
                if not math.isfinite(w):
                    self.restore(before)
                    raise ValueError(f"step({learning_rate!r}) would make a parameter of "
                                     f"neuron {neuron.name} {w} (the gradient times the "
                                     f"learning rate is beyond the floats); the weights "
                                     f"are unchanged")

    def _check_gradients(self) -> None:
        """ValueError naming the first gradient that is not a finite number (one written
        by hand: backprop only ever adds floats)."""
        for neuron in self.neurons:
            names = neuron.weight_names + [neuron.bias_name]
            for name, gradient in zip(names, neuron.weight_grads + [neuron.bias_grad]):
                finite_number(gradient, f"the gradient dL/d{name} of neuron {neuron.name}")

    def predict(self, x: Sequence[float]) -> Vector:
        """The outputs for one input: a list with one number per output neuron."""
        return self.forward(x)

    def predict_class(self, x: Sequence[float]) -> int:
        """The class the network gives one input (see ``predicted_class``)."""
        return predicted_class(self.forward(x))

    def predict_all(self, X: Sequence[Sequence[float]]) -> List[Vector]:
        """``predict`` for every sample of X: a list of output lists."""
        outputs = []
        for x in _samples(X):
            outputs.append(self.forward(x))
        return outputs

    def predict_classes(self, X: Sequence[Sequence[float]]) -> List[int]:
        """``predict_class`` for every sample of X."""
        classes = []
        for outputs in self.predict_all(X):
            classes.append(predicted_class(outputs))
        return classes

    def is_correct(self, y_pred: Sequence[float], y_true: Target) -> bool:
        """Does the predicted class match the target's class?"""
        return predicted_class(y_pred) == predicted_class(check_target(self, y_true))

    def evaluate(self, X: Sequence[Sequence[float]], Y: Sequence[Target]) -> Dict[str, float]:
        """{"loss": mean loss, "accuracy": fraction of samples with the right class}
        (no dropout; the penalty is not included)."""
        X, Y = check_dataset(self, X, Y)
        loss, accuracy = self.measure(X, Y)
        return {"loss": loss, "accuracy": accuracy}

    def loss_of(self, x: Sequence[float], y_true: Target) -> float:
        """The loss on one sample, without touching any gradient."""
        return self.loss.value(check_target(self, y_true), self.forward(x))

    def target_vector(self, y: Target) -> Vector:
        """A target as the list backprop uses (see network.checks.check_target)."""
        return check_target(self, y)

    # ----- parameters by name -------------------------------------------------------

    def parameter_names(self) -> List[str]:
        """["w1", "w2", ..., "b1", ...] in the order neurons are numbered."""
        return list(self._parameters)

    def parameters(self) -> Dict[str, float]:
        """Every weight and bias by name, in order: {"w1": 0.5, "w2": -1.2, "b1": 0.0, ...}."""
        values = {}
        for name, (neuron, index) in self._parameters.items():
            values[name] = neuron.bias if index is None else neuron.weights[index]
        return values

    def count_parameters(self) -> int:
        """How many weights and biases the network has (2-2-1: 9)."""
        return len(self._parameters)

    def get_parameter(self, name: str) -> float:
        """The value of the weight or bias called ``name`` (e.g. "w5" or "b3")."""
        neuron, index = self._lookup(name)
        return neuron.bias if index is None else neuron.weights[index]

    def set_parameter(self, name: str, value: float) -> None:
        """Set the weight or bias called ``name`` to ``value``."""
        neuron, index = self._lookup(name)
        value = finite_number(value, f"parameter {name}")
        if index is None:
            neuron.bias = value
        else:
            neuron.weights[index] = value

    def get_gradient(self, name: str) -> float:
        """dL/d(name) as accumulated by the last backward passes."""
        neuron, index = self._lookup(name)
        return neuron.bias_grad if index is None else neuron.weight_grads[index]

    def state_dict(self) -> Dict[str, float]:
        """Every parameter by name (a new dict): what ``load_state_dict`` takes back."""
        return self.parameters()

    def load_state_dict(self, values: Dict[str, float]) -> None:
        """Set every parameter from ``state_dict()``'s dictionary. Every name must be
        there and every value a finite number; nothing changes unless all are."""
        if not isinstance(values, dict):
            raise ValueError(f"load_state_dict needs a dict of parameter names and values "
                             f"(from state_dict()), got {describe(values)}")
        missing = [name for name in self._parameters if name not in values]
        unknown = [name for name in values if name not in self._parameters]
        if missing or unknown:
            raise ValueError(f"load_state_dict: the names do not fit this network "
                             f"(missing: {', '.join(missing[:5]) or 'none'}; unknown: "
                             f"{', '.join(map(str, unknown[:5])) or 'none'})")
        checked = {}
        for name in self._parameters:
            checked[name] = finite_number(values[name], f"parameter {name}")
        for name, value in checked.items():
            self.set_parameter(name, value)

    def snapshot(self) -> Snapshot:
        """A copy of every neuron's (weights, bias), to go back to with ``restore``."""
        return [(list(neuron.weights), neuron.bias) for neuron in self.neurons]

    def restore(self, snapshot: Snapshot) -> None:
        """Put back the weights and biases of a ``snapshot()``."""
        for neuron, (weights, bias) in zip(self.neurons, snapshot):
            neuron.weights[:] = weights
            neuron.bias = bias

    def _lookup(self, name: str) -> Tuple[Neuron, Optional[int]]:
        if not isinstance(name, str) or name not in self._parameters:
            count = len(self._parameters) - len(self.neurons)
            raise ValueError(f"no parameter named {name!r}: this network has weights "
                             f"w1..w{count} and biases b1..b{len(self.neurons)}")
        return self._parameters[name]

    # ----- for show ---------------------------------------------------------------------

    def summary(self) -> str:
        """A table: each layer's neurons, activation and parameter count."""
        lines = [f"{'layer':<8}{'neurons':<22}{'activation':<12}{'parameters':>10}"]
        inputs = f"{self.sizes[0]} inputs" + (f" ({self.preprocess})" if self.preprocess else "")
        lines.append(f"{'input':<8}{inputs:<22}{'':<12}{0:>10,}")
        for index, layer in enumerate(self.layers, start=1):
            first, last = layer.neurons[0].name, layer.neurons[-1].name
            shown = first if first == last else f"{first}..{last}"
            count = len(layer.neurons) * (layer.n_inputs + 1)
            lines.append(f"{index:<8}{f'{len(layer.neurons)} ({shown})':<22}"
                         f"{layer.activation_name:<12}{count:>10,}")
        lines.append(f"total: {self.count_parameters():,} parameters in "
                     f"{len(self.neurons):,} neurons; loss {self.loss.name}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        extras = ""
        for name in ("l1", "l2", "dropout"):
            if getattr(self, name):
                extras += f", {name}={getattr(self, name)}"
        if self.init != "auto":
            extras += f", init={self.init}"
        if self.preprocess is not None:
            extras += f", preprocess={self.preprocess}"
        return (f"Network(sizes={self.sizes}, activation={self.activation}, "
                f"output_activation={self.output_activation}, loss={self.loss.name}, "
                f"seed={self.seed}{extras})")

    def __str__(self) -> str:
        """repr, then (for up to 60 parameters) every neuron with its named weights."""
        if self.count_parameters() > 60:
            return repr(self) + "\n" + self.summary()
        lines = [repr(self)]
        for neuron in self.neurons:
            lines.append(f"  {neuron!r}")
        return "\n".join(lines)


class NeuralNetwork(Network):
    """Another name for Network, for readers coming from READMEs that spell it

        NeuralNetwork(layers=[2, 3, 1]).train(X, y, epochs=1000, learning_rate=0.1)

    ``layers`` is Network's ``sizes``; every other argument is the same."""

    def __init__(self, layers: Sequence[int], **options):
        super().__init__(layers, **options)


def _samples(X) -> list:
    """X as a list of samples, read by iterating (never by label), or ValueError."""
    if type(X).__name__ == "DataFrame":
        raise ValueError("X is a pandas DataFrame, whose items are its column names: pass "
                         "X.to_numpy() (one row per sample)")
    if getattr(X, "samples_are_checked", False):
        return X
    if not is_sequence(X):
        raise ValueError(f"X must be a list of samples, got {describe(X)}")
    return list(X)
