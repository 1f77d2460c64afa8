/*
 * repl: the line-mode interactive loop (readline prompt, history, completion
 * of commands, names and presets); the portrait is printed after each
 * command that changes it.
 */
#include "front.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <readline/history.h>
#include <readline/readline.h>

#include "cmd.h"

static struct session *repl_session;

static char *
complete_from(const char *text, int state, const char *const *list, size_t *idx)
{
	size_t len = strlen(text);

	if (state == 0)
		*idx = 0;
	while (list[*idx]) {
		const char *c = list[(*idx)++];
		if (strncasecmp(c, text, len) == 0)
			return xstrdup(c);
	}
	return NULL;
}

static const char **completion_list;

static char *
complete_gen(const char *text, int state)
{
	static size_t idx;
	return complete_from(text, state, completion_list, &idx);
}

static char **
complete(const char *text, int start, int end)
{
	static const char **names;
	static char **presets;
	int n = 0, i;
	const struct model *m = repl_session->m;
	char **res;
	(void)end;

	free(names);
	preset_list_free(presets);
	presets = preset_list();
	names = xmalloc(512 * sizeof *names);
	if (start == 0 || strspn(rl_line_buffer, " ") == (size_t)start) {
		const char *const *c = cmd_names();
		for (i = 0; c[i] && n < 500; i++)
			names[n++] = c[i];
	} else if (strncmp(rl_line_buffer + strspn(rl_line_buffer, " "), "load", 4) == 0) {
		for (i = 0; presets[i] && n < 500; i++)
			names[n++] = presets[i];
	} else {
		const char *const *c = cmd_setting_names();
		for (i = 0; c[i] && n < 400; i++)
			names[n++] = c[i];
		for (i = 0; m && i < m->npar && n < 450; i++)
			names[n++] = m->par[i];
		for (i = 0; m && i < m->nvar && n < 500; i++)
			names[n++] = m->var[i];
	}
	names[n] = NULL;
	completion_list = names;
	rl_completion_append_character = start == 0 ? ' ' : '=';
	res = rl_completion_matches(text, complete_gen);
	if (res == NULL && strncmp(rl_line_buffer, "load", 4) == 0)
		return NULL;	/* fall back to file names */
	rl_attempted_completion_over = res != NULL;
	return res;
}

int
repl_main(const struct front_opts *o)
{
	struct session s;
	struct out out;
	char *line, *hist = NULL;
	const char *home = getenv("HOME"), *state = getenv("XDG_STATE_HOME");
	int lineno = 0;

	front_stdio_out(&out);
	session_init(&s, &out, o->mode);
	repl_session = &s;
	rl_readline_name = "canard";
	rl_attempted_completion_function = complete;
	if (state && *state)
		hist = xasprintf("%s/canard_history", state);
	else if (home)
		hist = xasprintf("%s/.canard_history", home);
	if (hist)
		read_history(hist);
	stifle_history(1000);
	if (o->preset) {
		char *cmd = xasprintf("load %s; traj; print", o->preset);
		struct cmd_loc loc = {"start", 1};
		cmd_exec_line(&s, cmd, &loc);
		free(cmd);
	}
	printf("type 'help' for commands, 'quit' or Ctrl-D to leave\n");
	while (!s.quit && (line = readline("canard> ")) != NULL) {
		struct cmd_loc loc = {"canard", ++lineno};
		if (*line) {
			add_history(line);
			if (hist)
				append_history(1, hist);
		}
		/* an error at the prompt is answered there; it is not the session's status */
		cmd_exec_line(&s, line, &loc);
		free(line);
	}
	if (hist) {
		history_truncate_file(hist, 1000);
		free(hist);
	}
	session_fini(&s);
	return 0;
}
