/* batch: piped and scripted sessions; errors go to stderr as SRC:LINE: msg. */
#include "front.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "diag.h"

static void
print_stdout(void *ctx, const char *text)
{
	(void)ctx;
	fputs_safe(text, stdout);
}

static void
print_stderr(void *ctx, const char *text)
{
	(void)ctx;
	fflush(stdout);		/* keep answers and errors in order when both go to a file */
	fputs_safe(text, stderr);
	fputc('\n', stderr);
}

/* a failure of the whole run (a script that cannot be read) */
static void
print_failure(const char *msg)
{
	fflush(stdout);
	fputs("canard: ", stderr);
	fputs_safe(msg, stderr);
	fputc('\n', stderr);
}

/* a note arrives with its own newline */
static void
note_stderr(void *ctx, const char *text)
{
	(void)ctx;
	fflush(stdout);
	fputs_safe(text, stderr);
}

void
front_stdio_out(struct out *o)
{
	o->print = print_stdout;
	o->error = print_stderr;
	o->ctx = NULL;
	o->note = note_stderr;
}

/*
 * SIGINT, SIGTERM and SIGHUP stop the computation under way and every
 * command after it; the answers already produced are flushed and canard
 * exits with 128 + the signal. A second signal while the first is being
 * honoured ends the process at once (a computation that does not poll).
 */
static volatile sig_atomic_t caught;

static void
on_signal(int sig)
{
	if (caught) {
		signal(sig, SIG_DFL);
		raise(sig);
		return;
	}
	caught = sig;
}

static int
stop_requested(void *arg)
{
	(void)arg;
	return caught != 0;
}

static int
halt_requested(void)
{
	return caught != 0;
}

static void
catch_signals(void)
{
	static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0;	/* no SA_RESTART: a blocked read of the script returns */
	for (i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		sigaction(sigs[i], &sa, NULL);
}

int
batch_main(const struct front_opts *o)
{
	struct session s;
	struct out out;
	int i, failed = 0;

	front_stdio_out(&out);
	session_init(&s, &out, o->mode);
	s.shard_k = o->shard_k;
	s.shard_n = o->shard_n;
	catch_signals();
	s.sync_stop = stop_requested;
	s.sync_stop_arg = NULL;
	s.halt = halt_requested;
	for (i = 0; i < o->nexpr && !s.quit; i++) {
		struct cmd_loc loc = {"-e", i + 1};
		if (cmd_exec_line(&s, o->exprs[i], &loc) < 0)
			failed = 1;
	}
	for (i = 0; i < o->nscript && !s.quit; i++) {
		struct diag d;
		int rc;

		diag_clear(&d);
		rc = cmd_exec_file(&s, o->scripts[i], &d);
		if (rc == -2 && caught) {
			break;	/* the read was interrupted by the signal */
		} else if (rc == -2) {
			print_failure(d.msg);
			failed = 1;
		} else if (rc < 0) {
			failed = 1;
		}
	}
	if (o->nexpr == 0 && o->nscript == 0 && !caught) {
		struct diag d;
		int rc;

		diag_clear(&d);
		rc = cmd_exec_file(&s, "-", &d);
		if (rc == -2 && !caught)
			print_failure(d.msg);
		if (rc < 0)
			failed = 1;
	}
	fflush(stdout);
	session_fini(&s);
	if (caught) {
		fprintf(stderr, "canard: stopped by %s; the answers before it are kept\n",
		    caught == SIGINT ? "SIGINT" : caught == SIGTERM ? "SIGTERM" : "SIGHUP");
		return 128 + caught;
	}
	return failed;
}
