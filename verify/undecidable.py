"""Why a formula cannot be decided: the reasons the checker computes before it tries anything.

A version is undecided only for a reason found here (or a check that could not run): nothing is
typed in by hand.  Each reason is a property of the formula as read, so the same line gets the
same reason on every sheet and under every seed:

* the reader cannot read it (the reader's own message says what it stumbled on);
* it states no relation (a bare expression, a cut-off line);
* it is an asymptotic class (big-O, Theta, Omega, soft-O, little-o) with no constants: no finite
  instance can refute "for some constant C and all large n";
* it says ``\\approx`` and nobody stated how close is close enough (a claim states it with
  ``approx_rtol``);
* it defines a new name (nothing to compare the definition with);
* it is an assignment: a bare name on the left that also occurs on the right (``\\tilde A =
  D^{-1/2} \\tilde A D^{-1/2}``, ``x \\leftarrow x - \\eta g``) redefines the name, it is no
  equation.

``\\leftarrow`` and ``\\gets`` are assignments by their spelling; the reader refuses them as
relations, so they are recognised in the LaTeX before reading.
"""
from __future__ import annotations

import re

import sympy as sp

from cheatsheet.statement import Statement

# O(...), \mathcal{O}(...), \tilde{O}(...), \Theta(...), \Omega(...), o(...): the class names
# are only asymptotic when followed by a parenthesis (\Theta_k is a matrix, \Omega a set)
_ASYMPTOTIC = re.compile(
    r"(?P<name>\\mathcal\s*\{\s*O\s*\}|\\mathcal\s+O|\\(?:tilde|widetilde)\s*\{\s*O\s*\}"
    r"|\\Theta|\\Omega|(?<![\\A-Za-z])[Oo])"
    r"\s*(?:\\left|\\big|\\Big|\\bigl|\\Bigl)?\s*\(")
# the names the reader gives those class symbols when it reads them as products
_CLASS_NAMES = {"O", "O_tilde", "o", "Theta", "Omega"}
_ASSIGN = re.compile(r"\\(?:leftarrow|gets|longleftarrow)(?![A-Za-z])")


# a control space "\ " between operands, or \left / \right / \middle with no delimiter after
# it: what a transcription leaves where it lost | or \| (real LaTeX never writes \left \det)
_DELIMITER = (r"[()\[\].|/]|\\[{}|]|\\(?:langle|rangle|lvert|rvert|lVert|rVert|vert|Vert|"
              r"lfloor|rfloor|lceil|rceil|uparrow|downarrow)(?![A-Za-z])")
_LOST_DELIMITER = re.compile(r"(?<!\\)\\ (?!\s*\\text)|\\(?:left|right|middle)(?![A-Za-z])"
                             r"(?!\s*(?:" + _DELIMITER + r"))")


def lost_delimiter(latex: str) -> str | None:
    """A line whose bars were lost in transcription says nothing decidable: guessing the bars
    back would be our formula, not the sheet's."""
    m = _LOST_DELIMITER.search(latex)
    if not m:
        return None
    what = ('a space command "\\ "' if m.group(0).startswith("\\ ") else
            f"{m.group(0).strip()} with no delimiter after it")
    return (f"the line has {what} where a bar | or ‖ was probably lost in transcription: "
            "its formula is not the one the sheet states")


def sizes_only(stmt: Statement, decls) -> str | None:
    """A relation between sizes alone (s ≤ n / (2 log₂ n)) is a condition on the configuration:
    the claim leaves its sizes free, so nothing it computes can confirm or refute it."""
    from sympy.core.function import AppliedUndef

    if not stmt.relations:
        return None
    names = set()
    for r in stmt.relations:
        for side in (r.lhs, r.rhs):
            if side.atoms(AppliedUndef, sp.MatrixSymbol, sp.Indexed) or not isinstance(
                    side, sp.Expr) or any(isinstance(a, sp.Function) for a in
                                          sp.preorder_traversal(side)
                                          if not isinstance(a, (sp.log, sp.exp))):
                return None
            names |= {s.name for s in side.free_symbols}
    kinds = {decls[n].kind if n in decls else None for n in names}
    if names and kinds == {"dim"}:
        listed = ", ".join(sorted(names))
        return (f"the line relates only {listed}, sizes the claim leaves free: it is a "
                "condition on the configuration, not a property to check")
    return None


# E[...] / E_Q[...] written without \mathbb: the sheets' plain expectation, which the reader
# takes for a product of a name E with a bracket
_PLAIN_E = re.compile(r"(?<![\\A-Za-z])(E(?:_\{[^{}]*\}|_[A-Za-z0-9])?)\s*\[")


def plain_expectation(latex: str, declared) -> str | None:
    from cheatsheet.latex import symbol_name

    for m in _PLAIN_E.finditer(latex):
        try:
            name = symbol_name(m.group(1))
        except Exception:  # noqa: BLE001 - not a name the reader knows: nothing to say
            continue
        if name not in declared:
            return (f"the line writes {m.group(1)}[...] for an expectation, which the reader "
                    "does not read as one (it would be a product with a bracket)")
    return None


def other_arity(stmt: Statement, canonical: Statement | None) -> str | None:
    """A function the claim calls with one number of arguments, called here with another
    (``R(m, L)`` beside the claim's ``R(m)``): the line speaks of another function."""
    from sympy.core.function import AppliedUndef

    if canonical is None:
        return None
    arity = _arities(canonical)
    for e in _exprs(stmt):
        for f in e.atoms(AppliedUndef):
            name, n = type(f).__name__, len(f.args)
            if name in arity and n not in arity[name]:
                known = " or ".join(map(str, sorted(arity[name])))
                return (f"{name} takes {n} argument{'s' * (n != 1)} here and {known} in the "
                        "claim: the line speaks of another function of the same name")
    return None


_ARITY: dict[int, tuple] = {}


def _arities(canonical: Statement) -> dict[str, set]:
    """Function name -> the numbers of arguments the claim calls it with (once per claim)."""
    from sympy.core.function import AppliedUndef

    hit = _ARITY.get(id(canonical))
    if hit is None or hit[0] is not canonical:
        arity: dict[str, set] = {}
        for e in _exprs(canonical):
            for f in e.atoms(AppliedUndef):
                arity.setdefault(type(f).__name__, set()).add(len(f.args))
        hit = _ARITY[id(canonical)] = (canonical, arity)
    return hit[1]


def _exprs(stmt: Statement):
    out = [e for r in (*stmt.relations, *stmt.premises) for e in (r.lhs, r.rhs)]
    return out + ([stmt.expr] if stmt.expr is not None else [])


def free_names(names) -> str | None:
    """A line about a name the sheet leaves free ("for some c < 1", a learned coefficient)
    holds for some values and not others: one instance says nothing about another choice."""
    if not names:
        return None
    from .scope import display

    listed = ", ".join(display(n) for n in sorted(names))
    return (f"the sheet leaves {listed} free (\"for some\", a choice or a learned value): "
            "whether some choice makes the line true is not something sampled instances decide")


def unreadable(message: str) -> str:
    return f"the reader cannot read this line: {message}"


def asymptotic_names(latex: str, declared) -> set[str]:
    """The asymptotic class symbols the line uses (``O``, ``Theta``...), unless declared."""
    found = set()
    for m in _ASYMPTOTIC.finditer(latex):
        name = m.group("name")
        key = ("O_tilde" if "tilde" in name else "O" if "O" in name else
               "Theta" if "Theta" in name else "Omega" if "Omega" in name else "o")
        if key not in declared:
            found.add(key)
    return found


def _class_text(latex: str) -> str:
    m = _ASYMPTOTIC.search(latex)
    if not m:
        return "an asymptotic class"
    # the class with its argument, up to the matching parenthesis
    depth, i = 0, m.end() - 1
    for j in range(i, len(latex)):
        depth += latex[j] == "("
        depth -= latex[j] == ")"
        if depth == 0:
            return latex[m.start():j + 1].strip()
    return latex[m.start():].strip()


def no_relation(stmt: Statement, latex: str, declared) -> str | None:
    """A bare expression states nothing, unless it is a rate (``O(1/t)`` says "the rate is")."""
    if stmt.relations or asymptotic_names(latex, declared):
        return None
    return "the line states no relation (no =, ≤ or ≥): there is nothing to compare"


def assignment_arrow(latex: str) -> str | None:
    if _ASSIGN.search(latex):
        return ("an assignment (←) updates a name, it states no equation: "
                "nothing to compare")
    return None


def reason(stmt: Statement, latex: str, *, declared, approx_rtol: float | None,
           defined, canonical: Statement | None, custom: bool) -> str | None:
    """Why this formula cannot be decided, in plain words, or None when it can be.

    ``declared``: names declared for this version; ``defined(name)``: whether the claim's
    vocabulary has the name; ``canonical``: the claim's statement (an assignment the claim itself
    makes, decided by its own check, is that check's business)."""
    classes = asymptotic_names(latex, declared)
    if classes:
        return (f"{_class_text(latex)} is an asymptotic class with no constants: no finite "
                "instance can confirm or refute it")
    if any(r.op == "approx" for r in stmt.relations) and approx_rtol is None:
        return ("≈ with no stated accuracy: how close is close enough is not said, so no "
                "instance can refute it")
    why = other_arity(stmt, canonical)
    if why:
        return why
    new = defined_name(stmt, defined)
    if new is not None:
        return f"the line defines {new}: there is nothing to compare the definition with"
    assigned = assigned_name(stmt)
    if assigned is not None and not _claims_own(assigned, canonical, custom) \
            and not _steps_on(stmt, assigned):
        return (f"{assigned} on the left also occurs on the right: the line updates "
                f"{assigned} (an assignment), it states no equation")
    return None


def _claims_own(assigned: str, canonical: Statement | None, custom: bool) -> bool:
    """Whether the claim itself speaks this way, so the line is an equation about it: the claim
    is itself a rule ``x = F(x)`` decided by its own check, or its equation has the same name on
    the left (``A = P Λ P^{-1}`` written ``A = P A P^{-1}``: a wrong equation about A, not
    an update of A), or a form of that name alone (``P^{-1}``, ``Q^T Q``)."""
    if canonical is None or not canonical.relations:
        return False
    if custom and assigned_name(canonical) is not None:
        return True
    first = canonical.relations[0]
    if first.op != "=" or assigned_name(canonical) is not None:
        return False
    # the claim's left side is the name itself, or a form of it alone (P^{-1} = P^T written
    # P = P^T: a wrong equation about the permutation P, not an update of P)
    return _bare_name(first.lhs) == assigned or (
        not isinstance(first.lhs, (sp.Symbol, sp.MatrixSymbol, sp.Indexed))
        and _names_in(first.lhs) == {assigned})


def _names_in(e) -> set:
    """The names of an expression (a matrix's size symbols are not among them)."""
    if isinstance(e, (sp.Symbol, sp.MatrixSymbol)):
        return set() if isinstance(e, sp.Dummy) else {e.name}
    return set().union(*(_names_in(a) for a in e.args if isinstance(a, sp.Basic)))


def _steps_on(stmt: Statement, assigned: str) -> bool:
    """The formula goes on to use another step of the assigned name that none of its relations
    defines (``v_{t-1} = \\beta v_{t-1} + g, \\theta_t = \\theta_{t-1} - \\alpha v_t``): an update
    would speak of the new value by the name it assigns, so the line is the equations it
    writes, about steps of a sequence."""
    from .scope import family

    fam, sub = family(assigned)
    if not sub:
        return False
    defined = {_bare_name(r.lhs) for r in stmt.relations if r.op == "="}
    later = False
    for r in stmt.relations:
        if later:
            for e in (r.lhs, r.rhs):
                for a in sp.preorder_traversal(e):
                    if isinstance(a, (sp.Symbol, sp.MatrixSymbol)) and a.name != assigned \
                            and family(a.name)[0] == fam and a.name not in defined:
                        return True
        later = later or (r.op == "=" and _bare_name(r.lhs) == assigned)
    return False


def _bare_name(e) -> str | None:
    if isinstance(e, (sp.Symbol, sp.MatrixSymbol)):
        return e.name
    if isinstance(e, sp.Indexed):
        return str(e)
    return None


def assigned_name(stmt: Statement) -> str | None:
    """The name of the first relation '=' whose left side is a bare name occurring on its right."""
    for r in stmt.relations:
        name = _bare_name(r.lhs)
        if r.op == "=" and name is not None and r.rhs != r.lhs and _occurs(r.lhs, r.rhs):
            return name
    return None


def _occurs(name_expr, e) -> bool:
    if isinstance(name_expr, sp.MatrixSymbol):
        return any(isinstance(a, sp.MatrixSymbol) and a.name == name_expr.name
                   for a in sp.preorder_traversal(e))
    return e.has(name_expr)


def defined_name(stmt: Statement, defined) -> str | None:
    """A first relation '=' whose left side is a name the claim does not know and the right
    side does not use: the line introduces that name."""
    if not stmt.relations:
        return None
    r = stmt.relations[0]
    name = _lhs_name(r.lhs)
    if r.op != "=" or name is None or defined(name) or name in _free_names(r.rhs):
        return None
    vocab = getattr(defined, "__self__", None)  # scope.Vocabulary.defines
    if vocab is not None and hasattr(vocab, "misplaced") and vocab.misplaced(name):
        return None  # f_i beside U_i: a member of the claim's family misnamed, not a new name
    return name


def _lhs_name(e) -> str | None:
    from sympy.core.function import AppliedUndef

    if isinstance(e, AppliedUndef):
        return None  # f_X(z) = ...: sheets name their maps freely, the claim's check decides
    if isinstance(e, sp.Indexed):  # y_i = ...: an entry of y
        return e.base.label.name
    return _bare_name(e)


def _free_names(e) -> set:
    from sympy.core.function import AppliedUndef

    out = {getattr(s, "name", str(s)) for s in e.free_symbols}
    out |= {type(f).__name__ for f in e.atoms(AppliedUndef)}
    out |= {m.name for m in e.atoms(sp.MatrixSymbol)}
    return out
