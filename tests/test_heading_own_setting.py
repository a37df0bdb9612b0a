"""A heading that writes the claim's own setting (its layer, its error, in the sheet's
letters) sets up no convention of its own: a slip under it is still a slip. The sheet's V is
the claim's W by the weight-gradient line in the section above (notation.py's second pass:
the sheet runs through audit_files)."""
from audit_helpers import catalog
from cheatsheet.verify.audit.run import audit_files
from cheatsheet.verify.audit.own_setting import claim_relations, is_claims_setting

_SHEET = """# Backprop notes

## Gradients of the weights and the bias

- weights: $\\frac{{\\partial E}}{{\\partial V}} = g u^\\top$
- bias: $\\frac{{\\partial E}}{{\\partial c}} = g$

## Backward pass through $h = V u + c$, with $g = {err}$

- input: $\\frac{{\\partial E}}{{\\partial u}} = V g$
"""


def _input_line(err: str):
    res = audit_files(["bp.md"], catalog=catalog(), jobs=1,
                      texts={"bp.md": _SHEET.format(err=err)})
    (f,) = [f for f in res.findings if f.latex.endswith("= V g")]
    return f


def test_a_heading_writing_the_claims_layer_and_error_excuses_nothing():
    f = _input_line("\\partial E / \\partial h")
    assert f.verdict == "wrong", f.reason


def test_a_heading_with_an_error_of_its_own_is_no_sure_slip():
    # (twice the claim's error: the sheet's own g, not the claim's setting)
    assert _input_line("2 \\partial E / \\partial h").verdict == "unchecked"


class _Match:
    def __init__(self, mapping):
        self.mapping = mapping


def test_the_claims_relations_in_the_sheets_letters():
    claim = catalog()["dense.input_gradient_delta"]
    assert "z = W x + b" in claim_relations(claim)
    m = _Match({"V": "W", "u": "x", "g": "delta", "E": "L"})
    assert is_claims_setting("h = V u + c", m, claim)
    assert is_claims_setting("g = \\partial E / \\partial h", m, claim)
    # a transposed layer, or the error of another quantity, is the sheet's own
    assert not is_claims_setting("h = V^\\top u + c", m, claim)
    assert not is_claims_setting("g = \\partial E / \\partial u", m, claim)
    # the one-to-one renaming: the bias may not be read as the claim's x the formula uses
    assert not is_claims_setting("h = V u + u", m, claim)
    # a relation the formula pins one letter of only is no one's setting in particular
    assert not is_claims_setting("h = V u + c", _Match({"V": "W"}), claim)
