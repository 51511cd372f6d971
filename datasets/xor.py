"""XOR: output 1 when exactly one of the two inputs is 1.

No single neuron can learn it (no straight line separates the 1s from the 0s);
one hidden layer can.
"""
from __future__ import annotations

from typing import List, Tuple


def xor() -> Tuple[List[List[float]], List[float]]:
    """(X, y) = ([[0, 0], [0, 1], [1, 0], [1, 1]], [0, 1, 1, 0])."""
    X = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
    y = [0.0, 1.0, 1.0, 0.0]
    return X, y
