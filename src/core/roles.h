/*
 * roles.h — the staff roles, as bits (a user may hold several).
 * `citizen` is not a staff role: citizens never sign in.
 */
#ifndef MOTCUA_CORE_ROLES_H
#define MOTCUA_CORE_ROLES_H

enum role {
	ROLE_ADMIN = 1u << 0,      /* administrator */
	ROLE_RECEPTION = 1u << 1,  /* counter officer of the one-stop section */
	ROLE_SPECIALIST = 1u << 2, /* handles dossiers in a unit */
	ROLE_HEAD = 1u << 3,       /* head of a unit */
	ROLE_LEADER = 1u << 4,     /* leader of the People's Committee */
	ROLE_PROVINCE = 1u << 5, /* province officer: reads every agency's dossiers, acts on none */
};
#define ROLE_ALL                                                                                   \
	(ROLE_ADMIN | ROLE_RECEPTION | ROLE_SPECIALIST | ROLE_HEAD | ROLE_LEADER | ROLE_PROVINCE)
/* The roles that handle dossiers and may see applicants' personal data. */
#define ROLE_DOSSIER (ROLE_RECEPTION | ROLE_SPECIALIST | ROLE_HEAD | ROLE_LEADER)

#endif
