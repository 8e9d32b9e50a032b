/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_lines_find.c - libFuzzer target for lines_find (src/lines.c) over
 * a real mapping: the input becomes a memfd, scanned in small windows.
 *
 * Input: 4 header bytes, then "SPEC\nCONTENT".
 *   byte 0: window = (1 + b0 % 3) pages; the source's origin (bytes
 *           before it, as on a standard input already read from) is one
 *           of 0, 0, 1, 100, page - 1, page + 1 by (b0 / 3) % 6;
 *   byte 1, 2: padding length ((b1 << 8) | b2) % (3 * page + 2);
 *   byte 3: padding kind b3 % 4 (none, 'x' run, terminator run, "ab"
 *           and a terminator repeated), inserted into CONTENT at
 *           (b3 / 4) / 63 of its length, so that a few fuzz bytes give
 *           lines that cross window and page boundaries;
 *   and the terminator: '\n', or '\0' (-z) when (b0 / 18) is odd.
 * The spec, when lines_parse_spec accepts it, is looked up; so is a
 * request derived from the bytes (small line numbers of every kind), so
 * every input exercises lines_find.
 *
 * Oracle (abort() when violated): a brute-force line splitter over the
 * same bytes (ref_line_starts and ref_lines_select, fuzz_ref.h) computes
 * what `sed -n 'N,Mp'` prints with the contract's bat-style rules, and
 * whether --strict refuses it:
 *   - a line ends just past its terminator; a last line without one
 *     counts;
 *   - negative N or M counts from the last line (-1 is the last); the
 *     spec names lines N..M so resolved, which may start before line 1:
 *     the lines of it that exist are printed ("-K:" is tail -n K; "-K"
 *     and "-K:+J" with K - J past the lines select nothing), and a spec
 *     naming a line the input lacks is refused under --strict;
 *   - M < N prints line N only (sed); N:+K is N to N+K;
 *   - lines past the last select nothing, and are refused under --strict,
 *     as is any M or N+K past the last line.
 * lines_find must find the lines and give exactly those bytes (an empty
 * selection may sit anywhere), past_last || clamped exactly when refused,
 * begin <= end <= size, and a line count, when it gives one, that is
 * right.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "lines.h"
#include "view.h"
#include "number.h"
#include "source.h"
#include "fuzz_ref.h"

static int memfd = -1;

static void
check(const struct source *src, size_t window, unsigned char term,
    const struct lines_request *r, const uint64_t *starts, uint64_t lines,
    uint64_t content_len)
{
	struct lines_span got;
	struct ref_lines want;
	bool refused;
	char a[160];
	const char *rq = ref_lines_request_text(r, a, sizeof a);
	int err;

	ORACLE(lines_find(src, r, term, window, &got, &err) == LINES_FOUND,
	    "lines_find(%s, terminator 0x%02x): %s", rq, term,
	    strerror(err));
	ref_lines_select(r, starts, lines, &want);
	ORACLE(got.bytes.begin <= got.bytes.end &&
	    got.bytes.end <= content_len, "%s: bytes %" PRIu64 "-%" PRIu64
	    " outside the %" PRIu64 "-byte file", rq, got.bytes.begin,
	    got.bytes.end, content_len);
	if (want.empty)
		ORACLE(got.bytes.begin == got.bytes.end, "%s (%" PRIu64
		    " lines, %" PRIu64 " bytes, window %zu, origin %" PRIu64
		    "): bytes %" PRIu64 "-%" PRIu64 ", expected nothing",
		    rq, lines, content_len, window, src->origin,
		    got.bytes.begin, got.bytes.end);
	else
		ORACLE(got.bytes.begin == want.begin &&
		    got.bytes.end == want.end, "%s (%" PRIu64 " lines, %"
		    PRIu64 " bytes, window %zu, origin %" PRIu64 "): bytes %"
		    PRIu64 "-%" PRIu64 ", expected %" PRIu64 "-%" PRIu64,
		    rq, lines, content_len, window, src->origin,
		    got.bytes.begin, got.bytes.end, want.begin, want.end);
	refused = got.past_last || got.clamped;
	ORACLE(refused == want.refused, "%s (%" PRIu64 " lines, %" PRIu64
	    " bytes): --strict would %s it (past_last %d, clamped %d), "
	    "expected %s", rq, lines, content_len,
	    refused ? "refuse" : "accept", got.past_last, got.clamped,
	    want.refused ? "refused" : "accepted");
	ORACLE(!got.past_last || got.bytes.begin == got.bytes.end,
	    "%s: past_last with a non-empty span", rq);
	ORACLE(got.line_count == 0 || got.line_count == lines,
	    "%s: line count %" PRIu64 ", file has %" PRIu64, rq,
	    got.line_count, lines);
}

static void
write_file(const unsigned char *bytes, size_t len)
{
	size_t done = 0;
	ssize_t n;

	if (memfd < 0 && (memfd = memfd_create("fuzz_lines_find", 0)) < 0)
		oracle_fail("memfd_create: %s", strerror(errno));
	if (ftruncate(memfd, (off_t)len) != 0)
		oracle_fail("ftruncate: %s", strerror(errno));
	while (done < len) {
		n = pwrite(memfd, bytes + done, len - done, (off_t)done);
		if (n <= 0)
			oracle_fail("pwrite: %s", strerror(errno));
		done += (size_t)n;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const size_t page = view_page_size();
	const uint64_t origins[] = { 0, 0, 1, 100, page - 1, page + 1 };
	uint8_t h[4] = { 0, 0, 0, 0 };
	const uint8_t *body = data + (size < 4 ? size : 4), *raw;
	size_t body_len = size < 4 ? 0 : size - 4, spec_len = 0;
	size_t window, origin, pad_len, pad_at, raw_len, file_len, i;
	unsigned char *file, *content;
	uint64_t *starts, lines = 0, seed = 0x6c696e6573u;
	struct lines_request request;
	enum number_status ns;
	struct source src;
	unsigned char term;
	char *spec;

	if (size > 0)
		memcpy(h, data, size < 4 ? size : 4);
	term = h[0] / 18 % 2 ? '\0' : '\n';
	window = page * (1 + h[0] % 3);
	origin = (size_t)origins[(h[0] / 3) % 6];
	pad_len = (((size_t)h[1] << 8) | h[2]) % (3 * page + 2);
	if (h[3] % 4 == 0)
		pad_len = 0;
	while (spec_len < body_len && body[spec_len] != '\n')
		spec_len++;
	spec = fuzz_strndup(body, spec_len);
	raw_len = spec_len < body_len ? body_len - spec_len - 1 : 0;
	raw = spec_len < body_len ? body + spec_len + 1 : body + body_len;
	pad_at = raw_len * (h[3] / 4) / 63;

	/* The file: origin junk, content with the padding spliced in. */
	file_len = origin + raw_len + pad_len;
	file = malloc(file_len + 1);
	if (file == NULL)
		abort();
	for (i = 0; i < origin; i++)
		file[i] = i % 2 ? 'z' : term;
	content = file + origin;
	memcpy(content, raw, pad_at);
	for (i = 0; i < pad_len; i++)
		content[pad_at + i] = h[3] % 4 == 1 ? 'x' :
		    h[3] % 4 == 2 || i % 3 == 2 ? term : "ab"[i % 3];
	memcpy(content + pad_at + pad_len, raw + pad_at, raw_len - pad_at);
	write_file(file, file_len);

	/* Brute force: where every line starts, and one past the last. */
	starts = malloc((raw_len + pad_len + 2) * sizeof *starts);
	if (starts == NULL)
		abort();
	lines = ref_record_starts(content, raw_len + pad_len, term, starts);

	memset(&src, 0, sizeof src);
	src.name = "fuzz";
	src.fd = memfd;
	src.kind = SOURCE_MAPPABLE;
	src.origin = origin;
	src.size = raw_len + pad_len;

	for (i = 0; i < size; i++)
		seed = seed * 131 + data[i];
	if (lines_parse_spec(spec, &request, &ns) == LINES_SPEC_OK)
		check(&src, window, term, &request, starts, lines, src.size);
	for (i = 0; i < 2; i++) {
		fuzz_pick_lines_request(&seed, lines, &request);
		check(&src, window, term, &request, starts, lines, src.size);
	}

	free(starts);
	free(file);
	free(spec);
	return 0;
}
