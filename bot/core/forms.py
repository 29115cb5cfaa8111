"""Checks shared by the app's forms (the share modal, the gap answer modal)."""

from __future__ import annotations


def text_problem(text: str, *, name: str, limit: int, missing: str, over: str = "") -> str | None:
    """What is wrong with a required text field, for an inline error; None when it is fine."""
    if not text.strip():
        return missing
    if len(text) > limit:
        return f"Keep the {name} under {limit} characters ({len(text)} now){over}."
    return None
