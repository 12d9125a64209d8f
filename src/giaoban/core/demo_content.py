"""Realistic Vietnamese sample text for ``giaoban demo``: names, titles, places, aspirations."""

from __future__ import annotations

from giaoban.core.enums import AspirationField as F

FAMILY_NAMES = [
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương",
    "Lý", "Đinh", "Trịnh", "Mai",
]
MIDDLE_NAMES = ["Văn", "Thị", "Đức", "Minh", "Thu", "Thanh", "Hữu", "Ngọc", "Quang", "Xuân", "Hồng"]
GIVEN_NAMES = [
    "An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hoa", "Hùng", "Lan", "Long",
    "Mai", "Nam", "Phương", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Việt", "Yến", "Đạt",
    "Ánh", "Ước", "Khánh", "Linh", "Nhung", "Thắng",
]

# (organization abbreviation, titles of the people from it)
TITLES: list[tuple[str, list[str]]] = [
    ("TTTU", ["Phó Bí thư Thường trực Tỉnh ủy", "Ủy viên Ban Thường vụ Tỉnh ủy"]),
    ("BTGDV", [
        "Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy", "Phó Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy",
        "Trưởng phòng Dân vận", "Chuyên viên Ban Tuyên giáo và Dân vận Tỉnh ủy",
        "Chuyên viên Ban Tuyên giáo và Dân vận Tỉnh ủy",
    ]),
    ("VPTU", ["Chánh Văn phòng Tỉnh ủy", "Phó Chánh Văn phòng Tỉnh ủy"]),
    ("MTTQ", ["Chủ tịch Ủy ban MTTQ Việt Nam tỉnh", "Phó Chủ tịch Ủy ban MTTQ Việt Nam tỉnh"]),
    ("LĐLĐ", ["Chủ tịch Liên đoàn Lao động tỉnh", "Phó Chủ tịch Liên đoàn Lao động tỉnh"]),
    ("HND", ["Chủ tịch Hội Nông dân tỉnh", "Phó Chủ tịch Hội Nông dân tỉnh"]),
    ("LHPN", ["Chủ tịch Hội Liên hiệp Phụ nữ tỉnh", "Phó Chủ tịch Hội LHPN tỉnh"]),
    ("TĐ", ["Bí thư Tỉnh đoàn", "Phó Bí thư Tỉnh đoàn"]),
    ("CCB", ["Chủ tịch Hội Cựu chiến binh tỉnh", "Phó Chủ tịch Hội Cựu chiến binh tỉnh"]),
    ("UBND", ["Phó Chủ tịch UBND tỉnh", "Chánh Văn phòng UBND tỉnh"]),
]

REPORTING_BODIES = ["BTGDV", "MTTQ", "LĐLĐ", "HND", "LHPN", "TĐ", "CCB"]
LEAD_UNITS = ["UBND", "MTTQ", "BTGDV", "LĐLĐ", "HND", "LHPN", "TĐ", "CCB", "VPTU"]

REPORT_TITLES = {
    "BTGDV": "Báo cáo kết quả công tác dân vận {period}",
    "MTTQ": "Báo cáo tình hình nhân dân và kết quả hoạt động của Mặt trận {period}",
    "LĐLĐ": "Báo cáo tình hình công nhân, viên chức, người lao động {period}",
    "HND": "Báo cáo tình hình nông dân và hoạt động của Hội {period}",
    "LHPN": "Báo cáo tình hình phụ nữ và hoạt động của Hội {period}",
    "TĐ": "Báo cáo tình hình thanh thiếu nhi và công tác Đoàn {period}",
    "CCB": "Báo cáo tình hình cựu chiến binh và hoạt động của Hội {period}",
}

LOCALITIES = [
    "phường Hoa Lư", "xã Gia Viễn", "phường Tam Điệp", "xã Nho Quan", "phường Phủ Lý",
    "xã Kim Bảng", "phường Nam Định", "xã Hải Hậu", "xã Giao Thủy", "phường Thiên Trường",
    "xã Yên Mô", "xã Kim Sơn", "xã Lý Nhân", "phường Duy Tiên", "xã Nghĩa Hưng", "xã Ý Yên",
]

PEOPLE_CONCERNED = [
    "Các hộ dân thôn Đông", "Công nhân khu công nghiệp Gián Khẩu", "Hội viên nông dân",
    "Cử tri tổ dân phố 5", "Người có công với cách mạng", "Phụ huynh học sinh",
    "Cán bộ không chuyên trách", "Hộ kinh doanh chợ trung tâm", "Đoàn viên thanh niên",
    "Hội viên cựu chiến binh",
]

ASPIRATIONS: dict[F, list[str]] = {
    F.LAND_ENVIRONMENT: [
        "Đề nghị sớm cấp giấy chứng nhận quyền sử dụng đất cho các hộ dân tại {loc}.",
        "Kiến nghị giải quyết dứt điểm việc bồi thường, hỗ trợ giải phóng mặt bằng dự án "
        "đường ven biển qua {loc}.",
        "Phản ánh tình trạng ô nhiễm môi trường do cụm công nghiệp gần khu dân cư {loc}.",
        "Đề nghị xử lý rác thải sinh hoạt tồn đọng tại các điểm tập kết ở {loc}.",
    ],
    F.POLICY: [
        "Đề nghị xem xét giải quyết chế độ cho người có công với cách mạng còn tồn đọng tại {loc}.",
        "Nguyện vọng điều chỉnh mức phụ cấp cho người hoạt động không chuyên trách ở thôn, "
        "tổ dân phố sau sắp xếp.",
        "Tâm tư của cán bộ, công chức cấp xã dôi dư sau sắp xếp đơn vị hành chính về chế độ "
        "nghỉ việc.",
        "Kiến nghị chi trả kịp thời trợ cấp xã hội hằng tháng cho người cao tuổi.",
    ],
    F.INFRASTRUCTURE: [
        "Đề nghị nâng cấp tuyến đường liên xã qua {loc} đã xuống cấp nghiêm trọng.",
        "Kiến nghị nạo vét kênh mương nội đồng tại {loc} trước mùa mưa bão.",
        "Đề xuất lắp đặt hệ thống đèn chiếu sáng tại các tuyến đường liên thôn.",
        "Phản ánh công trình nhà văn hóa thôn chậm tiến độ, ảnh hưởng sinh hoạt cộng đồng.",
    ],
    F.AGRICULTURE: [
        "Đề xuất hỗ trợ giống lúa cho bà con bị thiệt hại do bão tại {loc}.",
        "Tâm tư về giá vật tư nông nghiệp tăng cao, đầu ra nông sản bấp bênh.",
        "Kiến nghị có chính sách hỗ trợ liên kết tiêu thụ sản phẩm OCOP.",
        "Đề nghị hướng dẫn phòng chống dịch bệnh trên đàn gia súc, gia cầm.",
    ],
    F.SOCIAL: [
        "Đề nghị bố trí đủ giáo viên cho các trường học sau sáp nhập tại {loc}.",
        "Phản ánh tình trạng quá tải tại trạm y tế {loc}.",
        "Kiến nghị tăng cường quản lý an toàn thực phẩm tại các bếp ăn tập thể.",
        "Nguyện vọng được hỗ trợ nhà ở cho công nhân có thu nhập thấp.",
    ],
    F.ADMIN_REFORM: [
        "Kiến nghị rút ngắn thời gian giải quyết thủ tục hành chính tại Trung tâm phục vụ "
        "hành chính công {loc}.",
        "Đề nghị hướng dẫn người dân sử dụng dịch vụ công trực tuyến, nhất là người cao tuổi.",
        "Phản ánh việc đính chính thông tin trên giấy tờ sau khi đổi tên đơn vị hành chính.",
    ],
    F.OTHER: [
        "Đề nghị tăng cường bảo đảm an ninh trật tự, phòng chống tội phạm ma túy tại {loc}.",
        "Phản ánh tình trạng lừa đảo qua mạng ảnh hưởng đến người dân {loc}.",
    ],
}

RESPONSES = [
    "Đã được UBND tỉnh chỉ đạo các sở, ngành liên quan xem xét, giải quyết.",
    "Đã giải thích, trả lời công dân theo đúng quy định của pháp luật.",
    "Đã chuyển đến cơ quan có thẩm quyền giải quyết theo quy định.",
    "Đã hoàn thành, người dân đồng tình với kết quả giải quyết.",
]

CONCLUSIONS = [
    "Các cấp ủy, tổ chức đảng tiếp tục quán triệt, thực hiện nghiêm Quy chế dân chủ ở cơ sở, "
    "phát huy vai trò làm chủ của Nhân dân.",
    "Ủy ban MTTQ tỉnh và các tổ chức chính trị - xã hội tăng cường nắm bắt tình hình tư tưởng "
    "Nhân dân, kịp thời phản ánh tâm tư, nguyện vọng chính đáng của Nhân dân.",
    "Đề nghị UBND tỉnh chỉ đạo các sở, ngành giải quyết dứt điểm các kiến nghị về đất đai, "
    "giải phóng mặt bằng kéo dài.",
    "Ban Tuyên giáo và Dân vận Tỉnh ủy theo dõi, đôn đốc việc thực hiện các kết luận; tổng hợp "
    "kết quả báo cáo Thường trực Tỉnh ủy.",
    "Đẩy mạnh phong trào thi đua \u201cDân vận khéo\u201d, nhân rộng các mô hình hay, cách làm hiệu quả.",
    "Quan tâm giải quyết chế độ, chính sách cho cán bộ dôi dư sau sắp xếp đơn vị hành chính.",
    "Tăng cường công tác tuyên truyền, vận động Nhân dân chấp hành chủ trương, chính sách "
    "của Đảng, pháp luật của Nhà nước.",
]

TASK_TITLES = [
    "Rà soát, giải quyết dứt điểm các kiến nghị về đất đai còn tồn đọng",
    "Tổng hợp tình hình tư tưởng Nhân dân, báo cáo Thường trực Tỉnh ủy",
    "Xây dựng kế hoạch thực hiện phong trào thi đua \u201cDân vận khéo\u201d năm {year}",
    "Kiểm tra việc thực hiện Quy chế dân chủ ở cơ sở tại các xã, phường",
    "Hướng dẫn giải quyết chế độ cho cán bộ dôi dư sau sắp xếp",
    "Đôn đốc tiến độ giải phóng mặt bằng các dự án trọng điểm",
    "Báo cáo kết quả tiếp xúc, đối thoại với Nhân dân",
    "Giải quyết kiến nghị của cử tri về hạ tầng giao thông nông thôn",
]

UPDATE_NOTES = [
    "Đã họp triển khai, phân công cán bộ theo dõi.",
    "Đã làm việc với các địa phương liên quan.",
    "Đang tổng hợp số liệu, dự kiến báo cáo đúng hạn.",
    "Gặp vướng mắc về hồ sơ, đã xin ý kiến cấp có thẩm quyền.",
]

PLACES = ["Hội trường Tỉnh ủy", "Phòng họp số 1, Tỉnh ủy", "Phòng họp Ban Thường vụ Tỉnh ủy"]
