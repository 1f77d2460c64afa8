/* main: options, locale, and the choice between piped and interactive modes. */
#include <getopt.h>
#include <gsl/gsl_errno.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "front.h"
#include "oom.h"

#ifndef CANARD_VERSION
#define CANARD_VERSION "0.1.0"
#endif

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: canard [--ascii] [--plain] [--step SCRIPT] [-e 'CMD; CMD'] ... [SCRIPT ...]\n"
	    "\n"
	    "An explorer of phase portraits for fast-slow dynamical systems.\n"
	    "With a terminal on stdin and no -e or SCRIPT, canard is interactive and\n"
	    "starts on the vanderpol preset. Otherwise it runs the commands from -e,\n"
	    "from the scripts, or from stdin, and prints answers as text.\n"
	    "\n"
	    "  -e, --exec CMDS   run CMDS (several separated by ';'); may be repeated\n"
	    "  -a, --ascii       plain ASCII portraits (no braille, no colour)\n"
	    "  -p, --preset NAME start the interactive session on NAME\n"
	    "  -s, --step FILE   lecture mode: Enter runs the next command of FILE\n"
	    "  -l, --plain       a line-mode prompt instead of the full screen\n"
	    "  -S, --shard K/N   maps and sweeps compute only their K-th of N interleaved parts\n"
	    "  -h, --help        this text\n"
	    "  -V, --version     the version\n"
	    "\n"
	    "Type 'help' inside canard for the commands; see canard(1).\n"
	    "Exit status: 0 if every command succeeded, 1 if one failed, 2 on usage errors.\n");
}

/* K/N with 1 <= K <= N <= 100000. */
static int
parse_shard(const char *arg, int *k, int *n)
{
	const char *slash = strchr(arg, '/');
	char kbuf[16];

	if (slash == NULL || (size_t)(slash - arg) >= sizeof kbuf)
		return -1;
	memcpy(kbuf, arg, (size_t)(slash - arg));
	kbuf[slash - arg] = '\0';
	if (parse_int(slash + 1, 1, 100000, n) < 0 || parse_int(kbuf, 1, *n, k) < 0)
		return -1;
	return 0;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"exec", required_argument, NULL, 'e'},
		{"ascii", no_argument, NULL, 'a'},
		{"preset", required_argument, NULL, 'p'},
		{"step", required_argument, NULL, 's'},
		{"plain", no_argument, NULL, 'l'},
		{"shard", required_argument, NULL, 'S'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0}
	};
	struct front_opts o;
	int c, ascii = 0, rc, plain = 0;
	const char *term = getenv("TERM");
	const char *codeset;

	memset(&o, 0, sizeof o);
	o.preset = "vanderpol";
	setlocale(LC_ALL, "");
	/* GSL's errors come back as return codes; running out of memory unwinds (oom.h) */
	gsl_set_error_handler(oom_gsl_handler);
	/* past a file size limit a write fails with EFBIG and the command says so */
	signal(SIGXFSZ, SIG_IGN);
	o.exprs = calloc((size_t)argc + 1, sizeof *o.exprs);
	if (o.exprs == NULL)
		return 2;
	while ((c = getopt_long(argc, argv, "e:ap:s:lS:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'e': o.exprs[o.nexpr++] = optarg; break;
		case 'a': ascii = 1; break;
		case 'p': o.preset = optarg; break;
		case 's': o.step_file = optarg; break;
		case 'l': plain = 1; break;
		case 'S':
			if (parse_shard(optarg, &o.shard_k, &o.shard_n) < 0) {
				fprintf(stderr, "canard: --shard takes K/N with 1 <= K <= N, e.g. 2/8, "
				    "not '%s'\n", optarg);
				free(o.exprs);
				return 2;
			}
			break;
		case 'h': usage(stdout); free(o.exprs); return 0;
		case 'V': printf("canard %s\n", CANARD_VERSION); free(o.exprs); return 0;
		default: usage(stderr); free(o.exprs); return 2;
		}
	}
	o.scripts = argv + optind;
	o.nscript = argc - optind;
	codeset = nl_langinfo(CODESET);
	o.mode = !ascii && codeset && strcmp(codeset, "UTF-8") == 0 ? CANVAS_BRAILLE : CANVAS_ASCII;
	o.color = !ascii && getenv("NO_COLOR") == NULL;

	if (o.nexpr > 0 || o.nscript > 0 || !isatty(STDIN_FILENO))
		rc = batch_main(&o);
	else if (term == NULL || strcmp(term, "dumb") == 0 || plain || !isatty(STDOUT_FILENO))
		rc = repl_main(&o);
	else
		rc = ui_main(&o);
	free(o.exprs);
	return rc;
}
