"""Seeded generator of a national model with a realistic volume of findings (34 provinces x N components).

    python3 benchmarks/national.py --provinces 34 --components 2000 --out /tmp/n2000

Unlike ``generate.py`` (planted problems in otherwise unrelated systems, few findings), this model looks like
what 34 provinces would write after copying each other's plans: most applications come from one national pool
of system names (the same or a slightly varied name in many provinces), several integration platforms and
operations centres per province, each funded by its own projects in overlapping years, provinces that rebuild
national systems, a share of components with missing owners, security levels, impact assessments or
integration paths, some layers left empty, relationships that run against the roadmap, a few cycles. Every
province loads cleanly (no ICT00x error); what it holds shows up as findings, at about two per component.

The output depends only on ``--seed``, ``--provinces`` and ``--components``: the same arguments give the same
bytes.
"""

from __future__ import annotations

import argparse
import json
import random
from dataclasses import dataclass, field
from pathlib import Path

HEADER = "# yaml-language-server: $schema=../../schemas/{}/v1.json\nictarch: 1\n"

FUNCTIONS = [
    "quản lý",
    "giám sát",
    "theo dõi",
    "điều hành",
    "tra cứu",
    "cấp phép",
    "thống kê",
    "báo cáo",
    "tiếp nhận",
    "xử lý",
    "cảnh báo",
    "đánh giá",
]
OBJECTS = [
    "hồ sơ",
    "văn bản",
    "dữ liệu",
    "phản ánh",
    "thủ tục",
    "tài sản",
    "kế hoạch",
    "dự án",
    "hợp đồng",
    "chỉ tiêu",
    "camera",
    "thiết bị",
    "nhân lực",
    "học bạ",
    "bệnh án",
]
FIELDS = [
    ("giao thông", "ictrf.L2.traffic", "urban"),
    ("y tế", "ictrf.L2.healthcare", "health"),
    ("giáo dục", "ictrf.L2.education", "education"),
    ("cấp nước", "ictrf.L2.water", "urban"),
    ("rác thải", "ictrf.L2.waste", "environment"),
    ("điện lực", "ictrf.L2.grids", "urban"),
    ("chiếu sáng", "ictrf.L2.lighting", "urban"),
    ("đô thị", "ictrf.L2.city_management", "urban"),
    ("đất đai", None, "land"),
    ("môi trường", None, "environment"),
    ("du lịch", None, "tourism"),
    ("nông nghiệp", None, "agriculture"),
    ("xây dựng", None, "urban"),
    ("tài chính", None, "e-government"),
    ("văn hóa", None, "tourism"),
    ("lao động", None, "e-government"),
    ("tư pháp", None, "e-government"),
    ("an ninh trật tự", None, "security"),
]
DOMAINS = {
    "e-government": ("Chính quyền điện tử", "E-government"),
    "urban": ("Quản lý đô thị", "Urban management"),
    "health": ("Y tế", "Health"),
    "education": ("Giáo dục", "Education"),
    "environment": ("Tài nguyên và môi trường", "Environment"),
    "land": ("Đất đai", "Land"),
    "tourism": ("Văn hóa và du lịch", "Culture and tourism"),
    "agriculture": ("Nông nghiệp", "Agriculture"),
    "security": ("An ninh, trật tự", "Public order"),
}
VARIANTS = ["điện tử", "trực tuyến", "thông minh", "tập trung", "dùng chung"]
"""Words a province adds to a pooled name: a near-identical system under a slightly different name."""

NATIONAL = [  # national systems a province should reuse, not rebuild (ICT203, ICT204)
    ("ndaf.nat.data_sharing_platform", "Nền tảng chia sẻ dữ liệu", "platform"),
    ("ndaf.nat.api_registry", "Hệ thống đăng ký, công bố API", "platform"),
    ("ndaf.nat.public_service_portal", "Cổng dịch vụ công", "portal"),
    ("egov3.nat.people_data_warehouse", "Kho dữ liệu về người dân", "database"),
    ("ndaf.nat.government_cloud", "Nền tảng điện toán đám mây", "infrastructure"),
]
SHARED_EXTRA = [  # single-instance capabilities a province builds more than once (ICT201/202/207)
    ("ictrf.L3.data_integration", "Trục tích hợp dữ liệu", "platform", "egov2.prov.lgsp"),
    ("ictrf.C.IOC", "Trung tâm điều hành", "centre", None),
    ("ictrf.L3.iot_platform", "Nền tảng IoT", "platform", None),
    ("ictrf.L3.gis_platform", "Nền tảng GIS", "platform", None),
    ("ictrf.L3.shared_data_warehouse", "Kho dữ liệu", "database", None),
]
OTHER = [  # (kind, realizes, name stem) of the remaining components
    ("database", "ictrf.L3", "Cơ sở dữ liệu"),
    ("sensor-network", "ictrf.L6.sensor_network", "Mạng cảm biến"),
    ("infrastructure", "ictrf.L4", "Hạ tầng máy chủ"),
    ("network", "ictrf.L5", "Mạng truyền dẫn"),
    ("channel", "ictrf.L1", "Kênh thông tin"),
    ("service", "ictrf.L2", "Dịch vụ"),
    ("security", "ictrf.X.SEC", "Hệ thống bảo mật"),
]
OWNERS = ["Sở Khoa học và Công nghệ", "Văn phòng UBND tỉnh", "Sở Y tế", "Sở Giáo dục và Đào tạo", "Sở Xây dựng"]
STATUS = ["existing"] * 10 + ["in-progress"] * 4 + ["planned"] * 5 + ["retired"]
HOSTING = ["provincial-data-centre", "government-cloud", "commercial-cloud", "on-premises"]


def _q(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)


def name_pool(rng: random.Random, size: int) -> list[tuple[str, str | None, str]]:
    """``size`` distinct application names (name, L2 reference item or None, domain), the national pool."""
    suffixes = ("", " cấp xã", " liên thông")
    combos = [(f, o, fld, s) for s in suffixes for f in FUNCTIONS for o in OBJECTS for fld in FIELDS]
    rng.shuffle(combos)
    pool = []
    for f, o, (word, ref, domain), suffix in combos[:size]:
        pool.append((f"Hệ thống {f} {o} {word}{suffix}", ref, domain))
    return pool


@dataclass
class Province:
    code: str
    name: str
    comps: list[str] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    status: dict[str, str] = field(default_factory=dict)
    domain: dict[str, str] = field(default_factory=dict)
    rels: list[str] = field(default_factory=list)
    projects: list[str] = field(default_factory=list)

    def add(self, cid: str, vi: str, kind: str, realizes: list[str], rng: random.Random, **extra: object) -> None:
        status = str(extra.pop("status", rng.choice(STATUS)))
        domain = str(extra.pop("domain", "e-government"))
        lines = [
            f"  - id: {cid}",
            f"    name: {{vi: {_q(vi)}}}",
            f"    kind: {kind}",
            f"    realizes: [{', '.join(realizes)}]",
            f"    domain: {domain}",
            f"    status: {status}",
        ]
        for key, value in extra.items():
            lines.append(f"    {key}: {value}")
        self.comps.append("\n".join(lines))
        self.ids.append(cid)
        self.status[cid] = status
        self.domain[cid] = domain


def _attributes(rng: random.Random, citizen: bool) -> dict[str, object]:
    """Owner, operator, security and data of an ordinary system, with the gaps a real plan has."""
    a: dict[str, object] = {}
    if rng.random() > 0.25:
        a["owner"] = f"{{vi: {_q(rng.choice(OWNERS))}}}"
    if rng.random() > 0.3:
        a["operator"] = "{vi: Trung tâm Chuyển đổi số}"
    a["hosting"] = rng.choice(HOSTING)
    if citizen:
        a["citizen_facing"] = "true"
    if rng.random() > 0.35:
        a["security_level"] = rng.choice([1, 2, 2, 3, 3, 4])
    a["integration"] = rng.choice(["lgsp", "lgsp", "lgsp", "direct", "none"])
    return a


def province(k: int, n: int, pool: list[tuple[str, str | None, str]], rng: random.Random) -> dict[str, str]:
    """The YAML files of one province of ``n`` components."""
    code = f"p{k:02d}"
    p = Province(code, f"Tỉnh Thử Nghiệm {k:02d}")
    stake = f"{code}.citizens"
    p.add(stake, "Người dân và doanh nghiệp", "stakeholder", ["ictrf.L1"], rng, status="existing")
    lgsp = f"{code}.lgsp"
    p.add(
        lgsp,
        "Nền tảng tích hợp, chia sẻ dữ liệu tỉnh",
        "platform",
        ["ictrf.L3", "ictrf.L3.svc_integration"],
        rng,
        status="existing",
        egov_links="[egov2.prov.lgsp]",
        owner="{vi: Sở Khoa học và Công nghệ}",
        operator="{vi: Trung tâm Chuyển đổi số}",
        security_level=3,
    )
    portal = f"{code}.portal"
    p.add(
        portal,
        "Hệ thống thông tin giải quyết thủ tục hành chính tỉnh",
        "portal",
        ["ictrf.L2"],
        rng,
        status="existing",
        egov_links="[egov2.prov.public_service_portal]",
        owner="{vi: Văn phòng UBND tỉnh}",
        operator="{vi: Trung tâm Chuyển đổi số}",
        citizen_facing="true",
        security_level=3,
        integration="lgsp",
    )
    dc = f"{code}.data-centre"
    p.add(
        dc,
        "Trung tâm dữ liệu tỉnh",
        "infrastructure",
        ["ictrf.L4", "ictrf.L4.provincial_data_centre"],
        rng,
        status="existing",
        egov_links="[egov2.prov.data_centre]",
        owner="{vi: Sở Khoa học và Công nghệ}",
        operator="{vi: Trung tâm Chuyển đổi số}",
        security_level=3,
    )
    # some layers and cross-cutting systems left out in some provinces: gaps (ICT101-103)
    for ref, vi, kind, chance in (
        ("ictrf.L5.specialised_data_network", "Mạng truyền số liệu chuyên dùng", "network", 0.8),
        ("ictrf.L6.sensor_network", "Mạng cảm biến đô thị", "sensor-network", 0.6),
        ("ictrf.X.ID", "Hệ thống xác thực tập trung", "platform", 0.7),
        ("ictrf.X.OM", "Hệ thống vận hành, giám sát kỹ thuật", "platform", 0.6),
        ("ictrf.L1.citizen_app", "Ứng dụng công dân số", "channel", 0.7),
        ("ictrf.L3.open_data_portal", "Cổng dữ liệu mở", "portal", 0.5),
    ):
        if rng.random() < chance:
            p.add(
                f"{code}.core-{ref.split('.')[-1].replace('_', '-').lower()}",
                vi,
                kind,
                [ref.rsplit(".", 1)[0], ref] if "." in ref[6:] and not ref.startswith("ictrf.X") else [ref],
                rng,
                status="existing",
                owner="{vi: Sở Khoa học và Công nghệ}",
                operator="{vi: Trung tâm Chuyển đổi số}",
                security_level=3,
            )
    core = list(p.ids)
    # single-instance capabilities built again by departments: one group each, per province
    shared: list[str] = []
    for i in range(max(4, n // 60)):
        ref, stem, kind, link = SHARED_EXTRA[i % len(SHARED_EXTRA)] if i % 3 else SHARED_EXTRA[0]
        word, _, domain = FIELDS[i % len(FIELDS)]
        cid = f"{code}.shared-{i:04d}"
        extra = _attributes(rng, citizen=False)
        if link:
            extra["egov_links"] = f"[{link}]"
        p.add(
            cid,
            f"{stem} ngành {word}",
            kind,
            [ref],
            rng,
            domain=domain,
            status=rng.choice(["existing", "in-progress", "planned"]),
            **extra,
        )
        shared.append(cid)
    # national systems rebuilt by the province (ICT203; ICT204 across provinces)
    national: list[str] = []
    for i in range(max(1, n // 200)):
        ref, stem, kind = NATIONAL[(k + i) % len(NATIONAL)]
        cid = f"{code}.nat-{i:03d}"
        p.add(
            cid,
            f"{stem} tỉnh",
            kind,
            [ref],
            rng,
            status=rng.choice(["existing", "planned"]),
            **_attributes(rng, citizen=False),
        )
        national.append(cid)
    # applications: most from the national pool (near-identical across provinces)
    apps: list[str] = []
    n_apps = int(n * 0.7)
    for i, (base, ref, domain) in enumerate(rng.sample(pool, min(n_apps, len(pool)))):
        r = rng.random()
        if r < 0.25:
            vi = f"{base} {p.name}"  # the province's own name: the same name to a reviewer
        elif r < 0.4:
            vi = f"{base} {rng.choice(VARIANTS)}"
        else:
            vi = base
        citizen = rng.random() < 0.3
        extra = _attributes(rng, citizen)
        if rng.random() < 0.25:
            extra["data"] = (
                f"\n      - id: {code}.ds-{i:05d}\n        name: {{vi: {_q('Dữ liệu ' + base[9:])}}}\n"
                f"        personal_data: true"
            )
            if rng.random() < 0.2:
                extra["data"] += "\n        open_data: {licence: CC-BY-4.0}"
        if citizen and rng.random() < 0.5:
            extra["online_public_service"] = "true"
        cid = f"{code}.app-{i:05d}"
        p.add(cid, vi, "application", ["ictrf.L2", ref] if ref else ["ictrf.L2"], rng, domain=domain, **extra)
        apps.append(cid)
        if rng.random() < 0.02:  # the same system entered twice in one province (ICT205)
            words = vi.split()
            twin = " ".join(words[:1] + words[3:] + words[1:3])
            p.add(f"{cid}-b", twin, "application", ["ictrf.L2"], rng, domain=domain, **_attributes(rng, citizen))
            apps.append(f"{cid}-b")
    others: list[str] = []
    i = 0
    while len(p.ids) < n:
        kind, ref, stem = OTHER[i % len(OTHER)]
        word, _, domain = FIELDS[rng.randrange(len(FIELDS))]
        cid = f"{code}.sys-{i:05d}"
        p.add(cid, f"{stem} {word} số {i}", kind, [ref], rng, domain=domain, **_attributes(rng, citizen=False))
        others.append(cid)
        i += 1
    _relationships(p, rng, core, shared, national, apps, others, stake, lgsp, portal, dc)
    _projects(p, rng, shared)
    return _files(p)


def _relationships(
    p: Province,
    rng: random.Random,
    core: list[str],
    shared: list[str],
    national: list[str],
    apps: list[str],
    others: list[str],
    stake: str,
    lgsp: str,
    portal: str,
    dc: str,
) -> None:
    edges: set[tuple[str, str]] = set()

    def rel(a: str, b: str, kind: str) -> None:
        if a != b and (a, b) not in edges:
            edges.add((a, b))
            p.rels.append(f"  - {{from: {a}, to: {b}, type: {kind}}}")

    platforms = [lgsp, *shared, *national]
    for app in apps:
        rel(app, rng.choice(platforms), "depends_on")
        rel(app, dc, "hosted_on")
        if rng.random() < 0.5:
            rel(app, portal, "serves")
        for _ in range(rng.choice([0, 1, 2, 2])):
            rel(app, rng.choice(apps), "data_flow")
        if rng.random() < 0.3:
            rel(app, rng.choice(others) if others else lgsp, "depends_on")
    for s in others:
        rel(s, dc if rng.random() < 0.5 else rng.choice(platforms), "depends_on")
    for s in shared:
        rel(s, dc, "hosted_on")
    rel(portal, stake, "serves")
    rel(portal, lgsp, "integrates_via")
    for _ in range(3):  # a few dependency cycles (ICT401)
        a, b, c = rng.sample(apps, 3)
        rel(a, b, "depends_on")
        rel(b, c, "depends_on")
        rel(c, a, "depends_on")
    _ = core


def _projects(p: Province, rng: random.Random, shared: list[str]) -> None:
    """Projects of about 15 components each, years 2021-2030; each shared platform has its own projects."""
    delivered = set()
    n = 0

    def project(members: list[str], start: int, name: str) -> None:
        nonlocal n
        end = min(2030, start + rng.choice([0, 1, 1, 2, 3]))
        p.projects.append(
            f"  - id: {p.code}.prj-{n:04d}\n    name: {{vi: {_q(name)}}}\n"
            f"    domain: {p.domain[members[0]] if members else 'e-government'}\n"
            f"    budget_vnd: {rng.randint(2, 400) * 500_000_000}\n"
            f"    funding: {rng.choice(['provincial-budget', 'central-budget', 'mixed', 'ppp', 'oda'])}\n"
            f"    start_year: {start}\n    end_year: {end}\n    delivers: [{', '.join(members)}]"
        )
        delivered.update(members)
        n += 1

    for s in shared:  # many projects per shared capability, in overlapping years (ICT202)
        for _ in range(rng.choice([1, 1, 2])):
            project([s], rng.randint(2022, 2027), f"Đầu tư {s.split('.')[-1]}")
    rest = [c for c in p.ids if c not in delivered and p.status[c] != "retired"]
    rng.shuffle(rest)
    step = 15
    for i in range(0, len(rest), step):
        chunk = [c for c in rest[i : i + step] if p.status[c] != "existing" or rng.random() < 0.5]
        chunk = [c for c in chunk if rng.random() > 0.15]  # a few planned systems no project delivers (ICT404)
        if chunk:
            project(sorted(chunk), rng.randint(2021, 2029), f"Dự án thành phần {i // step}")


def _files(p: Province) -> dict[str, str]:
    domains = "".join(f"  - id: {d}\n    name: {{vi: {_q(vi)}, en: {_q(en)}}}\n" for d, (vi, en) in DOMAINS.items())
    main = (
        HEADER.format("province-model") + f"province:\n  code: {p.code}\n  name: {{vi: {_q(p.name)}}}\n"
        "programme:\n  name: {vi: Đề án xây dựng đô thị thông minh}\n"
        "  phases:\n"
        f"    - {{id: {p.code}.ph1, name: {{vi: Giai đoạn 2021-2025}}, period: {{start: 2021, end: 2025}}}}\n"
        f"    - {{id: {p.code}.ph2, name: {{vi: Giai đoạn 2026-2030}}, period: {{start: 2026, end: 2030}}}}\n"
        "conforms_to:\n  - framework: vn.ictrf.1.0\n  - framework: vn.egov.eaf.2.0\n"
        f"domains:\n{domains}"
        "include: [components.yaml, relationships.yaml, projects.yaml]\n"
    )
    frag = HEADER.format("province-fragment")
    return {
        "province.yaml": main,
        "components.yaml": frag + "components:\n" + "\n".join(p.comps) + "\n",
        "relationships.yaml": frag + "relationships:\n" + "\n".join(p.rels) + "\n",
        "projects.yaml": frag + "projects:\n" + "\n".join(p.projects) + "\n",
    }


def generate(out: Path, provinces: int, components: int, seed: int) -> int:
    """Write the model under ``out`` (one folder per province); return the number of bytes written."""
    rng = random.Random(seed)
    pool = name_pool(random.Random(seed + 1), max(50, int(components * 0.75)))
    size = 0
    for k in range(1, provinces + 1):
        files = province(k, components, pool, random.Random(rng.randrange(2**32)))
        folder = out / f"p{k:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            data = text.encode("utf-8")
            (folder / name).write_bytes(data)
            size += len(data)
    return size


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--provinces", type=int, default=34)
    ap.add_argument("--components", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=20260701)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    size = generate(args.out, args.provinces, args.components, args.seed)
    print(f"wrote {args.provinces} provinces × {args.components} components ({size / 2**20:.1f} MiB) to {args.out}")


if __name__ == "__main__":
    main()
