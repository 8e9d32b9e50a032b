/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_stream.c - libFuzzer target for the one-pass readers of a stream:
 * stream_print_ranges (src/stream.c) and stream_print_lines
 * (src/streamlines.c), over an input that arrives in pieces of random
 * sizes, with every buffer tiny (tests/fuzz/run builds with
 * MMCAT_TINY_BUFFERS: a 509-byte read buffer, a tail ring that starts
 * at 61 bytes, a hold of 2 line ends, a 250-byte hex text buffer).
 *
 * The input comes through a socketpair(AF_UNIX, SOCK_SEQPACKET): each
 * piece is a packet of its own, all written before the reader starts,
 * then the writing end is closed, so that every read(2) returns exactly
 * one piece and then end of input.  The socket is standard input, as
 * for `cmd | mmcat -`: source_open("-") classifies it (a stream).
 * Pieces are 1..300 bytes (an empty packet would read as end of input),
 * shorter than the read buffer so that no read cuts one short; past the
 * 100th they are 300 bytes, so that a few hundred kilobytes of socket
 * buffer hold them all.
 *
 * A quarter of the inputs come instead from a stream that can seek, as
 * a /proc file or a character device can: a memfd made a source as
 * source_open makes one for a /proc file (a stream; source_open would
 * map a memfd), read from an origin of 0, 1, 100 or 4097 bytes into it
 * (a standard input read from already), so that the ranges' gaps are
 * skipped with lseek, and past the end too, and then read back from the
 * last byte known.
 *
 * Output goes to a memfd through struct output, through a plain sink
 * or, for some inputs, a hex dump sink for each range (its addresses
 * counted from where the input begins in its file: the origin).
 *
 * Input: 2 header bytes, then the content of the stream (the first 4000).
 *   byte 0: b0 % 2: byte ranges (0) or an -L spec (1); (b0 >> 1) % 2: a
 *           hex dump; (b0 >> 2) % 2: --strict; (b0 >> 3) % 3 + 1: how
 *           many byte ranges, or for -L, (b0 >> 3) % 2: lines end with
 *           '\0' (-z), not '\n';
 *   byte 1: b1 % 4: the content as it is, or with the bytes whose value
 *           is a multiple of 3, 11 or 47 turned into terminators (lines
 *           of every length from a few fuzz bytes); (b1 >> 2) % 4 == 0: a
 *           stream that seeks, (b1 >> 4) % 4 its origin.
 * The requests and the piece sizes come from fuzz_mix seeded with the
 * whole input.  Byte ranges are of every form: a start from the
 * beginning or counted back from the end, then to the end, a length or
 * an end offset, each non-negative or negative, with numbers around the
 * size and as large as a number may be; several ranges only where
 * range_plan_one_pass accepts them (without --strict, which takes one
 * range only), else the first alone.  -L specs are of every form (N,
 * N:, N:M, :M, N:+K), numbers negative or not, around the line count.
 *
 * Oracle (abort() when violated), which knows nothing of how the readers
 * work: the flow ends done, and
 *   - byte ranges: each is resolved against the whole content's size by
 *     range_resolve (the pure rule of the man page, RANGES, which
 *     fuzz_range checks against its own model); one past the end, or
 *     clamped under --strict, is refused (outcomes[i].refused) and
 *     prints nothing; the rest print their bytes, in the order given:
 *     the output is the concatenation of the slices, and each outcome's
 *     span is the resolved one;
 *   - -L: a brute-force line splitter and the LINE RANGES model of
 *     fuzz_ref.h (ref_lines_select) give the bytes of the lines
 *     printed; under --strict a spec naming a line the input lacks
 *     prints nothing and outcome.refused is set (never without
 *     --strict); outcome.bytes is the span printed, and outcome.lines
 *     the line count whenever the spec needs the end of input (a
 *     negative number, no last line, or a last line at or past the
 *     last), never more;
 *   - with the hex dump, each range's output is instead the reference
 *     dump (hexfmt_ref.h) of its bytes at their offset in the stream
 *     plus the origin.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buffers.h"
#include "flow.h"
#include "hexdump.h"
#include "linespec.h"
#include "output.h"
#include "range.h"
#include "sink.h"
#include "source.h"
#include "stream.h"
#include "streamlines.h"
#include "fuzz_ref.h"
#include "hexfmt_ref.h"

#define MAX_BYTES 4000
#define MAX_PIECE 300
#define SMALL_PIECES 100
#define MAX_RANGES 3

_Static_assert(MAX_PIECE <= MMCAT_READ_BYTES,
    "a read must take a whole packet");

static int memfd = -1;
static int seekfd = -1;
static int saved_stdin = -1;

/* Where the stream comes from. */
struct input {
	bool seekable;		/* a file read as a stream, or a socket */
	uint64_t origin;	/* ... read from this offset on */
};

static void
write_all(int fd, const unsigned char *bytes, size_t len)
{
	ssize_t n;

	for (; len > 0; bytes += n, len -= (size_t)n)
		if ((n = write(fd, bytes, len)) <= 0)
			oracle_fail("write: %s", n < 0 ? strerror(errno) :
			    "nothing written");
}

/* A sink for each range, as the printer makes them. */
struct sinks_ctx {
	bool hex;
	struct raw_sink *raw;
	struct hexdump *dump;
	struct output *out;
	const struct source *src;
};

static struct sink *
make_sink(const void *ctx)
{
	const struct sinks_ctx *s = ctx;

	return s->hex ? hexdump_start(s->dump, s->src->file_origin, NULL) :
	    sink_raw_init(s->raw, s->out);
}

/* What the oracle expects on standard output. */
struct expected {
	char *text;
	size_t len;
	bool hex;
	uint64_t base;		/* the address of the first byte */
};

/* The bytes [begin, end) of content are printed, as they are or dumped. */
static void
expect_bytes(struct expected *e, const unsigned char *content, uint64_t begin,
    uint64_t end)
{
	size_t n = (size_t)(end - begin);

	if (e->hex) {
		e->len += ref_hex_dump(e->text + e->len, e->base + begin,
		    content + begin, n);
	} else if (n > 0) {
		memcpy(e->text + e->len, content + begin, n);
		e->len += n;
	}
}

/* ---- the input ---------------------------------------------------- */

/* Each piece a packet; returns the socket to read, its writer closed. */
static int
send_pieces(const unsigned char *content, size_t len, uint64_t *seed)
{
	size_t done = 0, piece, pieces = 0;
	int sv[2], room = 1 << 20;
	uint64_t x;
	ssize_t n;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0)
		oracle_fail("socketpair: %s", strerror(errno));
	/* The kernel caps it at net.core.wmem_max; the default suffices. */
	(void)setsockopt(sv[1], SOL_SOCKET, SO_SNDBUF, &room, sizeof room);
	while (done < len) {
		x = fuzz_mix(seed);
		piece = pieces >= SMALL_PIECES ? MAX_PIECE : 1 +
		    (x % 4 == 0 ? (x >> 8) % 16 : (x >> 8) % MAX_PIECE);
		if (piece > len - done)
			piece = len - done;
		n = send(sv[1], content + done, piece,
		    MSG_DONTWAIT | MSG_NOSIGNAL);
		if (n < 0)
			oracle_fail("fuzz_stream: the socket took only %zu "
			    "pieces (%zu of %zu bytes): %s", pieces, done, len,
			    strerror(errno));
		ORACLE((size_t)n == piece, "send: %zd of %zu bytes", n, piece);
		done += piece;
		pieces++;
	}
	close(sv[1]);
	return sv[0];
}

/*
 * The socket becomes standard input, opened as mmcat opens "-": a
 * stream, which begins at its offset 0 (dump addresses are offsets).
 */
static void
open_as_stdin(int sock, struct source *src)
{
	int err;

	if (dup2(sock, STDIN_FILENO) < 0)
		oracle_fail("dup2: %s", strerror(errno));
	close(sock);
	if ((err = source_open("-", src)) != 0)
		oracle_fail("source_open(\"-\"): %s", strerror(err));
	ORACLE(src->kind == SOURCE_STREAM && src->file_origin == 0, "a "
	    "socket as standard input: kind %d, beginning at %" PRIu64,
	    (int)src->kind, src->file_origin);
}

static void
restore_stdin(struct source *src)
{
	source_close(src);
	if (dup2(saved_stdin, STDIN_FILENO) < 0)
		oracle_fail("dup2: %s", strerror(errno));
}

/*
 * A stream that can seek, as a /proc file or a character device is:
 * origin bytes of something else, then the content, read from origin
 * on (a standard input read from already).  source_open would map such
 * a file, so the source is made as it makes one for a /proc file.
 */
static void
open_seekable(const unsigned char *content, size_t len, uint64_t origin,
    struct source *src)
{
	unsigned char junk[256];
	size_t i, n;

	if (seekfd < 0 && (seekfd = memfd_create("fuzz_stream_in", 0)) < 0)
		oracle_fail("memfd_create: %s", strerror(errno));
	for (i = 0; i < sizeof junk; i++)
		junk[i] = (unsigned char)(i * 37 + 11);
	if (ftruncate(seekfd, 0) != 0 || lseek(seekfd, 0, SEEK_SET) != 0)
		oracle_fail("cannot empty the memfd: %s", strerror(errno));
	for (i = 0; i < origin; i += n) {
		n = origin - i < sizeof junk ? (size_t)(origin - i) :
		    sizeof junk;
		write_all(seekfd, junk, n);
	}
	write_all(seekfd, content, len);
	if (lseek(seekfd, (off_t)origin, SEEK_SET) < 0)
		oracle_fail("lseek: %s", strerror(errno));
	memset(src, 0, sizeof *src);
	src->name = "fuzz";
	src->fd = seekfd;
	src->kind = SOURCE_STREAM;
	src->stream_reason = "kernel file system reports no real size";
	src->origin = src->file_origin = origin;
	if (fstat(seekfd, &src->st) != 0)
		oracle_fail("fstat: %s", strerror(errno));
}

/* The input as the header chose it: a socket, or a stream that seeks. */
static void
open_input(const struct input *in, const unsigned char *content,
    uint64_t size, uint64_t *seed, struct source *src)
{
	if (in->seekable)
		open_seekable(content, (size_t)size, in->origin, src);
	else
		open_as_stdin(send_pieces(content, (size_t)size, seed), src);
}

static void
close_input(const struct input *in, struct source *src)
{
	if (!in->seekable)
		restore_stdin(src);
}

/* The output holds exactly what is expected. */
static void
check_output(const struct expected *e, const char *what)
{
	struct stat st;
	char *got;
	ssize_t n;

	if (fstat(memfd, &st) != 0)
		oracle_fail("fstat: %s", strerror(errno));
	ORACLE((uint64_t)st.st_size == e->len, "%s: %jd bytes of output, "
	    "expected %zu", what, (intmax_t)st.st_size, e->len);
	if ((got = malloc(e->len + 1)) == NULL)
		abort();
	n = pread(memfd, got, e->len, 0);
	ORACLE(n == (ssize_t)e->len, "pread: %s", strerror(errno));
	ORACLE(memcmp(got, e->text, e->len) == 0, "%s: output differs from "
	    "what the %s", what, e->hex ? "reference dump says" :
	    "slices of the content say");
	free(got);
}

/* ---- byte ranges ---------------------------------------------------- */

/* A number around size: 0, 1, size - 1, size, size + 1, any, huge. */
static struct number
pick_offset(uint64_t *seed, uint64_t size, bool negative)
{
	uint64_t x = fuzz_mix(seed);
	struct number n = { 0, negative };

	switch (x % 8) {
	case 0: n.magnitude = 0; break;
	case 1: n.magnitude = 1; break;
	case 2: n.magnitude = size > 0 ? size - 1 : 0; break;
	case 3: n.magnitude = size; break;
	case 4: n.magnitude = size + 1; break;
	case 5: n.magnitude = (uint64_t)INT64_MAX + (negative && (x >> 63));
		break;
	default: n.magnitude = (x >> 8) % (size + 2); break;
	}
	return n;
}

/* A range of any form. */
static void
pick_any_range(uint64_t *seed, uint64_t size, struct range_request *r)
{
	uint64_t x = fuzz_mix(seed);

	r->start = pick_offset(seed, size, x % 3 == 0);
	r->stop_kind = (enum range_stop)((x >> 8) % 3);
	r->stop = pick_offset(seed, size, r->stop_kind != RANGE_TO_EOF &&
	    (x >> 16) % 3 == 0);
	if (r->stop_kind == RANGE_TO_EOF)
		r->stop = (struct number){ 0, false };
}

/* A range with a fixed end, from at or a little past *cursor. */
static void
pick_next_range(uint64_t *seed, uint64_t size, uint64_t *cursor,
    struct range_request *r)
{
	uint64_t x = fuzz_mix(seed), len = (x >> 16) % (size / 2 + 3);

	r->start = (struct number){ *cursor + (x >> 8) % 4, false };
	r->stop_kind = x % 2 ? RANGE_BY_LENGTH : RANGE_TO_OFFSET;
	r->stop = (struct number){ r->stop_kind == RANGE_BY_LENGTH ? len :
	    r->start.magnitude + len - (len > 0 && (x >> 40) % 4 == 0),
	    false };
	*cursor = r->start.magnitude + len;
}

static const char *
range_text(const struct range_request *r, char *buf, size_t len)
{
	static const char *const kinds[] = { "to EOF", "length", "end" };

	snprintf(buf, len, "start %s%" PRIu64 " %s %s%" PRIu64,
	    r->start.negative ? "-" : "", r->start.magnitude,
	    (unsigned)r->stop_kind < 3 ? kinds[r->stop_kind] : "?",
	    r->stop.negative ? "-" : "", r->stop.magnitude);
	return buf;
}

static void
fuzz_ranges(const unsigned char *content, uint64_t size, uint64_t *seed,
    size_t count, bool strict, struct expected *e, const struct sinks_ctx *sc,
    const struct input *in, struct source *src)
{
	const struct sink_maker sinks = { make_sink, sc };
	struct range_request ranges[MAX_RANGES];
	struct stream_outcome outcomes[MAX_RANGES];
	struct range_span span;
	enum flow_result result;
	uint64_t cursor = 0, tail;
	bool ordered = fuzz_mix(seed) % 2, refused;
	char what[80 * MAX_RANGES + 64], a[80];
	size_t i, len;
	int err = -1;

	for (i = 0; i < count; i++) {
		if (ordered && i + 1 < count)
			pick_next_range(seed, size, &cursor, &ranges[i]);
		else
			pick_any_range(seed, size, &ranges[i]);
	}
	if (count > 1 && !range_plan_one_pass(ranges, count, false, &tail))
		count = 1;
	if (count > 1)
		strict = false;
	len = (size_t)snprintf(what, sizeof what, "%" PRIu64 " bytes%s%s%s:",
	    size, in->seekable ? " that seek" : "", strict ? ", strict" : "",
	    e->hex ? ", hex" : "");
	for (i = 0; i < count; i++)
		len += (size_t)snprintf(what + len, sizeof what - len, " [%s]",
		    range_text(&ranges[i], a, sizeof a));

	open_input(in, content, size, seed, src);
	memset(outcomes, 0xa5, sizeof outcomes);
	result = stream_print_ranges(src, sc->out, &sinks, ranges, count,
	    strict, outcomes, &err);
	close_input(in, src);
	ORACLE(result == FLOW_DONE, "%s: result %d, error %s", what,
	    (int)result, strerror(err));

	for (i = 0; i < count; i++) {
		range_resolve(&ranges[i], size, &span);
		refused = span.past_eof || (strict && span.clamped != 0);
		ORACLE(outcomes[i].refused == refused, "%s: range %zu %s, "
		    "expected %s", what, i + 1, outcomes[i].refused ?
		    "refused" : "accepted", refused ? "refused" : "accepted");
		ORACLE(outcomes[i].size <= size, "%s: range %zu read %" PRIu64
		    " bytes", what, i + 1, outcomes[i].size);
		if (refused)
			continue;
		ORACLE(outcomes[i].span.begin == span.begin &&
		    outcomes[i].span.end == span.end, "%s: range %zu printed %"
		    PRIu64 "-%" PRIu64 ", expected %" PRIu64 "-%" PRIu64, what,
		    i + 1, outcomes[i].span.begin, outcomes[i].span.end,
		    span.begin, span.end);
		expect_bytes(e, content, span.begin, span.end);
	}
	check_output(e, what);
}

/* ---- -L -------------------------------------------------------------- */

/* Whether the spec can be served without reading to the end of input. */
static bool
may_stop_early(const struct lines_request *r, uint64_t lines)
{
	uint64_t first = r->first.magnitude, last;

	if (r->first.negative)
		return false;
	switch (r->last_kind) {
	case LINES_LAST_SAME:
		last = first;
		break;
	case LINES_LAST_EOF:
		return false;
	case LINES_LAST_PLUS:
		last = first + r->last.magnitude;	/* both < 2^63 */
		break;
	case LINES_LAST_LINE:
	default:
		if (r->last.negative)
			return false;
		last = r->last.magnitude > first ? r->last.magnitude : first;
		break;
	}
	return last < lines;
}

static void
fuzz_lines(const unsigned char *content, uint64_t size, unsigned char term,
    uint64_t *seed, bool strict, struct expected *e,
    const struct sinks_ctx *sc, const struct input *in, struct source *src)
{
	const struct sink_maker sinks = { make_sink, sc };
	struct stream_lines_outcome outcome;
	struct lines_request r;
	struct ref_lines want;
	enum flow_result result;
	uint64_t *starts, lines;
	char what[200], a[160];
	bool printed;
	int err = -1;

	if ((starts = malloc((size + 2) * sizeof *starts)) == NULL)
		abort();
	lines = ref_record_starts(content, (size_t)size, term, starts);
	fuzz_pick_lines_request(seed, lines, &r);
	ref_lines_select(&r, starts, lines, &want);
	snprintf(what, sizeof what, "%s-L %s (%" PRIu64 " lines, %" PRIu64
	    " bytes%s%s%s)", term == '\0' ? "-z " : "",
	    ref_lines_request_text(&r, a, sizeof a), lines, size,
	    in->seekable ? " that seek" : "", strict ? ", strict" : "",
	    e->hex ? ", hex" : "");

	open_input(in, content, size, seed, src);
	memset(&outcome, 0xa5, sizeof outcome);
	result = stream_print_lines(src, sc->out, &sinks, &r, term, strict,
	    &outcome, &err);
	close_input(in, src);
	ORACLE(result == FLOW_DONE, "%s: result %d, error %s", what,
	    (int)result, strerror(err));

	ORACLE(outcome.refused == (strict && want.refused), "%s: %s, "
	    "expected %s", what, outcome.refused ? "refused" : "accepted",
	    strict && want.refused ? "refused" : "accepted");
	printed = !want.empty && !(strict && want.refused);
	if (printed) {
		ORACLE(outcome.bytes.begin == want.begin &&
		    outcome.bytes.end == want.end, "%s: printed %" PRIu64 "-%"
		    PRIu64 ", expected %" PRIu64 "-%" PRIu64, what,
		    outcome.bytes.begin, outcome.bytes.end, want.begin,
		    want.end);
		expect_bytes(e, content, want.begin, want.end);
	}
	check_output(e, what);
	ORACLE(outcome.lines <= lines, "%s: read %" PRIu64 " lines", what,
	    outcome.lines);
	ORACLE(may_stop_early(&r, lines) || outcome.lines == lines,
	    "%s: counted %" PRIu64 " lines", what, outcome.lines);
	free(starts);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned newline_every[4] = { 0, 3, 11, 47 };
	static const uint64_t origins[4] = { 0, 1, 100, 4097 };
	uint8_t h[2] = { 0, 0 };
	size_t n = size > 2 ? size - 2 : 0, i;
	uint64_t seed = 0x73747265616du;
	struct sinks_ctx sc;
	struct raw_sink raw;
	struct hexdump dump;
	struct hex_layout layout;
	struct output out;
	struct expected e;
	struct input in;
	struct source src;
	unsigned char *content, term;

	if (saved_stdin < 0) {
		/* fd 0 must be open, or the socketpair could take it. */
		if (source_reserve_standard_fds() != 0 ||
		    (saved_stdin = fcntl(STDIN_FILENO, F_DUPFD_CLOEXEC, 3)) < 0)
			oracle_fail("cannot keep standard input: %s",
			    strerror(errno));
	}
	fuzz_empty_memfd(&memfd, "fuzz_stream");
	if (size > 0)
		memcpy(h, data, size < 2 ? size : 2);
	if (n > MAX_BYTES)
		n = MAX_BYTES;
	term = h[0] % 2 == 1 && (h[0] >> 3) % 2 ? '\0' : '\n';
	for (i = 0; i < size; i++)
		seed = seed * 131 + data[i];
	if ((content = malloc(n + 1)) == NULL)
		abort();
	for (i = 0; i < n; i++) {
		content[i] = data[2 + i];
		if (h[1] % 4 != 0 && content[i] % newline_every[h[1] % 4] == 0)
			content[i] = term;
	}

	in.seekable = (h[1] >> 2) % 4 == 0;
	in.origin = in.seekable ? origins[(h[1] >> 4) % 4] : 0;
	e.hex = (h[0] >> 1) % 2;
	e.len = 0;
	e.base = in.origin;
	e.text = malloc(MAX_RANGES * (e.hex ? REF_HEX_DUMP_MAX(n) : n + 1));
	if (e.text == NULL)
		abort();
	output_open(&out, memfd, true);
	hexlayout_default(&layout);
	if (e.hex && hexdump_init(&dump, &layout, &out) != 0)
		abort();
	sc = (struct sinks_ctx){ e.hex, &raw, &dump, &out, &src };
	if (h[0] % 2 == 0)
		fuzz_ranges(content, n, &seed, (h[0] >> 3) % MAX_RANGES + 1,
		    (h[0] >> 2) % 2, &e, &sc, &in, &src);
	else
		fuzz_lines(content, n, term, &seed, (h[0] >> 2) % 2, &e, &sc,
		    &in, &src);
	if (e.hex)
		hexdump_free(&dump);
	free(e.text);
	free(content);
	return 0;
}
