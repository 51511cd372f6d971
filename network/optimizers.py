"""Optimizers: how the gradients dL/dw turn into new weights, one weight at a time.

Each optimizer has ``step(neurons, batch_size)``. The gradients in the neurons are
*sums* over the batch's samples, so every optimizer first takes their mean,
g = (summed gradient) / batch_size. Then, for every weight and bias w
(the rules are PyTorch's torch.optim rules with the same hyperparameters):

    SGD       g <- g + weight_decay * w;             w <- w - lr * g
    Momentum  v <- beta * v + g;                     w <- w - lr * v
              (Nesterov: w <- w - lr * (g + beta * v), a look ahead along v)
    RMSprop   s <- rho * s + (1 - rho) * g^2;        w <- w - lr * g / (sqrt(s) + eps)
    Adam      m <- b1 * m + (1 - b1) * g;            v <- b2 * v + (1 - b2) * g^2
              w <- w - lr * m_hat / (sqrt(v_hat) + eps),  m_hat = m / (1 - b1^t),
                                                          v_hat = v / (1 - b2^t)
    AdamW     w <- w - lr * weight_decay * w, then the Adam step

v, s, m start at 0. The optimizer keeps them per parameter: ``opt.state["w5"]`` is
``{"velocity": ...}`` for Momentum, ``{"square_avg": ...}`` for RMSprop and
``{"m": ..., "v": ...}`` for Adam and AdamW. Weight decay, as in PyTorch, applies to
every parameter the optimizer is given, biases included.

Read the classes side by side: each ``step`` is the same loop over a neuron's
parameters [w1, ..., wn, b], and only the lines of the rule differ.
"""
from __future__ import annotations

import math
from typing import Dict, List, Optional, Sequence, Tuple

from network.checks import fraction, non_negative, positive
from neuron.checks import LARGEST, describe
from neuron import Neuron

Vector = List[float]


class Optimizer:
    """The shared part: the learning rate, the network's neurons, the state.

    One optimizer belongs to one network: its first ``step`` binds it to the neurons
    it is given, and a later step with another network's neurons is refused before
    anything changes (carrying Adam's moments from one network into another would
    silently train it wrong).

    The state is kept per neuron, as one list per kind of state with one slot for
    each of the neuron's weights and a last slot for its bias
    (``slots["h1"]["velocity"] = [v_w1, v_w2, v_b1]``); ``state`` shows it by
    parameter name.
    """

    name = "optimizer"
    state_kinds: Tuple[str, ...] = ()   # e.g. ("m", "v") for Adam

    def __init__(self, learning_rate: float):
        self.learning_rate = positive("learning_rate", learning_rate)
        # The network's neurons (bound by the first step), and the state: neuron name ->
        # kind -> values (slots), neuron name -> [w.., b..] (parameter_names).
        self.neurons, self.slots, self.parameter_names = None, {}, {}

    def step(self, neurons: Sequence[Neuron], batch_size: int = 1) -> None:
        """Update every weight and bias of ``neurons`` from their gradients, which
        hold the sum over ``batch_size`` samples."""
        raise NotImplementedError

    def check_neurons(self, neurons: Sequence[Neuron]) -> None:
        """Bind this optimizer to ``neurons`` at its first step; afterwards refuse any
        other network's neurons (ValueError, before any weight changes)."""
        if neurons is not self.neurons:
            self.bind(neurons)

    def bind(self, neurons: Sequence[Neuron]) -> None:
        """The first step (or a state just loaded): remember these neurons. Later: the
        same neurons in another list are fine; another network's are refused."""
        given = list(neurons)
        if not all(map(isinstance, given, [Neuron] * len(given))):
            raise ValueError(f"{type(self).__name__}.step needs a network's neurons "
                             f"(network.neurons), got {describe(neurons)}")
        if self.neurons is None and not self.parameter_names:
            self.neurons = neurons       # the first step
            return
        if self.neurons is not None:
            same = len(given) == len(self.neurons)
            for old, new in zip(self.neurons, given):
                same = same and old is new
            if not same:
                raise ValueError(
                    f"this {type(self).__name__} belongs to another network (it already "
                    f"stepped that network's neurons {_neuron_names(self.neurons)}): one "
                    f"optimizer keeps the state of one network; make a new "
                    f"{type(self).__name__} for this one")
        for neuron in given:
            # A state loaded from state_dict must be for neurons of these names and sizes.
            names = self.parameter_names.get(neuron.name)
            if names is not None and names != neuron.weight_names + [neuron.bias_name]:
                raise ValueError(f"this {type(self).__name__}'s state is for another "
                                 f"network: its {neuron.name} has {len(names) - 1} weights "
                                 f"({names[0]}..), this network's has "
                                 f"{len(neuron.weights)} ({neuron.weight_names[0]}..)")
        self.neurons = neurons

    def hyperparameters(self) -> Dict[str, object]:
        """The numbers that define the rule (shown by repr, stored by state_dict)."""
        return {"learning_rate": self.learning_rate}

    def _slots(self, neuron: Neuron) -> Dict[str, Vector]:
        """This neuron's state lists, created as zeros at its first step."""
        if neuron.name not in self.slots:
            size = len(neuron.weights) + 1
            self.slots[neuron.name] = {kind: [0.0] * size for kind in self.state_kinds}
            self.parameter_names[neuron.name] = neuron.weight_names + [neuron.bias_name]
        return self.slots[neuron.name]

    @property
    def state(self) -> Dict[str, Dict[str, float]]:
        """parameter name -> {kind: value}, e.g. {"w5": {"velocity": -0.0123}, ...}."""
        view: Dict[str, Dict[str, float]] = {}
        for neuron_name, kinds in self.slots.items():
            for k, parameter in enumerate(self.parameter_names[neuron_name]):
                entry = {}
                for kind, values in kinds.items():
                    entry[kind] = values[k]
                view[parameter] = entry
        return view

    def state_dict(self) -> Dict[str, object]:
        """Everything needed to continue exactly where this optimizer stopped, as
        plain JSON-able lists and numbers (floats round-trip exactly through JSON)."""
        slots = {}
        for neuron_name, kinds in self.slots.items():
            slots[neuron_name] = {"names": list(self.parameter_names[neuron_name])}
            for kind, values in kinds.items():
                slots[neuron_name][kind] = list(values)
        return {"name": self.name, "hyperparameters": self.hyperparameters(),
                "t": getattr(self, "t", 0), "slots": slots}

    def load_state_dict(self, saved: Dict[str, object]) -> None:
        """Continue from ``state_dict()``'s dictionary (same kind of optimizer), in a
        fresh optimizer for a network with the same neurons (a resumed run).

        Every field is checked first, and ValueError names the one that does not fit
        (optimizer.name, optimizer.t, optimizer.slots.h1.m[3], ...); nothing changes
        unless all do."""
        if not isinstance(saved, dict):
            raise ValueError(f"optimizer is {describe(saved)}, expected the dict of an "
                             f"optimizer's state_dict()")
        for field in ("name", "t", "slots"):
            if field not in saved:
                raise ValueError(f"field optimizer.{field} is missing")
        if saved["name"] != self.name:
            raise ValueError(f"optimizer.name is {describe(saved['name'])}: the state of "
                             f"another optimizer, which this {type(self).__name__} "
                             f"({self.name!r}) cannot continue")
        t = saved["t"]
        if not (type(t) is int and t >= 0):
            raise ValueError(f"optimizer.t is {describe(t)}, expected a whole number of "
                             f"steps >= 0")
        if not isinstance(saved["slots"], dict):
            raise ValueError(f"optimizer.slots is {describe(saved['slots'])}, expected a "
                             f"dict with one entry per neuron")
        slots, names = {}, {}
        for neuron_name, kinds in saved["slots"].items():
            where = f"optimizer.slots.{neuron_name}"
            if not isinstance(kinds, dict) or "names" not in kinds:
                raise ValueError(f"{where} is {describe(kinds)}, expected a dict with "
                                 f"\"names\" and {', '.join(self.state_kinds) or 'no state'}")
            given = kinds["names"]
            if not (isinstance(given, list) and given and all(map(_is_name, given))):
                raise ValueError(f"{where}.names is {describe(given)}, expected the "
                                 f"neuron's parameter names, such as [\"w1\", \"w2\", \"b1\"]")
            names[neuron_name] = list(given)
            slots[neuron_name] = {}
            for kind in self.state_kinds:
                if kind not in kinds:
                    raise ValueError(f"field {where}.{kind} is missing")
                slots[neuron_name][kind] = _state_values(kinds[kind], len(given),
                                                         f"{where}.{kind}")
        self.slots, self.parameter_names = slots, names
        self.neurons = None
        if hasattr(self, "t"):
            self.t = t

    def __repr__(self) -> str:
        shown = ", ".join(f"{key}={value}" for key, value in self.hyperparameters().items())
        text = f"{type(self).__name__}({shown})"
        state = self.state
        if state:
            first = list(state.items())[:3]
            parts = []
            for parameter, entry in first:
                values = ", ".join(f"{kind}={value:.4g}" for kind, value in entry.items())
                parts.append(f"{parameter}: {values}")
            more = f", ... ({len(state)} parameters)" if len(state) > 3 else ""
            text += " state {" + "; ".join(parts) + more + "}"
        return text


def _is_name(value) -> bool:
    return isinstance(value, str)


def _state_values(values, count: int, where: str) -> Vector:
    """A saved list of ``count`` finite numbers (an optimizer's slots), as floats."""
    if not isinstance(values, list) or len(values) != count:
        raise ValueError(f"{where} is {describe(values)}, expected a list of {count} "
                         f"numbers (one per parameter in names)")
    checked = []
    for k, value in enumerate(values):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or \
                not -LARGEST <= value <= LARGEST:
            raise ValueError(f"{where}[{k}] is {describe(value)}, expected a finite number")
        checked.append(float(value))
    return checked


def _neuron_names(neurons: Sequence[Neuron]) -> str:
    names = [neuron.name for neuron in neurons[:4]]
    return ", ".join(names) + (", ..." if len(neurons) > 4 else "")


def _parameters(neuron: Neuron) -> Tuple[Vector, Vector]:
    """([w1, ..., wn, b], [dL/dw1, ..., dL/dwn, dL/db]) of one neuron, as new lists."""
    return neuron.weights + [neuron.bias], neuron.weight_grads + [neuron.bias_grad]


def _write_back(neuron: Neuron, values: Vector) -> None:
    """Put [w1, ..., wn, b] back into the neuron."""
    n = len(neuron.weights)
    neuron.weights[:] = values[:n]
    neuron.bias = values[n]


class SGD(Optimizer):
    """Plain gradient descent (the walkthrough's rule), with optional weight decay:

        w <- w - learning_rate * g                    (g: the batch's mean gradient)
        g <- g + weight_decay * w                     (first, with weight_decay > 0)
    """

    name = "sgd"
    weight_decay = 0.0

    def __init__(self, learning_rate: float, weight_decay: float = 0.0):
        super().__init__(learning_rate)
        if weight_decay != 0.0:
            self.weight_decay = non_negative("weight_decay", weight_decay)

    def hyperparameters(self):
        return {"learning_rate": self.learning_rate, "weight_decay": self.weight_decay}

    def step(self, neurons, batch_size=1):
        self.check_neurons(neurons)        # one optimizer, one network
        if self.weight_decay != 0.0:
            self.step_with_decay(neurons, batch_size)
            return
        # The gradients are sums over the batch: dividing the rate by batch_size
        # makes the step use their mean.
        rate = self.learning_rate / batch_size
        for neuron in neurons:
            for i in range(len(neuron.weights)):
                neuron.weights[i] -= rate * neuron.weight_grads[i]
            neuron.bias -= rate * neuron.bias_grad

    def step_with_decay(self, neurons, batch_size):
        for neuron in neurons:
            values, grads = _parameters(neuron)
            for i in range(len(values)):
                g = grads[i] / batch_size + self.weight_decay * values[i]
                values[i] -= self.learning_rate * g
            _write_back(neuron, values)


class Momentum(Optimizer):
    """Gradient descent with momentum (a ball rolling downhill gathers speed):

        v <- beta * v + g
        w <- w - learning_rate * v                      (nesterov=False)
        w <- w - learning_rate * (g + beta * v)         (nesterov=True)

    v is a running sum of past gradients, each older one weighed by one more factor
    beta: steps along a direction the gradients agree on grow (up to 1/(1-beta)
    times), zig-zags cancel. Nesterov's variant steps with the gradient plus the
    velocity it is about to have: a look ahead.
    """

    name = "momentum"
    state_kinds = ("velocity",)

    def __init__(self, learning_rate: float, beta: float = 0.9, nesterov: bool = False):
        super().__init__(learning_rate)
        self.beta = fraction("beta", beta)
        if not isinstance(nesterov, bool):
            raise ValueError(f"nesterov must be True or False, got {nesterov!r}")
        self.nesterov = nesterov

    def hyperparameters(self):
        return {"learning_rate": self.learning_rate, "beta": self.beta,
                "nesterov": self.nesterov}

    def step(self, neurons, batch_size=1):
        self.check_neurons(neurons)
        for neuron in neurons:
            v = self._slots(neuron)["velocity"]
            values, grads = _parameters(neuron)
            for i in range(len(values)):
                g = grads[i] / batch_size
                v[i] = self.beta * v[i] + g
                if self.nesterov:
                    values[i] -= self.learning_rate * (g + self.beta * v[i])
                else:
                    values[i] -= self.learning_rate * v[i]
            _write_back(neuron, values)


class RMSprop(Optimizer):
    """A step size per parameter from the running mean of its squared gradients:

        s <- rho * s + (1 - rho) * g^2
        w <- w - learning_rate * g / (sqrt(s) + epsilon)

    A parameter whose gradients are large takes smaller steps, one whose gradients
    are small takes larger ones; epsilon (outside the square root, as in PyTorch)
    keeps the division finite when s is 0.
    """

    name = "rmsprop"
    state_kinds = ("square_avg",)

    def __init__(self, learning_rate: float, rho: float = 0.9, epsilon: float = 1e-8):
        super().__init__(learning_rate)
        self.rho = fraction("rho", rho)
        self.epsilon = positive("epsilon", epsilon)

    def hyperparameters(self):
        return {"learning_rate": self.learning_rate, "rho": self.rho,
                "epsilon": self.epsilon}

    def step(self, neurons, batch_size=1):
        self.check_neurons(neurons)
        for neuron in neurons:
            s = self._slots(neuron)["square_avg"]
            values, grads = _parameters(neuron)
            for i in range(len(values)):
                g = grads[i] / batch_size
                s[i] = self.rho * s[i] + (1.0 - self.rho) * g * g
                values[i] -= self.learning_rate * g / (math.sqrt(s[i]) + self.epsilon)
            _write_back(neuron, values)


class Adam(Optimizer):
    """Momentum and RMSprop together, with a correction for their start at 0:

        t <- t + 1                                   (steps taken, opt.t)
        m <- beta1 * m + (1 - beta1) * g             (running mean of g)
        v <- beta2 * v + (1 - beta2) * g^2           (running mean of g^2)
        m_hat = m / (1 - beta1^t),  v_hat = v / (1 - beta2^t)
        w <- w - learning_rate * m_hat / (sqrt(v_hat) + epsilon)

    Without the correction the first steps would be tiny (m and v start at 0); with
    it, the first step moves every parameter by about learning_rate * sign(g).
    """

    name = "adam"
    state_kinds = ("m", "v")

    def __init__(self, learning_rate: float = 0.001, beta1: float = 0.9,
                 beta2: float = 0.999, epsilon: float = 1e-8):
        super().__init__(learning_rate)
        self.beta1 = fraction("beta1", beta1)
        self.beta2 = fraction("beta2", beta2)
        self.epsilon = positive("epsilon", epsilon)
        self.t = 0

    def hyperparameters(self):
        return {"learning_rate": self.learning_rate, "beta1": self.beta1,
                "beta2": self.beta2, "epsilon": self.epsilon}

    def step(self, neurons, batch_size=1):
        self.check_neurons(neurons)
        self.t += 1
        correction1 = 1.0 - self.beta1 ** self.t
        correction2 = 1.0 - self.beta2 ** self.t
        for neuron in neurons:
            slots = self._slots(neuron)
            m, v = slots["m"], slots["v"]
            values, grads = _parameters(neuron)
            self.decay(values)
            for i in range(len(values)):
                g = grads[i] / batch_size
                m[i] = self.beta1 * m[i] + (1.0 - self.beta1) * g
                v[i] = self.beta2 * v[i] + (1.0 - self.beta2) * g * g
                m_hat = m[i] / correction1
                v_hat = v[i] / correction2
                values[i] -= self.learning_rate * m_hat / (math.sqrt(v_hat) + self.epsilon)
            _write_back(neuron, values)

    def decay(self, values: Vector) -> None:
        """Adam has no weight decay (AdamW's differs only here)."""


class AdamW(Adam):
    """Adam with decoupled weight decay (Loshchilov and Hutter):

        w <- w - learning_rate * weight_decay * w      (first, on its own)
        then the Adam step of the class above, with the same g

    Unlike L2 added to g, this shrink is not rescaled by Adam's 1/sqrt(v_hat), so
    every weight decays at the same rate whatever its gradients.
    """

    name = "adamw"

    def __init__(self, learning_rate: float = 0.001, beta1: float = 0.9,
                 beta2: float = 0.999, epsilon: float = 1e-8, weight_decay: float = 0.01):
        super().__init__(learning_rate, beta1, beta2, epsilon)
        self.weight_decay = non_negative("weight_decay", weight_decay)

    def hyperparameters(self):
        shown = super().hyperparameters()
        shown["weight_decay"] = self.weight_decay
        return shown

    def decay(self, values: Vector) -> None:
        for i in range(len(values)):
            values[i] -= self.learning_rate * self.weight_decay * values[i]


class Nesterov(Momentum):
    """Momentum with nesterov=True (the name "nesterov")."""

    name = "nesterov"

    def __init__(self, learning_rate: float, beta: float = 0.9):
        super().__init__(learning_rate, beta, nesterov=True)

    def hyperparameters(self):
        return {"learning_rate": self.learning_rate, "beta": self.beta}


OPTIMIZERS = {"sgd": SGD, "momentum": Momentum, "nesterov": Nesterov, "rmsprop": RMSprop,
              "adam": Adam, "adamw": AdamW}


def get_optimizer(name, learning_rate: float) -> Optimizer:
    """An optimizer by name ("sgd", "momentum", "nesterov", "rmsprop", "adam",
    "adamw") with its default hyperparameters, or ``name`` itself if it is one."""
    if isinstance(name, str) and name in OPTIMIZERS:
        return OPTIMIZERS[name](learning_rate)
    if isinstance(name, Optimizer):
        return name
    raise ValueError(f"unknown optimizer {name!r}: expected one of {', '.join(OPTIMIZERS)}")
