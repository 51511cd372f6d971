"""Layers of neurons, the Network, its losses, optimizers, gradient check, trace and saving.

Plotting lives in network.plots (it needs matplotlib, imported only when a plot is drawn)."""
from network.gradcheck import GradientCheck, gradient_check
from network.layer import Layer, SoftmaxLayer, softmax
from network.losses import LOSSES, Loss, get_loss, mse
from network.network import INITS, NeuralNetwork, Network
from network.optimizers import (OPTIMIZERS, SGD, Adam, AdamW, Momentum, Nesterov, Optimizer,
                                RMSprop, get_optimizer)
from network.schedules import (SCHEDULES, Constant, CosineDecay, ExponentialDecay,
                               InverseTimeDecay, Schedule, StepDecay, get_schedule)
from network.stepping import step_through
from network.trace import Trace, trace
from network.training import EarlyStopping, History, TrainingDiverged

__all__ = ["Network", "NeuralNetwork", "INITS", "Layer", "SoftmaxLayer", "softmax", "Loss",
           "LOSSES", "get_loss", "mse", "Optimizer", "SGD", "Momentum", "Nesterov",
           "RMSprop", "Adam", "AdamW", "OPTIMIZERS", "get_optimizer", "Schedule",
           "Constant", "StepDecay", "ExponentialDecay", "InverseTimeDecay", "CosineDecay",
           "SCHEDULES", "get_schedule", "History", "EarlyStopping", "TrainingDiverged",
           "gradient_check", "GradientCheck", "trace", "Trace", "step_through"]
