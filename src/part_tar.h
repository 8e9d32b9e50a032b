/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * part_tar.h - the tar row of the table of formats (parts.h).
 */
#ifndef MMCAT_PART_TAR_H
#define MMCAT_PART_TAR_H

#include "parts.h"

extern const struct part_format part_format_tar;

#endif
