/*
 * strings/vi/common.js — the shell (header, nav, footer), errors, forms, formats, roles, the staff home and its menu — loaded by every page (i18n.js).
 * In Vietnamese (the reference: always loaded). Same keys in vi/ and en/.
 */
export default {
	/* the shell: the neutral name while the centre's own is unknown (a name: the same in English) */
	'shell.centre_neutral': 'Trung tâm Phục vụ hành chính công',

	/* shared: language switch, accessibility, navigation, footer */
	'lang.switch_label': 'English',
	'a11y.skip': 'Bỏ qua, đến nội dung chính',
	'nav.label': 'Chuyên mục chính',
	'nav.home': 'Trang chủ',
	'nav.procedures': 'Thủ tục',
	'nav.submit': 'Nộp hồ sơ',
	'nav.track': 'Tra cứu hồ sơ',
	'nav.feedback': 'Phản ánh, kiến nghị',
	'nav.reception': 'Lịch tiếp công dân',
	'footer.address': 'Địa chỉ:',
	'footer.phone': 'Điện thoại:',
	'footer.email': 'Thư điện tử:',
	'footer.hours': 'Giờ làm việc:',
	'footer.staff_login': 'Đăng nhập cán bộ',
	'footer.software': 'Hệ thống một cửa điện tử motcua — phần mềm nguồn mở.',

	/* shared words */
	'common.retry': 'Thử lại',
	'common.loading': 'Đang tải…',
	'common.back_home': 'Về trang chủ',
	'common.needs_js': 'Trang này cần JavaScript để hoạt động. Hãy bật JavaScript trong trình duyệt rồi tải lại trang.',

	/* errors the browser side produces (the server's own come translated) */
	'error.network': 'Không kết nối được với máy chủ. Hãy kiểm tra kết nối mạng rồi thử lại.',
	'error.timeout': 'Máy chủ trả lời quá lâu. Hãy thử lại sau ít phút.',
	'error.aborted': 'Yêu cầu đã bị hủy.',
	'error.bad_response': 'Máy chủ trả lời không đúng định dạng. Hãy thử lại sau.',
	'error.unknown': 'Đã có lỗi xảy ra. Hãy thử lại.',
	'error.tell_admin': 'Nếu lỗi vẫn còn, hãy báo cho quản trị hệ thống.',
	'error.http_400': 'Yêu cầu không hợp lệ.',
	'error.http_401': 'Cần đăng nhập để tiếp tục.',
	'error.http_403': 'Vai trò hiện tại không được phép thực hiện thao tác này.',
	'error.http_404': 'Không tìm thấy nội dung yêu cầu.',
	'error.http_405': 'Máy chủ chưa hỗ trợ thao tác này.',
	'error.http_413': 'Dữ liệu gửi lên quá lớn.',
	'error.http_429': 'Có quá nhiều yêu cầu. Hãy chờ một lát rồi thử lại.',
	'error.http_500': 'Máy chủ gặp lỗi. Hãy thử lại sau ít phút.',
	'error.http_501': 'Máy chủ chưa hỗ trợ chức năng này.',
	'error.http_502': 'Máy chủ tạm thời không trả lời. Hãy thử lại sau ít phút.',
	'error.http_503': 'Hệ thống đang bận hoặc đang bảo trì. Hãy thử lại sau ít phút.',
	'error.http_504': 'Máy chủ trả lời quá lâu. Hãy thử lại sau ít phút.',
	'error.http_other': 'Máy chủ trả lời không như mong đợi (mã {status}). Hãy thử lại sau.',

	/* forms */
	'form.error_summary_title': 'Có lỗi cần sửa',
	'form.error_prefix': 'Lỗi: ',
	'form.error_title_prefix': 'Lỗi: ',
	'form.required_note': 'Các mục có dấu * là bắt buộc.',
	'form.required': '(bắt buộc)',

	/* formats (used by format.js) */
	'fmt.time_words': '{hh} giờ {mm} phút',
	'fmt.datetime': '{time} ngày {date}',
	'fmt.date_long': '{weekday}, {date}',
	'fmt.date_official': 'ngày {d} tháng {m} năm {y}',
	'fmt.weekday.0': 'Chủ nhật',
	'fmt.weekday.1': 'Thứ Hai',
	'fmt.weekday.2': 'Thứ Ba',
	'fmt.weekday.3': 'Thứ Tư',
	'fmt.weekday.4': 'Thứ Năm',
	'fmt.weekday.5': 'Thứ Sáu',
	'fmt.weekday.6': 'Thứ Bảy',
	'fmt.seconds': { other: '{count} giây' },
	'fmt.minutes': { other: '{count} phút' },
	'fmt.hours': { other: '{count} giờ' },
	'fmt.hours_minutes': '{h} giờ {m} phút',
	'fmt.morning': 'Buổi sáng',
	'fmt.afternoon': 'Buổi chiều',
	'deadline.overdue': { other: 'Quá hạn {count} ngày' },
	'deadline.today': 'Đến hạn hôm nay',
	'deadline.left': { other: 'Còn {count} ngày' },

	/* staff roles */
	'role.admin': 'Quản trị hệ thống',
	'role.reception': 'Cán bộ tiếp nhận (một cửa)',
	'role.specialist': 'Chuyên viên xử lý',
	'role.head': 'Trưởng đơn vị',
	'role.leader': 'Lãnh đạo UBND',
	'role.province': 'Cán bộ cấp tỉnh (theo dõi)',

	/* staff home (/staff/) */
	'staff.doc_title': 'Trang làm việc của cán bộ',
	'staff.title': 'Trang làm việc của cán bộ',
	'staff.greeting': 'Xin chào, {name}',
	'staff.loading': 'Đang tải thông tin tài khoản…',
	'staff.load_failed': 'Không tải được thông tin tài khoản',
	'staff.signed_in_as': 'Đang đăng nhập:',
	'staff.logout': 'Đăng xuất',
	'staff.logout_failed': 'Chưa đăng xuất được',
	'staff.nav_home': 'Trang cán bộ',
	'staff.public_site': 'Trang người dân',
	'staff.profile_title': 'Tài khoản đăng nhập',
	'staff.full_name': 'Họ và tên',
	'staff.username': 'Tên đăng nhập',
	'staff.unit': 'Đơn vị',
	'staff.agency': 'Cơ quan',
	'staff.roles': 'Vai trò',
	'staff.no_unit': '(chưa thuộc đơn vị nào)',
	'staff.tools_title': 'Công việc',
	'staff.tools_empty': 'Tài khoản này chưa được giao vai trò nào nên chưa có công việc. Vui lòng liên hệ quản trị hệ thống.',
	'staff.tool.intake': 'Tiếp nhận hồ sơ',
	'staff.tool.intake_text': 'Nhận hồ sơ tại quầy, kiểm tra, cấp giấy tiếp nhận và hẹn trả kết quả',
	'staff.tool.guidance': 'Hướng dẫn hoàn thiện hồ sơ',
	'staff.tool.guidance_text': 'Hồ sơ chưa đủ: không tiếp nhận, ghi các nội dung cần bổ sung và in phiếu Mẫu 02 cho người dân',
	'staff.tool.counter': 'Quầy phục vụ (gọi số)',
	'staff.tool.counter_text': 'Gọi số thứ tự đến quầy, phục vụ, chuyển quầy và gắn hồ sơ đã tiếp nhận',
	'staff.tool.petitions': 'Đơn thư, phản ánh, kiến nghị',
	'staff.tool.petitions_text': 'Khiếu nại, tố cáo, kiến nghị, phản ánh: nhận đơn, xử lý theo thời hạn, trả lời và công khai',
	'staff.tool.reception': 'Tiếp công dân',
	'staff.tool.reception_text': "Lịch tiếp công dân của lãnh đạo, ghi sổ tiếp công dân, in sổ",
	'staff.tool.online': 'Hồ sơ nộp trực tuyến',
	'staff.tool.online_text': 'Kiểm tra hồ sơ người dân nộp qua mạng: tiếp nhận, yêu cầu bổ sung hoặc từ chối',
	'staff.tool.return': 'Trả kết quả',
	'staff.tool.return_text': 'Trả kết quả cho người dân và ghi người nhận',
	'staff.tool.inbox': 'Hồ sơ cần xử lý',
	'staff.tool.inbox_text': 'Hồ sơ được giao cho tôi, xếp theo hạn xử lý',
	'staff.tool.procedures': 'Danh mục thủ tục',
	'staff.tool.procedures_text': 'Thủ tục hành chính, thành phần hồ sơ, thời hạn, phí, lệ phí',
	'staff.tool.calendar': 'Lịch làm việc',
	'staff.tool.calendar_text': 'Ngày nghỉ lễ, Tết, ngày làm bù và giờ làm việc',

	/* dossier words shared by the staff dossier pages (js/staff-dossier.js) */
	'staff.tool.dossier': 'Tìm hồ sơ',
	'staff.tool.dossier_text': 'Mở một hồ sơ bằng mã: thông tin, phiếu kiểm soát, lịch sử, thao tác',

	/* printable papers: the toolbar above the sheet (js/print-page.js); the papers stay Vietnamese */
	'print.button': 'In',
	'print.back': 'Quay lại',
	'print.hint_portrait': 'Giấy A4 khổ dọc. Khi in, giữ lề mặc định và bỏ chọn “Đầu trang và chân trang”.',
	'print.hint_landscape': 'Giấy A4 khổ ngang. Khi in, giữ lề mặc định và bỏ chọn “Đầu trang và chân trang”.',

	/* personal access tokens (/staff/tokens/) */
	'staff.tool.tokens': 'Mã truy cập cá nhân',
	'staff.tool.tokens_text': 'Mã để một chương trình dùng hệ thống thay người dùng: xem, tạo, thu hồi',

	/* Open311 API keys (/staff/apikeys/) */
	'staff.tool.apikeys': 'Khóa API Open311',
	'staff.tool.apikeys_text': 'Khóa cho ứng dụng phản ánh hiện trường (Open311): cấp, xem, thu hồi',
};
