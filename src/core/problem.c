/*
 * problem.c — default codes and bilingual messages for each error kind, and
 * the single kind → HTTP status table.
 */
#include "core/problem.h"

#include <string.h>

struct kind_info {
	int status;
	const char *code;
	const char *vi;
	const char *en;
};

static const struct kind_info kinds[ERR__COUNT] = {
	[ERR_OK] = {200, "ok", "Thành công.", "OK."},
	[ERR_BAD_REQUEST] = {400, "bad_request", "Yêu cầu không hợp lệ.",
			     "The request is malformed."},
	[ERR_UNAUTHORIZED] = {401, "unauthenticated", "Vui lòng đăng nhập để tiếp tục.",
			      "You need to sign in to continue."},
	[ERR_FORBIDDEN] = {403, "forbidden", "Tài khoản không có quyền thực hiện thao tác này.",
			   "You are not allowed to do this."},
	[ERR_NOT_FOUND] = {404, "not_found", "Không tìm thấy nội dung yêu cầu.",
			   "The requested resource was not found."},
	[ERR_METHOD] = {405, "method_not_allowed", "Phương thức không được hỗ trợ cho địa chỉ này.",
			"This method is not allowed here."},
	[ERR_CONFLICT] = {409, "conflict",
			  "Dữ liệu đã bị thay đổi hoặc xung đột; vui lòng tải lại.",
			  "The data changed or conflicts; please reload."},
	[ERR_TOO_LARGE] = {413, "payload_too_large",
			   "Dữ liệu gửi lên vượt quá kích thước cho phép.",
			   "The request body is too large."},
	[ERR_MEDIA_TYPE] = {415, "unsupported_media_type",
			    "Định dạng dữ liệu không được hỗ trợ (cần application/json).",
			    "Unsupported media type (application/json expected)."},
	[ERR_VALIDATION] = {422, "validation", "Dữ liệu chưa hợp lệ.", "The data is not valid."},
	[ERR_THROTTLED] = {429, "too_many_requests", "Quá nhiều yêu cầu; vui lòng thử lại sau.",
			   "Too many requests; please try again later."},
	[ERR_INTERNAL] = {500, "internal", "Đã xảy ra lỗi hệ thống; vui lòng thử lại sau.",
			  "An internal error occurred; please try again later."},
	[ERR_UNAVAILABLE] = {503, "unavailable", "Hệ thống đang bận; vui lòng thử lại sau.",
			     "The service is busy; please try again later."},
};

int problem_status(enum err kind)
{
	if (kind <= ERR_OK || kind >= ERR__COUNT)
		return 500;
	return kinds[kind].status;
}

enum err problem_set(struct problem *p, enum err kind, const char *code, const char *field,
		     const char *vi, const char *en)
{
	if (kind <= ERR_OK || kind >= ERR__COUNT)
		kind = ERR_INTERNAL;
	p->kind = kind;
	p->code = code ? code : kinds[kind].code;
	p->vi = vi ? vi : kinds[kind].vi;
	p->en = en ? en : kinds[kind].en;
	p->field[0] = '\0';
	if (field) {
		size_t n = strlen(field);
		if (n >= sizeof p->field)
			n = sizeof p->field - 1;
		memcpy(p->field, field, n);
		p->field[n] = '\0';
	}
	p->retry_after = 0;
	return kind;
}

enum err problem_kind(struct problem *p, enum err kind)
{
	return problem_set(p, kind, NULL, NULL, NULL, NULL);
}

enum err problem_field(struct problem *p, const char *field, const char *vi, const char *en)
{
	return problem_set(p, ERR_VALIDATION, "validation", field, vi, en);
}

const char *problem_message(const struct problem *p, int english)
{
	if (!p->code)
		return english ? kinds[ERR_INTERNAL].en : kinds[ERR_INTERNAL].vi;
	return english ? p->en : p->vi;
}
