"""Every fixed label of the review site, in Vietnamese and English: key → (vi, en).

The texts live in ictarch's message catalogue (``ictarch/locale/*.yaml``) under ``site.<key>``; this
module gives the site its pairs. Names in models are bilingual already.
"""

from __future__ import annotations

from ictarch.i18n import catalogue

PREFIX = "site."

LABELS: dict[str, tuple[str, str]] = {
    key.removeprefix(PREFIX): (text, catalogue("en")[key])
    for key, text in catalogue("vi").items()
    if key.startswith(PREFIX)
}
