"""A law's MGF written with a letter that usually names another transform (G: the pgf, phi: the
characteristic function) is the MGF where the formula's own words call it so, and no words in
force name another transform (readings._label_fits, run.names_mgf)."""
from __future__ import annotations

from audit_helpers import audit_text

_LINE = "# Transforms\n\nThe {what} of the Poisson law with rate $\\kappa$ is $\\varphi(r) = {rhs}$.\n"


def _last(what, rhs, text=_LINE):
    f = audit_text(text.format(what=what, rhs=rhs))[-1]
    return f.verdict, f.claim


def test_phi_called_the_mgf_in_words_is_decided_as_the_mgf():
    assert _last("moment generating function", "\\exp(\\kappa(e^r - 1))") == (
        "ok", "mgf.poisson")
    assert _last("moment generating function", "\\exp(\\kappa(e^r + 1))") == (
        "wrong", "mgf.poisson")


def test_phi_under_other_words_is_never_refuted_as_the_mgf():
    # the characteristic function, right: no MGF typo
    assert _last("characteristic function", "\\exp(\\kappa(e^{ir} - 1))")[0] == "unchecked"
    # both transforms named around it: the letter may be either's
    both = ("# MGFs and characteristic functions\n\nThe {what} of the Poisson law with rate "
            "$\\kappa$ is $\\varphi(r) = {rhs}$.\n")
    assert _last("moment generating function", "\\exp(\\kappa(e^r + 1))", both)[0] == \
        "unchecked"


def test_a_g_called_the_mgf_with_parameters_named_in_words():
    text = ("# Laws\n\nNormal with mean $a$ and variance $c$, moment generating function "
            "$G(w) = \\exp\\left(a w + \\frac{1}{2} c w^2\\right)$.\n")
    f = audit_text(text)[-1]
    assert (f.verdict, f.claim) == ("ok", "mgf.normal")
