"""Names and units: what a letter, command, font, accent or scripted name stands for.

A name is looked up in the claim's declarations first, then in the reader's private defaults
(bold lowercase a vector, bold uppercase a square matrix, anything else a real scalar).  Its
subscript, primes and star join the name (``\\theta_t^*`` -> ``theta_t_star``) unless the
declarations make the subscript an entry (``x_i`` of a vector, ``A_{ij}`` of a matrix, ``x_i``
of a family of vectors) or a bound index is in it.  Scripts that stay are applied by
``apply_posts`` (powers, factorials, entries of a column).
"""
from __future__ import annotations

import re

import sympy as sp
from lark import Tree
from sympy.matrices.expressions.matexpr import MatrixElement

from .. import ops
from ..symbols import Decl, dim_symbol
from .base import LatexError, Pending, is_matrix
from .calls import EIGEN_NAMES, FUNCTION_LETTERS, MOMENTS, TEXT_OPS
from .matrices import TRANSPOSE_RAW
from .names import ACCENT_SUFFIX, BOLD_FONTS, clean_subscript, command_name, index_letters
from .sets import NamedSet
from .script_labels import label_before_subscript
from .sign_labels import is_sign_label, sign_suffix


def _gamma(*args):
    """Euler's gamma function of one number (Γ(a, x), the incomplete one, is not read)."""
    if len(args) != 1 or is_matrix(args[0]):
        raise LatexError("the gamma function takes one number")
    return sp.gamma(args[0])

# x^{(i)}, W^{(l-1)}, \theta^{(t+1)}, x^{(0)}: what a parenthesised index looks like
INDEX_IN_BRACKETS = re.compile(r"\{?\[(?:[A-Za-z]\w*|\d+)(?:[+-]\d+)?\]\}?")
INDEX_IN_PARENS = re.compile(r"\((?:[A-Za-z]\w*|\\[A-Za-z]+|\d+)(?:[+-]\d+)?\)")
NOT_AN_INDEX = {"*", r"\ast", r"\star", "'", r"\prime", "+", "-", r"\dagger", "-1", "-T", r"-\top",
                r"-\intercal", r"-\mathrm{T}"}

# words that join or qualify formulas: read as a name they would make a false formula
# (x \text{ if } x > 0 is not x times "if" times x)
PROSE_WORDS = {"if", "then", "else", "otherwise", "for", "all", "any", "every", "each", "where",
               "with", "and", "or", "when", "whenever", "st", "s.t.", "such", "that", "iff", "is",
               "are", "of", "the", "an", "in", "on", "at", "to", "by", "not", "since", "hence",
               "thus", "so", "because", "given", "let", "as", "also", "but", "else.", "otherwise."}


# a superscript of a word in a text font: a label of the name (new, old, MLE, OLS), no power
_WORD_LABEL = re.compile(r"\\(?:text\w*|mathrm|operatorname|mathsf|mathit)\s*\{\s*[A-Za-z]{2,}"
                         r"(?:[ -][A-Za-z]+)*\s*\}")

class NamesMixin:
    def declared(self, name):
        return self.user.get(name) or self.extra.get(name)

    def obj(self, name):
        if name in self.user:
            return self.user.sympy(name)
        return self.extra.sympy(name)

    def default_symbol(self, name, bold):
        """Undeclared names: bold lowercase -> vector(n), bold uppercase -> square(n), else real
        (a set, when a set operation met the name: ``S \\cup \\{j\\}``)."""
        if name in self.set_names:
            return NamedSet(name)
        if name not in self.extra:
            if bold and name[:1].islower():
                spec = "vector(n)"
            elif bold and name[:1].isupper():
                spec = "square(n)"
            else:
                spec = "real"
            self.extra.decls[name] = Decl(name, spec)
        return self.extra.sympy(name)

    def fallback_symbol(self, name):
        """The symbol a name stands for when it is not used as an operator."""
        d = self.declared(name)
        if d is not None and d.kind != "function":
            return self.obj(name)
        return self.default_symbol(name, False)

    def new_function(self, name, node=None):
        d = self.extra.get(name)
        if d is not None and d.kind != "function":
            self.err("a name that stands for a value elsewhere in the formula is called like a "
                     "function here", node)
        if name not in self.extra:
            self.extra.decls[name] = Decl(name, "function")
        return self.extra.sympy(name)

    def base_name(self, base):
        """(name, bold, op) for a letter-like atom; op is an operator tag for \\log etc."""
        d = base.data
        if d == "letter":
            return base.children[0].value, False, None
        if d == "cmd":
            c = base.children[0].value
            nm = command_name(c)
            if nm is not None:
                return nm, False, None
            return None, False, c.lstrip("\\")
        if d == "text":
            m = re.match(r"\\(\w+\*?)\s*\{(.*)\}$", base.children[0].value, re.S)
            content = re.sub(r"\\[,;:! ]", "", m.group(2)).strip()  # arg\,max
            if m.group(1).startswith("operatorname"):
                content = re.sub(r"\s+", "", content)  # spaces do not show in an operator name
            if re.fullmatch(r"[A-Za-z]", content):
                return content, False, None
            if content.lower() in PROSE_WORDS:
                self.err(f"the word `{content}` is prose inside the formula", base)
            if re.fullmatch(r"[A-Za-z][A-Za-z0-9]*", content):
                return None, False, "text:" + content
            if content.startswith("\\") and " " not in content and command_name(content):
                return command_name(content), False, None
            self.err("prose, not a formula", base)
        if d == "font":
            font = base.children[0].value.lstrip("\\")
            a = base.children[1]
            inner = None
            if a.data == "arg_tok":
                inner = Tree("letter" if a.children[0].type == "LETTER" else
                             ("number" if a.children[0].type == "NUMBER" else "cmd"), [a.children[0]])
            elif a.data == "arg_group":
                inner = self.simple_unit(a.children[0])
            if font == "mathbb":
                txt = self.raw(a).strip("{} ")
                return None, False, "bb:" + txt
            if inner is None:
                return None, font in BOLD_FONTS, "fontexpr"
            if inner.data == "number":
                return None, True, "bold:" + inner.children[0].value
            if inner.data in ("letter", "cmd", "accent", "text", "font"):
                nm, bold, op = self.base_name(inner)
                return nm, bold or font in BOLD_FONTS, op
            return None, font in BOLD_FONTS, "fontexpr"
        if d == "accent":
            acc = ACCENT_SUFFIX[base.children[0].value.lstrip("\\")]
            a = base.children[1]
            if a.data == "arg_tok":
                tok = a.children[0]
                inner = Tree("letter" if tok.type == "LETTER" else "cmd", [tok])
            elif a.data == "arg_group":
                inner = self.simple_unit(a.children[0])
            else:
                inner = None
            if inner is None or inner.data not in ("letter", "cmd", "font", "text", "accent"):
                self.err("an accent on an expression (the reader reads accents on names)", base)
            nm, bold, op = self.base_name(inner)
            if nm is None:
                self.err("an accent on an operator", base)
            return f"{nm}_{acc}", bold, None
        return None, False, None

    def named_head(self, base, posts):
        nm, bold, op = self.base_name(base)
        if op == "fontexpr":
            # \mathbf{XX}^T: a product of bold letters, scripts on the last one
            a = base.children[1]
            seq = a.children[0]
            letters = self.raw(seq).split()
            word = "".join(letters)
            if len(word) > 1 and TEXT_OPS.get(word) in MOMENTS and word not in self.user:
                # \mathbf{Var}(X), \mathbf{Cov}: the operator's name set in bold, as
                # \operatorname{Var} (never a product of bold letters V, a, r)
                return self.op_head("text:" + word, base, posts)
            if all(re.fullmatch(r"[A-Za-z]", t) for t in letters) and letters:
                val = None
                for k, t in enumerate(letters):
                    v = self.name_value(t, bold, posts if k == len(letters) - 1 else [], base)
                    val = v if val is None else self.mul(val, v, base)
                return ("value", val)
            return ("value", self.apply_posts(self.single(seq), posts))
        if op is not None:
            return self.op_head(op, base, posts)
        if nm is None:
            self.err("not a name or operator the reader knows", base)
        return self.resolve_name(nm, bold, posts, base)

    def resolve_name(self, base, bold, posts, node, callable_next=None):
        posts = list(posts)
        sub = supidx = None
        letter = None  # the letter a bracketed layer index was put on
        primes = 0
        star = False
        sign = None
        while posts:
            kind, script, pnode = posts[0]
            if kind == "subscr" and sub is None:
                sub = script
            elif kind == "prime":
                primes += 1
            elif kind == "sup" and self.script_raw(script) in ("*", r"\ast", r"\star"):
                star = True
            elif kind == "sup" and self.script_raw(script) in (r"\prime", "'"):
                primes += 1
            elif kind == "sup" and sign is None and supidx is None \
                    and is_sign_label(self.script_raw(script), self.text, base):
                sign = sign_suffix(self.script_raw(script))  # P^-: a prior, its own name
            elif kind == "sup" and supidx is None and (
                    self.sup_is_index(base, script)
                    or sub is None and label_before_subscript(base, self.script_raw(script), posts)):
                supidx = script
            else:
                break
            posts.pop(0)
        if supidx is not None:
            # w^{t+1} on a sheet that indexes w by superscripts is w_{t+1} (the name, never an
            # entry of a vector w); x^{(i)} is its own name x^(i), apart from x_i
            listed = base in self.superscript_index
            inner = clean_subscript(self.script_raw(supidx))
            if listed and inner.startswith("(") and inner.endswith(")"):
                inner = inner[1:-1]
            if sub is None and self.bound:
                try:
                    idx = self.script_value(supidx)
                except LatexError:
                    idx = None
                if idx is not None and getattr(idx, "free_symbols", set()) & set(self.bound.values()):
                    ib = sp.IndexedBase(base if listed else base + "^")
                    return ("value", self.apply_posts(sp.Indexed(ib, idx), posts))
            if INDEX_IN_BRACKETS.fullmatch(inner) or sub is not None:
                letter = base  # g^{[l]}(z), f^l_j(z): still the function letter, called
            base = f"{base}_{inner}" if listed else f"{base}^{inner}"
        if sign is not None:
            base = f"{base}_{sign}"
        subraw = clean_subscript(self.script_raw(sub)) if sub is not None else None
        key = base + (f"_{subraw}" if sub is not None else "") + ("_star" if star else "")
        # f^{(k)}: the k-th derivative, when the name is a function (else a power, put back)
        dorder, dpost = None, None
        if not primes and posts and posts[0][0] == "sup" \
                and re.fullmatch(r"\(.+\)", self.script_raw(posts[0][1])):
            dpost = posts[0]
            dorder = self.script_value(posts[0][1])
            if is_matrix(dorder) or not isinstance(dorder, sp.Expr) or dorder.is_integer is False:
                dorder, dpost = None, None

        def dfunc(F, rest):
            """A function head, with f^{(k)} taken as the derivative order (when not called,
            ``h^{(l)}`` is the name h indexed by l)."""
            if dorder is not None and rest and rest[0] is dpost:
                ikey = f"{base}^{clean_subscript(self.script_raw(dpost[1]))}" + (
                    f"_{subraw}" if sub is not None else "")
                F = dict(F, primes=dorder, dpost=dpost, index_key=ikey, index_base=base + "^")
                rest = rest[1:]
            return ("func", F, rest)

        def value(v):
            return ("value", self.apply_posts(v, posts))

        # bound summation index
        if key in self.bound and not primes:
            return value(self.bound[key])
        if primes and key + "_prime" * primes in self.bound:  # \sum_{s'} ... v(s')
            return value(self.bound[key + "_prime" * primes])
        dk = self.declared(key) if key in self.user else self.user.get(key)
        if key in EIGEN_NAMES and not primes and (dk is None or dk.kind != "function"):
            # \lambda_{\max}(A): an eigenvalue when called on a matrix, else the name as declared
            return ("func", {"kind": "op", "op": "eig", "which": EIGEN_NAMES[key],
                             "fallback": key}, posts)
        if dk is not None and dk.kind == "function":
            return dfunc({"kind": "function", "func": self.user.sympy(key), "name": key,
                          "decl": dk, "primes": primes}, posts)
        pkey = key + "_prime" * primes
        if pkey in self.user:
            d = self.user[pkey]
            if d.kind == "function":
                return ("func", {"kind": "function", "func": self.user.sympy(pkey), "name": pkey,
                                 "decl": d, "primes": 0}, posts)
            if d.kind == "matrix" and pkey == "I" or (d.kind == "matrix" and base == "I" and sub is None):
                return value(sp.Identity(d.shape[0] if isinstance(d.shape[0], sp.Basic) else sp.Integer(d.shape[0])))
            return value(self.user.sympy(pkey))
        if sub is not None:
            # theta_i^*: entry i of theta_star, never of theta
            sbase = base + "_star" if star else base
            bd = self.user.get(sbase)
            if bd is not None and bd.domain == "vectors":  # x_i: the i-th vector of the family
                rows = bd.shape[0]
                rows = sp.Integer(rows) if isinstance(rows, int) else self.obj(rows) \
                    if rows in self.user else sp.Symbol(str(rows), integer=True, positive=True)
                return value(ops.MatApply("col", rows, 1, self.user.sympy(sbase),
                                          self.script_value(sub)))
            if bd is not None and (bd.kind in ("matrix", "random")) and bd.shape:
                rows, cols = bd.shape
                if cols == 1:
                    idx = self.script_value(sub)
                    return value(sp.Indexed(sp.IndexedBase(sbase), idx))
                idxs = self.matrix_indices(sub, subraw)
                if idxs is not None:
                    return value(sp.Indexed(sp.IndexedBase(sbase), *idxs))
            if bd is not None and bd.kind == "function":
                F = {"kind": "function", "func": self.user.sympy(sbase), "name": sbase,
                     "decl": bd, "primes": primes}
                if bd.domain == "vecfunction":  # f_i of f: R^n -> R^m is entry i of f(x)
                    F["entry"] = self.script_value(sub)
                return dfunc(F, posts)
            if base == "I" and not bold or base == "I":
                if self.declared(key) is None and subraw and re.fullmatch(r"[A-Za-z0-9]+", subraw):
                    dim = self.script_value(sub)
                    if isinstance(dim, sp.Symbol) and dim.name not in self.user:
                        dim = dim_symbol(dim.name)  # I_d: d is a size, as in matrix(d, d)
                    return value(sp.Identity(dim))
            if self.declared(key) is None and not bold and self.bound:
                idxs = self.bound_index_letters(sub, subraw)
                if idxs is not None:  # \sum_j A_{ij} x_j: A[i, j], never A[i*j]
                    return value(sp.Indexed(sp.IndexedBase(base), *idxs))
                try:
                    idx = self.script_value(sub)
                except LatexError:
                    idx = None
                if idx is not None and getattr(idx, "free_symbols", set()) & set(self.bound.values()):
                    return value(sp.Indexed(sp.IndexedBase(base), idx))
        # operators spelled as names
        if sub is None and not primes and not star and key not in self.user:
            if key == "e" and not bold:  # a bold e is a vector (an error, a basis vector)
                return value(sp.E)
            if key == "pi":
                return value(sp.pi)
            if key == "I" or (key == "1" and bold):
                return ("value", self.apply_posts(Pending("I"), posts))
            if key == "sigma":
                return self.inverse_op({"kind": "op", "op": "sigmoid", "fallback": "sigma",
                                        "bold": bold}, posts)
            if key == "Gamma" and callable_next is not False:
                # \Gamma(x) undeclared: Euler's gamma function (a bare \Gamma stays a name)
                return ("func", {"kind": "function", "func": _gamma, "name": key, "primes": 0,
                                 "fallback": key, "bold": bold}, posts)
        # P(...) is a probability; a subscripted p_G(x), p_{data}(x) names a density of its own
        plain_p = key in ("p", "P") or re.fullmatch(r"[a-z0-9]", key.split("_", 1)[-1])
        if base in ("p", "P") and key not in self.user and plain_p:
            if posts and posts[0][0] == "sup" and not primes:
                return value(self.default_symbol(pkey, bold))  # p^k (1-p)^{n-k}: a power of p
            return ("func", {"kind": "op", "op": "P", "fallback": pkey, "primes": primes,
                             "bold": bold}, posts)
        if base in ("p", "P") and key not in self.user:
            return ("func", {"kind": "function", "func": None, "name": key, "primes": primes,
                             "fallback": pkey, "bold": bold, "letter": "f"}, posts)
        if primes and key == "sigma" and self.declared(pkey) is None:
            return ("func", {"kind": "op", "op": "sigmoid", "fallback": "sigma",
                             "primes": primes}, posts)
        if primes and self.declared(pkey) is None:
            # x' on a name: x_prime, unless it is called like a function (f'(x))
            return ("func", {"kind": "function", "func": None, "name": key, "primes": primes,
                             "fallback": pkey, "bold": bold}, posts)
        F = {"kind": "function", "func": None, "name": key, "primes": 0,
             "fallback": pkey, "bold": bold, "letter": base}
        if letter is not None:
            F["letter"] = letter
        if (letter or base) in FUNCTION_LETTERS and callable_next is not False:
            return dfunc(F, posts)
        return ("func", F, posts)

    def sup_is_index(self, base, script) -> bool:
        """Is a superscript on ``base`` part of its name?  Always for ``x^{(i)}`` on a name that
        is not a function (on a function ``f^{(k)}`` is a derivative, decided when it is called);
        any superscript but a transpose, star, dagger, sign or inverse on a name the caller
        lists in ``superscript_index``."""
        raw = self.script_raw(script)
        if INDEX_IN_BRACKETS.fullmatch(clean_subscript(raw)):
            return True  # W^{[l]}, g^{[l]}: a layer's name (a power is never bracketed so)
        if base in self.superscript_index and raw == "t":
            return True  # w^t on a sheet that writes time as a superscript
        if raw in TRANSPOSE_RAW or raw in NOT_AN_INDEX:
            return False
        if _WORD_LABEL.fullmatch(raw.strip()):
            return True  # pi_k^{\text{new}}, w^{\mathrm{MLE}}: a word labels the name
        if base in self.superscript_index:
            return True
        d = self.user.get(base)
        function_like = (base in FUNCTION_LETTERS or base in ("p", "P", "sigma")
                         or d is not None and d.kind == "function")
        euler = base == "e" and d is None
        return bool(INDEX_IN_PARENS.fullmatch(raw)) and not function_like and not euler

    def bound_index_letters(self, sub, subraw):
        """The letters of ``ij`` / ``i'j`` / ``i,k`` as index values when at least one is bound by a sum
        and none names a declared object (a vector, matrix or function); else None.  A command
        in the subscript (``p_\\theta``, ``D_{\\text{KL}}``) is a name, never letters."""
        if re.search(r"\\(?!prime)", self.script_raw(sub)):
            return None
        keys = index_letters(subraw)
        if keys is None or not any(k in self.bound for k in keys):
            return None
        out = []
        for k in keys:
            if k in self.bound:
                out.append(self.bound[k])
                continue
            d = self.declared(k)
            if d is not None and d.kind not in ("scalar", "index", "dim"):
                return None
            if "_prime" in k:  # i' in \sum_j s_{i'j}: the name i_prime, as i' reads elsewhere
                out.append(self.obj(k) if d is not None else self.default_symbol(k, False))
            else:
                out.append(self.name_value(k, False, [], None))
        return out

    def matrix_indices(self, sub, subraw):
        if sub.data == "script_group":
            args = self.args(sub.children[0])
            if len(args) == 2:
                return [self.expr(c.children[0]) for _, c in args]
        if subraw and re.fullmatch(r"[A-Za-z0-9]{2}", subraw):
            return [self.name_value(ch, False, [], sub) if ch.isalpha() else sp.Integer(ch)
                    for ch in subraw]
        return None

    def cmd_value(self, tok):
        h = self.named_head(Tree("cmd", [tok]), [])
        if h[0] == "func" and h[1].get("kind") == "function":
            return self.nocall(h[1], h[2], [], tok)[0]
        if h[0] != "value":
            self.err("a command that needs an argument", tok)
        return h[1]

    def name_value(self, name, bold, posts, node):
        h = self.resolve_name(name, bold, posts, node, callable_next=False)
        if h[0] != "value":
            return self.nocall(h[1], h[2], [], node)[0]
        return h[1]

    def number(self, tok):
        v = tok.value
        return sp.Rational(v) if "." in v else sp.Integer(v)

    def script_raw(self, s) -> str:
        """Script text with the spaces the normaliser added removed (``{- T}`` -> ``-T``)."""
        if s.data == "script_group":
            return re.sub(r"\s+(?![A-Za-z])|(?<![A-Za-z])\s+", "", self.raw(s.children[0]).strip())
        if s.data == "script_empty":
            return ""
        if s.data == "script_plus":
            return "+"
        if s.data == "script_minus":
            return "-"
        if s.data == "script_prime":
            return "'"
        if s.data == "script_font":
            return self.raw(s)
        return s.children[0].value

    def script_value(self, s):
        if s.data == "script_group":
            return self.single(s.children[0])
        if s.data == "script_tok":
            tok = s.children[0]
            if tok.type == "NUMBER":
                return self.number(tok)
            if tok.type == "LETTER":
                return self.name_value(tok.value, False, [], tok)
            if tok.type == "CMD":
                return self.cmd_value(tok)
            if tok.type == "TEXT":
                return self.unit_value(Tree("text", [tok]))
        if s.data == "script_font":
            return self.unit_value(Tree("font", s.children))
        self.err("a sub- or superscript the reader cannot read", s)

    def apply_posts(self, val, posts):
        for kind, script, node in posts:
            if kind == "sup":
                val = self.power(val, script, node)
            elif kind == "bang":
                val = sp.factorial(self.realize(val))
            elif kind == "prime":
                self.err("a prime on an expression (only a name takes one)", node)
            else:
                raw = self.script_raw(script)
                if raw == "+":
                    val = self.positive_part(val)  # (x)_+, [x]_+: matrices.py
                elif is_matrix(val):
                    if val.shape[1] == 1:
                        idx = self.script_value(script)
                        val = MatrixElement(val, idx - 1, 0)
                    else:
                        # (AB)_{ij}, [A]_{ij}, (\mathbf{J}_f)_{ij}: entry (i, j), 1-based as
                        # written (SymPy's entries are 0-based)
                        idxs = self.matrix_indices(script, clean_subscript(raw))
                        if idxs is None or any(is_matrix(v) for v in idxs):
                            self.err("a subscript on a matrix expression that is not one row "
                                     "and one column index (write (A)_{ij})", node)
                        known = set(self.bound.values()) | {
                            self.user.sympy(d.name) for d in self.user if d.domain == "index"}
                        loose = sorted(str(s) for v in idxs for s in v.free_symbols - known)
                        if loose:
                            # an entrywise definition over indices nothing declares: the
                            # checker would take them for unknown names
                            self.err(f"an entry of a matrix expression at {', '.join(loose)}, "
                                     "which nothing declares as indices", node)
                        val = MatrixElement(val, idxs[0] - 1, idxs[1] - 1)
                else:
                    self.err("a subscript on an expression (the reader reads subscripts on names)", node)
        return val
