/*
 * dossier.c — the dossier rules. Tables, not branches, where possible, so
 * the allowed transitions can be read in one place.
 */
#include "core/dossier.h"

#include <string.h>

#include "core/roles.h"
#include "core/vntime.h"

static const char *const status_names[DS__COUNT] = {
	"submitted",    "received", "processing", "supplement_requested",
	"result_ready", "returned", "refused",    "withdrawn",
};

static const char *const action_names[DA__COUNT] = {
	"accept",   "forward",   "send_back", "request_supplement", "supplement", "refuse",
	"complete", "apologize", "return",    "withdraw",
};

#define S(x) (1u << (x))
/* The states each action may start from. */
static const unsigned from_states[DA__COUNT] = {
	[DA_ACCEPT] = S(DS_SUBMITTED),
	[DA_FORWARD] = S(DS_RECEIVED) | S(DS_PROCESSING),
	[DA_SEND_BACK] = S(DS_PROCESSING),
	[DA_REQUEST_SUPPLEMENT] = S(DS_SUBMITTED) | S(DS_RECEIVED) | S(DS_PROCESSING),
	[DA_SUPPLEMENT] = S(DS_SUPPLEMENT_REQUESTED),
	[DA_REFUSE] =
		S(DS_SUBMITTED) | S(DS_RECEIVED) | S(DS_PROCESSING) | S(DS_SUPPLEMENT_REQUESTED),
	[DA_COMPLETE] = S(DS_RECEIVED) | S(DS_PROCESSING),
	[DA_APOLOGIZE] = S(DS_RECEIVED) | S(DS_PROCESSING) | S(DS_SUPPLEMENT_REQUESTED),
	[DA_RETURN] = S(DS_RESULT_READY),
	[DA_WITHDRAW] =
		S(DS_SUBMITTED) | S(DS_RECEIVED) | S(DS_PROCESSING) | S(DS_SUPPLEMENT_REQUESTED),
};

static const unsigned action_roles[DA__COUNT] = {
	[DA_ACCEPT] = ROLE_RECEPTION,
	[DA_FORWARD] = ROLE_RECEPTION | ROLE_SPECIALIST | ROLE_HEAD | ROLE_LEADER,
	[DA_SEND_BACK] = ROLE_SPECIALIST | ROLE_HEAD | ROLE_LEADER,
	[DA_REQUEST_SUPPLEMENT] = ROLE_RECEPTION | ROLE_SPECIALIST | ROLE_HEAD,
	[DA_SUPPLEMENT] = ROLE_RECEPTION | ROLE_SPECIALIST | ROLE_HEAD,
	[DA_REFUSE] = ROLE_RECEPTION | ROLE_SPECIALIST | ROLE_HEAD | ROLE_LEADER,
	[DA_COMPLETE] = ROLE_RECEPTION | ROLE_SPECIALIST | ROLE_HEAD | ROLE_LEADER,
	/* Mẫu 04 is signed for the People's Committee by its leader (TM./KT. Chủ
	 * tịch; Circular 03/2025/TT-VPCP): others may not issue it */
	[DA_APOLOGIZE] = ROLE_LEADER,
	[DA_RETURN] = ROLE_RECEPTION,
	[DA_WITHDRAW] = ROLE_RECEPTION,
};

const char *ds_status_name(enum ds_status s)
{
	return (unsigned)s < DS__COUNT ? status_names[s] : "?";
}

int ds_status_parse(const char *s)
{
	for (int i = 0; s && i < DS__COUNT; i++)
		if (strcmp(s, status_names[i]) == 0)
			return i;
	return -1;
}

const char *ds_action_name(enum ds_action a)
{
	return (unsigned)a < DA__COUNT ? action_names[a] : "?";
}

int ds_action_parse(const char *s)
{
	for (int i = 0; s && i < DA__COUNT; i++)
		if (strcmp(s, action_names[i]) == 0)
			return i;
	return -1;
}

unsigned ds_action_roles(enum ds_action a)
{
	return (unsigned)a < DA__COUNT ? action_roles[a] : 0;
}

int ds_may_act(enum ds_action a, const struct ds_facts *f, unsigned roles, long long unit,
	       struct problem *p)
{
	if ((unsigned)a >= DA__COUNT)
		return problem_kind(p, ERR_BAD_REQUEST);
	if (a == DA_APOLOGIZE && !(action_roles[a] & roles))
		return problem_set(
			p, ERR_FORBIDDEN, "not_competent", NULL,
			"Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết (Mẫu 04) do lãnh "
			"đạo "
			"Ủy ban nhân dân ký ban hành; vai trò hiện tại không có thẩm quyền.",
			"The apology with a new appointment (form 04) is issued by a "
			"leader of the People's Committee; your role is not competent.");
	/* A refusal before receipt is the counter's (Mẫu 03 "từ chối tiếp
	 * nhận"); once received, refusing to handle it is the competent body's:
	 * the head of the unit where it is, or a leader of the People's
	 * Committee (Decree 118/2025/NĐ-CP, Circular 03/2025/TT-VPCP). */
	if (a == DA_REFUSE && f->status != DS_SUBMITTED && !(roles & (ROLE_HEAD | ROLE_LEADER)))
		return problem_set(
			p, ERR_FORBIDDEN, "not_competent", NULL,
			"Hồ sơ đã được tiếp nhận: việc từ chối giải quyết do trưởng đơn vị "
			"đang giải quyết hoặc lãnh đạo Ủy ban nhân dân quyết định; vai trò hiện "
			"tại không có thẩm quyền.",
			"The dossier has been received: refusing it is for the head of the unit "
			"handling it or a leader of the People's Committee; this role is not "
			"competent.");
	if (a == DA_REFUSE && f->status == DS_SUBMITTED && !(roles & ROLE_RECEPTION))
		return problem_set(p, ERR_FORBIDDEN, "not_competent", NULL,
				   "Từ chối tiếp nhận hồ sơ là việc của cán bộ tiếp nhận tại Bộ "
				   "phận Một cửa; vai trò hiện tại không có thẩm quyền.",
				   "Refusing to receive a dossier is the counter officer's; this "
				   "role is not competent.");
	if (!(action_roles[a] & roles))
		return problem_set(p, ERR_FORBIDDEN, "forbidden", NULL,
				   "Vai trò hiện tại không được thực hiện thao tác này.",
				   "Your role may not perform this action.");
	long long where = f->step ? f->step_unit : f->counter_unit;
	int at_counter = unit > 0 && unit == f->counter_unit;
	int ok;
	switch (a) {
	case DA_ACCEPT:
	case DA_WITHDRAW: ok = at_counter; break;
	/* the leader signs for the People's Committee, whatever step is open */
	case DA_APOLOGIZE: ok = unit > 0; break;
	case DA_REFUSE:
		if (f->status == DS_SUBMITTED)
			ok = at_counter;
		else /* a leader for the Committee; a head for the unit it is at */
			ok = unit > 0 && ((roles & ROLE_LEADER) || unit == where);
		break;
	case DA_SUPPLEMENT:
		ok = (unit > 0 && unit == where) || (at_counter && (roles & ROLE_RECEPTION));
		break;
	default: ok = unit > 0 && unit == where; break;
	}
	if (ok)
		return 0;
	return problem_set(
		p, ERR_FORBIDDEN, "not_your_step", NULL,
		"Hồ sơ đang ở bước của đơn vị khác; chỉ cán bộ của đơn vị đó mới thao "
		"tác được.",
		"The dossier is at another unit's step; only that unit's officers may act.");
}

int ds_clock_runs(enum ds_status s)
{
	return s == DS_RECEIVED || s == DS_PROCESSING;
}

int ds_finished(enum ds_status s)
{
	return s == DS_RESULT_READY || s == DS_RETURNED || s == DS_REFUSED || s == DS_WITHDRAWN;
}

int ds_check(enum ds_action a, const struct ds_facts *f, struct problem *p)
{
	if ((unsigned)a >= DA__COUNT || (unsigned)f->status >= DS__COUNT)
		return problem_kind(p, ERR_BAD_REQUEST);
	if (a == DA_REQUEST_SUPPLEMENT && f->supplement_count >= 1)
		return problem_set(p, ERR_CONFLICT, "supplement_once", NULL,
				   "Hồ sơ chỉ được yêu cầu bổ sung, hoàn thiện một lần.",
				   "A dossier may be asked for a supplement only once.");
	if (a == DA_APOLOGIZE && f->apology_count >= 1)
		return problem_set(p, ERR_CONFLICT, "apology_once", NULL,
				   "Chỉ được xin lỗi và hẹn lại ngày trả kết quả một lần.",
				   "An apology with a new appointment may be given only once.");
	if (!(from_states[a] & S(f->status)))
		return problem_set(
			p, ERR_CONFLICT, "invalid_transition", NULL,
			"Thao tác này không thực hiện được ở trạng thái hiện tại của hồ sơ.",
			"This action is not possible in the dossier's current state.");
	/* the last processing step: the one before the return step */
	int last_work = f->nsteps > 1 ? f->nsteps - 1 : f->nsteps;
	if (a == DA_FORWARD && f->step >= last_work)
		return problem_set(p, ERR_CONFLICT, "no_next_step", NULL,
				   "Hồ sơ đang ở bước xử lý cuối cùng; bước này ký và hoàn thành "
				   "hồ sơ (thao tác Hoàn thành), không chuyển tiếp.",
				   "The dossier is at its last processing step; the result is "
				   "issued here (complete), not forwarded.");
	if (a == DA_COMPLETE && f->step < last_work && !f->may_complete)
		return problem_set(p, ERR_CONFLICT, "not_last_step", NULL,
				   "Chỉ bước xử lý cuối cùng (bước ký duyệt) mới hoàn thành hồ sơ; "
				   "hãy chuyển tiếp hồ sơ theo quy trình.",
				   "Only the last processing step (the signing step) completes the "
				   "dossier; forward it along its steps.");
	if (a == DA_SEND_BACK && f->step <= 1)
		return problem_set(p, ERR_CONFLICT, "no_previous_step", NULL,
				   "Hồ sơ đang ở bước đầu tiên; không có bước trước để trả lại.",
				   "The dossier is at its first step; there is no previous step.");
	return 0;
}

enum ds_status ds_next(enum ds_action a, const struct ds_facts *f)
{
	switch (a) {
	case DA_ACCEPT: return DS_RECEIVED;
	case DA_FORWARD: return DS_PROCESSING;
	case DA_SEND_BACK: return f->step - 1 <= 1 ? DS_RECEIVED : DS_PROCESSING;
	case DA_REQUEST_SUPPLEMENT: return DS_SUPPLEMENT_REQUESTED;
	case DA_SUPPLEMENT: return f->paused_from;
	case DA_REFUSE: return DS_REFUSED;
	case DA_COMPLETE: return DS_RESULT_READY;
	case DA_APOLOGIZE: return f->status;
	case DA_RETURN: return DS_RETURNED;
	case DA_WITHDRAW: return DS_WITHDRAWN;
	default: return f->status;
	}
}

enum ds_timing ds_classify(int64_t finished, int64_t due)
{
	if (finished > due)
		return DT_LATE;
	return vn_day_of(finished) < vn_day_of(due) ? DT_EARLY : DT_ON_TIME;
}

const char *ds_timing_name(enum ds_timing t)
{
	switch (t) {
	case DT_EARLY: return "early";
	case DT_ON_TIME: return "on_time";
	default: return "late";
	}
}

int ds_overdue(enum ds_status s, int64_t due, int64_t paused_at, int64_t now)
{
	if (s == DS_SUPPLEMENT_REQUESTED)
		return paused_at > 0 && due > 0 && paused_at > due;
	return ds_clock_runs(s) && due > 0 && now > due;
}

int64_t ds_row_id(int64_t agency_id, int yymmdd, int64_t seq)
{
	if (agency_id <= 0 || agency_id > 900000 || yymmdd < 0 || yymmdd > 999999 || seq <= 0 ||
	    seq >= 10000000)
		return 0;
	return (agency_id * 1000000 + yymmdd) * 10000000 + seq;
}

int ds_code_split(const char *code, size_t *eid_len, int *yymmdd, int64_t *seq)
{
	size_t n = strlen(code);
	/* from the end: the sequence (4 to 7 digits), '-', 6 digits, '-' */
	size_t i = n, digits = 0;
	int64_t v = 0, scale = 1;
	while (i > 0 && code[i - 1] >= '0' && code[i - 1] <= '9' && digits < 7) {
		v += (code[i - 1] - '0') * scale;
		scale *= 10;
		i--;
		digits++;
	}
	if (digits < 4 || i < 9 || code[i - 1] != '-')
		return -1;
	i--;
	int d = 0;
	for (size_t k = i - 6; k < i; k++) {
		if (code[k] < '0' || code[k] > '9')
			return -1;
		d = d * 10 + (code[k] - '0');
	}
	if (code[i - 7] != '-')
		return -1;
	*eid_len = i - 7;
	*yymmdd = d;
	*seq = v;
	return 0;
}
