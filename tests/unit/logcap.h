/* logcap.h — capture what the process logs (stderr) during a few calls, and
 * check that each line is one well-formed key="value" record. For unit
 * tests only (header-only). */
#ifndef MOTCUA_TEST_LOGCAP_H
#define MOTCUA_TEST_LOGCAP_H
#include <stdio.h>
#include <string.h>
#include <unistd.h>

struct logcap {
	FILE *f;
	int saved;
};

static inline void logcap_begin(struct logcap *c)
{
	fflush(stderr);
	c->saved = dup(2);
	c->f = tmpfile();
	assert_non_null(c->f);
	dup2(fileno(c->f), 2);
}

/* Stops capturing; the captured text in buf (NUL-terminated). */
static inline void logcap_end(struct logcap *c, char *buf, size_t cap)
{
	fflush(stderr);
	dup2(c->saved, 2);
	close(c->saved);
	rewind(c->f);
	size_t n = fread(buf, 1, cap - 1, c->f);
	buf[n] = 0;
	fclose(c->f);
}

/* Each line of buf is an error whose `field="…"` value closes, with every
 * inner quote escaped, exactly at the end of the line. Returns the lines. */
static inline int logcap_quoted_lines(char *buf, const char *field)
{
	int lines = 0;
	char key[32];
	snprintf(key, sizeof key, "%s=\"", field);
	for (char *l = strtok(buf, "\n"); l; l = strtok(NULL, "\n")) {
		lines++;
		assert_non_null(strstr(l, "level=error"));
		char *m = strstr(l, key);
		assert_non_null(m);
		char *p = m + strlen(key);
		while (*p && *p != '"')
			p += (*p == '\\' && p[1]) ? 2 : 1;
		assert_int_equal(*p, '"');
		assert_int_equal(p[1], 0);
	}
	return lines;
}
#endif
