/*
 * slowpool.h — a small fixed pool of threads for slow work that must not
 * run on HTTP worker threads (argon2id password checks). The queue is
 * bounded: when it is full, submit fails and the caller answers 429, which
 * is also what bounds concurrent logins.
 */
#ifndef MOTCUA_APP_SLOWPOOL_H
#define MOTCUA_APP_SLOWPOOL_H

struct slowpool;

struct slowpool *slowpool_start(int threads, int max_queue);
/* Queue fn(arg); 0, or -1 if the queue is full or the pool is stopping. */
int slowpool_submit(struct slowpool *p, void (*fn)(void *arg), void *arg);
/* Refuse new work (submit returns -1), run what is queued, join the
 * threads. The pool stays valid for late submits until slowpool_stop. */
void slowpool_drain(struct slowpool *p);
/* Drain (if not done yet) and free the pool. */
void slowpool_stop(struct slowpool *p);

#endif
