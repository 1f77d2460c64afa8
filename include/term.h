/*
 * term: the terminal's safety net for the interactive UI. Signals become
 * bytes on a self-pipe, except that SIGTERM and SIGHUP end a busy process
 * at once (term_set_busy); crash signals
 * restore the terminal with async-signal-safe calls and re-raise, so core
 * dumps and sanitizers still report. Holds the only process-wide state of
 * the UI: the pipe, the saved termios and the previous handlers.
 */
#ifndef CANARD_TERM_H
#define CANARD_TERM_H

/*
 * Create the signal pipe and catch SIGWINCH, SIGINT, SIGTERM, SIGHUP (call
 * before initscr, so that ncurses leaves them to us), save the terminal
 * state and arm the crash handlers. Returns the read end, or -1.
 */
int term_init(void);
/* Restore the terminal state saved by term_init (safe to call twice). */
void term_restore(void);
/*
 * The main thread says whether it waits in select() (0) or works (1). While it
 * works, SIGTERM and SIGHUP restore the terminal and end the process at once
 * (exit status 128 + signal) from the handler, whatever the work; while it
 * waits, they come through the pipe and the loop ends cleanly.
 */
void term_set_busy(int on);
/* Read one pending signal number from the pipe, or 0 when there is none. */
int term_next_signal(void);
/* Nonzero when a SIGINT is waiting in the pipe (for a synchronous run to stop). */
int term_interrupt_pending(void);

#endif
