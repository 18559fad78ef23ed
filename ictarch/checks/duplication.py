"""ICT2xx: duplicate investment (đầu tư trùng lặp) — what the family's checks share.

The checks live in modules named after the family: ``duplication_capability`` (ICT201, ICT202, ICT206,
ICT207: one capability run twice in a province), ``duplication_national`` (ICT203, ICT204: national
systems rebuilt, provinces building the same thing) and ``duplication_names`` (ICT205: near-identical
names). Every check groups candidates by a key (a capability, a name key, a rare word) and compares only
within groups: the cost grows with the model, never with the number of pairs.

A group of duplicates is reported as **one finding**: its subject is the first member (by id), where the
finding is placed in the YAML; ``related`` holds the other members; the message states the count and
names at most :data:`~ictarch.checks._lookup.SAMPLE` members, so its size does not grow with the group.
A waiver of such a check may name any member of the group (``grouped=True`` in
:func:`~ictarch.checks.spec.check`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from ictarch.checks.spec import CheckContext
from ictarch.i18n import Msg, msg
from ictarch.loading import LoadedArchitecture, Workspace
from ictarch.models.common import Provenance
from ictarch.models.province import Component, Investment
from ictarch.models.reference import CapabilityLevel, Layer, ReferenceComponent

SOUND = frozenset({Provenance.VERIFIED, Provenance.SECONDARY})
"""Provenance a reference item needs before a gating check may rest on it."""

SIMILARITY = 0.75
"""Weighted Jaccard similarity of two names (IDF-weighted words) at or above which they are near-identical."""

STOPWORDS = frozenset({"va", "cua", "cac", "cho", "tai", "tren", "voi", "trong", "tinh", "o", "la"})
"""Folded Vietnamese words that carry no meaning in a system's name (và, của, các, cho, tại, tỉnh ...)."""

_WORD = re.compile(r"\w+")
_TOKEN = re.compile(r"\w+|[^\w\s]+")
_MARKS = re.compile("[\u0300-\u036f]")
"""Combining diacritical marks: every Vietnamese tone and vowel mark after NFD."""


def fold(text: str) -> str:
    """Vietnamese diacritics folded away: NFD, combining marks stripped, đ→d, lower case.

    Other characters are kept, so that word boundaries stay where they were.
    """
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d").replace("Đ", "d"))
    return _MARKS.sub("", decomposed)


def words(text: str) -> list[tuple[str, str]]:
    """The words of a name as (as written, lower case; folded) pairs, in order."""
    out = []
    for w in _WORD.findall(unicodedata.normalize("NFC", text.lower())):
        f = fold(w)
        if f:
            out.append((w, f))
    return out


def name_tokens(text: str, ignore: Iterable[str] = ()) -> frozenset[str]:
    """The folded words of a name that carry meaning: without stop words and ``ignore`` (the province's name)."""
    return _folded_words(text).difference(ignore)


@lru_cache(maxsize=1 << 16)
def _folded_words(text: str) -> frozenset[str]:
    """The folded words of a name less the stop words, once per distinct name: provinces copy each other's
    system names, so a national run folds the same text in province after province."""
    return frozenset(f for f in _WORD.findall(fold(text)) if f not in STOPWORDS)


def province_words(loaded: LoadedArchitecture) -> set[str]:
    """The folded words of the province's name, which say nothing in the names of its own systems."""
    return {fold(w) for w in _WORD.findall(loaded.architecture.province.name.vi)}


def shared_phrases(text: str, shared: Iterable[str]) -> str:
    """The shared words as written in ``text``, adjacent ones joined into phrases: 'nền tảng, iot'.

    Punctuation ends a phrase, as a word that is not shared does.
    """
    keep = set(shared)
    phrases: list[list[str]] = []
    run: list[str] = []
    for m in _TOKEN.finditer(unicodedata.normalize("NFC", text.lower())):
        token = m.group(0)
        if fold(token) in keep:
            run.append(token)
        elif run:
            phrases.append(run)
            run = []
    if run:
        phrases.append(run)
    seen: list[str] = []
    for p in phrases:
        phrase = " ".join(p)
        if phrase not in seen:
            seen.append(phrase)
    return ", ".join(seen)


# --------------------------------------------------------------------------- groups


def capability_groups(ctx: CheckContext, loaded: LoadedArchitecture) -> dict[str, list[Component]]:
    """Live components of a province by single-instance, province-level capability, each sorted by id."""
    national = national_capabilities(ctx.workspace)
    groups = ctx.index.single_instance_providers(loaded.code)
    return {cap: comps for cap, comps in sorted(groups.items()) if cap not in national}


def sound_single_instance(ws: Workspace) -> set[str]:
    """Capabilities that a verified or secondary reference item says a province runs once."""
    cat = ws.catalogue
    items: list[ReferenceComponent | Layer] = [*cat.components.values(), *cat.layers.values()]
    return {i.capability for i in items if i.single_instance and i.capability and i.provenance in SOUND}


def inherited(members: Iterable[Component]) -> bool:
    """Whether a group is made of systems inherited from two or more former provinces (the 2025 merger)."""
    comps = list(members)
    origins = {c.origin for c in comps}
    return bool(comps) and None not in origins and len(origins) >= 2


def national_capabilities(ws: Workspace, sound_only: bool = False) -> set[str]:
    return {
        c.id
        for c in ws.catalogue.capabilities.values()
        if c.provided_at is CapabilityLevel.NATIONAL and (not sound_only or c.provenance in SOUND)
    }


def projects_of(ctx: CheckContext, loaded: LoadedArchitecture, comp: Component) -> list[Investment]:
    """The projects that deliver a component, by id."""
    return ctx.index.deliverers(loaded.code, comp.id)


def capability_name(ws: Workspace, cap: str) -> str:
    found = ws.catalogue.capabilities.get(cap)
    return f"{cap} '{found.name.vi}'" if found else cap


def budget(projects: Iterable[Investment]) -> Msg:
    """The summed budget of the projects (each counted once), saying how many have none."""
    unique = {p.id: p for p in projects}.values()
    known = [p.budget_vnd for p in unique if p.budget_vnd is not None]
    unknown = sum(1 for p in unique if p.budget_vnd is None)
    if not known:
        return msg("finding.budget.none")
    if unknown:
        return msg("finding.budget.partly", amount=sum(known), unknown=unknown)
    return msg("finding.budget.amount", amount=sum(known))


def years(p: Investment) -> str:
    return f"{p.start_year}–{p.end_year}"
