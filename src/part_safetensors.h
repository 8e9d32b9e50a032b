/* SPDX-License-Identifier: BSD-2-Clause */
/* part_safetensors.h - the tensors of a safetensors file, by name. */
#ifndef MMCAT_PART_SAFETENSORS_H
#define MMCAT_PART_SAFETENSORS_H

#include "parts.h"

extern const struct part_format part_format_safetensors;

#endif
