"""A letter before brackets that the claim declares a number is a product there, not a
functional: the dilation D in D(K - 1). A sheet writing its dilation Delta, so Delta(q - 1)
in the claim's D(K - 1), renamed a number; the guard for functionals renamed into one
another (the sheet's entropy H(X) read as the claim's P(X)) called both planted typos of
red team 29's Conv1d slide "another quantity". Letters and words of our own (the sheet
writes L, K, S, P)."""
from __future__ import annotations

from audit_helpers import audit_text

SHEET = r"""# Dilated convolutions

A 1-D convolution with kernel size $q$, stride $s$, zero padding $p$ on each side and dilation $\Delta$.

- output length: $n_{\text{out}} = \left\lfloor \frac{n_{\text{in}} + 2p - \Delta(q - 1) - 1}{s} \right\rfloor + 1$
- output length: $n_{\text{out}} = \left\lfloor \frac{n_{\text{in}} - 2p - \Delta(q - 1) - 1}{s} \right\rfloor + 1$
- transposed convolution, output padding $a$: $n_{\text{out}} = (n_{\text{in}} - 1)s - 2p + \Delta(q - 1) + a + 1$
- transposed convolution, output padding $a$: $n_{\text{out}} = (n_{\text{in}} + 1)s - 2p + \Delta(q - 1) + a + 1$
"""


def _by_line():
    return {f.line: f for f in audit_text(SHEET, "dilated.md") if "n_{\\text{out}}" in f.latex}


def test_typos_with_a_greek_dilation_are_caught():
    found = _by_line()
    assert (found[6].verdict, found[6].claim) == ("wrong", "conv.output_size_dilated"), \
        found[6].reason
    assert (found[8].verdict, found[8].claim) == ("wrong", "conv.transposed_output_size_full"), \
        found[8].reason


def test_the_right_forms_are_not_wrong():
    found = _by_line()
    assert found[5].verdict != "wrong", found[5].reason
    assert found[7].verdict != "wrong", found[7].reason


def test_a_functional_renamed_into_a_functional_is_still_another_quantity():
    from types import SimpleNamespace

    from cheatsheet.match.tokens import tokenize
    from cheatsheet.verify.audit.other_quantity import functional_renamed

    # H(U, V) read as a probability P(U, V): whatever the claim declares, another quantity
    c = SimpleNamespace(sheet_tokens=tokenize(r"H(U, V) = H(U) + H(V \mid U)"),
                        mapping={"H": "P", "U": "U", "V": "V"})
    assert functional_renamed(c, None)
    # the claim's own number letter D before brackets, renamed from Delta: a product
    from audit_helpers import catalog

    c = SimpleNamespace(sheet_tokens=tokenize(r"y = \Delta(q - 1) + 1"),
                        mapping={"Delta": "D", "q": "K", "y": "H_out"})
    assert functional_renamed(c, catalog()["conv.dilated_kernel"]) == ""
