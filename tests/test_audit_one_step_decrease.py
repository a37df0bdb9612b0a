"""One gradient step of size 1/L on an L-smooth function, f(x - grad f(x)/L) <= f(x) -
||grad f(x)||^2 / (2L) (red team 17: written with 1/L for 1/(2L), it could not be read as any
claim; the catalog had only the quadratic upper bound and the suboptimality bound). Letters of
our own: h, z, and M for the smoothness constant named in words."""
from __future__ import annotations

import pytest

from audit_helpers import audit_text

LINE = (r"- for an $M$-smooth objective, one gradient step: $h\left(\mathbf{z} - \frac{1}{M}"
        r"\nabla h(\mathbf{z})\right) \le h(\mathbf{z}) - \frac{DECREASE}"
        r"\left\|\nabla h(\mathbf{z})\right\|^2$")


@pytest.mark.parametrize("decrease, verdict", [("1}{2M}", "ok"), ("1}{M}", "wrong")])
def test_the_decrease_of_one_step_is_decided(decrease, verdict):
    text = "# Rates\n\n" + LINE.replace("DECREASE}", decrease) + "\n"
    assert audit_text(text)[-1].verdict == verdict
