/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * mapcopy.h - the mmap engine: give out a span through bounded windows of
 * PROT_READ, MAP_PRIVATE mappings.
 */
#ifndef MMCAT_MAPCOPY_H
#define MMCAT_MAPCOPY_H

#include "engine.h"

/*
 * From f->pos to f->end, window by window.  Declines where mmap is
 * refused (f->report->map_error says why), at the window it failed on.
 */
enum engine_answer mapcopy_run(struct flow *f);

#endif
