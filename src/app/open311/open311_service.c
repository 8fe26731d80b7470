/*
 * open311_service.c — Open311 GeoReport v2 over citizens' voice (see
 * open311.h): the services (the feedback categories), the requests
 * (petitions through petition.h), tokens and API keys. No HTTP, no SQL.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/dossier/dossier.h"
#include "app/open311/open311.h"
#include "app/open311/open311_store.h"
#include "app/petition/petition.h"
#include "auth/auth.h"
#include "core/utf8.h"
#include "core/vntime.h"

/* The feedback categories a citizen may send (the public feedback form's
 * types): the service code, the petition type, the names. */
static const struct service {
	const char *code, *type, *name, *description, *keywords;
} services[] = {
	{"phan-anh", "reflection", "Phản ánh",
	 "Phản ánh về một vấn đề, vụ việc trong quản lý hành chính hoặc việc giải quyết thủ "
	 "tục hành chính. / A reflection: report a problem in administration or in the "
	 "handling of an administrative procedure.",
	 "phản ánh, reflection, issue, problem"},
	{"kien-nghi", "recommendation", "Kiến nghị",
	 "Kiến nghị, đề xuất về quy định, thủ tục hoặc cách phục vụ. / A recommendation: "
	 "propose a change to a rule, a procedure or the service.",
	 "kiến nghị, đề xuất, recommendation, proposal"},
};
#define NSERVICES (sizeof services / sizeof services[0])

static const struct service *service_by_code(const char *code)
{
	for (size_t i = 0; code && i < NSERVICES; i++)
		if (strcmp(services[i].code, code) == 0)
			return &services[i];
	return NULL;
}

static const struct service *service_by_type(const char *type)
{
	for (size_t i = 0; type && i < NSERVICES; i++)
		if (strcmp(services[i].type, type) == 0)
			return &services[i];
	return NULL;
}

const char *open311_service_type(const char *code)
{
	const struct service *s = service_by_code(code);
	return s ? s->type : NULL;
}

json_t *open311_services(void)
{
	json_t *a = json_array();
	for (size_t i = 0; i < NSERVICES; i++)
		json_array_append_new(a, json_pack("{s:s,s:s,s:s,s:b,s:s,s:s,s:s}", "service_code",
						   services[i].code, "service_name",
						   services[i].name, "description",
						   services[i].description, "metadata", 1, "type",
						   "realtime", "keywords", services[i].keywords,
						   "group", "Phản ánh, kiến nghị"));
	return a;
}

json_t *open311_service_definition(const char *code)
{
	const struct service *s = service_by_code(code);
	if (!s)
		return NULL;
	json_t *attrs = json_pack(
		"[{s:b,s:s,s:s,s:b,s:s,s:i,s:s},{s:b,s:s,s:s,s:b,s:s,s:i,s:s}]", "variable", 1,
		"code", "field", "datatype", "string", "required", 0, "datatype_description",
		"Tối đa 100 ký tự. / At most 100 characters.", "order", 1, "description",
		"Lĩnh vực (ví dụ: Đất đai, Xây dựng) / Field (e.g. land, construction)", "variable",
		1, "code", "subject", "datatype", "string", "required", 0, "datatype_description",
		"Tối đa 300 ký tự. / At most 300 characters.", "order", 2, "description",
		"Tiêu đề / Subject");
	return json_pack("{s:s,s:o}", "service_code", s->code, "attributes", attrs);
}

int open311_jurisdiction(struct db *db, const char *jid, long long *agency, struct problem *p)
{
	*agency = 0;
	if (!jid || !*jid)
		return 0;
	char level[16] = "";
	long long id = ostore_agency(db, jid, level);
	if (!id)
		return problem_set(p, ERR_NOT_FOUND, "jurisdiction_not_found", "jurisdiction_id",
				   "Không có cơ quan (jurisdiction_id) này.",
				   "There is no such jurisdiction (jurisdiction_id).");
	*agency = strcmp(level, "province") == 0 ? 0 : id;
	return 0;
}

/* One petition as a GeoReport service request. Nothing personal. */
static json_t *request_json(struct db *db, json_t *it)
{
	long long id = (long long)json_integer_value(json_object_get(it, "id"));
	const char *status = json_string_value(json_object_get(it, "status"));
	const struct service *s = service_by_type(json_string_value(json_object_get(it, "type")));
	int closed = strcmp(status, "answered") == 0 || strcmp(status, "forwarded") == 0;
	json_t *notes = json_null();
	json_t *answer = json_object_get(it, "answer");
	json_t *fwd = json_object_get(it, "forwarded_to");
	if (json_is_string(answer))
		notes = json_incref(answer);
	else if (json_is_string(fwd)) {
		char buf[600];
		snprintf(buf, sizeof buf, "Đã chuyển đến %s. / Forwarded to %s.",
			 json_string_value(fwd), json_string_value(fwd));
		notes = json_string(buf);
	}
	char sid[24];
	snprintf(sid, sizeof sid, "%lld", id);
	json_t *lat = json_null(), *lon = json_null(), *addr = json_null(), *media = json_null();
	struct db_stmt *st = ostore_request_get(db, id);
	if (st) {
		if (*db_col_text(st, 0))
			lat = json_real(strtod(db_col_text(st, 0), NULL));
		if (*db_col_text(st, 1))
			lon = json_real(strtod(db_col_text(st, 1), NULL));
		if (*db_col_text(st, 2))
			addr = json_string(db_col_text(st, 2));
		if (*db_col_text(st, 3))
			media = json_string(db_col_text(st, 3));
		db_done(st);
	}
	json_t *desc = json_object_get(it, "question");
	return json_pack("{s:s,s:s,s:o,s:s,s:s,s:O,s:O,s:n,s:O,s:O,s:O,s:o,s:n,s:n,s:o,s:o,s:o}",
			 "service_request_id", sid, "status", closed ? "closed" : "open",
			 "status_notes", notes, "service_name", s ? s->name : "", "service_code",
			 s ? s->code : "", "description", desc, "agency_responsible",
			 json_object_get(it, "agency"), "service_notice", "requested_datetime",
			 json_object_get(it, "received_at"), "updated_datetime",
			 json_object_get(it, "updated_at"), "expected_datetime",
			 json_object_get(it, "due_at"), "address", addr, "address_id", "zipcode",
			 "lat", lat, "long", lon, "media_url", media);
}

static int append(struct db *db, const struct petition_pub_query *pq, json_t *out,
		  struct problem *p)
{
	json_t *r;
	if (petition_public_list(db, pq, p, &r))
		return p->kind;
	size_t i;
	json_t *it;
	json_array_foreach (json_object_get(r, "items"), i, it) {
		if (json_array_size(out) >= OPEN311_MAX_RESULTS)
			break;
		json_array_append_new(out, request_json(db, it));
	}
	json_decref(r);
	return 0;
}

int open311_requests(struct db *db, int64_t now, const struct open311_query *q, struct problem *p,
		     json_t **out)
{
	*out = NULL;
	json_t *a = json_array();
	struct petition_pub_query pq = {.limit = OPEN311_MAX_RESULTS, .agency = q->agency};
	if (q->ids_n > 0) {
		for (int i = 0; i < q->ids_n; i++) {
			pq.id = q->ids[i];
			pq.limit = 1;
			if (append(db, &pq, a, p))
				goto fail;
		}
		*out = a;
		return 0;
	}
	if (q->service_code) {
		pq.type = open311_service_type(q->service_code);
		if (!pq.type) {
			problem_set(p, ERR_NOT_FOUND, "service_not_found", "service_code",
				    "Không có dịch vụ (service_code) này.",
				    "There is no such service (service_code).");
			goto fail;
		}
	}
	pq.state = q->status;
	int64_t span = (int64_t)OPEN311_MAX_DAYS * 86400;
	pq.from = q->start;
	pq.to = q->end;
	if (!pq.from && !pq.to) {
		pq.to = now;
		pq.from = now - span;
	} else if (!pq.from)
		pq.from = pq.to - span;
	else if (!pq.to)
		pq.to = pq.from + span;
	if (pq.to < pq.from || pq.to - pq.from > span) {
		problem_set(
			p, ERR_BAD_REQUEST, "date_range", "start_date",
			"Khoảng thời gian phải từ start_date đến end_date và không quá 90 ngày.",
			"The range must run from start_date to end_date and last at most 90 "
			"days.");
		goto fail;
	}
	if (append(db, &pq, a, p))
		goto fail;
	*out = a;
	return 0;
fail:
	json_decref(a);
	return p->kind ? p->kind : problem_kind(p, ERR_INTERNAL);
}

int open311_token(struct db *db, const char *token, struct problem *p, json_t **out)
{
	*out = NULL;
	long long id = token && strlen(token) <= OPEN311_TOKEN_CHARS ? ostore_token(db, token) : 0;
	if (!id)
		return problem_set(p, ERR_NOT_FOUND, "token_not_found", "token",
				   "Không tìm thấy mã (token) này.", "There is no such token.");
	char sid[24];
	snprintf(sid, sizeof sid, "%lld", id);
	*out = json_pack("[{s:s,s:s}]", "service_request_id", sid, "token", token);
	return 0;
}

/* Decimal degrees within [-max, max]: 0, or -1. */
static int degrees_ok(const char *s, double max)
{
	if (!s)
		return 0;
	char *end;
	double v = strtod(s, &end);
	return *s && !*end && strlen(s) <= 20 && v >= -max && v <= max ? 0 : -1;
}

int open311_post(struct db *db, struct app *a, int64_t now, const struct open311_post *in,
		 struct problem *p, json_t **out, int *mailed)
{
	*out = NULL;
	char hash[AUTH_HASH_HEX];
	int revoked = 0;
	long long key = 0;
	if (in->api_key && *in->api_key) {
		auth_token_hash(in->api_key, strlen(in->api_key), hash);
		key = ostore_key_find(db, hash, &revoked);
	}
	if (!key || revoked)
		return problem_set(p, ERR_FORBIDDEN, "api_key_invalid", "api_key",
				   "Thiếu khóa API (api_key) hợp lệ.",
				   "A valid API key (api_key) is required.");
	char qkey[64];
	snprintf(qkey, sizeof qkey, "open311:%lld", key);
	if (dossier_submission_quota(db, qkey, now, OPEN311_PER_HOUR, p) != 0)
		return ERR_THROTTLED; /* the counter row is kept: the caller commits */
	const struct service *s = service_by_code(in->service_code);
	if (!s)
		return problem_set(p, in->service_code ? ERR_NOT_FOUND : ERR_BAD_REQUEST,
				   "service_code", "service_code",
				   "Thiếu hoặc sai mã dịch vụ (service_code).",
				   "The service_code is missing or unknown.");
	if (degrees_ok(in->lat, 90) || degrees_ok(in->lon, 180) || (!in->lat != !in->lon))
		return problem_set(p, ERR_BAD_REQUEST, "location", "lat",
				   "Tọa độ (lat, long) không hợp lệ.",
				   "The coordinates (lat, long) are not valid.");
	if (!in->lat && !in->address)
		return problem_set(p, ERR_BAD_REQUEST, "location", "address_string",
				   "Cần vị trí: lat và long, hoặc address_string.",
				   "A location is required: lat and long, or address_string.");
	if (ostore_key_used(db, key, now))
		return problem_kind(p, ERR_INTERNAL);

	char name[2 * 200 + 2] = "";
	snprintf(name, sizeof name, "%s%s%s", in->first_name ? in->first_name : "",
		 in->first_name && in->last_name ? " " : "", in->last_name ? in->last_name : "");
	struct petition_in pin = {
		.channel = "online",
		.type = s->type,
		.field = in->field,
		.subject = in->subject,
		.content = in->description,
		.name = name[0] ? name : NULL,
		.email = in->email,
		.phone = in->phone,
	};
	if (petition_check(&pin, p))
		return p->kind;
	char actor_name[40];
	snprintf(actor_name, sizeof actor_name, "open311:%lld", key);
	struct actor who = {.name = actor_name};
	json_t *created;
	int rc = petition_create(db, a, &who, now, &pin, p, &created, mailed);
	if (rc)
		return rc;
	long long id = (long long)json_integer_value(json_object_get(created, "id"));
	char code[PETITION_CODE_LEN + 1];
	snprintf(code, sizeof code, "%s", json_string_value(json_object_get(created, "code")));
	json_decref(created);
	char token[AUTH_TOKEN_LEN + 1];
	auth_token_new(token);
	if (ostore_request_insert(db, id, token, key, s->code, in->lat, in->lon, in->address,
				  in->media_url, now))
		return problem_kind(p, ERR_INTERNAL);
	char sid[24], kid[24];
	snprintf(sid, sizeof sid, "%lld", id);
	snprintf(kid, sizeof kid, "%lld", key);
	json_t *after = json_pack("{s:s,s:s}", "service_code", s->code, "api_key_id", kid);
	rc = audit_write(db, &who, now, "open311.request", "petition", sid, NULL, after);
	json_decref(after);
	if (rc)
		return problem_kind(p, ERR_INTERNAL);
	/* the tracking code is the citizen's: to the posting client only */
	char notice[700];
	const char *base = a && a->cfg.public_url ? a->cfg.public_url : "";
	snprintf(notice, sizeof notice,
		 "Đã nhận. Mã theo dõi của người gửi: %s (%s/petitions/?code=%s). / Received. "
		 "The sender's tracking code: %s.",
		 code, base, code, code);
	*out = json_pack("[{s:s,s:s,s:s,s:n}]", "service_request_id", sid, "token", token,
			 "service_notice", notice, "account_id");
	return 0;
}

/* ---- API keys ---------------------------------------------------------- */

static json_t *iso_or_null(struct db_stmt *st, int i)
{
	if (db_col_null(st, i))
		return json_null();
	char s[40];
	vn_format_iso(db_col_int(st, i), s, sizeof s);
	return json_string(s);
}

static json_t *key_json(struct db_stmt *st)
{
	return json_pack("{s:I,s:s,s:o,s:s,s:o,s:o,s:I}", "id", (json_int_t)db_col_int(st, 0),
			 "name", db_col_text(st, 1), "created_at", iso_or_null(st, 2), "created_by",
			 db_col_text(st, 3), "revoked_at", iso_or_null(st, 4), "last_used_at",
			 iso_or_null(st, 5), "uses", (json_int_t)db_col_int(st, 6));
}

int open311_key_add(struct db *db, const struct actor *who, int64_t now, const char *name,
		    char key[OPEN311_KEY_CHARS + 1], struct problem *p, json_t **out)
{
	*out = NULL;
	size_t chars = 0;
	if (!name || !*name)
		return problem_field(p, "name", "Vui lòng nhập tên ứng dụng (client).",
				     "Please enter the client's name.");
	if (utf8_count(name, strlen(name), &chars) != UTF8_OK || chars > OPEN311_KEY_NAME_CHARS)
		return problem_field(p, "name", "Tên ứng dụng tối đa 100 ký tự, mã UTF-8.",
				     "The client's name is at most 100 UTF-8 characters.");
	char hash[AUTH_HASH_HEX];
	auth_token_new(key);
	auth_token_hash(key, strlen(key), hash);
	long long id;
	if (ostore_key_insert(db, name, hash, who->name ? who->name : "cli", now, &id))
		return problem_kind(p, ERR_INTERNAL);
	char sid[24];
	snprintf(sid, sizeof sid, "%lld", id);
	json_t *after = json_pack("{s:s}", "name", name);
	int rc = audit_write(db, who, now, "open311.key_add", "open311_key", sid, NULL, after);
	json_decref(after);
	if (rc)
		return problem_kind(p, ERR_INTERNAL);
	struct db_stmt *st = ostore_key_get(db, id);
	if (!st)
		return problem_kind(p, ERR_INTERNAL);
	*out = key_json(st);
	db_done(st);
	return 0;
}

int open311_key_list(struct db *db, struct problem *p, json_t **out)
{
	*out = NULL;
	struct db_stmt *st = ostore_key_list(db);
	if (!st)
		return problem_kind(p, ERR_INTERNAL);
	json_t *items = json_array();
	int rc;
	while ((rc = db_step(st)) == DB_ROW)
		json_array_append_new(items, key_json(st));
	db_done(st);
	if (rc != DB_DONE) {
		json_decref(items);
		return problem_kind(p, ERR_INTERNAL);
	}
	*out = json_pack("{s:o}", "items", items);
	return 0;
}

int open311_key_revoke(struct db *db, const struct actor *who, int64_t now, long long id,
		       struct problem *p, json_t **out)
{
	*out = NULL;
	struct db_stmt *st = ostore_key_get(db, id);
	if (!st)
		return problem_set(p, ERR_NOT_FOUND, "not_found", NULL, "Không tìm thấy khóa.",
				   "No such key.");
	int revoked = !db_col_null(st, 4);
	db_done(st);
	if (revoked)
		return problem_set(p, ERR_CONFLICT, "already_revoked", NULL,
				   "Khóa này đã bị thu hồi.", "This key is already revoked.");
	if (ostore_key_revoke(db, id, now))
		return problem_kind(p, ERR_INTERNAL);
	char sid[24];
	snprintf(sid, sizeof sid, "%lld", id);
	if (audit_write(db, who, now, "open311.key_revoke", "open311_key", sid, NULL, NULL))
		return problem_kind(p, ERR_INTERNAL);
	st = ostore_key_get(db, id);
	if (!st)
		return problem_kind(p, ERR_INTERNAL);
	*out = key_json(st);
	db_done(st);
	return 0;
}
