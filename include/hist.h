/*
 * hist: the interactive command history, kept in $XDG_STATE_HOME/canard/history
 * (an absolute XDG_STATE_HOME only) or ~/.local/state/canard/history. The file
 * is never written through a symbolic link; when history cannot be kept the
 * reason is handed to the front end once, to say once. Used by the ui and the
 * repl (readline's in-memory history is theirs; this module only feeds it).
 */
#ifndef CANARD_HIST_H
#define CANARD_HIST_H

struct hist {
	char *path;		/* owned; NULL when history is not kept */
	char why[512];		/* why it is not kept, "" if it is */
	int said;		/* why was handed out already */
};

/* Find the file and load it into readline's history; never fails. */
void hist_open(struct hist *h);
/* Add a line (not an empty one or a repeat of the last) and append it to the file. */
void hist_add(struct hist *h, const char *line);
/* The reason history is not kept, the first time only; NULL otherwise. */
const char *hist_message(struct hist *h);
/* Trim the file to its last lines and free h. */
void hist_close(struct hist *h);

#endif
