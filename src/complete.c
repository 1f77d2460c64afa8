/* complete: candidate lists for TAB. */
#include "complete.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cmd.h"

static void
add(char ***v, size_t *n, size_t *cap, const char *s)
{
	grow_array((void **)v, cap, *n + 2, sizeof **v);
	(*v)[(*n)++] = xstrdup(s);
	(*v)[*n] = NULL;
}

/* The command word of the command the cursor is in (after the last ';'). */
static void
command_word(const char *line, int start, char *word, size_t n)
{
	int b = start;
	size_t k = 0;

	while (b > 0 && line[b - 1] != ';')
		b--;
	while (isspace((unsigned char)line[b]) && b < start)
		b++;
	while (b < start && !isspace((unsigned char)line[b]) && k + 1 < n)
		word[k++] = line[b++];
	word[k] = '\0';
	/* the cursor is still in the command word itself */
	if (b >= start && k > 0 && !isspace((unsigned char)line[start > 0 ? start - 1 : 0]))
		word[0] = '\0';
}

char **
complete_candidates(const struct session *s, const char *line, int start, int *files)
{
	char **v = NULL, word[32];
	size_t n = 0, cap = 0;
	int i;
	const struct model *m = s->m;

	*files = 0;
	command_word(line, start, word, sizeof word);
	if (word[0] == '\0') {
		const char *const *c = cmd_names();
		for (i = 0; c[i]; i++)
			add(&v, &n, &cap, c[i]);
	} else if (strcasecmp(word, "load") == 0) {
		char **p = preset_list();
		for (i = 0; p[i]; i++)
			add(&v, &n, &cap, p[i]);
		strv_free(p);
		*files = 1;
	} else if (strcasecmp(word, "source") == 0 || strcasecmp(word, "export") == 0) {
		if (strcasecmp(word, "export") == 0) {
			add(&v, &n, &cap, "csv");
			add(&v, &n, &cap, "txt");
		}
		*files = 1;
	} else if (strcasecmp(word, "use") == 0) {
		for (i = 0; m && i < m->nsets; i++)
			add(&v, &n, &cap, m->set_name[i]);
	} else if (strcasecmp(word, "help") == 0) {
		const char *const *c = cmd_names();
		for (i = 0; c[i]; i++)
			add(&v, &n, &cap, c[i]);
	} else {
		const char *const *c = cmd_setting_names();
		if (strcasecmp(word, "set") == 0)
			for (i = 0; c[i]; i++)
				add(&v, &n, &cap, c[i]);
		for (i = 0; m && i < m->npar; i++)
			add(&v, &n, &cap, m->par[i]);
		for (i = 0; m && i < m->nvar; i++)
			add(&v, &n, &cap, m->var[i]);
		if (strcasecmp(word, "traj") == 0)
			add(&v, &n, &cap, "grid");
		if (strcasecmp(word, "window") == 0)
			add(&v, &n, &cap, "auto");
	}
	if (v == NULL) {
		v = xcalloc(1, sizeof *v);
	}
	return v;
}


char *
complete_next(char **list, const char *text, int state, size_t *idx)
{
	size_t len = strlen(text);

	if (state == 0)
		*idx = 0;
	while (list && list[*idx]) {
		const char *c = list[(*idx)++];
		if (strncasecmp(c, text, len) == 0)
			return xstrdup(c);
	}
	return NULL;
}
