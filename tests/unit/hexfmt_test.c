/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * hexfmt_test.c - unit tests of src/hexfmt.c against xxd, printed as TAP.
 *
 * The expected text is never written down here: every case runs the real
 * xxd (the oracle the man page names for -x) on the same bytes, either at
 * their real offset in a sparse file past 4 GiB (xxd -s OFFSET -l LENGTH,
 * what mmcat -x must match) or shown at a given address (xxd -o ADDRESS)
 * for the wider addresses no test file can reach.  Each xxd text is
 * compared with every implementation compiled in that this CPU runs.
 * The other layouts (hexlayout.h) are checked the same way against xxd
 * with their flags.  Without xxd the cases are skipped.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../src/hexfmt.h"
#include "tap.h"

/* xxd's default layout, and the one a case is about. */
static struct hex_layout default_layout;
static const struct hex_layout *layout = &default_layout;

/* Scratch files, removed at exit. */
static char dir[4096], data_path[4200], out_path[4200], sparse_path[4200];

static void
die(const char *what)
{
	printf("Bail out! hexfmt_test: %s: %s\n", what, strerror(errno));
	exit(99);
}

static void
cleanup(void)
{
	unlink(data_path);
	unlink(out_path);
	unlink(sparse_path);
	rmdir(dir);
}

static void
write_at(const char *path, int flags, int64_t off, const unsigned char *b,
    size_t n)
{
	int fd = open(path, O_WRONLY | O_CREAT | flags, 0600);

	if (fd < 0 || pwrite(fd, b, n, (off_t)off) != (ssize_t)n ||
	    close(fd) != 0)
		die(path);
}

/* Run argv with stdout to out_path; returns what it printed (malloc'd). */
static char *
run_xxd(char *const argv[], size_t *len)
{
	int fd, status;
	pid_t pid;
	char *text;
	struct stat st;

	if ((pid = fork()) < 0)
		die("fork");
	if (pid == 0) {
		fd = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (fd < 0 || dup2(fd, 1) < 0)
			_exit(127);
		/* xxd -v, the probe, talks on stderr. */
		if ((fd = open("/dev/null", O_WRONLY)) >= 0)
			dup2(fd, 2);
		execvp(argv[0], argv);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0)
		return NULL;
	if ((fd = open(out_path, O_RDONLY)) < 0 || fstat(fd, &st) != 0)
		die(out_path);
	*len = (size_t)st.st_size;
	if ((text = malloc(*len + 1)) == NULL ||
	    read(fd, text, *len) != (ssize_t)*len)
		die(out_path);
	close(fd);
	return text;
}

/* The xxd flags of the layout a case is about ("" for the default). */
static char layout_flags[64];

/* xxd FLAGS -o ADDRESS on a file holding just bytes[0..n). */
static char *
xxd_at_address(uint64_t address, const unsigned char *bytes, size_t n,
    size_t *len)
{
	char xxd[] = "xxd", opt[] = "-o", addr[32], flags[sizeof layout_flags];
	char *argv[16] = { xxd, opt, addr }, *word, *save = NULL;
	size_t argc = 3;

	snprintf(addr, sizeof addr, "0x%" PRIx64, address);
	memcpy(flags, layout_flags, sizeof flags);
	for (word = strtok_r(flags, " ", &save); word != NULL && argc < 14;
	    word = strtok_r(NULL, " ", &save))
		argv[argc++] = word;
	argv[argc++] = data_path;
	argv[argc] = NULL;
	write_at(data_path, O_TRUNC, 0, bytes, n);
	return run_xxd(argv, len);
}

/* xxd -s OFFSET -l LENGTH on the sparse file. */
static char *
xxd_range(int64_t offset, size_t n, size_t *len)
{
	char xxd[] = "xxd", opt_s[] = "-s", opt_l[] = "-l", off[32], length[32];
	char *argv[] = { xxd, opt_s, off, opt_l, length, sparse_path, NULL };

	snprintf(off, sizeof off, "%" PRId64, offset);
	snprintf(length, sizeof length, "%zu", n);
	return run_xxd(argv, len);
}

/* Nothing was written there: the 0x55 put in before is still there. */
static bool
untouched(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != 0x55)
			return false;
	return true;
}

/*
 * mmcat's way of dumping a range: whole lines into a buffer of out_cap
 * bytes at a time, then the short last line.  Returns the text.
 */
static char *
format_range(uint64_t address, const unsigned char *bytes, size_t n,
    size_t out_cap, size_t *len, bool *contract_ok)
{
	char *text = malloc((n / layout->cols + 1) * HEXFMT_LINE_MAX);
	char *chunk = malloc(out_cap + 1);
	size_t done = 0, used, took;

	if (text == NULL || chunk == NULL)
		die("malloc");
	*len = 0;
	*contract_ok = true;
	while (n - done >= layout->cols) {
		memset(chunk, 0x55, out_cap + 1);
		used = hexfmt_lines(layout, chunk, out_cap, address + done,
		    bytes + done, n - done, &took);
		if (took == 0 || took % layout->cols != 0 || used > out_cap ||
		    !untouched(chunk + used, out_cap + 1 - used)) {
			*contract_ok = false;
			break;
		}
		memcpy(text + *len, chunk, used);
		*len += used;
		done += took;
	}
	if (*contract_ok && done < n) {
		used = hexfmt_line(layout, text + *len, address + done,
		    bytes + done, n - done);
		*contract_ok = used <= hexfmt_line_max(layout);
		*len += used;
	}
	free(chunk);
	return text;
}

static bool
same_text(const char *want, size_t want_len, const char *got, size_t got_len)
{
	return want != NULL && want_len == got_len &&
	    memcmp(want, got, got_len) == 0;
}

static unsigned char *
random_bytes(size_t n, uint64_t seed)
{
	unsigned char *b = malloc(n);
	size_t i;

	if (b == NULL)
		die("malloc");
	for (i = 0; i < n; i++) {
		seed = seed * 6364136223846793005u + 1442695040888963407u;
		b[i] = (unsigned char)(seed >> 56);
	}
	return b;
}

/*
 * How many implementations format bytes[0..n) at address through a
 * buffer of out_cap bytes otherwise than xxd's text want (NULL: xxd
 * failed, all of them); the first difference is noted as from `what`.
 */
static size_t
variants_differ(const char *want, size_t want_len, uint64_t address,
    const unsigned char *bytes, size_t n, size_t out_cap, const char *what)
{
	size_t i, differ = 0, got_len;
	const char *name;
	bool contract_ok;
	char *got;

	for (i = 0; (name = hexfmt_variant_name(i)) != NULL; i++) {
		if (!hexfmt_use_variant(name))
			continue;
		got = format_range(address, bytes, n, out_cap, &got_len,
		    &contract_ok);
		if (!contract_ok || !same_text(want, want_len, got, got_len)) {
			if (differ++ == 0)
				tap_note("%s: %s on %zu bytes at 0x%" PRIx64
				    " (buffer %zu) differs%s", name, what, n,
				    address, out_cap, contract_ok ? "" :
				    ": hexfmt_lines broke its contract");
		}
		free(got);
	}
	return differ;
}

/* One dump at address against xxd -o; true when every variant agrees. */
static bool
same_as_xxd_o(uint64_t address, const unsigned char *bytes, size_t n,
    size_t out_cap)
{
	size_t want_len = 0, differ;
	char *want = xxd_at_address(address, bytes, n, &want_len);

	differ = variants_differ(want, want_len, address, bytes, n, out_cap,
	    "xxd -o");
	free(want);
	return differ == 0;
}

/* Every length 1..33 (each partial last line) at addresses of each width. */
static void
test_lengths_at_addresses(const unsigned char *bytes)
{
	static const uint64_t addresses[] = { 0, 5, 0xfffffff0, 0xfffffff8,
	    0xffffffff, 0x100000000, 0x100000007, 0xffffffff8,
	    0xfffffffffff3, 0xfffffffffffffe00, 0xffffffffffffffd8 };
	size_t i, n, bad;

	for (i = 0; i < sizeof addresses / sizeof addresses[0]; i++) {
		for (bad = 0, n = 1; n <= 33; n++)
			bad += !same_as_xxd_o(addresses[i], bytes, n, 4096);
		tap_check(bad == 0, "lengths 1..33 at 0x%" PRIx64 " are what "
		    "xxd -o prints, in every implementation (%zu differ)",
		    addresses[i], bad);
	}
}

/* Every byte value, and a long dump through buffers of many sizes. */
static void
test_buffers(const unsigned char *random)
{
	/* A 9-digit line takes 69 bytes: less would stop the dump there. */
	static const size_t caps[] = { 69, 70, 137, 138, 139, 1000, 4096,
	    1 << 20 };
	unsigned char all[512];
	size_t i, bad = 0, took;
	char out[HEXFMT_LINE_MAX];
	const char *name;

	for (i = 0; i < sizeof all; i++)
		all[i] = (unsigned char)(i < 256 ? i : 511 - i);
	tap_check(same_as_xxd_o(0, all, sizeof all, 4096),
	    "all 256 byte values, up and down, as xxd prints them, in every "
	    "implementation");
	for (i = 0; i < sizeof caps / sizeof caps[0]; i++)
		bad += !same_as_xxd_o(0xffff0123, random, 65536 + 7, caps[i]);
	tap_check(bad == 0, "64 KiB across 0x100000000 through buffers of "
	    "69 bytes to 1 MiB, as xxd prints it, in every implementation "
	    "(%zu differ)", bad);
	for (i = 0; (name = hexfmt_variant_name(i)) != NULL; i++) {
		if (!hexfmt_use_variant(name))
			continue;
		tap_check(hexfmt_lines(layout, out, 67, 0, random, 64,
		    &took) == 0 && took == 0 &&
		    hexfmt_lines(layout, out, 68, 0, random, 15, &took) == 0 &&
		    took == 0 &&
		    hexfmt_lines(layout, out, 76, 0x100000000, random, 32,
		    &took) == 69 && took == 16, "%s: hexfmt_lines stops short "
		    "of a "
		    "line it has no room or no 16 bytes for", name);
	}
}

/* xxd -s OFFSET -l LENGTH of a sparse file, past 4 GiB. */
static void
test_real_offsets(const unsigned char *random)
{
	static const int deltas[] = { -40, -33, -17, -16, -15, -8, -1, 0, 1,
	    2, 16, 20 };
	static const size_t lengths[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11,
	    12, 13, 14, 15, 16, 17, 31, 32, 33, 48, 49, 50 };
	const int64_t base = INT64_C(0xffffffff) - 2048;
	int64_t off;
	size_t i, j, want_len = 0, bad = 0, cases = 0;
	char *want;

	write_at(sparse_path, O_TRUNC, base, random, 4096);
	for (i = 0; i < sizeof deltas / sizeof deltas[0]; i++) {
		off = INT64_C(0xffffffff) + deltas[i];
		for (j = 0; j < sizeof lengths / sizeof lengths[0]; j++) {
			cases++;
			want = xxd_range(off, lengths[j], &want_len);
			bad += variants_differ(want, want_len, (uint64_t)off,
			    random + (off - base), lengths[j], 4096,
			    "xxd -s -l") != 0;
			free(want);
		}
	}
	tap_check(bad == 0, "%zu ranges around offset 0xffffffff of a file "
	    "are what xxd -s -l prints, in every implementation (%zu "
	    "differ)", cases, bad);
}

/*
 * The other dump layouts, at addresses where the digits grow, every line
 * length up to two lines, through small and large buffers: what xxd
 * prints with the same flags.
 */
static void
test_layouts(const unsigned char *random)
{
	static const struct {
		const char *flags;
		struct hex_request request;
	} cases[] = {
		{ "-g 1", { .group_given = true, .group = 1 } },
		{ "-c 32 -g 4", { .cols_given = true, .cols = 32,
		    .group_given = true, .group = 4 } },
		{ "-c 7 -g 3 -u", { .cols_given = true, .cols = 7,
		    .group_given = true, .group = 3, .upper = true } },
		{ "-c 256 -g 0", { .cols_given = true, .cols = 256,
		    .group_given = true, .group = 0 } },
		{ "-b", { .bits = true } },
		{ "-b -c 5 -g 2", { .bits = true, .cols_given = true,
		    .cols = 5, .group_given = true, .group = 2 } },
		{ "-e", { .little_endian = true } },
		{ "-e -c 8 -g 8 -u", { .little_endian = true,
		    .cols_given = true, .cols = 8, .group_given = true,
		    .group = 8, .upper = true } },
		{ "-d", { .decimal = true } },
		{ "-d -e -c 4", { .decimal = true, .little_endian = true,
		    .cols_given = true, .cols = 4 } },
	};
	static const uint64_t addresses[] = { 0, 0xffffffe0, 0xffffffffffe7,
	    99999990 };
	struct hex_layout chosen;
	size_t i, j, n, bad;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		if (hexlayout_resolve(&cases[i].request, &chosen) != NULL) {
			tap_check(false, "xxd %s is a layout", cases[i].flags);
			continue;
		}
		layout = &chosen;
		snprintf(layout_flags, sizeof layout_flags, "%s",
		    cases[i].flags);
		bad = 0;
		for (j = 0; j < sizeof addresses / sizeof addresses[0]; j++) {
			for (n = 1; n <= 2 * chosen.cols + 1; n++)
				bad += !same_as_xxd_o(addresses[j], random, n,
				    n % 3 == 0 ? 1 << 20 :
				    hexfmt_line_max(&chosen) + n % 5);
		}
		bad += !same_as_xxd_o(0x123, random, 65536,
		    2 * hexfmt_line_max(&chosen) + 3);
		tap_check(bad == 0, "xxd %s: every line length at addresses "
		    "where the digits grow, as xxd prints it (%zu differ)",
		    cases[i].flags, bad);
	}
	layout = &default_layout;
	layout_flags[0] = '\0';
}

int
main(void)
{
	const char *tmp = getenv("TMPDIR");
	unsigned char *random = random_bytes(65536 + 16, 1);
	char xxd[] = "xxd", opt[] = "-v";
	char *version[] = { xxd, opt, NULL }, *text;
	const char *name;
	size_t len;

	snprintf(dir, sizeof dir, "%s/hexfmt_test.XXXXXX",
	    tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
	if (mkdtemp(dir) == NULL)
		die("mkdtemp");
	snprintf(data_path, sizeof data_path, "%s/data", dir);
	snprintf(out_path, sizeof out_path, "%s/out", dir);
	snprintf(sparse_path, sizeof sparse_path, "%s/sparse", dir);
	atexit(cleanup);
	if ((text = run_xxd(version, &len)) == NULL) {
		printf("1..0 # SKIP xxd not found\n");
		return 0;
	}
	free(text);
	for (len = 0; (name = hexfmt_variant_name(len)) != NULL; len++)
		tap_note("%s: %s", name, hexfmt_use_variant(name) ?
		    "tested" : "compiled in, not supported by this CPU");
	hexlayout_default(&default_layout);
	test_lengths_at_addresses(random);
	test_buffers(random);
	test_real_offsets(random);
	test_layouts(random);
	free(random);
	return tap_done();
}
