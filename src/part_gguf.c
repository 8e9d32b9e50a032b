/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * part_gguf.c - the tensors of a GGUF file, versions 2 and 3
 * (little-endian).
 *
 * The header is the magic "GGUF", the version, the tensor and key/value
 * counts, the key/values (each value of any type, arrays of arrays at
 * most GGUF_ARRAY_DEPTH deep, passed over), then one record for each
 * tensor: name, dimensions, ggml type, offset.  The tensors' data start
 * at the end of those records rounded up to the alignment
 * ("general.alignment", a uint32 power of two; 32 without it), and each
 * offset, a multiple of the alignment, counts from there.  A tensor's
 * length is its element count in the bytes of its ggml type: block
 * types store whole blocks of values, so a row (the first dimension)
 * must be a multiple of the block.  A type this table does not know is
 * invalid, since its length cannot be known.
 */
#include "config.h"

#include <inttypes.h>
#include <string.h>

#include "part_bytes.h"
#include "part_gguf.h"

#define GGUF_DEFAULT_ALIGNMENT 32
#define GGUF_MAX_DIMS 4
#define GGUF_ARRAY_DEPTH 8

enum gguf_value {
	GGUF_UINT8, GGUF_INT8, GGUF_UINT16, GGUF_INT16, GGUF_UINT32,
	GGUF_INT32, GGUF_FLOAT32, GGUF_BOOL, GGUF_STRING, GGUF_ARRAY,
	GGUF_UINT64, GGUF_INT64, GGUF_FLOAT64, GGUF_VALUE_TYPES
};

/* Bytes of each fixed-size value type; 0 for strings and arrays. */
static const unsigned char value_size[GGUF_VALUE_TYPES] = {
	1, 1, 2, 2, 4, 4, 4, 1, 0, 0, 8, 8, 8
};

/*
 * The ggml types by number: values in a block, bytes in a block.
 * Numbers ggml has retired (4, 5, 31-33, 36-38) are left unknown.
 */
struct ggml_type {
	uint32_t block, size;
};

static const struct ggml_type ggml_types[] = {
	[0] = { 1, 4 },		/* F32 */
	[1] = { 1, 2 },		/* F16 */
	[2] = { 32, 18 },	/* Q4_0 */
	[3] = { 32, 20 },	/* Q4_1 */
	[6] = { 32, 22 },	/* Q5_0 */
	[7] = { 32, 24 },	/* Q5_1 */
	[8] = { 32, 34 },	/* Q8_0 */
	[9] = { 32, 36 },	/* Q8_1 */
	[10] = { 256, 84 },	/* Q2_K */
	[11] = { 256, 110 },	/* Q3_K */
	[12] = { 256, 144 },	/* Q4_K */
	[13] = { 256, 176 },	/* Q5_K */
	[14] = { 256, 210 },	/* Q6_K */
	[15] = { 256, 292 },	/* Q8_K */
	[16] = { 256, 66 },	/* IQ2_XXS */
	[17] = { 256, 74 },	/* IQ2_XS */
	[18] = { 256, 98 },	/* IQ3_XXS */
	[19] = { 256, 50 },	/* IQ1_S */
	[20] = { 32, 18 },	/* IQ4_NL */
	[21] = { 256, 110 },	/* IQ3_S */
	[22] = { 256, 82 },	/* IQ2_S */
	[23] = { 256, 136 },	/* IQ4_XS */
	[24] = { 1, 1 },	/* I8 */
	[25] = { 1, 2 },	/* I16 */
	[26] = { 1, 4 },	/* I32 */
	[27] = { 1, 8 },	/* I64 */
	[28] = { 1, 8 },	/* F64 */
	[29] = { 256, 56 },	/* IQ1_M */
	[30] = { 1, 2 },	/* BF16 */
	[34] = { 256, 54 },	/* TQ1_0 */
	[35] = { 256, 66 },	/* TQ2_0 */
	[39] = { 32, 17 },	/* MXFP4 */
};

/* A reader of the header: where it is, and what it found wrong. */
struct cursor {
	const unsigned char *bytes;
	size_t len;
	uint64_t at;
	char *why;
};

struct tensor {
	const unsigned char *name;
	uint64_t name_len, type, offset;
	uint64_t dims[GGUF_MAX_DIMS];
	uint32_t n_dims;
};

static bool
gguf_detect(const unsigned char *bytes, size_t len)
{
	return len >= 4 && memcmp(bytes, "GGUF", 4) == 0;
}

static bool
short_header(struct cursor *c)
{
	(void)part_invalid(c->why, "header ends past the end of the file");
	return false;
}

/* Take n bytes: *p is where they are. */
static bool
take(struct cursor *c, uint64_t n, const unsigned char **p)
{
	if (!part_fits(c->at, n, c->len))
		return short_header(c);
	*p = c->bytes + c->at;
	c->at += n;
	return true;
}

static bool
take_u32(struct cursor *c, uint32_t *v)
{
	const unsigned char *p;

	if (!take(c, 4, &p))
		return false;
	*v = part_le32(p);
	return true;
}

static bool
take_u64(struct cursor *c, uint64_t *v)
{
	const unsigned char *p;

	if (!take(c, 8, &p))
		return false;
	*v = part_le64(p);
	return true;
}

static bool
take_string(struct cursor *c, const unsigned char **text, uint64_t *n)
{
	return take_u64(c, n) && take(c, *n, text);
}

static bool
take_value(struct cursor *c, uint32_t type, int depth);

/* An array: its element type, count, and elements, passed over. */
static bool
take_array(struct cursor *c, int depth)
{
	uint32_t type;
	uint64_t n, bytes;
	const unsigned char *p;

	if (!take_u32(c, &type) || !take_u64(c, &n))
		return false;
	if (type >= GGUF_VALUE_TYPES) {
		(void)part_invalid(c->why, "value type %" PRIu32, type);
		return false;
	}
	if (value_size[type] != 0)
		return !part_mul_overflows(n, value_size[type], &bytes) ?
		    take(c, bytes, &p) : short_header(c);
	/* This array is level depth + 1; its elements would be the next. */
	if (type == GGUF_ARRAY && depth + 2 > GGUF_ARRAY_DEPTH) {
		(void)part_invalid(c->why, "arrays nested more than %d deep",
		    GGUF_ARRAY_DEPTH);
		return false;
	}
	/* Each element takes at least 8 bytes, so n is bounded by the file. */
	for (uint64_t i = 0; i < n; i++)
		if (!take_value(c, type, depth + 1))
			return false;
	return true;
}

static bool
take_value(struct cursor *c, uint32_t type, int depth)
{
	const unsigned char *p;
	uint64_t n;

	if (type >= GGUF_VALUE_TYPES) {
		(void)part_invalid(c->why, "value type %" PRIu32, type);
		return false;
	}
	if (type == GGUF_STRING)
		return take_string(c, &p, &n);
	if (type == GGUF_ARRAY)
		return take_array(c, depth);
	return take(c, value_size[type], &p);
}

/* The key/values, of which only the alignment matters here. */
static bool
take_metadata(struct cursor *c, uint64_t count, uint64_t *alignment)
{
	*alignment = GGUF_DEFAULT_ALIGNMENT;
	for (uint64_t i = 0; i < count; i++) {
		const unsigned char *key, *p;
		uint64_t key_len;
		uint32_t type;

		if (!take_string(c, &key, &key_len) || !take_u32(c, &type))
			return false;
		if (key_len != strlen("general.alignment") ||
		    memcmp(key, "general.alignment", (size_t)key_len) != 0) {
			if (!take_value(c, type, 0))
				return false;
			continue;
		}
		if (type != GGUF_UINT32) {
			(void)part_invalid(c->why, "general.alignment is not "
			    "a uint32");
			return false;
		}
		if (!take(c, 4, &p))
			return false;
		*alignment = part_le32(p);
		if (*alignment == 0 || (*alignment & (*alignment - 1)) != 0) {
			(void)part_invalid(c->why, "alignment %" PRIu64
			    " is not a power of two", *alignment);
			return false;
		}
	}
	return true;
}

static bool
take_tensor(struct cursor *c, struct tensor *t)
{
	uint32_t type;

	if (!take_string(c, &t->name, &t->name_len) ||
	    !take_u32(c, &t->n_dims))
		return false;
	if (t->n_dims > GGUF_MAX_DIMS) {
		(void)part_invalid(c->why, "a tensor of %" PRIu32
		    " dimensions", t->n_dims);
		return false;
	}
	for (uint32_t d = 0; d < t->n_dims; d++)
		if (!take_u64(c, &t->dims[d]))
			return false;
	if (!take_u32(c, &type) || !take_u64(c, &t->offset))
		return false;
	t->type = type;
	return true;
}

/* The tensor's length in bytes, or false with the reason. */
static bool
tensor_length(const struct tensor *t, uint64_t *length, char *why)
{
	const struct ggml_type *g;
	uint64_t values = 1, row;

	if (t->type >= sizeof ggml_types / sizeof ggml_types[0] ||
	    ggml_types[t->type].block == 0) {
		(void)part_invalid(why, "ggml type %" PRIu64 " unknown",
		    t->type);
		return false;
	}
	g = &ggml_types[t->type];
	row = t->n_dims > 0 ? t->dims[0] : 1;
	if (row % g->block != 0) {
		(void)part_invalid(why, "rows of %" PRIu64 " values, not whole "
		    "blocks of %" PRIu32, row, g->block);
		return false;
	}
	for (uint32_t d = 0; d < t->n_dims; d++)
		if (t->dims[d] > INT64_MAX ||
		    part_mul_overflows(values, t->dims[d], &values) ||
		    values > INT64_MAX) {
			(void)part_invalid(why, "a tensor's size overflows");
			return false;
		}
	if (part_mul_overflows(values / g->block, g->size, length)) {
		(void)part_invalid(why, "a tensor's size overflows");
		return false;
	}
	return true;
}

static enum parts_result
gguf_tensors(struct cursor *c, uint64_t count, uint64_t alignment,
    part_visitor visit, void *ctx)
{
	uint64_t first = c->at, data;

	/* Once to find where the data start, then to visit. */
	for (uint64_t i = 0; i < count; i++) {
		struct tensor t;

		if (!take_tensor(c, &t))
			return PARTS_INVALID;
	}
	if (c->at > UINT64_MAX - (alignment - 1))
		return part_invalid(c->why, "header ends past the end of the "
		    "file");
	data = (c->at + alignment - 1) & ~(alignment - 1);
	c->at = first;
	for (uint64_t i = 0; i < count; i++) {
		struct tensor t;
		struct part part = { .kind = "tensor", .refusal = NULL };

		(void)take_tensor(c, &t);
		if (!tensor_length(&t, &part.length, c->why))
			return PARTS_INVALID;
		if (t.offset % alignment != 0)
			return part_invalid(c->why, "a tensor's offset is not "
			    "a multiple of the alignment");
		if (!part_fits(data, t.offset, c->len) ||
		    !part_fits(data + t.offset, part.length, c->len))
			return part_invalid(c->why, "a tensor ends past the end "
			    "of the file");
		part.offset = data + t.offset;
		part.name = t.name;
		part.name_len = (size_t)t.name_len;
		if (!visit(ctx, &part))
			break;
	}
	return PARTS_OK;
}

static enum parts_result
gguf_walk(const unsigned char *bytes, size_t len, part_visitor visit,
    void *ctx, char *why)
{
	struct cursor c = { .bytes = bytes, .len = len, .at = 4, .why = why };
	uint32_t version;
	uint64_t tensors, kvs, alignment;

	if (!gguf_detect(bytes, len))
		return part_invalid(why, "no GGUF magic number");
	if (!take_u32(&c, &version))
		return PARTS_INVALID;
	if (version != 2 && version != 3)
		return part_invalid(why, "version %" PRIu32, version);
	if (!take_u64(&c, &tensors) || !take_u64(&c, &kvs) ||
	    !take_metadata(&c, kvs, &alignment))
		return PARTS_INVALID;
	return gguf_tensors(&c, tensors, alignment, visit, ctx);
}

const struct part_format part_format_gguf = {
	.name = "GGUF", .detect = gguf_detect, .walk = gguf_walk
};
