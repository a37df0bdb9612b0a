"""The mutation score's machinery (scripts/mutation_score.py is the command): comparing forms,
equivalence, mutants shown true, and scoring a claim."""
