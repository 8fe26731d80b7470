/*
 * strings/vi/home.js — the centre's home page (/), staff sign-in (/login/), page not found (404.html).
 * In Vietnamese (the reference: always loaded). Same keys in vi/ and en/.
 */
export default {
	/* home page (/) */
	'home.doc_title': 'Trang chủ',
	'home.welcome':
		'Kính chào Ông/Bà! Tại đây Ông/Bà có thể tìm hiểu thủ tục hành chính, nộp hồ sơ trực tuyến và theo dõi việc giải quyết hồ sơ của mình.',
	'home.services_title': 'Ông/Bà cần làm gì?',
	'home.a.procedures': 'Tra cứu thủ tục hành chính',
	'home.a.procedures_text': 'Giấy tờ cần chuẩn bị, thời hạn giải quyết, phí, lệ phí',
	'home.a.submit': 'Nộp hồ sơ trực tuyến',
	'home.a.submit_text': 'Nộp hồ sơ qua mạng, không cần đến Trung tâm',
	'home.a.track': 'Tra cứu hồ sơ',
	'home.a.track_text': 'Xem hồ sơ đang ở bước nào, bằng mã hồ sơ trên giấy hẹn',
	'home.contact_title': 'Địa chỉ và giờ làm việc',
	'home.address': 'Địa chỉ',
	'home.phone': 'Điện thoại',
	'home.email': 'Thư điện tử',
	'home.hours': 'Giờ làm việc',
	'home.days': 'Từ Thứ Hai đến Thứ Sáu, trừ ngày nghỉ lễ, Tết.',
	'home.contact_stale': 'Chưa tải được địa chỉ và giờ làm việc của Trung tâm. Hãy tải lại trang sau ít phút.',
	'home.bring_title': 'Khi đến Trung tâm',
	'home.bring_text':
		'Hãy mang theo căn cước. Khi đến nhận kết quả, mang theo giấy tiếp nhận hồ sơ và hẹn trả kết quả; nếu nhận thay người khác, mang theo giấy ủy quyền.',

	/* staff sign-in (/login/) */
	'login.doc_title': 'Đăng nhập cán bộ',
	'login.title': 'Đăng nhập cán bộ',
	'login.intro':
		'Trang này dành cho cán bộ, công chức của Trung tâm. Người dân không cần đăng nhập để tra cứu thủ tục hay hồ sơ.',
	'login.username': 'Tên đăng nhập',
	'login.password': 'Mật khẩu',
	'login.show_password': 'Hiện',
	'login.hide_password': 'Ẩn',
	'login.show_password_aria': 'Hiện mật khẩu',
	'login.hide_password_aria': 'Ẩn mật khẩu',
	'login.password_shown': 'Mật khẩu đang hiện trên màn hình.',
	'login.password_hidden': 'Mật khẩu đã được ẩn.',
	'login.submit': 'Đăng nhập',
	'login.submitting': 'Đang đăng nhập…',
	'login.err_username_empty': 'Nhập tên đăng nhập',
	'login.err_password_empty': 'Nhập mật khẩu',
	'login.err_failed': 'Tên đăng nhập hoặc mật khẩu không đúng',
	'login.err_throttled': 'Đã thử đăng nhập quá nhiều lần. Hãy thử lại sau {wait} (sau {time}).',
	'login.err_throttled_nowait': 'Đã thử đăng nhập quá nhiều lần. Hãy chờ vài phút rồi thử lại.',
	'login.failed_title': 'Chưa đăng nhập được',
	'login.forgot_title': 'Quên mật khẩu?',
	'login.forgot': 'Hãy liên hệ quản trị hệ thống của Trung tâm để được đặt lại mật khẩu.',
	'login.logged_out': 'Đã đăng xuất. Hẹn gặp lại!',
	'login.sign_in_to_continue': 'Hãy đăng nhập để tiếp tục công việc.',
	'login.success': 'Đăng nhập thành công. Đang chuyển trang…',

	/* page not found (404.html) */
	'notfound.doc_title': 'Không tìm thấy trang',
	'notfound.title': 'Không tìm thấy trang',
	'notfound.typed': 'Nếu Ông/Bà gõ địa chỉ trang, hãy kiểm tra lại xem đã gõ đúng chưa.',
	'notfound.pasted': 'Nếu Ông/Bà dán địa chỉ, hãy kiểm tra xem đã sao chép đủ cả địa chỉ chưa.',
	'notfound.you_can': 'Ông/Bà có thể:',
	'notfound.go_home': 'về trang chủ của Trung tâm',
	'notfound.go_procedures': 'tra cứu thủ tục hành chính',
	'notfound.go_track': 'tra cứu hồ sơ bằng mã hồ sơ',
};
