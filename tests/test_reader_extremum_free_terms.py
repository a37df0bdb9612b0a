"""The reader: a max over a variable followed by + or - terms that do not write the variable
(Q-learning's target R + gamma max_a Q(S', a) - Q(S, A)) reads the same whichever part the max
covers, so it is read; one whose later terms write the variable stays refused."""
from __future__ import annotations

import pytest
import sympy as sp


def test_a_max_followed_by_terms_free_of_its_variable_covers_its_first_term():
    """R + max_a Q(s', a) - Q(s, b): the max over a followed by a term that does not write a
    reads the same whether the max covers one term or all (the term comes out of the max);
    one whose later terms write the variable stays refused."""
    from cheatsheet.latex import LatexError, parse
    from cheatsheet.symbols import Declarations

    st = parse(r"y = c + \max_a Q(s, a) - Q(u, b)", Declarations({}))
    names = {type(f).__name__ for f in st.relations[0].rhs.atoms(
        sp.core.function.AppliedUndef)}
    assert "Q" in names
    with pytest.raises(LatexError, match="whole sum or only its first term"):
        parse(r"y = \max_x f(x) + g(x)", Declarations({}))
    with pytest.raises(LatexError, match="whole sum or only its first term"):
        parse(r"y = \left[\max_a Q(s, a) - Q(s, a)\right]", Declarations({}))
