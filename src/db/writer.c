/*
 * writer.c — group commit on a dedicated thread.
 *
 * Loop: wait for jobs; take the whole queue (up to BATCH_MAX); BEGIN
 * IMMEDIATE; run each job; COMMIT; call every done(). With synchronous=FULL the COMMIT is one fsync
 * of the WAL, shared by every job of the batch: under load batches grow by themselves (jobs pile up
 * while the previous fsync runs), idle they are 1.
 *
 * Invariants: a job's done() is called exactly once; never before its
 * transaction is durable or rolled back.
 */
#include "db/writer.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/log.h"
#include "core/mem.h"
#include "db/db_impl.h"

#define BATCH_MAX 512

struct db_writer {
	struct db *db;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct db_job *head, *tail;
	int queued, max_queue;
	int stopping, joined;
	struct db_writer_stats stats;
};

/*
 * One transaction for the whole batch, without savepoints (a savepoint makes
 * SQLite copy every page a job touches into a statement journal: measured,
 * that was a fifth of an intake's cost). Jobs check before they write, so a
 * failing job has almost always changed nothing, and its failure needs no
 * undo: total_changes tells. If a failed job did change rows, the whole
 * transaction is rolled back and the other jobs are run again without it —
 * so job functions must have no effect outside the transaction and may run
 * more than once.
 *
 * On PostgreSQL a failed statement aborts the whole transaction (SQLite's
 * leaves it usable), so a job that met one is treated as one that changed
 * rows: the batch is rolled back and the others run again without it. Jobs
 * check before they write, so this is as rare there as a dirty failure.
 *
 * On PostgreSQL the batch is first run "optimistically" (D44): a job's
 * writes sent later (db_exec_later) are answered together with the next
 * job's first read, or with the check before the commit, instead of in a
 * round trip of their own after each job. A batch in which any job fails,
 * or whose transaction has failed by the end, is rolled back and run again
 * the careful way below, which tells which job failed; so the result of
 * every job is the same as if each had been checked at once.
 */
static void run_batch(struct db_writer *w, struct db_job *batch)
{
	for (struct db_job *j = batch; j; j = j->next)
		j->settled = 0;
	int careful = w->db->be != DB_BE_PG;
	for (;;) {
		int ok = db_begin(w->db) == DB_OK;
		int dirty = 0;
		for (struct db_job *j = batch; j; j = j->next) {
			if (j->settled)
				continue;
			if (!ok) {
				j->rc = WRITER_COMMIT_FAILED;
				j->settled = 1;
				continue;
			}
			if (!careful) {
				j->rc = j->fn(w->db, j->arg);
				if (j->rc != 0) {
					dirty = 1; /* find out the careful way */
					break;
				}
				continue;
			}
			int64_t before = db_total_changes(w->db);
			j->rc = j->fn(w->db, j->arg);
			db_reset_all(w->db);
			if (db_tx_failed(w->db)) {
				/* PostgreSQL: a statement of this job failed and took
				 * the transaction with it; run the others again */
				if (j->rc == 0)
					j->rc = WRITER_COMMIT_FAILED;
				j->settled = 1;
				w->stats.failed_jobs++;
				dirty = 1;
				break;
			}
			if (j->rc != 0) {
				j->settled = 1;
				w->stats.failed_jobs++;
				if (db_total_changes(w->db) != before) {
					dirty = 1;
					break;
				}
			}
		}
		if (ok && !dirty && !careful && db_tx_failed(w->db))
			dirty = 1; /* a write sent later failed: whose? */
		if (dirty) {
			db_rollback(w->db);
			w->stats.reruns++;
			careful = 1;
			continue;
		}
		if (ok && db_commit(w->db) != DB_OK) {
			log_error("writer=commit_failed");
			db_rollback(w->db);
			for (struct db_job *j = batch; j; j = j->next)
				if (j->rc == 0)
					j->rc = WRITER_COMMIT_FAILED;
		}
		break;
	}
	w->stats.batches++;
	/* done() may free the job: read next first. */
	for (struct db_job *j = batch, *next; j; j = next) {
		next = j->next;
		w->stats.jobs++;
		j->done(j->arg, j->rc);
	}
}

static void *writer_main(void *arg)
{
	struct db_writer *w = arg;
	pthread_mutex_lock(&w->mu);
	for (;;) {
		while (!w->head && !w->stopping)
			pthread_cond_wait(&w->cv, &w->mu);
		if (!w->head && w->stopping)
			break;
		struct db_job *batch = w->head, *last = batch;
		int n = 1;
		while (last->next && n < BATCH_MAX) {
			last = last->next;
			n++;
		}
		w->head = last->next;
		if (!w->head)
			w->tail = NULL;
		last->next = NULL;
		w->queued -= n;
		pthread_mutex_unlock(&w->mu);
		run_batch(w, batch);
		pthread_mutex_lock(&w->mu);
	}
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

struct db_writer *db_writer_start(const char *path, int max_queue, char *err, size_t errlen)
{
	struct db_writer *w = xcalloc(1, sizeof *w);
	if (db_open(path, 0, &w->db, err, errlen) != 0) {
		free(w);
		return NULL;
	}
	w->max_queue = max_queue;
	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->cv, NULL);
	if (pthread_create(&w->thread, NULL, writer_main, w) != 0) {
		snprintf(err, errlen, "cannot start the writer thread");
		db_close(w->db);
		free(w);
		return NULL;
	}
	return w;
}

int db_writer_submit(struct db_writer *w, struct db_job *job)
{
	job->next = NULL;
	job->rc = 0;
	pthread_mutex_lock(&w->mu);
	if (w->stopping || w->queued >= w->max_queue) {
		pthread_mutex_unlock(&w->mu);
		return -1;
	}
	if (w->tail)
		w->tail->next = job;
	else
		w->head = job;
	w->tail = job;
	w->queued++;
	pthread_cond_signal(&w->cv);
	pthread_mutex_unlock(&w->mu);
	return 0;
}

struct sync_wait {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int done, rc;
};

static void sync_done(void *arg, int rc)
{
	struct sync_wait *s = arg;
	pthread_mutex_lock(&s->mu);
	s->done = 1;
	s->rc = rc;
	pthread_cond_signal(&s->cv);
	pthread_mutex_unlock(&s->mu);
}

struct sync_job {
	struct sync_wait wait;
	db_job_fn fn;
	void *arg;
};

static int sync_fn(struct db *db, void *arg)
{
	struct sync_job *s = arg;
	return s->fn(db, s->arg);
}

int db_writer_run(struct db_writer *w, db_job_fn fn, void *arg)
{
	struct sync_job s = {.fn = fn, .arg = arg};
	pthread_mutex_init(&s.wait.mu, NULL);
	pthread_cond_init(&s.wait.cv, NULL);
	struct db_job job = {.fn = sync_fn, .done = sync_done, .arg = &s};
	/* The wait struct is the first member: done() receives &s == &s.wait. */
	if (db_writer_submit(w, &job) != 0)
		return WRITER_COMMIT_FAILED;
	pthread_mutex_lock(&s.wait.mu);
	while (!s.wait.done)
		pthread_cond_wait(&s.wait.cv, &s.wait.mu);
	pthread_mutex_unlock(&s.wait.mu);
	pthread_mutex_destroy(&s.wait.mu);
	pthread_cond_destroy(&s.wait.cv);
	return s.wait.rc;
}

void db_writer_drain(struct db_writer *w)
{
	if (!w)
		return;
	pthread_mutex_lock(&w->mu);
	int joined = w->joined;
	w->stopping = 1;
	pthread_cond_signal(&w->cv);
	pthread_mutex_unlock(&w->mu);
	if (joined)
		return;
	/* the loop leaves only with an empty queue: every job's done() ran */
	pthread_join(w->thread, NULL);
	pthread_mutex_lock(&w->mu);
	w->joined = 1;
	pthread_mutex_unlock(&w->mu);
}

void db_writer_stop(struct db_writer *w)
{
	if (!w)
		return;
	db_writer_drain(w);
	db_close(w->db);
	pthread_mutex_destroy(&w->mu);
	pthread_cond_destroy(&w->cv);
	free(w);
}

void db_writer_stats(struct db_writer *w, struct db_writer_stats *out)
{
	pthread_mutex_lock(&w->mu);
	*out = w->stats;
	pthread_mutex_unlock(&w->mu);
}
