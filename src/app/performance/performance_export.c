/*
 * performance_export.c — the national export (issue 14, item 5; D41): the
 * dossiers received in a period as JSON lines in the field names of the
 * National Public Service Portal (DOMAIN.md §1.3), read through a cursor so
 * that ten million rows never sit in memory (one row, one line at a time).
 * The fields, their meaning and their source: docs/API.md "Officers'
 * figures and the national export".
 *
 * Dates: local time of Vietnam (UTC+07:00) as 14 digits yyyyMMddHHmmss
 * ("20260302090000"), null when the dossier has none yet.
 *
 * No personal data: neither the applicant's name, identity number, phone,
 * address nor e-mail — the record is the dossier's handling, which is what
 * the portal's scoring (Decision 766) reads; see D41.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/performance/performance.h"
#include "app/performance/performance_store.h"
#include "core/jw.h"
#include "core/mem.h"
#include "core/vntime.h"

/* A line is a few hundred bytes; names are bounded by the catalogue. */
#define EXPORT_LINE_MAX (64u << 10)

struct perf_export {
	struct db *db;
	struct db_stmt *st;
	struct jw w;
	long long count;
	int ended;
};

/* 1 counter, 2 online, 3 post (the portal's KenhThucHien). */
static int channel_code(const char *c)
{
	if (strcmp(c, "online") == 0)
		return 2;
	if (strcmp(c, "post") == 0)
		return 3;
	return 1;
}

/* The portal's names of the states (DOMAIN.md §1.3). */
static const char *status_label(const char *s)
{
	static const struct {
		const char *code, *label;
	} map[] = {
		{"submitted", "Chờ tiếp nhận"},
		{"received", "Đã tiếp nhận"},
		{"processing", "Đang xử lý"},
		{"supplement_requested", "Yêu cầu bổ sung hồ sơ"},
		{"result_ready", "Đã xử lý xong"},
		{"returned", "Đã trả kết quả"},
		{"refused", "Từ chối"},
		{"withdrawn", "Công dân yêu cầu rút hồ sơ"},
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strcmp(s, map[i].code) == 0)
			return map[i].label;
	return s;
}

static const char *unit_label(const char *u)
{
	if (strcmp(u, "working_days") == 0)
		return "Ngày làm việc";
	if (strcmp(u, "working_hours") == 0)
		return "Giờ làm việc";
	if (strcmp(u, "same_day") == 0)
		return "Trong ngày";
	if (strcmp(u, "days") == 0)
		return "Ngày";
	return u;
}

/* An instant as yyyyMMddHHmmss in Vietnam's time, or null. */
static void date14(struct jw *w, struct db_stmt *st, int col)
{
	if (db_col_null(st, col)) {
		jw_null(w);
		return;
	}
	struct vn_civil c = vn_civil_of(db_col_int(st, col));
	char b[24];
	snprintf(b, sizeof b, "%04d%02d%02d%02d%02d%02d", c.y, c.m, c.d, c.hh, c.mi, c.ss);
	jw_str(w, b);
}

struct perf_export *performance_export_open(struct db *db, const struct app *a, long long agency,
					    int64_t from, int64_t to, struct problem *p)
{
	(void)a;
	if (to <= from) {
		problem_field(p, "to", "Ngày kết thúc phải sau ngày bắt đầu.",
			      "The end of the period must come after its start.");
		return NULL;
	}
	struct perf_export *x = xcalloc(1, sizeof *x);
	x->db = db;
	x->st = perfstore_export(db, agency, from, to);
	jw_init(&x->w, EXPORT_LINE_MAX);
	return x;
}

static void jw_reset(struct jw *w)
{
	buf_reset(&w->b);
	w->depth = 0;
	w->err = 0;
	w->after_key = 0;
	memset(w->has_items, 0, sizeof w->has_items);
}

long performance_export_next(struct perf_export *x, const char **line)
{
	if (x->ended)
		return 0;
	int rc = db_step(x->st);
	if (rc != DB_ROW) {
		x->ended = 1;
		db_done(x->st);
		x->st = NULL;
		return rc == DB_DONE ? 0 : -1;
	}
	struct db_stmt *st = x->st;
	struct jw *w = &x->w;
	jw_reset(w);
	const char *eid = db_col_text(st, PX_AGENCY_EID);
	jw_obj(w);
	jw_key(w, "MaHoSo");
	jw_str(w, db_col_text(st, PX_CODE));
	jw_key(w, "MaTTHC");
	jw_str(w, db_col_text(st, PX_PROC_CODE));
	jw_key(w, "TenTTHC");
	jw_str(w, db_col_text(st, PX_PROC_NAME));
	jw_key(w, "MaLinhVuc");
	jw_str(w, db_col_text(st, PX_FIELD_CODE));
	jw_key(w, "TenLinhVuc");
	jw_str(w, db_col_text(st, PX_FIELD_NAME));
	jw_key(w, "MaCoQuan");
	jw_str(w, *eid ? eid : db_col_text(st, PX_AGENCY_CODE));
	jw_key(w, "TenCoQuan");
	jw_str(w, db_col_text(st, PX_AGENCY_NAME));
	jw_key(w, "KenhThucHien");
	jw_int(w, channel_code(db_col_text(st, PX_CHANNEL)));
	jw_key(w, "HinhThucTraKetQua");
	jw_int(w, channel_code(db_col_text(st, PX_RETURN_METHOD)));
	jw_key(w, "LoaiDoiTuong");
	jw_int(w, strcmp(db_col_text(st, PX_APPLICANT_KIND), "organization") == 0 ? 2 : 1);
	jw_key(w, "NgayNopHoSo");
	date14(w, st, PX_SUBMITTED);
	jw_key(w, "NgayTiepNhan");
	date14(w, st, PX_RECEIVED);
	jw_key(w, "NgayHenTra");
	date14(w, st, PX_DUE);
	jw_key(w, "NgayHenTraBanDau");
	date14(w, st, PX_ORIGINAL_DUE);
	jw_key(w, "NgayKetThucXuLy");
	date14(w, st, PX_FINISHED);
	jw_key(w, "NgayTraKetQua");
	date14(w, st, PX_RETURNED);
	jw_key(w, "NgayTuChoi");
	date14(w, st, PX_REFUSED);
	jw_key(w, "NgayRutHoSo");
	date14(w, st, PX_WITHDRAWN);
	jw_key(w, "TrangThaiHoSo");
	jw_str(w, status_label(db_col_text(st, PX_STATUS)));
	jw_key(w, "TrangThaiMotCua");
	jw_str(w, db_col_text(st, PX_STATUS));
	jw_key(w, "ThoiGianGiaiQuyet");
	double limit = db_col_double(st, PX_LIMIT_VALUE);
	if (limit == (double)(long long)limit)
		jw_int(w, (long long)limit);
	else
		jw_real(w, limit);
	jw_key(w, "DonViTinh");
	jw_str(w, unit_label(db_col_text(st, PX_LIMIT_UNIT)));
	jw_key(w, "HoSoCoThanhPhanSoHoa");
	jw_int(w, db_col_int(st, PX_FILES) > 0 ? 1 : 0);
	jw_key(w, "SoLanBoSung");
	jw_int(w, db_col_int(st, PX_SUPPLEMENTS));
	jw_key(w, "SoLanHenLai");
	jw_int(w, db_col_int(st, PX_APOLOGIES));
	jw_obj_end(w);
	if (w->err || buf_append(&w->b, "\n", 1) < 0) {
		x->ended = 1;
		db_done(x->st);
		x->st = NULL;
		return -1;
	}
	x->count++;
	*line = w->b.p;
	return (long)w->b.len;
}

long long performance_export_count(const struct perf_export *x)
{
	return x->count;
}

void performance_export_close(struct perf_export *x)
{
	if (!x)
		return;
	if (x->st)
		db_done(x->st);
	jw_free(&x->w);
	free(x);
}
