/*
 * progress.c - bytes, percent, rate and time left, on one erasable line.
 */
#include "config.h"

#include "progress.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "diag.h"

#define REDRAW_NS 200000000LL	/* five times a second */

static struct {
	bool wanted, drawn;
	char name[160];		/* quoted as in messages; "..." if cut */
	uint64_t total, done;
	long long started_ns, drawn_ns;
} bar;

static long long
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* "1.5 GiB": human sizes in powers of 1024. */
static void
format_size(char *buf, size_t len, double bytes)
{
	static const char *const units[] = { "B", "KiB", "MiB", "GiB",
	    "TiB", "PiB", "EiB" };
	size_t unit = 0;

	while (bytes >= 1024 && unit + 1 < sizeof units / sizeof *units) {
		bytes /= 1024;
		unit++;
	}
	(void)snprintf(buf, len, unit == 0 ? "%.0f %s" : "%.1f %s", bytes,
	    units[unit]);
}

static void
draw(long long now)
{
	char done[32], total[32], rate[32], line[256];
	double seconds = (double)(now - bar.started_ns) / 1e9;
	double per_second = seconds > 0 ? (double)bar.done / seconds : 0;
	long long left;
	int n;

	format_size(done, sizeof done, (double)bar.done);
	format_size(rate, sizeof rate, per_second);
	if (bar.total > 0) {
		format_size(total, sizeof total, (double)bar.total);
		left = per_second > 0 ?
		    (long long)((double)(bar.total - bar.done) / per_second) : 0;
		n = snprintf(line, sizeof line, "\rmmcat: %s: %s / %s (%u%%) "
		    "%s/s, %lld:%02lld left\033[K", bar.name, done, total,
		    (unsigned)(bar.done * 100 / bar.total), rate, left / 60,
		    left % 60);
	} else {
		n = snprintf(line, sizeof line, "\rmmcat: %s: %s %s/s\033[K",
		    bar.name, done, rate);
	}
	if (n > 0 && write(STDERR_FILENO, line,
	    (size_t)n < sizeof line ? (size_t)n : sizeof line - 1) > 0)
		bar.drawn = true;
	bar.drawn_ns = now;
}

void
progress_enable(void)
{
	bar.wanted = isatty(STDERR_FILENO) == 1;
}

bool
progress_enabled(void)
{
	return bar.wanted;
}

void
progress_begin(const char *name, uint64_t total)
{
	static const char cut[] = "...";

	if (!bar.wanted)
		return;
	/* Bounded, so that the line's erase sequence is never cut off. */
	if (diag_name(bar.name, sizeof bar.name - (sizeof cut - 1), name) >=
	    sizeof bar.name - (sizeof cut - 1))
		strcat(bar.name, cut);
	bar.total = total;
	bar.done = 0;
	bar.started_ns = now_ns();
	draw(bar.started_ns);
}

void
progress_advance(uint64_t bytes)
{
	long long now;

	if (!bar.wanted)
		return;
	bar.done += bytes;
	if (bar.total > 0 && bar.done > bar.total)
		bar.done = bar.total;
	now = now_ns();
	if (now - bar.drawn_ns >= REDRAW_NS)
		draw(now);
}

void
progress_end(void)
{
	static const char erase[] = "\r\033[K";

	if (!bar.wanted || !bar.drawn)
		return;
	if (write(STDERR_FILENO, erase, sizeof erase - 1) < 0)
		return;
	bar.drawn = false;
}
