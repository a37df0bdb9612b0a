"""Words after a displayed formula that begin a sentence of their own and run on into more
math ("Bernoulli trials with $r$ successes ...:") introduce the next formula: the law they
name is not the displayed formula's (verify/audit/lead_in.py). Without the rule the Gaussian
MLE variance with 1/(m - 1) above such a sentence clashed with the Bernoulli it names and was
never compared with the Gaussian claim (red team 10's prob_info sheet, line 79)."""
from __future__ import annotations

from types import SimpleNamespace

from audit_helpers import audit_text

_SHEET = r"""\section*{Estimates}
\begin{align}
\hat{s}^2_{\text{MLE}} &= \frac{1}{%s}\sum_{j=1}^{m} (z_j - \bar{z})^2 \quad (\text{Gaussian})
\end{align}
Bernoulli trials with $r$ successes in $m$ tries and a $\operatorname{Beta}(a, b)$ prior:
$p(q \mid r) = \operatorname{Beta}(q; a + r, b + m - r)$.
"""


def _verdict(text):
    return next(f for f in audit_text(text, "sheet.tex") if "MLE" in f.latex).verdict


def test_a_typo_above_the_next_formulas_lead_in_is_caught():
    assert _verdict(_SHEET % "m - 1") == "wrong"


def test_the_right_line_of_the_same_shape_stays_ok():
    assert _verdict(_SHEET % "m") != "wrong"


def test_which_words_lead_on():
    from cheatsheet.verify.audit.lead_in import leads_on

    seg = lambda after, display=True: SimpleNamespace(after=after, display=display)  # noqa: E731
    assert leads_on(seg("Bernoulli trials with"))
    assert leads_on(seg("Gamma with shape and rate :"))
    # a note closed by its full stop, a sentence pointing back, inline math: still its words
    assert not leads_on(seg("Gaussian case only."))
    assert not leads_on(seg("Here the data are Gaussian with"))
    assert not leads_on(seg("for a Gaussian with"))
    assert not leads_on(seg("Bernoulli trials with", display=False))
