"""Seeded generator of a national-scale synthetic model, with planted problems and a clean control.

    python3 benchmarks/generate.py --provinces 34 --components 2000 --out benchmarks/out/n2000
    python3 benchmarks/generate.py --provinces 34 --components 2000 --clean --out benchmarks/out/n2000-clean

Each province gets components with about three relationships each, projects, and (unless
--clean) 10% planted duplicate investments (a second component of a single-instance shared
capability, delivered by its own project), a few planted dependency cycles and dangling links.
The planted items are listed in ``planted.json`` beside the model so tests can check that every
one is found.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

HEADER = "# yaml-language-server: $schema=../../../../schemas/{}/v1.json\nictarch: 1\n"
SHARED = [  # single-instance capabilities (reference components) a province should build once
    ("ictrf.L3.iot_platform", "Nền tảng IoT", "IoT platform"),
    ("ictrf.L3.gis_platform", "Nền tảng GIS", "GIS platform"),
    ("ictrf.L3.open_data_portal", "Cổng dữ liệu mở", "Open-data portal"),
    ("ictrf.L4.provincial_data_centre", "Trung tâm dữ liệu tỉnh", "Provincial data centre"),
    ("ictrf.L3.shared_data_warehouse", "Kho dữ liệu dùng chung", "Shared data warehouse"),
]
LAYERS = ["ictrf.L1", "ictrf.L2", "ictrf.L2", "ictrf.L2", "ictrf.L3", "ictrf.L4", "ictrf.L5", "ictrf.L6"]
KINDS = {
    "ictrf.L1": "channel",
    "ictrf.L2": "application",
    "ictrf.L3": "platform",
    "ictrf.L4": "infrastructure",
    "ictrf.L5": "network",
    "ictrf.L6": "sensor-network",
}
WORDS = [
    "quản lý",
    "giám sát",
    "dịch vụ",
    "dữ liệu",
    "giao thông",
    "y tế",
    "giáo dục",
    "du lịch",
    "môi trường",
    "đất đai",
    "xây dựng",
    "nông nghiệp",
    "an ninh",
    "văn hóa",
    "tài chính",
    "nhân sự",
    "văn bản",
    "hồ sơ",
]


def _q(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)


def province(
    code: str, n: int, rng: random.Random, clean: bool, dangling: bool = True
) -> tuple[dict[str, str], dict[str, list[object]]]:
    """The YAML files of one province, and what was planted in it."""
    planted: dict[str, list[object]] = {"duplicates": [], "cycles": [], "dangling": []}
    comps: list[str] = []
    ids: list[str] = []
    layer_of: dict[str, str] = {}
    for cap, vi, en in SHARED:
        cid = f"{code}.shared-{cap.split('.')[-1].replace('_', '-')}"
        ids.append(cid)
        layer_of[cid] = cap.rsplit(".", 1)[0]
        comps.append(_component(cid, vi, en, "platform", cap, "existing", 3))
    for extra, (layer, vi, en) in enumerate(
        [
            ("ictrf.X.SEC", "Hệ thống giám sát an toàn thông tin", "SOC"),
            ("ictrf.X.OM", "Hệ thống vận hành", "Operations"),
            ("ictrf.C.IOC", "Trung tâm IOC", "IOC"),
        ]
    ):
        cid = f"{code}.core-{extra}"
        ids.append(cid)
        layer_of[cid] = layer
        comps.append(_component(cid, vi, en, "centre" if "IOC" in layer else "security", layer, "existing", 3))
    n_dup = 0 if clean else n // 10
    while len(ids) < n - n_dup:
        i = len(ids)
        layer = rng.choice(LAYERS)
        cid = f"{code}.c{i:05d}"
        name = " ".join(rng.sample(WORDS, 3))
        ids.append(cid)
        layer_of[cid] = layer
        comps.append(
            _component(
                cid,
                f"Hệ thống {name} số {int(code[1:]) * 100_000 + i}",
                f"System {int(code[1:]) * 100_000 + i}",
                KINDS[layer],
                layer,
                rng.choice(["existing", "in-progress", "planned"]),
                rng.randint(1, 4),
            )
        )
    for d in range(n_dup):  # a second instance of a shared capability, funded separately
        cap, vi, en = SHARED[d % len(SHARED)]
        cid = f"{code}.dup{d:05d}"
        ids.append(cid)
        layer_of[cid] = cap.rsplit(".", 1)[0]
        comps.append(_component(cid, f"{vi} bổ sung {d}", f"{en} (second) {d}", "platform", cap, "planned", 3))
        planted["duplicates"].append(cid)
    rels: list[str] = []
    ordinary = [c for c in ids if c.startswith(f"{code}.c0")]
    edges: set[tuple[str, str]] = set()
    # a DAG: components depend only on components created before them, so cycles are exactly the planted ones
    position = {c: i for i, c in enumerate(ids)}
    for cid in ids:
        for _ in range(3):
            if position[cid] == 0:
                break
            target = ids[rng.randrange(0, position[cid])]
            if (cid, target) not in edges:
                edges.add((cid, target))
                rels.append(f"  - {{from: {cid}, to: {target}, type: {rng.choice(['depends_on', 'data_flow'])}}}")
    if not clean:
        for k in range(3):  # planted cycles: a -> b -> c -> a among ordinary components
            a, b, c = rng.sample(ordinary, 3)
            for u, v in ((a, b), (b, c), (c, a)):
                rels.append(f"  - {{from: {u}, to: {v}, type: depends_on}}")
            planted["cycles"].append(sorted([a, b, c]))
            _ = k
        for k in range(2 if dangling else 0):  # planted dangling links (load errors)
            ghost = f"{code}.ghost{k}"
            rels.append(f"  - {{from: {rng.choice(ordinary)}, to: {ghost}, type: depends_on}}")
            planted["dangling"].append(ghost)
    projects = []
    chunks = max(1, (len(ids) + 19) // 20)
    for p in range(0, len(ids), 20):
        chunk = ids[p : p + 20]
        # components depend only on earlier ones, so earlier projects end no later: a consistent roadmap
        start = 2021 + (p // 20) * 8 // chunks
        projects.append(
            f"  - id: {code}.p{p // 20:04d}\n"
            f"    name: {{vi: {_q(f'Dự án {p // 20}')}, en: {_q(f'Project {p // 20}')}}}\n"
            f"    budget_vnd: {rng.randint(1, 200) * 1_000_000_000}\n    start_year: {start}\n"
            f"    end_year: {start + 1}\n    delivers: [{', '.join(chunk)}]"
        )
    main = (
        HEADER.format("province-model") + f"province:\n  code: {code}\n  name: {{vi: {_q('Tỉnh ' + code)}}}\n"
        "programme:\n  name: {vi: Đề án đô thị thông minh}\n  period: {start: 2021, end: 2030}\n"
        "conforms_to:\n  - framework: vn.ictrf.1.0\n  - framework: vn.egov.eaf.2.0\n"
        "include: [components.yaml, relationships.yaml, projects.yaml]\n"
    )
    frag = HEADER.format("province-fragment")
    files = {
        "province.yaml": main,
        "components.yaml": frag + "components:\n" + "\n".join(comps) + "\n",
        "relationships.yaml": frag + "relationships:\n" + "\n".join(rels) + "\n",
        "projects.yaml": frag + "projects:\n" + "\n".join(projects) + "\n",
    }
    return files, planted


def _component(cid: str, vi: str, en: str, kind: str, realizes: str, status: str, level: int) -> str:
    return (
        f"  - id: {cid}\n    name: {{vi: {_q(vi)}, en: {_q(en)}}}\n    kind: {kind}\n"
        f"    realizes: [{realizes}]\n    status: {status}\n    owner: {{vi: Sở Khoa học và Công nghệ}}\n"
        f"    operator: {{vi: Trung tâm Chuyển đổi số}}\n    security_level: {level}"
    )


def generate(
    out: Path, provinces: int, components: int, seed: int, clean: bool, dangling: bool = True
) -> dict[str, object]:
    rng = random.Random(seed)
    planted: dict[str, object] = {}
    for k in range(provinces):
        code = f"p{k:02d}"
        files, marks = province(code, components, rng, clean, dangling)
        folder = out / code
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            (folder / name).write_text(text, encoding="utf-8")
        planted[code] = marks
    (out / "planted.json").write_text(json.dumps(planted, indent=1), encoding="utf-8")
    return planted


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--provinces", type=int, default=34)
    ap.add_argument("--components", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=20250701)
    ap.add_argument("--clean", action="store_true", help="the control: nothing planted")
    ap.add_argument("--no-dangling", action="store_true", help="plant no dangling links (they stop the load)")
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    generate(args.out, args.provinces, args.components, args.seed, args.clean, not args.no_dangling)
    print(f"wrote {args.provinces} provinces × {args.components} components to {args.out}")


if __name__ == "__main__":
    main()
