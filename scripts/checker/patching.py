"""Swapping your function into the real classes, and always back.

    with patched(Neuron, "feedforward", yours):
        ...                  # every Neuron now runs your feedforward
    # the project's own Neuron.feedforward again, also if the block raised

Each exercise's ``plug`` (in its cases_N module) builds the replacement: a small
function with the core method's signature that calls yours and keeps the attributes
the rest of the core reads.
"""
from __future__ import annotations

import contextlib
from typing import Iterator


@contextlib.contextmanager
def patched(owner, attribute: str, replacement) -> Iterator[None]:
    """owner.attribute = replacement inside the with block; the original afterwards,
    also when the block raises."""
    had_own = attribute in vars(owner)
    original = vars(owner)[attribute] if had_own else None
    setattr(owner, attribute, replacement)
    try:
        yield
    finally:
        if had_own:
            setattr(owner, attribute, original)
        else:
            delattr(owner, attribute)
