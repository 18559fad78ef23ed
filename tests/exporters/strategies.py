"""Hypothesis strategies: valid province models (plain YAML data) over the exporters' reference fixture.

Every field of the province format appears somewhere, with Vietnamese text, markup characters,
newlines and leading or trailing spaces, so that a round trip through another format is tested on
everything a model can hold.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

ICT_ITEMS = [
    "v.L1", "v.L2", "v.L2.portal", "v.L2.egov_apps", "v.L3", "v.L3.lgsp", "v.L3.iot", "v.L3.gis",
    "v.L4", "v.L4.dc", "v.X.SEC", "v.C.IOC",
]  # fmt: skip
EGOV_ITEMS = ["v.egov.prov", "v.egov.lgsp", "v.egov.portal"]
NATIONAL_ITEMS = ["v.nat.eid", "v.nat.ndxp"]
REF_ITEMS = [*ICT_ITEMS, *EGOV_ITEMS, "v.nat.core", *NATIONAL_ITEMS]
FRAMEWORKS = ["v.ict", "v.egov", "v.nat"]
KINDS = [
    "application", "platform", "portal", "database", "infrastructure", "network", "sensor-network",
    "centre", "security", "service", "channel", "stakeholder",
]  # fmt: skip
INDICATORS = ["v.kpi", "v.kpi.1"]
REFERENCE_DOCUMENTS = ["v.doc.ref"]

VI = "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹÁÀẢÃẠĐƯƠ"
MARKUP = " \n\t,:#'\"{}[]&<>-|*!%@`?"

EXOTIC = "\u00a0\u0301\u2028\u2029\ufeff\u200b€中😀\U0010fffd\ue000\x85"
"""No-break space, a combining accent, line and paragraph separators, BOM, zero-width space, wide characters."""
characters = st.sampled_from("abcXYZ019" + VI + MARKUP + EXOTIC)
texts = st.text(characters, min_size=1, max_size=24)
words = st.text(st.sampled_from("abcdefghij" + VI + " "), min_size=1, max_size=12).filter(lambda s: s.strip() != "")
idents = st.from_regex(r"[a-z][a-z0-9]{0,5}(\.[a-z0-9][a-z0-9-]{0,5}){0,2}", fullmatch=True)
years = st.integers(1990, 2100)
dates = st.dates(dt.date(1990, 1, 1), dt.date(2100, 12, 31))
provenances = st.sampled_from(["verified", "secondary", "unverified", "illustrative"])


@st.composite
def labels(draw: st.DrawFn, text: st.SearchStrategy[str] = texts) -> dict[str, str]:
    out = {"vi": draw(text)}
    if draw(st.booleans()):
        out["en"] = draw(st.one_of(text, st.just("")))
    return out


def _put(draw: st.DrawFn, item: dict[str, Any], key: str, strategy: st.SearchStrategy[Any]) -> None:
    """Set ``key`` to a drawn value about half of the time."""
    if draw(st.booleans()):
        item[key] = draw(strategy)


@st.composite
def periods(draw: st.DrawFn) -> dict[str, int]:
    start = draw(years)
    return {"start": start, "end": draw(st.integers(start, 2100))}


@st.composite
def source_refs(draw: st.DrawFn, documents: list[str]) -> dict[str, Any]:
    ref: dict[str, Any] = {"document": draw(st.sampled_from(documents))}
    _put(draw, ref, "section", texts)
    _put(draw, ref, "note", texts)
    return ref


@st.composite
def province_models(draw: st.DrawFn) -> dict[str, Any]:
    """A valid province model as plain data."""
    code = draw(idents)
    sources = draw(st.lists(idents, unique=True, max_size=2))
    documents = [*REFERENCE_DOCUMENTS, *sources]
    domains = draw(st.lists(idents, unique=True, max_size=3))
    phases = draw(st.lists(idents, unique=True, max_size=2))
    entities = draw(st.lists(idents.filter(lambda i: i != code), unique=True, max_size=8))
    cut = draw(st.integers(0, len(entities)))
    components, projects = entities[:cut], entities[cut:]

    def fact(item: dict[str, Any]) -> dict[str, Any]:
        _put(draw, item, "source", source_refs(documents))
        _put(draw, item, "provenance", provenances)
        return item

    model: dict[str, Any] = {"province": {"code": code, "name": draw(labels())}}
    if draw(st.booleans()):
        merge: dict[str, Any] = {"province": draw(idents), "name": draw(labels()), "effective": draw(dates)}
        _put(draw, merge, "basis", texts)
        _put(draw, merge, "provenance", provenances)
        _put(draw, merge, "note", texts)
        model["province"]["history"] = {"formed_from": [merge], "merged_into": merge}
    programme: dict[str, Any] = {"name": draw(labels())}
    _put(draw, programme, "period", periods())
    _put(draw, programme, "vision_year", years)
    _put(draw, programme, "pilot", labels())
    _put(draw, programme, "goals", st.lists(labels(), max_size=2))
    if draw(st.booleans()):
        doc: dict[str, Any] = {
            "id": draw(idents),
            "kind": draw(st.sampled_from(["scheme", "ict-architecture", "plan", "resolution"])),
            "title": draw(labels()),
            "cites": REFERENCE_DOCUMENTS,
        }
        _put(draw, doc, "number", texts)
        _put(draw, doc, "date", dates)
        _put(draw, doc, "period", periods())
        _put(draw, doc, "version", texts)
        programme["documents"] = [fact(doc)]
    if phases:
        programme["phases"] = [fact({"id": p, "name": draw(labels()), "period": draw(periods())}) for p in phases]
    if draw(st.booleans()):
        programme["solution_groups"] = [fact({"id": draw(idents), "name": draw(labels())})]
    model["programme"] = programme
    model["conforms_to"] = [
        fact({"framework": fw, **({"note": draw(texts)} if draw(st.booleans()) else {})})
        for fw in draw(st.lists(st.sampled_from(FRAMEWORKS), unique=True, max_size=3))
    ]
    if sources:
        model["sources"] = []
        for s in sources:
            src: dict[str, Any] = {"id": s, "title": draw(labels())}
            _put(draw, src, "publisher", texts)
            _put(draw, src, "date", dates)
            _put(draw, src, "url", texts)
            _put(draw, src, "note", texts)
            model["sources"].append(src)
    if domains:
        model["domains"] = []
        for d in domains:
            dom: dict[str, Any] = {"id": d, "name": draw(labels())}
            _put(draw, dom, "declared_project_count", st.integers(0, 50))
            model["domains"].append(fact(dom))
    model["components"] = [draw(_components(c, domains)) | {"id": c} for c in components]
    for c in model["components"]:
        fact(c)
    if components:
        model["relationships"] = []
        for _ in range(draw(st.integers(0, 4))):
            rel: dict[str, Any] = {
                "from": draw(st.sampled_from(components)),
                "to": draw(st.sampled_from([*components, *REF_ITEMS])),
                "type": draw(st.sampled_from(["depends_on", "serves", "data_flow", "hosted_on", "integrates_via"])),
            }
            _put(draw, rel, "description", labels())
            _put(draw, rel, "provenance", provenances)
            model["relationships"].append(rel)
    model["projects"] = []
    for p in projects:
        proj: dict[str, Any] = {"id": p, "name": draw(labels())}
        if domains:
            _put(draw, proj, "domain", st.sampled_from(domains))
        if phases:
            _put(draw, proj, "phase", st.sampled_from(phases))
        _put(draw, proj, "budget_vnd", st.integers(0, 10**14))
        _put(draw, proj, "funding", st.sampled_from(["central-budget", "provincial-budget", "ppp", "oda", "mixed"]))
        if draw(st.booleans()):
            span = draw(periods())
            proj["start_year"], proj["end_year"] = span["start"], span["end"]
        if components:
            _put(draw, proj, "delivers", st.lists(st.sampled_from(components), max_size=3))
        model["projects"].append(fact(proj))
    if draw(st.booleans()):
        target: dict[str, Any] = {"indicator": draw(st.sampled_from(INDICATORS)), "target": draw(texts)}
        _put(draw, target, "year", years)
        model["indicators"] = [fact(target)]
    if draw(st.booleans()):
        na: dict[str, Any] = {"component": draw(st.sampled_from(REF_ITEMS)), "justification": draw(labels())}
        _put(draw, na, "approver", texts)
        model["not_applicable"] = [na]
    if draw(st.booleans()):
        waiver: dict[str, Any] = {
            "check": draw(st.from_regex(r"ICT[0-9]{3}", fullmatch=True)),
            "subject": draw(st.sampled_from([code, *entities])),
            "reason": draw(texts),
            "approver": draw(texts),
        }
        _put(draw, waiver, "reference", texts)
        _put(draw, waiver, "expires", dates)
        model["waivers"] = [waiver]
    _put(draw, model, "provenance_note", texts)
    return model


@st.composite
def _components(draw: st.DrawFn, entity: str, domains: list[str]) -> dict[str, Any]:
    comp: dict[str, Any] = {
        "name": draw(labels()),
        "kind": draw(st.sampled_from(KINDS)),
        "status": draw(st.sampled_from(["existing", "in-progress", "planned", "retired"])),
    }
    _put(draw, comp, "description", labels())
    _put(draw, comp, "realizes", st.lists(st.sampled_from([*ICT_ITEMS, *NATIONAL_ITEMS]), max_size=3))
    _put(draw, comp, "egov_links", st.lists(st.sampled_from(EGOV_ITEMS), max_size=2))
    if domains:
        _put(draw, comp, "domain", st.sampled_from(domains))
    _put(draw, comp, "owner", labels())
    _put(draw, comp, "operator", labels())
    _put(draw, comp, "hosting", st.sampled_from(["provincial-data-centre", "government-cloud", "edge"]))
    _put(draw, comp, "citizen_facing", st.booleans())
    if draw(st.booleans()):
        dataset: dict[str, Any] = {"id": f"{entity}.data", "name": draw(labels())}
        _put(draw, dataset, "personal_data", st.booleans())
        if draw(st.booleans()):
            dataset["open_data"] = {"licence": draw(texts), "format": draw(words)}
        comp["data"] = [dataset]
    _put(draw, comp, "security_level", st.integers(1, 5))
    _put(draw, comp, "integration", st.sampled_from(["lgsp", "national-platform", "direct", "none"]))
    _put(draw, comp, "tags", st.lists(words, max_size=3))
    return comp
