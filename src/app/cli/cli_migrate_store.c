/*
 * cli_migrate_store.c — `motcua migrate-store`: a centre's SQLite database
 * copied into PostgreSQL (the province's), verified table by table, in one
 * transaction (db/copy.h does the copy; this file checks the schema
 * versions, migrates an empty target, prints the verification, and writes
 * the audit record "store.migrate" into the target with the copy).
 */
#include <jansson.h>
#include <libgen.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "app/cli/cli.h"
#include "app/cli/cli_common.h"
#include "core/log.h"
#include "db/copy.h"

static const char usage[] =
	"usage: motcua migrate-store --from PATH.db --to postgresql://…\n"
	"\n"
	"Copies a centre's SQLite database into a PostgreSQL database: an empty one\n"
	"(migrated first), or the province's, next to the agencies already there: the\n"
	"copied rows get new ids past the target's, and reference data the target\n"
	"already holds (its agencies, units, fields, procedures by code, calendar) is\n"
	"used instead of copied. The centre's own agency code and e-ID, usernames and\n"
	"dossier codes must be new to the target. Both must be at the same schema\n"
	"version. Every table is copied in one transaction, then its rows are counted\n"
	"and checksummed on both sides; on any difference, collision or error nothing\n"
	"is changed and the exit status is 1. Stop the centre's server first: the copy\n"
	"is of one moment.\n";

static int is_url(const char *s)
{
	return strncmp(s, "postgresql://", 13) == 0 || strncmp(s, "postgres://", 11) == 0;
}

struct record {
	const char *from; /* the source file's name, without its directory */
	int version;
};

/* The audit record of the copy, on the target in its transaction:
 * "store.migrate", entity "store", the source file's name, and what was
 * copied (no row data). */
static int record_copy(struct db *to, const struct db_copy *c, void *arg)
{
	const struct record *r = arg;
	long long rows = 0, onto = 0;
	for (size_t i = 0; i < c->ntables; i++) {
		rows += c->tables[i].from_rows;
		onto += c->tables[i].onto;
	}
	json_t *after =
		json_pack("{s:s, s:i, s:I, s:I, s:I, s:I, s:b}", "from", r->from, "schema_version",
			  r->version, "tables", (json_int_t)c->ntables, "rows", (json_int_t)rows,
			  "onto_existing", (json_int_t)onto, "implementing_added",
			  (json_int_t)c->implementing, "beside_existing", c->target_had_rows);
	int rc = after ? audit_write(to, &cli_actor, cli_now(), "store.migrate", "store", r->from,
				     NULL, after)
		       : -1;
	json_decref(after);
	return rc;
}

/* One line per table: the source's rows, the copied rows read back, the
 * source's rows that are rows the target already had (reference data),
 * the two checksums of the copied rows, the verdict. */
static void print_tables(const struct db_copy *c, FILE *f)
{
	fprintf(f, "%-26s %10s %10s %10s  %-16s  %-16s\n", "table", "SQLite", "PostgreSQL",
		"existing", "checksum SQLite", "checksum PG");
	for (size_t i = 0; i < c->ntables; i++) {
		const struct db_copy_table *t = &c->tables[i];
		int same = t->verified && t->from_rows == t->to_rows + t->onto &&
			   strcmp(t->from_sum, t->to_sum) == 0;
		fprintf(f, "%-26s %10lld %10lld %10lld  %-16.16s  %-16.16s  %s\n", t->name,
			t->from_rows, t->to_rows, t->onto, t->from_sum,
			t->verified ? t->to_sum : "-", same ? "ok" : "DIFFERENT");
	}
}

int cli_migrate_store(int argc, char **argv)
{
	const char *from = NULL, *to = NULL;
	struct cli_opt opts[] = {CLI_VALUE("from", &from), CLI_VALUE("to", &to), CLI_END};
	int rc = cli_parse(argc, argv, opts, usage, NULL);
	if (rc == 0 && (!from || !to)) {
		fputs(usage, stderr);
		rc = 2;
	}
	if (rc)
		return cli_status(rc);
	const char *me = "motcua migrate-store";
	if (!is_url(to)) {
		fprintf(stderr, "%s: --to must be a postgresql:// URL\n", me);
		return 2;
	}
	if (is_url(from) || access(from, R_OK) != 0) {
		fprintf(stderr, "%s: --from must be a readable SQLite file: %s\n", me, from);
		return 1;
	}
	struct db *src = cli_open_read(from, me, 1);
	if (!src)
		return 1;
	char err[512];
	struct db *dst = NULL;
	if (db_open(to, 0, &dst, err, sizeof err) != 0) {
		fprintf(stderr, "%s: %s\n", me, err);
		db_close(src);
		return 1;
	}
	int sv = db_schema_version(src), tv = db_schema_version(dst);
	if (tv == 0 && sv != db_schema_latest(dst)) {
		fprintf(stderr,
			"%s: the schema versions differ: the source is at %d, this motcua migrates"
			" an empty target to %d; migrate the source first (motcua migrate --db …),"
			" with a motcua that knows its version. Nothing was copied.\n",
			me, sv, db_schema_latest(dst));
		goto fail;
	}
	if (tv == 0) {
		log_enable(0);
		int n = db_migrate(dst, err, sizeof err);
		log_enable(1);
		if (n < 0) {
			fprintf(stderr, "%s: the target cannot be migrated: %s\n", me, err);
			goto fail;
		}
		tv = db_schema_version(dst);
		printf("target migrated to schema version %d\n", tv);
	}
	if (sv != tv) {
		fprintf(stderr,
			"%s: the schema versions differ: the source is at %d, the target at %d;"
			" migrate the older one first (motcua migrate --db …), with a motcua that"
			" knows both. Nothing was copied.\n",
			me, sv, tv);
		goto fail;
	}
	char base[256];
	snprintf(base, sizeof base, "%s", from);
	struct record rec = {.from = basename(base), .version = sv};
	struct db_copy *c = db_copy_new();
	c->before_commit = record_copy;
	c->arg = &rec;
	rc = db_copy_run(c, src, dst);
	if (c->ntables && rc != DB_COPY_REFUSED)
		print_tables(c, rc == DB_COPY_OK ? stdout : stderr);
	for (size_t i = 0; i < c->nproblems; i++)
		fprintf(stderr, "%s: %s\n", me, c->problems[i]);
	switch (rc) {
	case DB_COPY_OK:
		printf("copied %zu tables at schema version %d (%lld procedures indexed for search)"
		       "%s; verified: rows and checksums equal\n",
		       c->ntables, sv, c->indexed,
		       c->target_had_rows
			       ? " next to the data already there (new ids past the"
				 " target's; rows under \"existing\" are the target's own"
				 " reference rows, mapped by their codes)"
			       : "");
		if (c->implementing)
			printf("the moved agency now implements %lld procedures of the province's"
			       " catalogue that it implemented before (procedure_agency)\n",
			       c->implementing);
		break;
	case DB_COPY_REFUSED: fprintf(stderr, "%s: refused; nothing was changed\n", me); break;
	default: fprintf(stderr, "%s: rolled back; nothing was changed\n", me); break;
	}
	db_close(src);
	db_close(dst);
	db_copy_free(c);
	return rc == DB_COPY_OK ? 0 : 1;
fail:
	db_close(src);
	db_close(dst);
	return 1;
}
