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
 * the caller frees the array and the strings with complete_free). *files is
 * set when file names make sense there too (after 'load', 'source', 'export').
 */
char **complete_candidates(const struct session *s, const char *line, int start, int *files);
void complete_free(char **list);

#endif
