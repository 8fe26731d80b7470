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
 * Shell includes: when an .html file is loaded, every line that is exactly
 * "<!--#include shell/NAME -->" (NAME: 1..MAX_INCLUDE_NAME bytes of a-z, 0-9,
 * '-', '_'; a final CR is allowed) is replaced by the bytes of
 * web/shell/NAME.html (one final newline of the fragment dropped, the line's
 * own kept). One level only: an include line inside a fragment is copied as
 * it is (and logged). At most MAX_INCLUDES lines per page, MAX_FRAGMENT bytes
 * per fragment, MAX_FILE bytes for the expanded page. A fragment that is
 * missing or too big leaves its line as it is (an HTML comment) and logs a
 * warning; a page that would pass MAX_FILE is served unexpanded, with a
 * warning. The expansion is done once, at load: the ETag is the hash of the
 * expanded bytes, and the entry remembers each fragment's stamp, so the
 * 2-s re-check reloads the page when one of its fragments changes, appears or
 * goes. Nothing under shell/ is served (404, like dot-files).
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
#define SHELL_DIR "shell"        /* fragments: included, never served */
#define MAX_INCLUDES 8           /* include lines expanded in one page */
#define MAX_INCLUDE_NAME 40      /* bytes of NAME in shell/NAME */
#define MAX_FRAGMENT (64u << 10) /* bytes of one fragment */
#define INC_OPEN "<!--#include " SHELL_DIR "/"
#define INC_CLOSE " -->"

/* What a file looked like on disk when it was read. */
struct stamp {
	int present;
	struct timespec mtim;
	off_t size;
};

/* A fragment a page included (or tried to: present = 0). */
struct dep {
	char path[sizeof SHELL_DIR "/" + MAX_INCLUDE_NAME + sizeof ".html"];
	struct stamp st;
};

struct entry {
	char *path; /* relative to root, no leading slash */
	struct MHD_Response *resp;
	size_t size; /* the body's bytes, for the access log */
	char etag[40];
	struct stamp st;
	struct dep *deps; /* the fragments of an expanded page */
	unsigned ndeps;
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
			free(e->deps);
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

static void stamp_from(struct stamp *s, const struct stat *st)
{
	s->present = 1;
	s->mtim = st->st_mtim;
	s->size = st->st_size;
}

/* The stamp of rel now (present = 0 when it cannot be stat'ed). */
static void stamp_now(int rootfd, const char *rel, struct stamp *s)
{
	struct stat st;
	memset(s, 0, sizeof *s);
	if (fstatat(rootfd, rel, &st, AT_SYMLINK_NOFOLLOW) == 0)
		stamp_from(s, &st);
}

static int stamp_eq(const struct stamp *a, const struct stamp *b)
{
	if (a->present != b->present)
		return 0;
	return !a->present || (a->mtim.tv_sec == b->mtim.tv_sec &&
			       a->mtim.tv_nsec == b->mtim.tv_nsec && a->size == b->size);
}

enum rd { RD_OK, RD_ABSENT, RD_DIR, RD_TOO_BIG };

/* Reads the regular file rel (beneath the root, at most max bytes) into a
 * new buffer *data of *size bytes, its stat in *st. */
static enum rd read_beneath(int rootfd, const char *rel, size_t max, char **data, size_t *size,
			    struct stat *st)
{
	int fd = open_beneath(rootfd, rel);
	if (fd < 0)
		return RD_ABSENT;
	enum rd res = RD_ABSENT;
	if (fstat(fd, st) != 0)
		goto out;
	if (S_ISDIR(st->st_mode)) {
		res = RD_DIR;
		goto out;
	}
	if (!S_ISREG(st->st_mode))
		goto out;
	if ((size_t)st->st_size > max) {
		res = RD_TOO_BIG;
		goto out;
	}
	size_t want = (size_t)st->st_size, got = 0;
	char *buf = xmalloc(want ? want : 1);
	while (got < want) {
		ssize_t n = read(fd, buf + got, want - got);
		if (n <= 0) {
			if (n < 0 && errno == EINTR)
				continue;
			break;
		}
		got += (size_t)n;
	}
	if (got != want) {
		free(buf);
		goto out;
	}
	*data = buf;
	*size = want;
	res = RD_OK;
out:
	close(fd);
	return res;
}

/* The NAME of a line that is exactly INC_OPEN NAME INC_CLOSE, or NULL. */
static const char *include_name(const char *line, size_t n, size_t *name_len)
{
	size_t open = sizeof INC_OPEN - 1, close = sizeof INC_CLOSE - 1;
	if (n <= open + close || memcmp(line, INC_OPEN, open) != 0 ||
	    memcmp(line + n - close, INC_CLOSE, close) != 0)
		return NULL;
	const char *name = line + open;
	size_t len = n - open - close;
	if (len > MAX_INCLUDE_NAME)
		return NULL;
	for (size_t i = 0; i < len; i++) {
		char ch = name[i];
		if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' ||
		      ch == '_'))
			return NULL;
	}
	*name_len = len;
	return name;
}

/* A growing buffer that never passes MAX_FILE bytes. */
struct out {
	char *p;
	size_t n, cap;
	int over;
};

static void out_put(struct out *o, const char *s, size_t n)
{
	if (o->over || n > MAX_FILE - o->n) {
		o->over = 1;
		return;
	}
	if (o->n + n > o->cap) {
		size_t cap = o->cap ? o->cap : 4096;
		while (cap < o->n + n)
			cap *= 2;
		o->p = xrealloc(o->p, cap);
		o->cap = cap;
	}
	memcpy(o->p + o->n, s, n);
	o->n += n;
}

/* Appends the fragment of dep d (read now) to o; 0, or -1 when it cannot
 * be read (the caller keeps the include line). */
static int put_fragment(struct static_cache *c, const char *page, struct dep *d, struct out *o)
{
	char q[256];
	char *frag;
	size_t n;
	struct stat st;
	/* stamp first, read second: a change in between is seen next time */
	stamp_now(c->rootfd, d->path, &d->st);
	enum rd r = read_beneath(c->rootfd, d->path, MAX_FRAGMENT, &frag, &n, &st);
	if (r != RD_OK) {
		log_warn("static=include_failed page=\"%s\" fragment=%s reason=%s",
			 log_quote(page, q, sizeof q), d->path,
			 r == RD_TOO_BIG ? "too_big" : "absent");
		return -1;
	}
	if (memmem(frag, n, "<!--#include", 12))
		log_warn("static=include_nested page=\"%s\" fragment=%s (one level only: left as "
			 "is)",
			 log_quote(page, q, sizeof q), d->path);
	if (n && frag[n - 1] == '\n')
		n--;
	if (n && frag[n - 1] == '\r')
		n--;
	out_put(o, frag, n);
	free(frag);
	return 0;
}

/* Expands the include lines of the page rel (data, *size bytes): returns a
 * new buffer (data freed) with *size updated, or data itself when nothing
 * was expanded. The fragments tried are recorded in e. */
static char *expand(struct static_cache *c, struct entry *e, const char *rel, char *data,
		    size_t *size)
{
	if (!memmem(data, *size, INC_OPEN, sizeof INC_OPEN - 1))
		return data;
	struct dep deps[MAX_INCLUDES];
	unsigned nd = 0, lines = 0;
	struct out o = {0};
	const char *p = data, *end = data + *size;
	char q[256];
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end; /* end of the line's text */
		const char *next = nl ? nl + 1 : end;
		const char *te = le > p && le[-1] == '\r' ? le - 1 : le;
		size_t nlen;
		const char *name = include_name(p, (size_t)(te - p), &nlen);
		int done = 0;
		if (name && lines == MAX_INCLUDES) {
			log_warn("static=include_too_many page=\"%s\" max=%d (the rest left as is)",
				 log_quote(rel, q, sizeof q), MAX_INCLUDES);
			lines++;
		} else if (name && lines < MAX_INCLUDES) {
			lines++;
			struct dep *d = &deps[nd];
			snprintf(d->path, sizeof d->path, SHELL_DIR "/%.*s.html", (int)nlen, name);
			unsigned k = 0;
			while (k < nd && strcmp(deps[k].path, d->path) != 0)
				k++;
			if (put_fragment(c, rel, d, &o) == 0) {
				out_put(&o, te, (size_t)(next - te));
				done = 1;
			}
			if (k == nd)
				nd++; /* first use of this fragment; else its stamp is kept */
		}
		if (!done)
			out_put(&o, p, (size_t)(next - p));
		p = next;
	}
	if (nd) {
		e->deps = xmalloc(nd * sizeof *e->deps);
		memcpy(e->deps, deps, nd * sizeof *e->deps);
		e->ndeps = nd;
	}
	if (o.over) {
		log_warn("static=include_too_big page=\"%s\" max=%u (served unexpanded)",
			 log_quote(rel, q, sizeof q), MAX_FILE);
		free(o.p);
		return data;
	}
	free(data);
	*size = o.n;
	return o.p ? o.p : xmalloc(1);
}

static int is_html(const char *rel)
{
	size_t n = strlen(rel);
	return n >= 5 && strcmp(rel + n - 5, ".html") == 0;
}

/* Reads the file into a new response; NULL if absent/too big/not regular. */
static struct entry *load(struct static_cache *c, const char *rel, int *is_dir)
{
	char *data;
	size_t size;
	struct stat st;
	enum rd r = read_beneath(c->rootfd, rel, MAX_FILE, &data, &size, &st);
	*is_dir = r == RD_DIR;
	if (r != RD_OK)
		return NULL;
	struct entry *e = xcalloc(1, sizeof *e);
	if (is_html(rel))
		data = expand(c, e, rel, data, &size);
	unsigned char h[16];
	crypto_generichash(h, sizeof h, (const unsigned char *)data, size, NULL, 0);
	e->etag[0] = '"';
	sodium_bin2hex(e->etag + 1, 33, h, sizeof h);
	size_t el = strlen(e->etag);
	e->etag[el] = '"';
	e->etag[el + 1] = '\0';
	stamp_from(&e->st, &st);
	e->path = xstrdup(rel);
	e->checked_us = mono_us();
	e->size = size;
	e->resp = MHD_create_response_from_buffer(size, data, MHD_RESPMEM_MUST_FREE);
	int long_cache;
	MHD_add_response_header(e->resp, MHD_HTTP_HEADER_CONTENT_TYPE, mime_of(rel, &long_cache));
	MHD_add_response_header(e->resp, MHD_HTTP_HEADER_ETAG, e->etag);
	MHD_add_response_header(e->resp, MHD_HTTP_HEADER_CACHE_CONTROL,
				long_cache ? "public, max-age=604800" : "no-cache");
	http_add_security_headers(e->resp);
	return e;
}

/* Whether the file and every fragment it included are as they were read. */
static int unchanged(struct static_cache *c, const struct entry *e)
{
	struct stamp now;
	stamp_now(c->rootfd, e->path, &now);
	if (!stamp_eq(&now, &e->st))
		return 0;
	for (unsigned i = 0; i < e->ndeps; i++) {
		stamp_now(c->rootfd, e->deps[i].path, &now);
		if (!stamp_eq(&now, &e->deps[i].st))
			return 0;
	}
	return 1;
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
		if (unchanged(c, e)) {
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
		free(e->deps);
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
		r->resp_len = r->method == HTTP_HEAD ? 0 : e->size;
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
	if (strncmp(rel, SHELL_DIR, sizeof SHELL_DIR - 1) == 0 &&
	    (rel[sizeof SHELL_DIR - 1] == '\0' || rel[sizeof SHELL_DIR - 1] == '/')) {
		not_found(r, c); /* fragments are parts of pages, not pages */
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
	r->resp_len = r->method == HTTP_HEAD ? 0 : e->size;
	r->status = 200;
}
