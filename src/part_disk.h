/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * part_disk.h - partition tables of disk images: GPT (512- and
 * 4096-byte sectors) and MBR with logical partitions.
 */
#ifndef MMCAT_PART_DISK_H
#define MMCAT_PART_DISK_H

#include "parts.h"

extern const struct part_format part_format_gpt;
extern const struct part_format part_format_mbr;

#endif
