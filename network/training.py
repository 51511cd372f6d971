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

Blowing up: a classifier whose learning rate is far too large often never reaches
infinity. Its weights grow huge (1e6 and more) and its outputs saturate: every
probability is 0 or 1, so it is confidently wrong about most samples, and the loss
settles near its clipped maximum (34.5 per wrong sample) instead of overflowing. The
fit loop's blow-up rule, checked after every epoch for the losses "cross_entropy" and
"binary_cross_entropy":

    the run has blown up when, after an epoch, all three hold:
      its training loss       > BLOW_UP_FACTOR (4) x the loss of guessing,
      its training accuracy  <= the accuracy of guessing + BLOW_UP_MARGIN (0.1),
      its largest weight      > BLOW_UP_GROWTH (10) x max(1, its largest weight
                                when the run started)

where guessing means giving every class the same probability (loss ln k for k
classes, ln 2 for binary_cross_entropy, whatever the targets) and always answering
the most common class of the training targets (accuracy: that class's share; a
network that blew up answers about as well, give or take the margin: 10.3% on the
4,000 bundled digits, whose most common class has 10.0%), and a weight is any weight
or bias, by its size |w|. Each condition alone can hold in a healthy run: a network
that starts badly (large starting weights) has a high loss and may not beat guessing
in its first epoch, but its weights have not grown; a network that learns has grown
weights and beats guessing. A blow-up ends the run like divergence: TrainingDiverged
saying so, the weights put back to the start of the epoch. (The digit trainer, its
default recipe for 2 epochs, measured on PyPy: learning rates up to 0.3 learn; 1 to
10 leave a dead network at 10% without blowing up, its loss 2.6 to 9.0 under 4 x 2.3;
from 30 on the first epoch blows up: loss 27 to 31, the largest weight 1.3e7 at rate
1000 and 1.3e13 at 1e6. mse has no such rule: its unbounded outputs overflow and are
caught as divergence.)
"""
from __future__ import annotations

import math
import random
from typing import Callable, Dict, List, Optional, Sequence, Tuple

from network.checks import boolean, check_dataset, is_whole, non_negative, whole
from network.losses import predicted_class
from network.regularization import add_penalty_gradients, penalty, set_dropout_mode
from neuron import NonFiniteError
from neuron.checks import describe, is_number, parameters_are_finite

# The blow-up rule (see the module docstring): loss above this many times guessing's.
BLOW_UP_FACTOR = 4.0
BLOW_UP_MARGIN = 0.1    # ... the accuracy at most this much above guessing's
BLOW_UP_GROWTH = 10.0   # ... and the largest weight grown this many times
BLEW_UP = -1      # stands for the sample in diverged(): the blow-up rule ended the run

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
        """Take back ``state_dict()``'s dictionary; ValueError naming the field
        (history.loss[3], history.best_epoch, ...) if it is not one."""
        _fields(saved, ("loss", "epochs", "best_epoch", "stopped_early"), "history")
        losses = _number_list(saved["loss"], "history.loss")
        if not isinstance(saved["epochs"], list) or len(saved["epochs"]) != len(losses):
            raise ValueError(f"history.epochs is {describe(saved['epochs'])}, expected a "
                             f"list of {len(losses)} dicts (one per entry of history.loss)")
        epochs = []
        for k, figures in enumerate(saved["epochs"]):
            if not isinstance(figures, dict):
                raise ValueError(f"history.epochs[{k}] is {describe(figures)}, expected a "
                                 f"dict of figures")
            entry = {}
            for name in self.FIGURES:
                if name in figures:
                    entry[name] = _saved_number(figures[name], f"history.epochs[{k}].{name}")
            epochs.append(entry)
        best_epoch = saved["best_epoch"]
        if best_epoch is not None and not (is_whole(best_epoch) and
                                           0 <= best_epoch < max(1, len(losses))):
            raise ValueError(f"history.best_epoch is {describe(best_epoch)}, expected null "
                             f"or an epoch 0..{max(0, len(losses) - 1)}")
        if not isinstance(saved["stopped_early"], bool):
            raise ValueError(f"history.stopped_early is {describe(saved['stopped_early'])}, "
                             f"expected true or false")
        self[:] = losses
        self.epochs = epochs
        self.best_epoch = None if best_epoch is None else int(best_epoch)
        self.stopped_early = saved["stopped_early"]

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
    the epoch when None; BLEW_UP for the blow-up rule), its weights already put back
    by the caller."""
    what = f"diverged in epoch {epoch} at sample {sample}"
    if sample is None:
        what = f"diverged in epoch {epoch} after its last update"
    elif sample == BLEW_UP:
        what = f"blew up in epoch {epoch}"
    return TrainingDiverged(
        f"training {what}: {problem}. The learning rate "
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
    if not is_whole(value) or value < 1:
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
        self.guess = guessing(network, self.Y)     # for the blow-up rule (classifiers)
        self.start_size = largest_parameter(network)[0] if self.guess is not None else 0.0
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
                    self.check_pause()
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
        if self.guess is not None and blew_up(network, loss, accuracy, self.guess,
                                              self.start_size):
            self.roll_back(BLEW_UP, blow_up_problem(network, loss, accuracy, self.guess,
                                                    self.start_size))
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

    def check_pause(self) -> None:
        """Before ``run(max_batches=...)`` returns in the middle of an epoch: the
        weights it hands back must be finite (else roll back, as at an epoch's end)."""
        if not parameters_are_finite(self.network.neurons):
            try:
                check_weights_finite(self.network)
            except NonFiniteError as problem:
                self.roll_back(None, problem)

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
        separately). Raises ValueError naming the field if it does not fit this run
        (a field missing, of the wrong kind or out of range, another optimizer's
        state); nothing changes unless every field fits."""
        try:
            _fields(state, ("epoch", "order", "order_rng", "network_rng", "optimizer",
                            "history"), "the saved run")
            epoch = state["epoch"]
            order = state["order"]
            if not is_whole(epoch) or not 0 <= epoch <= self.epochs:
                raise ValueError(f"epoch is {describe(epoch)}, expected a whole number "
                                 f"from 0 to {self.epochs} (this run's epochs)")
            if not isinstance(order, list) or not all(map(is_whole, order)) or \
                    sorted(order) != list(range(len(self.X))):
                raise ValueError(f"order is not a reordering of the {len(self.X)} samples "
                                 f"(a list of the numbers 0..{len(self.X) - 1})")
            order_rng = _random_state(state["order_rng"], "order_rng")
            network_rng = _random_state(state["network_rng"], "network_rng")
            history = History()
            history.load_state_dict(state["history"])
            if len(history) != epoch:
                raise ValueError(f"history has {len(history)} epochs, expected {epoch} "
                                 f"(the saved epoch)")
            # Last: it changes the optimizer only if the whole of its state fits.
            self.optimizer.load_state_dict(state["optimizer"])
        except ValueError as problem:
            raise ValueError(f"the saved run does not fit: {problem}") from None
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
        if not (isinstance(internal, list) and all(map(is_whole, internal))):
            raise TypeError
        if gauss is not None and not isinstance(gauss, float):
            raise TypeError
        state = (version, tuple(internal), gauss)
        random.Random().setstate(state)     # refuses a state that is not one
    except (TypeError, ValueError, OverflowError):
        raise ValueError(f"{name} is not a random generator's state (random.Random"
                         f"().getstate(): [3, a list of 625 whole numbers, null])") from None
    return state


def _fields(saved, fields, what: str) -> None:
    """ValueError unless ``saved`` is a dict holding every one of ``fields``."""
    if not isinstance(saved, dict):
        raise ValueError(f"{what} is {describe(saved)}, expected a dict with the fields "
                         f"{', '.join(fields)}")
    for field in fields:
        if field not in saved:
            prefix = f"{what}." if what.isidentifier() else ""
            raise ValueError(f"field {prefix}{field} is missing from {what}")


def _saved_number(value, what: str) -> float:
    """A number read back from a saved state: an int or float (not true/false, not
    text), finite, as a float; ValueError naming ``what`` otherwise."""
    if type(value) is float and math.isfinite(value):
        return value
    if not is_number(value):
        raise ValueError(f"{what} is {describe(value)}, expected a number")
    try:
        number = float(value)
    except OverflowError:
        number = math.inf
    if not math.isfinite(number):
        raise ValueError(f"{what} is {describe(value)}, expected a finite number")
    return number


def _number_list(values, what: str) -> List[float]:
    """A saved list of numbers, as floats; ValueError naming the entry otherwise."""
    if not isinstance(values, list):
        raise ValueError(f"{what} is {describe(values)}, expected a list of numbers")
    numbers = []
    for k, value in enumerate(values):
        numbers.append(_saved_number(value, f"{what}[{k}]"))
    return numbers


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


# %% The blow-up rule ---------------------------------------------------------------

def guessing(network, Y: Sequence[Sequence[float]]) -> Optional[Tuple[float, float]]:
    """(loss, accuracy) of guessing, for a classifier's checked targets Y; None for mse.

    The loss of giving every class the same probability: ln k for cross_entropy with
    k classes (-log(1/k) for any target summing to 1), ln 2 for binary_cross_entropy
    (-[y log(1/2) + (1 - y) log(1/2)] for any y). The accuracy of always answering
    the most common class of Y: that class's share of the samples."""
    name = network.loss.name
    if name not in ("cross_entropy", "binary_cross_entropy"):
        return None
    k = network.sizes[-1]
    loss = math.log(k) if name == "cross_entropy" else math.log(2.0)
    counts: Dict[int, int] = {}
    for y in Y:
        label = predicted_class(y)
        counts[label] = counts.get(label, 0) + 1
    return loss, max(counts.values()) / len(Y)


def blew_up(network, loss: float, accuracy: float, guess: Tuple[float, float],
            start_size: float) -> bool:
    """The blow-up rule: loss above BLOW_UP_FACTOR x guessing's, accuracy no more
    than BLOW_UP_MARGIN above guessing's, and the largest weight grown past
    BLOW_UP_GROWTH x max(1, ``start_size``)."""
    guess_loss, guess_accuracy = guess
    return (loss > BLOW_UP_FACTOR * guess_loss and
            accuracy <= guess_accuracy + BLOW_UP_MARGIN and
            largest_parameter(network)[0] > BLOW_UP_GROWTH * max(1.0, start_size))


def largest_parameter(network) -> Tuple[float, str]:
    """(|w|, its name and neuron) of the largest weight or bias, by size."""
    largest, where = 0.0, ""
    for neuron in network.neurons:
        names = neuron.weight_names + [neuron.bias_name]
        for name, value in zip(names, neuron.weights + [neuron.bias]):
            if abs(value) > largest:
                largest, where = abs(value), f"{name} of neuron {neuron.name}"
    return largest, where


def blow_up_problem(network, loss: float, accuracy: float, guess: Tuple[float, float],
                    start_size: float) -> str:
    """What the blow-up rule found, for TrainingDiverged: the three figures."""
    guess_loss, guess_accuracy = guess
    largest, where = largest_parameter(network)
    return (f"the training loss {loss:.3g} is more than {BLOW_UP_FACTOR:g} times the "
            f"loss of guessing ({guess_loss:.3g}), the accuracy {accuracy:.1%} is about "
            f"that of guessing ({guess_accuracy:.1%}), and the largest weight grew "
            f"from {start_size:.3g} to {largest:.3g} ({where}): the outputs saturated, "
            f"confidently wrong")


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
