/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * source.c - open and classify inputs.
 */
#include "config.h"

#include "source.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buffers.h"

/* Where a file system's statfs says what it is (see size_is_synthetic). */
#ifdef HAVE_STATFS_MAGIC
# define SOURCE_STATFS_MAGIC 1
# ifdef HAVE_LINUX_MAGIC_H
#  include <linux/magic.h>
# endif
# ifdef HAVE_SYS_VFS_H
#  include <sys/vfs.h>
# else
#  include <sys/statfs.h>
# endif
/*
 * The magic numbers are the kernel's ABI and never change; a C library
 * without the kernel's headers (musl-gcc, say) still has statfs.
 */
# ifndef PROC_SUPER_MAGIC
#  define PROC_SUPER_MAGIC	0x9fa0
# endif
# ifndef SYSFS_MAGIC
#  define SYSFS_MAGIC		0x62656572
# endif
# ifndef DEBUGFS_MAGIC
#  define DEBUGFS_MAGIC		0x64626720
# endif
# ifndef TRACEFS_MAGIC
#  define TRACEFS_MAGIC		0x74726163
# endif
# ifndef SECURITYFS_MAGIC
#  define SECURITYFS_MAGIC	0x73636673
# endif
# ifndef CGROUP_SUPER_MAGIC
#  define CGROUP_SUPER_MAGIC	0x27e0eb
# endif
# ifndef CGROUP2_SUPER_MAGIC
#  define CGROUP2_SUPER_MAGIC	0x63677270
# endif
# ifndef BPF_FS_MAGIC
#  define BPF_FS_MAGIC		0xcafe4a11
# endif
# ifndef PSTOREFS_MAGIC
#  define PSTOREFS_MAGIC	0x6165676c
# endif
# ifndef EFIVARFS_MAGIC
#  define EFIVARFS_MAGIC	0xde5e81e4
# endif
#elif defined(HAVE_STRUCT_STATFS_F_FSTYPENAME)
# define SOURCE_STATFS_NAME 1
# include <sys/param.h>
# include <sys/mount.h>
#endif

/* Where a block device's size comes from (see device_size). */
#if HAVE_DECL_BLKGETSIZE64
# include <linux/fs.h>
#elif HAVE_DECL_DIOCGMEDIASIZE || HAVE_DECL_DKIOCGETBLOCKCOUNT
# include <sys/disk.h>
#endif

const char source_stdin_name[] = "standard input";

int
source_reserve_standard_fds(void)
{
	int fd, wrong_way;

	for (fd = STDIN_FILENO; fd <= STDERR_FILENO; fd++) {
		if (fcntl(fd, F_GETFD) >= 0 || errno != EBADF)
			continue;
		/*
		 * Read-only where mmcat writes, write-only where it reads.
		 * 0..fd-1 are open, so open() returns fd itself.
		 */
		wrong_way = fd == STDIN_FILENO ? O_WRONLY : O_RDONLY;
		if (open("/dev/null", wrong_way) < 0)
			return errno;
	}
	return 0;
}

/*
 * File systems whose regular files report a size that has nothing to do
 * with what read(2) returns: 0 for most of /proc, 4096 for sysfs
 * attributes, and the like for the other synthetic kernel file systems.
 * Linux names them by statfs magic number; the BSDs and macOS by name.
 * Elsewhere only the size-0 rule in classify() catches them.
 */
#if defined(SOURCE_STATFS_MAGIC)
static bool
size_is_synthetic(int fd)
{
	static const unsigned long synthetic_magics[] = {
		PROC_SUPER_MAGIC, SYSFS_MAGIC, DEBUGFS_MAGIC, TRACEFS_MAGIC,
		SECURITYFS_MAGIC, CGROUP_SUPER_MAGIC, CGROUP2_SUPER_MAGIC,
		BPF_FS_MAGIC, PSTOREFS_MAGIC, EFIVARFS_MAGIC,
	};
	struct statfs fs;
	size_t i;

	if (fstatfs(fd, &fs) != 0)
		return false;
	for (i = 0; i < sizeof synthetic_magics / sizeof *synthetic_magics; i++)
		if ((unsigned long)fs.f_type == synthetic_magics[i])
			return true;
	return false;
}
#elif defined(SOURCE_STATFS_NAME)
static bool
size_is_synthetic(int fd)
{
	static const char *const synthetic_names[] = {
		"procfs", "linprocfs", "linsysfs", "devfs", "fdescfs", "fdesc",
		"kernfs",
	};
	struct statfs fs;
	size_t i;

	if (fstatfs(fd, &fs) != 0)
		return false;
	for (i = 0; i < sizeof synthetic_names / sizeof *synthetic_names; i++)
		if (strcmp(fs.f_fstypename, synthetic_names[i]) == 0)
			return true;
	return false;
}
#else
static bool
size_is_synthetic(int fd)
{
	(void)fd;
	return false;
}
#endif

/*
 * File systems whose files other machines write: inotify hears only of
 * the changes made through this kernel, so a follow polls their files.
 * The numbers are the statfs magic of each (not every one has a name in
 * <linux/magic.h>): NFS, SMB, CIFS, SMB2, Coda, AFS (two), Ceph, FUSE
 * (sshfs and the like), 9P, OCFS2, GFS2, Lustre, GPFS.
 */
#if defined(SOURCE_STATFS_MAGIC)
bool
source_on_network_fs(const struct source *src)
{
	static const unsigned long network_magics[] = {
		0x6969, 0x517b, 0xff534d42, 0xfe534d42, 0x73757245,
		0x5346414f, 0x6b414653, 0x00c36400, 0x65735546, 0x01021997,
		0x7461636f, 0x01161970, 0x0bd00bd0, 0x47504653,
	};
	struct statfs fs;
	size_t i;

	if (fstatfs(src->fd, &fs) != 0)
		return false;
	for (i = 0; i < sizeof network_magics / sizeof *network_magics; i++)
		if ((unsigned long)fs.f_type == network_magics[i])
			return true;
	return false;
}
#else
bool
source_on_network_fs(const struct source *src)
{
	(void)src;
	return false;
}
#endif

/*
 * The size of a block device in bytes, by the system's ioctl; elsewhere
 * by seeking to its end and back, which most systems answer for disks.
 */
#if HAVE_DECL_BLKGETSIZE64
static int
device_size(int fd, uint64_t *size)
{
	/* In the type this C library's ioctl takes (musl's is an int). */
	return ioctl(fd, (IOCTL_REQUEST_TYPE)BLKGETSIZE64, size) == 0 ?
	    0 : errno;
}
#elif HAVE_DECL_DIOCGMEDIASIZE
static int
device_size(int fd, uint64_t *size)
{
	off_t bytes;

	if (ioctl(fd, DIOCGMEDIASIZE, &bytes) != 0)
		return errno;
	*size = bytes > 0 ? (uint64_t)bytes : 0;
	return 0;
}
#elif HAVE_DECL_DKIOCGETBLOCKCOUNT
static int
device_size(int fd, uint64_t *size)
{
	uint64_t blocks;
	uint32_t block_size;

	if (ioctl(fd, DKIOCGETBLOCKCOUNT, &blocks) != 0 ||
	    ioctl(fd, DKIOCGETBLOCKSIZE, &block_size) != 0)
		return errno;
	if (block_size != 0 && blocks > UINT64_MAX / block_size)
		return EOVERFLOW;
	*size = blocks * block_size;
	return 0;
}
#else
static int
device_size(int fd, uint64_t *size)
{
	off_t here, end;

	/* Put the offset back: standard input may be read from there. */
	if ((here = lseek(fd, 0, SEEK_CUR)) < 0 ||
	    (end = lseek(fd, 0, SEEK_END)) < 0 ||
	    lseek(fd, here, SEEK_SET) < 0)
		return errno;
	*size = (uint64_t)end;
	return 0;
}
#endif

/* Where the input begins: standard input may have been read from already. */
static uint64_t
current_offset(int fd)
{
	off_t here = lseek(fd, 0, SEEK_CUR);

	return here > 0 ? (uint64_t)here : 0;
}

static void
mark_stream(struct source *src, const char *reason)
{
	src->kind = SOURCE_STREAM;
	src->stream_reason = reason;
}

static int
classify(struct source *src)
{
	struct stat st;
	uint64_t device_total = 0, total;
	int err;

	if (fstat(src->fd, &st) != 0)
		return errno;
	src->st = st;
	if (S_ISDIR(st.st_mode))
		return EISDIR;
	src->origin = current_offset(src->fd);
	src->file_origin = src->origin;
	if (S_ISBLK(st.st_mode)) {
		if ((err = device_size(src->fd, &device_total)) != 0)
			return err;
		src->is_block_device = true;
		total = device_total;
	} else if (S_ISREG(st.st_mode)) {
		if (st.st_size == 0) {
			/* Empty, or a /proc file that only reads: read to see. */
			mark_stream(src, "size 0 may not be the real size");
			return 0;
		}
		if (size_is_synthetic(src->fd)) {
			mark_stream(src, "kernel file system reports no real size");
			return 0;
		}
		total = (uint64_t)st.st_size;
	} else {
		mark_stream(src, S_ISFIFO(st.st_mode) ? "pipe" :
		    S_ISSOCK(st.st_mode) ? "socket" :
		    S_ISCHR(st.st_mode) ? "character device" : "not a file");
		return 0;
	}
	src->kind = SOURCE_MAPPABLE;
	src->size = total > src->origin ? total - src->origin : 0;
	return 0;
}

int
source_open(const char *path, struct source *src)
{
	int err;

	memset(src, 0, sizeof *src);
	if (strcmp(path, "-") == 0) {
		src->name = source_stdin_name;
		src->fd = STDIN_FILENO;
		src->is_stdin = true;
	} else {
		src->name = path;
		src->fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
		if (src->fd < 0)
			return errno;
		src->owns_fd = true;
	}
	if ((err = classify(src)) != 0)
		source_close(src);
	return err;
}

bool
source_follow_by_size(struct source *src)
{
	if (src->kind == SOURCE_STREAM && S_ISREG(src->st.st_mode) &&
	    !src->spooled && src->st.st_size == 0 &&
	    !size_is_synthetic(src->fd)) {
		src->kind = SOURCE_MAPPABLE;
		src->stream_reason = NULL;
		src->size = 0;
	}
	return src->kind == SOURCE_MAPPABLE;
}

int
source_current_size(const struct source *src, uint64_t *size)
{
	struct stat st;
	uint64_t total;

	if (src->is_block_device) {
		*size = src->size;
		return 0;
	}
	if (fstat(src->fd, &st) != 0)
		return errno;
	total = st.st_size > 0 ? (uint64_t)st.st_size : 0;
	*size = total > src->origin ? total - src->origin : 0;
	if (src->bounded && *size > src->size)
		*size = src->size;
	return 0;
}

#if HAVE_DECL_SEEK_DATA && HAVE_DECL_SEEK_HOLE
/* lseek(2) to whence from pos, relative to origin; -1 on failure. */
static int64_t
seek_from(const struct source *src, uint64_t pos, int whence)
{
	off_t at = lseek(src->fd, (off_t)(src->origin + pos), whence);

	return at < 0 || (uint64_t)at < src->origin ? -1 :
	    (int64_t)((uint64_t)at - src->origin);
}

/* The extent at pos, the descriptor's offset moved. */
static void
find_extent(const struct source *src, uint64_t pos, bool *in_hole,
    uint64_t *extent_end)
{
	int64_t data = seek_from(src, pos, SEEK_DATA), hole;

	/* ENXIO: no data from pos on: a hole to the end. */
	if (data < 0 && errno == ENXIO) {
		*in_hole = true;
		*extent_end = src->size;
	} else if (data > (int64_t)pos) {
		*in_hole = true;
		*extent_end = (uint64_t)data;
	} else if (data == (int64_t)pos &&
	    (hole = seek_from(src, pos, SEEK_HOLE)) > (int64_t)pos) {
		*extent_end = (uint64_t)hole;
	}
}

void
source_extent(const struct source *src, uint64_t pos, bool *in_hole,
    uint64_t *extent_end)
{
	off_t was;

	*in_hole = false;
	*extent_end = UINT64_MAX;
	if (!S_ISREG(src->st.st_mode) || pos >= src->size ||
	    (was = lseek(src->fd, 0, SEEK_CUR)) < 0)
		return;
	find_extent(src, pos, in_hole, extent_end);
	(void)lseek(src->fd, was, SEEK_SET);
}
#else
void
source_extent(const struct source *src, uint64_t pos, bool *in_hole,
    uint64_t *extent_end)
{
	(void)src;
	(void)pos;
	*in_hole = false;
	*extent_end = UINT64_MAX;
}
#endif

bool
source_may_have_holes(const struct source *src)
{
	/* st_blocks counts 512-byte units whatever the file system. */
	return S_ISREG(src->st.st_mode) && src->st.st_size > 0 &&
	    (uint64_t)src->st.st_blocks <
	    ((uint64_t)src->st.st_size + 511) / 512;
}

ssize_t
source_read(const struct source *src, void *buf, size_t len)
{
	struct pollfd pfd = { .fd = src->fd, .events = POLLIN };
	ssize_t n;

	for (;;) {
		n = read(src->fd, buf, len);
		if (n >= 0)
			return n;
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN && errno != EWOULDBLOCK)
			return -1;
		(void)poll(&pfd, 1, -1);
	}
}

/* poll(2) without waiting: the events of the stream now (0: none). */
static int
events_now(const struct source *src)
{
	struct pollfd pfd = { .fd = src->fd, .events = POLLIN };
	int ready;

	while ((ready = poll(&pfd, 1, 0)) < 0 && errno == EINTR)
		continue;
	return ready > 0 ? (int)pfd.revents : 0;
}

bool
source_has_bytes(const struct source *src)
{
	return (events_now(src) & POLLIN) != 0;
}

ssize_t
source_read_ready(const struct source *src, void *buf, size_t len)
{
	/* No writer left: POLLHUP, and read(2) says end of input, 0. */
	if (events_now(src) == 0)
		return 0;
	return source_read(src, buf, len);
}

/*
 * A file in dir that never has a name (O_TMPFILE, Linux 3.11), so that
 * nothing is left behind whatever happens; EOPNOTSUPP where not built.
 */
static int
open_unnamed(const char *dir)
{
#if HAVE_DECL_O_TMPFILE
	return open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
#else
	(void)dir;
	errno = EOPNOTSUPP;
	return -1;
#endif
}

/* An unlinked temporary file: O_TMPFILE, or mkstemp then unlink. */
static int
open_spool_file(void)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];
	int fd;

	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	fd = open_unnamed(dir);
	if (fd >= 0 || (errno != EOPNOTSUPP && errno != EISDIR &&
	    errno != EINVAL))
		return fd;
	if ((size_t)snprintf(path, sizeof path, "%s/mmcat-spool-XXXXXX",
	    dir) >= sizeof path) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if ((fd = mkstemp(path)) >= 0)
		(void)unlink(path);
	return fd;
}

/* All len bytes at offset at of fd. */
static int
pwrite_fully(int fd, const unsigned char *bytes, size_t len, uint64_t at)
{
	ssize_t n;

	while (len > 0) {
		n = pwrite(fd, bytes, len, (off_t)at);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? errno : EIO;
		bytes += n;
		len -= (size_t)n;
		at += (uint64_t)n;
	}
	return 0;
}

/*
 * Copy stream bytes [from, to) into fd at their own offsets (what lies
 * before from stays a hole); *total: bytes read.
 */
static int
copy_stretch(struct source *src, int fd, uint64_t from, uint64_t to,
    uint64_t *total, bool *read_failed)
{
	static unsigned char buffer[MMCAT_READ_BYTES];
	uint64_t skip;
	size_t want;
	ssize_t n;
	int err;

	*total = 0;
	while (*total < to) {
		want = to - *total < sizeof buffer ? (size_t)(to - *total) :
		    sizeof buffer;
		if ((n = source_read(src, buffer, want)) <= 0) {
			*read_failed = n < 0;
			return n < 0 ? errno : 0;
		}
		skip = from > *total ? from - *total : 0;
		if (skip < (uint64_t)n && (err = pwrite_fully(fd,
		    buffer + skip, (size_t)((uint64_t)n - skip),
		    *total + skip)) != 0)
			return err;
		*total += (uint64_t)n;
	}
	return 0;
}

int
source_spool(struct source *src, uint64_t from, uint64_t to,
    bool *read_failed)
{
	uint64_t total;
	int fd, err;

	*read_failed = false;
	if ((fd = open_spool_file()) < 0)
		return errno;
	err = copy_stretch(src, fd, from, to, &total, read_failed);
	/* The size of what was read, hole included, for the mapping. */
	if (err == 0 && total <= (uint64_t)INT64_MAX &&
	    ftruncate(fd, (off_t)total) != 0)
		err = errno;
	if (err != 0) {
		close(fd);
		return err;
	}
	source_leave_at(src, 0);
	source_close(src);
	src->fd = fd;
	src->owns_fd = true;
	src->kind = SOURCE_MAPPABLE;
	src->spooled = true;
	src->origin = 0;
	src->size = total;
	return 0;
}

void
source_leave_at(const struct source *src, uint64_t pos)
{
	uint64_t target = src->file_origin + pos;

	/* A pipe cannot seek (ESPIPE): what was read is gone anyway. */
	if (src->is_stdin && target >= src->file_origin &&
	    target <= (uint64_t)INT64_MAX)
		(void)lseek(STDIN_FILENO, (off_t)target, SEEK_SET);
}

void
source_close(struct source *src)
{
	if (src->owns_fd && src->fd >= 0)
		close(src->fd);
	src->fd = -1;
	src->owns_fd = false;
}
