/*
 * cli_export.c — `motcua export`: the national export (performance.h, D41)
 * of the dossiers received in a period, as JSON lines on stdout, read one
 * row at a time (any number of rows in constant memory). The same lines as
 * GET /api/v1/exports/dossiers; the fields: docs/API.md "Officers' figures
 * and the national export". No personal data.
 */
#include <stdio.h>
#include <string.h>

#include "app/cli/cli.h"
#include "app/cli/cli_common.h"
#include "app/performance/performance.h"
#include "core/vntime.h"

static const char export_usage[] =
	"usage: motcua export [--db PATH] --from YYYY-MM-DD --to YYYY-MM-DD [--agency CODE]\n"
	"\n"
	"Writes the dossiers received from --from to --to (local days, both included)\n"
	"as JSON lines in the field names of the National Public Service Portal\n"
	"(MaHoSo, MaTTHC, NgayTiepNhan, NgayHenTra, NgayKetThucXuLy, KenhThucHien, …;\n"
	"dates as yyyyMMddHHmmss in Vietnam's time), one dossier a line, to stdout:\n"
	"  motcua export --from 2026-01-01 --to 2026-03-31 > hoso-q1.jsonl\n"
	"--agency: one agency's dossiers (default: every agency of the database).\n"
	"No personal data of applicants. Reads only, in one snapshot; safe while the\n"
	"server runs. The count goes to stderr. --db defaults to " DEFAULT_DB ".\n";

static int parse_day(const char *s, const char *name, int64_t *day)
{
	if (!s || vn_parse_date(s, strlen(s), day) != 0) {
		fprintf(stderr, "motcua export: --%s must be a date YYYY-MM-DD\n", name);
		return -1;
	}
	return 0;
}

int cli_export(int argc, char **argv)
{
	const char *path = DEFAULT_DB, *from_s = NULL, *to_s = NULL, *agency_code = NULL;
	struct cli_opt opts[] = {CLI_VALUE("db", &path), CLI_VALUE("from", &from_s),
				 CLI_VALUE("to", &to_s), CLI_VALUE("agency", &agency_code),
				 CLI_END};
	int rc = cli_parse(argc, argv, opts, export_usage, NULL);
	if (rc)
		return cli_status(rc);
	int64_t d0, d1;
	if (parse_day(from_s, "from", &d0) || parse_day(to_s, "to", &d1))
		return 2;
	if (d1 < d0 || d1 - d0 + 1 > PERF_EXPORT_MAX_DAYS) {
		fprintf(stderr, "motcua export: --to must be on or after --from, within %d days\n",
			PERF_EXPORT_MAX_DAYS);
		return 2;
	}
	struct db *db = cli_open_read(path, "motcua export", 1);
	if (!db)
		return 1;
	struct problem p = {0};
	long long agency = 0;
	if (agency_code && performance_agency_id(db, agency_code, &agency, &p)) {
		fprintf(stderr, "motcua export: no agency %s\n", agency_code);
		db_close(db);
		return 1;
	}
	db_begin_read(db);
	struct perf_export *x = performance_export_open(db, NULL, agency, vn_instant_of_day(d0),
							vn_instant_of_day(d1 + 1), &p);
	if (!x) {
		fprintf(stderr, "motcua export: %s\n", p.en ? p.en : "cannot export");
		db_end_read(db);
		db_close(db);
		return 1;
	}
	const char *line;
	long n;
	int out_ok = 1;
	while ((n = performance_export_next(x, &line)) > 0)
		if (fwrite(line, 1, (size_t)n, stdout) != (size_t)n) {
			out_ok = 0;
			break;
		}
	long long count = performance_export_count(x);
	performance_export_close(x);
	db_end_read(db);
	db_close(db);
	if (fflush(stdout) != 0)
		out_ok = 0;
	if (n < 0 || !out_ok) {
		fprintf(stderr, "motcua export: %s after %lld dossiers\n",
			n < 0 ? "the store failed" : "cannot write", count);
		return 1;
	}
	fprintf(stderr, "motcua export: %lld dossiers\n", count);
	return 0;
}
