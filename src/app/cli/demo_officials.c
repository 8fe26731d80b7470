/*
 * demo_officials.c — the demo centre's officials (data/demo/officials.json,
 * issue 15): phường Hội An's published criteria for the year, commitments
 * in each state, the yearly evaluation cycle with evaluations at every
 * stage. Loaded through the officials' services as the officials named in
 * the file (validated, audited and recorded in each one's history like
 * real work), in the demo's transaction, with the counter floor (the test
 * suites load the demo without both: --no-floor).
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "app/cli/demo.h"
#include "app/officials/officials.h"
#include "core/embedded.h"
#include "core/vntime.h"

static const char *str(json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

static int failed(char *err, size_t cap, const char *what, const struct problem *p)
{
	snprintf(err, cap, "officials.json %s: %s%s%s", what, p->field, p->field[0] ? ": " : "",
		 p->en ? p->en : "database error");
	return -1;
}

struct load {
	struct db *db;
	int64_t now;
	long long year;
	char *err;
	size_t cap;
};

/* Run a service as username; out is discarded. */
#define AS(L, username, what, call)                                                                \
	do {                                                                                       \
		struct actor who;                                                                  \
		struct problem p = {0};                                                            \
		json_t *out = NULL;                                                                \
		if (officials_actor((L)->db, username, &who, &p) != 0 || (call) != 0)              \
			return failed((L)->err, (L)->cap, what, &p);                               \
		json_decref(out);                                                                  \
	} while (0)

static int load_criteria(struct load *L, json_t *c)
{
	int created = 0;
	json_t *groups = json_object_get(c, "groups");
	long long id = 0;
	struct actor who;
	struct problem p = {0};
	json_t *out = NULL;
	if (officials_actor(L->db, str(c, "by"), &who, &p) != 0 ||
	    officials_criteria_save(L->db, &who, L->now, L->year,
				    json_integer_value(json_object_get(c, "scale_max")), groups, 0,
				    &created, &p, &out) != 0)
		return failed(L->err, L->cap, "criteria", &p);
	id = json_integer_value(json_object_get(out, "id"));
	json_decref(out);
	out = NULL;
	if (officials_criteria_action(L->db, &who, L->now, id, "publish", NULL, &p, &out) != 0)
		return failed(L->err, L->cap, "criteria publish", &p);
	json_decref(out);
	return 0;
}

static int load_commitment(struct load *L, json_t *c)
{
	json_t *items = json_array(), *measures = json_array(), *it;
	size_t i;
	json_array_foreach (json_object_get(c, "items"), i, it)
		json_array_append_new(items,
				      json_pack("{s:O, s:O}", "criterion", json_array_get(it, 0),
						"text", json_array_get(it, 1)));
	json_array_foreach (json_object_get(c, "measures"), i, it)
		json_array_append_new(measures,
				      json_pack("{s:O, s:O}", "metric", json_array_get(it, 0),
						"target", json_array_get(it, 1)));
	int created = 0;
	long long id = 0;
	struct actor who;
	struct problem p = {0};
	json_t *out = NULL;
	int rc = officials_actor(L->db, str(c, "official"), &who, &p) ||
		 officials_commitment_save(L->db, &who, L->now, L->year, items, measures, &created,
					   &p, &out);
	json_decref(items);
	json_decref(measures);
	if (rc)
		return failed(L->err, L->cap, "commitments", &p);
	id = json_integer_value(json_object_get(out, "id"));
	json_decref(out);
	json_array_foreach (json_object_get(c, "steps"), i, it) {
		const char *comment = json_string_value(json_array_get(it, 2));
		out = NULL;
		if (officials_actor(L->db, json_string_value(json_array_get(it, 0)), &who, &p) !=
			    0 ||
		    officials_commitment_action(
			    L->db, &who, L->now, id, json_string_value(json_array_get(it, 1)),
			    comment && comment[0] ? comment : NULL, &p, &out) != 0)
			return failed(L->err, L->cap, "commitment steps", &p);
		json_decref(out);
	}
	return 0;
}

/* [username, "self_assess" | "head_assess", score, text] or
 * [username, "conclude", rating, text]: every criterion the same score. */
static int load_evaluation(struct load *L, json_t *e, long long ncrit)
{
	struct actor who;
	struct problem p = {0};
	json_t *out = NULL, *st;
	if (officials_actor(L->db, str(e, "official"), &who, &p) != 0 ||
	    officials_appraisal_get(L->db, NULL, &who, L->year, str(e, "official"), NULL, &p,
				    &out) != 0)
		return failed(L->err, L->cap, "evaluations", &p);
	long long id = json_integer_value(json_object_get(out, "id"));
	json_decref(out);
	size_t i;
	json_array_foreach (json_object_get(e, "steps"), i, st) {
		const char *action = json_string_value(json_array_get(st, 1));
		const char *text = json_string_value(json_array_get(st, 3));
		struct off_action in = {.action = action, .text = text, .submit = 1};
		json_t *items = NULL;
		if (strcmp(action, "conclude") == 0)
			in.rating = json_string_value(json_array_get(st, 2));
		else {
			int self = strcmp(action, "self_assess") == 0;
			items = json_array();
			for (long long c = 1; c <= ncrit; c++)
				json_array_append_new(items,
						      json_pack("{s:I, s:O, s:s}", "criterion",
								(json_int_t)c, "score",
								json_array_get(st, 2),
								self ? "evidence" : "comment", ""));
			in.items = items;
		}
		int rc;
		do {
			struct actor as;
			rc = officials_actor(L->db, json_string_value(json_array_get(st, 0)), &as,
					     &p) ||
			     officials_appraisal_action(L->db, NULL, &as, L->now, id, &in, &p,
							&out);
		} while (0);
		json_decref(items);
		if (rc)
			return failed(L->err, L->cap, "evaluation steps", &p);
		json_decref(out);
	}
	return 0;
}

static int load_cycle(struct load *L, json_t *c)
{
	int64_t d[3];
	const char *keys[3] = {"self_due", "head_due", "leader_due"};
	for (int i = 0; i < 3; i++) {
		const char *s = str(c, keys[i]);
		if (!s || vn_parse_date(s, strlen(s), &d[i]) != 0) {
			snprintf(L->err, L->cap, "officials.json cycle: %s", keys[i]);
			return -1;
		}
	}
	AS(L, str(c, "by"), "cycle",
	   officials_cycle_open(L->db, &who, L->now, L->year, str(c, "kind"), d[0], d[1], d[2], &p,
				&out));
	return 0;
}

int demo_officials_load(struct db *db, int64_t now, char *err, size_t cap)
{
	const struct embedded_file *f = embedded_find("data/demo/officials.json");
	json_error_t je;
	json_t *doc =
		f ? json_loadb((const char *)f->data, f->len, JSON_REJECT_DUPLICATES, &je) : NULL;
	if (!doc) {
		snprintf(err, cap, "data/demo/officials.json is missing or invalid");
		return -1;
	}
	struct load L = {.db = db,
			 .now = now,
			 .year = json_integer_value(json_object_get(doc, "year")),
			 .err = err,
			 .cap = cap};
	json_t *crit = json_object_get(doc, "criteria"), *g, *x;
	long long ncrit = 0;
	size_t i;
	json_array_foreach (json_object_get(crit, "groups"), i, g)
		ncrit += (long long)json_array_size(json_object_get(g, "criteria"));
	int rc = load_criteria(&L, crit);
	json_array_foreach (json_object_get(doc, "commitments"), i, x)
		if (!rc)
			rc = load_commitment(&L, x);
	if (!rc)
		rc = load_cycle(&L, json_object_get(doc, "cycle"));
	json_array_foreach (json_object_get(doc, "evaluations"), i, x)
		if (!rc)
			rc = load_evaluation(&L, x, ncrit);
	json_decref(doc);
	return rc;
}
