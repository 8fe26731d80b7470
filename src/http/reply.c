/*
 * reply.c — the JSON error document, the one shape every error takes:
 *   {"error":{"code":"not_found","message":"…","field":"…"}}
 * with Retry-After for 429/503 when known.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "http/http.h"

void http_reply_problem(struct http_req *r, const struct problem *p)
{
	json_t *e = json_object();
	json_object_set_new(e, "code", json_string(p->code ? p->code : "internal"));
	json_object_set_new(e, "message", json_string(problem_message(p, r->english)));
	if (p->field[0])
		json_object_set_new(e, "field", json_string(p->field));
	json_t *doc = json_pack("{s:o}", "error", e);
	char *s = json_dumps(doc, JSON_COMPACT);
	json_decref(doc);
	r->n_resp_headers = 0;
	r->prebuilt = NULL;
	if (p->retry_after > 0) {
		char v[24];
		snprintf(v, sizeof v, "%d", p->retry_after);
		http_add_header(r, "Retry-After", v);
	}
	http_reply(r, problem_status(p->kind), "application/json; charset=utf-8", s,
		   s ? strlen(s) : 0);
}

void http_reply_kind(struct http_req *r, enum err kind)
{
	struct problem p;
	problem_kind(&p, kind);
	http_reply_problem(r, &p);
}
