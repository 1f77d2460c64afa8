/*
 * complete: what TAB can complete at a point of a command line: command
 * names first, preset names after 'load', setting, parameter and variable
 * names elsewhere. No readline here: the front ends feed these lists to it.
 */
#ifndef CANARD_COMPLETE_H
#define CANARD_COMPLETE_H

#include "session.h"

/*
 * Candidates for the word that starts at byte start of line (NULL-terminated;
 * the caller frees it with strv_free). *files is
 * set when file names make sense there too (after 'load', 'source', 'export').
 */
char **complete_candidates(const struct session *s, const char *line, int start, int *files);
/*
 * A generator over list for readline's rl_completion_matches: call with
 * state 0 first; returns malloc'd matches of text (case-insensitive prefix)
 * one by one, then NULL. *idx is the caller's cursor.
 */
char *complete_next(char **list, const char *text, int state, size_t *idx);

#endif
