"""A formula that holds as one claim under words naming another, whose check it fails
(verify/audit/named_instead.py).

The slips are the sheets' and ours: a recursion written with a sum under words naming the
best-path (Viterbi) recursion holds, letter for letter, as the forward recursion; the forward
recursion's shape with the backward variable under "backward" holds as the forward one too.
Each is a right formula of another claim: the student would be told the wrong formula is
right. The same formulas under words naming the claim they hold as stay ok, and words that
name several claims, one of which the formula states, leave it ok.
"""
from __future__ import annotations

import pytest

from audit_helpers import audit_text
from cheatsheet.verify.audit import decide as decide_module

_SUMMED = r"\Big[\sum_{i=1}^{N} {v}_k(i)\, a_{{ij}}\Big] b_j(o_{{k+1}})"


def _recursion(letter: str, inner: str = "sum") -> str:
    right = _SUMMED.replace("{v}", letter).replace("{{", "{").replace("}}", "}")
    if inner == "max":
        right = right.replace(r"\sum_{i=1}^{N}", r"\max_{i}")
    return rf"{letter}_{{k+1}}(j) = {right}"


@pytest.fixture(autouse=True)
def _patient(monkeypatch):
    # (a loaded machine must not turn a decision into "no decision within 6 s")
    monkeypatch.setattr(decide_module, "FORMULA_TIME_LIMIT", 60.0)


def _sheet(heading: str, words: str, latex: str) -> str:
    return f"# Hidden state recursions\n\n## {heading}\n\n{words}\n\n$${latex}$$\n"


def test_a_sum_under_words_naming_the_best_path_recursion_is_not_right():
    f = audit_text(_sheet("Decoding", "Best path scores (Viterbi decoding):",
                          _recursion(r"\delta")))[0]
    assert f.verdict == "wrong" and f.claim == "hmm.viterbi_recursion"
    assert "forward" in f.reason and "viterbi" in f.reason.lower()
    assert r"\max" in f.expected


def test_the_forward_shape_under_words_naming_the_backward_recursion_is_not_right():
    f = audit_text(_sheet("Backward quantities", "The backward variables obey:",
                          _recursion(r"\beta")))[0]
    assert f.verdict == "unchecked"
    assert "hmm.backward_recursion" in f.reason and "forward" in f.reason


def test_the_same_formulas_under_words_naming_what_they_state_stay_ok():
    forward = audit_text(_sheet("Forward pass", "Forward variables:",
                                _recursion(r"\alpha")))[0]
    assert forward.verdict == "ok" and forward.claim == "hmm.forward_recursion"
    best = audit_text(_sheet("Decoding", "Best path scores (Viterbi decoding):",
                             _recursion(r"\delta", "max")))[0]
    assert best.verdict == "ok" and best.claim == "hmm.viterbi_recursion"


def test_words_naming_several_claims_one_of_which_it_states_leave_it_ok():
    # "chain rule" names the two- and the three-variable chain rule of entropy (and more):
    # the formula states the first, in letters of its own
    text = "## Entropy chain rule\n\n$$H(U, V) = H(U) + H(V \\mid U) = H(V) + H(U \\mid V)$$\n"
    assert audit_text(text)[0].verdict == "ok"


_BLOCKS = r"""\section{Gaussian blocks}
Split $\mathbf{z} = (\mathbf{z}_a, \mathbf{z}_b)$ with means
$\boldsymbol{\mu}_a, \boldsymbol{\mu}_b$ and covariance blocks $\boldsymbol{\Sigma}_{aa},
\boldsymbol{\Sigma}_{ab}, \boldsymbol{\Sigma}_{ba}, \boldsymbol{\Sigma}_{bb}$. So
\begin{equation}
  \boldsymbol{\Sigma}_{a \mid b} = \boldsymbol{\Sigma}_{aa}
    - \boldsymbol{\Sigma}_{ab}\boldsymbol{\Sigma}_{bb}^{-1}\boldsymbol{\Sigma}_{ba}
\end{equation}
and the marginal is $p(\mathbf{z}_a) = \mathcal{N}(\mathbf{z}_a \mid \boldsymbol{\mu}_a,
\boldsymbol{\Sigma}_{aa})$.
"""


def test_words_that_run_on_into_the_next_formula_name_that_one_not_this():
    # "and the marginal is $...$" after a display speaks of the math it runs into: the
    # conditional covariance above it is not "named" the marginal-from-precision claim
    f = next(f for f in audit_text(_BLOCKS, "sheet.tex") if r"_{a \mid b}" in f.latex)
    assert f.verdict == "ok" and f.claim == "gauss.conditional-covariance"
