/*
 * dossier_parse.c — the dossier handlers' input: the intake body (counter
 * and online), the applicant, the documents and files, and an action's
 * body, validated on the HTTP thread (jin: NFC, lengths in characters,
 * identifiers per DOMAIN §6, the field named in the error). What needs the
 * store — the procedure, whether the documents belong to it, the plan — is
 * asked of the services (dossier.h) in the order a user meets the errors.
 *
 * Threading: the HTTP worker thread of the request (c->db, c->r->arena).
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/dossier/dossier_parse.h"
#include "app/platform/jin.h"
#include "core/fold.h"
#include "core/ident.h"
#include "core/vntime.h"

static const char *const kinds[] = {"person", "organization", NULL};
static const char *const channels[] = {"counter", "post", NULL};
static const char *const methods[] = {"counter", "post", "online", NULL};
static const char *const doc_forms[] = {"original", "certified_copy", "copy", "presented", NULL};

/* A refusal's or stop's reason is read by the citizen (Mẫu 03, Mẫu 05):
 * at least a sentence — 20 characters and two words. */
static int reason_actionable(const char *s)
{
	size_t chars = 0;
	int words = 0, in_word = 0;
	for (const unsigned char *q = (const unsigned char *)s; *q; q++) {
		if ((*q & 0xC0) != 0x80)
			chars++;
		int space = *q == ' ' || *q == '\t' || *q == '\n' || *q == '\r';
		if (!space && !in_word)
			words++;
		in_word = !space;
	}
	return chars >= 20 && words >= 2;
}

static int ident_error(struct ctx *c, const char *field, enum ident_reason r)
{
	problem_field(&c->prob, field, ident_reason_message(r, IDENT_LANG_VI),
		      ident_reason_message(r, IDENT_LANG_EN));
	c->prob.code = "validation";
	return -1;
}

int applicant_parse(struct ctx *c, json_t *obj, struct applicant *ap, int online)
{
	memset(ap, 0, sizeof *ap);
	int year = vn_civil_of(app_now(c->app)).y;
	const char *raw_id, *raw_phone, *raw_email, *raw_tax;
	if (jin_enum(c, obj, "kind", "applicant.kind", kinds, JIN_REQUIRED, &ap->kind) ||
	    jin_line(c, obj, "name", "applicant.name", 200, JIN_REQUIRED, &ap->name) ||
	    jin_line(c, obj, "id_number", "applicant.id_number", 20, JIN_OPTIONAL, &raw_id) ||
	    jin_line(c, obj, "phone", "applicant.phone", 20, online ? JIN_REQUIRED : JIN_OPTIONAL,
		     &raw_phone) ||
	    jin_line(c, obj, "email", "applicant.email", 254, JIN_OPTIONAL, &raw_email) ||
	    jin_line(c, obj, "address", "applicant.address", 500, JIN_OPTIONAL, &ap->address) ||
	    jin_line(c, obj, "org_name", "applicant.org_name", 300, JIN_OPTIONAL, &ap->org_name) ||
	    jin_line(c, obj, "tax_code", "applicant.tax_code", 20, JIN_OPTIONAL, &raw_tax))
		return -1;
	int person = strcmp(ap->kind, "person") == 0;
	struct arena *ar = &c->r->arena;
	if (person && !raw_id)
		return jin_required(c, "applicant.id_number");
	if (raw_id) {
		struct ident_pid pid;
		enum ident_reason r = ident_check_personal_id(raw_id, strlen(raw_id), year, &pid);
		if (r != IDENT_OK)
			return ident_error(c, "applicant.id_number", r);
		ap->id_number = arena_strdup(ar, pid.number);
	}
	if (raw_phone) {
		char *out = arena_alloc(ar, IDENT_PHONE_CAP);
		enum ident_reason r =
			ident_check_mobile(raw_phone, strlen(raw_phone), out, IDENT_PHONE_CAP);
		if (r != IDENT_OK)
			return ident_error(c, "applicant.phone", r);
		ap->phone = out;
	}
	if (raw_email) {
		char *out = arena_alloc(ar, IDENT_EMAIL_CAP);
		enum ident_reason r =
			ident_check_email(raw_email, strlen(raw_email), out, IDENT_EMAIL_CAP);
		if (r != IDENT_OK)
			return ident_error(c, "applicant.email", r);
		ap->email = out;
	}
	if (!person) {
		if (!ap->org_name)
			return jin_required(c, "applicant.org_name");
		if (!raw_tax)
			return jin_required(c, "applicant.tax_code");
	}
	if (raw_tax) {
		struct ident_tax tx;
		enum ident_reason r = ident_check_tax_code(raw_tax, strlen(raw_tax), year, &tx);
		if (r != IDENT_OK)
			return ident_error(c, "applicant.tax_code", r);
		ap->tax_code = arena_strdup(ar, tx.normalized);
	}
	size_t cap = FOLD_LINE_CAP(200), n;
	char *fold = arena_alloc(ar, cap);
	if (fold_key(ap->name, strlen(ap->name), fold, cap, &n) != 0)
		fold[0] = '\0';
	ap->fold = fold;
	return 0;
}

/* The documents listed: ids, forms and counts, no duplicates (whether
 * they belong to the procedure is dossier_intake_documents'). */
static int parse_documents(struct ctx *c, struct intake *in, json_t *arr)
{
	size_t i;
	json_t *v;
	char f[48];
	in->ndocs = 0;
	json_array_foreach (arr, i, v) {
		struct intake_doc *d = &in->docs[in->ndocs];
		snprintf(f, sizeof f, "documents[%zu].id", i);
		if (!json_is_object(v))
			return jin_invalid(c, f);
		if (jin_int(c, v, "id", arena_strdup(&c->r->arena, f), 1, 1LL << 50, JIN_REQUIRED,
			    &d->id, NULL))
			return -1;
		snprintf(f, sizeof f, "documents[%zu].form", i);
		if (jin_enum(c, v, "form", arena_strdup(&c->r->arena, f), doc_forms, JIN_OPTIONAL,
			     &d->form))
			return -1;
		snprintf(f, sizeof f, "documents[%zu].count", i);
		d->count = 1;
		if (jin_int(c, v, "count", arena_strdup(&c->r->arena, f), 1, 100, JIN_OPTIONAL,
			    &d->count, NULL))
			return -1;
		for (int k = 0; k < in->ndocs; k++)
			if (in->docs[k].id == d->id) {
				snprintf(f, sizeof f, "documents[%zu].id", i);
				problem_field(&c->prob, arena_strdup(&c->r->arena, f),
					      "Thành phần hồ sơ bị khai báo trùng.",
					      "This document is listed twice.");
				return -1;
			}
		in->ndocs++;
	}
	return 0;
}

/* What the bytes are, by their first bytes (never by the declared type). */
static const char *sniff(const unsigned char *p, size_t n)
{
	if (n >= 5 && memcmp(p, "%PDF-", 5) == 0)
		return "application/pdf";
	if (n >= 3 && p[0] == 0xFF && p[1] == 0xD8 && p[2] == 0xFF)
		return "image/jpeg";
	if (n >= 8 && memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0)
		return "image/png";
	return NULL;
}

static int parse_files(struct ctx *c, struct intake *in, json_t *arr)
{
	size_t i, total = 0;
	json_t *v;
	char f[48];
	json_array_foreach (arr, i, v) {
		struct intake_file *fl = &in->files[in->nfiles];
		snprintf(f, sizeof f, "attachments[%zu].name", i);
		if (!json_is_object(v))
			return jin_invalid(c, arena_strdup(&c->r->arena, f));
		if (jin_line(c, v, "name", arena_strdup(&c->r->arena, f), 200, JIN_REQUIRED,
			     &fl->name))
			return -1;
		snprintf(f, sizeof f, "attachments[%zu].document", i);
		if (jin_int(c, v, "document", arena_strdup(&c->r->arena, f), 1, 1LL << 50,
			    JIN_OPTIONAL, &fl->document_id, NULL))
			return -1;
		json_t *data = json_object_get(v, "data");
		snprintf(f, sizeof f, "attachments[%zu].data", i);
		if (!json_is_string(data) || json_string_length(data) == 0)
			return jin_required(c, arena_strdup(&c->r->arena, f));
		size_t b64 = json_string_length(data);
		if (b64 / 4 * 3 > DOSSIER_FILE_MAX + 3) {
			problem_field(&c->prob, arena_strdup(&c->r->arena, f),
				      "Tệp đính kèm vượt quá 5 MB.",
				      "An attachment is larger than 5 MB.");
			return -1;
		}
		fl->data = xmalloc(b64 / 4 * 3 + 3);
		if (sodium_base642bin(fl->data, b64 / 4 * 3 + 3, json_string_value(data), b64,
				      " \r\n", &fl->len, NULL,
				      sodium_base64_VARIANT_ORIGINAL) != 0 ||
		    fl->len == 0) {
			free(fl->data);
			fl->data = NULL;
			problem_field(&c->prob, arena_strdup(&c->r->arena, f),
				      "Dữ liệu tệp không đúng định dạng base64.",
				      "The file data is not valid base64.");
			return -1;
		}
		in->nfiles++;
		total += fl->len;
		if (total > DOSSIER_FILES_TOTAL_MAX) {
			problem_field(&c->prob, "attachments",
				      "Tổng dung lượng các tệp đính kèm vượt quá 15 MB.",
				      "The attachments are larger than 15 MB in all.");
			return -1;
		}
		if (fl->len > DOSSIER_FILE_MAX) {
			problem_field(&c->prob, arena_strdup(&c->r->arena, f),
				      "Tệp đính kèm vượt quá 5 MB.",
				      "An attachment is larger than 5 MB.");
			return -1;
		}
		fl->mime = sniff(fl->data, fl->len);
		if (!fl->mime) {
			problem_field(&c->prob, arena_strdup(&c->r->arena, f),
				      "Chỉ nhận tệp PDF, JPEG hoặc PNG.",
				      "Only PDF, JPEG or PNG files are accepted.");
			return -1;
		}
		unsigned char h[crypto_hash_sha256_BYTES];
		crypto_hash_sha256(h, fl->data, fl->len);
		sodium_bin2hex(fl->sha256, sizeof fl->sha256, h, sizeof h);
		if (fl->document_id) {
			int ok = 0;
			for (int k = 0; k < in->ndocs; k++)
				ok |= in->docs[k].id == fl->document_id;
			if (!ok) {
				snprintf(f, sizeof f, "attachments[%zu].document", i);
				problem_field(
					&c->prob, arena_strdup(&c->r->arena, f),
					"Tệp gắn với một thành phần hồ sơ không được khai báo.",
					"The file refers to a document that is not listed.");
				return -1;
			}
		}
	}
	return 0;
}

/* The authorised person (optional): who submits for the applicant with an
 * authorisation (Decree 118/2025/NĐ-CP: a proxy needs an authorisation). */
static int agent_parse(struct ctx *c, json_t *obj, struct agent *ag)
{
	int year = vn_civil_of(app_now(c->app)).y;
	const char *raw_id, *raw_phone = NULL, *raw_email = NULL;
	struct arena *ar = &c->r->arena;
	memset(ag, 0, sizeof *ag);
	if (jin_line(c, obj, "name", "authorised_person.name", 200, JIN_REQUIRED, &ag->name) ||
	    jin_line(c, obj, "id_number", "authorised_person.id_number", 20, JIN_REQUIRED,
		     &raw_id) ||
	    jin_line(c, obj, "address", "authorised_person.address", 500, JIN_OPTIONAL,
		     &ag->address) ||
	    jin_line(c, obj, "phone", "authorised_person.phone", 20, JIN_OPTIONAL, &raw_phone) ||
	    jin_line(c, obj, "email", "authorised_person.email", 254, JIN_OPTIONAL, &raw_email) ||
	    jin_line(c, obj, "document", "authorised_person.document", 300, JIN_REQUIRED,
		     &ag->document))
		return -1;
	struct ident_pid pid;
	enum ident_reason r = ident_check_personal_id(raw_id, strlen(raw_id), year, &pid);
	if (r != IDENT_OK)
		return ident_error(c, "authorised_person.id_number", r);
	ag->id_number = arena_strdup(ar, pid.number);
	if (raw_phone) {
		char *out = arena_alloc(ar, IDENT_PHONE_CAP);
		r = ident_check_mobile(raw_phone, strlen(raw_phone), out, IDENT_PHONE_CAP);
		if (r != IDENT_OK)
			return ident_error(c, "authorised_person.phone", r);
		ag->phone = out;
	}
	if (raw_email) {
		char *out = arena_alloc(ar, IDENT_EMAIL_CAP);
		r = ident_check_email(raw_email, strlen(raw_email), out, IDENT_EMAIL_CAP);
		if (r != IDENT_OK)
			return ident_error(c, "authorised_person.email", r);
		ag->email = out;
	}
	return 0;
}

int intake_parse(struct ctx *c, struct intake *in, int online)
{
	json_t *agent = NULL;
	json_t *ap, *docs, *files = NULL;
	in->online = online;
	if (jin_line(c, c->body, "procedure", "procedure", 40, JIN_REQUIRED, &in->procedure) ||
	    jin_object(c, c->body, "applicant", "applicant", JIN_REQUIRED, &ap) ||
	    applicant_parse(c, ap, &in->ap, online) ||
	    jin_enum(c, c->body, "return_method", "return_method", methods, JIN_OPTIONAL,
		     &in->return_method) ||
	    jin_array(c, c->body, "documents", "documents", DOSSIER_MAX_DOCS, JIN_REQUIRED, &docs))
		return -1;
	if (!online &&
	    jin_enum(c, c->body, "channel", "channel", channels, JIN_OPTIONAL, &in->channel))
		return -1;
	if (online && jin_array(c, c->body, "attachments", "attachments", DOSSIER_MAX_FILES,
				JIN_OPTIONAL, &files))
		return -1;
	if (jin_object(c, c->body, "authorised_person", "authorised_person", JIN_OPTIONAL,
		       &agent) ||
	    (agent && agent_parse(c, agent, &in->agent)) ||
	    jin_line(c, c->body, "time_limit_variant", "time_limit_variant", 40, JIN_OPTIONAL,
		     &in->variant) ||
	    (!online && jin_int(c, c->body, "guidance_id", "guidance_id", 1, 1LL << 50,
				JIN_OPTIONAL, &in->guidance_id, NULL)) ||
	    (!online && jin_line(c, c->body, "receiving_agency", "receiving_agency", 40,
				 JIN_OPTIONAL, &in->receiving_agency)) ||
	    (!online && jin_int(c, c->body, "ticket", "ticket", 1, 1LL << 50, JIN_OPTIONAL,
				&in->ticket, NULL)) ||
	    jin_line(c, c->body, "agency", "agency", 40, JIN_OPTIONAL, &in->agency))
		return -1;
	in->officer_unit = online ? 0 : c->who.unit_id;
	in->has_agent = agent != NULL;
	in->channel = online ? "online" : (in->channel ? in->channel : "counter");
	if (!in->return_method)
		in->return_method = online ? "online" : "counter";
	if (strcmp(in->return_method, "post") == 0 && !in->ap.address) {
		problem_field(&c->prob, "applicant.address",
			      "Vui lòng nhập địa chỉ để nhận kết quả qua đường bưu điện.",
			      "Please give the address the result is to be posted to.");
		return -1;
	}
	if (dossier_intake_procedure(c->db, in, &c->r->arena, &c->prob) ||
	    dossier_intake_guidance(c->db, in, &c->prob) || parse_documents(c, in, docs) ||
	    dossier_intake_documents(c->db, in, &c->r->arena, &c->prob))
		return -1;
	if (files && parse_files(c, in, files))
		return -1;
	if (dossier_intake_plan(c->app, app_now(c->app), in, &c->prob))
		return -1;
	return 0;
}

static const char *const return_methods[] = {"counter", "post", "online", NULL};

int action_parse(struct ctx *c, struct action_req *ar)
{
	const char *name;
	memset(ar, 0, sizeof *ar);
	ar->code = c->param[0];
	if (jin_line(c, c->body, "action", "action", 40, JIN_REQUIRED, &name))
		return -1;
	int a = ds_action_parse(name);
	if (a < 0)
		return jin_invalid(c, "action");
	ar->action = (enum ds_action)a;
	if (jin_int(c, c->body, "version", "version", 1, 1LL << 50, JIN_OPTIONAL, &ar->version,
		    NULL))
		return -1;
	json_t *b = c->body, *res;
	const char *due;
	switch (ar->action) {
	case DA_FORWARD: return jin_line(c, b, "to", "to", 64, JIN_OPTIONAL, &ar->to);
	case DA_SEND_BACK:
		return jin_text(c, b, "reason", "reason", 2000, JIN_REQUIRED, &ar->reason);
	case DA_REFUSE:
	case DA_WITHDRAW:
		if (jin_text(c, b, "reason", "reason", 2000, JIN_REQUIRED, &ar->reason) ||
		    jin_text(c, b, "legal_basis", "legal_basis", 1000, JIN_OPTIONAL,
			     &ar->legal_basis))
			return -1;
		if (!reason_actionable(ar->reason)) {
			problem_field(&c->prob, "reason",
				      "Lý do phải là ít nhất một câu mà công dân hiểu và làm theo "
				      "được (từ 20 ký tự, 2 từ trở lên), nên nêu căn cứ pháp lý.",
				      "The reason must be at least a sentence a citizen can act on "
				      "(20 characters and two words or more), ideally with the "
				      "legal basis.");
			return -1;
		}
		return 0;
	case DA_REQUEST_SUPPLEMENT:
		if (jin_text(c, b, "reason", "reason", 2000, JIN_REQUIRED, &ar->reason) ||
		    jin_array(c, b, "items", "items", 30, JIN_REQUIRED, &ar->items))
			return -1;
		if (json_array_size(ar->items) == 0)
			return jin_required(c, "items");
		/* each item is a line of text like any other: NFC, no control
		 * characters; the cleaned text replaces what was sent */
		for (size_t i = 0; i < json_array_size(ar->items); i++) {
			json_t *it = json_array_get(ar->items, i);
			char field[32];
			const char *clean;
			snprintf(field, sizeof field, "items[%zu]", i);
			if (!json_is_string(it))
				return jin_invalid(c, field);
			json_t *one = json_pack("{s:O}", "v", it);
			int rc =
				one ? jin_line(c, one, "v", field, 1000, JIN_REQUIRED, &clean) : -1;
			json_decref(one);
			if (rc)
				return -1;
			json_array_set_new(ar->items, i, json_string(clean));
		}
		return 0;
	case DA_SUPPLEMENT: return jin_text(c, b, "note", "note", 2000, JIN_OPTIONAL, &ar->note);
	case DA_COMPLETE:
		if (jin_object(c, b, "result", "result", JIN_REQUIRED, &res))
			return -1;
		return jin_text(c, res, "summary", "result.summary", 4000, JIN_REQUIRED,
				&ar->summary);
	case DA_APOLOGIZE:
		if (jin_text(c, b, "reason", "reason", 2000, JIN_REQUIRED, &ar->reason) ||
		    jin_line(c, b, "new_due_at", "new_due_at", 40, JIN_REQUIRED, &due))
			return -1;
		if (vn_parse_instant(due, strlen(due), &ar->new_due_at) != 0) {
			problem_field(
				&c->prob, "new_due_at",
				"Ngày hẹn mới phải có dạng 2026-03-02T09:00:00+07:00.",
				"The new appointment must look like 2026-03-02T09:00:00+07:00.");
			return -1;
		}
		return 0;
	case DA_RETURN:
		return jin_line(c, b, "receiver_name", "receiver_name", 200, JIN_REQUIRED,
				&ar->receiver_name) ||
		       jin_enum(c, b, "method", "method", return_methods, JIN_REQUIRED,
				&ar->method);
	default: return 0;
	}
}
