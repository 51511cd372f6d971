"""What ``Network.train`` returns and the helpers it uses: the History of a run,
early stopping, and the error raised when training diverges.
"""
from __future__ import annotations

from typing import List, Optional, Tuple

from network.checks import non_negative, whole

# The weights and bias of every neuron, in order: [([w1, w2], b1), ([w3, w4], b2), ...]
Snapshot = List[Tuple[List[float], float]]


class History(list):
    """The loss of every epoch, with the other figures of the run as attributes.

    As a list it holds, for each epoch, the mean loss over the whole training set
    measured *after* that epoch's updates (without dropout): the number the
    walkthrough prints as "Epoch N loss". The attributes are lists with one entry
    per epoch too:

        running_loss         the mean of the per-sample losses, each taken just
                             before its own update (free to compute while training)
        accuracy             training accuracy after the epoch
        penalty              the L1/L2 penalty after the epoch (0 without them)
        learning_rate        the learning rate the epoch used
        validation_loss      loss and accuracy on the validation set after the
        validation_accuracy  epoch (empty lists without one)

    and best_epoch (the epoch whose weights early stopping kept, else None) and
    stopped_early (True if early stopping ended the run).
    """

    def __init__(self):
        super().__init__()
        self.running_loss: List[float] = []
        self.accuracy: List[float] = []
        self.penalty: List[float] = []
        self.learning_rate: List[float] = []
        self.validation_loss: List[float] = []
        self.validation_accuracy: List[float] = []
        self.best_epoch: Optional[int] = None
        self.stopped_early = False

    def __repr__(self) -> str:
        shown = ", ".join(f"{loss:.4g}" for loss in self[-3:])
        more = "..., " if len(self) > 3 else ""
        kept = f", best_epoch={self.best_epoch}" if self.best_epoch is not None else ""
        return f"History({len(self)} epochs: loss [{more}{shown}]{kept})"


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
        self.best_weights: Optional[Snapshot] = None
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
    """None, a patience (int) or an EarlyStopping object -> EarlyStopping or None."""
    if value is None or isinstance(value, EarlyStopping):
        return value
    return EarlyStopping(patience=value)


class TrainingDiverged(ValueError):
    """The loss or a weighted sum stopped being a finite number during training.

    Raised by ``Network.train`` with the epoch, the sample and the loss in the
    message; the network's weights are back where they were at the start of that
    epoch (the last state known to be finite)."""
