"""Layers of neurons, the Network, its losses, optimizers, gradient check, trace and saving.

Plotting lives in network.plots (it needs matplotlib, imported only when a plot is drawn)."""
from network.gradcheck import GradientCheck, gradient_check
from network.layer import Layer, SoftmaxLayer, softmax
from network.losses import LOSSES, Loss, get_loss, mse
from network.network import Network
from network.optimizers import OPTIMIZERS, SGD, Adam, Momentum, Optimizer, get_optimizer
from network.trace import Trace, trace

__all__ = ["Network", "Layer", "SoftmaxLayer", "softmax", "Loss", "LOSSES", "get_loss",
           "mse", "Optimizer", "SGD", "Momentum", "Adam", "OPTIMIZERS", "get_optimizer",
           "gradient_check", "GradientCheck", "trace", "Trace"]
