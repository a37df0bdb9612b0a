"""A name the claim does not define is a typo when one of the formula's own names, put in its
place, makes the claim's check pass, and nothing else does (verify/audit/scope_repair.py).

The sheets here are audited by a decider that has not seen the five course sheets, so no line
is recognised as a recorded form: the refutation by scope is all there is to go on.
"""
from __future__ import annotations

from audit_helpers import audit_text

SEEDS = ("000_502e73dc4320f9fe.txt", "001_bb8d930f00e76ffa.txt", "002_3cc44bf5a04d8da0.txt",
         "003_d0be79c078c94701.txt", "004_822544ab04fbfb5b.txt")

CONVOLUTION = ("# Sums of random variables\n\nLet $X, Y$ be independent; the density of "
               "$Z = X + Y$ is the convolution of the densities of $X$ and $Y$:\n\n"
               "$$f_Z(z) = \\int_{{\\mathbb{{R}}}} f_X({v}) f_Y(z - {v}) \\, d{d}$$\n")

QUADRATIC = ("# Matrix calculus\n\n{intro}"
             "$$\\frac{{\\partial}}{{\\partial \\mathbf{{x}}}} [{form}] = {right}$$\n")


def _last(text: str):
    return audit_text(text, without=SEEDS)[-1]


def test_integrating_over_another_variable_is_caught_with_the_repair():
    """x in the integrand, dt in the differential: t where x belongs (one place), and the
    repaired formula in the sheet's letters."""
    f = _last(CONVOLUTION.format(v="x", d="t"))
    assert (f.verdict, f.claim) == ("wrong", "density.sum_convolution"), f.reason
    assert f.reason.startswith("t where x belongs"), f.reason
    assert "dx" in f.expected.replace(" ", "") and "dt" not in f.expected.replace(" ", "")


def test_the_convolution_with_its_own_variable_is_not_wrong():
    for v in ("x", "t", "u"):
        f = _last(CONVOLUTION.format(v=v, d=v))
        assert f.verdict != "wrong", (v, f.reason)


def test_a_constant_vector_where_the_variable_belongs_is_caught():
    """d/dx [a^T A x] = (A + A^T) x: a where x belongs (the gradient of a^T A x is A^T a)."""
    f = _last(QUADRATIC.format(intro="", form="\\mathbf{a}^T \\mathbf{A} \\mathbf{x}",
                               right="(\\mathbf{A} + \\mathbf{A}^T) \\mathbf{x}"))
    assert (f.verdict, f.claim) == ("wrong", "deriv.quadratic.form"), f.reason
    assert f.reason.startswith("a where x belongs"), f.reason
    assert "\\mathbf{x}^T \\mathbf{A} \\mathbf{x}" in f.expected


def test_a_name_the_sheet_gives_the_stray_letter_keeps_it_unchecked():
    """The same formula after "Let a = x": the sheet's own a, not a slip."""
    f = _last(QUADRATIC.format(intro="Let $\\mathbf{a} = \\mathbf{x}$. Then\n\n",
                               form="\\mathbf{a}^T \\mathbf{A} \\mathbf{x}",
                               right="(\\mathbf{A} + \\mathbf{A}^T) \\mathbf{x}"))
    assert f.verdict != "wrong", f.reason


def test_a_right_formula_with_a_quantity_of_its_own_is_not_wrong():
    """d/dx [x^T A y] = A y holds for any y: y is another vector, not a slip for x, though
    x^T A x is the claim's (no repair: A x is not its gradient)."""
    f = _last(QUADRATIC.format(intro="", form="\\mathbf{x}^T \\mathbf{A} \\mathbf{y}",
                               right="\\mathbf{A} \\mathbf{y}"))
    assert f.verdict != "wrong", f.reason


def test_a_generalisation_that_holds_is_not_a_slip():
    """(ABC)^T = C^T B^T A^T holds; put A or B for C it is the claim's product rule too,
    but a formula that holds with its extra name free states more, not something wrong."""
    f = _last("# Transposes\n\nFor conformable matrices:\n\n"
              "$$(\\mathbf{A}\\mathbf{B}\\mathbf{C})^T = \\mathbf{C}^T \\mathbf{B}^T "
              "\\mathbf{A}^T$$\n")
    assert f.verdict != "wrong", f.reason


def test_a_repair_that_drops_what_the_claim_is_of_is_no_repair():
    """E[X-bar] = mu read as a law's mean: mu put for X-bar makes E[mu] = mu, true of any
    constant and silent about X, so the stray name is not shown to be a slip."""
    text = ("# Parameter estimation\n\n**Sample mean** of a random sample $X_1, \\dots, X_n$ "
            "with mean $\\mu$ and variance $\\sigma^2$:\n\n"
            "$$\\overline{X} = \\frac{1}{n}\\sum_{i=1}^n X_i$$\n\n"
            "**Unbiasedness** — $E[\\overline{X}] = \\mu$ and $E[s^2] = \\sigma^2$\n")
    for f in audit_text(text, without=SEEDS):
        assert f.verdict != "wrong", (f.latex, f.reason)


def test_a_repair_between_renamed_letters_is_no_repair():
    """z = Wx + b "is" the parameter count N = m(n + 1) with every letter renamed and b
    merged into W: a short formula renamed fits anything, so no slip is shown."""
    text = ("# Models cheat sheet (linear models, kernels, clustering, DL mechanics)\n\n"
            "## Neural network mechanics\n\n- Dense layer $z = W x + b$, "
            "$\\delta = \\frac{\\partial L}{\\partial z}$: "
            "$\\frac{\\partial L}{\\partial W} = \\delta x^\\top$\n")
    f = audit_text(text, without=SEEDS)[0]
    assert f.latex == "z = W x + b" and f.verdict != "wrong", f.reason


RATE = ("# Gradient descent\n\nFor $\\mu$-strongly convex and $L$-smooth $f$, gradient descent "
        "with step $\\eta \\le 1/L$ converges linearly:\n\n"
        "$$\\|x_t - x^*\\|^2 \\leq (1 - \\eta \\mu)^{e} \\|x_0 - x^*\\|^2$$\n")


def test_a_rate_whose_exponent_is_not_the_step_is_caught():
    """(1 - eta mu)^k after x_t: k where t belongs. A weaker bound, (1 - eta mu)^eta, holds
    too; the repair that makes the formula the claim's form as typed says which is meant."""
    f = _last(RATE.replace("{e}", "k"))
    assert (f.verdict, f.claim) == ("wrong", "gd.rate_strongly_convex"), f.reason
    assert f.reason.startswith("k where t belongs"), f.reason
    assert "^t" in f.expected.replace(" ", "").replace("{t}", "t")


def test_the_rate_with_its_own_step_is_not_wrong():
    assert _last(RATE.replace("{e}", "t")).verdict != "wrong"


def test_a_repair_that_would_capture_a_sums_index_is_no_repair():
    """'1/N sum_{n=1}^{N} y_n' (red team 10, Murphy's letters): the sample size N is stray
    under the claim's letters, and putting the index n in its place makes the check pass
    only because n then stands both free and bound. That is a capture, not a slip."""
    from audit_helpers import audit_text

    text = ("## Estimation\n\n- Gaussian MLE: $\\hat{\\mu} = \\frac{1}{N}\\sum_{n=1}^{N} y_n$\n")
    assert all(f.verdict != "wrong" for f in audit_text(text))


COSINE = ("# Schedules\n\n| schedule | rule |\n|---|---|\n"
          "| cosine annealing | $\\eta_t = \\eta_{\\min} + \\frac{1}{2}(\\eta_{\\max} - \\eta_{\\min})"
          "\\left(1 + \\cos\\left(\\frac{{e}}{T_{\\max}}\\pi\\right)\\right)$ |\n")


def test_a_stray_name_with_a_word_subscript_is_a_renaming_not_a_slip():
    """PyTorch's cosine annealing counts epochs in T_cur where the claim writes t: a name
    with a word for subscript is chosen, no slip of a letter makes it (red team 11)."""
    from cheatsheet.verify.audit.scope_repair import named_on_purpose

    assert named_on_purpose("T_cur") and named_on_purpose("n_epoch")
    assert not any(map(named_on_purpose, ("k", "e", "x_hat", "x_ij", "theta_tilde")))
    assert _last(COSINE.replace("{e}", "T_{\\mathrm{cur}}")).verdict != "wrong"


def test_a_stray_letter_in_the_cosine_schedule_is_still_caught():
    f = _last(COSINE.replace("{e}", "k"))
    assert (f.verdict, f.claim) == ("wrong", "schedule.cosine"), f.reason
    assert f.reason.startswith("k where t belongs"), f.reason
