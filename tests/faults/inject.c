/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * inject.c - an LD_PRELOAD shim that makes mmcat's system calls fail the
 * way real ones do.  Built only for tests (tests/faults.bats).
 *
 *   LD_PRELOAD=tests/faults/inject.so INJECT_WRITE=short=100,eintr mmcat f
 *
 * One variable per call, naming the fault for that call:
 *
 *   INJECT_WRITE            write                      on the output fd
 *   INJECT_VMSPLICE         vmsplice                   on the output fd
 *   INJECT_SPLICE           splice                     into the output fd
 *   INJECT_SENDFILE         sendfile, sendfile64       into the output fd
 *   INJECT_COPY_FILE_RANGE  copy_file_range            into the output fd
 *   INJECT_MMAP             mmap, mmap64               of an input fd
 *   INJECT_READ             read, __read_chk           on an input fd
 *   INJECT_PREAD            pread, pread64, __pread_chk, __pread64_chk
 *                                                      on an input fd
 *
 * The output fd is INJECT_OUT_FD (default 1).  An input fd is INJECT_IN_FD
 * if set, else 0 or any fd >= 3 (the output fd excepted).  Calls on other
 * descriptors (stderr, anonymous mappings) pass through untouched, and the
 * dynamic loader's own calls never come here.
 *
 * A fault is a comma-separated list of:
 *
 *   short=N   move at most N bytes per call (N >= 1): short counts.
 *   eintr     every other call fails with EINTR before doing anything
 *             (the 1st, 3rd, ...).
 *   eagain    every other call fails with EAGAIN, likewise.  With both,
 *             calls cycle EINTR, EAGAIN, pass.
 *   fail=E    the call fails with errno E: a name (ENOSPC, EIO, EINVAL,
 *             EXDEV, ENOSYS, ENOMEM, ENODEV, EACCES, EPIPE, EBADF,
 *             EOPNOTSUPP) or a number.  Without the next three, every call.
 *   after=N   ... only once N bytes have gone through: N bytes of output
 *             for the writers (all of them together), N bytes of input for
 *             the readers (read and pread together).  A call that would
 *             cross N is cut short at N, so exactly N bytes get through.
 *             Ignored for mmap.
 *   skip=K    ... only from the (K+1)th call that gets past eintr/eagain.
 *   times=M   ... for at most M calls (times=1: only the first).
 *
 * INJECT_FSTYPE=MAGIC: fstatfs and fstatfs64 of an input fd report the
 * file system type MAGIC (a number, 0x for hex), everything else as it
 * is: an input on NFS, say, for the code that treats such files apart.
 *
 * INJECT_LOG=FILE: at exit, append one line per interposed call used,
 * "NAME calls C injected I" (I: calls that were cut short or failed),
 * so that a test can check that its fault really happened.
 *
 * A malformed variable makes the process print "inject: ..." on stderr
 * and exit with status 125 before main runs.
 */
#undef _FORTIFY_SOURCE
#undef _FILE_OFFSET_BITS
#undef _TIME_BITS
#define _GNU_SOURCE 1

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/statfs.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

/* glibc declares these only under _FORTIFY_SOURCE. */
ssize_t __read_chk(int fd, void *buf, size_t nbytes, size_t buflen);
ssize_t __pread_chk(int fd, void *buf, size_t nbytes, off_t offset,
    size_t buflen);
ssize_t __pread64_chk(int fd, void *buf, size_t nbytes, off64_t offset,
    size_t buflen);

enum call {
	CALL_WRITE, CALL_VMSPLICE, CALL_SPLICE, CALL_SENDFILE,
	CALL_COPY_FILE_RANGE, CALL_MMAP, CALL_READ, CALL_PREAD, CALL_COUNT
};

static const char *const call_names[CALL_COUNT] = {
	"write", "vmsplice", "splice", "sendfile", "copy_file_range",
	"mmap", "read", "pread",
};

static const char *const call_variables[CALL_COUNT] = {
	"INJECT_WRITE", "INJECT_VMSPLICE", "INJECT_SPLICE", "INJECT_SENDFILE",
	"INJECT_COPY_FILE_RANGE", "INJECT_MMAP", "INJECT_READ", "INJECT_PREAD",
};

struct fault {
	size_t short_max;	/* 0: no limit */
	int interrupts[2];	/* EINTR / EAGAIN, in cycle order */
	int interrupt_count;
	int fail;		/* errno, 0: none */
	uint64_t after;
	bool has_after;
	uint64_t skip;
	uint64_t times;		/* 0: no limit */
	/* What happened. */
	uint64_t calls;
	uint64_t attempts;	/* calls that got past the interrupts */
	uint64_t injected;
};

static struct fault faults[CALL_COUNT];
static int out_fd = STDOUT_FILENO;
static int in_fd = -1;		/* -1: 0 and every fd >= 3 */
static uint64_t out_bytes, in_bytes;
static bool ready;

static ssize_t (*real_write)(int, const void *, size_t);
static ssize_t (*real_vmsplice)(int, const struct iovec *, size_t,
    unsigned int);
static ssize_t (*real_splice)(int, off64_t *, int, off64_t *, size_t,
    unsigned int);
static ssize_t (*real_sendfile)(int, int, off_t *, size_t);
static ssize_t (*real_sendfile64)(int, int, off64_t *, size_t);
static ssize_t (*real_copy_file_range)(int, off64_t *, int, off64_t *,
    size_t, unsigned int);
static void *(*real_mmap)(void *, size_t, int, int, int, off_t);
static void *(*real_mmap64)(void *, size_t, int, int, int, off64_t);
static ssize_t (*real_read)(int, void *, size_t);
static ssize_t (*real_read_chk)(int, void *, size_t, size_t);
static ssize_t (*real_pread)(int, void *, size_t, off_t);
static ssize_t (*real_pread64)(int, void *, size_t, off64_t);
static ssize_t (*real_pread_chk)(int, void *, size_t, off_t, size_t);
static ssize_t (*real_pread64_chk)(int, void *, size_t, off64_t, size_t);
static int (*real_fstatfs)(int, struct statfs *);
static int (*real_fstatfs64)(int, struct statfs64 *);
static bool fake_fstype;
static unsigned long fstype;

static _Noreturn void
die(const char *what, const char *text)
{
	char line[512];
	int n = snprintf(line, sizeof line, "inject: %s: '%s'\n", what, text);

	if (n > 0 && real_write != NULL)
		(void)real_write(STDERR_FILENO, line,
		    (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
	_exit(125);
}

/* dlsym's object pointer into a function pointer, without a cast. */
static void
resolve(void *fn_pointer, size_t size, const char *name)
{
	void *sym = dlsym(RTLD_NEXT, name);

	if (sym == NULL)
		die("no such symbol after this one", name);
	memcpy(fn_pointer, &sym, size);
}

#define RESOLVE(var, name) resolve(&(var), sizeof (var), (name))

static uint64_t
parse_count(const char *text, const char *whole)
{
	char *end;
	unsigned long long n;

	errno = 0;
	n = strtoull(text, &end, 10);
	if (errno != 0 || end == text || *end != '\0' || *text == '-')
		die("expected a count", whole);
	return (uint64_t)n;
}

static int
parse_errno(const char *text, const char *whole)
{
	static const struct {
		const char *name;
		int value;
	} names[] = {
		{ "ENOSPC", ENOSPC }, { "EIO", EIO }, { "EINVAL", EINVAL },
		{ "EXDEV", EXDEV }, { "ENOSYS", ENOSYS }, { "ENOMEM", ENOMEM },
		{ "ENODEV", ENODEV }, { "EACCES", EACCES }, { "EPIPE", EPIPE },
		{ "EBADF", EBADF }, { "EOPNOTSUPP", EOPNOTSUPP },
		{ "EINTR", EINTR }, { "EAGAIN", EAGAIN }, { "EFBIG", EFBIG },
		{ "EDQUOT", EDQUOT }, { "EPERM", EPERM },
	};
	size_t i;
	uint64_t n;

	for (i = 0; i < sizeof names / sizeof *names; i++)
		if (strcmp(text, names[i].name) == 0)
			return names[i].value;
	n = parse_count(text, whole);
	if (n == 0 || n > 4095)
		die("expected an errno name or number", whole);
	return (int)n;
}

static void
parse_fault(struct fault *f, const char *spec)
{
	char buf[256], *item, *save = NULL, *value;

	if (strlen(spec) >= sizeof buf)
		die("fault too long", spec);
	strcpy(buf, spec);
	for (item = strtok_r(buf, ",", &save); item != NULL;
	    item = strtok_r(NULL, ",", &save)) {
		value = strchr(item, '=');
		if (value != NULL)
			*value++ = '\0';
		if (strcmp(item, "short") == 0 && value != NULL) {
			f->short_max = (size_t)parse_count(value, spec);
			if (f->short_max == 0)
				die("short=0 would never move a byte", spec);
		} else if ((strcmp(item, "eintr") == 0 ||
		    strcmp(item, "eagain") == 0) && value == NULL) {
			if (f->interrupt_count == 2)
				die("eintr and eagain once each", spec);
			f->interrupts[f->interrupt_count++] =
			    item[1] == 'i' ? EINTR : EAGAIN;
		} else if (strcmp(item, "fail") == 0 && value != NULL) {
			f->fail = parse_errno(value, spec);
		} else if (strcmp(item, "after") == 0 && value != NULL) {
			f->after = parse_count(value, spec);
			f->has_after = true;
		} else if (strcmp(item, "skip") == 0 && value != NULL) {
			f->skip = parse_count(value, spec);
		} else if (strcmp(item, "times") == 0 && value != NULL) {
			f->times = parse_count(value, spec);
		} else {
			die("unknown fault item", spec);
		}
	}
}

static int
parse_fd(const char *name, int fallback)
{
	const char *text = getenv(name);
	uint64_t n;

	if (text == NULL || *text == '\0')
		return fallback;
	n = parse_count(text, text);
	if (n > INT_MAX)
		die("fd out of range", text);
	return (int)n;
}

static void
setup(void)
{
	const char *spec;
	int i;

	if (ready)
		return;
	RESOLVE(real_write, "write");
	RESOLVE(real_vmsplice, "vmsplice");
	RESOLVE(real_splice, "splice");
	RESOLVE(real_sendfile, "sendfile");
	RESOLVE(real_sendfile64, "sendfile64");
	RESOLVE(real_copy_file_range, "copy_file_range");
	RESOLVE(real_mmap, "mmap");
	RESOLVE(real_mmap64, "mmap64");
	RESOLVE(real_read, "read");
	RESOLVE(real_read_chk, "__read_chk");
	RESOLVE(real_pread, "pread");
	RESOLVE(real_pread64, "pread64");
	RESOLVE(real_pread_chk, "__pread_chk");
	RESOLVE(real_pread64_chk, "__pread64_chk");
	RESOLVE(real_fstatfs, "fstatfs");
	RESOLVE(real_fstatfs64, "fstatfs64");
	ready = true;
	if ((spec = getenv("INJECT_FSTYPE")) != NULL && *spec != '\0') {
		char *end;

		errno = 0;
		fstype = strtoul(spec, &end, 0);
		if (*end != '\0' || errno != 0)
			die("bad file system type", spec);
		fake_fstype = true;
	}
	out_fd = parse_fd("INJECT_OUT_FD", STDOUT_FILENO);
	in_fd = parse_fd("INJECT_IN_FD", -1);
	for (i = 0; i < CALL_COUNT; i++)
		if ((spec = getenv(call_variables[i])) != NULL && *spec != '\0')
			parse_fault(&faults[i], spec);
}

__attribute__((constructor)) static void
inject_init(void)
{
	setup();
}

__attribute__((destructor)) static void
inject_report(void)
{
	const char *path = getenv("INJECT_LOG");
	char line[128];
	int fd, i, n;

	if (path == NULL || *path == '\0' || !ready)
		return;
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0)
		return;
	for (i = 0; i < CALL_COUNT; i++) {
		if (faults[i].calls == 0)
			continue;
		n = snprintf(line, sizeof line, "%s calls %llu injected %llu\n",
		    call_names[i], (unsigned long long)faults[i].calls,
		    (unsigned long long)faults[i].injected);
		if (n > 0)
			(void)real_write(fd, line, (size_t)n);
	}
	(void)close(fd);
}

static bool
is_input(int fd)
{
	if (in_fd >= 0)
		return fd == in_fd;
	return fd != out_fd && (fd == 0 || fd >= 3);
}

/*
 * Decide what one call on a watched descriptor does.  Returns false with
 * errno set when the call must fail; else *len is what it may move.
 */
static bool
admit(enum call c, size_t *len)
{
	struct fault *f = &faults[c];
	uint64_t *passed = c <= CALL_COPY_FILE_RANGE ? &out_bytes : &in_bytes;
	uint64_t cycle, nth, room;
	size_t asked = *len;
	bool failing;

	f->calls++;
	if (f->interrupt_count > 0) {
		cycle = (f->calls - 1) % (uint64_t)(f->interrupt_count + 1);
		if (cycle < (uint64_t)f->interrupt_count) {
			f->injected++;
			errno = f->interrupts[cycle];
			return false;
		}
	}
	if (f->fail != 0 && f->has_after && c != CALL_MMAP &&
	    *passed < f->after) {
		/* Not failing yet: let through at most what reaches N. */
		room = f->after - *passed;
		if (room < *len)
			*len = (size_t)room;
		failing = false;
	} else {
		nth = ++f->attempts;
		failing = f->fail != 0 && nth > f->skip &&
		    (f->times == 0 || nth - f->skip <= f->times);
	}
	if (failing) {
		f->injected++;
		errno = f->fail;
		return false;
	}
	if (f->short_max > 0 && *len > f->short_max)
		*len = f->short_max;
	if (*len < asked)
		f->injected++;
	return true;
}

/* Count what a call moved. */
static ssize_t
moved(enum call c, ssize_t n)
{
	if (n > 0) {
		if (c <= CALL_COPY_FILE_RANGE)
			out_bytes += (uint64_t)n;
		else
			in_bytes += (uint64_t)n;
	}
	return n;
}

ssize_t
write(int fd, const void *buf, size_t len)
{
	setup();
	if (fd != out_fd)
		return real_write(fd, buf, len);
	if (!admit(CALL_WRITE, &len))
		return -1;
	return moved(CALL_WRITE, real_write(fd, buf, len));
}

ssize_t
vmsplice(int fd, const struct iovec *iov, size_t count, unsigned int flags)
{
	struct iovec cut[64];
	size_t total = 0, len, i, n;

	setup();
	if (fd != out_fd)
		return real_vmsplice(fd, iov, count, flags);
	if (count > sizeof cut / sizeof *cut)
		count = sizeof cut / sizeof *cut;	/* a short count too */
	for (i = 0; i < count; i++)
		total += iov[i].iov_len;
	len = total;
	if (!admit(CALL_VMSPLICE, &len))
		return -1;
	for (i = 0, n = 0; i < count && len > 0; i++, n++) {
		cut[i] = iov[i];
		if (cut[i].iov_len > len)
			cut[i].iov_len = len;
		len -= cut[i].iov_len;
	}
	return moved(CALL_VMSPLICE, real_vmsplice(fd, cut, n, flags));
}

ssize_t
splice(int fd_in, off64_t *off_in, int fd_out, off64_t *off_out, size_t len,
    unsigned int flags)
{
	setup();
	if (fd_out != out_fd)
		return real_splice(fd_in, off_in, fd_out, off_out, len, flags);
	if (!admit(CALL_SPLICE, &len))
		return -1;
	return moved(CALL_SPLICE, real_splice(fd_in, off_in, fd_out, off_out,
	    len, flags));
}

ssize_t
sendfile(int fd_out, int fd_in, off_t *offset, size_t len)
{
	setup();
	if (fd_out != out_fd)
		return real_sendfile(fd_out, fd_in, offset, len);
	if (!admit(CALL_SENDFILE, &len))
		return -1;
	return moved(CALL_SENDFILE, real_sendfile(fd_out, fd_in, offset, len));
}

ssize_t
sendfile64(int fd_out, int fd_in, off64_t *offset, size_t len)
{
	setup();
	if (fd_out != out_fd)
		return real_sendfile64(fd_out, fd_in, offset, len);
	if (!admit(CALL_SENDFILE, &len))
		return -1;
	return moved(CALL_SENDFILE, real_sendfile64(fd_out, fd_in, offset,
	    len));
}

ssize_t
copy_file_range(int fd_in, off64_t *off_in, int fd_out, off64_t *off_out,
    size_t len, unsigned int flags)
{
	setup();
	if (fd_out != out_fd)
		return real_copy_file_range(fd_in, off_in, fd_out, off_out, len,
		    flags);
	if (!admit(CALL_COPY_FILE_RANGE, &len))
		return -1;
	return moved(CALL_COPY_FILE_RANGE, real_copy_file_range(fd_in, off_in,
	    fd_out, off_out, len, flags));
}

void *
mmap(void *addr, size_t len, int prot, int flags, int fd, off_t offset)
{
	size_t ignored = len;

	setup();
	if ((flags & MAP_ANONYMOUS) != 0 || fd < 0 || !is_input(fd))
		return real_mmap(addr, len, prot, flags, fd, offset);
	if (!admit(CALL_MMAP, &ignored))
		return MAP_FAILED;
	return real_mmap(addr, len, prot, flags, fd, offset);
}

void *
mmap64(void *addr, size_t len, int prot, int flags, int fd, off64_t offset)
{
	size_t ignored = len;

	setup();
	if ((flags & MAP_ANONYMOUS) != 0 || fd < 0 || !is_input(fd))
		return real_mmap64(addr, len, prot, flags, fd, offset);
	if (!admit(CALL_MMAP, &ignored))
		return MAP_FAILED;
	return real_mmap64(addr, len, prot, flags, fd, offset);
}

ssize_t
read(int fd, void *buf, size_t len)
{
	setup();
	if (!is_input(fd))
		return real_read(fd, buf, len);
	if (!admit(CALL_READ, &len))
		return -1;
	return moved(CALL_READ, real_read(fd, buf, len));
}

ssize_t
__read_chk(int fd, void *buf, size_t len, size_t buflen)
{
	setup();
	if (!is_input(fd))
		return real_read_chk(fd, buf, len, buflen);
	if (!admit(CALL_READ, &len))
		return -1;
	return moved(CALL_READ, real_read_chk(fd, buf, len, buflen));
}

ssize_t
pread(int fd, void *buf, size_t len, off_t offset)
{
	setup();
	if (!is_input(fd))
		return real_pread(fd, buf, len, offset);
	if (!admit(CALL_PREAD, &len))
		return -1;
	return moved(CALL_PREAD, real_pread(fd, buf, len, offset));
}

ssize_t
pread64(int fd, void *buf, size_t len, off64_t offset)
{
	setup();
	if (!is_input(fd))
		return real_pread64(fd, buf, len, offset);
	if (!admit(CALL_PREAD, &len))
		return -1;
	return moved(CALL_PREAD, real_pread64(fd, buf, len, offset));
}

ssize_t
__pread_chk(int fd, void *buf, size_t len, off_t offset, size_t buflen)
{
	setup();
	if (!is_input(fd))
		return real_pread_chk(fd, buf, len, offset, buflen);
	if (!admit(CALL_PREAD, &len))
		return -1;
	return moved(CALL_PREAD, real_pread_chk(fd, buf, len, offset, buflen));
}

ssize_t
__pread64_chk(int fd, void *buf, size_t len, off64_t offset, size_t buflen)
{
	setup();
	if (!is_input(fd))
		return real_pread64_chk(fd, buf, len, offset, buflen);
	if (!admit(CALL_PREAD, &len))
		return -1;
	return moved(CALL_PREAD, real_pread64_chk(fd, buf, len, offset,
	    buflen));
}

int
fstatfs(int fd, struct statfs *buf)
{
	int rc;

	setup();
	rc = real_fstatfs(fd, buf);
	if (rc == 0 && fake_fstype && is_input(fd))
		buf->f_type = (__fsword_t)fstype;
	return rc;
}

int
fstatfs64(int fd, struct statfs64 *buf)
{
	int rc;

	setup();
	rc = real_fstatfs64(fd, buf);
	if (rc == 0 && fake_fstype && is_input(fd))
		buf->f_type = (__fsword_t)fstype;
	return rc;
}
