/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * part_zip.h - the zip row of the table of formats (parts.h).
 */
#ifndef MMCAT_PART_ZIP_H
#define MMCAT_PART_ZIP_H

#include "parts.h"

extern const struct part_format part_format_zip;

#endif
