/*
 * auth.c — libsodium wrappers for passwords and tokens.
 * Thread-safe after auth_init().
 */
#include "auth/auth.h"

#include <sodium.h>
#include <string.h>

int auth_init(void)
{
	return sodium_init() < 0 ? -1 : 0;
}

int auth_password_hash(const char *pw, size_t len, char out[AUTH_PWHASH_MAX])
{
	return crypto_pwhash_str(out, pw, len, crypto_pwhash_OPSLIMIT_INTERACTIVE,
				 crypto_pwhash_MEMLIMIT_INTERACTIVE) == 0
		       ? 0
		       : -1;
}

int auth_password_verify(const char *stored, const char *pw, size_t len)
{
	if (!stored || strncmp(stored, "$argon2id$", 10) != 0)
		return 0;
	return crypto_pwhash_str_verify(stored, pw, len) == 0;
}

void auth_password_dummy(const char *pw, size_t len)
{
	/* A fixed hash of a random password, computed once. */
	static char dummy[AUTH_PWHASH_MAX];
	static int ready;
	if (!__atomic_load_n(&ready, __ATOMIC_ACQUIRE)) {
		char tmp[AUTH_PWHASH_MAX];
		unsigned char r[16];
		randombytes_buf(r, sizeof r);
		if (crypto_pwhash_str(tmp, (const char *)r, sizeof r,
				      crypto_pwhash_OPSLIMIT_INTERACTIVE,
				      crypto_pwhash_MEMLIMIT_INTERACTIVE) == 0) {
			memcpy(dummy, tmp, sizeof dummy);
			__atomic_store_n(&ready, 1, __ATOMIC_RELEASE);
		}
		return; /* that hash cost the same time */
	}
	if (crypto_pwhash_str_verify(dummy, pw, len) == 0)
		dummy[0] = dummy[0]; /* unreachable in practice: a random password */
}

void auth_token_new(char out[AUTH_TOKEN_LEN + 1])
{
	unsigned char r[32];
	randombytes_buf(r, sizeof r);
	sodium_bin2base64(out, AUTH_TOKEN_LEN + 1, r, sizeof r,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(r, sizeof r);
}

void auth_token_hash(const char *token, size_t len, char out[AUTH_HASH_HEX])
{
	unsigned char h[32];
	crypto_generichash(h, sizeof h, (const unsigned char *)token, len, NULL, 0);
	sodium_bin2hex(out, AUTH_HASH_HEX, h, sizeof h);
}

int auth_equal(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la != lb)
		return 0;
	return sodium_memcmp(a, b, la) == 0;
}

int auth_password_acceptable(const char *pw, size_t len, const char **vi, const char **en)
{
	size_t chars = 0;
	for (size_t i = 0; i < len; i++)
		if (((unsigned char)pw[i] & 0xC0) != 0x80)
			chars++;
	if (chars < AUTH_PASSWORD_MIN) {
		*vi = "Mật khẩu phải có ít nhất 10 ký tự.";
		*en = "The password must have at least 10 characters.";
		return -1;
	}
	if (len > AUTH_PASSWORD_MAX) {
		*vi = "Mật khẩu quá dài (tối đa 256 byte).";
		*en = "The password is too long (256 bytes at most).";
		return -1;
	}
	if (memchr(pw, '\0', len) || memchr(pw, '\n', len) || memchr(pw, '\r', len)) {
		*vi = "Mật khẩu chứa ký tự không hợp lệ.";
		*en = "The password contains an invalid character.";
		return -1;
	}
	return 0;
}
