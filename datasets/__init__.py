"""Data sets: the walkthrough's people, XOR, and (in datasets.mnist) handwritten digits."""
from datasets.people import NEW_PEOPLE, PEOPLE, people, people_names
from datasets.xor import xor
from datasets.mnist import (DataFileError, Digits, digit_as_text, load_bundled,
                            load_bundled_split, load_idx)

# The full MNIST loader, datasets.download.load_mnist, is not imported here: it needs
# urllib (and with it ssl), which costs time and memory that people and XOR never need.

__all__ = ["PEOPLE", "NEW_PEOPLE", "people", "people_names", "xor",
           "DataFileError", "Digits", "digit_as_text", "load_bundled", "load_bundled_split",
           "load_idx"]
