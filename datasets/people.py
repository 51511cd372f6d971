"""The walkthrough's data: four people, their weight and height, and their sex.

Each input is [weight - 135 (lb), height - 66 (in)]: the shift makes the numbers
small and centred near 0, which keeps the sigmoid out of its flat ends. The target
is 1 for female, 0 for male.
"""
from __future__ import annotations

from typing import Dict, List, Tuple

#            name       [weight - 135, height - 66]   female?
PEOPLE: List[Tuple[str, List[float], float]] = [
    ("Alice",   [-2.0, -1.0], 1.0),
    ("Bob",     [25.0, 6.0], 0.0),
    ("Charlie", [17.0, 4.0], 0.0),
    ("Diana",   [-15.0, -6.0], 1.0),
]

# Two people the network never sees in training, for predictions afterwards.
NEW_PEOPLE: Dict[str, List[float]] = {
    "Emily": [-7.0, -3.0],   # 128 lb, 63 in
    "Frank": [20.0, 2.0],    # 155 lb, 68 in
}


def people() -> Tuple[List[List[float]], List[float]]:
    """(X, y): the four people's inputs and targets, in the order Alice, Bob, Charlie, Diana."""
    X, y = [], []
    for _name, x, female in PEOPLE:
        X.append(list(x))
        y.append(female)
    return X, y


def people_names() -> List[str]:
    return [name for name, _x, _y in PEOPLE]
