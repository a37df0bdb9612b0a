#!/usr/bin/env python3
"""Mutation testing of the catalog's checks: can each claim's check tell its formula from a typo?

Every canonical form is mutated with the quiz's own operators (``cheatsheet.quiz.mutate``:
sign, exponent, transpose/inverse, fraction turned over or dropped, dropped or changed factor,
index swap, dropped root).  Each mutant is decided by the claim's check exactly as
``cheatsheet verify`` decides a sheet's line (seed 0).  A mutant is

  killed       the check refutes it (with a counterexample);
  equivalent   not refuted, but shown to say the same as the canonical form *without the
               claim's check*: SymPy proves each side of each relation equal to the canonical
               side (simplify of the difference, a declared symmetric matrix taken as its own
               transpose, an orthogonal one's inverse as its transpose), or a plain evaluation
               of both forms' sides on random instances of the declarations gives the same
               values, or it is the canonical form with one name's subscript label changed
               where that label occurs nowhere else (Var(W_ji) for Var(W_ij): a free label);
  update       undecided because it is an assignment (a name on the left that also occurs on
               its right: theta_t = theta_t - eta g), and read as one, its left side the new
               value and the name on its right the old one, it is the canonical form (SymPy:
               each side equal after that renaming alone).  No check can refute it without
               calling a correct update wrong; listed, not counted as a survivor;
  unreadable   the reader cannot read it (the quiz never shows such a mutant);
  defined      not refuted, and both forms' sides agree on the check's own instances, where
               the names it computes have their meaning (x_bar the mean: sum (x_i + x_bar)
               (y_i - y_bar) is sum (x_i - x_bar)(y_i - y_bar)); forms the plain evaluator
               cannot read are compared as the check reads them (its derivatives as the
               quantities it computes: the RNN chain rule summed from t = 0 adds a vanishing
               term); weaker evidence than the above (those instances may be narrower than
               the declarations), so listed apart, not counted as a survivor nor as killed;
  true         not equivalent, but SymPy shows the mutant true without the claim's check:
               it follows from the canonical form (an inequality with a side moved the loose
               way, such as a larger factor on the bigger side), it is a tautology (both
               sides of each relation SymPy-equal: P^{-1} = P^{-1}), a sum >= 0 of terms SymPy
               shows nonnegative (c_j c_j e^{...}), or, for a claim with no
               custom check, SymPy proves the mutant itself (a Hessian that drops a linear
               term), or, for a claim with a check of its own, it holds on every plain
               random instance where the canonical form holds (a cosine bound's fraction
               turned over: the canonical form allows only cosines in (0, 1]), or it is
               the canonical form for the entries of a sub-range, loosened (Cauchy-Schwarz
               with its left sum from i = 2), or it follows from norm bounds
               (submultiplicativity, ||W^T|| = ||W||, ||diag(x)|| <= a declared bound on
               ||x||_inf: an RNN's Jacobian product with its transpose dropped), or it
               follows by SymPy algebra from the other claims of the same check or a
               published theorem about the check's setting (GD's rate one step early from
               Drori and Teboulle's tight rate);
               listed, not counted as a survivor;
  survivor     anything else: the check lets a possibly different formula through, or cannot
               decide it ('error': the check cannot evaluate that form; 'crash': it raised).
               Some survivors are true statements of their own (a looser bound, a sign that
               does not change a symmetric law); the list says what the check answered so a
               person can judge.

The score is killed / (killed + survivors).  A full run takes a few minutes (--jobs 2: ~6).

  --topic T   only claims of topic T, or with id T or T.* (repeatable)
  --claim ID  only this claim (repeatable; same as --topic with an id)
  --jobs J    worker processes (default: the number of CPUs)
  --json      one JSON object instead of the text report
  --all       also list the claims with no survivor

The machinery lives in scripts/mutation/: forms.py (comparing a mutant with the canonical
form), equivalence.py, laws.py (a joint law's variables in another order), definitions.py, truth.py, implication.py, instances.py, norm_bounds.py, series.py and known_results.py (the ways
a mutant is shown equivalent or true without the claim's check), kernels.py (closure rules of positive
semi-definite kernels), score.py (one claim's score and the report).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # the mutation package

# the names the tests and other scripts use, from their modules
from mutation.equivalence import equivalent, same_conditioning, update_reading  # noqa: E402
from mutation.forms import EQUIV_TRIALS, SIMPLIFY_SECONDS  # noqa: E402
from mutation.implication import follows_on_allowed_instances, narrowed_instance  # noqa: E402
from mutation.instances import (_steered, computed_names,  # noqa: E402
                                instance_of_canonical)
from mutation.kernels import kernel_psd  # noqa: E402
from mutation.laws import joint_laws_ordered  # noqa: E402
from mutation.score import _report, score_claim  # noqa: E402
from mutation.series import (explicit_series_true, higher_power_series,  # noqa: E402
                             same_convergence, same_minimiser)
from mutation.truth import (_tautology, implied, nonnegative_sum,  # noqa: E402
                            shifted_instance, true_under_premises)

__all__ = ["equivalent", "same_conditioning", "shifted_instance", "update_reading", "implied",
           "true_under_premises", "_tautology",
           "computed_names", "instance_of_canonical", "same_convergence",
           "higher_power_series", "explicit_series_true", "same_minimiser", "score_claim",
           "nonnegative_sum", "kernel_psd", "joint_laws_ordered", "_steered", "EQUIV_TRIALS", "SIMPLIFY_SECONDS",
           "follows_on_allowed_instances", "narrowed_instance"]


def _selected(claims, names):
    if not names:
        return list(claims)
    wanted = set(names)
    return [c for c in claims
            if c.topic in wanted or any(c.id == t or c.id.startswith(t + ".") for t in wanted)]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 epilog=__doc__.split("\n\n", 1)[1],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--topic", action="append", default=[], metavar="T")
    ap.add_argument("--claim", action="append", default=[], metavar="ID")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, metavar="J")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--all", action="store_true")
    args = ap.parse_args(argv)
    sys.path.insert(0, ROOT)
    from cheatsheet.catalog import get_catalog

    claims = _selected(get_catalog(), args.topic + args.claim)
    if not claims:
        topics = sorted({c.topic for c in get_catalog()})
        print("no claim matches " + ", ".join(args.topic + args.claim)
              + "; topics: " + ", ".join(topics), file=sys.stderr)
        return 2
    start = time.perf_counter()
    ids = [c.id for c in claims]
    if args.jobs > 1 and len(ids) > 1:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(args.jobs) as pool:
            results = list(pool.map(score_claim, ids, chunksize=1))
    else:
        results = [score_claim(i) for i in ids]
    seconds = time.perf_counter() - start
    if args.json:
        killed = sum(r["killed"] for r in results)
        surv = sum(len(r["survivors"]) for r in results)
        print(json.dumps({"claims": results, "killed": killed, "survivors": surv,
                          "equivalent": sum(r["equivalent"] for r in results),
                          "unreadable": sum(r["unreadable"] for r in results),
                          "true": sum(len(r["true"]) for r in results),
                          "update": sum(len(r["update"]) for r in results),
                          "defined": sum(len(r["defined"]) for r in results),
                          "score": killed / (killed + surv) if killed + surv else 1.0},
                         indent=1))
    else:
        print(_report(results, args.all, seconds))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
