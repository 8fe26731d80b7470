/*
 * demo.c — loads the demo centre: Trung tâm Phục vụ hành chính công phường
 * Hội An (Đà Nẵng). Agencies, units and staff come from
 * data/demo/centre.json; every demo account gets the password DEMO_PASSWORD
 * (printed, and documented as a demo-only credential in the README).
 *
 * Everything is loaded in one transaction: a failure leaves the database
 * empty. Password hashing (argon2id, ~80 ms each) happens before the
 * transaction so the write lock is held briefly. Agencies and units are
 * inserted through cli_store.c, staff through the accounts service
 * (staff_create), procedures through the catalogue's (catalogue_load).
 */
#include "app/cli/demo.h"

#include <jansson.h>
#include <string.h>
#include <time.h>

#include "app/platform/ctx.h"
#include "app/catalogue/catalogue.h"
#include "app/cli/cli_common.h"
#include "app/cli/cli_store.h"
#include "app/accounts/accounts.h"
#include "core/embedded.h"

struct demo {
	json_t *centre;
	FILE *out;
	char (*hashes)[AUTH_PWHASH_MAX];
	size_t nstaff;
	size_t nprocedures;
	int floor; /* also data/demo/floor.json */
	char err[256];
};

static const char *jstr(json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);
	return json_is_string(v) ? json_string_value(v) : "";
}

static int load_agencies(struct db *db, struct demo *d)
{
	json_t *agencies = json_object_get(d->centre, "agencies");
	size_t i;
	json_t *a;
	int homes = 0;
	json_array_foreach (agencies, i, a) {
		const char *centre = jstr(a, "centre_name");
		int home = centre[0] && !homes; /* the first agency with a centre runs here */
		homes += home;
		json_t *wp = json_object_get(a, "work_periods"), *co = json_object_get(a, "cutoff");
		struct cli_agency row = {
			.code = jstr(a, "code"),
			.name = jstr(a, "name"),
			.level = jstr(a, "level"),
			.parent = jstr(a, "parent"),
			.eid = jstr(a, "eid"),
			.centre_name = centre,
			.address = jstr(a, "address"),
			.phone = jstr(a, "phone"),
			.email = jstr(a, "email"),
			.work_periods = json_is_string(wp) ? json_string_value(wp) : NULL,
			.cutoff = json_is_string(co) ? json_string_value(co) : NULL,
			.island = json_is_true(json_object_get(a, "island")),
			.is_home = home,
		};
		if (cli_db_agency_insert(db, &row) != 0) {
			snprintf(d->err, sizeof d->err, "agency %s: %s", jstr(a, "code"),
				 db_errmsg(db));
			return -1;
		}
	}
	if (!homes) {
		snprintf(d->err, sizeof d->err, "no agency with a centre_name in centre.json");
		return -1;
	}
	json_array_foreach (json_object_get(d->centre, "units"), i, a) {
		if (cli_db_unit_insert(db, jstr(a, "agency"), jstr(a, "code"), jstr(a, "name"),
				       json_is_true(json_object_get(a, "counter"))) != 0) {
			snprintf(d->err, sizeof d->err, "unit %s: unknown agency or duplicate",
				 jstr(a, "code"));
			return -1;
		}
	}
	return 0;
}

static int load_staff(struct db *db, struct demo *d)
{
	json_t *staff = json_object_get(d->centre, "staff"), *s;
	size_t i;
	json_array_foreach (staff, i, s) {
		struct staff_input in;
		memset(&in, 0, sizeof in);
		in.username = jstr(s, "username");
		in.full_name = jstr(s, "full_name");
		in.title = jstr(s, "title");
		in.email = jstr(s, "email");
		in.unit = jstr(s, "unit");
		/* the unit's agency (the province model); none: the home agency */
		in.agency = json_is_string(json_object_get(s, "agency")) ? jstr(s, "agency") : NULL;
		json_t *r;
		size_t k;
		json_array_foreach (json_object_get(s, "roles"), k, r)
			in.roles |= role_parse(json_string_value(r) ? json_string_value(r) : "");
		memcpy(in.password_hash, d->hashes[i], AUTH_PWHASH_MAX);
		struct problem p = {0};
		long long id;
		if (staff_create(db, &demo_actor, cli_now(), &in, &id, &p) != 0) {
			snprintf(d->err, sizeof d->err, "staff %s: %s", in.username,
				 p.code ? p.en : "database error");
			return -1;
		}
	}
	return 0;
}

static int load_all(struct db *db, void *arg)
{
	struct demo *d = arg;
	if (cli_db_agency_count(db) != 0) {
		snprintf(
			d->err, sizeof d->err,
			"the database already holds data; the demo loads only into a new database");
		return -1;
	}
	if (load_agencies(db, d) != 0 || load_staff(db, d) != 0)
		return -1;
	const struct embedded_file *f = embedded_find("data/demo/procedures.json");
	json_error_t je;
	json_t *cat =
		f ? json_loadb((const char *)f->data, f->len, JSON_REJECT_DUPLICATES, &je) : NULL;
	if (!cat) {
		snprintf(d->err, sizeof d->err, "data/demo/procedures.json is missing or invalid");
		return -1;
	}
	struct problem p = {0};
	int rc = catalogue_load(db, &demo_actor, cli_now(), cat, &p);
	d->nprocedures = json_array_size(json_object_get(cat, "procedures"));
	json_decref(cat);
	if (rc) {
		snprintf(d->err, sizeof d->err, "procedures.json: %s: %s", p.field, p.en);
		return -1;
	}
	if (!d->floor)
		return 0;
	if (demo_floor_load(db, &demo_actor, cli_now(), d->err, sizeof d->err) != 0)
		return -1;
	if (demo_officials_load(db, cli_now(), d->err, sizeof d->err) != 0)
		return -1;
	return demo_recognition_load(db, &demo_actor, cli_now(), d->err, sizeof d->err);
}

static void print_accounts(struct demo *d)
{
	json_t *s;
	size_t i;
	fprintf(d->out, "Loaded the demo centre: %zu procedures in the catalogue.\n",
		d->nprocedures);
	fprintf(d->out, "Demo accounts (password for all: %s):\n", DEMO_PASSWORD);
	json_array_foreach (json_object_get(d->centre, "staff"), i, s) {
		char roles[128] = "";
		size_t n = 0;
		json_t *r;
		size_t k;
		json_array_foreach (json_object_get(s, "roles"), k, r) {
			int w = snprintf(roles + n, sizeof roles - n, "%s%s", n ? "," : "",
					 json_string_value(r));
			if (w > 0 && (size_t)w < sizeof roles - n)
				n += (size_t)w;
		}
		fprintf(d->out, "  %-14s %-28s %s\n", jstr(s, "username"), roles,
			jstr(s, "full_name"));
	}
}

int demo_load(struct db *db, FILE *out, int floor)
{
	struct demo d;
	memset(&d, 0, sizeof d);
	d.out = out;
	d.floor = floor;
	const struct embedded_file *f = embedded_find("data/demo/centre.json");
	if (!f) {
		fputs("motcua demo: data/demo/centre.json is not compiled in\n", stderr);
		return 1;
	}
	json_error_t je;
	d.centre = json_loadb((const char *)f->data, f->len, JSON_REJECT_DUPLICATES, &je);
	if (!d.centre) {
		fprintf(stderr, "motcua demo: centre.json line %d: %s\n", je.line, je.text);
		return 1;
	}
	d.nstaff = json_array_size(json_object_get(d.centre, "staff"));
	d.hashes = xcalloc(d.nstaff ? d.nstaff : 1, sizeof *d.hashes);
	/* One hash (with its salt) serves every demo account: they share the
	 * documented demo password anyway, and argon2id costs ~0.1 s each. */
	for (size_t i = 0; i < d.nstaff; i++)
		if (i ? (memcpy(d.hashes[i], d.hashes[0], AUTH_PWHASH_MAX), 0)
		      : auth_password_hash(DEMO_PASSWORD, strlen(DEMO_PASSWORD), d.hashes[i]) !=
				    0) {
			fputs("motcua demo: cannot hash passwords (out of memory)\n", stderr);
			free(d.hashes);
			json_decref(d.centre);
			return 1;
		}
	int rc = db_tx(db, load_all, &d);
	if (rc != 0)
		fprintf(stderr, "motcua demo: %s\n", d.err[0] ? d.err : db_errmsg(db));
	else
		print_accounts(&d);
	free(d.hashes);
	json_decref(d.centre);
	return rc == 0 ? 0 : 1;
}
