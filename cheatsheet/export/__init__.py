"""Exports of the checked catalog to other study tools (``cheatsheet export ...``)."""
