"""The unit of a neural network: ``Neuron`` and its activation functions."""
from neuron.activations import (ACTIVATIONS, Activation, NonFiniteError, get_activation,
                                identity, relu, sigmoid, tanh)
from neuron.neuron import Neuron

__all__ = ["Neuron", "NonFiniteError", "Activation", "ACTIVATIONS", "get_activation",
           "sigmoid", "relu", "tanh", "identity"]
