"""The fit loop: the walkthrough's training loop with everything a longer run needs.

``Network.train`` is the walkthrough's loop, short enough to read on one screen.
This module is the same loop as a layer around the core, for runs that ask for
more (``net.train`` hands them over, or call ``fit`` / ``Fit`` yourself):

    validation       (X_val, Y_val): loss and accuracy on held-out data every epoch
    early_stopping   stop when the validation loss stops improving, keep the best weights
    schedule         a learning rate per epoch (network/schedules.py)
    epoch_loss       "after" (the walkthrough's number) or "running" (counted during
                     the epoch: no second pass over the data)
    on_batch_end, on_epoch_end     your functions, called as they say
    epoch_data       a function giving each epoch its own data (augmented copies)
    l1, l2, dropout  the network's regularization (network/regularization.py)

and a run that can stop and go on: ``Fit.run(max_batches=N)`` trains N batches and
returns; the next call continues exactly where it stopped (the browser page trains in
chunks this way), and ``state_dict`` / ``load_state_dict`` carry a run across a
restart at an epoch's end (the digit trainer's --resume). Either way the weights come
out bit for bit as in one uninterrupted run.

Divergence: a loss (or, at the end of an epoch, a weight) that stops being a finite
number ends the run with TrainingDiverged naming the epoch and the sample, and the
weights are put back as they were at the start of that epoch.
"""
from __future__ import annotations

import math
import random
from typing import Callable, Dict, List, Optional, Sequence, Tuple

from network.checks import boolean, check_dataset, is_whole, non_negative, whole
from network.losses import predicted_class
from network.regularization import add_penalty_gradients, penalty, set_dropout_mode
from neuron import NonFiniteError
from neuron.checks import describe

# Where a callback's arguments are listed in its error message.
CALLBACKS = {"on_batch_end": "(samples_done, samples_total)",
             "on_epoch_end": "(epoch, stats)",
             "epoch_data": "(epoch), returning (X, Y) for that epoch"}


class History(list):
    """The loss of every epoch, with the other figures of the run as attributes.

    As a list it holds, for each epoch, the mean loss over the whole training set
    measured *after* that epoch's updates (without dropout): the number the
    walkthrough prints as "Epoch N loss" (with epoch_loss="running", the running
    loss below). The attributes are lists with one entry per epoch too:

        running_loss         the mean of the per-sample losses, each taken just
                             before its own update (free to compute while training)
        accuracy             training accuracy after the epoch (or during it)
        penalty              the L1/L2 penalty after the epoch (0 without them)
        learning_rate        the learning rate the epoch used
        validation_loss      loss and accuracy on the validation set after the
        validation_accuracy  epoch (empty lists without one)

    and best_epoch (the epoch whose weights early stopping kept, else None) and
    stopped_early (True if early stopping ended the run). ``epochs`` keeps every
    figure of every epoch as a dict: history.epochs[3]["accuracy"].
    """

    FIGURES = ("running_loss", "accuracy", "penalty", "learning_rate", "validation_loss",
               "validation_accuracy")

    def __init__(self):
        super().__init__()
        self.epochs: List[Dict[str, float]] = []
        self.best_epoch, self.stopped_early = None, False

    def record(self, loss: float, accuracy: float, running_loss: float,
               learning_rate: float, **more: float) -> None:
        """One epoch's loss and its other figures (``more``: penalty, validation_loss,
        validation_accuracy)."""
        self.append(loss)
        figures = {"accuracy": accuracy, "running_loss": running_loss,
                   "learning_rate": learning_rate, "penalty": 0.0}
        figures.update(more)
        self.epochs.append(figures)

    def figure(self, name: str) -> List[float]:
        """One figure for every epoch that has it: history.figure("accuracy")."""
        values = []
        for epoch in self.epochs:
            if name in epoch:
                values.append(epoch[name])
        return values

    running_loss = property(lambda self: self.figure("running_loss"))
    accuracy = property(lambda self: self.figure("accuracy"))
    penalty = property(lambda self: self.figure("penalty"))
    learning_rate = property(lambda self: self.figure("learning_rate"))
    validation_loss = property(lambda self: self.figure("validation_loss"))
    validation_accuracy = property(lambda self: self.figure("validation_accuracy"))

    def state_dict(self) -> dict:
        return {"loss": list(self), "epochs": self.epochs, "best_epoch": self.best_epoch,
                "stopped_early": self.stopped_early}

    def load_state_dict(self, saved: dict) -> None:
        if len(saved["loss"]) != len(saved["epochs"]):
            raise ValueError("history: loss and epochs have different lengths")
        self[:] = [float(value) for value in saved["loss"]]
        self.epochs = []
        for figures in saved["epochs"]:
            entry = {}
            for name in self.FIGURES:
                if name in figures:
                    entry[name] = float(figures[name])
            self.epochs.append(entry)
        self.best_epoch = saved["best_epoch"]
        self.stopped_early = bool(saved["stopped_early"])

    def __repr__(self) -> str:
        shown = ", ".join(f"{loss:.4g}" for loss in self[-3:])
        more = "..., " if len(self) > 3 else ""
        kept = f", best_epoch={self.best_epoch}" if self.best_epoch is not None else ""
        return f"History({len(self)} epochs: loss [{more}{shown}]{kept})"


class TrainingDiverged(ValueError):
    """The loss or a weight stopped being a finite number (or blew up) in training.

    Raised with the epoch, the sample and the loss in the message; the network's
    weights are back where they were at the start of that epoch (the last state
    known to be finite)."""


def diverged(epoch: int, sample: Optional[int], problem: Exception,
             learning_rate: float) -> TrainingDiverged:
    """The error for a run that diverged in ``epoch`` (at ``sample``, or at the end of
    the epoch when None), its weights already put back by the caller."""
    where = f"at sample {sample}" if sample is not None else "after its last update"
    return TrainingDiverged(
        f"training diverged in epoch {epoch} {where}: {problem}. The learning rate "
        f"{learning_rate:g} is too large for this network and data: try a smaller one. "
        f"The weights are back to where they were at the start of epoch {epoch}.")


class EarlyStopping:
    """Stop when the validation loss has not improved for ``patience`` epochs, and
    go back to the weights of the best epoch.

    An epoch improves if its validation loss is below the best so far minus
    ``min_delta``. Training on past that point mostly memorizes the training set:
    the training loss keeps falling while the validation loss turns up.
    """

    def __init__(self, patience: int = 5, min_delta: float = 0.0):
        self.patience = whole("patience", patience, minimum=1)
        self.min_delta = non_negative("min_delta", min_delta)
        self.best_loss = float("inf")
        self.best_epoch: Optional[int] = None
        self.best_weights = None
        self.epochs_without_improvement = 0

    def update(self, epoch: int, validation_loss: float, network) -> bool:
        """Record this epoch; returns True when training should stop."""
        if validation_loss < self.best_loss - self.min_delta:
            self.best_loss = validation_loss
            self.best_epoch = epoch
            self.best_weights = network.snapshot()
            self.epochs_without_improvement = 0
        else:
            self.epochs_without_improvement += 1
        return self.epochs_without_improvement >= self.patience

    def __repr__(self) -> str:
        return (f"EarlyStopping(patience={self.patience}, min_delta={self.min_delta}, "
                f"best_epoch={self.best_epoch})")


def get_early_stopping(value) -> Optional[EarlyStopping]:
    """None, a patience (a whole number) or an EarlyStopping object."""
    if value is None or isinstance(value, EarlyStopping):
        return value
    if not is_whole(value):
        raise ValueError(f"early_stopping must be a patience (a whole number of epochs "
                         f">= 1) or EarlyStopping(patience, min_delta), got {describe(value)}")
    return EarlyStopping(patience=value)


def fit(network, X, Y, **options) -> History:
    """Train ``network`` on (X, Y) with the fit loop, all at once: ``Fit(network, X,
    Y, **options).run()``. Returns the History."""
    return Fit(network, X, Y, **options).run()


class Fit:
    """One training run of ``network`` on (X, Y): the options of Network.train and the
    ones in this module's docstring, checked here before any weight changes.

    ``run()`` trains to the end (or to early stopping) and returns the History;
    ``run(max_batches=N)`` trains at most N batches and returns, and the next call
    goes on where it stopped. ``done`` tells whether the run has ended.
    """

    def __init__(self, network, X, Y, epochs: int = 1000, learning_rate: float = 0.1,
                 batch_size: int = 1, shuffle: bool = False, seed: Optional[int] = None,
                 optimizer="sgd", log_every: int = 0, schedule=None,
                 validation: Optional[Tuple[Sequence, Sequence]] = None,
                 early_stopping=None, epoch_loss: str = "after",
                 on_batch_end: Optional[Callable[[int, int], None]] = None,
                 on_epoch_end: Optional[Callable[[int, Dict[str, float]], None]] = None,
                 epoch_data: Optional[Callable[[int], Tuple[Sequence, Sequence]]] = None):
        from network.optimizers import get_optimizer
        from network.schedules import get_schedule
        self.network = network
        self.X, self.Y = check_dataset(network, X, Y)
        self.epochs = whole("epochs", epochs)
        self.batch_size = whole("batch_size", batch_size, minimum=1)
        self.log_every = whole("log_every", log_every)
        self.shuffle = boolean("shuffle", shuffle)
        if seed is not None:
            seed = whole("seed", seed)
        self.order_rng = random.Random(network.seed if seed is None else seed)
        self.optimizer = get_optimizer(optimizer, learning_rate)
        self.optimizer.check_neurons(network.neurons)   # one optimizer, one network
        self.schedule = None
        if schedule is not None:
            self.schedule = get_schedule(schedule, self.optimizer.learning_rate, self.epochs)
        self.validation = None
        if validation is not None:
            try:
                X_val, Y_val = validation
            except (TypeError, ValueError):
                raise ValueError("validation must be a pair (X_val, Y_val)") from None
            self.validation = check_dataset(network, X_val, Y_val, "validation set")
        self.stopper = get_early_stopping(early_stopping)
        if self.stopper is not None and self.validation is None:
            raise ValueError("early_stopping needs validation=(X_val, Y_val): it watches "
                             "the loss on samples the network does not train on")
        if epoch_loss not in ("after", "running"):
            raise ValueError(f"epoch_loss must be 'after' or 'running', got "
                             f"{describe(epoch_loss)}")
        self.epoch_loss = epoch_loss
        for name, function in (("on_batch_end", on_batch_end),
                               ("on_epoch_end", on_epoch_end), ("epoch_data", epoch_data)):
            _check_callback(name, function)
        self.on_batch_end, self.on_epoch_end = on_batch_end, on_epoch_end
        self.epoch_data = epoch_data
        self.penalized = bool(network.l1 or network.l2)
        # Where the run is: epoch, and the next batch's first place in ``order``.
        self.history = History()
        self.epoch = 0
        self.position = 0
        self.order = list(range(len(self.X)))
        self.done = self.epochs == 0
        self.epoch_X, self.epoch_Y = self.X, self.Y
        self.start_of_epoch = None
        self.total_loss = 0.0
        self.correct = 0

    # ----- the loop ---------------------------------------------------------------------

    def run(self, max_batches: Optional[int] = None,
            max_epochs: Optional[int] = None) -> History:
        """Train until the run ends, or until ``max_batches`` batches are done, or until
        ``max_epochs`` more epochs have ended, whichever comes first."""
        if max_batches is not None:
            max_batches = whole("max_batches", max_batches, minimum=1)
        if max_epochs is not None:
            max_epochs = whole("max_epochs", max_epochs, minimum=1)
        batches, stop_at_epoch = 0, None
        if max_epochs is not None:
            stop_at_epoch = self.epoch + max_epochs
        while not self.done and self.epoch != stop_at_epoch:
            if self.position == 0 and self.start_of_epoch is None:
                self.start_epoch()
            if self.position < len(self.order):
                if max_batches is not None and batches >= max_batches:
                    break
                self.train_batch()
                batches += 1
            else:
                self.end_epoch()
        return self.history

    def start_epoch(self) -> None:
        """The epoch's learning rate, data and order; a snapshot to go back to."""
        if self.schedule is not None:
            self.optimizer.learning_rate = self.schedule(self.epoch)
        if self.epoch_data is not None:
            self.epoch_X, self.epoch_Y = self.data_for_epoch(self.epoch)
        if self.shuffle:
            self.order_rng.shuffle(self.order)
        self.start_of_epoch = self.network.snapshot()
        self.total_loss = 0.0
        self.correct = 0

    def train_batch(self) -> None:
        """zero_grad; feedforward and backprop of each sample of the next batch (with
        the penalty's gradient and dropout when the network has them); one step."""
        network = self.network
        batch = self.order[self.position:self.position + self.batch_size]
        X, Y = self.epoch_X, self.epoch_Y
        i = None
        set_dropout_mode(network, "train")
        try:
            network.zero_grad()
            for i in batch:
                y_pred = network.feedforward(X[i])
                loss = network.backprop(Y[i])
                if not math.isfinite(loss):
                    raise NonFiniteError(f"the loss is {loss}")
                if self.penalized:
                    add_penalty_gradients(network)
                self.total_loss += loss
                self.correct += predicted_class(y_pred) == predicted_class(Y[i])
            self.optimizer.step(network.neurons, len(batch))
        except NonFiniteError as problem:
            self.roll_back(i, problem)
        finally:
            set_dropout_mode(network, "off")
        self.position += len(batch)
        if self.on_batch_end is not None:
            self.on_batch_end(self.position, len(self.order))

    def end_epoch(self) -> None:
        """The epoch's figures, validation, early stopping, the log line, callbacks."""
        network = self.network
        n = len(self.order)
        try:
            if self.epoch_loss == "running":
                loss, accuracy = self.total_loss / n, self.correct / n
            else:
                loss, accuracy = network.measure(self.epoch_X, self.epoch_Y)
            if not math.isfinite(loss):
                raise NonFiniteError(f"the loss after the epoch is {loss}")
            check_weights_finite(network)
        except NonFiniteError as problem:
            self.roll_back(None, problem)
        stats = {"loss": loss, "accuracy": accuracy, "running_loss": self.total_loss / n,
                 "penalty": penalty(network) if self.penalized else 0.0,
                 "learning_rate": self.optimizer.learning_rate}
        line = f"Epoch {self.epoch} loss: {loss:.3f}"
        if self.penalized:
            line += f" (+ penalty {stats['penalty']:.3f})"
        stop = False
        if self.validation is not None:
            val_loss, val_accuracy = network.measure(*self.validation)
            stats["validation_loss"], stats["validation_accuracy"] = val_loss, val_accuracy
            line += f", validation loss: {val_loss:.3f}, accuracy: {val_accuracy:.1%}"
            if self.stopper is not None:
                stop = self.stopper.update(self.epoch, val_loss, network)
        more = dict(stats)
        for name in ("loss", "accuracy", "running_loss", "learning_rate"):
            del more[name]
        self.history.record(loss, accuracy, stats["running_loss"], stats["learning_rate"],
                            **more)
        if self.log_every and self.epoch % self.log_every == 0:
            print(line)
        if self.on_epoch_end is not None:
            self.on_epoch_end(self.epoch, stats)
        self.epoch += 1
        self.position = 0
        self.start_of_epoch = None
        if stop:
            self.history.stopped_early = True
        if stop or self.epoch >= self.epochs:
            self.finish()

    def finish(self) -> None:
        """The run has ended: with early stopping, go back to the best epoch's weights."""
        self.done = True
        stopper = self.stopper
        if stopper is not None and stopper.best_weights is not None:
            self.network.restore(stopper.best_weights)
            self.history.best_epoch = stopper.best_epoch
            if self.log_every:
                ended = "stopped early" if self.history.stopped_early else "finished"
                print(f"Early stopping: training {ended} after epoch "
                      f"{len(self.history) - 1}; kept the weights of epoch "
                      f"{stopper.best_epoch} (validation loss {stopper.best_loss:.3f})")

    def roll_back(self, sample: Optional[int], problem: Exception) -> None:
        """Put the weights back to the start of the epoch and raise TrainingDiverged."""
        self.network.restore(self.start_of_epoch)
        self.done = True
        raise diverged(self.epoch, sample, problem, self.optimizer.learning_rate) from None

    def data_for_epoch(self, epoch: int):
        """(X, Y) for this epoch from ``epoch_data``, checked like the first."""
        given = self.epoch_data(epoch)
        try:
            X, Y = given
        except (TypeError, ValueError):
            raise ValueError(f"epoch_data({epoch}) must return a pair (X, Y), got "
                             f"{describe(given)}") from None
        X, Y = check_dataset(self.network, X, Y, f"epoch_data({epoch})")
        if len(X) != len(self.X):
            raise ValueError(f"epoch_data({epoch}) gave {len(X)} samples; every epoch "
                             f"must have as many as the first ({len(self.X)})")
        return X, Y

    # ----- stopping and going on -----------------------------------------------------

    def state_dict(self) -> dict:
        """Everything, besides the network's weights, that the run needs to go on
        exactly from the end of its last complete epoch (plain JSON-able values)."""
        if self.position != 0 or self.start_of_epoch is not None:
            raise ValueError("Fit.state_dict: the run is in the middle of epoch "
                             f"{self.epoch}; save it at an epoch's end")
        version, internal, gauss = self.order_rng.getstate()
        state = {"epoch": self.epoch, "order": list(self.order),
                 "order_rng": [version, list(internal), gauss],
                 "optimizer": self.optimizer.state_dict(),
                 "history": self.history.state_dict()}
        version, internal, gauss = self.network.rng.getstate()
        state["network_rng"] = [version, list(internal), gauss]
        return state

    def load_state_dict(self, state: dict) -> None:
        """Go on from ``state_dict()``'s dictionary (the network's weights are loaded
        separately). Raises ValueError naming the field if it does not fit this run."""
        try:
            epoch = state["epoch"]
            order = state["order"]
            if not is_whole(epoch) or not 0 <= epoch <= self.epochs:
                raise ValueError(f"epoch is {describe(epoch)}, expected a whole number "
                                 f"from 0 to {self.epochs}")
            if sorted(order) != list(range(len(self.X))):
                raise ValueError(f"order is not a reordering of the {len(self.X)} samples")
            order_rng = _random_state(state["order_rng"], "order_rng")
            network_rng = _random_state(state["network_rng"], "network_rng")
            self.optimizer.load_state_dict(state["optimizer"])
            history = History()
            history.load_state_dict(state["history"])
            if len(history) != epoch:
                raise ValueError(f"history has {len(history)} epochs, expected {epoch}")
        except (KeyError, TypeError, ValueError, IndexError) as problem:
            what = f"field {problem}" if isinstance(problem, KeyError) else str(problem)
            raise ValueError(f"the saved run does not fit: {what}") from None
        self.epoch, self.order = int(epoch), list(order)
        self.order_rng.setstate(order_rng)
        self.network.rng.setstate(network_rng)
        self.history = history
        self.position, self.start_of_epoch = 0, None
        self.done = self.epoch >= self.epochs


def _random_state(saved, name: str):
    """random.Random.getstate() as JSON keeps it (a list), back as the tuple."""
    try:
        version, internal, gauss = saved
        state = (version, tuple(internal), gauss)
        random.Random().setstate(state)     # refuses a state that is not one
    except (TypeError, ValueError):
        raise ValueError(f"{name} is not a random generator's state") from None
    return state


def _check_callback(name: str, function) -> None:
    """A callback must be a function taking the arguments it will be called with."""
    if function is None:
        return
    if not callable(function):
        raise ValueError(f"{name} must be a function called as {name}{CALLBACKS[name]}, "
                         f"got {describe(function)}")
    import inspect
    try:
        signature = inspect.signature(function)
    except (TypeError, ValueError):
        return      # a built-in whose signature Python cannot tell: trust it
    count = 1 if name == "epoch_data" else 2
    try:
        signature.bind(*range(count))
    except TypeError:
        raise ValueError(f"{name} must take {count} argument{'s' if count > 1 else ''}: it "
                         f"is called as {name}{CALLBACKS[name]}, but its signature is "
                         f"{signature}") from None


def check_weights_finite(network) -> None:
    """NonFiniteError naming the first parameter that is NaN or infinite (an update
    that went past the largest float)."""
    for neuron in network.neurons:
        total = neuron.bias
        for w in neuron.weights:
            total += w
        if total - total != 0.0:      # NaN or an infinity somewhere in this neuron
            for i, w in enumerate(neuron.weights + [neuron.bias]):
                if not math.isfinite(w):
                    name = (neuron.weight_names + [neuron.bias_name])[i]
                    raise NonFiniteError(f"parameter {name} of neuron {neuron.name} "
                                         f"became {w}")
            raise NonFiniteError(f"the weights of neuron {neuron.name} grew past the "
                                 f"largest float")
