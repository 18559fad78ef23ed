"""ICT9xx: the waivers themselves — expired ones and ones that no longer waive anything."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from ictarch.checks.spec import CheckContext, check
from ictarch.findings import FindingDraft, Severity
from ictarch.i18n import msg
from ictarch.loading import Workspace
from ictarch.models.province import Waiver


def is_expired(waiver: Waiver, run_date: dt.date) -> bool:
    """A waiver past its expiry date no longer waives anything."""
    return waiver.expires is not None and waiver.expires < run_date


@check(
    code="ICT901",
    name="waiver.expired",
    severity=Severity.MEDIUM,
    groups=("core", "waiver"),
    reference=("vn.269-2025-ND-CP", "Điều 4 khoản 1"),
    scope="province",
)
def waiver_expired(ctx: CheckContext) -> Iterator[FindingDraft]:
    """A waiver has passed its expiry date.

    Rationale:
        A waiver records an accepted deviation from the national frameworks (Decree 269/2025/NĐ-CP
        Art. 4(1): compliance with the law and the national orientation) for a time. Once it expires the
        deviation is no longer accepted: the waived finding is reported again, and the waiver itself is
        reported so that it is renewed with a new decision or removed.

    Anti-pattern:
        waivers:
          - {check: ICT201, subject: my.transport-iot, reason: pilot, approver: Sở KH&CN, expires: 2024-12-31}

    Best practice:
        waivers:
          - check: ICT201
            subject: my.transport-iot
            reason: Thí điểm đến khi nền tảng IoT dùng chung vận hành
            approver: Sở KH&CN
            reference: Quyết định 45/QĐ-SKHCN
            expires: 2026-12-31

    Reference:
        Nghị định 269/2025/NĐ-CP, Điều 4 khoản 1.
    """
    for loaded in ctx.workspace.provinces:
        for w in loaded.waivers():
            if not is_expired(w, ctx.run_date):
                continue
            yield FindingDraft(
                subject=w.subject,
                province=loaded.code,
                related=(w.check,),
                message=msg(
                    "finding.ICT901", check=w.check, subject=w.subject, approver=w.approver, expires=w.expires
                ),
            )


@check(
    code="ICT902",
    name="waiver.unused",
    severity=Severity.LOW,
    groups=("core", "waiver"),
    reference=("vn.269-2025-ND-CP", "Điều 4 khoản 1"),
    engine=True,
)
def waiver_unused(ctx: CheckContext) -> Iterator[FindingDraft]:
    """A waiver waives nothing: its check no longer reports its subject.

    Rationale:
        A waiver that matches no finding is stale: the deviation was fixed, the subject renamed, or the
        waiver names the wrong check. Left in place it would silently hide the next real finding on that
        subject, so it is reported (as unused suppressions are by linters) and should be removed: a
        deviation from the national frameworks (Decree 269/2025/NĐ-CP Art. 4(1)) is accepted only while
        it exists. The runner computes this after the other checks, and only for checks that ran.

    Anti-pattern:
        waivers:
          - {check: ICT501, subject: my.gis-platform, reason: chưa phân loại, approver: Sở KH&CN}
        components:
          - id: my.gis-platform
            name: {vi: Nền tảng GIS dùng chung}
            kind: platform
            status: existing
            security_level: 3

    Best practice:
        waivers: []

    Reference:
        Nghị định 269/2025/NĐ-CP, Điều 4 khoản 1.
    """
    yield from ()


def unused_waivers(
    ws: Workspace, used: set[tuple[str, Waiver]], ran: Iterable[str], known: Iterable[str], run_date: dt.date
) -> Iterator[FindingDraft]:
    """Waivers (not expired) whose check ran and matched nothing, or that name an unknown check."""
    ran_codes, known_codes = set(ran), set(known)
    for loaded in ws.provinces:
        for w in loaded.waivers():
            if is_expired(w, run_date) or (loaded.code, w) in used:
                continue
            if w.check not in known_codes:
                why = msg("finding.ICT902.not-a-check", check=w.check)
            elif w.check in ran_codes:
                why = msg("finding.ICT902.reports-nothing", check=w.check, subject=w.subject)
            else:
                continue
            yield FindingDraft(
                subject=w.subject,
                province=loaded.code,
                related=(w.check,),
                message=msg("finding.ICT902", check=w.check, subject=w.subject, why=why),
            )
