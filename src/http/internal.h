/*
 * internal.h — shared between the files of src/http/ only.
 */
#ifndef MOTCUA_HTTP_INTERNAL_H
#define MOTCUA_HTTP_INTERNAL_H

#include <stddef.h>

#include "http/http.h"

struct MHD_Response;
struct static_cache;

void http_add_security_headers(struct MHD_Response *resp);
const char *http_raw_query(struct http_req *r);
const char *http_log_path(struct http_req *r);
void http_random(void *p, size_t n);

struct static_cache *static_cache_new(const char *root);
void static_cache_free(struct static_cache *c);
struct static_cache *http_statics(struct http_server *s);

/* stream.c: the MHD response of a streamed reply (r->stream), and ending
 * every stream before the daemon stops. */
struct MHD_Response *http_stream_response(struct http_req *r);
void http_streams_close_all(void);
/* A streamed reply that never became a response (the request ended
 * first): call its done() and free it. */
void http_stream_drop(struct http_req *r);

#endif
