/*
 * writer.h — the single writer thread and its group commit.
 *
 * All write transactions of the server run here, one after another, on one
 * SQLite connection. Jobs that arrive while a commit is in progress are
 * gathered and run together in ONE transaction, then committed with one
 * fsync. A failing job that changed nothing leaves the others untouched; one
 * that changed rows makes the batch roll back and run again without it, so a
 * job function must have no effect outside the transaction and may be run
 * more than once. A job's `done` callback runs only after the commit returned, so
 * nothing is ever acknowledged before it is durable.
 *
 * Threading: submit from any thread. fn and done run on the writer thread.
 */
#ifndef MOTCUA_DB_WRITER_H
#define MOTCUA_DB_WRITER_H

#include "db/db.h"

/* A job: 0 = success; any other value = failure (its savepoint is undone). */
typedef int (*db_job_fn)(struct db *db, void *arg);
/* Called after the batch's commit with the job's final result: its own rc if
 * it failed, WRITER_COMMIT_FAILED if the commit failed, else 0. */
typedef void (*db_done_fn)(void *arg, int rc);

#define WRITER_COMMIT_FAILED (-100)

struct db_job {
	db_job_fn fn;
	db_done_fn done;
	void *arg;
	int rc;
	int settled;         /* internal */
	struct db_job *next; /* internal */
};

struct db_writer;

/* Open the writer's own connection to `path` and start its thread.
 * max_queue bounds the jobs waiting (submits beyond it are refused). */
struct db_writer *db_writer_start(const char *path, int max_queue, char *err, size_t errlen);
/* Queue job (memory owned by the caller until done() is called).
 * Returns 0, or -1 if the queue is full or the writer is stopping. */
int db_writer_submit(struct db_writer *w, struct db_job *job);
/* Run fn synchronously: blocks until its batch has committed; returns the
 * final rc as done() would see it. For threads that may block (slow pool). */
int db_writer_run(struct db_writer *w, db_job_fn fn, void *arg);
/* Refuse new jobs (submit returns -1, db_writer_run WRITER_COMMIT_FAILED),
 * finish every queued one — each done() is called — and join the thread.
 * The writer stays valid for those late submits until db_writer_stop. Used
 * at shutdown before the requests that jobs resume are freed. */
void db_writer_drain(struct db_writer *w);
/* Drain (if not done yet), close the connection, free the writer. */
void db_writer_stop(struct db_writer *w);

/* Counters since start, for the benchmark and /metrics. */
struct db_writer_stats {
	long long jobs, batches, failed_jobs, reruns;
};
void db_writer_stats(struct db_writer *w, struct db_writer_stats *out);

#endif
