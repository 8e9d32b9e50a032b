/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * progress.c - bytes, percent, rate and time left, on one erasable line.
 *
 * The line takes over the terminal row it is drawn on: "\r", the text,
 * then erase to the end of the row, and "\r" with that erase to take it
 * away.  That is only right where nothing else writes to the row, so:
 *
 *  - nothing is drawn when standard output is the terminal standard error
 *    is: the data would be glued to the line, and the final erase would
 *    wipe an unterminated last line of output;
 *  - the line is kept narrower than the terminal: once a line wraps, "\r"
 *    goes back to the start of its last row only, and every redraw would
 *    leave the rows above it behind;
 *  - a signal that kills mmcat erases the line first, then kills it as
 *    the signal would have, so the shell still sees 128 + the signal.
 */
#include "config.h"

#include "progress.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "diag.h"

#define REDRAW_NS 200000000LL	/* five times a second */

static const char prefix[] = "mmcat: ";
static const char cut[] = "...";
static const char erase[] = "\r\033[K";

static struct {
	bool wanted;		/* turned on, with a terminal of its own to draw on */
	bool armed;		/* the signal handlers are in place */
	bool held;		/* a follow owns the line: spans leave it be */
	size_t columns;		/* the terminal's width; 0: not known */
	char name[160];		/* quoted as in messages; "..." if cut */
	uint64_t total, done;
	long long started_ns, drawn_ns;
} bar;

/*
 * Shared with the signal handlers: a line is on the screen (set before it
 * is written, so that a signal arriving meanwhile still erases it), and
 * the terminal has been resized since its width was read.
 */
static volatile sig_atomic_t on_screen;
static volatile sig_atomic_t resized;

/* The signals whose default action ends mmcat while a line may be up. */
static const int fatal_signals[] = { SIGHUP, SIGINT, SIGPIPE, SIGQUIT,
    SIGTERM };

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

/* What follows the name: "DONE / TOTAL (P%) RATE/s, M:SS left". */
static void
format_stats(char *buf, size_t len, long long now)
{
	char done[32], total[32], rate[32];
	double seconds = (double)(now - bar.started_ns) / 1e9;
	double per_second = seconds > 0 ? (double)bar.done / seconds : 0;
	long long left;

	format_size(done, sizeof done, (double)bar.done);
	format_size(rate, sizeof rate, per_second);
	if (bar.total == 0) {	/* a stream: no size, so no share or end */
		(void)snprintf(buf, len, "%s %s/s", done, rate);
		return;
	}
	format_size(total, sizeof total, (double)bar.total);
	left = per_second > 0 ?
	    (long long)((double)(bar.total - bar.done) / per_second) : 0;
	(void)snprintf(buf, len, "%s / %s (%u%%) %s/s, %lld:%02lld left",
	    done, total, (unsigned)(bar.done * 100 / bar.total), rate,
	    left / 60, left % 60);
}

/*
 * Columns a character starting with byte c takes, at most.  The quoted
 * name holds printable ASCII and UTF-8; a non-ASCII character is counted
 * as two, as wide as it can be, so that a line cut by this count never
 * wraps, whatever the locale.
 */
static size_t
char_columns(unsigned char c)
{
	return c < 0x80 ? 1 : 2;
}

static bool
continues_char(unsigned char c)
{
	return (c & 0xC0) == 0x80;
}

static size_t
columns(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		if (!continues_char((unsigned char)*s))
			n += char_columns((unsigned char)*s);
	return n;
}

/* The length of the longest start of s, in whole characters, that fits. */
static size_t
fitting(const char *s, size_t room)
{
	size_t i = 0, used = 0, w;

	while (s[i] != '\0') {
		w = char_columns((unsigned char)s[i]);
		if (used + w > room)
			break;
		used += w;
		for (i++; continues_char((unsigned char)s[i]); i++)
			;
	}
	return i;
}

/*
 * "mmcat: NAME: STATS" into line, in at most room columns: first the
 * name is shortened with "..."; if the line is still too wide, it ends
 * at the last space that fits, so that no number is shown cut short.
 */
static void
compose(char *line, size_t size, const char *stats, size_t room)
{
	char name[sizeof bar.name + sizeof cut];
	size_t fixed = sizeof prefix - 1 + 2 + columns(stats);
	size_t name_room = room > fixed + 4 ? room - fixed : 4;
	size_t end;
	char *space;

	(void)snprintf(name, sizeof name, "%s", bar.name);
	if (columns(name) > name_room)
		(void)snprintf(name + fitting(name, name_room - (sizeof cut - 1)),
		    sizeof cut, "%s", cut);
	(void)snprintf(line, size, "%s%s: %s", prefix, name, stats);
	end = fitting(line, room);
	if (line[end] == '\0')
		return;
	line[end] = '\0';
	if ((space = strrchr(line, ' ')) != NULL)
		*space = '\0';
	/* and not on the comma or slash that joined it to the next */
	for (end = strlen(line); end > 0 && strchr(" ,/", line[end - 1]);)
		line[--end] = '\0';
}

/* The width of the terminal on stderr, in columns; 0 if it does not say. */
static size_t
terminal_columns(void)
{
#ifdef TIOCGWINSZ
	struct winsize ws;

	if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0)
		return ws.ws_col;
#endif
	return 0;
}

/*
 * Erase the line, then die of the signal: SA_RESETHAND has made its
 * action the default again.  Only async-signal-safe calls here.
 */
static void
on_fatal_signal(int signo)
{
	if (on_screen)
		(void)!write(STDERR_FILENO, erase, sizeof erase - 1);
	(void)raise(signo);
}

#ifdef SIGWINCH
static void
on_resize(int signo)
{
	(void)signo;
	resized = 1;
}
#endif

/*
 * Catch the fatal signals, except those already ignored (nohup, or a
 * background job's SIGINT): mmcat must stay as immune as it was started.
 */
static void
arm_signals(void)
{
	struct sigaction sa, old;
	size_t i;

	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof fatal_signals / sizeof *fatal_signals; i++)
		sigaddset(&sa.sa_mask, fatal_signals[i]);
	sa.sa_handler = on_fatal_signal;
	sa.sa_flags = (int)SA_RESETHAND;	/* an unsigned constant on Linux */
	for (i = 0; i < sizeof fatal_signals / sizeof *fatal_signals; i++)
		if (sigaction(fatal_signals[i], NULL, &old) == 0 &&
		    old.sa_handler != SIG_IGN)
			(void)sigaction(fatal_signals[i], &sa, NULL);
#ifdef SIGWINCH
	sa.sa_handler = on_resize;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	(void)sigaction(SIGWINCH, &sa, NULL);
#endif
	bar.columns = terminal_columns();
	bar.armed = true;
}

static void
draw(long long now)
{
	char stats[160], line[sizeof bar.name + sizeof stats + 16];
	char out[sizeof line + sizeof erase + 4];
	int n;

	if (resized) {
		resized = 0;
		bar.columns = terminal_columns();
	}
	format_stats(stats, sizeof stats, now);
	/* Short of the last column: some terminals wrap on filling it. */
	compose(line, sizeof line, stats,
	    bar.columns > 1 ? bar.columns - 1 : SIZE_MAX);
	n = snprintf(out, sizeof out, "\r%s\033[K", line);
	on_screen = 1;
	if (n > 0)
		(void)!write(STDERR_FILENO, out, (size_t)n);
	bar.drawn_ns = now;
}

/*
 * Whether the terminals on fds a and b are one.  The same device is the
 * same terminal; /dev/tty is a device of its own that stands for the
 * controlling terminal, which tcgetsid() accepts and no other does.
 */
static bool
same_terminal(int a, int b)
{
	struct stat sa, sb, tty;

	if (isatty(a) != 1 || isatty(b) != 1 || fstat(a, &sa) != 0 ||
	    fstat(b, &sb) != 0)
		return false;
	if (sa.st_rdev == sb.st_rdev)
		return true;
	if (stat("/dev/tty", &tty) != 0)
		return false;
	return (sa.st_rdev == tty.st_rdev && tcgetsid(b) != -1) ||
	    (sb.st_rdev == tty.st_rdev && tcgetsid(a) != -1);
}

bool
progress_turn_on(void)
{
	bar.wanted = isatty(STDERR_FILENO) == 1 &&
	    !same_terminal(STDOUT_FILENO, STDERR_FILENO);
	return bar.wanted;
}

bool
progress_is_on(void)
{
	return bar.wanted;
}

void
progress_begin(const char *name, uint64_t total)
{
	if (!bar.wanted || bar.held)
		return;
	if (!bar.armed)
		arm_signals();
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
	if (!bar.wanted || bar.held || !on_screen)
		return;
	(void)!write(STDERR_FILENO, erase, sizeof erase - 1);
	on_screen = 0;
}

void
progress_hold(const char *name)
{
	progress_begin(name, 0);
	bar.held = true;
}

void
progress_release(void)
{
	bar.held = false;
	progress_end();
}
