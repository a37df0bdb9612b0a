"""A notation list "p = p(z), s = s(z)" says which functions are vector-valued (bold) and
which scalar (plain), for its chapter: a product rule of a scalar and a vector function is not
read as the rule for two scalar functions, and a letter in another face is not the list's
(cheatsheet/sheets/function_lists.py, verify/audit/function_values.py)."""
from __future__ import annotations

from audit_helpers import audit_text
from cheatsheet.sheets.function_lists import function_names

LIST = r"$$\mathbf{p} = \mathbf{p}(\mathbf{z}), \mathbf{q} = \mathbf{q}(\mathbf{z}), s = s(\mathbf{z}), r = r(\mathbf{z})$$"
RULE = (r"$$\frac{\partial}{\partial \mathbf{z}} [\mathbf{s}(\mathbf{z}) \mathbf{%s}(\mathbf{z})] = "
        r"\mathbf{s}(\mathbf{z}) \frac{\partial \mathbf{%s}(\mathbf{z})}{\partial \mathbf{z}} + "
        r"\mathbf{%s}(\mathbf{z}) \frac{\partial \mathbf{s}(\mathbf{z})}{\partial \mathbf{z}}$$")


def _verdict(letter: str) -> str:
    text = (f"# Matrix calculus\n\n## Notation\n\n{LIST}\n\n## Gradients (denominator layout)\n\n"
            f"{RULE % (letter, letter, letter)}\n")
    (f,) = [f for f in audit_text(text) if f.line == 9]
    return f.verdict


def test_a_vector_function_of_the_list_is_no_scalar_functions_product_rule():
    # s q with q a vector function of the list: the two-scalar rule (which holds) is no
    # reading of it; in the denominator layout it is wrong
    assert _verdict("q") != "ok"


def test_two_scalar_functions_of_the_list_keep_their_rule():
    assert _verdict("r") == "ok"


def test_function_names_reads_only_lists_of_names_of_a_vector():
    assert function_names(r"\mathbf{p} = \mathbf{p}(\mathbf{z}), s = s(\mathbf{z})") == [
        ("p", "vector", True), ("s", "scalar", False)]
    assert function_names(r"a = a(t), b = b(t)") == []  # of a scalar: sizes unsaid
    assert function_names(r"y = f(\mathbf{z}), s = s(\mathbf{z})") == []
    assert function_names(r"s = s(\mathbf{z})") == []


def test_a_plain_letter_is_not_the_lists_bold_function():
    # the list's bold q is a vector function; a plain q(z) s(z) stays two scalar functions
    text = (f"# Matrix calculus\n\n## Notation\n\n{LIST}\n\n## Gradients (denominator layout)\n\n"
            + (RULE % ("q", "q", "q")).replace(r"\mathbf{q}", "q") + "\n")
    (f,) = [f for f in audit_text(text) if f.line == 9]
    assert f.verdict == "ok"
