/* preset: finding model files by name. */
#include "model.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef PRESET_DIR
#define PRESET_DIR "/usr/local/share/canard/presets"
#endif

/*
 * presets/ next to the running binary, so that a built canard finds the
 * repository's presets from any directory; "" when it cannot be told.
 * Computed once (presets are looked up from the command thread only).
 */
static const char *
exe_presets(void)
{
	static char dir[4096 + 16];
	static int done;
	char exe[4096];
	ssize_t n;
	char *slash;

	if (done)
		return dir;
	done = 1;
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return dir;
	exe[n] = '\0';
	if ((slash = strrchr(exe, '/')) == NULL)
		return dir;
	*slash = '\0';
	snprintf(dir, sizeof dir, "%s/presets", exe);
	return dir;
}

/* Search directories in order; the array is NULL-terminated. */
static void
preset_dirs(const char *dirs[4])
{
	int n = 0;
	const char *env = getenv("CANARD_PRESETS"), *exe = exe_presets();

	if (env && *env)
		dirs[n++] = env;
	if (*exe)
		dirs[n++] = exe;
	dirs[n++] = PRESET_DIR;
	dirs[n] = NULL;
}

char *
preset_places(void)
{
	const char *dirs[4];
	struct strbuf sb;
	int i;

	preset_dirs(dirs);
	strbuf_init(&sb);
	for (i = 0; dirs[i]; i++)
		strbuf_printf(&sb, "%s%s", i ? ", " : "", dirs[i]);
	return strbuf_take(&sb);
}

static int
valid_preset_name(const char *name)
{
	return *name && strchr(name, '/') == NULL && strlen(name) < 200;
}

char *
preset_path(const char *name)
{
	const char *dirs[4];
	int i;

	if (!valid_preset_name(name))
		return NULL;
	preset_dirs(dirs);
	for (i = 0; dirs[i]; i++) {
		char *p = xasprintf("%s/%s.ode", dirs[i], name);
		if (access(p, R_OK) == 0)
			return p;
		free(p);
	}
	return NULL;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

char **
preset_list(void)
{
	const char *dirs[4];
	char **v = NULL;
	size_t n = 0, cap = 0, i;
	int d;

	preset_dirs(dirs);
	for (d = 0; dirs[d]; d++) {
		DIR *dir = opendir(dirs[d]);
		struct dirent *de;
		if (dir == NULL)
			continue;
		while ((de = readdir(dir)) != NULL) {
			size_t l = strlen(de->d_name);
			int dup = 0;
			if (l < 5 || strcmp(de->d_name + l - 4, ".ode") != 0)
				continue;
			for (i = 0; i < n; i++)
				if (strncmp(v[i], de->d_name, l - 4) == 0 && v[i][l - 4] == '\0')
					dup = 1;
			if (dup)
				continue;
			grow_array((void **)&v, &cap, n + 2, sizeof *v);
			v[n++] = xstrndup(de->d_name, l - 4);
		}
		closedir(dir);
	}
	grow_array((void **)&v, &cap, n + 1, sizeof *v);
	v[n] = NULL;
	qsort(v, n, sizeof *v, cmp_str);
	return v;
}

