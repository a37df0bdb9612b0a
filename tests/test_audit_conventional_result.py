"""A result named by a conventional letter (sigma a standard deviation, sigma^2 a variance)
is no typo of a claim whose result is another quantity (other_quantity.
conventional_result_renamed): red team 18's 'sigma = sqrt(2 / (n_in + n_out))' (the standard
deviation of Glorot's normal law) was called a typo of the uniform bound a = sqrt(6 / ...)."""
from __future__ import annotations

from audit_helpers import audit_text

INIT = "# Weight init\n\n- {}\n"


def test_a_standard_deviation_is_not_read_as_the_uniform_bound():
    # other letters and words than the sheet's: fan sizes m_in, m_out, 'Glorot'
    line = "Glorot initialisation: $\\sigma = \\sqrt{\\frac{2}{m_\\mathrm{in} + m_\\mathrm{out}}}$"
    f = audit_text(INIT.format(line))[-1]
    assert f.verdict != "wrong", f.reason


def test_a_standard_deviation_in_other_sizes_is_not_read_as_the_bound_either():
    line = "Xavier init: $\\sigma = \\sqrt{\\frac{2}{d_{in} + d_{out}}}$"
    f = audit_text(INIT.format(line))[-1]
    assert f.verdict != "wrong", f.reason


def test_the_uniform_bound_with_the_normal_constant_is_still_wrong():
    line = ("Glorot uniform initialisation, weights drawn in $(-c, c)$: "
            "$c = \\sqrt{\\frac{2}{f_1 + f_2}}$")
    f = audit_text(INIT.format(line))[-1]
    assert (f.verdict, f.claim) == ("wrong", "init.xavier_uniform"), f.reason


def test_a_cdf_written_f_is_not_read_as_the_survival_function():
    # F, by convention a CDF: a Weibull CDF 1 - e^{-(y/b)^a} in letters of our own is the
    # survival function's recorded typo (1 - S) only if F is read as the claim's S
    sheet = ("# Lifetimes\n\n- Weibull with shape $a$ and scale $b$: "
             "$F(y) = 1 - e^{-(y/b)^a}$\n")
    f = next(f for f in audit_text(sheet) if "1 -" in f.latex)
    assert f.verdict != "wrong", f.reason
    # the survival function itself, with its typo, is still caught
    sheet = ("# Lifetimes\n\n- Weibull survival function, shape $a$ and scale $b$: "
             "$S(y) = 1 - e^{-(y/b)^a}$\n")
    f = next(f for f in audit_text(sheet) if "1 -" in f.latex)
    assert f.verdict == "wrong", f.reason


def test_an_objective_written_f_is_still_a_function_of_its_own():
    # F as the objective of a descent step is no CDF: the missing 1/2 is still caught
    sheet = ("# Smooth descent\n\nFor $F$ with $L$-Lipschitz gradient, one step of size $1/L$:\n\n"
             "$$F\\left(\\mathbf{u} - \\frac{1}{L}\\nabla F(\\mathbf{u})\\right) \\leq "
             "F(\\mathbf{u}) - \\frac{1}{L}\\|\\nabla F(\\mathbf{u})\\|^2$$\n")
    f = next(f for f in audit_text(sheet) if "leq" in f.latex)
    assert f.verdict == "wrong", f.reason
