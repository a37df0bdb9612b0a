"""A sheet's subscripted name that the claim declares as it stands means the claim's quantity.

The GAN's optimal discriminator claim declares both p_G (the generator's density) and p_z (the
latent prior). A sheet writing p_z where p_G belongs was paired letter by letter (z -> G), so
its p_z became the claim's p_G and the typo held. The subscript letter is kept when every use
of it, with its base kept, makes a name the claim declares. Letters and wording are our own.
"""
from __future__ import annotations

from audit_helpers import audit_text
from cheatsheet.match.align import correspondence
from cheatsheet.match.tokens import tokenize


def test_a_declared_composite_keeps_its_subscript():
    form = tokenize(r"h(s) = q_B(s) + r")
    vocab = {"h", "s", "q_B", "q_a", "r", "q"}
    assert correspondence(tokenize(r"h(u) = q_a(u) + r"), form, vocab)["a"] == "a"
    # a subscript the claim does not declare in that name is paired by alignment as before
    assert correspondence(tokenize(r"h(u) = q_c(u) + r"), form, vocab)["c"] == "B"


def test_the_latent_prior_for_the_generator_is_not_called_right():
    sheet = ("## Adversarial training\n\nThe best critic for a frozen generator: "
             "$D^\\star(y) = \\frac{p_{\\text{data}}(y)}{p_{\\text{data}}(y) + p_z(y)}$\n")
    (f,) = audit_text(sheet)
    assert f.verdict != "ok", f.reason


def test_the_generators_density_in_another_letter_still_holds():
    sheet = ("## Adversarial training\n\nThe best critic for a frozen generator: "
             "$D^\\star(y) = \\frac{p_{\\text{data}}(y)}{p_{\\text{data}}(y) + p_g(y)}$\n")
    (f,) = audit_text(sheet)
    assert (f.verdict, f.claim) == ("ok", "gan.optimal-discriminator"), f.reason
