/* test_dossier.c — the dossier rules: which action each state allows, the
 * once-only rules, the next state, who may act, and the timing words. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "core/dossier.h"
#include "core/roles.h"
#include "core/vntime.h"

static struct ds_facts facts(enum ds_status s)
{
	/* step 2 of 4 (counter, unit, leader, return), marked may_complete so
	 * that every action is possible there as far as the state goes */
	struct ds_facts f = {.status = s,
			     .paused_from = DS_PROCESSING,
			     .step = 2,
			     .nsteps = 4,
			     .step_unit = 20,
			     .counter_unit = 10,
			     .may_complete = 1};
	return f;
}

static void names_round_trip(void **state)
{
	(void)state;
	for (int i = 0; i < DS__COUNT; i++)
		assert_int_equal(ds_status_parse(ds_status_name((enum ds_status)i)), i);
	for (int i = 0; i < DA__COUNT; i++)
		assert_int_equal(ds_action_parse(ds_action_name((enum ds_action)i)), i);
	assert_int_equal(ds_status_parse("overdue"), -1); /* derived, never a state */
	assert_int_equal(ds_action_parse("teleport"), -1);
	assert_int_equal(ds_action_parse(NULL), -1);
}

/* The full table: every (action, state) pair, allowed or 409. */
static void transition_table(void **state)
{
	(void)state;
	/* rows: actions; columns: states in enum order */
	static const char allowed[DA__COUNT][DS__COUNT + 1] = {
		/*                 sub rec pro sup rdy ret ref wd */
		[DA_ACCEPT] = "10000000",     [DA_FORWARD] = "01100000",
		[DA_SEND_BACK] = "00100000",  [DA_REQUEST_SUPPLEMENT] = "11100000",
		[DA_SUPPLEMENT] = "00010000", [DA_REFUSE] = "11110000",
		[DA_COMPLETE] = "01100000",   [DA_APOLOGIZE] = "01110000",
		[DA_RETURN] = "00001000",     [DA_WITHDRAW] = "11110000",
	};
	for (int a = 0; a < DA__COUNT; a++)
		for (int s = 0; s < DS__COUNT; s++) {
			struct ds_facts f = facts((enum ds_status)s);
			struct problem p = {0};
			int rc = ds_check((enum ds_action)a, &f, &p);
			if (allowed[a][s] == '1') {
				assert_int_equal(rc, 0);
			} else {
				assert_int_equal(rc, ERR_CONFLICT);
				assert_string_equal(p.code, "invalid_transition");
			}
		}
}

static void supplement_and_apology_only_once(void **state)
{
	(void)state;
	struct problem p = {0};
	struct ds_facts f = facts(DS_PROCESSING);
	f.supplement_count = 1;
	assert_int_equal(ds_check(DA_REQUEST_SUPPLEMENT, &f, &p), ERR_CONFLICT);
	assert_string_equal(p.code, "supplement_once");
	f.apology_count = 1;
	assert_int_equal(ds_check(DA_APOLOGIZE, &f, &p), ERR_CONFLICT);
	assert_string_equal(p.code, "apology_once");
	/* a finished dossier reports the once rule first: still a 409 */
	f = facts(DS_RETURNED);
	f.supplement_count = 1;
	assert_int_equal(ds_check(DA_REQUEST_SUPPLEMENT, &f, &p), ERR_CONFLICT);
}

static void steps_bound_forward_and_send_back(void **state)
{
	(void)state;
	struct problem p = {0};
	struct ds_facts f = facts(DS_PROCESSING);
	f.step = 4;
	assert_int_equal(ds_check(DA_FORWARD, &f, &p), ERR_CONFLICT);
	assert_string_equal(p.code, "no_next_step");
	f.step = 1;
	assert_int_equal(ds_check(DA_SEND_BACK, &f, &p), ERR_CONFLICT);
	assert_string_equal(p.code, "no_previous_step");
	/* the last processing step (3 of 4) signs: complete, not forward —
	 * the return step is reached only through complete */
	f.step = 3;
	assert_int_equal(ds_check(DA_FORWARD, &f, &p), ERR_CONFLICT);
	assert_string_equal(p.code, "no_next_step");
	assert_int_equal(ds_check(DA_SEND_BACK, &f, &p), 0);
	f.step = 2;
	assert_int_equal(ds_check(DA_FORWARD, &f, &p), 0);
}

static void complete_only_at_the_signing_step(void **state)
{
	(void)state;
	struct problem p = {0};
	struct ds_facts f = facts(DS_RECEIVED);
	f.may_complete = 0;
	f.step = 1; /* at the counter: every later step would be skipped */
	assert_int_equal(ds_check(DA_COMPLETE, &f, &p), ERR_CONFLICT);
	assert_string_equal(p.code, "not_last_step");
	f.status = DS_PROCESSING;
	f.step = 2;
	assert_int_equal(ds_check(DA_COMPLETE, &f, &p), ERR_CONFLICT);
	f.step = 3;
	assert_int_equal(ds_check(DA_COMPLETE, &f, &p), 0);
	/* a step the catalogue marks may_complete may issue the result early */
	f.step = 2;
	f.may_complete = 1;
	assert_int_equal(ds_check(DA_COMPLETE, &f, &p), 0);
	/* a one-step or two-step procedure completes at its first step */
	f = facts(DS_RECEIVED);
	f.may_complete = 0;
	f.step = 1;
	f.nsteps = 2;
	assert_int_equal(ds_check(DA_COMPLETE, &f, &p), 0);
	f.nsteps = 1;
	assert_int_equal(ds_check(DA_COMPLETE, &f, &p), 0);
}

/* Who may act: the role, and the unit where the action belongs. */
static void units_decide_who_acts(void **state)
{
	(void)state;
	struct problem p = {0};
	struct ds_facts f = facts(DS_PROCESSING); /* at unit 20; counter is 10 */
	const unsigned spec = ROLE_SPECIALIST, rec = ROLE_RECEPTION;
	static const enum ds_action at_step[] = {DA_FORWARD, DA_SEND_BACK, DA_REQUEST_SUPPLEMENT,
						 DA_COMPLETE};
	for (size_t i = 0; i < sizeof at_step / sizeof at_step[0]; i++) {
		enum ds_action a = at_step[i];
		assert_int_equal(ds_may_act(a, &f, spec | ROLE_HEAD, 20, &p), 0);
		assert_int_equal(ds_may_act(a, &f, spec | ROLE_HEAD, 30, &p), ERR_FORBIDDEN);
		assert_string_equal(p.code, "not_your_step");
		assert_int_equal(ds_may_act(a, &f, spec | ROLE_HEAD, 0, &p), ERR_FORBIDDEN);
		/* the counter has no say inside another unit's step */
		assert_int_equal(ds_may_act(a, &f, ROLE_DOSSIER, 10, &p), ERR_FORBIDDEN);
	}
	/* the apology (Mẫu 04) is the leader's, for the People's Committee,
	 * whatever step is open; any other role is not competent */
	assert_int_equal(ds_action_roles(DA_APOLOGIZE), (unsigned)ROLE_LEADER);
	assert_int_equal(ds_may_act(DA_APOLOGIZE, &f, ROLE_LEADER, 20, &p), 0);
	assert_int_equal(ds_may_act(DA_APOLOGIZE, &f, ROLE_LEADER, 30, &p), 0);
	assert_int_equal(ds_may_act(DA_APOLOGIZE, &f, ROLE_LEADER, 10, &p), 0);
	assert_int_equal(ds_may_act(DA_APOLOGIZE, &f, ROLE_LEADER, 0, &p), ERR_FORBIDDEN);
	assert_string_equal(p.code, "not_your_step");
	const unsigned not_leader[] = {spec, rec, ROLE_HEAD, ROLE_ADMIN, spec | rec | ROLE_HEAD};
	for (size_t i = 0; i < sizeof not_leader / sizeof not_leader[0]; i++) {
		assert_int_equal(ds_may_act(DA_APOLOGIZE, &f, not_leader[i], 20, &p),
				 ERR_FORBIDDEN);
		assert_string_equal(p.code, "not_competent");
	}
	/* the role comes first */
	assert_int_equal(ds_may_act(DA_SEND_BACK, &f, rec, 20, &p), ERR_FORBIDDEN);
	assert_string_equal(p.code, "forbidden");
	assert_int_equal(ds_may_act(DA_FORWARD, &f, ROLE_ADMIN, 20, &p), ERR_FORBIDDEN);
	assert_string_equal(p.code, "forbidden");
	/* withdraw (the stop request) and accept belong to the counter */
	assert_int_equal(ds_may_act(DA_WITHDRAW, &f, rec, 10, &p), 0);
	assert_int_equal(ds_may_act(DA_WITHDRAW, &f, rec, 20, &p), ERR_FORBIDDEN);
	assert_int_equal(ds_may_act(DA_WITHDRAW, &f, rec, 0, &p), ERR_FORBIDDEN);
	/* papers of a supplement: the asking unit, or a counter officer */
	f = facts(DS_SUPPLEMENT_REQUESTED);
	assert_int_equal(ds_may_act(DA_SUPPLEMENT, &f, spec, 20, &p), 0);
	assert_int_equal(ds_may_act(DA_SUPPLEMENT, &f, rec, 10, &p), 0);
	assert_int_equal(ds_may_act(DA_SUPPLEMENT, &f, spec, 10, &p), ERR_FORBIDDEN);
	assert_int_equal(ds_may_act(DA_SUPPLEMENT, &f, spec, 30, &p), ERR_FORBIDDEN);
	assert_int_equal(ds_may_act(DA_SUPPLEMENT, &f, rec, 0, &p), ERR_FORBIDDEN);
	/* an online submission, no step yet: everything is the counter's */
	f = facts(DS_SUBMITTED);
	f.step = 0;
	f.step_unit = 0;
	assert_int_equal(ds_may_act(DA_ACCEPT, &f, rec, 10, &p), 0);
	assert_int_equal(ds_may_act(DA_REFUSE, &f, rec, 10, &p), 0);
	assert_int_equal(ds_may_act(DA_REQUEST_SUPPLEMENT, &f, rec, 10, &p), 0);
	assert_int_equal(ds_may_act(DA_ACCEPT, &f, rec, 20, &p), ERR_FORBIDDEN);
	assert_int_equal(ds_may_act(DA_REFUSE, &f, spec | ROLE_LEADER, 20, &p), ERR_FORBIDDEN);
	assert_string_equal(p.code, "not_competent");
	assert_int_equal(ds_may_act(DA_REFUSE, &f, rec, 20, &p), ERR_FORBIDDEN);
	assert_string_equal(p.code, "not_your_step");
	assert_int_equal(ds_may_act(DA_ACCEPT, &f, rec, 0, &p), ERR_FORBIDDEN);
	/* the return step is the counter's own */
	f = facts(DS_RESULT_READY);
	f.step = 4;
	f.step_unit = 10;
	assert_int_equal(ds_may_act(DA_RETURN, &f, rec, 10, &p), 0);
	assert_int_equal(ds_may_act(DA_RETURN, &f, rec, 20, &p), ERR_FORBIDDEN);
}

/* Who refuses (Mẫu 03): before receipt the counter officer; once received
 * the competent body — the head of the unit at work, or a leader. */
static void refusal_is_for_the_competent(void **state)
{
	(void)state;
	struct problem p = {0};
	const unsigned spec = ROLE_SPECIALIST, rec = ROLE_RECEPTION;
	static const enum ds_status received[] = {DS_RECEIVED, DS_PROCESSING,
						  DS_SUPPLEMENT_REQUESTED};
	for (size_t i = 0; i < sizeof received / sizeof received[0]; i++) {
		struct ds_facts f = facts(received[i]);
		f.step = 2;
		f.step_unit = 20;
		f.counter_unit = 10;
		/* the specialist at work, the counter officer: not competent */
		assert_int_equal(ds_may_act(DA_REFUSE, &f, spec, 20, &p), ERR_FORBIDDEN);
		assert_string_equal(p.code, "not_competent");
		assert_int_equal(ds_may_act(DA_REFUSE, &f, rec, 10, &p), ERR_FORBIDDEN);
		assert_string_equal(p.code, "not_competent");
		/* the head of the unit at work: yes; of another unit: not his step */
		assert_int_equal(ds_may_act(DA_REFUSE, &f, spec | ROLE_HEAD, 20, &p), 0);
		assert_int_equal(ds_may_act(DA_REFUSE, &f, ROLE_HEAD, 30, &p), ERR_FORBIDDEN);
		assert_string_equal(p.code, "not_your_step");
		/* a leader for the People's Committee, whatever step is open */
		assert_int_equal(ds_may_act(DA_REFUSE, &f, ROLE_LEADER, 40, &p), 0);
		assert_int_equal(ds_may_act(DA_REFUSE, &f, ROLE_LEADER, 0, &p), ERR_FORBIDDEN);
	}
	struct ds_facts f = facts(DS_SUBMITTED);
	f.step = 0;
	f.step_unit = 0;
	f.counter_unit = 10;
	assert_int_equal(ds_may_act(DA_REFUSE, &f, rec, 10, &p), 0);
	assert_int_equal(ds_may_act(DA_REFUSE, &f, ROLE_HEAD | ROLE_LEADER, 10, &p), ERR_FORBIDDEN);
	assert_string_equal(p.code, "not_competent");
}

static void next_states(void **state)
{
	(void)state;
	struct ds_facts f = facts(DS_PROCESSING);
	assert_int_equal(ds_next(DA_FORWARD, &f), DS_PROCESSING);
	assert_int_equal(ds_next(DA_REQUEST_SUPPLEMENT, &f), DS_SUPPLEMENT_REQUESTED);
	assert_int_equal(ds_next(DA_COMPLETE, &f), DS_RESULT_READY);
	assert_int_equal(ds_next(DA_APOLOGIZE, &f), DS_PROCESSING);
	f.step = 2;
	assert_int_equal(ds_next(DA_SEND_BACK, &f), DS_RECEIVED); /* back to the counter */
	f.step = 3;
	assert_int_equal(ds_next(DA_SEND_BACK, &f), DS_PROCESSING);
	f = facts(DS_SUPPLEMENT_REQUESTED);
	f.paused_from = DS_RECEIVED;
	assert_int_equal(ds_next(DA_SUPPLEMENT, &f), DS_RECEIVED);
	f.paused_from = DS_SUBMITTED;
	assert_int_equal(ds_next(DA_SUPPLEMENT, &f), DS_SUBMITTED);
	f = facts(DS_SUBMITTED);
	assert_int_equal(ds_next(DA_ACCEPT, &f), DS_RECEIVED);
	assert_int_equal(ds_next(DA_WITHDRAW, &f), DS_WITHDRAWN);
}

static void roles_per_action(void **state)
{
	(void)state;
	assert_int_equal(ds_action_roles(DA_ACCEPT), ROLE_RECEPTION);
	assert_int_equal(ds_action_roles(DA_RETURN), ROLE_RECEPTION);
	assert_false(ds_action_roles(DA_SEND_BACK) & ROLE_RECEPTION);
	assert_true(ds_action_roles(DA_COMPLETE) & ROLE_LEADER);
	for (int a = 0; a < DA__COUNT; a++)
		assert_false(ds_action_roles((enum ds_action)a) & ROLE_ADMIN);
}

static void timing_words(void **state)
{
	(void)state;
	int64_t due = vn_instant(2026, 3, 5, 9, 0, 0);
	assert_int_equal(ds_classify(vn_instant(2026, 3, 4, 16, 0, 0), due), DT_EARLY);
	assert_int_equal(ds_classify(vn_instant(2026, 3, 5, 8, 0, 0), due), DT_ON_TIME);
	assert_int_equal(ds_classify(due, due), DT_ON_TIME);
	assert_int_equal(ds_classify(due + 1, due), DT_LATE);
	/* the day is Vietnam's: 23:30 UTC on the 4th is already the 5th */
	assert_int_equal(ds_classify(vn_instant(2026, 3, 5, 6, 30, 0), due), DT_ON_TIME);
	assert_string_equal(ds_timing_name(DT_LATE), "late");
}

static void overdue_is_derived(void **state)
{
	(void)state;
	int64_t due = 1000;
	assert_true(ds_overdue(DS_PROCESSING, due, 0, 1001));
	assert_false(ds_overdue(DS_PROCESSING, due, 0, 1000));
	assert_true(ds_overdue(DS_RECEIVED, due, 0, 2000));
	assert_false(ds_overdue(DS_RESULT_READY, due, 0, 5000)); /* finished */
	assert_false(ds_overdue(DS_SUBMITTED, 0, 0, 5000));      /* no clock yet */
	/* waiting for the citizen: the clock is stopped */
	assert_false(ds_overdue(DS_SUPPLEMENT_REQUESTED, due, 900, 99999));
	assert_true(ds_overdue(DS_SUPPLEMENT_REQUESTED, due, 1100, 99999));
}

static void row_ids_come_from_the_code(void **state)
{
	(void)state;
	assert_int_equal(ds_row_id(1, 260302, 1), 12603020000001LL);
	assert_int_equal(ds_row_id(900000, 991231, 9999999),
			 (900000LL * 1000000 + 991231) * 10000000 + 9999999);
	assert_int_equal(ds_row_id(900001, 260302, 1), 0);
	assert_int_equal(ds_row_id(1, 260302, 10000000), 0);
	assert_int_equal(ds_row_id(0, 260302, 1), 0);
	size_t n;
	int day;
	int64_t seq;
	assert_int_equal(ds_code_split("000.01.40.H15-260302-0001", &n, &day, &seq), 0);
	assert_int_equal(n, 13);
	assert_int_equal(day, 260302);
	assert_int_equal(seq, 1);
	assert_int_equal(ds_code_split("X-260302-1234567", &n, &day, &seq), 0);
	assert_int_equal(n, 1);
	assert_int_equal(seq, 1234567);
	const char *bad[] = {"",
			     "-260302-0001",
			     "X-260302-001",
			     "X-260302-12345678",
			     "X-26032-0001",
			     "X260302-0001",
			     "X-2603a2-0001",
			     "X-260302-0001-",
			     "260302-0001"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(ds_code_split(bad[i], &n, &day, &seq), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(row_ids_come_from_the_code),
		cmocka_unit_test(names_round_trip),
		cmocka_unit_test(transition_table),
		cmocka_unit_test(supplement_and_apology_only_once),
		cmocka_unit_test(steps_bound_forward_and_send_back),
		cmocka_unit_test(complete_only_at_the_signing_step),
		cmocka_unit_test(units_decide_who_acts),
		cmocka_unit_test(refusal_is_for_the_competent),
		cmocka_unit_test(next_states),
		cmocka_unit_test(roles_per_action),
		cmocka_unit_test(timing_words),
		cmocka_unit_test(overdue_is_derived),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
