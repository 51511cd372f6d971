"""Layers of neurons, the Network, its losses and optimizers; around them the fit
loop, regularization, the fast path, and the tools (trace, step mode, gradient
check, saving, plots).

The core (read it first): network/layer.py, network/losses.py, network/network.py,
and SGD in network/optimizers.py, on top of neuron/. ``import network`` loads only
the core and the training toolkit; the tools are loaded when first used, so
``from network import trace`` works and ``import network.layer`` loads no tool code.
"""
from network.initialization import INITS
from network.layer import Layer, SoftmaxLayer, softmax
from network.losses import LOSSES, Loss, get_loss, mse, predicted_class
from network.network import NeuralNetwork, Network
from network.optimizers import (OPTIMIZERS, SGD, Adam, AdamW, Momentum, Nesterov, Optimizer,
                                RMSprop, get_optimizer)
from network.schedules import (SCHEDULES, Constant, CosineDecay, ExponentialDecay,
                               InverseTimeDecay, Schedule, StepDecay, get_schedule)
from network.training import EarlyStopping, Fit, History, TrainingDiverged, fit

# The tools, by the module that holds each: imported on first use (see __getattr__).
_TOOLS = {
    "trace": "network.tracing", "Trace": "network.tracing",
    "step_through": "network.stepping",
    "gradient_check": "network.gradcheck", "GradientCheck": "network.gradcheck",
    "save_network": "network.saving", "load_network": "network.saving",
    "ModelFileError": "network.saving",
    "FastNetwork": "network.fast",
}


def __getattr__(name):
    """``from network import trace`` (and the other tools): import the tool's module
    the first time one of its names is asked for."""
    if name not in _TOOLS:
        raise AttributeError(f"module 'network' has no attribute {name!r}")
    import importlib
    value = getattr(importlib.import_module(_TOOLS[name]), name)
    globals()[name] = value
    return value


__all__ = ["Network", "NeuralNetwork", "INITS", "Layer", "SoftmaxLayer", "softmax", "Loss",
           "LOSSES", "get_loss", "mse", "predicted_class", "Optimizer", "SGD", "Momentum",
           "Nesterov", "RMSprop", "Adam", "AdamW", "OPTIMIZERS", "get_optimizer",
           "Schedule", "Constant", "StepDecay", "ExponentialDecay", "InverseTimeDecay",
           "CosineDecay", "SCHEDULES", "get_schedule", "History", "EarlyStopping",
           "TrainingDiverged", "Fit", "fit"] + list(_TOOLS)
