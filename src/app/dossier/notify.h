/*
 * notify.h — the e-mails a centre sends a citizen about a dossier, composed
 * in Vietnamese (formal, as the centre writes to a citizen) with one short
 * English line at the end, and queued in the outbox (mail/outbox.h) in the
 * caller's transaction.
 *
 * Kinds (the standard notices of the one-stop process), each naming the
 * paper of Circular 03/2025/TT-VPCP it stands for in its subject and body:
 *   received      "Giấy tiếp nhận hồ sơ và hẹn trả kết quả" (Mẫu 01)
 *   supplement    "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ": reason + items (Mẫu 02)
 *   refused       "Phiếu từ chối tiếp nhận giải quyết hồ sơ": reason (Mẫu 03)
 *   apology       "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết":
 *                 reason + new_due_at (Mẫu 04)
 *   withdrawn     "Thông báo dừng giải quyết hồ sơ": reason (Mẫu 05)
 *   result_ready  the result is ready, per the return method
 * A person is addressed "Ông/Bà <name>"; an organisation (applicant.kind
 * "organization") by org_name (else name), then "Quý tổ chức".
 *
 * The dossier document d (borrowed, not consumed):
 *   {"code": "000.01.40.H15-261127-0001",
 *    "procedure": {"code", "name"},
 *    "applicant": {"name", "email", "kind": "person|organization", "org_name"},
 *    "received_at": ISO, "due_at": ISO, "new_due_at": ISO,
 *    "reason": "…", "legal_basis": "…", "items": ["…"], "return_method": "counter|post|online",
 *    "centre": {"name", "address", "phone"}, "public_url": "https://…"}
 * Only "code" is required; applicant.email decides whether anything is sent.
 * A member that is absent, null, empty or of the wrong type is left out of
 * the text. Nothing else of d ever reaches the text (no ID number, phone,
 * address, other person's data). Instants are shown as "HH:mm dd/mm/yyyy",
 * Vietnam time. The tracking link is public_url + "/track/?code=CODE", or
 * the bare path when public_url is absent.
 *
 * Threading: pure composition plus one INSERT on the caller's connection.
 */
#ifndef MOTCUA_APP_NOTIFY_H
#define MOTCUA_APP_NOTIFY_H

#include <jansson.h>

#include "db/db.h"

/*
 * Compose the notice `kind` for d and queue it to applicant.email in the
 * current transaction of db (outbox kind "dossier.<kind>"). A missing or
 * invalid address queues nothing and returns 0. Returns 0 or an enum err
 * (ERR_INTERNAL for an unknown kind, a d without a code, or a store error):
 * the caller rolls back. After the COMMIT, wake the sender with
 * mail_sender_kick().
 */
int notify_dossier(struct db *db, const char *kind, json_t *d);

/* The composed text: malloc'd strings owned by the struct. */
struct notify_text {
	char *subject; /* one line */
	char *body;    /* LF line ends */
};

/* Compose without queueing (tests, previews). Returns 0 or ERR_INTERNAL
 * (unknown kind, no code); on success free with notify_text_free. */
int notify_compose(const char *kind, json_t *d, struct notify_text *out);
void notify_text_free(struct notify_text *t);

#endif
