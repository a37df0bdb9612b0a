"""The matcher compares layer and step numbers however a sheet writes them: a bracketed
superscript (h^{(k)}, a^{[k+1]}, s^{<k>}) as the subscript it stands for, and a derivative's d
(dJ/dV, \\mathrm{d}J) as the partial sign."""
from cheatsheet.match.token_text import compared, keys
from cheatsheet.match.tokens import tokenize


def stream(latex: str) -> list[str]:
    return compared(keys(tokenize(latex)))


def test_bracketed_superscript_index_compares_as_subscript():
    sub = stream(r"h_{k+1} = \phi(V_{k+1} h_k)")
    assert stream(r"h^{(k+1)} = \phi(V^{(k+1)} h^{(k)})") == sub
    assert stream(r"h^{[k+1]} = \phi(V^{[k+1]} h^{[k]})") == sub
    assert stream(r"s^{\langle k \rangle} = u_k") == stream(r"s_k = u_k")


def test_powers_and_plain_superscripts_stay():
    assert stream(r"(1 + r)^{(m)}") != stream(r"(1 + r)_m")  # not a name's index
    assert stream(r"q^{(3)}") != stream(r"q_3")  # a number: an order, not a layer
    assert stream(r"V^{k} h") != stream(r"V_k h")  # unbracketed: may be a power


def test_derivative_d_compares_as_partial():
    partial = stream(r"\frac{\partial J}{\partial V} = g u^\top")
    assert stream(r"\frac{dJ}{dV} = g u^\top") == partial
    assert stream(r"\frac{\mathrm{d}J}{\mathrm{d}V} = g u^\top") == partial
