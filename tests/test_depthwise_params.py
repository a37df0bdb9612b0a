"""conv.params_depthwise_separable: the count is taken from the layers the core builds, so the
standard convolution's count and a dropped square are refuted; the counts with biases and the
1-D count are conventions, never called wrong."""
from tests.audit_helpers import assert_canonical_holds_and_wrong_forms_fail, audit_text


def test_canonical_and_recorded_typos():
    assert_canonical_holds_and_wrong_forms_fail("conv.params_depthwise_separable")


def test_sheet_lines():
    sheet = ("## Separable convolutions\n\n"
             "- depthwise-separable layer, no biases: $P = r^2 D_{in} + D_{in} D_{out}$\n"
             "- depthwise-separable layer, no biases: $P = r^2 D_{in} D_{out} + D_{in} D_{out}$\n"
             "- depthwise-separable layer, biases on the pointwise part: "
             "$P = r^2 D_{in} + D_{in} D_{out} + D_{out}$\n")
    got = [f.verdict for f in audit_text(sheet, name="sep.md")]
    assert got[0] == "ok" and got[2] != "wrong", got
