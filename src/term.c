/* term: the signal self-pipe and terminal restore. */
#include "term.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

static int sig_pipe[2] = {-1, -1};
static struct termios saved_tio;
static int have_tio;
static int pending_int;		/* a SIGINT was read ahead by term_interrupt_pending */
static volatile sig_atomic_t busy;	/* the main thread is away from its select() */
static struct sigaction old_crash[NSIG];

static const int crash_signals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};

/* Mouse reports off, cursor keys back to normal mode, attributes reset, the
 * cursor shown, the alternate screen left: plain bytes, what endwin would send. */
static const char reset_seq[] = "\033[?1000l\033[?1002l\033[?1006l\033[?1l\033>\033[0m"
    "\033[?25h\033[?1049l\r\n";

/* Async-signal-safe: the saved terminal state and the reset bytes. */
static void
emergency_restore(void)
{
	if (have_tio)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved_tio);
	if (write(STDOUT_FILENO, reset_seq, sizeof reset_seq - 1) < 0)
		(void)0;
}

static void
on_signal(int sig)
{
	int saved = errno;
	unsigned char b = (unsigned char)sig;

	/* The main thread is busy (a paste, a long command, a slow file) and would
	 * see the pipe only later: a request to end is honoured here and now. The
	 * history is already on disk line by line; the worker ends with the process. */
	if (busy && (sig == SIGTERM || sig == SIGHUP)) {
		emergency_restore();
		_exit(128 + sig);
	}
	if (write(sig_pipe[1], &b, 1) < 0)
		(void)0;	/* full pipe: the signal is pending already */
	errno = saved;
}

static void
on_crash(int sig)
{
	emergency_restore();
	sigaction(sig, &old_crash[sig], NULL);
	raise(sig);
}

int
term_init(void)
{
	struct sigaction sa;
	size_t i;
	static const int caught[] = {SIGWINCH, SIGINT, SIGTERM, SIGHUP};

	if (pipe2(sig_pipe, O_NONBLOCK | O_CLOEXEC) < 0)
		return -1;
	if (tcgetattr(STDIN_FILENO, &saved_tio) == 0)
		have_tio = 1;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	for (i = 0; i < sizeof caught / sizeof caught[0]; i++)
		sigaction(caught[i], &sa, NULL);
	sa.sa_handler = on_crash;
	sa.sa_flags = SA_RESETHAND;
	for (i = 0; i < sizeof crash_signals / sizeof crash_signals[0]; i++)
		sigaction(crash_signals[i], &sa, &old_crash[crash_signals[i]]);
	/* a write to a closed pipe (export to a dead reader) is an error, not death */
	signal(SIGPIPE, SIG_IGN);
	return sig_pipe[0];
}

void
term_restore(void)
{
	if (have_tio)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved_tio);
}

void
term_set_busy(int on)
{
	busy = on;
}

int
term_next_signal(void)
{
	unsigned char b;

	if (pending_int) {
		pending_int = 0;
		return SIGINT;
	}
	if (sig_pipe[0] >= 0 && read(sig_pipe[0], &b, 1) == 1)
		return b;
	return 0;
}

int
term_interrupt_pending(void)
{
	unsigned char b;

	if (pending_int)
		return 1;
	/* other signals read here are put back in order after the interrupt */
	while (sig_pipe[0] >= 0 && read(sig_pipe[0], &b, 1) == 1) {
		if (b == SIGINT) {
			pending_int = 1;
			return 1;
		}
		if (write(sig_pipe[1], &b, 1) < 0)
			(void)0;
		break;
	}
	return 0;
}
