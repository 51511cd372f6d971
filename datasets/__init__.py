"""Data sets: the walkthrough's people, XOR, and (in datasets.mnist) handwritten digits."""
from datasets.people import NEW_PEOPLE, PEOPLE, people, people_names
from datasets.xor import xor

__all__ = ["PEOPLE", "NEW_PEOPLE", "people", "people_names", "xor"]
