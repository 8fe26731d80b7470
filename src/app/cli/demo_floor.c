/*
 * demo_floor.c — the demo centre's counter floor and reception schedule
 * (data/demo/floor.json): the home centre's service groups and counters, so
 * the kiosk, the board and the console work at once after `motcua demo`,
 * and the chairman's weekly reception day for the weeks after loading, so
 * the public schedule and its registration have something to show. Loaded
 * through the domains' own services (validated and audited like an
 * administrator's set-up), in the demo's transaction.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "app/cli/demo.h"
#include "app/queue/queue.h"
#include "app/reception/reception.h"
#include "core/embedded.h"
#include "core/vntime.h"

static const char *str(json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

static long long num(json_t *o, const char *k)
{
	return (long long)json_integer_value(json_object_get(o, k));
}

/* "HH:MM" → seconds of the day, -1 if malformed. */
static int hhmm(const char *s)
{
	int h, m;
	if (!s || sscanf(s, "%2d:%2d", &h, &m) != 2 || h < 0 || h > 23 || m < 0 || m > 59)
		return -1;
	return h * 3600 + m * 60;
}

static int failed(char *err, size_t cap, const char *what, const struct problem *p)
{
	snprintf(err, cap, "floor.json %s: %s%s%s", what, p->field, p->field[0] ? ": " : "",
		 p->en ? p->en : "database error");
	return -1;
}

static int load_queue(struct db *db, const struct actor *who, int64_t now, json_t *floor, char *err,
		      size_t cap)
{
	size_t i;
	json_t *g;
	json_array_foreach (json_object_get(floor, "groups"), i, g) {
		struct queue_group_in in = {.code = str(g, "code"),
					    .prefix = str(g, "prefix"),
					    .name = str(g, "name"),
					    .name_en = str(g, "name_en"),
					    .fields = json_object_get(g, "fields")};
		struct problem p = {0};
		json_t *out = NULL;
		if (queue_group_create(db, who, now, &in, &p, &out) != 0)
			return failed(err, cap, "groups", &p);
		json_decref(out);
	}
	json_t *c;
	json_array_foreach (json_object_get(floor, "counters"), i, c) {
		struct queue_counter_in in = {.number = num(c, "number"),
					      .name = str(c, "name"),
					      .groups = json_object_get(c, "groups")};
		struct problem p = {0};
		json_t *out = NULL;
		if (queue_counter_create(db, who, now, &in, &p, &out) != 0)
			return failed(err, cap, "counters", &p);
		json_decref(out);
	}
	return 0;
}

/* One session on the given weekday of each of the next `weeks` weeks. */
static int load_reception(struct db *db, const struct actor *who, int64_t now, json_t *r, char *err,
			  size_t cap)
{
	if (!r)
		return 0;
	int from = hhmm(str(r, "from")), to = hhmm(str(r, "to"));
	long long weekday = num(r, "weekday"), weeks = num(r, "weeks");
	if (from < 0 || to <= from || weekday < 0 || weekday > 6 || weeks < 0 || weeks > 52) {
		snprintf(err, cap, "floor.json reception: from, to, weekday or weeks");
		return -1;
	}
	int64_t day = vn_day_of(now) + 1;
	while (vn_weekday(day) != weekday)
		day++;
	for (long long w = 0; w < weeks; w++, day += 7) {
		struct reception_session_in in = {.leader_name = str(r, "leader_name"),
						  .leader_title = str(r, "leader_title"),
						  .leader_role = str(r, "leader_role"),
						  .starts_at = vn_instant_of_day(day) + from,
						  .ends_at = vn_instant_of_day(day) + to,
						  .place = str(r, "place"),
						  .kind = "regular",
						  .mode = "in_person",
						  .capacity = num(r, "capacity")};
		struct problem p = {0};
		json_t *out = NULL;
		if (reception_session_save(db, who, now, 0, &in, &p, &out) != 0)
			return failed(err, cap, "reception", &p);
		json_decref(out);
	}
	return 0;
}

int demo_floor_load(struct db *db, const struct actor *who, int64_t now, char *err, size_t cap)
{
	const struct embedded_file *f = embedded_find("data/demo/floor.json");
	json_error_t je;
	json_t *floor =
		f ? json_loadb((const char *)f->data, f->len, JSON_REJECT_DUPLICATES, &je) : NULL;
	if (!floor) {
		snprintf(err, cap, "data/demo/floor.json is missing or invalid");
		return -1;
	}
	int rc = load_queue(db, who, now, floor, err, cap);
	if (rc == 0)
		rc = load_reception(db, who, now, json_object_get(floor, "reception"), err, cap);
	json_decref(floor);
	return rc;
}
