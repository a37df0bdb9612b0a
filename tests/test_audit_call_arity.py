"""A left side read as a label keeps the number of arguments of the sheet's call: a claim that
calls a function of the same name with two arguments (a distance between two laws) is no
reading of a line about a one-argument function (a sequence's total variation). Read so, the
claim's arguments were put on the sheet's call and a right line was called wrong. The claim is
a test's own (the catalog states none of this form); letters and wording are our own."""
from __future__ import annotations

import shutil
import warnings
from functools import lru_cache

import numpy as np

from cheatsheet.match.tokens import tokenize
from cheatsheet.verify.audit.call_arity import call, changes_arity

_DISTANCE = r"""
topic = "information"

[[claims]]
id = "test.half_l1"
title = "Total variation distance of two discrete distributions: half the L1 distance of the pmfs"
latex = '\mathrm{TV}(f, g) = \frac{1}{2}\sum_{j=1}^{m} |f_j - g_j|'
symbols = { f = "probvec(m)", g = "probvec(m)", m = "dim", j = "index(m)" }
check = "information.truth"
"""


@lru_cache(maxsize=1)
def _decider(tmp):
    from cheatsheet.catalog import Catalog, claims_dir
    from cheatsheet.match import Matcher
    from cheatsheet.verify.audit.decide import Decider

    shutil.copytree(claims_dir(), tmp / "claims")
    (tmp / "claims" / "zz_test_half_l1.toml").write_text(_DISTANCE)
    cat = Catalog.load(tmp / "claims")
    return Decider(cat, Matcher(cat), seed=0)


def _audit(tmp, text):
    from cheatsheet.verify.audit.run import jobs_of

    d = _decider(tmp)
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        return [d.decide(j.formula, j.conv, j.file, j.habits) for j in jobs_of("s.md", text)]


def test_call_counts_arguments():
    assert call(tokenize(r"\mathrm{TV}(w)"))[1] == 1
    assert call(tokenize(r"\mathrm{TV}(a, b)"))[1] == 2
    assert call(tokenize(r"D_{KL}(a \| b)"))[1] == 2
    assert call(tokenize(r"H(A \mid B)")) is None  # a condition: not counted
    assert call(tokenize(r"\phi(t; a, b)")) is None  # parameters: not counted
    assert call(tokenize(r"g(|t|)")) is None  # a bar that may be an absolute value
    assert changes_arity(tokenize(r"\mathrm{TV}(w)"), tokenize(r"\mathrm{TV}(f, g)"))
    assert not changes_arity(tokenize(r"\mathrm{TV}(a, b)"), tokenize(r"\mathrm{TV}(f, g)"))
    assert not changes_arity(tokenize(r"S(w)"), tokenize(r"\mathrm{TV}(f, g)"))


def test_one_argument_call_is_not_the_two_argument_claim(tmp_path_factory):
    tmp = tmp_path_factory.getbasetemp()
    text = ("# Signals\n\nThe total variation of a sequence:\n\n"
            "$$\\mathrm{TV}(w) = \\sum_{k=1}^{m-1} |w_{k+1} - w_k|$$\n")
    (f,) = _audit(tmp, text)
    assert f.verdict != "wrong", f.reason


def test_a_slip_in_the_two_argument_form_is_still_caught(tmp_path_factory):
    tmp = tmp_path_factory.getbasetemp()
    text = ("# Distances between laws\n\nTotal variation distance of two pmfs:\n\n"
            "$$\\mathrm{TV}(f, g) = \\frac{1}{2}\\sum_{j=1}^{m} (f_j - g_j)^2$$\n\n"
            "$$\\mathrm{TV}(f, g) = \\frac{1}{2}\\sum_{j=1}^{m} |f_j - g_j|$$\n")
    slip, right = _audit(tmp, text)
    assert (slip.verdict, slip.claim) == ("wrong", "test.half_l1"), slip.reason
    assert right.verdict == "ok", right.reason


def test_an_intersection_of_events_is_a_joint_of_two_arguments():
    # P(A \cap B) is P(A, B): counted as one argument, the label reading of the independence
    # definition P(X, Y) = P(X)P(Y) was refused and the product rule called the right line wrong
    assert call(tokenize(r"P(U \cap V)")[:6]) == ("P", 2)
    from audit_helpers import audit_text
    found = audit_text("- Onafhankelijk: $P(A \\cap B) = P(A)P(B)$\n")
    assert [f.verdict for f in found] == ["ok"], [(f.verdict, f.claim) for f in found]
