/*
 * fuzz_holidays_csv.c — the calendar's CSV import (rules and dated rows) on
 * arbitrary bytes: never crashes, never leaks, and a failed load leaves the
 * calendar exactly as it was (compared through the export).
 */
// FUZZ_SOURCES: src/core/holidays.c src/core/holidays_csv.c src/core/lunar.c
// FUZZ_SOURCES: src/core/vntime.c src/core/mem.c src/core/csv.c
// FUZZ_LIBS: -lm -lpthread
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/embedded.h"
#include "core/holidays.h"

/* holidays.c refers to the embedded table; the fuzzer has none. */
const struct embedded_file *embedded_find(const char *name)
{
	(void)name;
	return NULL;
}

const struct embedded_file *embedded_all(void)
{
	static const struct embedded_file none[] = {{NULL, NULL, 0}};
	return none;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char rules[] = "calendar,month,day,offset,days,first_year,last_year,name\n"
				    "solar,1,1,0,1,,,A\nlunar,1,1,-1,5,,,B\n";
	static struct hol_calendar *base; /* built once, cloned per input */
	struct hol_error err;
	if (size == 0)
		return 0;
	if (!base) {
		base = hol_new();
		if (hol_load_rules_csv(base, rules, sizeof rules - 1, &err) != 0)
			abort();
	}
	struct hol_calendar *c = hol_clone(base);
	char *before = hol_export_year_csv(c, 2030, NULL);
	int rc = (data[0] & 1) ? hol_load_rules_csv(c, (const char *)data + 1, size - 1, &err)
			       : hol_load_days_csv(c, (const char *)data + 1, size - 1, &err);
	if (rc != 0) {
		char *after = hol_export_year_csv(c, 2030, NULL);
		if (strcmp(before, after) != 0)
			abort(); /* a failed load changed the calendar */
		free(after);
		if (err.msg[0] == '\0' || memchr(err.msg, '\0', sizeof err.msg) == NULL)
			abort();
	} else {
		/* whatever loaded exports and loads back */
		size_t len;
		char *x = hol_export_year_csv(c, 2030, &len);
		struct hol_calendar *d = hol_new();
		if (hol_load_days_csv(d, x, len, &err) != 0)
			abort();
		hol_free(d);
		free(x);
	}
	free(before);
	hol_free(c);
	return 0;
}
