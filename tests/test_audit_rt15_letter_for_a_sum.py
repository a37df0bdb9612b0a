"""A letter of the sheet may name a sum the claim writes out: the noisy target y = f + eps.

Red team 15 wrote the bias-variance decomposition as ``E[(y - f_hat)^2] = (f - E[f_hat])^2 +
Var(f_hat) + sigma^2``; the matcher read y as the claim's eps with "f +" dropped and called the
textbook formula wrong. Where a renamed letter stands in the claim's place of "other + letter"
and the formula writes the other name elsewhere, the formula is read again with the letter as
that sum: holding so, the match is not sure. A typo that fails that way too is still caught.
"""
from __future__ import annotations

from audit_helpers import audit_text


def _found(text: str, latex: str):
    return next(f for f in audit_text(text) if f.latex == latex)


LINE = "- bias-variance with noise: $FORMULA$\n"


def test_the_decomposition_with_a_noisy_target_is_not_wrong():
    for right in (r"\mathbb{E}[(y - \hat{h})^2] = (h - \mathbb{E}[\hat{h}])^2"
                  r" + \operatorname{Var}(\hat{h}) + \sigma^2",
                  r"\mathbb{E}[(y - \hat{f})^2] = (f - \mathbb{E}[\hat{f}])^2"
                  r" + \operatorname{Var}(\hat{f}) + \sigma^2"):
        said = _found(LINE.replace("FORMULA", right), right)
        assert said.verdict != "wrong", (said.verdict, said.claim, said.reason)


def test_a_doubled_variance_is_still_caught():
    typo = (r"\mathbb{E}[(y - \hat{f})^2] = \sigma^2 + (f - \mathbb{E}[\hat{f}])^2"
            r" + 2\operatorname{Var}(\hat{f})")
    said = _found(LINE.replace("FORMULA", typo), typo)
    assert (said.verdict, said.claim) == ("wrong", "estimator.bias_variance_noise"), \
        (said.verdict, said.reason)
