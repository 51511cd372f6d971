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
import os
import random
from typing import Callable, Dict, List, Optional, Sequence, Tuple, Union

from network.checks import fraction, non_negative, whole
from network.layer import Layer, SoftmaxLayer
from network.losses import get_loss
from network.optimizers import Optimizer, SGD, get_optimizer
from network.schedules import Schedule, get_schedule
from network.training import (EarlyStopping, History, Snapshot, TrainingDiverged,
                              get_early_stopping)
from neuron import Neuron, NonFiniteError, get_activation

Vector = List[float]
Target = Union[float, int, Sequence[float]]


class Network:
    """A feed-forward network with ``sizes[0]`` inputs and one Layer per later size.

    activation         hidden layers: "sigmoid", "relu", "tanh" or "identity"
    output_activation  the output layer: the same names or "softmax"; by default
                       "softmax" for loss="cross_entropy", else ``activation``
    loss               "mse", "binary_cross_entropy" or "cross_entropy"
    seed               seeds ``rng``, the random.Random that draws the initial weights
                       and the dropout masks
    init               how the initial weights are drawn: one of INITS (see
                       ``initial_weight``); "auto" is He normal for ReLU layers and
                       LeCun normal otherwise. Biases start at 0.
    weights, biases    explicit starting values instead: weights[layer][neuron] is
                       that neuron's list of weights, biases[layer][neuron] its bias
    l1, l2             penalty strengths: training minimizes the loss plus
                       l1 * sum |w| + l2 * sum w^2 over every weight (see ``penalty``)
    dropout            probability in [0, 1) that a hidden neuron's output is dropped
                       in a training pass (see Layer.forward); never in predict
    """

    def __init__(self, sizes: Sequence[int], activation: str = "sigmoid",
                 output_activation: Optional[str] = None, loss: str = "mse",
                 seed: int = 0, init: str = "auto",
                 weights: Optional[Sequence[Sequence[Sequence[float]]]] = None,
                 biases: Optional[Sequence[Sequence[float]]] = None,
                 l1: float = 0.0, l2: float = 0.0, dropout: float = 0.0):
        try:
            sizes = list(sizes)
        except TypeError:
            raise ValueError(f"sizes must be a list of layer sizes such as [2, 2, 1], "
                             f"got {sizes!r}") from None
        if len(sizes) < 2:
            raise ValueError(f"sizes needs at least an input and an output size, got {sizes}")
        for position, size in enumerate(sizes):
            if not isinstance(size, int) or isinstance(size, bool) or size < 1:
                raise ValueError(f"sizes[{position}] is {size!r}: every layer size must be "
                                 f"a whole number >= 1, got {sizes}")
        self.loss = get_loss(loss)
        if activation == "softmax":
            raise ValueError("activation 'softmax' is for the output layer only: pass "
                             "output_activation='softmax' (hidden layers use identity, "
                             "relu, sigmoid or tanh)")
        get_activation(activation)  # fails early on an unknown name
        if output_activation is None:
            output_activation = "softmax" if self.loss.name == "cross_entropy" else activation
        if output_activation != "softmax":
            get_activation(output_activation)
        _check_loss_fits_output(self.loss.name, output_activation, sizes[-1])
        if init not in INITS:
            raise ValueError(f"unknown init {init!r}: expected one of {', '.join(INITS)}")
        if isinstance(seed, bool) or not isinstance(seed, int):
            raise ValueError(f"seed must be a whole number, got {seed!r}")
        self.l1 = non_negative("l1", l1)
        self.l2 = non_negative("l2", l2)
        self.dropout = fraction("dropout", dropout)
        if self.dropout > 0.0 and len(sizes) < 3:
            raise ValueError(f"dropout applies to hidden layers, and sizes {sizes} has none")

        self.sizes = sizes
        self.activation = activation
        self.output_activation = output_activation
        self.seed = seed
        self.init = init
        self.rng = random.Random(seed)
        self.layers: List[Layer] = []
        self._build(init, weights, biases)
        self._name_parameters()

    # ----- construction and names -------------------------------------------------

    def _build(self, init, weights, biases) -> None:
        for name, given in (("weights", weights), ("biases", biases)):
            if given is None:
                continue
            if isinstance(given, (str, bytes)) or not hasattr(given, "__len__"):
                raise ValueError(f"{name} must be a list with one entry per layer "
                                 f"({len(self.sizes) - 1}), got {given!r}")
            if len(given) != len(self.sizes) - 1:
                raise ValueError(f"{name} must have one entry per layer "
                                 f"({len(self.sizes) - 1}), got {len(given)}")
            for layer in range(len(given)):
                n_neurons = self.sizes[layer + 1]
                entry = given[layer]
                if isinstance(entry, (str, bytes)) or not hasattr(entry, "__len__"):
                    raise ValueError(f"{name}[{layer}] is {entry!r}, expected a list with "
                                     f"one entry per neuron of layer {layer + 1} ({n_neurons})")
                if len(entry) != n_neurons:
                    raise ValueError(f"{name}[{layer}] has {len(entry)} entries, but layer "
                                     f"{layer + 1} has {n_neurons} neurons: one entry each")
        hidden_count = 0
        for index in range(1, len(self.sizes)):
            n_inputs, n_neurons = self.sizes[index - 1], self.sizes[index]
            is_output = index == len(self.sizes) - 1
            activation = self.output_activation if is_output else self.activation
            neuron_activation = "identity" if activation == "softmax" else activation
            scheme = init
            if init == "auto":
                scheme = "he_normal" if activation == "relu" else "lecun_normal"
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
                        neuron_weights.append(
                            initial_weight(self.rng, scheme, n_inputs, n_neurons))
                else:
                    neuron_weights = _explicit(weights, index - 1, j, n_inputs, name)
                bias = 0.0 if biases is None else _explicit_bias(biases, index - 1, j, name)
                neurons.append(Neuron(neuron_weights, bias, neuron_activation, name,
                                      l1=self.l1, l2=self.l2))
            if activation == "softmax":
                layer = SoftmaxLayer(neurons)
            elif is_output:
                layer = Layer(neurons)
            else:
                layer = Layer(neurons, dropout=self.dropout, rng=self.rng)
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
            # The neuron carries its names too (the optimizers' state uses them).
            neuron.weight_names = names
            neuron.bias_name = f"b{b_count}"

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
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError(f"parameter {name} must be a number, got {value!r}")
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

    def snapshot(self) -> Snapshot:
        """A copy of every neuron's (weights, bias), to go back to with ``restore``."""
        copies = []
        for neuron in self.neurons:
            copies.append((list(neuron.weights), neuron.bias))
        return copies

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

    # ----- one sample: forward, backward, update -----------------------------------

    def forward(self, x: Sequence[float], training: bool = False,
                same_mask: bool = False) -> Vector:
        """The network's outputs for input x: each layer's outputs feed the next.

        training=True switches dropout on (a new mask each call; same_mask=True keeps
        the last one). Without dropout the flag changes nothing.
        """
        try:
            count = len(x)
        except TypeError:
            raise ValueError(f"the network expects a list of {self.sizes[0]} numbers as "
                             f"input, got {x!r}") from None
        if count != self.sizes[0]:
            raise ValueError(f"the network expects {self.sizes[0]} inputs, got {count}")
        activations = x
        for layer in self.layers:
            activations = layer.forward(activations, training, same_mask)
        return activations

    def backward(self, y_true: Target) -> float:
        """Loss of the last forward pass against ``y_true``; adds every dL/dw and
        dL/db into the neurons (call ``zero_grad`` first to start from 0).

        With l1 or l2, each weight's gradient also gets the penalty's slope, so the
        gradients are those of ``objective`` = loss + penalty; the returned number is
        the loss alone.
        """
        output_layer = self.layers[-1]
        if output_layer.outputs is None:
            raise ValueError("call forward(x) before backward(y_true)")
        y_true = self.target_vector(y_true)
        _check_finite(y_true, "target")
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

    def penalty(self) -> float:
        """l1 * sum |w| + l2 * sum w^2 over every weight (0 without l1 and l2)."""
        total = 0.0
        for neuron in self.neurons:
            total += neuron.penalty()
        return total

    def objective(self, x: Sequence[float], y_true: Target, training: bool = False,
                  same_mask: bool = False) -> float:
        """What training minimizes on one sample: loss + penalty. ``backward``'s
        gradients are the gradients of this number (the gradient check uses it)."""
        y_pred = self.forward(x, training, same_mask)
        return self.loss.value(self.target_vector(y_true), y_pred) + self.penalty()

    # ----- many samples ---------------------------------------------------------------

    def train(self, X: Sequence[Sequence[float]], Y: Sequence[Target], epochs: int = 1000,
              learning_rate: float = 0.1, batch_size: int = 1, shuffle: bool = False,
              log_every: int = 0, optimizer: Union[str, Optimizer] = "sgd",
              seed: Optional[int] = None,
              schedule: Union[None, str, Schedule] = None,
              validation: Optional[Tuple[Sequence[Sequence[float]], Sequence[Target]]] = None,
              early_stopping: Union[None, int, EarlyStopping] = None,
              on_batch_end: Optional[Callable[[int, int], None]] = None,
              on_epoch_end: Optional[Callable[[int, Dict[str, float]], None]] = None,
              epoch_loss: str = "after") -> History:
        """Train with mini-batch gradient descent; returns a History (the loss of
        every epoch, and more as attributes).

        The defaults are the walkthrough's: one sample per step (batch_size=1), in
        order (shuffle=False), learning rate 0.1, 1000 epochs, plain SGD. An epoch's
        loss is the mean loss over the whole training set measured after the epoch's
        updates, as the walkthrough prints it ("Epoch N loss: X.XXX" every
        ``log_every`` epochs); ``history.running_loss`` has the mean of the losses
        seen during the epoch, each just before its own update.

        optimizer       a name ("sgd", "momentum", "nesterov", "rmsprop", "adam",
                        "adamw") built with ``learning_rate``, or an Optimizer object
        schedule        a name ("step", "exponential", "inverse_time", "cosine") starting
                        at ``learning_rate``, or a Schedule: sets the optimizer's rate at
                        the start of each epoch
        shuffle         reorder the samples every epoch with random.Random(seed)
                        (seed defaults to the network's)
        validation      (X_val, Y_val): loss and accuracy on it after every epoch
        early_stopping  a patience (int) or EarlyStopping(patience, min_delta): stop when
                        the validation loss has not improved for that many epochs, then
                        go back to the best epoch's weights (history.best_epoch)
        epoch_loss      "after" (the walkthrough's number, above) or "running": the
                        epoch's loss and accuracy are then the running figures, counted
                        during the epoch, which saves a second pass over the data (the
                        digit trainer's choice: 4,000 digits cost a quarter more time)
        on_batch_end(samples_done, samples_total) and on_epoch_end(epoch, stats) are
        called as they say; stats has "loss", "accuracy", "running_loss", "penalty",
        "learning_rate" (and "validation_loss", "validation_accuracy").

        Everything is checked before any weight changes. If the loss or a weighted
        sum stops being finite (the learning rate is too large), training stops with
        TrainingDiverged naming the epoch and the sample, and the weights are put
        back as they were at the start of that epoch.
        """
        X, Y = self.check_dataset(X, Y)
        whole("epochs", epochs)
        whole("batch_size", batch_size, minimum=1)
        whole("log_every", log_every)
        if not isinstance(shuffle, bool):
            raise ValueError(f"shuffle must be True or False, got {shuffle!r}")
        if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)):
            raise ValueError(f"seed must be a whole number (or None: the network's "
                             f"seed), got {seed!r}")
        for name, function, arguments in (("on_batch_end", on_batch_end,
                                           "(samples_done, samples_total)"),
                                          ("on_epoch_end", on_epoch_end, "(epoch, stats)")):
            if function is not None and not callable(function):
                raise ValueError(f"{name} must be a function called as {name}{arguments}, "
                                 f"got {function!r}")
        if epoch_loss not in ("after", "running"):
            raise ValueError(f"epoch_loss must be 'after' or 'running', got {epoch_loss!r}")
        optimizer = get_optimizer(optimizer, learning_rate)
        if schedule is not None:
            schedule = get_schedule(schedule, optimizer.learning_rate, epochs)
        if validation is not None:
            X_val, Y_val = self._check_validation(validation)
        stopper = get_early_stopping(early_stopping)
        if stopper is not None and validation is None:
            raise ValueError("early_stopping needs validation=(X_val, Y_val): it watches "
                             "the loss on samples the network does not train on")
        order_rng = random.Random(self.seed if seed is None else seed)
        order = list(range(len(X)))
        history = History()

        for epoch in range(epochs):
            if schedule is not None:
                optimizer.learning_rate = schedule(epoch)
            if shuffle:
                order_rng.shuffle(order)
            start_of_epoch = self.snapshot()   # to go back to if training diverges
            total_loss = 0.0
            correct = 0          # right answers during the epoch (for epoch_loss="running")
            i = order[0]
            try:
                for start in range(0, len(order), batch_size):
                    batch = order[start:start + batch_size]
                    self.zero_grad()
                    for i in batch:
                        y_pred = self.forward(X[i], training=True)
                        sample_loss = self.backward(Y[i])
                        if not math.isfinite(sample_loss):
                            raise NonFiniteError(f"the loss is {sample_loss}")
                        total_loss += sample_loss
                        correct += _class_of(y_pred) == _class_of(Y[i])
                    optimizer.step(self.neurons, len(batch))
                    if on_batch_end is not None:
                        on_batch_end(start + len(batch), len(order))
                if epoch_loss == "running":
                    after = {"loss": total_loss / len(X), "accuracy": correct / len(X)}
                else:
                    # The walkthrough's number: the loss over all samples, after the epoch.
                    after = self._evaluate(X, Y)
                if not math.isfinite(after["loss"]):
                    i = None
                    raise NonFiniteError(f"the loss after the epoch is {after['loss']}")
            except (NonFiniteError, OverflowError, ZeroDivisionError) as problem:
                self.restore(start_of_epoch)
                where = f"at sample {i}" if i is not None else "after its last update"
                raise TrainingDiverged(
                    f"training diverged in epoch {epoch} {where}: {problem}. The learning "
                    f"rate {optimizer.learning_rate:g} is too large for this network and "
                    f"data: try a smaller one. The weights are back to where they were at "
                    f"the start of epoch {epoch}.") from None

            history.append(after["loss"])
            history.running_loss.append(total_loss / len(X))
            history.accuracy.append(after["accuracy"])
            history.penalty.append(self.penalty())
            history.learning_rate.append(optimizer.learning_rate)
            stats = {"loss": after["loss"], "accuracy": after["accuracy"],
                     "running_loss": history.running_loss[-1],
                     "penalty": history.penalty[-1], "learning_rate": optimizer.learning_rate}
            line = f"Epoch {epoch} loss: {after['loss']:.3f}"
            if self.l1 or self.l2:
                line += f" (+ penalty {history.penalty[-1]:.3f})"
            stop = False
            if validation is not None:
                checked = self._evaluate(X_val, Y_val)
                history.validation_loss.append(checked["loss"])
                history.validation_accuracy.append(checked["accuracy"])
                stats["validation_loss"] = checked["loss"]
                stats["validation_accuracy"] = checked["accuracy"]
                line += (f", validation loss: {checked['loss']:.3f}, "
                         f"accuracy: {checked['accuracy']:.1%}")
                if stopper is not None:
                    stop = stopper.update(epoch, checked["loss"], self)
            if log_every and epoch % log_every == 0:
                print(line)
            if on_epoch_end is not None:
                on_epoch_end(epoch, stats)
            if stop:
                history.stopped_early = True
                break

        if stopper is not None and stopper.best_weights is not None:
            self.restore(stopper.best_weights)
            history.best_epoch = stopper.best_epoch
            if log_every:
                ended = "stopped early" if history.stopped_early else "finished"
                print(f"Early stopping: training {ended} after epoch {len(history) - 1}; "
                      f"kept the weights of epoch {stopper.best_epoch} (validation loss "
                      f"{stopper.best_loss:.3f})")
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
        """{"loss": mean loss, "accuracy": fraction of samples with the right class}
        (no dropout; the penalty is not included)."""
        X, Y = self.check_dataset(X, Y)
        return self._evaluate(X, Y)

    def _evaluate(self, X: Sequence[Sequence[float]], Y: List[Vector]) -> Dict[str, float]:
        """``evaluate`` for data already checked (Y as target lists)."""
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
        if isinstance(y, (bool, str, bytes)) or y is None:
            raise ValueError(f"target {y!r} is not a number: expected "
                             + ("a number" if n == 1 else
                                f"a list of {n} numbers or a class index 0..{n - 1}"))
        if isinstance(y, (int, float)):
            if n == 1:
                return [float(y)]
            if self.output_activation == "softmax" and float(y).is_integer() and 0 <= y < n:
                one_hot = [0.0] * n
                one_hot[int(y)] = 1.0
                return one_hot
            raise ValueError(f"target {y!r} is a single number, but the network has {n} "
                             f"outputs: give a list of {n} numbers or a class index 0..{n - 1}")
        try:
            count = len(y)
        except TypeError:
            raise ValueError(f"target {y!r} is not a number or a list of {n} numbers") from None
        if count != n:
            raise ValueError(f"the target must have {n} values (one per output neuron), "
                             f"got {count}")
        return y

    def check_dataset(self, X, Y) -> Tuple[Sequence[Sequence[float]], List[Vector]]:
        """Check every sample before anything changes; return (X, targets as lists).

        X is only read, never copied, so it may be any sequence of samples (the MNIST
        loader's images are made into floats one digit at a time).

        Raises ValueError naming the sample: X and Y of different lengths, no data,
        a sample with the wrong number of values, a non-finite number, a target that
        does not fit the loss.
        """
        for name, data in (("X", X), ("Y", Y)):
            if isinstance(data, (str, bytes)) or not hasattr(data, "__len__"):
                raise ValueError(f"{name} must be a list of samples, got {data!r}")
        if len(X) != len(Y):
            raise ValueError(f"X has {len(X)} samples but Y has {len(Y)}: they must match")
        if len(X) == 0:
            raise ValueError("no data: X and Y are empty")
        targets = []
        for i, (x, y) in enumerate(zip(X, Y)):
            if isinstance(x, (str, bytes)) or not hasattr(x, "__len__"):
                raise ValueError(f"sample {i}: X[{i}] is {x!r}, expected a list of "
                                 f"{self.sizes[0]} numbers")
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

    def _check_validation(self, validation) -> Tuple[Sequence[Sequence[float]], List[Vector]]:
        try:
            X_val, Y_val = validation
        except (TypeError, ValueError):
            raise ValueError("validation must be a pair (X_val, Y_val)") from None
        try:
            return self.check_dataset(X_val, Y_val)
        except ValueError as problem:
            raise ValueError(f"validation set: {problem}") from None

    def __repr__(self) -> str:
        extras = ""
        for name in ("l1", "l2", "dropout"):
            if getattr(self, name):
                extras += f", {name}={getattr(self, name)}"
        if self.init != "auto":
            extras += f", init={self.init}"
        return (f"Network(sizes={self.sizes}, activation={self.activation}, "
                f"output_activation={self.output_activation}, loss={self.loss.name}, "
                f"seed={self.seed}{extras})")

    # ----- saving ---------------------------------------------------------------------

    def save(self, path: str, **extra) -> None:
        """Write the network as JSON (see network.saving); ``extra`` is stored with it."""
        from network.saving import save_network
        _check_path(path, "save")
        save_network(self, path, **extra)

    @staticmethod
    def load(path: str) -> "Network":
        """Read a network written by ``save``."""
        from network.saving import load_network
        _check_path(path, "load")
        return load_network(path)


class NeuralNetwork(Network):
    """Another name for Network, for readers coming from READMEs that spell it

        NeuralNetwork(layers=[2, 3, 1]).train(X, y, epochs=1000, learning_rate=0.1)

    ``layers`` is Network's ``sizes``; every other argument is the same."""

    def __init__(self, layers: Sequence[int], **options):
        super().__init__(layers, **options)


# Initialization schemes by name (see initial_weight).
INITS = ("auto", "normal", "uniform", "xavier_normal", "xavier_uniform", "he_normal",
         "he_uniform", "lecun_normal")


def initial_weight(rng: random.Random, scheme: str, fan_in: int, fan_out: int) -> float:
    """One starting weight for a layer with ``fan_in`` inputs and ``fan_out`` neurons.

        normal          N(0, 1)                           (the walkthrough's)
        uniform         U(-a, a), a = 1 / sqrt(fan_in)    (PyTorch's nn.Linear default)
        xavier_normal   N(0, s), s = sqrt(2 / (fan_in + fan_out))    (Glorot, for
        xavier_uniform  U(-a, a), a = sqrt(6 / (fan_in + fan_out))    sigmoid, tanh)
        he_normal       N(0, s), s = sqrt(2 / fan_in)     (He, for ReLU: half of its
        he_uniform      U(-a, a), a = sqrt(6 / fan_in)     inputs are 0, so twice the variance)
        lecun_normal    N(0, s), s = sqrt(1 / fan_in)     (LeCun)

    N(0, s) is a normal distribution with mean 0 and standard deviation s; U(-a, a)
    is uniform between -a and a, whose standard deviation is a / sqrt(3). The
    scaled schemes keep z = sum wi*xi about as large as the inputs, so signals
    neither die out nor blow up through the layers.
    """
    if scheme == "normal":
        return rng.gauss(0.0, 1.0)
    if scheme == "uniform":
        bound = 1.0 / math.sqrt(fan_in)
        return rng.uniform(-bound, bound)
    if scheme == "xavier_normal":
        return rng.gauss(0.0, math.sqrt(2.0 / (fan_in + fan_out)))
    if scheme == "xavier_uniform":
        bound = math.sqrt(6.0 / (fan_in + fan_out))
        return rng.uniform(-bound, bound)
    if scheme == "he_normal":
        return rng.gauss(0.0, math.sqrt(2.0 / fan_in))
    if scheme == "he_uniform":
        bound = math.sqrt(6.0 / fan_in)
        return rng.uniform(-bound, bound)
    if scheme == "lecun_normal":
        return rng.gauss(0.0, math.sqrt(1.0 / fan_in))
    raise ValueError(f"unknown init {scheme!r}: expected one of {', '.join(INITS)}")


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
        if loss == "cross_entropy":
            raise ValueError("loss 'cross_entropy' uses a softmax output, and a softmax "
                             "output needs at least 2 output neurons (with one, it always "
                             "outputs 1.0): for one yes/no output use "
                             "loss='binary_cross_entropy' with a sigmoid output")
        raise ValueError("a softmax output needs at least 2 output neurons "
                         "(with one, it always outputs 1.0): use sigmoid")
    if loss == "cross_entropy" and output_activation != "softmax":
        raise ValueError(f"loss 'cross_entropy' needs output_activation='softmax', "
                         f"got {output_activation!r} (for one sigmoid output use "
                         f"'binary_cross_entropy')")
    if loss == "binary_cross_entropy" and output_activation not in ("sigmoid", "softmax"):
        raise ValueError(f"loss 'binary_cross_entropy' needs outputs between 0 and 1: "
                         f"output_activation 'sigmoid' or 'softmax', got {output_activation!r}")


def _check_path(path, action: str) -> None:
    """TypeError unless ``path`` is a file name (a str or a pathlib.Path)."""
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"Network.{action}: the path must be a file name such as "
                        f"'model.json', got {path!r}")


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
        given = weights[layer][j]
    except (IndexError, TypeError, KeyError):
        raise ValueError(f"weights[{layer}][{j}] (neuron {name}) is missing") from None
    if isinstance(given, (str, bytes)) or not hasattr(given, "__iter__"):
        raise ValueError(f"weights[{layer}][{j}] (neuron {name}) is {given!r}, expected a "
                         f"list of {n_inputs} numbers")
    neuron_weights = list(given)
    if len(neuron_weights) != n_inputs:
        raise ValueError(f"weights[{layer}][{j}] (neuron {name}) has {len(neuron_weights)} "
                         f"values, expected {n_inputs}")
    return neuron_weights


def _explicit_bias(biases, layer: int, j: int, name: str) -> float:
    try:
        return biases[layer][j]
    except (IndexError, TypeError, KeyError):
        raise ValueError(f"biases[{layer}][{j}] (neuron {name}) is missing") from None
