/*
 * mapcopy.h - the mmap engine: print a span of a mappable source through
 * bounded windows of PROT_READ, MAP_PRIVATE mappings.
 */
#ifndef MMCAT_MAPCOPY_H
#define MMCAT_MAPCOPY_H

#include <stddef.h>
#include <stdint.h>

#include "copy.h"
#include "output.h"
#include "sink.h"
#include "source.h"

/* Window size used when MMCAT_WINDOW does not say otherwise. */
#define MAPCOPY_DEFAULT_WINDOW ((size_t)8 << 20)


/* How a span was printed, for --verbose. */
struct map_stats {
	size_t page_size;
	size_t window;
	uint64_t aligned_begin;	/* absolute offset of the first mapping */
	uint64_t mapped;	/* bytes mapped in all */
	uint64_t windows;	/* number of mappings made */
	enum output_method method;
};

/* The page size, rounded window sizes are multiples of it. */
size_t mapcopy_page_size(void);

/* Round a requested window up to whole pages (at least one). */
size_t mapcopy_round_window(uint64_t requested);

/* A read-only view of part of a source, mapped from a page boundary. */
struct mapping {
	void *base;		/* what mmap returned */
	unsigned char *heap;	/* or a buffer read with pread (mapcopy_view) */
	uint64_t aligned;	/* the file offset it was mapped from */
	size_t length;		/* what was mapped */
	const unsigned char *bytes; /* the first byte asked for */
};

/*
 * Map len bytes of src from pos (relative to src->origin).  Returns 0 or
 * the errno of mmap.
 */
int mapcopy_map(const struct source *src, uint64_t pos, size_t len,
    struct mapping *map);
void mapcopy_unmap(struct mapping *map);

/*
 * The same, but where mmap refuses, read the bytes into a buffer instead:
 * for scans that need to see the bytes, whatever the file system.
 * EFAULT means the file ended before pos + len (it shrank).
 */
int mapcopy_view(const struct source *src, uint64_t pos, size_t len,
    struct mapping *map);

/*
 * Give bytes [begin, end) of src (offsets relative to src->origin) to the
 * sink, window by window; the caller finishes the sink.
 * *copied_to tells how far output got, so that COPY_CANNOT_MAP can be
 * continued with read(2) from there; *err holds the errno of an error.
 */
enum copy_result mapcopy_span(const struct source *src, uint64_t begin,
    uint64_t end, size_t window, struct sink *sink, struct map_stats *stats,
    uint64_t *copied_to, int *err);

#endif
