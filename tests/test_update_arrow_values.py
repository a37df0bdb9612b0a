"""A sheet's arrow update of a function's value at its arguments (V(S_t) <- V(S_t) + alpha
delta_t, Q(s, a) <- ...) is the step V_{t+1}(S_t) = V_t(S_t) + ..., like the arrow update of a
bare name (theta <- theta - alpha g)."""
from __future__ import annotations


def test_an_arrow_update_of_a_value_at_its_arguments_is_a_step():
    from cheatsheet.sheets.habits import update_arrow

    assert update_arrow(r"V(S_t) \leftarrow V(S_t) + \alpha \delta_t") == \
        r"V_{t+1}(S_t) = V_t(S_t) + \alpha \delta_t"
    assert update_arrow(r"Q(s, a) \gets Q(s, a) + \alpha[r + \gamma Q(s', a') - Q(s, a)]") == \
        r"Q_{t+1}(s, a) = Q_t(s, a) + \alpha[r + \gamma Q_t(s', a') - Q_t(s, a)]"
    assert update_arrow(r"f(x) := x^2") is None  # a definition, not an update
