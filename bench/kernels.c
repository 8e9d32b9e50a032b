/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * kernels.c - throughput of the pure kernels, in memory: not a test.
 *
 * usage: bench/kernels newline [SIZE_MIB [ROUNDS]]
 *        bench/kernels hex [SIZE_MIB [ROUNDS]]
 *
 * newline: a synthetic log of SIZE_MIB (default 1024) in memory, touched
 * before timing (hot).  For each newline implementation this CPU runs:
 * counting the whole buffer, finding the middle line forwards and
 * backwards; next to them, memchr (and memrchr) called once per line,
 * what -L did before, and a plain byte loop.  GB/s = bytes scanned / s.
 *
 * hex: SIZE_MIB (default 256) of random bytes formatted into a 1 MiB
 * text buffer, flushed nowhere (the formatter alone): hexfmt_lines, in
 * each implementation this CPU runs, against the per-byte formatter -x
 * used before (tests/fuzz/hexfmt_ref.h, one line at a time, as
 * src/hexdump.c calls it).  MB/s of input bytes.  The texts are compared
 * once before timing.
 *
 * Contenders alternate round by round; the median of ROUNDS (default 5)
 * is printed.  Numbers from one run compare; numbers from different runs
 * on a shared machine do not.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../src/hexfmt.h"
#include "../src/newline.h"
#include "../tests/fuzz/hexfmt_ref.h"

#define MAX_ROUNDS 31
#define MAX_CONTENDERS 8
#define TEXT_BUFFER ((size_t)1 << 20)

struct contender {
	const char *name;
	double seconds[MAX_ROUNDS];
	double bytes;		/* scanned or formatted per run */
};

static volatile uint64_t sink;	/* results kept, so no run is elided */

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double
median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, by_value);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void
report(struct contender *c, int count, int rounds, double unit,
    const char *unit_name)
{
	int i;
	double m;

	for (i = 0; i < count; i++) {
		m = median(c[i].seconds, rounds);
		printf("%-28s %9.4f s  %8.2f %s\n", c[i].name, m,
		    c[i].bytes / m / unit, unit_name);
	}
}

/* Log-like text: lines of 50..210 bytes, every 997th of 1..4 KiB. */
static void
make_log(unsigned char *p, size_t n)
{
	uint64_t seed = 7;
	size_t i = 0, len, lines = 0, j;

	while (i < n) {
		seed = seed * 6364136223846793005u + 1442695040888963407u;
		len = ++lines % 997 == 0 ? 1024 + (seed >> 33) % 3072 :
		    50 + (seed >> 33) % 161;
		for (j = 0; j < len - 1 && i < n; j++, i++)
			p[i] = (unsigned char)(' ' + (seed >> (j % 40)) % 90);
		if (i < n)
			p[i++] = '\n';
	}
}

/* Where the k-th newline ends, the way -L found it: memchr per line. */
static size_t
memchr_find(const unsigned char *p, size_t n, uint64_t k)
{
	const unsigned char *at = p, *end = p + n, *hit;

	while (k > 0 && (hit = memchr(at, '\n', (size_t)(end - at)))) {
		at = hit + 1;
		k--;
	}
	return (size_t)(at - p);
}

static size_t
memrchr_find(const unsigned char *p, size_t n, uint64_t k)
{
	const unsigned char *end = p + n, *hit;

	while (k > 0 && (hit = memrchr(p, '\n', (size_t)(end - p)))) {
		end = hit;
		k--;
	}
	return (size_t)(end - p) + 1;
}

static uint64_t
byte_loop_count(const unsigned char *p, size_t n)
{
	uint64_t c = 0;
	size_t i;

	for (i = 0; i < n; i++)
		c += p[i] == '\n';
	return c;
}

enum newline_job { JOB_COUNT, JOB_FIND, JOB_RFIND, JOB_MEMCHR, JOB_MEMRCHR,
	JOB_BYTES };

struct newline_case {
	enum newline_job job;
	const char *variant;	/* for the kernels' jobs */
};

/* One timed run; returns the seconds, *scanned the bytes it went over. */
static double
newline_run(const struct newline_case *c, const unsigned char *p, size_t n,
    uint64_t middle, double *scanned)
{
	double t0;
	size_t pos = 0;
	uint64_t found = 0;

	if (c->variant != NULL && !newline_use_variant(c->variant))
		exit(1);
	t0 = now();
	switch (c->job) {
	case JOB_COUNT: found = newline_count(p, n); pos = n; break;
	case JOB_FIND: newline_find(p, n, middle, &pos, &found); break;
	case JOB_RFIND: newline_rfind(p, n, middle, &pos, &found);
		pos = n - pos; break;
	case JOB_MEMCHR: pos = memchr_find(p, n, middle); break;
	case JOB_MEMRCHR: pos = n - memrchr_find(p, n, middle); break;
	case JOB_BYTES: found = byte_loop_count(p, n); pos = n; break;
	}
	t0 = now() - t0;
	sink += found + pos;
	*scanned = (double)pos;
	return t0;
}

static int
bench_newline(size_t mib, int rounds)
{
	static struct newline_case cases[MAX_CONTENDERS * 3];
	static struct contender cs[MAX_CONTENDERS * 3];
	static char names[MAX_CONTENDERS * 3][64];
	static const char *const jobs[] = { "count", "find middle",
	    "rfind middle" };
	size_t n = mib << 20, i, count = 0, v;
	unsigned char *p = malloc(n);
	const char *name;
	uint64_t total;
	int r, j;

	if (p == NULL)
		return 1;
	make_log(p, n);
	total = byte_loop_count(p, n);
	for (v = 0; (name = newline_variant_name(v)) != NULL; v++) {
		if (!newline_use_variant(name))
			continue;
		for (j = 0; j < 3; j++, count++) {
			cases[count].job = (enum newline_job)j;
			cases[count].variant = name;
			snprintf(names[count], sizeof names[count], "%s %s",
			    name, jobs[j]);
			cs[count].name = names[count];
		}
	}
	cases[count] = (struct newline_case){ JOB_MEMCHR, NULL };
	cs[count++].name = "memchr per line, to middle";
	cases[count] = (struct newline_case){ JOB_MEMRCHR, NULL };
	cs[count++].name = "memrchr per line, to middle";
	cases[count] = (struct newline_case){ JOB_BYTES, NULL };
	cs[count++].name = "byte loop count";
	printf("newline: %zu MiB hot, %" PRIu64 " lines (%.1f bytes a line), "
	    "median of %d\n", mib, total, (double)n / (double)total, rounds);
	for (r = 0; r < rounds; r++)
		for (i = 0; i < count; i++) {
			j = (int)((i + (size_t)r) % count);
			cs[j].seconds[r] = newline_run(&cases[j], p, n,
			    total / 2, &cs[j].bytes);
		}
	report(cs, (int)count, rounds, 1e9, "GB/s");
	free(p);
	return 0;
}

/* FNV-1a over a text, to compare the formatters' outputs once. */
static uint64_t
hash_text(uint64_t h, const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)p[i]) * 0x100000001b3u;
	return h;
}

/* The formatter -x used before: a line at a time into the buffer. */
static uint64_t
hex_old(char *text, uint64_t address, const unsigned char *p, size_t n,
    bool hash)
{
	size_t done, len = 0, line;
	uint64_t h = 0xcbf29ce484222325u, out = 0;

	for (done = 0; done < n; done += line) {
		line = n - done < 16 ? n - done : 16;
		if (TEXT_BUFFER - len < REF_HEX_LINE_MAX) {
			h = hash ? hash_text(h, text, len) : h;
			out += len;
			len = 0;
		}
		len += ref_hex_line(text + len, address + done, p + done,
		    line);
	}
	h = hash ? hash_text(h, text, len) : h;
	return hash ? h : out + len;
}

/* xxd's default layout, set up by main. */
static struct hex_layout default_layout;

static uint64_t
hex_new(char *text, uint64_t address, const unsigned char *p, size_t n,
    bool hash)
{
	size_t done = 0, len, took;
	uint64_t h = 0xcbf29ce484222325u, out = 0;

	while (n - done >= 16) {
		len = hexfmt_lines(&default_layout, text, TEXT_BUFFER,
		    address + done, p + done, n - done, &took);
		h = hash ? hash_text(h, text, len) : h;
		out += len;
		done += took;
	}
	if (done < n) {
		len = hexfmt_line(&default_layout, text, address + done,
		    p + done, n - done);
		h = hash ? hash_text(h, text, len) : h;
		out += len;
	}
	return hash ? h : out;
}

static int
bench_hex(size_t mib, int rounds)
{
	static struct contender cs[MAX_CONTENDERS];
	static const char *variant[MAX_CONTENDERS];
	static char names[MAX_CONTENDERS][64];
	size_t n = (mib << 20) + 7, i, count = 1;
	unsigned char *p = malloc(n);
	char *text = malloc(TEXT_BUFFER);
	uint64_t seed = 1, text_len = 0, want;
	const char *name;
	double t0;
	int r, j;

	if (p == NULL || text == NULL)
		return 1;
	for (i = 0; i < n; i++) {
		seed = seed * 6364136223846793005u + 1442695040888963407u;
		p[i] = (unsigned char)(seed >> 56);
	}
	cs[0].name = "old, a line at a time";
	want = hex_old(text, 123, p, n, true);
	for (i = 0; (name = hexfmt_variant_name(i)) != NULL; i++) {
		if (!hexfmt_use_variant(name))
			continue;
		if (hex_new(text, 123, p, n, true) != want) {
			fprintf(stderr, "kernels: %s: the text differs\n", name);
			return 1;
		}
		variant[count] = name;
		snprintf(names[count], sizeof names[count], "hexfmt_lines %s",
		    name);
		cs[count].name = names[count];
		count++;
	}
	printf("hex: %zu MiB + 7 at address 123, into a 1 MiB buffer, "
	    "median of %d\n", mib, rounds);
	for (r = 0; r < rounds; r++)
		for (i = 0; i < count; i++) {
			j = (int)((i + (size_t)r) % count);
			if (j > 0)
				(void)hexfmt_use_variant(variant[j]);
			t0 = now();
			text_len = j == 0 ? hex_old(text, 123, p, n, false) :
			    hex_new(text, 123, p, n, false);
			cs[j].seconds[r] = now() - t0;
			cs[j].bytes = (double)n;
			sink += text_len;
		}
	report(cs, (int)count, rounds, 1e6, "MB/s (input)");
	printf("text: %" PRIu64 " bytes (%.3f per input byte)\n", text_len,
	    (double)text_len / (double)n);
	free(text);
	free(p);
	return 0;
}

int
main(int argc, char **argv)
{
	long size = argc > 2 ? atol(argv[2]) : 0;
	int rounds = argc > 3 ? atoi(argv[3]) : 5;

	if (rounds < 1 || rounds > MAX_ROUNDS || size < 0) {
		fprintf(stderr, "kernels: ROUNDS is 1..%d\n", MAX_ROUNDS);
		return 2;
	}
	if (argc > 1 && strcmp(argv[1], "newline") == 0)
		return bench_newline(size ? (size_t)size : 1024, rounds);
	hexlayout_default(&default_layout);
	if (argc > 1 && strcmp(argv[1], "hex") == 0)
		return bench_hex(size ? (size_t)size : 256, rounds);
	fprintf(stderr, "usage: kernels newline|hex [SIZE_MIB [ROUNDS]]\n");
	return 2;
}
