"""Learning-rate schedules: the learning rate of every epoch (epochs count from 0).

A schedule is a small object: ``schedule(epoch)`` returns the rate for that epoch,
and ``Network.train(..., schedule=...)`` sets the optimizer's rate from it at the
start of each epoch. A large rate early covers ground fast; a smaller one later
settles into a minimum instead of bouncing around it.

    Constant          lr
    StepDecay         lr * gamma^(epoch // step_size)     (halve every few epochs)
    ExponentialDecay  lr * gamma^epoch                    (a little less every epoch)
    InverseTimeDecay  lr / (1 + decay * epoch)
    CosineDecay       min + (lr - min) * (1 + cos(pi * epoch / epochs)) / 2

A schedule depends on nothing but the epoch number, so a resumed run continues it
exactly by passing the epoch it stopped at.
"""
from __future__ import annotations

import math

from network.checks import non_negative, number, positive, whole


class Schedule:
    """The shared part: the starting learning rate."""

    name = "schedule"

    def __init__(self, learning_rate: float):
        self.learning_rate = positive("learning_rate", learning_rate)

    def __call__(self, epoch: int) -> float:
        raise NotImplementedError

    def options(self) -> dict:
        return {"learning_rate": self.learning_rate}

    def __repr__(self) -> str:
        shown = ", ".join(f"{key}={value}" for key, value in self.options().items())
        return f"{type(self).__name__}({shown})"


class Constant(Schedule):
    """lr_epoch = learning_rate, every epoch."""

    name = "constant"

    def __call__(self, epoch):
        return self.learning_rate


class StepDecay(Schedule):
    """lr_epoch = learning_rate * gamma^(epoch // step_size): the rate is multiplied
    by gamma every ``step_size`` epochs (StepDecay(0.1, 2): 0.1, 0.1, 0.05, 0.05, ...)."""

    name = "step"

    def __init__(self, learning_rate: float, step_size: int, gamma: float = 0.5):
        super().__init__(learning_rate)
        self.step_size = whole("step_size", step_size, minimum=1)
        self.gamma = _decay_factor(gamma)

    def options(self):
        return {"learning_rate": self.learning_rate, "step_size": self.step_size,
                "gamma": self.gamma}

    def __call__(self, epoch):
        return self.learning_rate * self.gamma ** (epoch // self.step_size)


class ExponentialDecay(Schedule):
    """lr_epoch = learning_rate * gamma^epoch (ExponentialDecay(0.05, 0.7): 0.05,
    0.035, 0.0245, ...)."""

    name = "exponential"

    def __init__(self, learning_rate: float, gamma: float):
        super().__init__(learning_rate)
        self.gamma = _decay_factor(gamma)

    def options(self):
        return {"learning_rate": self.learning_rate, "gamma": self.gamma}

    def __call__(self, epoch):
        return self.learning_rate * self.gamma ** epoch


class InverseTimeDecay(Schedule):
    """lr_epoch = learning_rate / (1 + decay * epoch): falls fast at first, then
    slowly (the "1/t" schedule of stochastic approximation)."""

    name = "inverse_time"

    def __init__(self, learning_rate: float, decay: float):
        super().__init__(learning_rate)
        self.decay = non_negative("decay", decay)

    def options(self):
        return {"learning_rate": self.learning_rate, "decay": self.decay}

    def __call__(self, epoch):
        return self.learning_rate / (1.0 + self.decay * epoch)


class CosineDecay(Schedule):
    """lr_epoch = min + (learning_rate - min) * (1 + cos(pi * epoch / epochs)) / 2
    for epoch < epochs, and min afterwards: half a cosine wave from learning_rate
    down to min_learning_rate, flat at the start and at the end."""

    name = "cosine"

    def __init__(self, learning_rate: float, epochs: int, min_learning_rate: float = 0.0):
        super().__init__(learning_rate)
        self.epochs = whole("epochs", epochs, minimum=1)
        self.min_learning_rate = non_negative("min_learning_rate", min_learning_rate)
        if self.min_learning_rate > self.learning_rate:
            raise ValueError(f"min_learning_rate must be <= learning_rate "
                             f"({self.learning_rate}), got {self.min_learning_rate}")

    def options(self):
        return {"learning_rate": self.learning_rate, "epochs": self.epochs,
                "min_learning_rate": self.min_learning_rate}

    def __call__(self, epoch):
        if epoch >= self.epochs:
            return self.min_learning_rate
        low, high = self.min_learning_rate, self.learning_rate
        return low + (high - low) * (1.0 + math.cos(math.pi * epoch / self.epochs)) / 2.0


def _decay_factor(gamma) -> float:
    gamma = number("gamma", gamma, "a number in (0, 1]")
    if not 0.0 < gamma <= 1.0:
        raise ValueError(f"gamma must be a number in (0, 1], got {gamma}")
    return gamma


SCHEDULES = {"constant": Constant, "step": StepDecay, "exponential": ExponentialDecay,
             "inverse_time": InverseTimeDecay, "cosine": CosineDecay}


def get_schedule(name, learning_rate: float, epochs: int = 1, **options) -> Schedule:
    """A schedule by name, starting at ``learning_rate``; ``name`` itself if it is
    already a Schedule. Defaults where a name needs more: "step" halves the rate
    every max(1, epochs // 3) epochs, "exponential" multiplies it by 0.7 per epoch,
    "inverse_time" uses decay 1, "cosine" runs over ``epochs`` down to 0.
    ``options`` override those (step_size=, gamma=, decay=, min_learning_rate=).
    """
    if isinstance(name, Schedule):
        return name
    if not isinstance(name, str) or name not in SCHEDULES:
        raise ValueError(f"unknown schedule {name!r}: expected one of {', '.join(SCHEDULES)}")
    epochs = whole("epochs", epochs)
    if name == "constant":
        return Constant(learning_rate, **options)
    if name == "step":
        options.setdefault("step_size", max(1, epochs // 3))
        return StepDecay(learning_rate, **options)
    if name == "exponential":
        options.setdefault("gamma", 0.7)
        return ExponentialDecay(learning_rate, **options)
    if name == "inverse_time":
        options.setdefault("decay", 1.0)
        return InverseTimeDecay(learning_rate, **options)
    return CosineDecay(learning_rate, max(1, epochs), **options)
