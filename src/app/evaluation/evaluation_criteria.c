/*
 * evaluation_criteria.c — the 9-criterion, 18-point evaluation of a dossier
 * under the one-stop rules (Decree 61/2018 regime; DOMAIN.md §1.8), computed
 * from what the system recorded. Each criterion scores 0, 1 or 2, or null
 * when it cannot be judged yet (or does not apply); `points` sums the judged
 * ones, `max` is 2 × their number. How each is computed: docs/API.md
 * "Evaluation of the service" and DECISIONS D35.
 */
#include <string.h>

#include "app/evaluation/evaluation.h"
#include "app/evaluation/evaluation_store.h"
#include "app/platform/clock.h"

struct crit {
	const char *code, *vi, *en;
};

static const struct crit CRITERIA[9] = {
	{"total_time", "Tổng thời gian giải quyết so với quy định",
	 "Total handling time against the legal limit"},
	{"unit_time", "Thời gian thực hiện tại từng cơ quan, đơn vị",
	 "Time taken by each participating unit"},
	{"contacts", "Số lần phải liên hệ để hoàn thiện hồ sơ",
	 "Times the citizen had to come back to complete the dossier"},
	{"bodies", "Số cơ quan, đơn vị phải liên hệ", "Bodies the citizen had to contact"},
	{"one_stop", "Tiếp nhận, giải quyết, trả kết quả tại Bộ phận Một cửa",
	 "Receipt and return at the One-Stop Section"},
	{"publicity", "Công khai thủ tục hành chính", "Publicity of the procedure"},
	{"attitude", "Thái độ của cán bộ, công chức", "Attitude of the officials"},
	{"feedback", "Tiếp nhận, giải trình ý kiến phản ánh, kiến nghị",
	 "Explanation to the citizen (apology letter when late)"},
	{"online", "Tiến độ, chất lượng dịch vụ công trực tuyến",
	 "Progress and quality of the online service"},
};

static void add(json_t *arr, int k, int points, const char *basis)
{
	json_array_append_new(
		arr, json_pack("{s:i,s:s,s:s,s:s,s:o,s:s}", "n", k + 1, "code", CRITERIA[k].code,
			       "name", CRITERIA[k].vi, "name_en", CRITERIA[k].en, "points",
			       points < 0 ? json_null() : json_integer(points), "basis", basis));
}

static int has_reason(const char *reasons, const char *code)
{
	size_t n = strlen(code);
	for (const char *s = reasons; (s = strstr(s, code)); s += n)
		if ((s == reasons || s[-1] == ' ') && (s[n] == ' ' || s[n] == 0))
			return 1;
	return 0;
}

json_t *evaluation_criteria_json(struct db *db, struct app *a, long long dossier_id, int64_t now)
{
	struct db_stmt *st = estore_criteria_row(db, dossier_id);
	if (!st)
		return json_null();
	char status[32], channel[16];
	snprintf(status, sizeof status, "%s", db_col_text(st, EQ_STATUS));
	snprintf(channel, sizeof channel, "%s", db_col_text(st, EQ_CHANNEL));
	int has_sub = !db_col_null(st, EQ_SUBMITTED), has_rec = !db_col_null(st, EQ_RECEIVED);
	int64_t submitted = db_col_int(st, EQ_SUBMITTED), received = db_col_int(st, EQ_RECEIVED);
	int finished = !db_col_null(st, EQ_FINISHED);
	int64_t fin = db_col_int(st, EQ_FINISHED), due = db_col_int(st, EQ_DUE);
	int64_t orig = db_col_null(st, EQ_ORIG_DUE) ? due : db_col_int(st, EQ_ORIG_DUE);
	int has_due = !db_col_null(st, EQ_DUE);
	long long sup = db_col_int(st, EQ_SUPCOUNT), apol = db_col_int(st, EQ_APOLCOUNT);
	int apol_early = (int)db_col_int(st, EQ_APOLEARLY);
	int returned = !db_col_null(st, EQ_RETURNED);
	long long agency = db_col_int(st, EQ_AGENCY), docs = db_col_int(st, EQ_PROC_DOCS);
	db_done(st);
	int refused = strcmp(status, "refused") == 0 || strcmp(status, "withdrawn") == 0;

	char level[32] = "", reasons[256] = "";
	st = estore_eval_of_dossier(db, dossier_id);
	if (st) {
		snprintf(level, sizeof level, "%s", db_col_text(st, EB_LEVEL));
		snprintf(reasons, sizeof reasons, "%s", db_col_text(st, EB_REASONS));
		db_done(st);
	}

	json_t *c = json_array();
	/* 1. total time: finished by the first appointment 2, by the one an
	 * apology set 1, later 0; still running and already late 0 */
	if (!has_due || refused)
		add(c, 0, -1, "not_applicable");
	else if (finished)
		add(c, 0,
		    fin <= orig  ? 2
		    : fin <= due ? 1
				 : 0,
		    fin <= orig  ? "on_time"
		    : fin <= due ? "late_with_new_appointment"
				 : "late");
	else if (now > due)
		add(c, 0, 0, "overdue");
	else
		add(c, 0, -1, "in_progress");
	/* 2. each unit's step: none late 2, one late 1, more 0 */
	int judged = 0, late = 0;
	st = estore_step_outcomes(db, dossier_id);
	while (db_step(st) == DB_ROW) {
		judged++;
		late += strcmp(db_col_text(st, 0), "late") == 0;
	}
	db_done(st);
	if (!judged)
		add(c, 1, -1, "no_step_finished");
	else
		add(c, 1, late == 0 ? 2 : late == 1 ? 1 : 0, late ? "steps_late" : "steps_on_time");
	/* 3. contacts to complete the dossier: supplement requests 0 → 2, 1 → 1 */
	if (!has_rec)
		add(c, 2, -1, "not_received");
	else
		add(c, 2,
		    sup == 0   ? 2
		    : sup == 1 ? 1
			       : 0,
		    sup == 0 ? "no_supplement" : "supplements_requested");
	/* 4. bodies contacted: every dossier goes in and out through the one
	 * receiving agency (inter-agency steps move between units, not the
	 * citizen) */
	add(c, 3, has_rec ? 2 : -1, has_rec ? "one_receiving_agency" : "not_received");
	/* 5. receipt and return at the One-Stop Section */
	if (!has_rec)
		add(c, 4, -1, "not_received");
	else if (returned || refused)
		add(c, 4, 2, "received_and_returned_at_one_stop");
	else
		add(c, 4, -1, "not_returned_yet");
	/* 6. publicity: the procedure's documents are published in the
	 * catalogue; the citizen naming "publicity" as a reason takes it away */
	if (has_reason(reasons, "publicity"))
		add(c, 5, 0, "citizen_reason_publicity");
	else
		add(c, 5, docs > 0 ? 2 : 1,
		    docs > 0 ? "published_in_catalogue" : "no_documents_listed");
	/* 7. attitude: from the citizen's evaluation */
	if (!level[0])
		add(c, 6, -1, "not_evaluated");
	else if (strcmp(level, "not_satisfied") != 0)
		add(c, 6, 2, level);
	else
		add(c, 6, has_reason(reasons, "attitude") ? 0 : 1,
		    has_reason(reasons, "attitude") ? "citizen_reason_attitude" : "not_satisfied");
	/* 8. explanation: a late dossier needs an apology letter, one working
	 * day ahead for full points */
	if (!has_due || refused)
		add(c, 7, -1, "not_applicable");
	else if (apol)
		add(c, 7, apol_early ? 2 : 1, apol_early ? "apology_in_advance" : "apology_late");
	else if ((finished && fin > orig) || (!finished && now > due))
		add(c, 7, 0, "late_without_apology");
	else
		add(c, 7, finished ? 2 : -1, finished ? "no_explanation_needed" : "in_progress");
	/* 9. online: received within one working day of the submission */
	if (strcmp(channel, "online") != 0)
		add(c, 8, -1, "not_online");
	else if (!has_sub || !has_rec)
		add(c, 8, refused ? 0 : -1, refused ? "refused" : "not_received");
	else {
		int64_t took = clock_elapsed_of(a, agency, submitted, received);
		int64_t day = clock_day_seconds_of(a, agency);
		add(c, 8,
		    took <= day       ? 2
		    : took <= 2 * day ? 1
				      : 0,
		    took <= day ? "received_within_a_working_day" : "received_late");
	}
	int points = 0, max = 0;
	size_t i;
	json_t *v;
	json_array_foreach (c, i, v) {
		json_t *pt = json_object_get(v, "points");
		if (json_is_integer(pt)) {
			points += (int)json_integer_value(pt);
			max += 2;
		}
	}
	return json_pack("{s:o,s:i,s:i,s:i}", "criteria", c, "points", points, "max", max, "of",
			 18);
}
