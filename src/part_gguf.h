/* SPDX-License-Identifier: BSD-2-Clause */
/* part_gguf.h - the tensors of a GGUF file (versions 2 and 3), by name. */
#ifndef MMCAT_PART_GGUF_H
#define MMCAT_PART_GGUF_H

#include "parts.h"

extern const struct part_format part_format_gguf;

#endif
