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
/* Run what is queued, then stop and join the threads. */
void slowpool_stop(struct slowpool *p);

#endif
