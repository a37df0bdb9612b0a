"""Shared by the mutant tests: a mutated form decided by its claim's own check, and the
mutation-score script loaded as a module."""
from __future__ import annotations

import importlib.util
import warnings
from pathlib import Path

import numpy as np

from cheatsheet.catalog import get_catalog
from cheatsheet.verify.check import check_version

ROOT = Path(__file__).resolve().parent.parent


def decide_mutant(claim_id: str, latex: str):
    """The evidence of the claim's check on ``latex`` (seed 0, as the mutation run decides)."""
    claim = get_catalog()[claim_id]
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        return check_version(claim, latex, claim.declarations, claim.layout, list(claim.assume),
                             seed=0, key=("mutant",), symbolic_first=False, thorough=False)


def mutation_script():
    """scripts/mutation_score.py as a module."""
    spec = importlib.util.spec_from_file_location("mutation_score",
                                                  ROOT / "scripts" / "mutation_score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod
