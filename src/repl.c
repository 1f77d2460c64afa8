/*
 * repl: the line-mode interactive loop (readline prompt, history, completion
 * of commands, names and presets); the portrait is printed after each
 * command that changes it.
 */
#include "front.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <readline/history.h>
#include <readline/readline.h>

#include "cmd.h"
#include "complete.h"
#include "hist.h"

static struct session *repl_session;

static char **completion_list;

static char *
complete_gen(const char *text, int state)
{
	static size_t idx;
	return complete_next(completion_list, text, state, &idx);
}

static char **
complete(const char *text, int start, int end)
{
	int files;
	char **res;
	(void)end;

	strv_free(completion_list);
	completion_list = complete_candidates(repl_session, rl_line_buffer, start, &files);
	if (start > 0 && strncasecmp(rl_line_buffer + strspn(rl_line_buffer, " "), "set ", 4) == 0)
		rl_completion_append_character = '=';
	res = rl_completion_matches(text, complete_gen);
	/* no match where files make sense: let readline complete a file name */
	rl_attempted_completion_over = res != NULL || !files;
	return res;
}

/* a message of the session's own (history), on stderr */
static void
say(const char *msg)
{
	fputs("canard: ", stderr);
	fputs_safe(msg, stderr);
	fputc('\n', stderr);
}

int
repl_main(const struct front_opts *o)
{
	struct session s;
	struct out out;
	char *line;
	const char *why;
	struct hist hist;
	int lineno = 0;

	front_stdio_out(&out);
	session_init(&s, &out, o->mode);
	repl_session = &s;
	rl_readline_name = "canard";
	rl_attempted_completion_function = complete;
	/* a file name with a space, ';' or '#' completes in double quotes, as
	 * the command line reads it (cmd.h) */
	rl_completer_quote_characters = "\"'";
	rl_filename_quote_characters = " \t;#'\"";
	/* stdout piped onward: the prompt and line editing go to the terminal on stderr,
	 * so that stdout carries answers only */
	if (!isatty(STDOUT_FILENO))
		rl_outstream = stderr;
	hist_open(&hist);
	stifle_history(1000);
	if (o->preset) {
		char *cmd = xasprintf("load %s; traj; print", o->preset);
		struct cmd_loc loc = {"start", 1};
		cmd_exec_line(&s, cmd, &loc);
		free(cmd);
	}
	fprintf(isatty(STDOUT_FILENO) ? stdout : stderr,
	    "type 'help' for commands, 'quit' or Ctrl-D to leave\n");
	/* said after the portrait, where it is seen */
	if ((why = hist_message(&hist)) != NULL)
		say(why);
	while (!s.quit && (line = readline("canard> ")) != NULL) {
		struct cmd_loc loc = {"canard", ++lineno};
		hist_add(&hist, line);
		if ((why = hist_message(&hist)) != NULL)
			say(why);
		/* an error at the prompt is answered there; it is not the session's status */
		cmd_exec_line(&s, line, &loc);
		free(line);
	}
	hist_close(&hist);
	strv_free(completion_list);
	completion_list = NULL;
	session_fini(&s);
	return 0;
}
