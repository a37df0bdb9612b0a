"""ELBO typed in plain text is one quantity, as \\text{ELBO} writes it, not E times L times B
times O: read so, a plain-text ELBO identity is the claim's and its check decides it."""
from __future__ import annotations

from audit_helpers import audit_text

NOTES = """Variational bounds (plain notes)

gap between the log-evidence and the evidence lower bound (the ELBO) of a VAE with encoder q(w|y):
log p(y) − ELBO = KL(q(w|y) ‖ {gap})
"""


def _last(gap: str):
    return audit_text(NOTES.format(gap=gap), name="notes.txt")[-1]


def test_the_gap_to_the_prior_is_wrong():
    found = _last("p(w)")
    assert (found.verdict, found.claim) == ("wrong", "vae.elbo-gap")


def test_the_gap_to_the_posterior_is_not_wrong():
    assert _last("p(w|y)").verdict != "wrong"
