"""Save a Network as human-readable JSON and load it back.

The file is a plain dictionary (open it in any editor):

    {"format": "neuron-network", "version": 1,
     "sizes": [784, 64, 10], "activation": "relu", "output_activation": "softmax",
     "loss": "cross_entropy", "seed": 0,
     "layers": [{"activation": "relu",
                 "neurons": [{"name": "h1", "weights": [...], "bias": 0.01}, ...]}, ...],
     ... anything passed as extra, e.g. "config": {...}, "metrics": {...}}

Floats are written with repr, which reads back as exactly the same float.
The file is written to a temporary name first and renamed into place, so a crash
or Ctrl-C mid-write never leaves a half-written model where a good one was.
"""
from __future__ import annotations

import json
import os
import tempfile

FORMAT = "neuron-network"
VERSION = 1


def network_to_dict(network, **extra) -> dict:
    layers = []
    for layer in network.layers:
        neurons = []
        for neuron in layer.neurons:
            neurons.append({"name": neuron.name, "weights": list(neuron.weights),
                            "bias": neuron.bias})
        layers.append({"activation": layer.activation_name, "neurons": neurons})
    data = {"format": FORMAT, "version": VERSION, "sizes": list(network.sizes),
            "activation": network.activation,
            "output_activation": network.output_activation,
            "loss": network.loss.name, "seed": network.seed, "layers": layers}
    for key, value in extra.items():
        if key in data:
            raise ValueError(f"extra field {key!r} would overwrite the model's own field")
        data[key] = value
    return data


def save_network(network, path: str, **extra) -> None:
    """Write ``network`` (and ``extra`` fields) to ``path`` as JSON, atomically."""
    data = network_to_dict(network, **extra)
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".tmp-", suffix=".json", dir=folder)
    try:
        with os.fdopen(handle, "w") as file:
            json.dump(data, file, indent=1, allow_nan=False)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.remove(temporary)
        raise


def network_from_dict(data: dict, source: str = "model"):
    """Rebuild a Network from ``network_to_dict``'s dictionary, checking its shape."""
    from network.network import Network

    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError(f"{source}: not a saved network (expected \"format\": \"{FORMAT}\")")
    if data.get("version") != VERSION:
        raise ValueError(f"{source}: saved with format version {data.get('version')!r}, "
                         f"this code reads version {VERSION}")
    try:
        sizes = data["sizes"]
        layers = data["layers"]
        if len(layers) != len(sizes) - 1:
            raise ValueError(f"{len(layers)} layers for sizes {sizes}, "
                             f"expected {len(sizes) - 1}")
        weights, biases = [], []
        for index, layer in enumerate(layers):
            neurons = layer["neurons"]
            if len(neurons) != sizes[index + 1]:
                raise ValueError(f"layer {index + 1} has {len(neurons)} neurons, "
                                 f"sizes say {sizes[index + 1]}")
            weights.append([neuron["weights"] for neuron in neurons])
            biases.append([neuron["bias"] for neuron in neurons])
        return Network(sizes, activation=data["activation"],
                       output_activation=data["output_activation"], loss=data["loss"],
                       seed=data.get("seed", 0), weights=weights, biases=biases)
    except KeyError as missing:
        raise ValueError(f"{source}: field {missing} is missing") from None
    except (ValueError, TypeError) as problem:
        raise ValueError(f"{source}: {problem}") from None


def load_network(path: str):
    """Read a network written by ``save_network``."""
    try:
        with open(path) as file:
            data = json.load(file)
    except json.JSONDecodeError as problem:
        raise ValueError(f"{path}: not valid JSON ({problem})") from None
    return network_from_dict(data, source=path)


def load_extra(path: str) -> dict:
    """Everything in a saved file except the network itself (config, metrics, ...)."""
    with open(path) as file:
        data = json.load(file)
    own = {"format", "version", "sizes", "activation", "output_activation", "loss",
           "seed", "layers"}
    return {key: value for key, value in data.items() if key not in own}
