"""The one catalogue of what each field and each enumeration value means, in Vietnamese and English.

The JSON Schemas take their descriptions from here (``ictarch.schema``), so that an editor shows
them on completion and hover. A key is ``Model.field`` or, for a field that means the same in every
model, the bare ``field``; a model's own key wins. Each entry is (Vietnamese, English, examples).
"""

from __future__ import annotations

from typing import Any, NamedTuple


class Doc(NamedTuple):
    vi: str
    en: str
    examples: tuple[Any, ...] = ()


_PROV = ("verified",)
_FACT = {"source": {"document": "vn.829-QD-BTTTT.2019", "section": "§1.3"}, "provenance": "verified"}
_L1 = {"id": "ictrf.L1", "order": 1, "name": {"vi": "Lớp đối tượng sử dụng"}, **_FACT}
_IOT = {"id": "ictrf.L3.iot_platform", "name": {"vi": "Nền tảng IoT"}, "obligation": "optional", **_FACT}
_IND = {"id": "vn.kpi.3098.1.0.example", "name": {"vi": "Chỉ số thành phần"}, **_FACT}
_LOC = {"file": "province_models/quang-tri/components.yaml", "line": 12, "column": 5, "path": "components[3]"}
_FINDING: dict[str, Any] = {
    "code": "ICT501",
    "name": "security.level.missing",
    "severity": "high",
    "status": "failed",
    "message": "quang-tri.lgsp holds personal data but has no security_level: classify it",
    "province": "quang-tri",
    "subject": "quang-tri.lgsp",
    "related": [],
    "location": _LOC,
    "reference": "85/2016/NĐ-CP, Điều 7-10",
    "waiver_reason": None,
    "baselined": False,
    "fingerprint": "676d4aa01caa50a72c4c42fe506d7a24",
}
_SRC = ({"document": "vn.829-QD-BTTTT.2019", "section": "§1.3"},)
_LABEL = ({"vi": "Nền tảng tích hợp, chia sẻ dữ liệu (LGSP)", "en": "Integration platform (LGSP)"},)

FIELDS: dict[str, Doc] = {
    # ------------------------------------------------------------------ shared by many models
    "id": Doc(
        "Mã định danh ổn định, không đổi sau khi công bố.",
        "Stable id; never changes once published.",
        ("quang-tri.lgsp",),
    ),
    "name": Doc(
        "Tên, tiếng Việt (thuật ngữ chính thức) và tiếng Anh.",
        "Name in Vietnamese (official term) and English.",
        _LABEL,
    ),
    "description": Doc(
        "Mô tả, tiếng Việt và tiếng Anh.",
        "Description in Vietnamese and English.",
        ({"vi": "Kết nối các hệ thống của tỉnh", "en": "Connects the province's systems"},),
    ),
    "source": Doc(
        "Nguồn nêu thông tin này: mã văn bản và điều, mục.", "Where this is stated: document id and clause.", _SRC
    ),
    "provenance": Doc(
        "Độ tin cậy: verified (đã kiểm chứng), secondary (nguồn thứ cấp), unverified (chưa kiểm chứng), "
        "illustrative (minh hoạ, không có nguồn).",
        "How sure the fact is: verified, secondary, unverified, or illustrative (made up to complete the model).",
        _PROV,
    ),
    "origin": Doc(
        "Tỉnh cũ mà phần tử này đến từ (do `ictarch merge` ghi); không có trong mô hình tự viết.",
        "Former province this element came from (set by `ictarch merge`); absent in authored models.",
        ("quang-binh",),
    ),
    "note": Doc("Ghi chú.", "A note.", ("Số liệu theo báo cáo năm 2024",)),
    "ictarch": Doc("Phiên bản định dạng tệp (hiện là 1).", "Format version of the file (1 today).", (1,)),
    "vi": Doc(
        "Văn bản tiếng Việt; dùng thuật ngữ chính thức nếu có (bắt buộc).",
        "Vietnamese text; the official term where one exists (required).",
        ("Trung tâm giám sát, điều hành",),
    ),
    "en": Doc("Văn bản tiếng Anh (không bắt buộc).", "English text (optional).", ("Operations centre",)),
    "period": Doc(
        "Giai đoạn: năm bắt đầu và năm kết thúc (tính cả hai).",
        "A span of years, both ends included.",
        ({"start": 2021, "end": 2025},),
    ),
    "start": Doc("Năm bắt đầu.", "First year.", (2021,)),
    "end": Doc("Năm kết thúc.", "Last year.", (2025,)),
    "date": Doc("Ngày ban hành (YYYY-MM-DD).", "Date of issue (YYYY-MM-DD).", ("2019-07-10",)),
    "url": Doc("Địa chỉ trang web của nguồn.", "Web address of the source.", ("https://example.gov.vn/van-ban",)),
    "title": Doc(
        "Trích yếu, tiếng Việt và tiếng Anh.",
        "Title in Vietnamese and English.",
        ({"vi": "Đề án xây dựng đô thị thông minh", "en": "Smart-city scheme"},),
    ),
    "number": Doc(
        "Số, ký hiệu chính thức; null nếu chưa biết.", "Official number; null if not known.", ("1765/QĐ-UBND",)
    ),
    "version": Doc("Phiên bản.", "Version.", ("2.0",)),
    "vision_year": Doc("Năm tầm nhìn.", "Year of the vision.", (2030,)),
    "approver": Doc(
        "Người hoặc cơ quan phê duyệt.", "Who approved it (person or agency).", ("Sở Khoa học và Công nghệ",)
    ),
    "sources": Doc(
        "Các văn bản, nguồn mà thông tin của mô hình được lấy từ đó.",
        "Documents the model's facts were taken from.",
        ([{"id": "src.decision-1765", "title": {"vi": "Quyết định 1765/QĐ-UBND"}}],),
    ),
    "domains": Doc(
        "Các lĩnh vực của chương trình đô thị thông minh.",
        "Smart-city domains of the programme.",
        ([{"id": "health", "name": {"vi": "Y tế", "en": "Health"}}],),
    ),
    "components": Doc(
        "Các hệ thống, nền tảng, ứng dụng của tỉnh.",
        "The province's systems, platforms, applications.",
        ([{"id": "my.lgsp", "name": _LABEL[0], "kind": "platform", "status": "existing"}],),
    ),
    "relationships": Doc(
        "Quan hệ có kiểu giữa các thành phần.",
        "Typed relationships between components.",
        ([{"from": "my.portal", "to": "my.lgsp", "type": "integrates_via"}],),
    ),
    "projects": Doc(
        "Các dự án thành phần: kinh phí, giai đoạn, thành phần mà dự án tạo ra.",
        "Projects (investments): budget, phase, the components they deliver.",
        ([{"id": "my.p.lgsp", "name": {"vi": "Nâng cấp LGSP"}, "delivers": ["my.lgsp"]}],),
    ),
    "indicators": Doc(
        "Chỉ tiêu đặt ra theo bộ chỉ số tham chiếu.",
        "Targets against reference indicators.",
        ([{"indicator": "vn.kpi.3098.1.0", "target": "80%", "year": 2025}],),
    ),
    "not_applicable": Doc(
        "Các thành phần tham chiếu tỉnh tuyên bố không áp dụng, kèm lý do và người phê duyệt.",
        "Reference components the province declares not applicable, with justification and approver.",
        (
            [
                {
                    "component": "ictrf.L3.iot",
                    "justification": {"vi": "Dùng nền tảng IoT quốc gia"},
                    "approver": "Sở KH&CN",
                }
            ],
        ),
    ),
    "waivers": Doc(
        "Các sai lệch được chấp nhận đối với một kiểm tra, có người phê duyệt và thời hạn.",
        "Accepted deviations from a check, with approver and expiry.",
        (
            [
                {
                    "check": "ICT501",
                    "subject": "my.portal",
                    "reason": "Đang phân loại cấp độ",
                    "approver": "Sở KH&CN",
                    "expires": "2026-12-31",
                }
            ],
        ),
    ),
    # ------------------------------------------------------------------ province model
    "ProvinceArchitecture.province": Doc(
        "Tỉnh: mã, tên và lịch sử sáp nhập.",
        "The province: code, name, history.",
        ({"code": "my-province", "name": {"vi": "Tỉnh Của Tôi"}},),
    ),
    "ProvinceArchitecture.programme": Doc(
        "Chương trình đô thị thông minh: văn bản, giai đoạn, tầm nhìn.",
        "The smart-city programme: documents, period, vision.",
        ({"name": {"vi": "Đề án đô thị thông minh"}},),
    ),
    "ProvinceArchitecture.conforms_to": Doc(
        "Các phiên bản khung mà kiến trúc tuyên bố tuân thủ hoặc liên kết.",
        "Framework versions the architecture declares it conforms to.",
        ([{"framework": "vn.ictrf.1.0"}],),
    ),
    "ProvinceArchitecture.include": Doc(
        "Tệp thành phần (đường dẫn hoặc glob) tương đối với tệp này; phải nằm trong thư mục của nó.",
        "Fragment files (paths or globs) relative to this file; they must stay inside its folder.",
        (["components/*.yaml", "projects.yaml"],),
    ),
    "ProvinceArchitecture.provenance_note": Doc(
        "Ghi chú về nguồn gốc dữ liệu của cả mô hình.",
        "A note on where the whole model's data comes from.",
        ("Mô hình minh hoạ, không lấy từ văn bản chính thức",),
    ),
    "Province.code": Doc("Mã ổn định của tỉnh.", "Stable code of the province.", ("quang-tri",)),
    "Province.history": Doc(
        "Lịch sử hành chính: tỉnh được hợp nhất từ đâu, hoặc đã hợp nhất vào đâu.",
        "Administrative history: merged from, or merged into.",
        ({"formed_from": [{"province": "quang-binh", "name": {"vi": "Quảng Bình"}, "effective": "2025-07-01"}]},),
    ),
    "AdministrativeHistory.formed_from": Doc(
        "Các tỉnh cũ hợp nhất thành tỉnh này.",
        "Former provinces merged into this one.",
        ([{"province": "quang-binh", "name": {"vi": "Quảng Bình"}, "effective": "2025-07-01"}],),
    ),
    "AdministrativeHistory.merged_into": Doc(
        "Tỉnh mà tỉnh này đã hợp nhất vào.",
        "The province this one became part of.",
        ({"province": "quang-tri", "name": {"vi": "Quảng Trị"}, "effective": "2025-07-01"},),
    ),
    "MergeRecord.province": Doc(
        "Mã của tỉnh ở phía bên kia của việc hợp nhất.",
        "Code of the province on the other side of the merge.",
        ("quang-binh",),
    ),
    "MergeRecord.effective": Doc("Ngày có hiệu lực.", "Date it took effect.", ("2025-07-01",)),
    "MergeRecord.basis": Doc("Văn bản pháp lý làm căn cứ.", "The legal act.", ("Nghị quyết 202/2025/QH15",)),
    "Source.publisher": Doc("Cơ quan, tổ chức phát hành.", "Who published it.", ("UBND tỉnh Quảng Trị",)),
    "Source.note": Doc("Ghi chú về nguồn.", "A note on the source.", ("Bản tin trên cổng thông tin tỉnh",)),
    "SourceRef.document": Doc(
        "Mã của văn bản tham chiếu hoặc của nguồn khai báo trong mô hình.",
        "Id of a reference document or of a source listed in the model.",
        ("vn.829-QD-BTTTT.2019",),
    ),
    "SourceRef.section": Doc("Điều, mục, khoản.", "Article, section or clause.", ("Điều 4", "§I.3")),
    "SourceRef.note": Doc(
        "Nội dung nguồn nêu, hoặc lý do trích dẫn.",
        "What the source says, or why it is cited.",
        ("Nêu danh mục nền tảng dùng chung",),
    ),
    "Programme.name": Doc(
        "Tên chương trình, đề án.",
        "Name of the programme.",
        ({"vi": "Đề án xây dựng đô thị thông minh tỉnh", "en": "Smart-city scheme"},),
    ),
    "Programme.documents": Doc(
        "Các văn bản của chương trình: đề án, kiến trúc ICT, kế hoạch.",
        "The programme's documents: scheme, ICT architecture, plans.",
        ([{"id": "my.doc.scheme", "kind": "scheme", "title": {"vi": "Đề án ĐTTM"}}],),
    ),
    "Programme.period": Doc("Giai đoạn của chương trình.", "Period of the programme.", ({"start": 2021, "end": 2025},)),
    "Programme.phases": Doc(
        "Các giai đoạn thực hiện.",
        "Phases of the programme.",
        ([{"id": "my.ph1", "name": {"vi": "Giai đoạn 1"}, "period": {"start": 2021, "end": 2025}}],),
    ),
    "Programme.pilot": Doc("Thành phố hoặc khu vực thí điểm.", "Pilot city or area.", ({"vi": "Thành phố Đông Hà"},)),
    "Programme.solution_groups": Doc(
        "Các nhóm giải pháp chương trình nêu.",
        "Groups of solutions the programme names.",
        ([{"id": "my.sg.infra", "name": {"vi": "Hạ tầng"}}],),
    ),
    "Programme.goals": Doc("Các mục tiêu.", "Goals.", ([{"vi": "100% hồ sơ được số hoá"}],)),
    "ProgrammeDocument.kind": Doc("Loại văn bản của chương trình.", "Kind of programme document.", ("scheme",)),
    "ProgrammeDocument.cites": Doc(
        "Các văn bản tham chiếu mà văn bản này viện dẫn.", "Reference documents it cites.", (["vn.829-QD-BTTTT.2019"],)
    ),
    "ProgrammeDocument.date": Doc("Ngày ban hành.", "Date of issue.", ("2021-09-30",)),
    "Conformance.framework": Doc("Mã phiên bản khung tham chiếu.", "Id of the framework version.", ("vn.ictrf.1.0",)),
    "Conformance.note": Doc("Ghi chú về việc tuân thủ.", "A note on the conformance.", ("Theo mục 2 của đề án",)),
    "Domain.declared_project_count": Doc(
        "Số dự án thành phần mà văn bản chương trình nêu.",
        "Number of component projects the programme document states.",
        (5,),
    ),
    "Component.kind": Doc("Loại thành phần.", "Kind of component.", ("platform",)),
    "Component.realizes": Doc(
        "Các thành phần tham chiếu (hoặc lớp, hệ thống) của các khung đã khai báo mà thành phần này hiện thực.",
        "Reference components, or layers and systems, of the declared frameworks it realizes.",
        (["ictrf.L3.svc_integration"],),
    ),
    "Component.egov_links": Doc(
        "Các thành phần của kiến trúc Chính quyền điện tử/số mà nó liên kết.",
        "E-government architecture components it links to.",
        (["egov2.prov.lgsp"],),
    ),
    "Component.domain": Doc("Mã lĩnh vực (trong `domains`).", "Id of its domain (in `domains`).", ("health",)),
    "Component.status": Doc("Trạng thái vòng đời.", "Lifecycle status.", ("existing",)),
    "Component.owner": Doc("Cơ quan chủ quản.", "Owning agency.", ({"vi": "Sở Khoa học và Công nghệ"},)),
    "Component.operator": Doc("Đơn vị vận hành.", "Operating unit.", ({"vi": "Trung tâm Chuyển đổi số"},)),
    "Component.hosting": Doc("Nơi triển khai, lưu trữ.", "Where it is hosted.", ("provincial-data-centre",)),
    "Component.citizen_facing": Doc(
        "true khi người dân, doanh nghiệp dùng trực tiếp.", "True when citizens or businesses use it directly.", (True,)
    ),
    "Component.data": Doc(
        "Các tập dữ liệu thành phần nắm giữ.",
        "Datasets it holds.",
        ([{"id": "citizens", "name": {"vi": "Dữ liệu công dân"}, "personal_data": True}],),
    ),
    "Component.security_level": Doc(
        "Cấp độ an toàn hệ thống thông tin (1-5) theo Nghị định 85/2016/NĐ-CP.",
        "Security level (1-5) per Decree 85/2016/NĐ-CP.",
        (3,),
    ),
    "Component.integration": Doc(
        "Cách trao đổi dữ liệu với cơ quan khác.", "How it exchanges data with other agencies.", ("lgsp",)
    ),
    "Component.tags": Doc("Nhãn tự do.", "Free tags.", (["shared"],)),
    "Component.description": Doc(
        "Mô tả thành phần.",
        "What the component is.",
        ({"vi": "Cổng dịch vụ công của tỉnh", "en": "The province's public-service portal"},),
    ),
    "Dataset.personal_data": Doc("true khi chứa dữ liệu cá nhân.", "True when it holds personal data.", (True,)),
    "Dataset.sensitive_personal_data": Doc(
        "Dữ liệu cá nhân có gồm dữ liệu cá nhân nhạy cảm (sức khoẻ, sinh trắc học, ảnh giấy tờ tuỳ thân...;"
        " Luật 91/2025/QH15 Điều 2, danh mục tại Nghị định 356/2025/NĐ-CP Điều 4) hay không;"
        " một tiêu chí xác định cấp độ. Null khi chưa biết.",
        "Whether its personal data include sensitive personal data (health, biometrics, images of identity papers...;"
        " Law 91/2025/QH15 Điều 2, list in Decree 356/2025/NĐ-CP Điều 4); a criterion of the security level."
        " Null when not known.",
        (True,),
    ),
    "Dataset.open_data": Doc(
        "Có khi tập dữ liệu được công bố là dữ liệu mở.",
        "Present when the dataset is published as open data.",
        ({"licence": "CC-BY-4.0", "format": "CSV", "update_frequency": "monthly"},),
    ),
    "OpenData.licence": Doc("Giấy phép dữ liệu mở.", "Open-data licence.", ("CC-BY-4.0",)),
    "OpenData.format": Doc("Định dạng dữ liệu.", "Data format.", ("CSV",)),
    "OpenData.update_frequency": Doc("Tần suất cập nhật.", "How often it is updated.", ("monthly",)),
    "Relationship.from": Doc("Mã thành phần nguồn.", "Id of the source component.", ("my.portal",)),
    "Relationship.to": Doc(
        "Mã thành phần đích (của tỉnh, hoặc thành phần tham chiếu cấp quốc gia).",
        "Id of the target component (the province's, or a national-level reference component).",
        ("my.lgsp", "ndaf.nat.eid"),
    ),
    "Relationship.type": Doc("Kiểu quan hệ.", "Type of relationship.", ("integrates_via",)),
    "Relationship.description": Doc(
        "Mô tả quan hệ.", "What the relationship carries.", ({"vi": "Đồng bộ hồ sơ", "en": "Synchronises case files"},)
    ),
    "Investment.domain": Doc("Mã lĩnh vực của dự án.", "Id of the project's domain.", ("health",)),
    "Investment.phase": Doc("Mã giai đoạn của dự án.", "Id of the project's phase.", ("my.ph1",)),
    "Investment.budget_vnd": Doc("Kinh phí, đồng Việt Nam.", "Budget in Vietnamese đồng.", (20000000000,)),
    "Investment.funding": Doc("Nguồn vốn.", "Source of funding.", ("provincial-budget",)),
    "Investment.start_year": Doc("Năm bắt đầu.", "Year it starts.", (2024,)),
    "Investment.end_year": Doc("Năm hoàn thành.", "Year it completes.", (2026,)),
    "Investment.delivers": Doc("Các thành phần dự án tạo ra.", "Components the project delivers.", (["my.lgsp"],)),
    "IndicatorTarget.indicator": Doc(
        "Mã chỉ số hoặc bộ chỉ số tham chiếu.", "Id of a reference indicator or indicator set.", ("vn.kpi.3098.1.0",)
    ),
    "IndicatorTarget.target": Doc("Chỉ tiêu cần đạt.", "The target.", ("100%",)),
    "IndicatorTarget.year": Doc("Năm phải đạt.", "Year it is due.", (2025,)),
    "NotApplicable.component": Doc(
        "Mã thành phần tham chiếu được tuyên bố không áp dụng.",
        "Id of the reference component declared not applicable.",
        ("ictrf.L3.iot",),
    ),
    "NotApplicable.justification": Doc(
        "Lý do không áp dụng.",
        "Why it does not apply.",
        ({"vi": "Dùng nền tảng quốc gia", "en": "The national platform is used"},),
    ),
    "Waiver.check": Doc("Mã kiểm tra được miễn trừ.", "Code of the check waived.", ("ICT501",)),
    "Waiver.subject": Doc(
        "Mã đối tượng của phát hiện (thành phần, dự án, tỉnh).",
        "Id of the finding's subject (component, project, province).",
        ("my.portal",),
    ),
    "Waiver.reason": Doc("Lý do chấp nhận sai lệch.", "Why the deviation is accepted.", ("Đang phân loại cấp độ",)),
    "Waiver.reference": Doc(
        "Văn bản phê duyệt sai lệch.", "The document that approves the deviation.", ("Công văn 123/SKHCN-CĐS",)
    ),
    "Waiver.expires": Doc(
        "Ngày hết hạn; sau ngày này kiểm tra ICT901 báo lại.",
        "Expiry date; after it ICT901 reports the waiver.",
        ("2026-12-31",),
    ),
    # ------------------------------------------------------------------ reference frameworks
    "ReferenceFile.documents": Doc(
        "Văn bản quy phạm và chuỗi thay thế.",
        "Legal documents and their supersession.",
        (
            [
                {
                    "id": "vn.829-QD-BTTTT.2019",
                    "number": "829/QĐ-BTTTT",
                    "date": "2019-05-31",
                    "kind": "decision",
                    "issuer": {"vi": "Bộ Thông tin và Truyền thông"},
                    "title": {"vi": "Khung tham chiếu ICT phát triển đô thị thông minh"},
                    "status": "current",
                    "provenance": "verified",
                }
            ],
        ),
    ),
    "ReferenceFile.frameworks": Doc(
        "Các khung tham chiếu, kiến trúc.",
        "Reference frameworks and architectures.",
        (
            [
                {
                    "id": "vn.ictrf.1.0",
                    "kind": "ict-reference",
                    "version": "1.0",
                    "name": {"vi": "Khung tham chiếu ICT"},
                    "document": "vn.829-QD-BTTTT.2019",
                    "layers": [_L1],
                    **_FACT,
                }
            ],
        ),
    ),
    "ReferenceFile.capabilities": Doc(
        "Các năng lực dùng để phát hiện trùng lặp.",
        "Capabilities used to find duplicates.",
        (
            [
                {
                    "id": "cap.integration_platform",
                    "name": {"vi": "Nền tảng tích hợp (LGSP)"},
                    "provided_at": "province",
                    **_FACT,
                }
            ],
        ),
    ),
    "ReferenceFile.principles": Doc(
        "Các nguyên tắc.",
        "Principles.",
        ([{"id": "pr.share", "name": {"vi": "Chia sẻ"}, "text": {"vi": "Chia sẻ, dùng chung"}, **_FACT}],),
    ),
    "ReferenceFile.indicator_sets": Doc(
        "Các bộ chỉ số.",
        "Indicator sets.",
        (
            [
                {
                    "id": "vn.kpi.3098.1.0",
                    "name": {"vi": "Bộ chỉ số đô thị thông minh"},
                    "scoring": "weighted",
                    "structure_known": False,
                    **_FACT,
                }
            ],
        ),
    ),
    "ReferenceFile.crosswalks": Doc(
        "Ánh xạ giữa các khung.",
        "Mappings between frameworks.",
        ([{"from": "ictrf.L3", "to": "egov2.prov.apps_data", "relation": "overlaps", "basis": "inference", **_FACT}],),
    ),
    "ReferenceDocument.kind": Doc("Loại văn bản.", "Kind of document.", ("decision",)),
    "ReferenceDocument.issuer": Doc("Cơ quan ban hành.", "Issuing body.", ({"vi": "Bộ Thông tin và Truyền thông"},)),
    "ReferenceDocument.status": Doc("Hiệu lực.", "Whether it is in force.", ("current",)),
    "ReferenceDocument.effective": Doc("Ngày có hiệu lực.", "Date it takes effect.", ("2019-07-10",)),
    "ReferenceDocument.supersedes": Doc(
        "Văn bản mà văn bản này thay thế.", "Documents this one replaces.", (["vn.1178-BTTTT-THH.2015"],)
    ),
    "ReferenceDocument.superseded_by": Doc(
        "Văn bản thay thế văn bản này.", "Documents that replace this one.", (["vn.2323-QD-BTTTT.2019"],)
    ),
    "ReferenceDocument.amends": Doc(
        "Văn bản mà văn bản này sửa đổi.", "Documents this one amends.", (["vn.example-amending-document"],)
    ),
    "ReferenceDocument.amended_by": Doc(
        "Văn bản sửa đổi văn bản này.", "Documents that amend this one.", (["vn.example-amended-document"],)
    ),
    "ReferenceDocument.sources": Doc(
        "Nơi đã đọc thông tin (cổng, thư viện).", "Where the facts were read.", (["vanban.chinhphu.vn"],)
    ),
    "ReferenceDocument.note": Doc("Ghi chú.", "A note.", ("Bản hợp nhất",)),
    "Framework.kind": Doc("Loại khung.", "Kind of framework.", ("ict-reference",)),
    "Framework.document": Doc(
        "Mã văn bản ban hành phiên bản này.", "Id of the document that issues this version.", ("vn.829-QD-BTTTT.2019",)
    ),
    "Framework.supersedes": Doc(
        "Phiên bản mà phiên bản này thay thế.", "Versions it replaces.", (["vn.egov.eaf.1.0"],)
    ),
    "Framework.superseded_by": Doc(
        "Phiên bản thay thế phiên bản này.", "Versions that replace it.", (["vn.egov.eaf.3.0"],)
    ),
    "Framework.layers": Doc("Các lớp và hệ thống của khung.", "The framework's layers and systems.", ([_L1],)),
    "Framework.sharing_scopes": Doc("Các phạm vi dùng chung.", "Scopes of sharing.", (["national", "province"],)),
    "Framework.data_layers": Doc(
        "Các lớp dữ liệu (kiến trúc dữ liệu quốc gia).",
        "Data layers (national data architecture).",
        ([{"vi": "Dữ liệu chủ"}],),
    ),
    "Framework.version": Doc("Phiên bản khung.", "Version of the framework.", ("1.0",)),
    "Layer.order": Doc("Thứ tự lớp trong khung.", "Order of the layer in the framework.", (1,)),
    "Layer.kind": Doc(
        "Loại: lớp, hệ thống xuyên suốt, trung tâm...", "Kind: layer, cross-cutting system, centre, ...", ("layer",)
    ),
    "Layer.coverage_required": Doc(
        "true khi tỉnh phải có thành phần ở lớp này.", "True when a province must cover it.", (True,)
    ),
    "Layer.capability": Doc("Năng lực mà hệ thống này cung cấp.", "Capability the system provides.", ("cap.ioc",)),
    "Layer.single_instance": Doc(
        "Tỉnh chỉ nên vận hành một hệ thống này.", "A province should run one instance of it.", (True,)
    ),
    "Layer.components": Doc("Các thành phần tham chiếu của lớp.", "The layer's reference components.", ([_IOT],)),
    "ReferenceComponent.obligation": Doc("Mức bắt buộc.", "How binding it is.", ("mandatory",)),
    "ReferenceComponent.condition": Doc(
        "Khi nào thành phần có điều kiện trở thành bắt buộc.",
        "When a conditional component is required.",
        ({"vi": "Khi có cảm biến"},),
    ),
    "ReferenceComponent.single_instance": Doc("Tỉnh chỉ nên có một.", "A province should run one instance.", (True,)),
    "ReferenceComponent.national_level": Doc(
        "Do trung ương cung cấp; tỉnh dùng, không xây lại.", "Provided nationally; provinces reuse it.", (True,)
    ),
    "ReferenceComponent.capability": Doc(
        "Lớp năng lực dùng để phát hiện trùng lặp.",
        "Capability class used to detect duplicates.",
        ("cap.integration_platform",),
    ),
    "ReferenceComponent.extension": Doc(
        "Do ictarch bổ sung, không có trong văn bản.", "Added by ictarch, not in the document.", (False,)
    ),
    "Capability.provided_at": Doc("Cấp cung cấp năng lực.", "Level that provides it.", ("national",)),
    "Capability.provider": Doc(
        "Hệ thống quốc gia cung cấp, nếu có.",
        "The national system providing it, if any.",
        ({"vi": "Nền tảng định danh điện tử"},),
    ),
    "Principle.text": Doc("Nội dung nguyên tắc.", "What the principle says.", ({"vi": "Chia sẻ, dùng chung"},)),
    "Principle.enforced_by": Doc(
        "Mã các kiểm tra thực thi nguyên tắc.", "Codes of the checks that enforce it.", (["ICT201"],)
    ),
    "Indicator.code": Doc("Mã chỉ số trong văn bản.", "Code of the indicator in its document.", ("1.1",)),
    "Indicator.group": Doc("Nhóm chỉ số.", "Group of the indicator.", ("Hạ tầng",)),
    "Indicator.level": Doc("Cấp áp dụng.", "Level it applies to.", ("tỉnh",)),
    "Indicator.unit": Doc("Đơn vị đo.", "Unit.", ("%",)),
    "IndicatorSet.document": Doc(
        "Mã văn bản ban hành bộ chỉ số.", "Id of the document that issues the set.", ("vn.3098-BTTTT-KHCN.2019",)
    ),
    "IndicatorSet.scoring": Doc("Cách chấm điểm.", "How it is scored.", ("weighted",)),
    "IndicatorSet.levels": Doc("Các mức xếp hạng.", "Rating levels.", ([{"vi": "Mức 1"}],)),
    "IndicatorSet.groups": Doc("Các nhóm chỉ số.", "Indicator groups.", ([{"vi": "Hạ tầng"}],)),
    "IndicatorSet.structure_known": Doc(
        "false khi chưa kiểm chứng được nhóm và chỉ số.",
        "False when the groups and indicators could not be verified.",
        (True,),
    ),
    "IndicatorSet.indicator_count": Doc("Số chỉ số nguồn nêu.", "Count stated by the source.", (40,)),
    "IndicatorSet.indicators": Doc("Các chỉ số.", "The indicators.", ([_IND],)),
    "CrosswalkMapping.from": Doc("Mã phần tử nguồn.", "Id of the item mapped from.", ("ictrf.L3",)),
    "CrosswalkMapping.to": Doc("Mã phần tử đích.", "Id of the item mapped to.", ("egov2.L3",)),
    "CrosswalkMapping.relation": Doc("Quan hệ giữa hai phần tử.", "How the two relate.", ("overlaps",)),
    "CrosswalkMapping.basis": Doc(
        "Căn cứ: nguồn nêu, hoặc suy luận.", "Basis: stated by a source, or inferred.", ("source",)
    ),
    # ------------------------------------------------------------------ personal data, programme (2025-2026 law)
    "Component.online_public_service": Doc(
        "Có cung cấp dịch vụ công trực tuyến (ngoài thông tin và biểu mẫu) hay không; một tiêu chí xác định cấp độ."
        " Null khi chưa biết.",
        "Whether it provides online public services beyond information and forms; a criterion of the security level."
        " Null when not known.",
        (True,),
    ),
    "Component.personal_data_subjects": Doc(
        "Số người có thông tin cá nhân được hệ thống xử lý; một tiêu chí xác định cấp độ. Null khi chưa biết.",
        "How many people's personal information it processes; a criterion of the security level. Null when not known.",
        (250000,),
    ),
    "Component.impact_assessment": Doc(
        "Hồ sơ đánh giá tác động xử lý dữ liệu cá nhân (Luật 91/2025/QH15) của hệ thống có dữ liệu cá nhân.",
        "The personal-data processing impact assessment (Law 91/2025/QH15) of a system with personal data.",
        ({"reference": "Hồ sơ ĐGTĐ số 12/2026", "date": "2026-03-01"},),
    ),
    "ImpactAssessment.reference": Doc(
        "Số hoặc tên hồ sơ đánh giá tác động.", "Number or title of the assessment dossier.", ("Hồ sơ ĐGTĐ số 12/2026",)
    ),
    "ImpactAssessment.date": Doc(
        "Ngày lập hoặc cập nhật gần nhất.", "When it was drawn up or last updated.", ("2026-03-01",)
    ),
    "ProvinceArchitecture.as_of": Doc(
        "Ngày mà mô hình mô tả; khi không có, lấy ngày muộn nhất của các văn bản chương trình và bản ghi hợp nhất.",
        "The date the model describes; when absent, the latest date of its programme documents and merge records.",
        ("2026-01-01",),
    ),
    "Programme.viewpoints": Doc(
        "Các quan điểm mà đề án nêu.",
        "Viewpoints (quan điểm) the scheme states.",
        ([{"id": "my.vp.shared", "text": {"vi": "Dùng chung hạ tầng, nền tảng", "en": "Share infrastructure"}}],),
    ),
    "Programme.milestones": Doc(
        "Các nhiệm vụ có thời hạn mà chương trình giao.",
        "Tasks with deadlines the programme assigns.",
        ([{"id": "my.ms.report", "task": {"vi": "Báo cáo UBND tỉnh"}, "due": "2026-06-30"}],),
    ),
    "Viewpoint.text": Doc(
        "Nội dung quan điểm.",
        "What the viewpoint says.",
        ({"vi": "Lấy người dân làm trung tâm", "en": "Citizen-centred"},),
    ),
    "Milestone.task": Doc("Nhiệm vụ.", "The task.", ({"vi": "Báo cáo kết quả thực hiện", "en": "Report on progress"},)),
    "Milestone.responsible": Doc(
        "Cơ quan được giao nhiệm vụ.", "The body the task is assigned to.", ({"vi": "Sở Khoa học và Công nghệ"},)
    ),
    "Milestone.due": Doc("Thời hạn mà nguồn nêu.", "The deadline stated by the source.", ("2026-06-30",)),
    "DocumentSection.ref": Doc(
        "Điều, mục, phần theo cách đánh số của văn bản.",
        "The division as the document numbers it.",
        ("Điều 9", "§II.3"),
    ),
    "DocumentSection.title": Doc(
        "Tiêu đề của điều, mục trong văn bản (tiếng Việt).",
        "Its heading in the document, in Vietnamese.",
        ("Phân loại cấp độ an toàn hệ thống thông tin",),
    ),
    "DocumentSection.quote": Doc(
        "Nguyên văn tiếng Việt của điều khoản, chỉ khi đã đọc được.",
        "Vietnamese text of the clause, only where it was read.",
        ("Hệ thống thông tin được phân loại theo 05 cấp độ",),
    ),
    "DocumentSection.provenance": Doc(
        "Độ tin cậy của tiêu đề và trích dẫn.", "How sure the heading and the quote are.", ("verified",)
    ),
    "DocumentSection.sources": Doc(
        "Nơi đã đọc tiêu đề hoặc nội dung (URL hoặc tên).",
        "Where the heading or text was read (URL or title).",
        (["vanban.chinhphu.vn"],),
    ),
    "ReferenceDocument.sections": Doc(
        "Các điều, mục, phần mà dữ liệu và các kiểm tra có thể trích dẫn.",
        "The articles, sections or parts that the data and the checks may cite.",
        ([{"ref": "Điều 7", "provenance": "verified"}],),
    ),
    "ReferenceFile.reorganisations": Doc(
        "Các cơ quan nhà nước đã hợp nhất hoặc giải thể, với cơ quan kế nhiệm (sắp xếp năm 2025).",
        "State bodies merged or dissolved, with their successors (the 2025 reorganisation).",
        (
            [
                {
                    "id": "reorg.2025.sotttt",
                    "former": {"vi": "Sở Thông tin và Truyền thông"},
                    "aliases": ["Sở TT&TT"],
                    "successor": {"vi": "Sở Khoa học và Công nghệ"},
                    "effective": "2025-03-01",
                    "source": {"document": "vn.ictvietnam-2025-03-10", "section": "toàn văn"},
                    "provenance": "verified",
                }
            ],
        ),
    ),
    "Reorganisation.former": Doc(
        "Cơ quan không còn tồn tại.", "The body that no longer exists.", ({"vi": "Sở Thông tin và Truyền thông"},)
    ),
    "Reorganisation.aliases": Doc(
        "Các cách viết khác mà chủ quản, đơn vị vận hành có thể dùng (viết tắt như 'Sở TT&TT').",
        "Other spellings an owner or operator may use (abbreviations such as 'Sở TT&TT').",
        (["Sở TT&TT", "Sở TTTT"],),
    ),
    "Reorganisation.successor": Doc(
        "Cơ quan tiếp nhận chức năng, nhiệm vụ.",
        "The body that took over its duties.",
        ({"vi": "Sở Khoa học và Công nghệ"},),
    ),
    "Reorganisation.effective": Doc(
        "Ngày đầu tiên cơ quan cũ không còn tồn tại.",
        "The first day the former body no longer exists.",
        ("2025-03-01",),
    ),
    # ------------------------------------------------------------------ configuration (ictarch.yaml)
    "ConfigFile.profile": Doc(
        "Hồ sơ mặc định (draft, approval hoặc tự định nghĩa).",
        "Default profile (draft, approval, or one defined here).",
        ("draft",),
    ),
    "ConfigFile.fail_on": Doc(
        "Mức nghiêm trọng từ đó lệnh kết thúc với mã 1.", "Severity from which the run exits 1.", ("high",)
    ),
    "ConfigFile.rules": Doc(
        "Thiết lập theo mã, tên hoặc nhóm kiểm tra: mức nghiêm trọng, 'off' hoặc {enabled, severity}.",
        "Per check code, name or group: a severity, 'off', or {enabled, severity}.",
        ({"ICT106": "off", "duplication": "medium"},),
    ),
    "ConfigFile.profiles": Doc(
        "Các hồ sơ tự định nghĩa.",
        "Profiles defined here.",
        ({"ministry-review": {"extends": "approval", "fail_on": "medium"}},),
    ),
    "ConfigFile.select": Doc(
        "Chỉ chạy các kiểm tra này (mã, tên, nhóm hoặc glob).",
        "Run only these checks (codes, names, groups or globs).",
        (["core"],),
    ),
    "ConfigFile.skip": Doc("Bỏ qua các kiểm tra này.", "Skip these checks.", (["ICT205"],)),
    "RuleSetting.enabled": Doc(
        "false tắt kiểm tra; không đặt thì giữ nguyên.",
        "False turns the check off; unset keeps it as it was.",
        (False,),
    ),
    "RuleSetting.severity": Doc("Mức nghiêm trọng mới.", "The new severity.", ("medium",)),
    "Profile.description": Doc("Mô tả hồ sơ.", "What the profile is for.", ("Thẩm định của Bộ",)),
    "Profile.extends": Doc("Hồ sơ làm điểm xuất phát.", "A profile this one starts from.", ("approval",)),
    "Profile.fail_on": Doc("Ngưỡng thất bại của hồ sơ.", "The profile's failure threshold.", ("medium",)),
    "Profile.rules": Doc("Thiết lập kiểm tra của hồ sơ.", "The profile's rule settings.", ({"linkage": "high"},)),
    # ------------------------------------------------------------------ JSON report
    "JsonReport.metadata": Doc(
        "Thông tin về lần chạy.",
        "About the run.",
        (
            {
                "ictarch_version": "0.1.0",
                "schema_version": 1,
                "generated_at": "2026-01-01T00:00:00+00:00",
                "run_date": "2026-01-01",
                "profile": None,
                "fail_on": "high",
                "baseline": False,
                "provinces": ["quang-tri"],
                "checks": ["ICT501"],
            },
        ),
    ),
    "JsonReport.findings": Doc("Các phát hiện, đã sắp xếp.", "The findings, sorted.", ([_FINDING],)),
    "JsonReport.summary": Doc(
        "Tổng hợp số lượng.",
        "Counts.",
        (
            {
                "total": 1,
                "by_severity": {"high": 1},
                "by_status": {"failed": 1},
                "baselined": 0,
                "failing": 1,
                "fail_on": "high",
                "exit_code": 1,
            },
        ),
    ),
    "JsonReport.coverage": Doc(
        "Độ bao phủ theo lớp tham chiếu.",
        "Coverage per reference layer.",
        (
            [
                {
                    "province": "quang-tri",
                    "framework": "vn.ictrf.1.0",
                    "layer": "ictrf.L3",
                    "name": "Lớp hỗ trợ dịch vụ và dữ liệu",
                    "kind": "layer",
                    "coverage_required": True,
                    "components": ["quang-tri.lgsp"],
                    "realized": ["ictrf.L3.svc_integration"],
                    "expected": ["ictrf.L3.svc_integration", "ictrf.L3.iot_platform"],
                    "percent": 50,
                }
            ],
        ),
    ),
    "JsonMetadata.ictarch_version": Doc("Phiên bản ictarch.", "Version of ictarch.", ("0.1.0",)),
    "JsonMetadata.schema_version": Doc("Phiên bản định dạng báo cáo.", "Version of the report format.", (1,)),
    "JsonMetadata.generated_at": Doc(
        "Thời điểm chạy (ISO 8601; SOURCE_DATE_EPOCH nếu đặt).",
        "ISO 8601 time of the run (SOURCE_DATE_EPOCH when set).",
        ("2026-01-01T08:30:00Z",),
    ),
    "JsonMetadata.run_date": Doc(
        "Ngày dùng để so thời hạn miễn trừ.", "The date waivers' expiry is compared with.", ("2026-01-01",)
    ),
    "JsonMetadata.profile": Doc("Hồ sơ đã dùng.", "Profile used.", ("approval",)),
    "JsonMetadata.fail_on": Doc("Ngưỡng thất bại.", "Failure threshold.", ("high",)),
    "JsonMetadata.baseline": Doc("true khi đã so với đường cơ sở.", "True when compared with a baseline.", (False,)),
    "JsonMetadata.provinces": Doc("Mã các tỉnh đã kiểm tra.", "Codes of the provinces checked.", (["quang-tri"],)),
    "JsonMetadata.checks": Doc("Mã các kiểm tra đã chạy.", "Codes of the checks that ran.", (["ICT101"],)),
    "JsonFinding.code": Doc("Mã kiểm tra.", "Check code.", ("ICT201",)),
    "JsonFinding.name": Doc("Tên kiểm tra.", "Check name.", ("duplication.capability.same_province",)),
    "JsonFinding.severity": Doc("Mức nghiêm trọng.", "Severity.", ("high",)),
    "JsonFinding.status": Doc("Trạng thái của phát hiện.", "Status of the finding.", ("failed",)),
    "JsonFinding.message": Doc(
        "Điều sai ở đối tượng, và cách sửa.",
        "What is wrong with the subject, and the fix.",
        ("quang-tri.lgsp holds personal data but has no security_level: classify it",),
    ),
    "JsonFinding.province": Doc("Mã tỉnh.", "Province code.", ("quang-tri",)),
    "JsonFinding.subject": Doc(
        "Thành phần, dự án hoặc tỉnh của phát hiện ('' khi kiểm tra lỗi).",
        "Component, project or province the finding is about ('' for a crash).",
        ("quang-tri.lgsp",),
    ),
    "JsonFinding.related": Doc("Các mã liên quan.", "Related ids.", (["quang-tri.iot"],)),
    "JsonFinding.location": Doc("Vị trí trong tệp YAML.", "Place in the YAML file.", (_LOC,)),
    "JsonFinding.reference": Doc(
        "Số văn bản và điều khoản của quy tắc.", "Document number and clause of the rule.", ("829/QĐ-BTTTT, §1.3",)
    ),
    "JsonFinding.waiver_reason": Doc(
        "Lý do miễn trừ, khi được miễn trừ.",
        "Reason of the waiver, when waived.",
        ("Đang phân loại cấp độ (approved by Sở KH&CN; until 2026-12-31)",),
    ),
    "JsonFinding.baselined": Doc("true khi có trong đường cơ sở.", "True when in the baseline.", (False,)),
    "JsonFinding.fingerprint": Doc(
        "Định danh ổn định giữa các lần chạy.", "Stable identity across runs.", ("676d4aa01caa50a72c4c42fe506d7a24",)
    ),
    "JsonLocation.file": Doc(
        "Tệp, tương đối với thư mục làm việc.",
        "File, relative to the working directory.",
        ("province_models/quang-tri/components.yaml",),
    ),
    "JsonLocation.line": Doc("Dòng (từ 1).", "Line (1-based).", (12,)),
    "JsonLocation.column": Doc("Cột (từ 1).", "Column (1-based).", (5,)),
    "JsonLocation.path": Doc(
        "Đường dẫn trong tài liệu YAML.", "Path inside the YAML document.", ("components[3].security_level",)
    ),
    "JsonSummary.total": Doc("Tổng số phát hiện.", "Number of findings.", (33,)),
    "JsonSummary.by_severity": Doc("Phát hiện chưa đạt theo mức.", "Failed findings by severity.", ({"high": 2},)),
    "JsonSummary.by_status": Doc("Phát hiện theo trạng thái.", "Findings by status.", ({"failed": 30},)),
    "JsonSummary.baselined": Doc("Số phát hiện trong đường cơ sở.", "Findings in the baseline.", (0,)),
    "JsonSummary.failing": Doc("Số phát hiện làm lần chạy thất bại.", "Findings that fail the run.", (2,)),
    "JsonSummary.fail_on": Doc("Ngưỡng thất bại.", "Failure threshold.", ("high",)),
    "JsonSummary.exit_code": Doc("Mã thoát của lệnh.", "The command's exit code.", (1,)),
    "JsonCoverage.province": Doc("Mã tỉnh.", "Province code.", ("quang-tri",)),
    "JsonCoverage.framework": Doc("Mã khung.", "Framework id.", ("vn.ictrf.1.0",)),
    "JsonCoverage.layer": Doc("Mã lớp.", "Layer id.", ("ictrf.L3",)),
    "JsonCoverage.name": Doc("Tên lớp.", "Layer name.", ("Lớp hỗ trợ dịch vụ và dữ liệu",)),
    "JsonCoverage.kind": Doc("Loại lớp.", "Layer kind.", ("layer",)),
    "JsonCoverage.coverage_required": Doc(
        "true khi lớp bắt buộc bao phủ.", "True when the layer must be covered.", (True,)
    ),
    "JsonCoverage.components": Doc(
        "Các thành phần của tỉnh ở lớp này.", "The province's components in the layer.", (["quang-tri.lgsp"],)
    ),
    "JsonCoverage.realized": Doc(
        "Thành phần tham chiếu đã hiện thực.", "Reference components realized.", (["ictrf.L3.svc_integration"],)
    ),
    "JsonCoverage.expected": Doc(
        "Thành phần tham chiếu được tính.", "Reference components counted.", (["ictrf.L3.iot"],)
    ),
    "JsonCoverage.percent": Doc("Tỷ lệ bao phủ (%).", "Coverage in percent.", (57,)),
}

ENUMS: dict[str, dict[str, tuple[str, str]]] = {
    "Provenance": {
        "verified": ("Đã kiểm chứng với văn bản gốc.", "Checked against the official text."),
        "secondary": ("Từ nguồn thứ cấp đáng tin (báo chí chính thống).", "From a reliable secondary source."),
        "unverified": ("Chưa kiểm chứng; không dùng cho quy tắc bắt buộc.", "Not verified; never gates a rule."),
        "illustrative": ("Minh hoạ để mô hình đầy đủ, không có nguồn.", "Made up to complete the model; no source."),
    },
    "ComponentKind": {
        "application": ("Ứng dụng, phần mềm nghiệp vụ.", "An application."),
        "platform": ("Nền tảng dùng chung (LGSP, IoT, GIS...).", "A shared platform (LGSP, IoT, GIS, ...)."),
        "portal": ("Cổng thông tin, cổng dịch vụ công.", "A portal (information, public services)."),
        "database": ("Cơ sở dữ liệu.", "A database."),
        "infrastructure": ("Hạ tầng tính toán, trung tâm dữ liệu.", "Computing infrastructure, data centre."),
        "network": ("Mạng kết nối (mạng truyền số liệu chuyên dùng...).", "A network (e.g. the government WAN)."),
        "sensor-network": ("Mạng cảm biến, camera, thiết bị IoT.", "Sensors, cameras, IoT devices."),
        "centre": ("Trung tâm giám sát, điều hành (IOC).", "An operations centre (IOC)."),
        "security": ("Hệ thống bảo đảm an toàn thông tin (SOC...).", "An information-security system (SOC, ...)."),
        "service": ("Dịch vụ (thuê dịch vụ CNTT, dịch vụ công).", "A service (leased IT service, public service)."),
        "channel": ("Kênh tương tác với người dân.", "A channel to citizens."),
        "stakeholder": ("Bên liên quan (cơ quan, người dùng).", "A stakeholder (agency, users)."),
    },
    "Lifecycle": {
        "existing": ("Đang vận hành.", "In service."),
        "in-progress": ("Đang triển khai.", "Being built."),
        "planned": ("Theo kế hoạch, chưa triển khai.", "Planned, not started."),
        "retired": ("Đã ngừng sử dụng.", "Taken out of service."),
    },
    "Hosting": {
        "provincial-data-centre": ("Trung tâm dữ liệu của tỉnh.", "The province's data centre."),
        "national-data-centre": ("Trung tâm dữ liệu quốc gia.", "The national data centre."),
        "government-cloud": ("Điện toán đám mây Chính phủ.", "The government cloud."),
        "commercial-cloud": ("Đám mây thương mại.", "A commercial cloud."),
        "on-premises": ("Tại cơ quan.", "On the agency's premises."),
        "edge": ("Thiết bị biên.", "At the edge (devices)."),
        "not-applicable": ("Không áp dụng.", "Not applicable."),
    },
    "IntegrationPath": {
        "lgsp": ("Qua nền tảng tích hợp, chia sẻ dữ liệu của tỉnh (LGSP).", "Through the province's LGSP."),
        "national-platform": ("Qua nền tảng quốc gia (NDXP...).", "Through a national platform (NDXP, ...)."),
        "direct": ("Kết nối trực tiếp điểm-điểm.", "Point-to-point."),
        "none": ("Không trao đổi dữ liệu.", "Exchanges no data."),
    },
    "RelationType": {
        "depends_on": ("Phụ thuộc vào đích.", "Needs the target."),
        "serves": ("Phục vụ đích.", "Serves the target."),
        "data_flow": ("Dữ liệu chảy từ nguồn sang đích.", "Data flows from source to target."),
        "hosted_on": ("Được triển khai trên đích.", "Runs on the target."),
        "integrates_via": ("Tích hợp thông qua đích (LGSP, nền tảng).", "Integrates through the target."),
    },
    "Funding": {
        "central-budget": ("Ngân sách trung ương.", "Central budget."),
        "provincial-budget": ("Ngân sách tỉnh.", "Provincial budget."),
        "ppp": ("Đối tác công tư.", "Public-private partnership."),
        "oda": ("Vốn ODA.", "Official development assistance."),
        "service-lease": ("Thuê dịch vụ CNTT.", "Leased IT service."),
        "socialised": ("Xã hội hoá.", "Private funding (xã hội hoá)."),
        "mixed": ("Nhiều nguồn.", "Several sources."),
        "unknown": ("Chưa rõ.", "Not known."),
    },
    "ProgrammeDocumentKind": {
        "scheme": ("Đề án.", "Scheme (đề án)."),
        "ict-architecture": ("Kiến trúc ICT phát triển ĐTTM.", "Smart-city ICT architecture."),
        "egov-architecture": ("Kiến trúc Chính quyền điện tử/số.", "E-government architecture."),
        "plan": ("Kế hoạch.", "Plan."),
        "resolution": ("Nghị quyết.", "Resolution."),
        "directive": ("Chỉ thị.", "Directive."),
        "indicator-set": ("Bộ chỉ số.", "Indicator set."),
    },
    "DocumentKind": {
        "law": ("Luật.", "Law."),
        "resolution": ("Nghị quyết.", "Resolution."),
        "decree": ("Nghị định.", "Decree."),
        "decision": ("Quyết định.", "Decision."),
        "circular": ("Thông tư.", "Circular."),
        "official-letter": ("Công văn.", "Official letter."),
        "publication": ("Ấn phẩm, tài liệu công bố (không phải văn bản quy phạm).", "A publication (not a legal act)."),
        "regulation": ("Quy chế, quy định.", "Regulation."),
        "standard": ("Tiêu chuẩn, quy chuẩn.", "Standard."),
        "international": ("Văn bản quốc tế.", "International document."),
    },
    "DocumentStatus": {
        "current": ("Còn hiệu lực.", "In force."),
        "superseded": ("Đã bị thay thế.", "Superseded."),
        "guidance": ("Văn bản hướng dẫn.", "Guidance."),
        "trial": ("Thí điểm.", "Trial."),
    },
    "FrameworkKind": {
        "ict-reference": ("Khung tham chiếu ICT phát triển ĐTTM.", "Smart-city ICT reference framework."),
        "egov-architecture": ("Khung kiến trúc Chính phủ điện tử/số.", "E-government architecture framework."),
        "national-digital-architecture": ("Kiến trúc tổng thể quốc gia số.", "National digital architecture."),
        "data-architecture": ("Kiến trúc dữ liệu quốc gia.", "National data architecture."),
    },
    "LayerKind": {
        "layer": ("Lớp.", "Layer."),
        "cross-cutting": ("Hệ thống xuyên suốt (an toàn thông tin, vận hành).", "Cross-cutting system."),
        "centre": ("Trung tâm (IOC).", "Centre (IOC)."),
        "reference-model": ("Mô hình tham chiếu.", "Reference model."),
        "building-block": ("Khối thành phần.", "Building block."),
    },
    "Obligation": {
        "mandatory": ("Bắt buộc.", "Mandatory."),
        "conditional": ("Bắt buộc khi thoả điều kiện.", "Required when its condition holds."),
        "optional": ("Tuỳ chọn.", "Optional."),
    },
    "SharingScope": {
        "national": ("Quốc gia.", "National."),
        "party": ("Khối Đảng.", "The Party."),
        "national-assembly": ("Quốc hội.", "The National Assembly."),
        "fatherland-front": ("Mặt trận Tổ quốc.", "The Fatherland Front."),
        "ministry": ("Bộ, ngành.", "Ministry."),
        "province": ("Tỉnh.", "Province."),
        "commune": ("Xã.", "Commune."),
        "grassroots": ("Cơ sở.", "Grassroots."),
    },
    "CapabilityLevel": {
        "national": ("Trung ương.", "National."),
        "province": ("Tỉnh.", "Province."),
        "commune": ("Xã.", "Commune."),
        "sector": ("Ngành.", "Sector."),
    },
    "Scoring": {
        "pass-fail": ("Đạt/không đạt.", "Pass or fail."),
        "ratio": ("Tỷ lệ.", "Ratio."),
        "weighted": ("Điểm có trọng số.", "Weighted score."),
        "unknown": ("Chưa rõ.", "Not known."),
    },
    "MappingRelation": {
        "equivalent": ("Tương đương.", "Equivalent."),
        "part-of": ("Là một phần của.", "Part of."),
        "overlaps": ("Chồng lấn một phần.", "Overlaps."),
    },
    "MappingBasis": {
        "source": ("Do văn bản nêu.", "Stated by a document."),
        "inference": ("Suy luận.", "Inferred."),
    },
    "Severity": {
        "info": ("Thông tin.", "Information."),
        "low": ("Thấp.", "Low."),
        "medium": ("Trung bình.", "Medium."),
        "high": ("Cao.", "High."),
        "critical": ("Nghiêm trọng.", "Critical."),
    },
    "Status": {
        "failed": ("Chưa đạt.", "Failed."),
        "waived": ("Đã miễn trừ.", "Waived."),
        "error": ("Kiểm tra bị lỗi.", "The check crashed."),
    },
}


RULE_SWITCHES = {
    "off": ("Tắt kiểm tra.", "Turn the check off."),
    "on": ("Bật kiểm tra.", "Turn the check on."),
}


def field_doc(model: str, field: str) -> Doc | None:
    """The model's own entry for the field, else the shared one."""
    return FIELDS.get(f"{model}.{field}") or FIELDS.get(field)


def text(vi: str, en: str) -> str:
    """The description an editor shows: Vietnamese first, then English."""
    return f"{vi}\n\n(EN) {en}"
