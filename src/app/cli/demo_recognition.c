/*
 * demo_recognition.c — the demo centre's recognised example
 * (data/demo/recognition.json): an official of phường Hội An nominated by a
 * colleague, endorsed and recognised by the leaders, so the public page
 * /recognitions/ and the staff page show the whole cycle at once after
 * `motcua demo`. Loaded through the recognition domain's services as the
 * named demo accounts (validated and audited like theirs), in the demo's
 * transaction; with the floor (the test suites' --no-floor leaves it out).
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "app/cli/demo.h"
#include "app/recognition/recognition.h"
#include "core/embedded.h"

static const char *str(json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

static int failed(char *err, size_t cap, const char *what, const struct problem *p)
{
	snprintf(err, cap, "recognition.json %s: %s%s%s", what, p->field, p->field[0] ? ": " : "",
		 p->en ? p->en : "database error");
	return -1;
}

static int as(struct db *db, const char *username, const struct actor *base, struct actor *who,
	      char *err, size_t cap)
{
	if (!username || recognition_actor(db, username, who) != 0) {
		snprintf(err, cap, "recognition.json: no demo account %s",
			 username ? username : "");
		return -1;
	}
	who->rid = base->rid;
	return 0;
}

static int load_one(struct db *db, const struct actor *base, int64_t now, json_t *r, char *err,
		    size_t cap)
{
	struct actor who;
	if (as(db, str(r, "nominated_by"), base, &who, err, cap))
		return -1;
	struct recog_in in = {.kind = str(r, "kind"),
			      .username = str(r, "username"),
			      .title = str(r, "title"),
			      .unit = str(r, "unit"),
			      .reasons = str(r, "reasons")};
	struct problem p = {0};
	json_t *out = NULL;
	if (recognition_create(db, NULL, &who, now, &in, &p, &out) != 0)
		return failed(err, cap, "nomination", &p);
	long long id = (long long)json_integer_value(json_object_get(out, "id"));
	json_decref(out);
	size_t i;
	json_t *s;
	json_array_foreach (json_object_get(r, "steps"), i, s) {
		if (as(db, str(s, "by"), base, &who, err, cap))
			return -1;
		struct recog_action a = {.action = str(s, "action"), .comment = str(s, "comment")};
		out = NULL;
		if (recognition_act(db, NULL, &who, now, id, &a, &p, &out) != 0)
			return failed(err, cap, "steps", &p);
		json_decref(out);
	}
	return 0;
}

int demo_recognition_load(struct db *db, const struct actor *who, int64_t now, char *err,
			  size_t cap)
{
	const struct embedded_file *f = embedded_find("data/demo/recognition.json");
	json_error_t je;
	json_t *doc =
		f ? json_loadb((const char *)f->data, f->len, JSON_REJECT_DUPLICATES, &je) : NULL;
	if (!doc) {
		snprintf(err, cap, "data/demo/recognition.json is missing or invalid");
		return -1;
	}
	int rc = 0;
	size_t i;
	json_t *r;
	json_array_foreach (json_object_get(doc, "recognitions"), i, r)
		if ((rc = load_one(db, who, now, r, err, cap)) != 0)
			break;
	json_decref(doc);
	return rc;
}
