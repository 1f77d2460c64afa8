/*
 * cmd: the command table shared by piped and interactive modes: split a line
 * on ';', strip '#' comments, tokenize (a word in '...' is taken as it is, one in
 * "..." too but for \" and \\; quotes keep spaces, ';' and '#' in a word, as a
 * file name may need), find the command (unique prefixes
 * accepted), validate, dispatch, and format errors once as "SRC:LINE: msg"
 * with the nearest valid name. Output goes through the session's struct out;
 * no ncurses, readline or stdio here.
 */
#ifndef CANARD_CMD_H
#define CANARD_CMD_H

#include "session.h"

/* Where a line came from, for messages: "SRC:LINE: msg". */
struct cmd_loc {
	const char *src;
	int line;
};

/* Run one line of commands. Returns 0 if all succeeded, -1 if any failed. */
int cmd_exec_line(struct session *s, const char *line, const struct cmd_loc *loc);

/*
 * Run a script line by line (used by 'source' and by a script argument; '-'
 * is standard input, read as it comes at the top level). A named script is
 * read whole first and bounded (readin.h). Returns 0 if every command
 * succeeded, -1 if one failed, -2 with d saying why if it cannot be read.
 */
int cmd_exec_file(struct session *s, const char *path, struct diag *d);

/* Command names, NULL-terminated (for completion and the man-page check). */
const char *const *cmd_names(void);
/* Setting keys accepted by 'set', NULL-terminated. */
const char *const *cmd_setting_names(void);

#endif
