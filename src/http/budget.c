/*
 * budget.c — the memory budget of request bodies being received: one global
 * ceiling and one per client address. See http.h (struct http_budget).
 *
 * A request takes its declared Content-Length when its headers arrive (a
 * chunked body takes its bytes as they arrive) and gives everything back
 * when it completes. The per-address counters live in a small chained hash
 * table whose entries exist only while an address holds bytes, so the table
 * is bounded by the number of connections. One mutex: taken once or twice
 * per request that has a body, never around I/O.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/http.h"

struct http_budget_addr {
	char ip[48];
	size_t used;
	struct http_budget_addr *next;
};

static unsigned slot(const char *ip)
{
	unsigned h = 2166136261u;
	for (; *ip; ip++)
		h = (h ^ (unsigned char)*ip) * 16777619u;
	return h % HTTP_BUDGET_SLOTS;
}

void http_budget_init(struct http_budget *b, size_t global, size_t per_addr)
{
	memset(b, 0, sizeof *b);
	pthread_mutex_init(&b->mu, NULL);
	b->max = global;
	b->max_addr = per_addr;
}

void http_budget_free(struct http_budget *b)
{
	for (unsigned i = 0; i < HTTP_BUDGET_SLOTS; i++)
		for (struct http_budget_addr *e = b->slot[i], *n; e; e = n) {
			n = e->next;
			free(e);
		}
	pthread_mutex_destroy(&b->mu);
}

enum err http_budget_take(struct http_budget *b, const char *ip, size_t n)
{
	enum err rc = ERR_OK;
	if (n == 0)
		return ERR_OK;
	pthread_mutex_lock(&b->mu);
	unsigned h = slot(ip);
	struct http_budget_addr *e = b->slot[h];
	while (e && strcmp(e->ip, ip) != 0)
		e = e->next;
	size_t held = e ? e->used : 0;
	if (n > b->max_addr || held > b->max_addr - n) {
		rc = ERR_THROTTLED;
		goto out;
	}
	if (n > b->max || b->used > b->max - n) {
		rc = ERR_UNAVAILABLE;
		goto out;
	}
	if (!e) {
		e = xcalloc(1, sizeof *e);
		snprintf(e->ip, sizeof e->ip, "%s", ip);
		e->next = b->slot[h];
		b->slot[h] = e;
	}
	e->used += n;
	b->used += n;
out:
	pthread_mutex_unlock(&b->mu);
	return rc;
}

void http_budget_give(struct http_budget *b, const char *ip, size_t n)
{
	if (n == 0)
		return;
	pthread_mutex_lock(&b->mu);
	unsigned h = slot(ip);
	struct http_budget_addr **pp = &b->slot[h];
	while (*pp && strcmp((*pp)->ip, ip) != 0)
		pp = &(*pp)->next;
	struct http_budget_addr *e = *pp;
	if (e) {
		e->used -= n < e->used ? n : e->used;
		if (e->used == 0) {
			*pp = e->next;
			free(e);
		}
	}
	b->used -= n < b->used ? n : b->used;
	pthread_mutex_unlock(&b->mu);
}

size_t http_budget_used(struct http_budget *b, const char *ip)
{
	size_t n;
	pthread_mutex_lock(&b->mu);
	if (!ip) {
		n = b->used;
	} else {
		struct http_budget_addr *e = b->slot[slot(ip)];
		while (e && strcmp(e->ip, ip) != 0)
			e = e->next;
		n = e ? e->used : 0;
	}
	pthread_mutex_unlock(&b->mu);
	return n;
}
