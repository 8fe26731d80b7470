/*
 * slowpool.c — bounded FIFO + N threads. See slowpool.h.
 */
#include "app/platform/slowpool.h"

#include <pthread.h>
#include <stdlib.h>

#include "core/mem.h"

struct item {
	void (*fn)(void *);
	void *arg;
	struct item *next;
};

struct slowpool {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct item *head, *tail;
	int queued, max_queue, stopping, joined, nthreads;
	pthread_t *threads;
};

static void *worker(void *arg)
{
	struct slowpool *p = arg;
	pthread_mutex_lock(&p->mu);
	for (;;) {
		while (!p->head && !p->stopping)
			pthread_cond_wait(&p->cv, &p->mu);
		if (!p->head)
			break;
		struct item *it = p->head;
		p->head = it->next;
		if (!p->head)
			p->tail = NULL;
		p->queued--;
		pthread_mutex_unlock(&p->mu);
		it->fn(it->arg);
		free(it);
		pthread_mutex_lock(&p->mu);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

struct slowpool *slowpool_start(int threads, int max_queue)
{
	struct slowpool *p = xcalloc(1, sizeof *p);
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv, NULL);
	p->max_queue = max_queue;
	p->threads = xcalloc((size_t)threads, sizeof *p->threads);
	for (int i = 0; i < threads; i++)
		if (pthread_create(&p->threads[i], NULL, worker, p) == 0)
			p->nthreads++;
	return p;
}

int slowpool_submit(struct slowpool *p, void (*fn)(void *arg), void *arg)
{
	pthread_mutex_lock(&p->mu);
	if (p->stopping || p->queued >= p->max_queue || p->nthreads == 0) {
		pthread_mutex_unlock(&p->mu);
		return -1;
	}
	struct item *it = xmalloc(sizeof *it);
	it->fn = fn;
	it->arg = arg;
	it->next = NULL;
	if (p->tail)
		p->tail->next = it;
	else
		p->head = it;
	p->tail = it;
	p->queued++;
	pthread_cond_signal(&p->cv);
	pthread_mutex_unlock(&p->mu);
	return 0;
}

void slowpool_drain(struct slowpool *p)
{
	if (!p)
		return;
	pthread_mutex_lock(&p->mu);
	int joined = p->joined;
	p->stopping = 1;
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
	if (joined)
		return;
	/* workers leave only with an empty queue: every job has run */
	for (int i = 0; i < p->nthreads; i++)
		pthread_join(p->threads[i], NULL);
	pthread_mutex_lock(&p->mu);
	p->joined = 1;
	pthread_mutex_unlock(&p->mu);
}

void slowpool_stop(struct slowpool *p)
{
	if (!p)
		return;
	slowpool_drain(p);
	free(p->threads);
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->cv);
	free(p);
}
