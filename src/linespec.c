/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * linespec.c - parse "N", "N:", ":M", "N:M" and "N:+K".
 *
 * The numbers go through number_parse, so line numbers take the same
 * suffixes, hex and signs as offsets do.  Kept apart from lines.c, which
 * scans files, so that the parser is unit-tested and fuzzed on its own.
 */
#include "config.h"

#include "linespec.h"

#include <stdlib.h>
#include <string.h>

static enum lines_spec_status
parse_line_number(const char *text, struct number *out,
    enum number_status *number_status)
{
	if ((*number_status = number_parse(text, out)) != NUMBER_OK)
		return LINES_SPEC_BAD_NUMBER;
	return out->magnitude == 0 ? LINES_SPEC_ZERO : LINES_SPEC_OK;
}

static enum lines_spec_status
parse_last(const char *text, struct lines_request *out,
    enum number_status *number_status)
{
	if (*text == '\0') {
		out->last_kind = LINES_LAST_EOF;
		return LINES_SPEC_OK;
	}
	if (*text == '+') {
		out->last_kind = LINES_LAST_PLUS;
		if (text[1] < '0' || text[1] > '9')
			return LINES_SPEC_BAD_PLUS;
		*number_status = number_parse(text + 1, &out->last);
		return *number_status == NUMBER_OK ? LINES_SPEC_OK :
		    LINES_SPEC_BAD_NUMBER;
	}
	out->last_kind = LINES_LAST_LINE;
	return parse_line_number(text, &out->last, number_status);
}

enum lines_spec_status
lines_parse_spec(const char *spec, struct lines_request *out,
    enum number_status *number_status)
{
	const char *colon = strchr(spec, ':');
	enum lines_spec_status status;
	char *first;

	memset(out, 0, sizeof *out);
	out->first.magnitude = 1;
	*number_status = NUMBER_OK;
	if (colon == NULL) {
		out->last_kind = LINES_LAST_SAME;
		return parse_line_number(spec, &out->first, number_status);
	}
	if (colon != spec) {
		if ((first = strndup(spec, (size_t)(colon - spec))) == NULL) {
			*number_status = NUMBER_INVALID;
			return LINES_SPEC_BAD_NUMBER;
		}
		status = parse_line_number(first, &out->first, number_status);
		free(first);
		if (status != LINES_SPEC_OK)
			return status;
	}
	return parse_last(colon + 1, out, number_status);
}
