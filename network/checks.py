"""Checks at the network's door: hyperparameters, layer sizes, data sets, targets.

Every public entry point (``Network(...)``, ``net.train``, ``net.forward``, ...) calls
these once, before any weight changes; the per-sample arithmetic behind it trusts
what they return. Each raises ValueError with a sentence naming the parameter, the
sample or the neuron:

    positive("learning_rate", 0.1)     -> 0.1
    fraction("beta1", 1.0)             -> ValueError: beta1 must be a number in [0, 1), got 1.0
    check_dataset(net, X, Y)           -> (X, Y as target lists), or "sample 3: ..."
"""
from __future__ import annotations

import os
from typing import List, Sequence, Tuple

from neuron import NonFiniteError
from neuron.checks import (LARGEST, all_plain_numbers, describe, finite_number, is_number,
                           is_sequence, is_whole, plain_samples)

Vector = List[float]


# %% Hyperparameters --------------------------------------------------------------------

def number(name: str, value, allowed: str = "a finite number") -> float:
    """float(value), or a ValueError saying what is ``allowed`` if it is not a finite
    number (True and False are refused too: they are not meant as numbers here)."""
    if type(value) is float and -LARGEST <= value <= LARGEST:
        return value        # the usual case: a finite float, as it is
    try:
        return finite_number(value, name)
    except ValueError:
        raise ValueError(f"{name} must be {allowed}, got {describe(value)}") from None


def positive(name: str, value) -> float:
    """A finite number > 0 (a learning rate, an epsilon)."""
    if type(value) is float and 0.0 < value <= LARGEST:
        return value        # the usual case: a float, as it is
    value = number(name, value, "a finite number > 0")
    if not value > 0.0:
        raise ValueError(f"{name} must be a finite number > 0, got {value}")
    return value


def non_negative(name: str, value) -> float:
    """A finite number >= 0 (a penalty strength, a weight decay)."""
    if type(value) is float and 0.0 <= value <= LARGEST:
        return value        # the usual case: a float, as it is
    value = number(name, value, "a finite number >= 0")
    if value < 0.0:
        raise ValueError(f"{name} must be a finite number >= 0, got {value}")
    return value


def fraction(name: str, value) -> float:
    """A number in [0, 1) (a momentum beta, a decay rate rho, a dropout probability)."""
    value = number(name, value, "a number in [0, 1)")
    if not 0.0 <= value < 1.0:
        raise ValueError(f"{name} must be a number in [0, 1), got {value}")
    return value


def whole(name: str, value, minimum: int = 0) -> int:
    """A whole number >= minimum (epochs, a batch size, a patience), as an int."""
    if type(value) is int and value >= minimum:
        return value        # the usual case: an int, as it is
    if not is_whole(value) or value < minimum:
        raise ValueError(f"{name} must be a whole number >= {minimum}, got {describe(value)}")
    return int(value)


def check_loop(epochs, batch_size, log_every, shuffle) -> Tuple[int, int, int]:
    """(epochs, batch_size, log_every) as ints, once each is known to be a whole number
    (>= 1 for batch_size), and shuffle True or False."""
    if type(epochs) is type(batch_size) is type(log_every) is int and shuffle in (True, False):
        if epochs >= 0 and batch_size >= 1 and log_every >= 0 and type(shuffle) is bool:
            return epochs, batch_size, log_every     # the usual case: ints, as they are
    boolean("shuffle", shuffle)
    return (whole("epochs", epochs), whole("batch_size", batch_size, minimum=1),
            whole("log_every", log_every))


def boolean(name: str, value) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"{name} must be True or False, got {describe(value)}")
    return value


# %% The shape of a network --------------------------------------------------------------

# How large a network may be. Every weight is a Python float in a list, with a slot in
# its gradient list, a name ("w123") and an entry in the table of names: about 300
# bytes on CPython 3.11, and every Neuron object about 500 bytes more (tracemalloc:
# 784-1000-10 takes 221 MB and 2-200000-1 321 MB; this estimate says 239 and 340; PyPy
# takes less). A network is refused before anything is made if it has more than
# MAX_PARAMETERS parameters (an estimated 3 GB), or if its estimate is more than the
# computer's memory: made anyway, it would fill the memory for minutes and end in
# MemoryError.
MAX_PARAMETERS = 10_000_000
BYTES_PER_PARAMETER = 300
BYTES_PER_NEURON = 500


def check_sizes(sizes) -> List[int]:
    """``sizes`` as a list of ints (at least an input and an output size, each >= 1),
    for a network small enough to make (see MAX_PARAMETERS and network_bytes)."""
    if not is_sequence(sizes):
        raise ValueError(f"sizes must be a list of layer sizes such as [2, 2, 1], "
                         f"got {describe(sizes)}")
    sizes = list(sizes)
    if len(sizes) < 2:
        raise ValueError(f"sizes needs at least an input and an output size, got "
                         f"{describe(sizes)}")
    for position, size in enumerate(sizes):
        if not is_whole(size) or size < 1:
            raise ValueError(f"sizes[{position}] is {describe(size)}: every layer size must "
                             f"be a whole number >= 1, got {describe(sizes)}")
    sizes = [int(size) for size in sizes]
    check_network_size(sizes)
    return sizes


def count_parameters(sizes: List[int]) -> Tuple[int, int]:
    """(parameters, neurons) of a network with these layer sizes: every layer after
    the inputs has sizes[k] neurons with sizes[k - 1] weights and one bias each."""
    parameters, neurons = 0, 0
    for k in range(1, len(sizes)):
        parameters += sizes[k] * (sizes[k - 1] + 1)
        neurons += sizes[k]
    return parameters, neurons


def network_bytes(sizes: List[int]) -> int:
    """The estimated memory of Network(sizes), in bytes (see BYTES_PER_PARAMETER)."""
    parameters, neurons = count_parameters(sizes)
    return parameters * BYTES_PER_PARAMETER + neurons * BYTES_PER_NEURON


def check_network_size(sizes: List[int]) -> None:
    """ValueError if Network(sizes) would have more than MAX_PARAMETERS parameters or
    would not fit in this computer's memory (when the system tells its size)."""
    parameters, _neurons = count_parameters(sizes)
    estimate = network_bytes(sizes)
    shown = f"sizes {describe(sizes)} make {_count(parameters)} weights and biases"
    if parameters > MAX_PARAMETERS:
        raise ValueError(f"{shown}, more than the {MAX_PARAMETERS:,} a network of Python "
                         f"objects may have here (about {_gigabytes(estimate)} of memory): "
                         f"use smaller layers")
    memory = physical_memory()
    if memory is not None and estimate > memory:
        raise ValueError(f"{shown}, about {_gigabytes(estimate)} of memory as Python "
                         f"objects, but this computer has {_gigabytes(memory)}: use smaller "
                         f"layers")


def physical_memory():
    """The computer's memory in bytes, or None where the system does not say."""
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):
        return None


def _count(number: int) -> str:
    return f"{number:,}" if number < 10 ** 15 else f"about 10^{len(str(number)) - 1}"


def _gigabytes(size: int) -> str:
    return f"{size / 1e9:,.1f} GB" if size < 10 ** 15 else f"about 10^{len(str(size)) - 9} GB"


def check_loss_fits_output(loss: str, output_activation: str, n_outputs: int) -> None:
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


def check_given_parameters(name: str, given, sizes: List[int]) -> None:
    """``weights`` or ``biases`` given to Network: one entry per layer, and in each,
    one entry per neuron of that layer (each neuron's own values are checked by
    ``explicit_weights``, ``explicit_bias`` and Neuron)."""
    if given is None:
        return
    if not is_sequence(given):
        raise ValueError(f"{name} must be a list with one entry per layer "
                         f"({len(sizes) - 1}), got {describe(given)}")
    if len(given) != len(sizes) - 1:
        raise ValueError(f"{name} must have one entry per layer ({len(sizes) - 1}), "
                         f"got {len(given)}")
    for layer in range(len(given)):
        n_neurons = sizes[layer + 1]
        entry = given[layer]
        if not is_sequence(entry):
            raise ValueError(f"{name}[{layer}] is {describe(entry)}, expected a list with "
                             f"one entry per neuron of layer {layer + 1} ({n_neurons})")
        if len(entry) != n_neurons:
            raise ValueError(f"{name}[{layer}] has {len(entry)} entries, but layer "
                             f"{layer + 1} has {n_neurons} neurons: one entry each")


def explicit_weights(weights, layer: int, j: int, n_inputs: int, name: str) -> List[float]:
    """The starting weights given for neuron ``name`` (weights[layer][j])."""
    given = weights[layer][j]
    if not is_sequence(given):
        raise ValueError(f"weights[{layer}][{j}] (neuron {name}) is {describe(given)}, "
                         f"expected a list of {n_inputs} numbers")
    if len(given) != n_inputs:
        raise ValueError(f"weights[{layer}][{j}] (neuron {name}) has {len(given)} "
                         f"values, expected {n_inputs}")
    return list(given)


# %% Data: samples and targets --------------------------------------------------------------

def check_sample(network, x, what: str = "input"):
    """One input sample for ``network``: a list of sizes[0] finite numbers, returned
    ready for feedforward (a new list of floats only if it held other numbers or was
    not a list: a NumPy array or a pandas column is read by iterating)."""
    n = network.sizes[0]
    if not is_sequence(x):
        raise ValueError(f"the network expects a list of {n} numbers as {what}, got "
                         f"{describe(x)}{_many_samples_hint(x)}")
    if len(x) != n:
        raise ValueError(f"the network expects {n} inputs, got {len(x)}"
                         f"{_many_samples_hint(x)}")
    if type(x) in (list, tuple) and all_plain_numbers(x):
        return x
    checked = []
    for k, value in enumerate(x):
        if not is_number(value):
            raise ValueError(f"{what} {k + 1} is {describe(value)}; inputs must be numbers"
                             f"{_many_samples_hint(x)}")
        try:
            checked.append(finite_number(value, ""))
        except ValueError:
            raise NonFiniteError(f"{what} {k + 1} is {describe(value)}; inputs must be "
                                 f"finite numbers") from None
    return checked


def _many_samples_hint(x) -> str:
    """For one sample that looks like many (its first item is a list): which method
    takes many samples."""
    try:
        many = is_sequence(x) and len(x) > 0 and is_sequence(next(iter(x)))
    except (TypeError, ValueError):
        many = False
    return (": this takes one sample; for a list of samples use predict_all(X), "
            "predict_classes(X) or evaluate(X, Y)") if many else ""


def _why_not_a_dataset(X, Y) -> str:
    for label, data in (("X", X), ("Y", Y)):
        if type(data).__name__ == "DataFrame":
            return (f"{label} is a pandas DataFrame, whose items are its column names: "
                    f"pass {label}.to_numpy() (one row per sample)")
        if not is_sequence(data):
            return f"{label} must be a list of samples, got {describe(data)}"
    if len(X) != len(Y):
        return f"X has {len(X)} samples but Y has {len(Y)}: they must match"
    return "no data: X and Y are empty"


def _checked_sample(x, n: int, what: str) -> Vector:
    """A sample that is not a list of n finite floats or ints: as a list of floats if
    it is a list of n other finite numbers, else ValueError naming it. (A NumPy row's
    ``tolist()`` gives its numbers as floats or ints in one step, in C.)"""
    if not is_sequence(x):
        raise ValueError(f"{what} is {describe(x)}, expected a list of {n} numbers")
    if len(x) != n:
        raise ValueError(f"{what} has {len(x)} values, the network expects {n}")
    if type(x) not in (list, tuple) and callable(getattr(x, "tolist", None)):
        try:
            values = x.tolist()
        except Exception:       # not NumPy's tolist after all: read x itself below
            values = None
        if type(values) is list and len(values) == n and all_plain_numbers(values):
            return values
    return _converted(x, what)


def _converted(values, what: str) -> Vector:
    checked = []
    for k, value in enumerate(values):
        if not is_number(value):
            raise ValueError(f"{what}[{k}] is {describe(value)}, expected a finite number")
        try:
            checked.append(finite_number(value, ""))
        except ValueError:
            raise ValueError(f"{what}[{k}] is {describe(value)}, expected a finite "
                             f"number") from None
    return checked


def target_vector(network, y) -> Vector:
    """A target as a list with one number per output neuron.

    Accepts that list itself; a plain number for a one-output network; or, for a
    softmax output, a class index k (turned into the one-hot list [.., 1 at k, ..]).
    """
    n = network.sizes[-1]
    if n == 1 and type(y) in (float, int) and -LARGEST <= y <= LARGEST:
        return [float(y)]     # the usual case for one output: a number
    if is_number(y):
        if n == 1:
            return [finite_number(y, "target")]
        if network.output_activation == "softmax" and is_whole(y) and 0 <= y < n:
            one_hot = [0.0] * n
            one_hot[int(y)] = 1.0
            return one_hot
        raise ValueError(f"target {describe(y)} is a single number, but the network has "
                         f"{n} outputs: give a list of {n} numbers or a class index "
                         f"0..{n - 1}")
    if not is_sequence(y):
        expected = "a number" if n == 1 else f"a list of {n} numbers or a class index 0..{n - 1}"
        raise ValueError(f"target {describe(y)} is not a number: expected {expected}")
    if len(y) != n:
        raise ValueError(f"the target must have {n} values (one per output neuron), "
                         f"got {len(y)}")
    if all_plain_numbers(y):
        return list(y)
    return _converted(y, "target")


def check_target(network, y, what: str = "target") -> Vector:
    """``target_vector(y)``, also checking that it fits the loss: values in [0, 1]
    for the cross entropies, and summing to 1 for cross_entropy."""
    y = target_vector(network, y)
    loss = network.loss.name
    if loss == "mse":
        return y
    for k, value in enumerate(y):
        if not 0.0 <= value <= 1.0:
            raise ValueError(f"{what} value {k} is {value}; loss {loss!r} needs targets "
                             f"between 0 and 1")
    if loss == "cross_entropy":
        total = 0.0
        for value in y:
            total += value
        if abs(total - 1.0) > 1e-9:
            raise ValueError(f"the {what} sums to {total}; cross_entropy needs a one-hot "
                             f"target (or probabilities) summing to 1")
    return y


def check_dataset(network, X, Y, name: str = "") -> Tuple[Sequence, List[Vector]]:
    """Check every sample before anything changes; return (X, targets as lists).

    X comes back as a new list of the same samples (the samples themselves are not
    copied), except the MNIST loader's images, made into floats one digit at a time,
    which pass through as they are. A sample of other numbers (NumPy's, Fractions)
    becomes a list of floats. Raises ValueError naming the sample: X and Y of
    different lengths, no data, a sample with the wrong number of values, a value
    that is not a finite number, a target that does not fit the loss. ``name``
    ("validation set") starts the message when given.
    """
    if not (is_sequence(X) and is_sequence(Y) and 0 < len(X) == len(Y)):
        raise ValueError(_start(name) + _why_not_a_dataset(X, Y))
    if getattr(X, "samples_are_checked", False):
        # A loader's own digit images (floats in [0, 1], made from checked bytes one
        # digit at a time): only their size is checked, so none is made twice.
        if len(X[0]) != network.sizes[0]:
            raise ValueError(f"{_start(name)}sample 0: X[0] has {len(X[0])} values, the "
                             f"network expects {network.sizes[0]}")
    else:
        X = list(X)   # read by iterating (a pandas column's X[i] is a label, not a place)
        if not plain_samples(X, network.sizes[0]):
            X = _checked_samples(X, network.sizes[0], name)   # converts, or names the sample
    if network.sizes[-1] == 1 and plain_targets(Y, network.loss.name):
        return X, [[float(y)] for y in Y]      # the usual case for one output: numbers
    targets = []
    for i, y in enumerate(Y):
        try:
            targets.append(check_target(network, y))
        except ValueError as problem:
            raise ValueError(f"{_start(name)}sample {i}: {problem}") from None
    return X, targets


def plain_targets(Y, loss: str) -> bool:
    """True if Y is finite floats or ints (between 0 and 1 for the cross entropies)."""
    return all_plain_numbers(Y) and (loss == "mse" or 0.0 <= min(Y) and max(Y) <= 1.0)


def _start(name: str) -> str:
    return f"{name}: " if name else ""


def _checked_samples(X: list, n: int, name: str) -> list:
    """The samples of X, each as it is if it is a list of n finite floats or ints,
    else as a list of floats; ValueError naming the first that is not n numbers."""
    for i in range(len(X)):
        if not plain_samples([X[i]], n):
            X[i] = _checked_sample(X[i], n, f"{_start(name)}sample {i}: X[{i}]")
    return X
