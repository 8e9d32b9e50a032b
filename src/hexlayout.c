/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * hexlayout.c - check the hex options against xxd's rules and compute
 * where everything goes on a line.
 *
 * The positions follow from xxd's own arithmetic: a group of G bytes
 * takes G * digits characters and one space; byte p of a line begins
 * (G * digits + 1) * p / G columns after the address's ": " (for
 * --little-endian, p with its place in the group reversed); the text
 * column begins two columns past where the last group's digits end, by
 * xxd's rounding.
 */
#include "config.h"

#include "hexlayout.h"

#include <string.h>

/* The bytes a line of each style holds when -c is not given (or 0). */
static size_t
default_cols(enum hex_style style)
{
	switch (style) {
	case HEX_STYLE_PLAIN:
		return 30;
	case HEX_STYLE_INCLUDE:
		return 12;
	case HEX_STYLE_BITS:
		return 6;
	case HEX_STYLE_DUMP:
	case HEX_STYLE_LITTLE:
	default:
		return 16;
	}
}

static size_t
default_group(enum hex_style style)
{
	switch (style) {
	case HEX_STYLE_BITS:
		return 1;
	case HEX_STYLE_LITTLE:
		return 4;
	case HEX_STYLE_DUMP:
	default:
		return 2;
	}
}

bool
hexlayout_is_dump(const struct hex_layout *layout)
{
	return layout->style != HEX_STYLE_PLAIN &&
	    layout->style != HEX_STYLE_INCLUDE;
}

/* The style asked for; NULL, or a reason when more than one is. */
static const char *
pick_style(const struct hex_request *req, enum hex_style *style)
{
	int count = req->bits + req->plain + req->include + req->little_endian;

	if (count > 1)
		return "only one of -b, -p, -i and --little-endian can be used";
	*style = req->bits ? HEX_STYLE_BITS : req->plain ? HEX_STYLE_PLAIN :
	    req->include ? HEX_STYLE_INCLUDE : req->little_endian ?
	    HEX_STYLE_LITTLE : HEX_STYLE_DUMP;
	return NULL;
}

static const char *
check_filters(const struct hex_request *req, enum hex_style style)
{
	if (req->squeeze && req->autoskip)
		return "--squeeze and -a cannot be used together";
	if (req->squeeze && (style == HEX_STYLE_PLAIN ||
	    style == HEX_STYLE_INCLUDE))
		return "--squeeze does not apply to -p or -i";
	if ((req->name != NULL || req->capitalize) &&
	    style != HEX_STYLE_INCLUDE)
		return "--name and --capitalize apply only to -i";
	return NULL;
}

/* -c and -g as xxd takes them: 0 is the default, a group past cols is all. */
static const char *
size_lines(const struct hex_request *req, struct hex_layout *layout)
{
	bool dump = hexlayout_is_dump(layout);

	layout->cols = default_cols(layout->style);
	if (req->cols_given && req->cols > 0)
		layout->cols = (size_t)req->cols;
	if (req->cols_given && req->cols == 0 &&
	    layout->style == HEX_STYLE_PLAIN)
		layout->cols = 0;
	if (dump && req->cols_given && req->cols > HEX_COLS_MAX)
		return "-c takes at most 256 bytes a line with this layout";
	if (!dump && req->cols_given && req->cols > UINT32_MAX)
		return "-c takes at most 4294967295 bytes a line";
	if (!dump)
		return NULL;
	layout->group = default_group(layout->style);
	if (req->group_given)
		layout->group = req->group == 0 || req->group > layout->cols ?
		    layout->cols : (size_t)req->group;
	if (layout->style != HEX_STYLE_LITTLE)
		return NULL;
	if ((layout->group & (layout->group - 1)) != 0)
		return "--little-endian needs a group (-g) that is a power "
		    "of two";
	if (layout->cols % layout->group != 0)
		return "--little-endian needs -c to be a multiple of the "
		    "group (-g)";
	return NULL;
}

/* Where each byte's digits and the text column begin (see the top). */
static void
place_columns(struct hex_layout *layout)
{
	size_t g = layout->group, c = layout->cols, p, x;
	size_t group_width;

	layout->digits = layout->style == HEX_STYLE_BITS ? 8 : 2;
	group_width = layout->digits * g + 1;
	for (p = 0; p < c; p++) {
		x = layout->style == HEX_STYLE_LITTLE ? p ^ (g - 1) : p;
		layout->byte_column[p] = (uint16_t)(group_width * x / g);
	}
	layout->text_column = 2 + (group_width * c - 1) / g;
}

void
hexlayout_default(struct hex_layout *layout)
{
	const struct hex_request plain_x = { .cols_given = false };

	(void)hexlayout_resolve(&plain_x, layout);
}

const char *
hexlayout_resolve(const struct hex_request *req, struct hex_layout *layout)
{
	const char *why;

	memset(layout, 0, sizeof *layout);
	if ((why = pick_style(req, &layout->style)) != NULL ||
	    (why = check_filters(req, layout->style)) != NULL ||
	    (why = size_lines(req, layout)) != NULL)
		return why;
	layout->upper = req->upper;
	layout->decimal = req->decimal;
	layout->display_offset = req->display_offset;
	layout->name = req->name;
	layout->capitalize = req->capitalize;
	if (!hexlayout_is_dump(layout))
		return NULL;
	layout->filter = req->squeeze ? HEX_FILTER_SQUEEZE : req->autoskip ?
	    HEX_FILTER_AUTOSKIP : HEX_FILTER_NONE;
	layout->color = req->color;
	place_columns(layout);
	layout->is_default = layout->style == HEX_STYLE_DUMP &&
	    layout->cols == 16 && layout->group == 2 && !layout->decimal &&
	    !layout->color;
	return NULL;
}

static bool
is_ascii_alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z');
}

size_t
hexlayout_array_name(const char *operand, bool capitalize, char *out,
    size_t cap)
{
	const unsigned char *s = (const unsigned char *)operand;
	size_t len = 0;
	char c;

	if (*s >= '0' && *s <= '9') {
		if (len + 1 < cap)
			out[len] = '_';
		len++;
		if (len + 1 < cap)
			out[len] = '_';
		len++;
	}
	for (; *s != '\0'; s++, len++) {
		c = (char)(is_ascii_alnum(*s) ? *s : '_');
		if (capitalize && c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (len + 1 < cap)
			out[len] = c;
	}
	if (cap > 0)
		out[len < cap ? len : cap - 1] = '\0';
	return len;
}
