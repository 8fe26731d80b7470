/*
 * static.c — the web/ directory, served from memory.
 *
 * Each file is read once into a prebuilt MHD response (with its security
 * headers, Content-Type, ETag and Cache-Control) that every later request
 * reuses: serving a static file costs one hash lookup. The file's mtime and
 * size are re-checked at most every CHECK_US, so edits show up while
 * developing. A replaced response is kept until shutdown (another thread may
 * be about to queue it; MHD has no public way to take a reference).
 *
 * Path safety: the decoded path is split into segments; empty, "." and
 * dot-files/".." segments, backslashes and control bytes are refused before
 * anything touches the file system; files are opened relative to the root
 * directory's descriptor with RESOLVE_BENEATH|RESOLVE_NO_SYMLINKS where the
 * kernel has openat2, else O_NOFOLLOW. The only redirect (a directory
 * without its final '/') is built from that checked path and always starts
 * with exactly one '/', so it never points at another host.
 *
 * Threading: a rwlock guards the table; lookups share it.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <microhttpd.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "core/log.h"
#include "http/internal.h"

#define BUCKETS 1024
#define MAX_FILE (8u << 20)
#define CHECK_US 2000000

struct entry {
	char *path; /* relative to root, no leading slash */
	struct MHD_Response *resp;
	char etag[40];
	time_t mtime;
	off_t size;
	int64_t checked_us;
	struct entry *next;
};

struct graveyard {
	struct MHD_Response *resp;
	struct graveyard *next;
};

struct static_cache {
	int rootfd;
	pthread_rwlock_t lock;
	struct entry *b[BUCKETS];
	struct graveyard *dead;
};

static int64_t mono_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

struct static_cache *static_cache_new(const char *root)
{
	struct static_cache *c = xcalloc(1, sizeof *c);
	c->rootfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (c->rootfd < 0)
		log_warn("static=no_root dir=\"%s\" errno=%d", root, errno);
	pthread_rwlock_init(&c->lock, NULL);
	return c;
}

void static_cache_free(struct static_cache *c)
{
	if (!c)
		return;
	for (int i = 0; i < BUCKETS; i++) {
		for (struct entry *e = c->b[i], *n; e; e = n) {
			n = e->next;
			MHD_destroy_response(e->resp);
			free(e->path);
			free(e);
		}
	}
	for (struct graveyard *g = c->dead, *n; g; g = n) {
		n = g->next;
		MHD_destroy_response(g->resp);
		free(g);
	}
	if (c->rootfd >= 0)
		close(c->rootfd);
	pthread_rwlock_destroy(&c->lock);
	free(c);
}

static unsigned hash(const char *s)
{
	unsigned h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h & (BUCKETS - 1);
}

static const char *mime_of(const char *path, int *long_cache)
{
	static const struct {
		const char *ext, *type;
		int long_cache;
	} t[] = {
		{".html", "text/html; charset=utf-8", 0},
		{".css", "text/css; charset=utf-8", 0},
		{".js", "text/javascript; charset=utf-8", 0},
		{".mjs", "text/javascript; charset=utf-8", 0},
		{".json", "application/json; charset=utf-8", 0},
		{".webmanifest", "application/manifest+json", 0},
		{".svg", "image/svg+xml", 0},
		{".png", "image/png", 1},
		{".jpg", "image/jpeg", 1},
		{".jpeg", "image/jpeg", 1},
		{".ico", "image/x-icon", 1},
		{".woff2", "font/woff2", 1},
		{".woff", "font/woff", 1},
		{".ttf", "font/ttf", 1},
		{".txt", "text/plain; charset=utf-8", 0},
	};
	const char *dot = strrchr(path, '.');
	*long_cache = 0;
	if (dot)
		for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
			if (strcmp(dot, t[i].ext) == 0) {
				*long_cache = t[i].long_cache;
				return t[i].type;
			}
	return "application/octet-stream";
}

/* Opens rel beneath the root, refusing symlinks. */
static int open_beneath(int rootfd, const char *rel)
{
#ifdef SYS_openat2
	struct open_how how = {
		.flags = O_RDONLY | O_CLOEXEC | O_NOFOLLOW,
		.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS,
	};
	int fd = (int)syscall(SYS_openat2, rootfd, rel, &how, sizeof how);
	if (fd >= 0 || errno != ENOSYS)
		return fd;
#endif
	return openat(rootfd, rel, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
}

/* Validates the decoded URL path and writes the relative file path.
 * Returns 0, or -1 for a path that must not be served. */
static int safe_rel(const char *path, char *out, size_t cap, int *is_dir_req)
{
	size_t j = 0;
	const char *p = path;
	if (*p != '/')
		return -1;
	*is_dir_req = 0;
	while (*p) {
		while (*p == '/')
			p++;
		if (!*p) {
			*is_dir_req = 1;
			break;
		}
		const char *seg = p;
		while (*p && *p != '/')
			p++;
		size_t n = (size_t)(p - seg);
		if (seg[0] == '.')
			return -1; /* ".", "..", dot-files */
		for (size_t i = 0; i < n; i++) {
			unsigned char ch = (unsigned char)seg[i];
			if (ch < 0x20 || ch == 0x7f || ch == '\\' || ch == ':')
				return -1;
		}
		if (j + n + 2 >= cap)
			return -1;
		if (j)
			out[j++] = '/';
		memcpy(out + j, seg, n);
		j += n;
		if (!*p)
			break;
	}
	if (path[strlen(path) - 1] == '/')
		*is_dir_req = 1;
	if (*is_dir_req) {
		const char *idx = j ? "/index.html" : "index.html";
		size_t n = strlen(idx);
		if (j + n + 1 >= cap)
			return -1;
		memcpy(out + j, idx, n);
		j += n;
	}
	out[j] = '\0';
	return 0;
}

/* Reads the file into a new response; NULL if absent/too big/not regular. */
static struct entry *load(struct static_cache *c, const char *rel, int *is_dir)
{
	*is_dir = 0;
	int fd = open_beneath(c->rootfd, rel);
	if (fd < 0)
		return NULL;
	struct stat st;
	if (fstat(fd, &st) != 0 || (size_t)st.st_size > MAX_FILE) {
		close(fd);
		return NULL;
	}
	if (S_ISDIR(st.st_mode)) {
		*is_dir = 1;
		close(fd);
		return NULL;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return NULL;
	}
	size_t size = (size_t)st.st_size;
	char *data = xmalloc(size ? size : 1);
	size_t got = 0;
	while (got < size) {
		ssize_t n = read(fd, data + got, size - got);
		if (n <= 0) {
			if (n < 0 && errno == EINTR)
				continue;
			break;
		}
		got += (size_t)n;
	}
	close(fd);
	if (got != size) {
		free(data);
		return NULL;
	}
	struct entry *e = xcalloc(1, sizeof *e);
	unsigned char h[16];
	crypto_generichash(h, sizeof h, (const unsigned char *)data, size, NULL, 0);
	e->etag[0] = '"';
	sodium_bin2hex(e->etag + 1, 33, h, sizeof h);
	size_t el = strlen(e->etag);
	e->etag[el] = '"';
	e->etag[el + 1] = '\0';
	e->mtime = st.st_mtime;
	e->size = st.st_size;
	e->path = xstrdup(rel);
	e->checked_us = mono_us();
	e->resp = MHD_create_response_from_buffer(size, data, MHD_RESPMEM_MUST_FREE);
	int long_cache;
	MHD_add_response_header(e->resp, MHD_HTTP_HEADER_CONTENT_TYPE, mime_of(rel, &long_cache));
	MHD_add_response_header(e->resp, MHD_HTTP_HEADER_ETAG, e->etag);
	MHD_add_response_header(e->resp, MHD_HTTP_HEADER_CACHE_CONTROL,
				long_cache ? "public, max-age=604800" : "no-cache");
	http_add_security_headers(e->resp);
	return e;
}

static struct entry *find(struct static_cache *c, const char *rel, unsigned h)
{
	for (struct entry *e = c->b[h]; e; e = e->next)
		if (strcmp(e->path, rel) == 0)
			return e;
	return NULL;
}

/* Returns the entry for rel, loading or refreshing it. Caller holds no lock;
 * the returned entry's resp/etag stay valid until shutdown. */
static struct entry *lookup(struct static_cache *c, const char *rel, int *is_dir)
{
	unsigned h = hash(rel);
	int64_t now = mono_us();
	*is_dir = 0;
	pthread_rwlock_rdlock(&c->lock);
	struct entry *e = find(c, rel, h);
	if (e && now - e->checked_us < CHECK_US) {
		pthread_rwlock_unlock(&c->lock);
		return e;
	}
	pthread_rwlock_unlock(&c->lock);

	pthread_rwlock_wrlock(&c->lock);
	e = find(c, rel, h);
	if (e) {
		struct stat st;
		if (fstatat(c->rootfd, rel, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
		    st.st_mtime == e->mtime && st.st_size == e->size) {
			e->checked_us = now;
			pthread_rwlock_unlock(&c->lock);
			return e;
		}
		/* changed or gone: unlink the entry, keep its response alive */
		struct entry **pp = &c->b[h];
		while (*pp != e)
			pp = &(*pp)->next;
		*pp = e->next;
		struct graveyard *g = xmalloc(sizeof *g);
		g->resp = e->resp;
		g->next = c->dead;
		c->dead = g;
		free(e->path);
		free(e);
	}
	e = load(c, rel, is_dir);
	if (e) {
		e->next = c->b[h];
		c->b[h] = e;
	}
	pthread_rwlock_unlock(&c->lock);
	return e;
}

static int accepts_html(struct http_req *r)
{
	const char *a = http_header(r, "Accept");
	return a && strstr(a, "text/html");
}

static void not_found(struct http_req *r, struct static_cache *c)
{
	int is_dir;
	struct entry *e = accepts_html(r) ? lookup(c, "404.html", &is_dir) : NULL;
	if (e) {
		r->prebuilt = e->resp;
		r->status = 404;
		return;
	}
	http_reply_kind(r, ERR_NOT_FOUND);
}

void http_serve_static(struct http_req *r)
{
	struct static_cache *c = http_statics(r->server);
	if (!c || c->rootfd < 0) {
		http_reply_kind(r, ERR_NOT_FOUND);
		return;
	}
	if (r->method != HTTP_GET && r->method != HTTP_HEAD) {
		struct problem p;
		problem_kind(&p, ERR_METHOD);
		http_reply_problem(r, &p);
		http_add_header(r, "Allow", "GET, HEAD");
		return;
	}
	char rel[1024];
	int dir_req = 0, is_dir = 0;
	if (safe_rel(r->path, rel, sizeof rel, &dir_req) != 0) {
		not_found(r, c);
		return;
	}
	struct entry *e = lookup(c, rel, &is_dir);
	if (!e && is_dir && !dir_req) {
		/* /procedures → /procedures/. Built from the checked relative
		 * path, not the request's: "//host" (a path a browser reads
		 * as another host) becomes "/host/", repeated slashes collapse. */
		char *loc = arena_printf(&r->arena, "/%s/", rel);
		http_add_header(r, "Location", loc);
		r->cacheable = 1;
		http_reply(r, 301, "text/plain; charset=utf-8", NULL, 0);
		return;
	}
	if (!e) {
		not_found(r, c);
		return;
	}
	const char *inm = http_header(r, "If-None-Match");
	if (inm && strstr(inm, e->etag)) {
		r->cacheable = 1;
		http_add_header(r, "ETag", e->etag);
		http_reply(r, 304, NULL, NULL, 0);
		return;
	}
	r->prebuilt = e->resp;
	r->status = 200;
}
