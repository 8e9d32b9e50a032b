/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * engine.h - what a copy engine answers transfer.c, which runs them in
 * turn until one is done or stopped (the table is in transfer.c).
 */
#ifndef MMCAT_ENGINE_H
#define MMCAT_ENGINE_H

#include "flow.h"

enum engine_answer {
	ENGINE_DONE,		/* the span went out, up to f->end */
	ENGINE_DECLINED,	/* cannot go on from f->pos: try the next */
	ENGINE_STOPPED		/* f->result says why */
};

#endif
