"""Amounts and numbers as provincial documents write them: tỷ đồng / triệu đồng, dấu chấm phân cách hàng nghìn."""

from __future__ import annotations


def format_number(value: float, lang: str = "vi", decimals: int = 0) -> str:
    """``12500`` → ``12.500`` in Vietnamese (dấu chấm phân cách hàng nghìn), ``12,500`` in English."""
    text = f"{value:,.{decimals}f}"
    if lang != "en":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


def format_vnd(amount: int | None, lang: str = "vi", missing: str = "—") -> str:
    """An amount in đồng: ``95 tỷ đồng``, ``1,5 tỷ đồng``, ``500 triệu đồng``; in English ``95 billion VND``.

    One decimal at most, none when it is zero; ``missing`` when the amount is unknown.
    """
    if amount is None:
        return missing
    vi = lang != "en"
    if abs(amount) >= 1_000_000_000 or amount == 0:
        value, unit = amount / 1e9, ("tỷ đồng" if vi else "billion VND")
    else:
        value, unit = amount / 1e6, ("triệu đồng" if vi else "million VND")
    text = format_number(value, lang, 1).removesuffix(",0" if vi else ".0")
    return f"{text} {unit}"
