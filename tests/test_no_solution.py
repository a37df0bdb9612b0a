"""An equation no real value satisfies is wrong as an identity and as a condition alike
(verify/audit/no_solution.py); one some value satisfies stays a possible condition."""
from audit_helpers import audit_text


def _verdicts(text):
    return [(f.latex, f.verdict) for f in audit_text(text)]


def test_an_equation_no_value_satisfies_is_wrong():
    for line in ("Hyperbolic tangent: $\\tanh(3r) = -2$\n",
                 "Pythagoras for angles: $\\sin^2 r + \\cos^2 r = 0$\n",
                 "Logistic slope: $\\sigma'(v) = \\sigma(v)\\,\\sigma(-v) = 3$\n",
                 "Logistic: $\\sigma(v) + \\sigma(-v) = 3$\n",
                 "Exponential growth: $e^{2r} < 0$\n"):
        (f,) = audit_text(line)
        assert f.verdict == "wrong", (line, f.reason)
        assert "holds for no" in f.reason


def test_an_equation_some_value_satisfies_is_no_error():
    # a condition on its unknown (e^r = 2 at r = log 2), a polynomial whose roots may be
    # complex, and a limit said in words: none is called wrong
    for line in ("$e^{r} = 2$\n", "Characteristic equation: $r^2 + 4 = 0$\n", "$e^{r} > 1$\n",
                 "$e^{-r} = 0$ for large $r$\n"):
        assert all(v != "wrong" for _, v in _verdicts(line)), line
