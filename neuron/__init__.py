"""The unit of a neural network: ``Neuron`` and its activation functions."""
from neuron.activations import (ACTIVATIONS, Activation, get_activation, identity, relu,
                                sigmoid, tanh)
from neuron.neuron import Neuron, NonFiniteError, nonzero_positions

__all__ = ["Neuron", "NonFiniteError", "nonzero_positions", "Activation", "ACTIVATIONS", "get_activation",
           "sigmoid", "relu", "tanh", "identity"]
