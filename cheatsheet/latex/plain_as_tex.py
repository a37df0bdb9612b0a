"""A formula typed in plain text, written again with its plain-text readings spelled in TeX.

Some readings hold only in a formula with no TeX command at all: ``b1`` is b indexed by 1,
``rho`` and ``mu`` are Greek letters, ``mhat`` is m with a hat, ``Attn(Q, K, V)`` one name.
The audit rewrites a formula before deciding it (``g_t`` spelled out as ``\\nabla J(\\theta_t)``,
a definition put in); the TeX a rewrite brings in turned ``b1`` into the product b * 1 in that
reading only, so one letter of the sheet read as ``b_1`` in one line and as ``b`` in the next
(Adam's ``m_t = b1 m_{t-1} + (1 - b1) g_t`` held as the claim with b for beta_1, beside
``vhat = v / (1 - b1^t)`` reading b_1 as beta_2: a typo credited). Written explicitly first, the
formula reads the same whatever TeX is put into it.
"""
from __future__ import annotations

from . import _pre
from . import _plain_text as plain


def plain_as_tex(latex: str) -> str:
    """The formula with every plain-text reading written as TeX (``b1`` as ``b_{1}``,
    ``rho`` as ``\\rho``, ``mhat`` as ``\\hat{m}``); a formula that writes a TeX command already
    is returned as it is (those readings never applied to it)."""
    if "\\" in latex:
        return latex
    # (the reader's passes up to the last that reads plain text only, in its order: _pre.tokens)
    toks = plain.named_calls(plain.plain_names(plain.elementwise_dots(plain.greek_words(
        plain.plain_indices(plain.plain_words(_pre._characters(latex), latex), latex)))),
        latex)
    out, end = [], 0
    for t in toks:
        start = getattr(t, "start", end)
        if start > end:
            # the writer's own spacing (and the ~ the tokens skip); letters in between were
            # taken into a token made of them (mhat's "mha" into \hat{m}, placed at its end)
            out.append("".join(ch for ch in latex[end:start] if ch.isspace() or ch == "~"))
        same = isinstance(t, _pre.Tok) and latex[t.start:t.end] == str(t)
        text = str(t)
        if out and out[-1][-1:].isalpha() and _command_ends(out) \
                and (text[:1].isalnum() or text[:1] == "*"):
            out.append(" ")  # (\rho s, not \rhos; \pi *, not the starred \pi*)
        out.append(latex[t.start:t.end] if same else text)
        end = max(end, getattr(t, "end", end))
    if end < len(latex):
        out.append(latex[end:])
    return "".join(out)


def _command_ends(out: list[str]) -> bool:
    """Does the text written so far end in a TeX command's name (``\\rho``)?"""
    text = "".join(out[-2:])
    k = len(text)
    while k and text[k - 1].isalpha():
        k -= 1
    return k > 0 and text[k - 1] == "\\"
