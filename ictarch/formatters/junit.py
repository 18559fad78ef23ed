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


def _case(suite: ET.Element, classname: str, name: str, findings: list[Finding], report: Report) -> dict[str, int]:
    attrs = {"classname": classname, "name": name, "time": "0"}
    located = sorted((f.location for f in findings if f.location), key=lambda loc: (loc.file, loc.line, loc.column))
    if located:
        attrs |= {"file": located[0].file, "line": str(located[0].line)}
    case = ET.SubElement(suite, "testcase", attrs)
    failing = [f for f in findings if report.is_failing(f)]
    crashed = [f for f in failing if f.status is Status.ERROR]
    open_below = [f for f in findings if f.counts and not report.is_failing(f)]
    accepted = [f for f in findings if not f.counts]
    counts = {"failures": 0, "errors": 0, "skipped": 0}
    if crashed:
        err = ET.SubElement(case, "error", {"type": "crash", "message": crashed[0].message})
        err.text = "\n".join(f.message for f in crashed)
        counts["errors"] = 1
    elif failing:
        worst = max(failing, key=lambda f: f.severity.rank)
        fail = ET.SubElement(case, "failure", {"type": worst.severity.value, "message": worst.message})
        fail.text = "\n\n".join(_detail(f) for f in failing)
        counts["failures"] = 1
    elif open_below:
        worst = max(open_below, key=lambda f: f.severity.rank)
        skip = ET.SubElement(
            case, "skipped", {"message": f"below the failure threshold ({worst.severity.value}): {worst.message}"}
        )
        skip.text = "\n\n".join(_detail(f) for f in open_below)
        counts["skipped"] = 1
    elif accepted:
        first = accepted[0]
        why = f"waived: {first.waiver_reason or ''}" if first.status is Status.WAIVED else "baselined: in the baseline"
        ET.SubElement(case, "skipped", {"message": f"{why}: {first.message}"})
        counts["skipped"] = 1
    if findings:
        out = ET.SubElement(case, "system-out")
        out.text = "\n\n".join(f"{_state(f, report)}: {_detail(f)}" for f in findings)
    return counts


def _state(f: Finding, report: Report) -> str:
    if f.status is Status.WAIVED:
        return "waived"
    if f.baselined:
        return "baselined"
    if report.is_failing(f):
        return "failing"
    return f"below the failure threshold ({f.severity.value})"


def _detail(f: Finding) -> str:
    where = f"{f.location}: " if f.location else ""
    return f"{where}{f.code} [{f.severity.value}] {f.message}\n(reference: {f.reference})"


def to_junit(report: Report) -> str:
    root = ET.Element("testsuites", {"name": "ictarch"})
    by_check: dict[str, dict[tuple[str, str], list[Finding]]] = defaultdict(lambda: defaultdict(list))
    for f in report.findings:
        by_check[f.code][(f.province or "", f.subject)].append(f)
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    families: dict[str, list[str]] = defaultdict(list)
    for rule in sorted(report.rules, key=lambda r: r.code):
        families[rule.family].append(rule.code)
    names = {r.code: r.name for r in report.rules}
    stamp = report.generated_at.isoformat(timespec="seconds")
    for family in sorted(families, key=lambda fam: families[fam][0]):
        suite = ET.SubElement(root, "testsuite", {"name": family, "timestamp": stamp})
        counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
        for code in families[family]:
            classname = f"ictarch.{family}.{code}"
            groups = by_check.get(code, {})
            if not groups:
                _case(suite, classname, f"{code} {names[code]}", [], report)
                counts["tests"] += 1
                continue
            for (province, subject), findings in sorted(groups.items()):
                label = f"{code} {names[code]} [{province}] {subject}" if province else f"{code} {names[code]}"
                for key, n in _case(suite, classname, label, findings, report).items():
                    counts[key] += n
                counts["tests"] += 1
        for key, n in counts.items():
            suite.set(key, str(n))
            totals[key] += n
        suite.set("time", "0")
    for key, n in totals.items():
        root.set(key, str(n))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
