"""Convolution through the discrete Fourier transform (the convolution theorem).

``circular_convolve(f, h)[u] = sum_t f[t] h[(u - t) mod n]`` equals
``ifft(fft(f) * fft(h))`` exactly (up to rounding); zero-padding both to length
``len(f) + len(h) - 1`` turns it into the linear (true) convolution ``convolve(f, h, "full")``.
"""

from __future__ import annotations

import numpy as np

from ._checks import shape_error
from .conv import _crop_mode, _signal_pair as _pair

__all__ = ["fft_convolve", "circular_convolve"]



def fft_convolve(f, h, mode: str = "full") -> np.ndarray:
    """True convolution of 1-D or 2-D signals via zero-padded real FFTs; same result (to
    rounding) and modes as ``cheatsheet.nn.convolve``."""
    f, h = _pair(f, h, "fft_convolve")
    shape = tuple(a + b - 1 for a, b in zip(f.shape, h.shape))
    axes = tuple(range(f.ndim))
    full = np.fft.irfftn(np.fft.rfftn(f, shape, axes) * np.fft.rfftn(h, shape, axes), shape, axes)
    return _crop_mode(full.astype(f.dtype), f.shape, h.shape, mode, "fft_convolve")


def circular_convolve(f, h) -> np.ndarray:
    """Circular (periodic) convolution of two equally shaped 1-D or 2-D signals, computed directly
    as ``sum_t f[t] h[(u - t) mod n]`` (no FFT), for checking the convolution theorem."""
    f, h = _pair(f, h, "circular_convolve")
    if f.shape != h.shape:
        raise shape_error("circular_convolve: f and h must have the same shape", f=f, h=h)
    out = np.zeros_like(f)
    for t in np.ndindex(*f.shape):
        out += f[t] * np.roll(h, t, axis=tuple(range(f.ndim)))
    return out
