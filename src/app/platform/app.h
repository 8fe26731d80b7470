/*
 * app.h — the application as a process: its configuration, the store's
 * connections and writer, the slow pool, the mail sender, the clock and
 * the legal calendar; who is acting (struct actor) and the audit trail.
 * Nothing here is of HTTP: services, the CLI and unit tests include this
 * header; the per-request context is in ctx.h.
 */
#ifndef MOTCUA_APP_APP_H
#define MOTCUA_APP_APP_H

#include <jansson.h>
#include <pthread.h>
#include <stdint.h>

#include "core/problem.h"
#include "core/roles.h"
#include "core/workcal.h"
#include "db/db.h"
#include "db/writer.h"

/* "reception" → ROLE_RECEPTION; 0 if unknown. */
unsigned role_parse(const char *name);
const char *role_name(unsigned role);

struct slowpool;
struct mail_sender;
struct db_listener;

struct app_config {
	const char *db_path;
	const char *web_dir;
	int secure_cookies;       /* add Secure to cookies (behind TLS) */
	int session_idle_s;       /* idle timeout of a session */
	int session_max_s;        /* absolute lifetime of a session */
	int submissions_per_hour; /* online submissions per client address */
	int boards_per_address;   /* open board streams per client address (0: 200) */
	int apology_max_days;     /* new date at most this many working days past the
				     original appointment (0: the default, 30) */
	/* "https://host" of the links printed on paper (QR codes), no final '/' */
	const char *public_url;
};

struct hol_calendar;

/* One agency's working periods and cut-off, as the clock holds them. */
struct agency_hours {
	long long agency_id;
	int home; /* the home agency (agency.is_home) */
	struct wc_hours h;
};

struct app {
	struct app_config cfg;
	struct db_pool *pool;
	struct db_writer *writer;
	struct slowpool *slow;
	struct mail_sender *mail; /* NULL = mail disabled (kicking NULL is a no-op) */
	int64_t started_at;
	/* test hook: MOTCUA_FAKE_NOW (Unix seconds) fixes the clock; with
	 * MOTCUA_FAKE_CLOCK_RUNS=1 it then advances with real time */
	int64_t fake_now;
	int64_t fake_base;
	/* MOTCUA_TEST_CLOCK=1: PUT /api/v1/_test/now may set fake_now (tests) */
	int test_clock;
	/* the legal clock: the calendar (replaced whole under cal_lock when an
	 * administrator changes it), the home centre's working hours and every
	 * agency's (D30: a dossier is planned with its agencies' hours) */
	pthread_rwlock_t cal_lock;
	/* held by whoever replaces the calendar, from reading the store to the
	 * swap (app_cal_replace, app_clock_reload): an older reading is never
	 * swapped in after a newer one */
	pthread_mutex_t cal_swap;
	struct hol_calendar *cal;
	struct wc_hours hours;
	/* every agency's hours, by agency id ascending (one snapshot with the
	 * calendar, replaced whole under cal_lock; an agency not in it, or with
	 * malformed hours, uses `hours`) */
	struct agency_hours *agency_hours;
	size_t nagency_hours;
	/* several servers on one PostgreSQL database: what the others changed
	 * (platform_listen.c); NULL on SQLite and outside `serve` */
	struct db_listener *listener;
};

/* Start/stop listening for the other servers' changes (PostgreSQL; nothing
 * on SQLite). Start after app_clock_init, stop before app_clock_free. */
void app_listen_start(struct app *a);
void app_listen_stop(struct app *a);

/* Now, Unix seconds (the injected clock when MOTCUA_FAKE_NOW is set). */
int64_t app_now(const struct app *a);

/* Read access to the calendar: lock, use, unlock (any thread). */
const struct hol_calendar *app_cal_lock(struct app *a);
void app_cal_unlock(struct app *a);
/* Replace the calendar (takes ownership of c; frees the old one). */
void app_cal_replace(struct app *a, struct hol_calendar *c);

/*
 * Who is acting, as services see it: plain data, no HTTP. staff_id 0 is a
 * citizen (online) or the system; unit_id 0 is no unit. name and rid are
 * written into the audit trail (name: the username, "cli", "anonymous";
 * rid: the request id, or NULL). Borrowed strings: the caller keeps them
 * alive for the call.
 */
struct actor {
	long long staff_id;
	long long unit_id;
	unsigned roles;
	const char *name;
	const char *rid;
};

/*
 * Audit record in the current transaction, at `now` (the caller's clock, so
 * a test clock moves the record too). before/after may be NULL and are NOT
 * consumed. Returns 0 or ERR_INTERNAL.
 */
int audit_write(struct db *db, const struct actor *who, int64_t now, const char *action,
		const char *entity, const char *entity_id, json_t *before, json_t *after);

/* The home centre's public identity (GET /api/v1/public/centre, the page
 * shell), or with agency_code that agency's centre (?agency=, D30: each its
 * own hours): {"name","agency":{"code","name"},"address","phone","email",
 * "work_periods","cutoff"}, a new reference; NULL when there is none. */
json_t *centre_public_json(struct db *db, const char *agency_code);
/* GET /api/v1/agencies: {"items":[…]} (platform_db_agencies), or NULL. */
json_t *agencies_public_json(struct db *db);

#endif
