/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * preadcopy.h - the last engine: pread(2) into a buffer, for files that
 * cannot be mapped (and what is left of a span when mmap stops working).
 */
#ifndef MMCAT_PREADCOPY_H
#define MMCAT_PREADCOPY_H

#include "engine.h"

/* From f->pos to f->end; never declines. */
enum engine_answer preadcopy_run(struct flow *f);

#endif
