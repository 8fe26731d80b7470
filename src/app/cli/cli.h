/*
 * cli.h — the subcommands of build/motcua, one function each.
 *
 * Each takes the arguments after the subcommand name (argv[0] is the
 * subcommand itself) and returns the process exit status: 0 success,
 * 1 failure (a message on stderr), 2 bad usage (usage on stderr).
 * `--help` prints the command's usage on stdout and returns 0.
 */
#ifndef MOTCUA_APP_CLI_H
#define MOTCUA_APP_CLI_H

int cli_serve(int argc, char **argv);
int cli_migrate(int argc, char **argv);
int cli_demo(int argc, char **argv);
int cli_user(int argc, char **argv);
int cli_token(int argc, char **argv);
int cli_calendar(int argc, char **argv);
int cli_backup(int argc, char **argv);
int cli_routes(int argc, char **argv);
int cli_check(int argc, char **argv);
int cli_audit(int argc, char **argv);
int cli_outbox(int argc, char **argv);
int cli_centre(int argc, char **argv);
int cli_migrate_store(int argc, char **argv);
int cli_apikey(int argc, char **argv);
int cli_export(int argc, char **argv);
int cli_remind(int argc, char **argv);
/* motcua report rollup: the periodic report's daily rollup (cli_report.c) */
int cli_report(int argc, char **argv);

#endif
