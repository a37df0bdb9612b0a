"""The Elman RNN of the core (tanh) unrolled over a sequence, one instance or a stack of
instances and perturbations at once, and a fixed smooth loss of its states: what the checks of
backpropagation through time, bidirectional outputs and step-Jacobian bounds run.
"""
from __future__ import annotations

import numpy as np

from cheatsheet import nn


def _rnn_unroll(U, V, xs, z0):
    """States z_1..z_T of the core's Elman cell (tanh), recurrent U (m, m), input V (m, n);
    xs (T, n), z0 (m,).  Returns (T, m)."""
    zs, z = [], z0[None]
    for x in xs:
        z = nn.rnn_cell(x[None], z, V, U)
        zs.append(z[0])
    return np.array(zs).reshape(len(zs), z0.shape[0])


def _rnn_loss(zs, c):
    """A fixed smooth loss of the states: sum_t c_t . tanh(z_t) + |z_t|^2 / 2."""
    return float(np.sum(c * np.tanh(zs)) + 0.5 * np.sum(zs ** 2))


def _rnn_states(Us, V, xs, z0):
    """The states of the Elman cell (tanh) from z0 with a recurrent matrix of its own for every
    step, for a stack of instances at once: Us (..., T, m, m) (Us[..., t] at step t), V (..., m, n),
    xs (..., T, n), z0 (..., m); returns (..., T, m).  Each step is the core's ``nn.rnn_cell``
    product for product (x V^T + z U^T, then tanh), batched with one matrix per instance, which
    rnn_cell (one weight matrix per call) cannot do: called instance by instance and perturbation
    by perturbation, nn.rnn_weight_sharing and nn.bptt cost ~0.75 s of every cold verify."""
    z = np.asarray(z0)[..., None, :]
    zs = []
    for t in range(xs.shape[-2]):
        z = np.tanh(xs[..., t, None, :] @ np.swapaxes(V, -1, -2)
                    + z @ np.swapaxes(Us[..., t, :, :], -1, -2))
        zs.append(z[..., 0, :])
    if not zs:
        return np.zeros(np.broadcast_shapes(z.shape[:-2], xs.shape[:-2]) + (0, z.shape[-1]))
    return np.stack(zs, axis=-2)


def _rnn_losses_of(zs, c):
    """``_rnn_loss`` of a stack of state sequences zs (..., T, m); returns (...).  Each sum runs
    over the T * m values of one sequence as one flat row, in the order ``_rnn_loss`` adds them
    (a sum over two axes may pair them otherwise and differ in the last bit)."""
    def flat_sum(a):
        a = np.ascontiguousarray(a)
        return a.reshape(a.shape[:-2] + (-1,)).sum(axis=-1)

    return flat_sum(c * np.tanh(zs)) + 0.5 * flat_sum(zs ** 2)


def _rnn_losses(Us, V, xs, c, z0=None):
    """``_rnn_loss`` of ``_rnn_states`` from z0 (default 0), for a stack of instances
    (c (..., T, m))."""
    z0 = np.zeros(Us.shape[-1]) if z0 is None else z0
    return _rnn_losses_of(_rnn_states(Us, V, xs, z0), c)


def _perturbed(a, eps):
    """a + d and a - d for every d that is eps at one entry of a and 0 elsewhere, in the order of
    ``np.ndindex(a.shape)``: (2, entries, *a.shape), the central differences of ``_fd`` at once."""
    d = np.zeros((a.size,) + a.shape)
    d.reshape(a.size, a.size)[np.arange(a.size), np.arange(a.size)] = eps
    return np.stack([a + d, a - d])


def _softplus(s):
    return np.logaddexp(0.0, s)
