/*
 * cli_routes.c — `motcua routes`: THE route table (routes.c) printed as JSON,
 * one object per route, so that tests and documentation are generated from
 * the table the server dispatches on instead of a copy of it.
 *
 *   {"method":"GET","path":"/api/v1/dossiers/{code}","access":"staff",
 *    "roles":["reception","specialist","head","leader"],"json":false}
 *
 * access is "public" (anyone) or "staff" (signed in; roles [] = any staff).
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "app/platform/ctx.h"
#include "app/cli/cli.h"
#include "app/cli/cli_common.h"

static const char *method_name(enum http_method m)
{
	switch (m) {
	case HTTP_GET: return "GET";
	case HTTP_HEAD: return "HEAD";
	case HTTP_POST: return "POST";
	case HTTP_PUT: return "PUT";
	case HTTP_PATCH: return "PATCH";
	case HTTP_DELETE: return "DELETE";
	case HTTP_OPTIONS: return "OPTIONS";
	default: return "OTHER";
	}
}

int cli_routes(int argc, char **argv)
{
	static const char usage[] = "usage: motcua routes\n"
				    "Prints the HTTP route table as a JSON array: method, path,\n"
				    "access (public|staff), the roles allowed ([] = any staff),\n"
				    "whether the body is JSON, and the body limit in bytes.\n";
	if (argc > 1) { /* no options but --help (-h) */
		fputs(usage, cli_is_help(argv[1]) ? stdout : stderr);
		return cli_is_help(argv[1]) ? 0 : 2;
	}
	json_t *all = json_array();
	for (size_t i = 0; i < app_nroutes; i++) {
		const struct route *rt = &app_routes[i];
		json_t *roles = json_array();
		for (unsigned bit = 1; bit && bit <= ROLE_ALL; bit <<= 1)
			if (rt->roles & bit)
				json_array_append_new(roles, json_string(role_name(bit)));
		json_array_append_new(
			all, json_pack("{s:s,s:s,s:s,s:o,s:b,s:I}", "method",
				       method_name(rt->method), "path", rt->pattern, "access",
				       (rt->flags & RF_STAFF) ? "staff" : "public", "roles", roles,
				       "json", (rt->flags & RF_JSON) != 0, "max_body",
				       (json_int_t)(rt->max_body ? rt->max_body : 64u << 10)));
	}
	int rc = json_dumpf(all, stdout, JSON_INDENT(1)) == 0 && puts("") != EOF ? 0 : 1;
	json_decref(all);
	return rc;
}
