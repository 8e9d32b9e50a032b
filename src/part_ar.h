/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * part_ar.h - the ar row of the table of formats (parts.h).
 */
#ifndef MMCAT_PART_AR_H
#define MMCAT_PART_AR_H

#include "parts.h"

extern const struct part_format part_format_ar;

#endif
