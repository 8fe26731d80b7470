/*
 * auth.h — passwords, tokens and their hashes (libsodium).
 *
 * Passwords: argon2id at libsodium's INTERACTIVE limits (~80 ms, 64 MiB):
 * call only from threads that may block (the slow pool, the CLI), never on
 * an HTTP worker thread.
 * Tokens (sessions, API tokens, CSRF): 32 random bytes, base64url without
 * padding (43 chars). Only BLAKE2b-256 hashes of session and API tokens are
 * stored, as 64 hex chars, so a copy of the database lets nobody sign in.
 */
#ifndef MOTCUA_AUTH_AUTH_H
#define MOTCUA_AUTH_AUTH_H

#include <stddef.h>

#define AUTH_TOKEN_LEN 43     /* base64url of 32 bytes */
#define AUTH_HASH_HEX 65      /* 64 hex + NUL */
#define AUTH_PWHASH_MAX 128   /* crypto_pwhash_STRBYTES */
#define AUTH_PASSWORD_MIN 10  /* characters */
#define AUTH_PASSWORD_MAX 256 /* bytes */

/* sodium_init(); 0 on success. Call once at start. */
int auth_init(void);
/* Hash a password into out (AUTH_PWHASH_MAX bytes). 0 or -1 (out of memory). */
int auth_password_hash(const char *pw, size_t len, char out[AUTH_PWHASH_MAX]);
/* 1 if pw matches the stored hash, 0 otherwise (also for a malformed hash). */
int auth_password_verify(const char *stored, const char *pw, size_t len);
/* Burn the same time as a verification (unknown user: no timing oracle). */
void auth_password_dummy(const char *pw, size_t len);
/* A fresh random token, NUL-terminated, in out[AUTH_TOKEN_LEN + 1]. */
void auth_token_new(char out[AUTH_TOKEN_LEN + 1]);
/* Hex BLAKE2b-256 of a token (what the database stores). */
void auth_token_hash(const char *token, size_t len, char out[AUTH_HASH_HEX]);
/* Constant-time string equality (1 = equal). */
int auth_equal(const char *a, const char *b);
/* Check a password's strength rules; 0 = acceptable, else -1 with static
 * messages in *vi / *en. */
int auth_password_acceptable(const char *pw, size_t len, const char **vi, const char **en);

#endif
