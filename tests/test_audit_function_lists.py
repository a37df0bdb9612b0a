"""A list of shorthands (``\\mathbf{a} = \\mathbf{a}(\\mathbf{z}), s = s(\\mathbf{z})``) says its
names are functions: bold ones vector-valued, plain ones scalar-valued where the list writes
both. It speaks for its numbered chapter, and a claim about scalar functions is no reading of a
product of two of its vector-valued ones."""
from audit_helpers import audit_text

from cheatsheet.sheets.conventions import function_list

_SHEET = r"""# 7 Matrix calculus

## 7.1 Shorthands

$$\mathbf{a} = \mathbf{a}(\mathbf{z}), \mathbf{b} = \mathbf{b}(\mathbf{z}), s = s(\mathbf{z}), t = t(\mathbf{z})$$

## 7.2 Gradients of products

$$\frac{\partial}{\partial \mathbf{z}} [s(\mathbf{z}) t(\mathbf{z})] = s(\mathbf{z}) \frac{\partial t(\mathbf{z})}{\partial \mathbf{z}} + t(\mathbf{z}) \frac{\partial s(\mathbf{z})}{\partial \mathbf{z}}$$

$$\frac{\partial}{\partial \mathbf{z}} [\mathbf{a}(\mathbf{z}) \mathbf{b}(\mathbf{z})] = \mathbf{a}(\mathbf{z}) \frac{\partial \mathbf{b}(\mathbf{z})}{\partial \mathbf{z}} + \mathbf{b}(\mathbf{z}) \frac{\partial \mathbf{a}(\mathbf{z})}{\partial \mathbf{z}}$$
"""


def test_a_list_with_bold_and_plain_names_gives_their_kinds():
    listed = function_list(r"\mathbf{a} = \mathbf{a}(\mathbf{z}), s = s(\mathbf{z})")
    assert listed == [("a", "vecfunction")]  # (s: a function of what size, the list does not say)
    # no contrast between bold and plain: the list says nothing of what the values are
    assert function_list(r"p = p(y), q = q(y)") == []
    # a piece that is no shorthand: no list
    assert function_list(r"\mathbf{a} = \mathbf{a}(\mathbf{z}), s = 2") == []


def test_two_vector_functions_are_not_credited_with_the_scalar_product_rule():
    by_line = {f.line: f for f in audit_text(_SHEET)}
    assert by_line[9].verdict == "ok"  # s, t plain: the scalar product rule
    assert by_line[11].verdict != "ok"  # a(z) b(z) of two columns is no product of scalars


def test_the_list_speaks_for_its_numbered_chapter_only():
    """7.1's section ends at 7.2's heading; its list speaks for chapter 7 all the same, and
    for nothing under chapter 8."""
    from cheatsheet.verify.audit.run import jobs_of

    def symbols(text):
        return {j.formula.line: dict(j.conv.symbols) for j in jobs_of("s.md", text)}[11]

    assert symbols(_SHEET).get("b") == "vecfunction"
    assert "b" not in symbols(_SHEET.replace("## 7.2", "## 8.1"))
