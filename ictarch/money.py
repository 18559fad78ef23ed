"""Budgets as provincial documents write them: billions of đồng (tỷ đồng)."""

from __future__ import annotations


def format_vnd(amount: int | None, lang: str = "vi", missing: str = "—") -> str:
    """``95000000000`` → ``95.0 tỷ đồng`` (``95.0 bn VND`` in English); ``missing`` when unknown."""
    if amount is None:
        return missing
    return f"{amount / 1e9:,.1f} " + ("bn VND" if lang == "en" else "tỷ đồng")
