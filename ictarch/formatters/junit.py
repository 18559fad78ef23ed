"""JUnit XML for CI dashboards: a test suite per check family, a test case per check and subject.

The mapping, chosen so that no finding shows as a green test and the dashboard agrees with the
exit code:

- a check that reports nothing is one passing test case;
- findings that fail the run (open, at or above ``fail_on``) are a ``<failure>`` whose ``type``
  is the worst severity;
- open findings below the threshold are ``<skipped>`` with the message "below the failure
  threshold (SEVERITY): ..." (visible, yet not failing the build, as the exit code);
- waived findings and findings in the baseline are ``<skipped>`` with "waived: reason" or
  "baselined: ...";
- a crashed check is an ``<error>``.

A test case with findings has ``file`` and ``line`` attributes (the first finding's YAML location,
as the path is printed: relative to the working directory), which GitLab and the common
annotation actions link; every finding of the case is listed in ``<system-out>``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict

from ictarch.findings import Finding, Report, Status
from ictarch.formatters.jsonstream import Write
from ictarch.i18n import DEFAULT_LANG, msg, t


def _counts(findings: list[Finding], report: Report) -> dict[str, int]:
    """What a test case adds to its suite's counts (without rendering it)."""
    counts = {"failures": 0, "errors": 0, "skipped": 0}
    failing = [f for f in findings if report.is_failing(f)]
    if any(f.status is Status.ERROR for f in failing):
        counts["errors"] = 1
    elif failing:
        counts["failures"] = 1
    elif findings:
        counts["skipped"] = 1
    return counts


def _case(classname: str, name: str, findings: list[Finding], report: Report, lang: str) -> ET.Element:
    attrs = {"classname": classname, "name": name, "time": "0"}
    located = sorted((f.location for f in findings if f.location), key=lambda loc: (loc.file, loc.line, loc.column))
    if located:
        attrs |= {"file": located[0].file, "line": str(located[0].line)}
    case = ET.Element("testcase", attrs)
    failing = [f for f in findings if report.is_failing(f)]
    crashed = [f for f in failing if f.status is Status.ERROR]
    open_below = [f for f in findings if f.counts and not report.is_failing(f)]
    accepted = [f for f in findings if not f.counts]
    if crashed:
        err = ET.SubElement(case, "error", {"type": "crash", "message": crashed[0].text(lang)})
        err.text = "\n".join(f.text(lang) for f in crashed)
    elif failing:
        worst = max(failing, key=lambda f: f.severity.rank)
        fail = ET.SubElement(case, "failure", {"type": worst.severity.value, "message": worst.text(lang)})
        fail.text = "\n\n".join(_detail(f, lang) for f in failing)
    elif open_below:
        worst = max(open_below, key=lambda f: f.severity.rank)
        below = t("report.junit-below", lang, severity=msg(f"severity.{worst.severity.value}"), detail=worst.text(lang))
        skip = ET.SubElement(case, "skipped", {"message": below})
        skip.text = "\n\n".join(_detail(f, lang) for f in open_below)
    elif accepted:
        first = accepted[0]
        why = (
            t("report.junit-waived", lang, reason=first.waiver_reason or "")
            if first.status is Status.WAIVED
            else t("report.junit-baselined", lang)
        )
        ET.SubElement(case, "skipped", {"message": f"{why}: {first.text(lang)}"})
    if findings:
        out = ET.SubElement(case, "system-out")
        out.text = "\n\n".join(f"{_state(f, report, lang)}: {_detail(f, lang)}" for f in findings)
    return case


def _state(f: Finding, report: Report, lang: str) -> str:
    if f.status is Status.WAIVED:
        return t("report.junit-state-waived", lang)
    if f.baselined:
        return t("report.junit-state-baselined", lang)
    if report.is_failing(f):
        return t("report.junit-state-failing", lang)
    return t("report.junit-state-below", lang, severity=msg(f"severity.{f.severity.value}"))


def _detail(f: Finding, lang: str) -> str:
    where = f"{f.location}: " if f.location else ""
    reference = t("report.junit-detail-reference", lang, reference=f.reference)
    return f"{where}{f.code} [{t(f'severity.{f.severity.value}', lang)}] {f.text(lang)}\n{reference}"


Case = tuple[str, str, list[Finding]]
"""A test case: its class name, its name, and its findings."""


def _suites(report: Report) -> list[tuple[str, list[Case]]]:
    """The test suites (a check family each) and their cases, in order."""
    by_check: dict[str, dict[tuple[str, str], list[Finding]]] = defaultdict(lambda: defaultdict(list))
    for f in report.findings:
        by_check[f.code][(f.province or "", f.subject)].append(f)
    families: dict[str, list[str]] = defaultdict(list)
    for rule in sorted(report.rules, key=lambda r: r.code):
        families[rule.family].append(rule.code)
    names = {r.code: r.name for r in report.rules}
    suites = []
    for family in sorted(families, key=lambda fam: families[fam][0]):
        cases: list[Case] = []
        for code in families[family]:
            classname = f"ictarch.{family}.{code}"
            groups = by_check.get(code, {})
            if not groups:
                cases.append((classname, f"{code} {names[code]}", []))
            for (province, subject), findings in sorted(groups.items()):
                label = f"{code} {names[code]} [{province}] {subject}" if province else f"{code} {names[code]}"
                cases.append((classname, label, findings))
        suites.append((family, cases))
    return suites


def _opening(tag: str, attrs: dict[str, str]) -> str:
    """The opening tag of an element, as ElementTree writes it (attributes in order, escaped)."""
    whole = ET.tostring(ET.Element(tag, attrs), encoding="unicode", short_empty_elements=False)
    return whole[: -len(f"</{tag}>")]


def write_junit(report: Report, write: Write, lang: str = DEFAULT_LANG) -> None:
    """The JUnit XML, test case by test case, as ``ET.indent`` and ``ET.tostring`` write the whole tree.

    The counts of the suites and of the whole run stand in their opening tags: they are counted first,
    without rendering a message.
    """
    suites = _suites(report)
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    suite_counts = []
    for _family, cases in suites:
        counts = {"tests": len(cases), "failures": 0, "errors": 0, "skipped": 0}
        for _classname, _name, findings in cases:
            for key, n in _counts(findings, report).items():
                counts[key] += n
        suite_counts.append(counts)
        for key, n in counts.items():
            totals[key] += n
    write('<?xml version="1.0" encoding="UTF-8"?>\n')
    root = {"name": "ictarch"} | {key: str(n) for key, n in totals.items()}
    if not suites:
        write(ET.tostring(ET.Element("testsuites", root), encoding="unicode") + "\n")
        return
    write(_opening("testsuites", root))
    stamp = report.generated_at.isoformat(timespec="seconds")
    for (family, cases), counts in zip(suites, suite_counts, strict=True):
        attrs = {"name": family, "timestamp": stamp} | {key: str(n) for key, n in counts.items()} | {"time": "0"}
        write("\n  " + _opening("testsuite", attrs))
        for classname, name, findings in cases:
            case = _case(classname, name, findings, report, lang)
            ET.indent(case, level=2)
            write("\n    " + ET.tostring(case, encoding="unicode"))
        write("\n  </testsuite>")
    write("\n</testsuites>\n")


def to_junit(report: Report, lang: str = DEFAULT_LANG) -> str:
    out: list[str] = []
    write_junit(report, out.append, lang)
    return "".join(out)
