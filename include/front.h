/*
 * front: the front ends. batch runs commands from -e strings, script files
 * or a non-terminal stdin with no escape codes; ui is the full-screen
 * interactive terminal; repl the plain line-mode prompt (--plain, or a
 * terminal ncurses cannot drive). main only chooses between them.
 */
#ifndef CANARD_FRONT_H
#define CANARD_FRONT_H

#include "session.h"

struct front_opts {
	char **exprs;		/* -e strings, in order */
	int nexpr;
	char **scripts;		/* script files, in order */
	int nscript;
	enum canvas_mode mode;
	int color;		/* colour allowed (a terminal and no NO_COLOR) */
	const char *preset;	/* loaded first in interactive mode */
	const char *step_file;	/* --step: a script walked one command per key */
	int shard_k, shard_n;	/* --shard K/N, or 0/0 */
};

/* batch: 0 when every command succeeded, 1 otherwise; repl: 0 (errors are answered). */
int batch_main(const struct front_opts *o);
int repl_main(const struct front_opts *o);
/* The full-screen UI; returns 0, or 128 + signal when SIGTERM/SIGHUP ended it. */
int ui_main(const struct front_opts *o);

/* The standard stdout/stderr out for text mode. */
void front_stdio_out(struct out *o);

#endif
