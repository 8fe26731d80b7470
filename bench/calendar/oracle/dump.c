/*
 * dump.c — every month of src/core/lunar.c's table, in oracle.js's format.
 * Built twice by verify.sh: -DLUNAR_TZ_HOURS=7 (Vietnam) and 8 (China).
 */
#include <stdio.h>

#include "core/lunar.h"
#include "core/vntime.h"

int main(void)
{
	int64_t a, b;
	lunar_range(&a, &b);
	for (int64_t d = a; d <= b; d++) {
		struct lunar_date l;
		char s[16];
		if (lunar_from_days(d, &l) != 0)
			return 1;
		if (l.day != 1)
			continue;
		vn_format_date_days(d, s, sizeof s);
		printf("%s %d %d %d %d\n", s, l.year, l.month, l.leap,
		       lunar_month_length(l.year, l.month, l.leap));
	}
	return 0;
}
