"""Input validation for cheatsheet.nn: every failure is a ValueError that names the shapes.

Nothing in cheatsheet.nn broadcasts silently: arrays must be floating point (float32 or
float64), arrays used together must share one dtype, and shapes must match exactly.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

_FLOATS = (np.dtype(np.float32), np.dtype(np.float64))


def as_float_array(x, name: str, ndim: int | Sequence[int] | None = None) -> np.ndarray:
    """Return ``x`` as an ndarray, requiring a float32/float64 dtype and the given rank(s)."""
    if isinstance(x, np.ndarray):
        a = x
    else:
        a = np.asarray(x)
        # Python floats / nested lists of floats are fine; ints and bools are not.
        if a.dtype.kind == "f":
            a = a.astype(np.float64, copy=False)
    if a.dtype not in _FLOATS:
        raise ValueError(
            f"{name} must be float32 or float64, got dtype {a.dtype} (shape {a.shape})"
        )
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if a.ndim not in allowed:
            want = " or ".join(f"{d}-D" for d in allowed)
            raise ValueError(f"{name} must be {want}, got shape {a.shape}")
    return a


def same_dtype(**arrays: np.ndarray | None) -> np.dtype:
    """Require all given (non-None) arrays to share one dtype; return it."""
    present = {k: v for k, v in arrays.items() if v is not None}
    dtypes = {v.dtype for v in present.values()}
    if len(dtypes) > 1:
        desc = ", ".join(f"{k}: {v.dtype} {v.shape}" for k, v in present.items())
        raise ValueError(f"dtype mismatch (no silent promotion): {desc}")
    return next(iter(dtypes))


def shape_error(message: str, **arrays) -> ValueError:
    desc = ", ".join(f"{k}.shape={np.shape(v)}" for k, v in arrays.items())
    return ValueError(f"{message} ({desc})")


def int_pair(v, name: str, minimum: int) -> tuple[int, int]:
    """An int or a pair of ints, each >= minimum (stride/dilation: 1, padding: 0)."""
    if isinstance(v, (int, np.integer)) and not isinstance(v, bool):
        pair = (int(v), int(v))
    elif (
        isinstance(v, (tuple, list))
        and len(v) == 2
        and all(isinstance(e, (int, np.integer)) and not isinstance(e, bool) for e in v)
    ):
        pair = (int(v[0]), int(v[1]))
    else:
        raise ValueError(f"{name} must be an int or a pair of ints, got {v!r}")
    if min(pair) < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {v!r}")
    return pair


def int_single(v, name: str, minimum: int) -> int:
    if isinstance(v, (tuple, list)) and len(v) == 1:
        v = v[0]
    if not isinstance(v, (int, np.integer)) or isinstance(v, bool):
        raise ValueError(f"{name} must be an int, got {v!r}")
    if v < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {v!r}")
    return int(v)
