/*
 * catalogue_csv.c — the catalogue as one CSV file, for spreadsheets.
 *
 * One row per thing, the first column says what it is:
 *   kind=field      code, name
 *   kind=procedure  code, name, field, level, agency, agencies (the codes of
 *                   every implementing agency, separated by spaces; empty:
 *                   the own agency only — D29), limit_value, limit_unit,
 *                   limit_text, online, result, legal_basis (one basis per
 *                   line inside the cell), sequence, method, subjects,
 *                   conditions, note, cutoff (1/0: the centre's 15:00 cut-off;
 *                   empty or a missing column reads as 1)
 *   kind=variant    code (of the procedure), variant (its code: a-z 0-9 _),
 *                   name, limit_value, limit_unit — one lawful variant of the
 *                   time limit (time_limit.variants), the whole limit under it
 *   kind=fee        code (of the procedure), name, amount, note
 *   kind=document   code, name, form, count, mandatory (1/0), doc_id
 *   kind=step       code, name, unit, share, may_complete (1/0: the step may
 *                   issue the result early; a missing column reads as 0)
 * Rows of a procedure follow its `procedure` row (variants in their order). The header names the
 * columns, in any order; unknown columns are ignored. Import is all or
 * nothing (one transaction) and errors name the line. Cells a spreadsheet
 * would take for a formula are exported with an apostrophe in front and
 * read back without it (csv_put_text / csv_untext, core/csv.h).
 *
 * The export reads through the store (catalogue_store.h) and the services'
 * procedure_json; it holds no SQL. Parsing touches no store at all, so the
 * server parses an upload on the request's thread and only the load runs in
 * the write transaction.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/catalogue/catalogue.h"
#include "app/catalogue/catalogue_store.h"
#include "core/csv.h"

static const char *const columns[] = {
	"kind",        "code",         "name",       "field",      "level",      "agency",
	"agencies",    "limit_value",  "limit_unit", "limit_text", "online",     "result",
	"legal_basis", "sequence",     "method",     "subjects",   "conditions", "note",
	"amount",      "form",         "count",      "mandatory",  "doc_id",     "unit",
	"share",       "may_complete", "cutoff",     "variant",
};
#define NCOL (sizeof columns / sizeof columns[0])
enum {
	C_KIND,
	C_CODE,
	C_NAME,
	C_FIELD,
	C_LEVEL,
	C_AGENCY,
	C_AGENCIES,
	C_LVAL,
	C_LUNIT,
	C_LTEXT,
	C_ONLINE,
	C_RESULT,
	C_LEGAL,
	C_SEQ,
	C_METHOD,
	C_SUBJ,
	C_COND,
	C_NOTE,
	C_AMOUNT,
	C_FORM,
	C_COUNT,
	C_MAND,
	C_DOCID,
	C_UNIT,
	C_SHARE,
	C_MAYCOMPLETE,
	C_CUTOFF,
	C_VARIANT
};

/* "HOIAN HOIANTAY, TANHIEP" → ["HOIAN","HOIANTAY","TANHIEP"] (spaces or
 * commas between codes; the catalogue checks each code). */
static json_t *split_codes(const char *s)
{
	json_t *out = json_array();
	while (*s) {
		size_t n = strcspn(s, " ,;\t\r\n");
		if (n)
			json_array_append_new(out, json_stringn(s, n));
		s += n;
		if (*s)
			s++;
	}
	return out;
}

static int row(struct buf *b, const char *v[NCOL])
{
	for (size_t i = 0; i < NCOL; i++)
		if (csv_put_text(b, v[i] ? v[i] : "", i + 1 == NCOL))
			return -1;
	return 0;
}

static const char *str(json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);
	return json_is_string(v) ? json_string_value(v) : "";
}

int catalogue_export_csv(struct db *db, char **csv, size_t *len, struct problem *prob)
{
	*csv = NULL;
	*len = 0;
	json_t *fields = catalogue_db_fields(db, 1), *codes = catalogue_db_active_codes(db);
	if (!fields || !codes) {
		json_decref(fields);
		json_decref(codes);
		return problem_kind(prob, ERR_INTERNAL);
	}
	struct buf b;
	int cut = 0;
	buf_init(&b, CATALOGUE_CSV_EXPORT_MAX);
	const char *v[NCOL];
	char num[4][40];
	for (size_t i = 0; i < NCOL; i++)
		v[i] = columns[i];
	cut |= row(&b, v);
	size_t i;
	json_t *c;
	json_array_foreach (fields, i, c) {
		memset(v, 0, sizeof v);
		v[C_KIND] = "field";
		v[C_CODE] = str(c, "code");
		v[C_NAME] = str(c, "name");
		cut |= row(&b, v);
	}
	json_decref(fields);
	json_array_foreach (codes, i, c) {
		json_t *p = procedure_json(db, json_string_value(c));
		if (!p)
			continue;
		json_t *tl = json_object_get(p, "time_limit");
		struct buf legal;
		buf_init(&legal, 1 << 20);
		size_t k;
		json_t *x;
		json_array_foreach (json_object_get(p, "legal_basis"), k, x) {
			if ((k && buf_puts(&legal, "\n")) ||
			    buf_puts(&legal, json_is_string(x) ? json_string_value(x) : ""))
				break;
		}
		cut |= buf_full(&legal);
		memset(v, 0, sizeof v);
		v[C_KIND] = "procedure";
		v[C_CODE] = str(p, "code");
		v[C_NAME] = str(p, "name");
		v[C_FIELD] = str(json_object_get(p, "field"), "code");
		v[C_LEVEL] = str(p, "level");
		v[C_AGENCY] = str(json_object_get(p, "agency"), "code");
		struct buf agencies;
		buf_init(&agencies, 1 << 16);
		json_array_foreach (json_object_get(p, "agencies"), k, x)
			if ((k && buf_puts(&agencies, " ")) || buf_puts(&agencies, str(x, "code")))
				break;
		cut |= buf_full(&agencies);
		/* one agency: the column stays empty, as in a file written before it */
		v[C_AGENCIES] = agencies.p && json_array_size(json_object_get(p, "agencies")) > 1
					? agencies.p
					: "";
		snprintf(num[0], sizeof num[0], "%.10g",
			 json_number_value(json_object_get(tl, "value")));
		v[C_LVAL] = num[0];
		v[C_LUNIT] = str(tl, "unit");
		v[C_LTEXT] = str(tl, "text");
		v[C_ONLINE] = str(p, "online");
		v[C_RESULT] = str(p, "result");
		v[C_LEGAL] = legal.p ? legal.p : "";
		v[C_SEQ] = str(p, "sequence");
		v[C_METHOD] = str(p, "method");
		v[C_SUBJ] = str(p, "subjects");
		v[C_COND] = str(p, "conditions");
		v[C_NOTE] = str(p, "note");
		v[C_CUTOFF] = json_is_false(json_object_get(tl, "cutoff")) ? "0" : "1";
		cut |= row(&b, v);
		buf_free(&legal);
		buf_free(&agencies);
		json_array_foreach (json_object_get(tl, "variants"), k, x) {
			memset(v, 0, sizeof v);
			v[C_KIND] = "variant";
			v[C_CODE] = str(p, "code");
			v[C_VARIANT] = str(x, "code");
			v[C_NAME] = str(x, "name");
			snprintf(num[0], sizeof num[0], "%.10g",
				 json_number_value(json_object_get(x, "value")));
			v[C_LVAL] = num[0];
			v[C_LUNIT] = str(x, "unit");
			cut |= row(&b, v);
		}
		json_array_foreach (json_object_get(p, "fees"), k, x) {
			memset(v, 0, sizeof v);
			v[C_KIND] = "fee";
			v[C_CODE] = str(p, "code");
			v[C_NAME] = str(x, "name");
			snprintf(num[0], sizeof num[0], "%lld",
				 (long long)json_integer_value(json_object_get(x, "amount")));
			v[C_AMOUNT] = num[0];
			v[C_NOTE] = str(x, "note");
			cut |= row(&b, v);
		}
		json_array_foreach (json_object_get(p, "documents"), k, x) {
			memset(v, 0, sizeof v);
			v[C_KIND] = "document";
			v[C_CODE] = str(p, "code");
			v[C_NAME] = str(x, "name");
			v[C_FORM] = str(x, "form");
			snprintf(num[0], sizeof num[0], "%lld",
				 (long long)json_integer_value(json_object_get(x, "count")));
			v[C_COUNT] = num[0];
			v[C_MAND] = json_is_true(json_object_get(x, "mandatory")) ? "1" : "0";
			snprintf(num[1], sizeof num[1], "%lld",
				 (long long)json_integer_value(json_object_get(x, "id")));
			v[C_DOCID] = num[1];
			cut |= row(&b, v);
		}
		json_array_foreach (json_object_get(p, "steps"), k, x) {
			memset(v, 0, sizeof v);
			v[C_KIND] = "step";
			v[C_CODE] = str(p, "code");
			v[C_NAME] = str(x, "name");
			v[C_UNIT] = str(json_object_get(x, "unit"), "code");
			snprintf(num[0], sizeof num[0], "%.10g",
				 json_number_value(json_object_get(x, "share")));
			v[C_SHARE] = num[0];
			v[C_MAYCOMPLETE] =
				json_is_true(json_object_get(x, "may_complete")) ? "1" : "0";
			cut |= row(&b, v);
		}
		json_decref(p);
	}
	json_decref(codes);
	/* rows past the ceiling were not written: no export rather than a cut one */
	if (cut || buf_full(&b)) {
		buf_free(&b);
		return problem_kind(prob, ERR_INTERNAL);
	}
	*csv = buf_steal(&b, len);
	return 0;
}

static int line_error(struct problem *p, int line, const char *vi, const char *en)
{
	char f[32];
	snprintf(f, sizeof f, "line %d", line);
	return problem_field(p, f, vi, en);
}

/* Parses a number cell; -1 if it is not one. */
static int num_cell(const char *s, double *out)
{
	char *end = NULL;
	if (!s[0])
		return -1;
	*out = strtod(s, &end);
	return *end ? -1 : 0;
}

/* A 1/0 cell (also true/false, x): 1, 0, empty → 1 (the default), -1. */
static int flag_cell(const char *s)
{
	if (!s[0] || strcmp(s, "1") == 0 || strcmp(s, "true") == 0 || strcmp(s, "x") == 0)
		return 1;
	if (strcmp(s, "0") == 0 || strcmp(s, "false") == 0)
		return 0;
	return -1;
}

json_t *catalogue_parse_csv(const char *csv, size_t len, struct problem *p)
{
	struct csv_reader r;
	csv_reader_init(&r, csv, len);
	int map[NCOL];
	json_t *out = json_pack("{s:[],s:[]}", "fields", "procedures");
	json_t *fields = json_object_get(out, "fields"),
	       *procs = json_object_get(out, "procedures");
	json_t *cur = NULL;
	int rc = csv_next(&r);
	if (rc != 1) {
		line_error(p, rc < 0 ? r.line : 1, "Tệp CSV trống hoặc không đọc được.",
			   "The CSV file is empty or unreadable.");
		goto fail;
	}
	for (size_t i = 0; i < NCOL; i++) {
		map[i] = -1;
		for (int k = 0; k < r.nfields; k++)
			if (strcmp(r.field[k], columns[i]) == 0)
				map[i] = k;
	}
	if (map[C_KIND] < 0 || map[C_CODE] < 0 || map[C_NAME] < 0) {
		line_error(p, 1, "Dòng tiêu đề phải có các cột kind, code, name.",
			   "The header must have the columns kind, code, name.");
		goto fail;
	}
#define CELL(c) (map[c] >= 0 ? csv_untext(csv_field(&r, map[c])) : "")
	while ((rc = csv_next(&r)) == 1) {
		const char *kind = CELL(C_KIND), *code = CELL(C_CODE);
		double x;
		if (strcmp(kind, "field") == 0) {
			json_array_append_new(
				fields, json_pack("{s:s,s:s}", "code", code, "name", CELL(C_NAME)));
		} else if (strcmp(kind, "procedure") == 0) {
			if (num_cell(CELL(C_LVAL), &x)) {
				line_error(p, r.line, "Thời hạn (limit_value) phải là một số.",
					   "limit_value must be a number.");
				goto fail;
			}
			json_t *legal = json_array();
			const char *lb = CELL(C_LEGAL);
			while (*lb) {
				const char *nl = strchr(lb, '\n');
				size_t n = nl ? (size_t)(nl - lb) : strlen(lb);
				if (n && lb[n - 1] == '\r')
					n--;
				if (n)
					json_array_append_new(legal, json_stringn(lb, n));
				lb += nl ? (size_t)(nl - lb) + 1 : strlen(lb);
			}
			cur = json_pack(
				"{s:s,s:s,s:s,s:s,s:{s:f,s:s,s:s},s:s,s:s,s:o,s:s,s:s,s:s,s:s,"
				"s:s,s:[],s:[],s:[]}",
				"code", code, "name", CELL(C_NAME), "field", CELL(C_FIELD), "level",
				CELL(C_LEVEL)[0] ? CELL(C_LEVEL) : "commune", "time_limit", "value",
				x, "unit", CELL(C_LUNIT), "text", CELL(C_LTEXT), "online",
				CELL(C_ONLINE), "result", CELL(C_RESULT), "legal_basis", legal,
				"sequence", CELL(C_SEQ), "method", CELL(C_METHOD), "subjects",
				CELL(C_SUBJ), "conditions", CELL(C_COND), "note", CELL(C_NOTE),
				"fees", "documents", "steps");
			if (!cur) {
				line_error(p, r.line,
					   "Dòng thủ tục có ký tự không hợp lệ (cần UTF-8).",
					   "The procedure row has invalid characters (UTF-8 "
					   "expected).");
				goto fail;
			}
			const char *co = CELL(C_CUTOFF);
			int cutoff = flag_cell(co);
			if (cutoff < 0) {
				line_error(p, r.line, "Cột cutoff phải là 1 hoặc 0.",
					   "cutoff must be 1 or 0.");
				json_decref(cur); /* not in procs yet */
				cur = NULL;
				goto fail;
			}
			json_t *tl = json_object_get(cur, "time_limit");
			json_object_set_new(tl, "variants", json_array());
			json_object_set_new(tl, "cutoff", json_boolean(cutoff));
			if (CELL(C_AGENCY)[0])
				json_object_set_new(cur, "agency", json_string(CELL(C_AGENCY)));
			if (CELL(C_AGENCIES)[0])
				json_object_set_new(cur, "agencies", split_codes(CELL(C_AGENCIES)));
			json_object_set_new(cur, "_line", json_integer(r.line));
			json_array_append_new(procs, cur);
		} else if (strcmp(kind, "fee") == 0 || strcmp(kind, "document") == 0 ||
			   strcmp(kind, "step") == 0 || strcmp(kind, "variant") == 0) {
			if (!cur || strcmp(str(cur, "code"), code) != 0) {
				line_error(p, r.line,
					   "Dòng này phải nằm ngay sau dòng thủ tục cùng mã "
					   "(kind=procedure).",
					   "This row must follow the procedure row with the same "
					   "code.");
				goto fail;
			}
			json_t *item;
			if (kind[0] == 'v') {
				if (num_cell(CELL(C_LVAL), &x)) {
					line_error(p, r.line,
						   "Thời hạn (limit_value) phải là một số.",
						   "limit_value must be a number.");
					goto fail;
				}
				item = json_pack("{s:s,s:s,s:f,s:s}", "code", CELL(C_VARIANT),
						 "name", CELL(C_NAME), "value", x, "unit",
						 CELL(C_LUNIT));
				json_array_append_new(
					json_object_get(json_object_get(cur, "time_limit"),
							"variants"),
					item);
			} else if (kind[0] == 'f') {
				char *end = NULL;
				long long amount = strtoll(CELL(C_AMOUNT), &end, 10);
				if (!CELL(C_AMOUNT)[0] || *end) {
					line_error(p, r.line, "Số tiền (amount) phải là số nguyên.",
						   "amount must be a whole number.");
					goto fail;
				}
				item = json_pack("{s:s,s:I,s:s}", "name", CELL(C_NAME), "amount",
						 (json_int_t)amount, "note", CELL(C_NOTE));
				json_array_append_new(json_object_get(cur, "fees"), item);
			} else if (kind[0] == 'd') {
				char *end = NULL;
				long long count = strtoll(CELL(C_COUNT), &end, 10);
				const char *m = CELL(C_MAND);
				if (!CELL(C_COUNT)[0] || *end) {
					line_error(p, r.line, "Số lượng (count) phải là số nguyên.",
						   "count must be a whole number.");
					goto fail;
				}
				item = json_pack("{s:s,s:s,s:I,s:b}", "name", CELL(C_NAME), "form",
						 CELL(C_FORM), "count", (json_int_t)count,
						 "mandatory",
						 strcmp(m, "1") == 0 || strcmp(m, "true") == 0 ||
							 strcmp(m, "x") == 0);
				long long id = strtoll(CELL(C_DOCID), &end, 10);
				if (CELL(C_DOCID)[0] && !*end && id > 0)
					json_object_set_new(item, "id", json_integer(id));
				json_array_append_new(json_object_get(cur, "documents"), item);
			} else {
				if (num_cell(CELL(C_SHARE), &x)) {
					line_error(p, r.line,
						   "Thời gian của bước (share) phải là một số.",
						   "share must be a number.");
					goto fail;
				}
				const char *mc = CELL(C_MAYCOMPLETE);
				item = json_pack("{s:s,s:s,s:f,s:b}", "name", CELL(C_NAME), "unit",
						 CELL(C_UNIT), "share", x, "may_complete",
						 strcmp(mc, "1") == 0 || strcmp(mc, "true") == 0 ||
							 strcmp(mc, "x") == 0);
				json_array_append_new(json_object_get(cur, "steps"), item);
			}
			if (!item) {
				line_error(p, r.line, "Dòng có ký tự không hợp lệ (cần UTF-8).",
					   "The row has invalid characters (UTF-8 expected).");
				goto fail;
			}
		} else {
			line_error(
				p, r.line,
				"Cột kind phải là field, procedure, variant, fee, document hoặc "
				"step.",
				"kind must be field, procedure, variant, fee, document or step.");
			goto fail;
		}
	}
#undef CELL
	if (rc < 0) {
		line_error(p, r.line, "Tệp CSV sai định dạng ở dòng này.",
			   "The CSV file is malformed at this line.");
		goto fail;
	}
	csv_reader_free(&r);
	return out;
fail:
	csv_reader_free(&r);
	json_decref(out);
	return NULL;
}

int catalogue_import_csv(struct db *db, const struct actor *who, int64_t now, const char *csv,
			 size_t len, long long *fields, long long *procedures, struct problem *p)
{
	json_t *doc = catalogue_parse_csv(csv, len, p);
	if (!doc)
		return p->kind ? (int)p->kind : ERR_VALIDATION;
	int rc = catalogue_load(db, who, now, doc, p);
	if (!rc && fields)
		*fields = (long long)json_array_size(json_object_get(doc, "fields"));
	if (!rc && procedures)
		*procedures = (long long)json_array_size(json_object_get(doc, "procedures"));
	json_decref(doc);
	return rc;
}
