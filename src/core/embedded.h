/*
 * embedded.h — data files compiled into the binary (see scripts/embed.sh).
 *
 * Every file under data/ that the Makefile lists in EMBED is available by its
 * repository path, e.g. embedded_find("data/calendar/vn-2026.csv"). The bytes
 * are followed by a NUL so text files can be used as C strings; `len` does not
 * count it. The table is static and read-only: safe from any thread.
 */
#ifndef MOTCUA_CORE_EMBEDDED_H
#define MOTCUA_CORE_EMBEDDED_H

#include <stddef.h>

struct embedded_file {
	const char *name;
	const unsigned char *data;
	size_t len;
};

/* The file named `name`, or NULL. */
const struct embedded_file *embedded_find(const char *name);
/* The whole table, ended by an entry whose name is NULL. */
const struct embedded_file *embedded_all(void);

#endif
