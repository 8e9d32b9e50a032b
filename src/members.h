/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * members.h - --list and -m: the named parts inside one input operand
 * (partitions, archive members, ELF sections, tensors; see parts.h).
 */
#ifndef MMCAT_MEMBERS_H
#define MMCAT_MEMBERS_H

#include "printer.h"

/*
 * Open path ("-": standard input); with config->listing, list its parts;
 * else print each of config->members in turn, the ranges of config
 * applying inside it.  The container is validated whole before anything
 * of it is printed.
 */
enum print_status members_print_file(const char *path,
    const struct print_config *config);

#endif
