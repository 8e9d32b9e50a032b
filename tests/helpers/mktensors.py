#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""mktensors.py - write a small safetensors or GGUF file for the tests.

    mktensors.py safetensors|gguf OUT DIR [ALIGNMENT]

writes OUT, a model file of a few tensors of random bytes laid out as the
published formats say (safetensors: an 8-byte little-endian header
length, the JSON header, the data; GGUF v3: header, key/values, tensor
records, the data from the aligned end of the records), writes each
tensor's bytes to DIR/N (N from 1, in the header's order), and prints
for each tensor the line mmcat --list should print:
OFFSET<TAB>LENGTH<TAB>tensor<TAB>NAME.  ALIGNMENT (GGUF only) is written
as general.alignment; without it the default, 32, applies.
"""
import json
import os
import struct
import sys

# safetensors: name, dtype, shape, bytes per element.
SAFETENSORS = [
    ("model.embed_tokens.weight", "F32", [3, 4], 4),
    ("model.layers.0.bias", "BF16", [5], 2),
    ("lm_head/scale:0", "U8", [3], 1),
    ("empty", "F16", [0, 8], 2),
    ("steps", "I64", [2], 8),
]

# GGUF: name, ggml type number, dimensions (row first), bytes.
GGUF = [
    ("token_embd.weight", 0, [5, 3], lambda: 5 * 3 * 4),        # F32
    ("blk.0.attn_q.weight", 2, [64, 2], lambda: 2 * 2 * 18),   # Q4_0
    ("blk.0.ffn.weight", 8, [32], lambda: 34),                 # Q8_0
    ("blk.0.norm", 1, [7], lambda: 14),                        # F16
    ("output.weight", 12, [256, 1, 2], lambda: 2 * 144),       # Q4_K
    ("ids", 24, [3], lambda: 3),                               # I8
]


def write_safetensors(out, tensors_dir):
    header = {"__metadata__": {"format": "pt", "note": "a \"quoted\" text"}}
    blobs = []
    at = 0
    for name, dtype, shape, size in SAFETENSORS:
        count = 1
        for d in shape:
            count *= d
        blob = os.urandom(count * size)
        header[name] = {"dtype": dtype, "shape": shape,
                        "data_offsets": [at, at + len(blob)]}
        blobs.append((name, at, blob))
        at += len(blob)
    text = json.dumps(header, separators=(",", ":")).encode()
    # Writers pad the header with spaces to a multiple of 8.
    text += b" " * (-len(text) % 8)
    with open(out, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for _, _, blob in blobs:
            f.write(blob)
    data = 8 + len(text)
    for i, (name, begin, blob) in enumerate(blobs, 1):
        with open(os.path.join(tensors_dir, str(i)), "wb") as f:
            f.write(blob)
        print(f"{data + begin}\t{len(blob)}\ttensor\t{name}")


def gguf_string(text):
    raw = text.encode()
    return struct.pack("<Q", len(raw)) + raw


def write_gguf(out, tensors_dir, alignment):
    kvs = [
        gguf_string("general.architecture") + struct.pack("<I", 8) +
        gguf_string("tiny"),
        gguf_string("tokenizer.tokens") + struct.pack("<IIQ", 9, 8, 3) +
        gguf_string("a") + gguf_string("bc") + gguf_string(""),
        gguf_string("tiny.dims") + struct.pack("<IIQ", 9, 5, 2) +
        struct.pack("<ii", -1, 7),
        gguf_string("tiny.flag") + struct.pack("<I?", 7, True),
        gguf_string("tiny.eps") + struct.pack("<Id", 12, 1e-5),
    ]
    if alignment is not None:
        kvs.append(gguf_string("general.alignment") +
                   struct.pack("<II", 4, alignment))
    align = alignment or 32
    blobs = []
    at = 0
    records = b""
    for name, ggml_type, dims, size in GGUF:
        at += -at % align
        blob = os.urandom(size())
        records += gguf_string(name) + struct.pack("<I", len(dims))
        records += b"".join(struct.pack("<Q", d) for d in dims)
        records += struct.pack("<IQ", ggml_type, at)
        blobs.append((name, at, blob))
        at += len(blob)
    head = b"GGUF" + struct.pack("<IQQ", 3, len(GGUF), len(kvs))
    head += b"".join(kvs) + records
    data = len(head) + (-len(head) % align)
    with open(out, "wb") as f:
        f.write(head)
        f.write(b"\0" * (data - len(head)))
        end = 0
        for _, begin, blob in blobs:
            f.write(b"\0" * (begin - end))
            f.write(blob)
            end = begin + len(blob)
    for i, (name, begin, blob) in enumerate(blobs, 1):
        with open(os.path.join(tensors_dir, str(i)), "wb") as f:
            f.write(blob)
        print(f"{data + begin}\t{len(blob)}\ttensor\t{name}")


def main():
    if len(sys.argv) not in (4, 5) or sys.argv[1] not in ("safetensors",
                                                          "gguf"):
        sys.exit("usage: mktensors.py safetensors|gguf OUT DIR [ALIGNMENT]")
    os.makedirs(sys.argv[3], exist_ok=True)
    if sys.argv[1] == "safetensors":
        write_safetensors(sys.argv[2], sys.argv[3])
    else:
        alignment = int(sys.argv[4]) if len(sys.argv) == 5 else None
        write_gguf(sys.argv[2], sys.argv[3], alignment)


if __name__ == "__main__":
    main()
