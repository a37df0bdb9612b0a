"""Spaced-repetition quiz on the checked catalog (``cheatsheet quiz``).

Import-light on purpose: the CLI imports ``cheatsheet.quiz.command`` for every command, so
nothing here pulls in Textual, SymPy or the checkers.

Modules: questions (kinds, Question, Bank), compute (worked examples with fresh numbers),
mutate (LaTeX mutations decided by the checker), fairness (which refuted forms are fair to
ask), refit (distractors equal up to free coefficients), sheet (questions on a student's own
sheet, from the audit), render (LaTeX -> Unicode), legend (the line
saying what a formula's symbols are), schedule (FSRS, ratings), store (SQLite progress),
session (order, scoring, summary), dates (dates for people), plain (line mode), app
(Textual), prepaint (the first question on screen before Textual is imported), command
(the click command).
"""
