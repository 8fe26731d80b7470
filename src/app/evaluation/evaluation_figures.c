/*
 * evaluation_figures.c — the counter floor's figures (issue 12, item 7): per
 * day, group, counter or officer: tickets, served, no-shows, the average and
 * the 90th percentile of the wait (issued → called), the average service
 * (called, or started when it was, → finished) and the satisfaction rates
 * of the evaluations. One portable query per source; the aggregation and the
 * percentile are computed here (nearest rank), the same on both stores.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/evaluation/evaluation.h"
#include "app/evaluation/evaluation_store.h"
#include "core/mem.h"
#include "core/vntime.h"

struct agg {
	char key[96];
	char label[200];
	long long tickets, served, no_show;
	long long *waits;
	size_t nwaits, capwaits;
	long long service_sum, service_n;
	long long levels[3]; /* very_satisfied, satisfied, not_satisfied */
};

struct table {
	struct agg *rows;
	size_t n, cap;
};

static struct agg *row(struct table *t, const char *key, const char *label)
{
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->rows[i].key, key) == 0)
			return &t->rows[i];
	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 16;
		t->rows = xrealloc(t->rows, t->cap * sizeof *t->rows);
	}
	struct agg *r = &t->rows[t->n++];
	memset(r, 0, sizeof *r);
	snprintf(r->key, sizeof r->key, "%s", key);
	snprintf(r->label, sizeof r->label, "%s", label);
	return r;
}

static void add_wait(struct agg *r, long long w)
{
	if (r->nwaits == r->capwaits) {
		r->capwaits = r->capwaits ? 2 * r->capwaits : 32;
		r->waits = xrealloc(r->waits, r->capwaits * sizeof *r->waits);
	}
	r->waits[r->nwaits++] = w;
}

static void add_level(struct agg *r, const char *level)
{
	if (strcmp(level, "very_satisfied") == 0)
		r->levels[0]++;
	else if (strcmp(level, "satisfied") == 0)
		r->levels[1]++;
	else if (strcmp(level, "not_satisfied") == 0)
		r->levels[2]++;
}

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;
	return (x > y) - (x < y);
}

static void day_key(int64_t day, char *out, size_t cap)
{
	struct vn_date d = vn_civil_from_days(day);
	snprintf(out, cap, "%04d-%02d-%02d", d.y, d.m, d.d);
}

enum by { BY_DAY, BY_GROUP, BY_COUNTER, BY_OFFICER };

static json_t *seconds_or_null(long long sum, long long n)
{
	return n ? json_integer((sum + n / 2) / n) : json_null();
}

static json_t *rate_or_null(long long part, long long total)
{
	/* a percentage with one decimal */
	return total ? json_real((double)((part * 1000 + total / 2) / total) / 10.0) : json_null();
}

static json_t *agg_json(struct agg *r)
{
	json_t *p90 = json_null(), *avg = json_null();
	if (r->nwaits) {
		qsort(r->waits, r->nwaits, sizeof *r->waits, cmp_ll);
		size_t rank = (r->nwaits * 9 + 9) / 10; /* nearest rank: ⌈0.9 n⌉ */
		p90 = json_integer(r->waits[rank - 1]);
		long long sum = 0;
		for (size_t i = 0; i < r->nwaits; i++)
			sum += r->waits[i];
		avg = seconds_or_null(sum, (long long)r->nwaits);
	}
	long long ev = r->levels[0] + r->levels[1] + r->levels[2];
	return json_pack("{s:s,s:s,s:I,s:I,s:I,s:o,s:o,s:o,s:{s:I,s:I,s:I,s:I,s:o,s:o}}", "key",
			 r->key, "label", r->label, "tickets", (json_int_t)r->tickets, "served",
			 (json_int_t)r->served, "no_shows", (json_int_t)r->no_show,
			 "wait_avg_seconds", avg, "wait_p90_seconds", p90, "service_avg_seconds",
			 seconds_or_null(r->service_sum, r->service_n), "evaluations", "total",
			 (json_int_t)ev, "very_satisfied", (json_int_t)r->levels[0], "satisfied",
			 (json_int_t)r->levels[1], "not_satisfied", (json_int_t)r->levels[2],
			 "satisfied_rate", rate_or_null(r->levels[0] + r->levels[1], ev),
			 "not_satisfied_rate", rate_or_null(r->levels[2], ev));
}

int evaluation_figures(struct db *db, long long agency, int64_t from, int64_t to, const char *by,
		       struct problem *p, json_t **out)
{
	*out = NULL;
	enum by b;
	if (!by || strcmp(by, "day") == 0)
		b = BY_DAY;
	else if (strcmp(by, "group") == 0)
		b = BY_GROUP;
	else if (strcmp(by, "counter") == 0)
		b = BY_COUNTER;
	else if (strcmp(by, "officer") == 0)
		b = BY_OFFICER;
	else
		return problem_set(p, ERR_BAD_REQUEST, "bad_parameter", "by",
				   "Tham số by phải là day, group, counter hoặc officer.",
				   "by must be day, group, counter or officer.");
	if (to < from || to - from >= EVAL_FIGURES_DAYS)
		return problem_set(p, ERR_BAD_REQUEST, "bad_parameter", "to",
				   "Khoảng thời gian không hợp lệ (tối đa 366 ngày).",
				   "Invalid period (at most 366 days).");
	struct table t = {0};
	struct agg total;
	memset(&total, 0, sizeof total);
	snprintf(total.key, sizeof total.key, "total");
	snprintf(total.label, sizeof total.label, "Tổng cộng");
	char key[96], label[200];
	struct db_stmt *st = estore_fig_tickets(db, agency, from, to);
	while (db_step(st) == DB_ROW) {
		switch (b) {
		case BY_DAY:
			day_key(db_col_int(st, FT_DAY), key, sizeof key);
			snprintf(label, sizeof label, "%s", key);
			break;
		case BY_GROUP:
			snprintf(key, sizeof key, "%s", db_col_text(st, FT_GROUP));
			snprintf(label, sizeof label, "%s", db_col_text(st, FT_GROUP_NAME));
			break;
		case BY_COUNTER:
			if (db_col_int(st, FT_COUNTER)) {
				snprintf(key, sizeof key, "%lld",
					 (long long)db_col_int(st, FT_COUNTER));
				snprintf(label, sizeof label, "%s",
					 db_col_text(st, FT_COUNTER_NAME));
			} else {
				snprintf(key, sizeof key, "none");
				snprintf(label, sizeof label, "Chưa gọi");
			}
			break;
		case BY_OFFICER:
			if (db_col_int(st, FT_STAFF)) {
				snprintf(key, sizeof key, "%lld",
					 (long long)db_col_int(st, FT_STAFF));
				snprintf(label, sizeof label, "%s", db_col_text(st, FT_STAFF_NAME));
			} else {
				snprintf(key, sizeof key, "none");
				snprintf(label, sizeof label, "Chưa gọi");
			}
			break;
		}
		struct agg *r = row(&t, key, label);
		struct agg *both[2] = {r, &total};
		const char *state = db_col_text(st, FT_STATE);
		int called = !db_col_null(st, FT_CALLED);
		long long wait = db_col_int(st, FT_CALLED) - db_col_int(st, FT_ISSUED);
		int done = strcmp(state, "done") == 0 && !db_col_null(st, FT_FINISHED);
		long long from_t = db_col_null(st, FT_STARTED) ? db_col_int(st, FT_CALLED)
							       : db_col_int(st, FT_STARTED);
		long long service = db_col_int(st, FT_FINISHED) - from_t;
		for (int k = 0; k < 2; k++) {
			both[k]->tickets++;
			if (called && wait >= 0)
				add_wait(both[k], wait);
			if (done) {
				both[k]->served++;
				if (called && service >= 0) {
					both[k]->service_sum += service;
					both[k]->service_n++;
				}
			}
			if (strcmp(state, "no_show") == 0)
				both[k]->no_show++;
			add_level(both[k], db_col_text(st, FT_LEVEL));
		}
	}
	db_done(st);
	/* evaluations of dossiers without a ticket (tracking page, e-mail):
	 * by their day and officer; no group or counter */
	st = estore_fig_evals(db, agency, vn_instant_of_day(from), vn_instant_of_day(to + 1));
	while (db_step(st) == DB_ROW) {
		struct agg *r = NULL;
		if (b == BY_DAY) {
			day_key(vn_day_of(db_col_int(st, FE_CREATED)), key, sizeof key);
			r = row(&t, key, key);
		} else if (b == BY_OFFICER && db_col_int(st, FE_STAFF)) {
			snprintf(key, sizeof key, "%lld", (long long)db_col_int(st, FE_STAFF));
			r = row(&t, key, db_col_text(st, FE_STAFF_NAME));
		} else {
			r = row(&t, "none", b == BY_GROUP ? "Không qua quầy" : "Không qua quầy");
		}
		add_level(r, db_col_text(st, FE_LEVEL));
		add_level(&total, db_col_text(st, FE_LEVEL));
	}
	db_done(st);
	json_t *items = json_array();
	for (size_t i = 0; i < t.n; i++) {
		json_array_append_new(items, agg_json(&t.rows[i]));
		free(t.rows[i].waits);
	}
	free(t.rows);
	char f[16], to_s[16];
	day_key(from, f, sizeof f);
	day_key(to, to_s, sizeof to_s);
	static const char *const BY[] = {"day", "group", "counter", "officer"};
	*out = json_pack("{s:s,s:s,s:s,s:o,s:o}", "from", f, "to", to_s, "by", BY[b], "items",
			 items, "total", agg_json(&total));
	free(total.waits);
	return *out ? 0 : problem_kind(p, ERR_INTERNAL);
}
