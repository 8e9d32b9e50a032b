/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * hexdump.c - format ranges the way xxd does, in large blocks.
 *
 * Lines are formatted (hexfmt.c) into a text buffer (1 MiB; buffers.h).
 * When it fills, the sink says so and the flow flushes it, naming the
 * input offset up to which the bytes are known to be good: a file that
 * shrank while it was read may have handed us zero-filled bytes past its
 * new end, and their text must never reach the output.  So the buffer
 * keeps account of what input its text stands for: marks at each run of
 * consecutive lines and at each '*' of -a and --squeeze; within a run,
 * one line a line.  -p and -i text is a function of the byte count.
 *
 * -a and --squeeze judge each whole line (hexdump -C's and xxd's rules
 * are written out at judge_squeeze and judge_autoskip); a hole of a
 * sparse file is a run of zero lines judged all at once, never read.
 */
#include "config.h"

#include "hexdump.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buffers.h"
#include "output.h"

static const unsigned char zero_line[HEX_COLS_MAX];

static bool
is_dump(const struct hexdump *h)
{
	return hexlayout_is_dump(h->layout);
}

static uint64_t
address_of(const struct hexdump *h, uint64_t offset)
{
	return h->address_base + offset + h->layout->display_offset;
}

/* Room for a line, a pending line and a '*' before anything is judged. */
static bool
has_room(const struct hexdump *h)
{
	return h->text_cap - h->text_len >= 2 * h->line_max + 2 &&
	    MMCAT_HEX_MARKS - h->mark_count >= 3;
}

/*
 * The input up to end has its text in the buffer or is held: noted as
 * each piece is done, since a SIGBUS may cut a put short.
 */
static void
note_end(struct hexdump *h, uint64_t end)
{
	if (end > h->text_end)
		h->text_end = end;
}

static void
add_mark(struct hexdump *h, uint64_t input, bool star)
{
	h->marks[h->mark_count++] = (struct hex_mark){
		.input = input, .text = h->text_len, .star = star
	};
}

/* Append whole or partial line text for the bytes at offset. */
static void
append_line(struct hexdump *h, uint64_t offset, const unsigned char *bytes,
    size_t n)
{
	if (h->mark_count == 0 || h->marks[h->mark_count - 1].star ||
	    h->run_end != offset)
		add_mark(h, offset, false);
	h->text_len += hexfmt_line(h->layout, h->text + h->text_len,
	    address_of(h, offset), bytes, n);
	h->run_end = offset + n;
	note_end(h, offset + n);
}

static void
append_star(struct hexdump *h, uint64_t offset)
{
	add_mark(h, offset, true);
	memcpy(h->text + h->text_len, "*\n", 2);
	h->text_len += 2;
}

/*
 * --squeeze, hexdump -C's rule: a line equal to the one before is left
 * out, and the first of each run of them becomes a '*'.  Returns whether
 * the line is printed.
 */
static bool
judge_squeeze(struct hexdump *h, uint64_t offset, const unsigned char *line)
{
	struct hex_filter_state *s = &h->filter;
	size_t cols = h->layout->cols;

	if (s->have_prev && memcmp(s->prev, line, cols) == 0) {
		if (!s->in_repeat)
			append_star(h, offset);
		s->in_repeat = true;
		s->last_repeat = offset;
		return false;
	}
	memcpy(s->prev, line, cols);
	s->have_prev = true;
	s->in_repeat = false;
	return true;
}

/*
 * What xxd -a has left out before a line it prints: one zero line after
 * the first is printed (the second), more are one '*'.
 */
static void
release_zero_lines(struct hexdump *h)
{
	struct hex_filter_state *s = &h->filter;

	if (s->zero_lines == 2)
		append_line(h, s->second_zero, zero_line, h->layout->cols);
	else if (s->zero_lines > 2)
		append_star(h, s->second_zero);
	s->zero_lines = 0;
}

/*
 * xxd -a: the first of a run of zero lines is printed; the rest wait for
 * the next line that is printed (release_zero_lines) or the end.
 */
static bool
judge_autoskip(struct hexdump *h, uint64_t offset, const unsigned char *line)
{
	struct hex_filter_state *s = &h->filter;

	if (memcmp(line, zero_line, h->layout->cols) != 0) {
		release_zero_lines(h);
		return true;
	}
	if (s->zero_lines == 1)
		s->second_zero = offset;
	s->last_zero = offset;
	return s->zero_lines++ == 0;
}

/* One whole line, judged by the filter; the caller checked the room. */
static void
take_line(struct hexdump *h, uint64_t offset, const unsigned char *line)
{
	bool printed = true;

	if (h->layout->filter == HEX_FILTER_SQUEEZE)
		printed = judge_squeeze(h, offset, line);
	else if (h->layout->filter == HEX_FILTER_AUTOSKIP)
		printed = judge_autoskip(h, offset, line);
	if (printed)
		append_line(h, offset, line, h->layout->cols);
}

/*
 * Bytes may be pages of a mapping, and a SIGBUS (the file shrank) ends a
 * put where it strikes, losing the lines of the call it cut short: so no
 * call formats past the end of the page it starts in (4096 divides every
 * page size), save for one line across it.
 */
static size_t
within_page(const unsigned char *bytes, size_t len, size_t cols)
{
	size_t to_end = 4096 - (size_t)((uintptr_t)bytes % 4096);

	to_end += cols - 1;
	return to_end < len ? to_end : len;
}

/* Whole lines with nothing left out, as many as the buffer takes. */
static size_t
format_lines(struct hexdump *h, uint64_t offset, const unsigned char *bytes,
    size_t len)
{
	size_t consumed, text;

	if (h->mark_count == 0 || h->marks[h->mark_count - 1].star ||
	    h->run_end != offset) {
		if (MMCAT_HEX_MARKS - h->mark_count < 1)
			return 0;
		add_mark(h, offset, false);
	}
	text = hexfmt_lines(h->layout, h->text + h->text_len,
	    h->text_cap - h->text_len, address_of(h, offset), bytes, len,
	    &consumed);
	h->text_len += text;
	h->run_end = offset + consumed;
	note_end(h, offset + consumed);
	return consumed;
}

/*
 * How many of the first `lines` whole lines the filter prints as they
 * are, with nothing held back to release before them: lines that are
 * not zero (-a, none pending), or that differ from the line before
 * (--squeeze).
 */
static size_t
plain_run(const struct hexdump *h, const unsigned char *bytes, size_t lines)
{
	const struct hex_filter_state *s = &h->filter;
	size_t cols = h->layout->cols, k;
	const unsigned char *before = s->have_prev ? s->prev : NULL, *line;

	for (k = 0; k < lines; k++, before = line) {
		line = bytes + k * cols;
		if (h->layout->filter == HEX_FILTER_AUTOSKIP ?
		    s->zero_lines > 0 || memcmp(line, zero_line, cols) == 0 :
		    before != NULL && memcmp(before, line, cols) == 0)
			break;
	}
	return k;
}

/*
 * Whole lines, judged: runs printed as they are go to the formatter
 * whole (the vector path, for xxd's default layout), the rest one by
 * one.  Returns the bytes taken.
 */
static size_t
filter_lines(struct hexdump *h, uint64_t offset, const unsigned char *bytes,
    size_t len)
{
	struct hex_filter_state *s = &h->filter;
	size_t used = 0, cols = h->layout->cols, run, done;

	while (len - used >= cols) {
		run = plain_run(h, bytes + used, (len - used) / cols);
		if (run > 0) {
			done = format_lines(h, offset + used, bytes + used,
			    run * cols);
			if (done == 0)
				break;
			if (h->layout->filter == HEX_FILTER_SQUEEZE) {
				memcpy(s->prev, bytes + used + done - cols,
				    cols);
				s->have_prev = true;
				s->in_repeat = false;
			}
			used += done;
			continue;
		}
		if (!has_room(h))
			break;
		take_line(h, offset + used, bytes + used);
		used += cols;
	}
	return used;
}

/* Top up the partial line held from the last piece; false when full. */
static bool
fill_carry(struct hexdump *h, const unsigned char *bytes, size_t len,
    size_t *used)
{
	size_t cols = h->layout->cols, fill = cols - h->carry_len;

	*used = 0;
	if (fill > len)
		fill = len;
	if (h->carry_len + fill == cols && !has_room(h))
		return false;
	if (bytes != NULL)
		memcpy(h->carry + h->carry_len, bytes, fill);
	else
		memset(h->carry + h->carry_len, 0, fill);
	h->carry_len += fill;
	*used = fill;
	note_end(h, h->carry_offset + h->carry_len);
	if (h->carry_len == cols) {
		take_line(h, h->carry_offset, h->carry);
		h->carry_len = 0;
	}
	return true;
}

static void
hold_carry(struct hexdump *h, uint64_t offset, const unsigned char *bytes,
    size_t n)
{
	h->carry_offset = offset;
	h->carry_len = n;
	if (bytes != NULL)
		memcpy(h->carry, bytes, n);
	else
		memset(h->carry, 0, n);
	note_end(h, offset + n);
}

static enum sink_result
dump_put(struct hexdump *h, const unsigned char *bytes, size_t len,
    uint64_t offset, size_t *taken)
{
	size_t used = 0, done, cols = h->layout->cols;

	if (h->carry_len > 0 && !fill_carry(h, bytes, len, &used))
		return SINK_FULL;
	if (h->carry_len > 0) {
		*taken = used;
		return SINK_OK;
	}
	while (len - used >= cols) {
		done = h->layout->filter == HEX_FILTER_NONE ?
		    format_lines(h, offset + used, bytes + used,
		    within_page(bytes + used, len - used, cols)) :
		    filter_lines(h, offset + used, bytes + used,
		    within_page(bytes + used, len - used, cols));
		if (done == 0) {
			*taken = used;
			return SINK_FULL;
		}
		used += done;
	}
	if (used < len)
		hold_carry(h, offset + used, bytes + used, len - used);
	*taken = len;
	return SINK_OK;
}

/* -i's first line, "unsigned char NAME[] = {", once a name is known. */
static void
begin_stream(struct hexdump *h, uint64_t offset)
{
	int n = 0;

	h->begun = true;
	h->first_offset = offset;
	if (h->layout->style == HEX_STYLE_INCLUDE && h->has_name)
		n = snprintf(h->text + h->text_len, h->text_cap - h->text_len,
		    "unsigned char %s[] = {\n", h->array_name);
	h->header_len = n > 0 ? (size_t)n : 0;
	h->text_len += h->header_len;
}

/* -p and -i: the bytes' text, as much as fits, a page at a time. */
static enum sink_result
stream_put(struct hexdump *h, const unsigned char *bytes, size_t len,
    uint64_t offset, size_t *taken)
{
	size_t consumed = 0, piece;

	if (!h->begun)
		begin_stream(h, offset);
	*taken = 0;
	while (*taken < len) {
		piece = within_page(bytes + *taken, len - *taken, 1);
		h->text_len += (h->layout->style == HEX_STYLE_PLAIN ?
		    hexfmt_plain : hexfmt_include)(h->layout,
		    h->text + h->text_len, h->text_cap - h->text_len, h->count,
		    bytes + *taken, piece, &consumed);
		h->count += consumed;
		note_end(h, offset + *taken + consumed);
		*taken += consumed;
		if (consumed < piece)
			return SINK_FULL;
	}
	return SINK_OK;
}

/* Format into the text buffer; writing is flush's job. */
static enum sink_result
hex_put(struct sink *self, const unsigned char *bytes, size_t len,
    uint64_t offset, bool by_reference, size_t *taken, int *err)
{
	struct hexdump *h = (struct hexdump *)self;
	enum sink_result result;

	(void)by_reference;
	*err = 0;
	*taken = 0;
	result = is_dump(h) ? dump_put(h, bytes, len, offset, taken) :
	    stream_put(h, bytes, len, offset, taken);
	note_end(h, offset + *taken);
	return result;
}

/*
 * A run of zero lines that a hole holds: the filter has judged them all
 * alike once it has seen two (--squeeze: the first is printed, then one
 * '*'; -a: xxd's count goes on), so the rest are only counted.
 */
static void
skip_zero_lines(struct hexdump *h, uint64_t offset, uint64_t lines)
{
	struct hex_filter_state *s = &h->filter;
	uint64_t last = offset + (lines - 1) * h->layout->cols;

	if (h->layout->filter == HEX_FILTER_SQUEEZE) {
		s->last_repeat = last;
		return;
	}
	s->zero_lines += lines;
	s->last_zero = last;
}

/* Zero lines the filter may now count without looking at them. */
static bool
zero_lines_settled(const struct hexdump *h)
{
	const struct hex_filter_state *s = &h->filter;

	if (h->layout->filter == HEX_FILTER_SQUEEZE)
		return s->in_repeat &&
		    memcmp(s->prev, zero_line, h->layout->cols) == 0;
	return s->zero_lines >= 2;
}

static enum sink_result
hex_put_hole(struct sink *self, uint64_t offset, uint64_t len,
    uint64_t *taken, int *err)
{
	struct hexdump *h = (struct hexdump *)self;
	size_t cols = h->layout->cols, used = 0;
	uint64_t done = 0, lines;

	*err = 0;
	*taken = 0;
	if (h->carry_len > 0) {
		if (!fill_carry(h, NULL, len < cols ? (size_t)len : cols,
		    &used))
			return SINK_FULL;
		done = used;
	}
	while (len - done >= cols && !zero_lines_settled(h)) {
		if (!has_room(h)) {
			*taken = done;
			return SINK_FULL;
		}
		take_line(h, offset + done, zero_line);
		done += cols;
	}
	lines = (len - done) / cols;
	if (lines > 0) {
		skip_zero_lines(h, offset + done, lines);
		done += lines * cols;
	}
	if (done < len)
		hold_carry(h, offset + done, NULL, (size_t)(len - done));
	*taken = len;
	note_end(h, offset + len);
	return SINK_OK;
}

/* Lines in text[from, to) up to and including the k-th; its end. */
static size_t
after_lines(const char *text, size_t from, size_t to, uint64_t k)
{
	const char *p = text + from, *end = text + to, *nl;

	for (; k > 0 && p < end; k--) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			return to;
		p = nl + 1;
	}
	return (size_t)(p - text);
}

/* Keep only the text of whole lines (and '*'s) that end by end. */
static void
cut_dump(struct hexdump *h, uint64_t end)
{
	size_t i, keep = 0, run_text_end;
	uint64_t lines;
	struct hex_mark *m;

	for (i = 0; i < h->mark_count; i++) {
		m = &h->marks[i];
		run_text_end = i + 1 < h->mark_count ? h->marks[i + 1].text :
		    h->text_len;
		if (m->star) {
			if (m->input + h->layout->cols > end)
				break;
			keep = run_text_end;
			continue;
		}
		lines = end > m->input ? (end - m->input) / h->layout->cols : 0;
		keep = after_lines(h->text, m->text, run_text_end, lines);
		if (keep < run_text_end)
			break;
	}
	h->text_len = keep;
	h->mark_count = i < h->mark_count ? i + 1 : h->mark_count;
}

/* -p, -i: keep the text of the bytes before end. */
static void
cut_stream(struct hexdump *h, uint64_t end)
{
	uint64_t good = end - h->first_offset;

	if (good >= h->count)
		return;
	if (good < h->buffer_first)
		good = h->buffer_first;
	h->text_len = h->header_len + (size_t)(hexfmt_stream_length(h->layout,
	    good) - hexfmt_stream_length(h->layout, h->buffer_first));
	h->count = good;
}

static void
cut_text(struct hexdump *h, uint64_t end)
{
	if (end >= h->text_end)
		return;
	if (is_dump(h))
		cut_dump(h, end);
	else if (h->begun)
		cut_stream(h, end);
	h->text_end = end;
}

/* Write the buffered text out and empty the buffer; 0 or an errno. */
static int
write_text(struct hexdump *h)
{
	int err = output_write(h->out, h->text, h->text_len);

	h->text_len = 0;
	h->mark_count = 0;
	h->header_len = 0;
	h->buffer_first = h->count;
	return err;
}

/*
 * Make room for the end of a dump: up to two lines and a '*', or -i's
 * last lines with the name.
 */
static int
make_room(struct hexdump *h)
{
	size_t need = is_dump(h) ? 3 * h->line_max + 2 :
	    strlen(h->array_name) + 64;

	return h->text_cap - h->text_len >= need ? 0 : write_text(h);
}

/*
 * The end of a range: the partial last line, and what the filter holds
 * back: --squeeze prints the last line even if it repeats; -a ends as
 * xxd does (a last run of zero lines: the first, '*' if more than three,
 * the second if exactly three, and the last).
 */
static void
end_dump(struct hexdump *h)
{
	struct hex_filter_state *s = &h->filter;
	size_t cols = h->layout->cols;

	if (h->carry_len > 0) {
		if (h->layout->filter == HEX_FILTER_AUTOSKIP)
			release_zero_lines(h);
		append_line(h, h->carry_offset, h->carry, h->carry_len);
		return;
	}
	if (h->layout->filter == HEX_FILTER_SQUEEZE && s->in_repeat)
		append_line(h, s->last_repeat, s->prev, cols);
	if (h->layout->filter != HEX_FILTER_AUTOSKIP || s->zero_lines < 2)
		return;
	if (s->zero_lines == 3)
		append_line(h, s->second_zero, zero_line, cols);
	else if (s->zero_lines > 3)
		append_star(h, s->second_zero);
	append_line(h, s->last_zero, zero_line, cols);
}

/* -p's last newline; -i's last line and the length. */
static void
end_stream(struct hexdump *h, uint64_t good_end)
{
	char *out;
	int n;

	if (!h->begun)
		begin_stream(h, good_end);
	out = h->text + h->text_len;
	if (h->layout->style == HEX_STYLE_PLAIN) {
		h->text_len += hexfmt_plain_end(h->layout, out, h->count);
		return;
	}
	if (h->count > 0)
		*out++ = '\n';
	if (h->has_name)
		n = snprintf(out, h->text_cap - (size_t)(out - h->text),
		    "};\nunsigned int %s_%s = %" PRIu64 ";\n", h->array_name,
		    h->layout->capitalize ? "LEN" : "len", h->count);
	else
		n = 0;
	h->text_len = (size_t)(out - h->text) + (n > 0 ? (size_t)n : 0);
}

/*
 * With last, the range is over and its end goes out, if the file still
 * has its bytes; a buffer too full to take it is written out first.
 */
static enum sink_result
hex_flush(struct sink *self, uint64_t good_end, bool last, int *err)
{
	struct hexdump *h = (struct hexdump *)self;
	bool whole = last && (h->carry_len == 0 ||
	    h->carry_offset + h->carry_len <= good_end);

	cut_text(h, good_end);
	if (whole && (*err = make_room(h)) != 0)
		return SINK_OUTPUT_ERROR;
	if (whole && is_dump(h))
		end_dump(h);
	else if (whole)
		end_stream(h, good_end);
	if (last)
		h->carry_len = 0;
	*err = write_text(h);
	return *err != 0 ? SINK_OUTPUT_ERROR : SINK_OK;
}

/* The text buffer: its configured size, or what the layout needs. */
static size_t
text_capacity(const struct hex_layout *layout)
{
	size_t need = 3 * hexfmt_line_max(layout) + 2;

	/* -i's first or last lines, whatever the name, and an element. */
	if (layout->style == HEX_STYLE_INCLUDE)
		need = HEXDUMP_NAME_MAX + 64 + HEXFMT_ELEMENT_MAX;
	else if (layout->style == HEX_STYLE_PLAIN)
		need = HEXFMT_ELEMENT_MAX;
	return MMCAT_HEX_TEXT_BYTES > need ? MMCAT_HEX_TEXT_BYTES : need;
}

int
hexdump_init(struct hexdump *h, const struct hex_layout *layout,
    struct output *out)
{
	memset(h, 0, sizeof *h);
	h->base.put = hex_put;
	h->base.flush = hex_flush;
	h->base.put_hole = layout->filter != HEX_FILTER_NONE ? hex_put_hole :
	    NULL;
	h->base.transforms = true;
	h->out = out;
	h->layout = layout;
	h->line_max = hexlayout_is_dump(layout) ? hexfmt_line_max(layout) : 0;
	h->text_cap = text_capacity(layout);
	h->text = malloc(h->text_cap);
	h->marks = malloc(MMCAT_HEX_MARKS * sizeof *h->marks);
	if (h->text != NULL && h->marks != NULL)
		return 0;
	hexdump_free(h);
	return ENOMEM;
}

struct sink *
hexdump_start(struct hexdump *h, uint64_t address_base, const char *operand)
{
	const char *name = h->layout->name != NULL ? h->layout->name : operand;

	h->address_base = address_base;
	h->array_name[0] = '\0';
	/* An empty --name is a name, as xxd -n '' takes it. */
	h->has_name = name != NULL;
	if (name != NULL)
		(void)hexlayout_array_name(name, h->layout->capitalize,
		    h->array_name, sizeof h->array_name);
	h->text_len = 0;
	h->mark_count = 0;
	h->run_end = h->text_end = 0;
	h->carry_len = 0;
	h->carry_offset = 0;
	h->begun = false;
	h->count = h->buffer_first = 0;
	h->header_len = 0;
	memset(&h->filter, 0, sizeof h->filter);
	return &h->base;
}

void
hexdump_free(struct hexdump *h)
{
	free(h->text);
	free(h->marks);
	h->text = NULL;
	h->marks = NULL;
}
