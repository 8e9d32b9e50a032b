/* SPDX-License-Identifier: BSD-2-Clause */
/* part_elf.h - the sections of an ELF file, by name. */
#ifndef MMCAT_PART_ELF_H
#define MMCAT_PART_ELF_H

#include "parts.h"

extern const struct part_format part_format_elf;

#endif
