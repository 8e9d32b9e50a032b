/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * members.c - --list and -m: the named parts of one input operand.
 *
 * The input is mapped whole (a stream is first copied to a temporary
 * file), its format found by magic number (parts.h), and its table
 * walked once to validate it: nothing of an invalid container is
 * printed.  --list then walks it again, printing a line per part; each
 * -m walks it to find its part, whose bytes become the input of the
 * usual printing path, as a source moved to the part.
 */
#include "config.h"

#include "members.h"

#include <sys/mman.h>

#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buffers.h"
#include "busguard.h"
#include "diag.h"
#include "parts.h"
#include "quote.h"

/* The container as mapped: bytes[0..len) is the input. */
struct container {
	const struct source *src;
	const unsigned char *bytes;
	size_t len;
	void *map;		/* what munmap takes, or NULL */
	size_t map_len;
	const struct part_format *format;
};

/* One walk, run under busguard_call: a file that shrinks ends it. */
struct walk_call {
	const struct container *c;
	part_visitor visit;
	void *ctx;
	enum parts_result result;
	char why[PARTS_WHY_MAX];
};

static int
run_walk(void *arg)
{
	struct walk_call *w = arg;

	w->why[0] = '\0';
	w->result = w->c->format->walk(w->c->bytes, w->c->len, w->visit,
	    w->ctx, w->why);
	return 0;
}

/* Walk c with visit; false (reported) when the walk could not finish. */
static bool
walk(const struct container *c, part_visitor visit, void *ctx)
{
	struct walk_call w = { .c = c, .visit = visit, .ctx = ctx };

	if (busguard_call(run_walk, &w) == BUSGUARD_FAULTED) {
		diag(c->src->name, "file shrank while reading");
		return false;
	}
	if (w.result != PARTS_OK) {
		diag(c->src->name, "not a valid %s: %s", c->format->name,
		    w.why);
		return false;
	}
	return true;
}

static int
run_detect(void *arg)
{
	struct container *c = arg;

	c->format = parts_detect(c->bytes, c->len);
	return 0;
}

static bool
accept_every_part(void *ctx, const struct part *part)
{
	(void)ctx;
	(void)part;
	return true;
}

/* Map the whole input; false (reported) when it cannot be. */
static bool
map_container(const struct source *src, struct container *c)
{
	static const unsigned char nothing[1];
	uint64_t end = src->origin + src->size;
	void *p;

	c->src = src;
	c->map = NULL;
	c->bytes = nothing;
	c->len = 0;
	if (src->size == 0)
		return true;
	if (end < src->origin || end > SIZE_MAX) {
		diag(src->name, "%s", strerror(EFBIG));
		return false;
	}
	p = mmap(NULL, (size_t)end, PROT_READ, MAP_PRIVATE, src->fd, 0);
	if (p == MAP_FAILED) {
		diag(src->name, "%s", strerror(errno));
		return false;
	}
	c->map = p;
	c->map_len = (size_t)end;
	c->bytes = (const unsigned char *)p + src->origin;
	c->len = (size_t)src->size;
	return true;
}

static void
unmap_container(struct container *c)
{
	if (c->map != NULL)
		(void)munmap(c->map, c->map_len);
	c->map = NULL;
}

/* A stream is read once: parse a copy of it. */
static bool
spool_stream(struct source *src)
{
	bool read_failed;
	int err;

	if (src->kind != SOURCE_STREAM)
		return true;
	if ((err = source_spool(src, 0, UINT64_MAX, &read_failed)) == 0)
		return true;
	if (read_failed)
		diag(src->name, "%s", strerror(err));
	else
		diag(src->name, "cannot copy to a temporary file: %s",
		    strerror(err));
	return false;
}

/*
 * Map, find the format, validate the whole table.  False (reported, the
 * mapping undone) when any of it fails.
 */
static bool
open_container(struct source *src, struct container *c)
{
	if (!spool_stream(src) || !map_container(src, c))
		return false;
	if (busguard_call(run_detect, c) == BUSGUARD_FAULTED) {
		diag(src->name, "file shrank while reading");
		unmap_container(c);
		return false;
	}
	if (c->format == NULL) {
		diag(src->name, "not a container format mmcat knows");
		unmap_container(c);
		return false;
	}
	if (!walk(c, accept_every_part, NULL)) {
		unmap_container(c);
		return false;
	}
	return true;
}

/* --list's lines, gathered so that a big table is not a write per part. */
struct listing_out {
	struct output *out;
	char buf[MMCAT_LIST_BYTES];
	size_t used;
	int err;
};

static bool
flush_listing(struct listing_out *l)
{
	if (l->used > 0 && l->err == 0)
		l->err = output_write(l->out, l->buf, l->used);
	l->used = 0;
	return l->err == 0;
}

/* Append len bytes; a line longer than the buffer goes out at once. */
static bool
put_listing(struct listing_out *l, const char *text, size_t len)
{
	if (len > sizeof l->buf - l->used && !flush_listing(l))
		return false;
	if (len > sizeof l->buf) {
		l->err = output_write(l->out, text, len);
		return l->err == 0;
	}
	memcpy(l->buf + l->used, text, len);
	l->used += len;
	return true;
}

/* Whether a name has a byte that would act on the terminal or the line. */
static bool
name_needs_quotes(const unsigned char *name, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (name[i] < 0x20 || name[i] == 0x7f)
			return true;
	return false;
}

static bool
put_name(struct listing_out *l, const struct part *part)
{
	size_t len;
	char *quoted;
	bool ok;

	if (!name_needs_quotes(part->name, part->name_len))
		return put_listing(l, (const char *)part->name,
		    part->name_len);
	len = quote_bytes_into(NULL, 0, part->name, part->name_len,
	    QUOTE_NAME);
	if (len == SIZE_MAX || (quoted = malloc(len + 1)) == NULL) {
		l->err = ENOMEM;
		return false;
	}
	(void)quote_bytes_into(quoted, len + 1, part->name, part->name_len,
	    QUOTE_NAME);
	ok = put_listing(l, quoted, len);
	free(quoted);
	return ok;
}

static bool
list_part(void *ctx, const struct part *part)
{
	struct listing_out *l = ctx;
	char head[96];
	int n;

	n = snprintf(head, sizeof head, "%" PRIu64 "\t%" PRIu64 "\t%s\t",
	    part->offset, part->length, part->kind);
	if (n < 0 || (size_t)n >= sizeof head) {
		l->err = EOVERFLOW;
		return false;
	}
	return put_listing(l, head, (size_t)n) && put_name(l, part) &&
	    put_listing(l, "\n", 1);
}

/* "==> NAME <==" before a file's lines, when there are several, as head. */
static bool
put_header(struct listing_out *l, const struct source *src,
    struct part_listing *listing)
{
	bool ok;

	if (!listing->headers)
		return true;
	ok = (!listing->shown_header || put_listing(l, "\n", 1)) &&
	    put_listing(l, "==> ", 4) &&
	    put_listing(l, src->name, strlen(src->name)) &&
	    put_listing(l, " <==\n", 5);
	listing->shown_header = true;
	return ok;
}

static enum print_status
list_parts(const struct container *c, const struct print_config *config)
{
	struct listing_out *l;
	enum print_status status = PRINT_OK;

	if ((l = malloc(sizeof *l)) == NULL) {
		diag(c->src->name, "%s", strerror(ENOMEM));
		return PRINT_FILE_FAILED;
	}
	l->out = config->out;
	l->used = 0;
	l->err = 0;
	if (put_header(l, c->src, config->listing) &&
	    !walk(c, list_part, l))
		status = PRINT_FILE_FAILED;
	if (!flush_listing(l)) {
		diag_write_error(l->err);
		status = PRINT_OUTPUT_FAILED;
	}
	free(l);
	return status;
}

/* What finding a part by name keeps of it. */
struct found {
	const char *name;
	size_t name_len;
	bool found;
	uint64_t offset, length;
	char kind[16];
	char refusal[64];
	bool refused;
};

static bool
find_part(void *ctx, const struct part *part)
{
	struct found *f = ctx;

	if (part->name_len != f->name_len ||
	    memcmp(part->name, f->name, f->name_len) != 0)
		return true;
	f->found = true;
	f->offset = part->offset;
	f->length = part->length;
	(void)snprintf(f->kind, sizeof f->kind, "%s", part->kind);
	f->refused = part->refusal != NULL;
	if (f->refused)
		(void)snprintf(f->refusal, sizeof f->refusal, "%s",
		    part->refusal);
	return false;
}

/* A message naming the member as the user wrote it. */
static void
report_member(const struct source *src, const char *name, const char *what,
    const char *reason)
{
	char *q = quote_dup(name, QUOTE_ARG);

	diag(src->name, "%s%s%s%s", what, q != NULL ? q : "(name not shown)",
	    reason != NULL ? ": " : "", reason != NULL ? reason : "");
	free(q);
}

/* "member 'NAME' of the tar: bytes B-E", for --verbose. */
static void
describe_member(const struct source *src, const struct container *c,
    const char *name, const struct found *f)
{
	char *q = quote_dup(name, QUOTE_ARG);
	uint64_t at = src->file_origin + f->offset;

	diag(src->name, "member %s of the %s: bytes %" PRIu64 "-%" PRIu64,
	    q != NULL ? q : "(name not shown)", c->format->name, at,
	    at + f->length);
	free(q);
}

/* The part's bytes as the input: the usual ranges apply inside it. */
static enum print_status
print_part(struct source *src, const struct found *f,
    const struct print_config *inner)
{
	struct source part = *src;

	part.owns_fd = false;
	part.origin += f->offset;
	part.file_origin += f->offset;
	part.size = f->length;
	part.bounded = true;
	return print_source(&part, inner);
}

static enum print_status
print_member(struct source *src, const struct container *c,
    const char *name, const struct print_config *inner)
{
	struct found f = { .name = name, .name_len = strlen(name) };

	if (!walk(c, find_part, &f))
		return PRINT_FILE_FAILED;
	if (!f.found) {
		report_member(src, name, "no member ", NULL);
		return PRINT_FILE_FAILED;
	}
	if (f.refused) {
		report_member(src, name, "cannot print member ", f.refusal);
		return PRINT_FILE_FAILED;
	}
	if (inner->verbose)
		describe_member(src, c, name, &f);
	return print_part(src, &f, inner);
}

static enum print_status
members_print(struct source *src, const struct print_config *config)
{
	struct print_config inner = *config;
	struct container c;
	enum print_status status = PRINT_OK, one;
	size_t i;

	if (!open_container(src, &c))
		return PRINT_FILE_FAILED;
	if (config->listing != NULL) {
		status = list_parts(&c, config);
		unmap_container(&c);
		return status;
	}
	inner.members = NULL;
	inner.member_count = 0;
	for (i = 0; i < config->member_count; i++) {
		one = print_member(src, &c, config->members[i], &inner);
		if (one == PRINT_OUTPUT_FAILED) {
			status = one;
			break;
		}
		if (one != PRINT_OK)
			status = one;
	}
	unmap_container(&c);
	return status;
}

enum print_status
members_print_file(const char *path, const struct print_config *config)
{
	return print_path(path, config, members_print);
}
