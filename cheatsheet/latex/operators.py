"""Known functions and operators: what each named one means when applied (``\\log_2``, ``\\exp``
entrywise on a matrix, ``\\max(a, b)``, moments, matrix operators), and the head a command,
a blackboard or bold letter, or a word in text stands for (``\\mathbb{E}``, ``\\mathbb{1}``,
``\\operatorname{softmax}``, ``\\sigma^{-1}``).  Whether a name followed by a group is a call
at all is :mod:`.calls`'s question; the tables of names live there.
"""
from __future__ import annotations

import sympy as sp

from .. import ops
from .base import DEFAULT_DIM, Pending, is_matrix
from .calls import (CMD_OPS, ELEMENTWISE, INVERSE_OPS, MATRIX_OPS, MOMENTS, SCALAR_FUNCS, TEXT_OPS,
                    UNREAD)
from .names import clean_subscript


class OperatorsMixin:
    def apply_op(self, op, vals, F, node, posts_sub=None):
        def one():
            if len(vals) != 1:
                self.err("this function takes one argument", node)
            return self.realize(vals[0])

        if op in SCALAR_FUNCS:
            x = one()
            if is_matrix(x):
                if x.shape == (1, 1):
                    x = self.to_scalar(x)
                elif F.get("primes"):
                    if not self.entrywise_argument(x):
                        self.err("a derivative written with a prime needs a number or a column "
                                 "as its argument", node)
                    if not self.entrywise:  # (calls.call_values: the same for f'(\mathbf{x}))
                        self.err("a prime on a function of a vector, which may mean its "
                                 "Jacobian or its derivative at each entry", node)
                    # \sigma'(\mathbf{z}): the derivative at each entry, never sigma itself
                    return self.entrywise_derivative(SCALAR_FUNCS[op], F["primes"], x)
                elif op in ELEMENTWISE:
                    m = ops.MatApply(op, x.rows, x.cols, x)
                    if op == "log" and F.get("base") is not None:
                        return m / sp.log(F["base"])  # log_2 of each entry
                    return m
                else:
                    self.err("this function is not taken entrywise of a matrix", node)
            if F.get("primes"):
                t = sp.Dummy("t", real=True)
                f = SCALAR_FUNCS[op]
                if isinstance(x, sp.Symbol):
                    return sp.Derivative(f(x), (x, F["primes"]))
                return sp.Subs(sp.Derivative(f(t), (t, F["primes"])), t, x)
            base = F.get("base")
            if op == "log" and base is not None:
                return sp.log(x, base)
            return SCALAR_FUNCS[op](x)
        if op in ("max", "min"):
            if len(vals) < 2:
                self.err(f"a {op} of one value (write \\{op}_i x_i or \\{op}\\{{a, b\\}})", node)
            if any(is_matrix(v) for v in vals):
                self.err(f"a {op} of matrices", node)
            return (sp.Max if op == "max" else sp.Min)(*vals)
        if op in MATRIX_OPS:
            return self.matrix_op(op, one(), F, node)
        if op in MOMENTS:
            return self.moment(op, vals, F, node, one)
        if op in ("text", "N"):
            f = self.new_function(F["name"], node)
            if F.get("primes"):
                x = one()
                if is_matrix(x):
                    self.err("a derivative written with a prime needs one number as its "
                             "argument", node)
                if isinstance(x, sp.Symbol):
                    return sp.Derivative(f(x), (x, F["primes"]))
                t = sp.Dummy("t", real=True)
                return sp.Subs(sp.Derivative(f(t), (t, F["primes"])), t, x)
            return f(*vals)
        self.err("an operator the reader cannot apply here", node)

    def op_head(self, op, base, posts):
        if op.startswith("bb:"):
            letter = op[3:]
            ann = [p for p in posts if p[0] != "subscr"]
            if letter == "E":
                return ("func", {"kind": "op", "op": "E", "sub": self.first_subscript(posts)}, ann)
            if letter == "V":
                return ("func", {"kind": "op", "op": "Var"}, ann)
            if letter in ("P",):
                return ("func", {"kind": "op", "op": "P"}, ann)
            if letter == "I" or letter == "1":
                if posts and posts[0][0] == "subscr" and posts[0][1].data == "script_group":
                    cond = self.condition_seq(posts[0][1].children[0])
                    if cond is not None:  # \mathbb{1}_{x > 0}, \mathbb{1}_{\{x > 0\}}
                        return ("value", self.apply_posts(self.indicator(cond, base), posts[1:]))
                return ("func", {"kind": "op", "op": "indicator"}, posts)
            if letter == "H":
                # \mathbb{H}(X), \mathbb{H}(p, q): the entropy set in blackboard bold, as
                # Murphy writes it, read as the letter H is (no sheet computes with the
                # quaternions)
                return self.resolve_name("H", False, posts, base)
            self.err("a set, not a value", base)
        if op.startswith("bold:"):
            digit = op[5:]
            if digit == "0":
                return ("value", self.apply_posts(Pending("0"), posts))
            if digit == "1":  # the vector of ones, or an indicator before a condition
                return ("func", {"kind": "op", "op": "indicator",
                                 "value": ops.MatApply("ones", DEFAULT_DIM, 1)}, posts)
            return ("value", self.apply_posts(sp.Integer(digit), posts))
        if op.startswith("text:"):
            name = op[5:]
            if name in TEXT_OPS and not (TEXT_OPS[name] == "softplus" and posts
                                         and posts[0][0] in ("subscr", "sup")):
                # (softplus_beta(x) = log(1 + e^{beta x}) / beta, softplus^{(2)}: another
                # function under the name, left to the sheet)
                return self.op_head(TEXT_OPS[name], base, posts)
            if posts and posts[0][0] == "subscr":
                # \text{MSE}_{\text{train}}, \mathrm{err}_{test}: a word's label is part of
                # its name, as a letter's is (L_{data})
                label = clean_subscript(self.script_raw(posts[0][1]))
                if label.isalnum():
                    return ("func", {"kind": "op", "op": "text", "name": f"{name}_{label}"},
                            posts[1:])
            primes = 0
            while primes < len(posts) and posts[primes][0] == "prime":
                primes += 1  # \operatorname{ELU}'(u): the word's function, differentiated
            return ("func", {"kind": "op", "op": "text", "name": name, "primes": primes},
                    posts[primes:])
        if op == "deg":  # \deg(u): a vertex's degree, a function the sheet's graph defines
            return self.op_head("text:deg", base, posts)
        if op in CMD_OPS:
            op = CMD_OPS[op]
        if op in ("sum", "prod"):
            return ("consumer", lambda rest: self.bigop(op, posts, rest, base))
        if op == "nabla":
            return ("consumer", lambda rest: self.nabla(posts, rest, base))
        if op == "int":
            return ("consumer", lambda rest: self.integral(posts, rest, base))
        if op in ("infty",):
            return ("value", self.apply_posts(sp.oo, posts))
        if op == "lim":
            return ("consumer", lambda rest: self.limit(posts, rest, base))
        if op == "evalat":  # \left. body \right|_{x = a}, as _operands writes it
            return ("consumer", lambda rest: self.evaluated_at(posts, rest, base))
        if op in ("sup", "inf") and any(p[0] == "subscr" for p in posts):
            # over an index the supremum is the largest value
            op = "max" if op == "sup" else "min"
        if op in ("argmax", "argmin"):
            return ("consumer", lambda rest: self.arg_extremum(op[3:], posts, rest, base))
        if op == "arg":  # \arg\max_k, \arg \min_{\theta}
            return ("consumer", lambda rest: self.arg_then_extremum(posts, rest, base))
        if op in ("emptyset", "varnothing"):
            return ("value", self.apply_posts(sp.S.EmptySet, posts))
        if op == "partial":  # \partial f / \partial x written inline (calculus.py)
            return ("consumer", lambda rest: self.inline_derivative(posts, rest, base))
        if op in UNREAD:
            self.err(UNREAD[op], base)
        if op in ("max", "min") and any(p[0] == "subscr" for p in posts):
            return ("consumer", lambda rest: self.extremum(op, posts, rest, base))
        if op in ("log", "ln"):
            F = {"kind": "op", "op": "log"}
            rest = []
            for p in posts:
                if p[0] == "subscr" and "base" not in F:
                    F["base"] = self.script_value(p[1])
                else:
                    rest.append(p)
            if op == "log" and "base" not in F and self.log_base is not None:
                F["base"] = self.log_base  # what an unmarked \log means on this sheet
            return ("func", F, rest)
        known = {"exp", "sin", "cos", "tan", "sinh", "cosh", "tanh", "det", "trace", "max", "min",
                 "P", "sign", "diag", "E", "Var", "Cov", "relu", "softmax", "sigmoid", "vec",
                 "softplus", "asin", "acos", "atan", "asinh", "acosh", "atanh",
                 "sec", "csc", "cot"}
        if op in known:
            posts2 = [p for p in posts if p[0] != "subscr"] if op in ("E", "Var", "Cov", "P") else posts
            primes = 0
            while posts2 and posts2[0][0] == "prime" and op in SCALAR_FUNCS:
                primes += 1
                posts2 = posts2[1:]
            F = {"kind": "op", "op": op, "primes": primes}
            if op == "E":
                F["sub"] = self.first_subscript(posts)
            return self.inverse_op(F, posts2)
        self.err(f"unknown command `\\{op}`", base)

    def inverse_op(self, F, posts):
        """``\\sigma^{-1}``, ``\\tanh^{-1}``: the inverse function (logit, atanh) when the -1 sits on
        the function's name; the script is kept for a name that turns out not to be called."""
        if (F.get("op") in INVERSE_OPS and not F.get("primes") and posts and posts[0][0] == "sup"
                and self.script_raw(posts[0][1]) == "-1"):
            F = dict(F, op=INVERSE_OPS[F["op"]], inv_post=posts[0])
            posts = posts[1:]
        return ("func", F, posts)
