"""What a ``--seed`` means: any Python integer, negative or huge, names one random stream.

Every command (``verify``, ``show``, ``example``, ``quiz``) and the Python API turn a seed into
random numbers through this module, so ``--seed -3`` is accepted everywhere and two different
integers never silently share a stream (``-3`` is not ``2**32 - 3``, and a 20-digit seed is
not cut to its last 32 bits).  A seed in [0, 2**32) is its own single word, so the streams of
the seeds people usually type are those NumPy's ``default_rng(seed)`` gives.
"""
from __future__ import annotations

_WORD = 1 << 32
# first word of the encoding of a seed outside [0, 2**32): a fixed tag, then sign, length, words
_TAG = 0x5EED5EED


def seed_words(seed: int) -> list[int]:
    """Nonnegative 32-bit words that encode ``seed`` (entropy for ``np.random.SeedSequence``)."""
    seed = int(seed)
    if 0 <= seed < _WORD:
        return [seed]
    magnitude, words = abs(seed), []
    while magnitude:
        words.append(magnitude % _WORD)
        magnitude //= _WORD
    return [_TAG, int(seed < 0), len(words), *words]


def seed_sequence(seed: int, *words: int):
    """The ``SeedSequence`` of a seed, optionally followed by further entropy words."""
    import numpy as np

    return np.random.SeedSequence([*seed_words(seed), *words])


def rng(seed: int):
    """A NumPy generator for any integer seed (what ``np.random.default_rng(seed)`` gives for
    a seed in [0, 2**32))."""
    import numpy as np

    return np.random.default_rng(seed_sequence(seed))
