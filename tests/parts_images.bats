#!/usr/bin/env bats
# SPDX-License-Identifier: BSD-2-Clause
# parts_images.bats - the man page, NAMED RANGES: --list and -m on disk
# images (GPT, MBR), ELF files and model files (safetensors, GGUF).
# Images are partitioned by sfdisk (on a loop device of 4096-byte sectors
# for the 4K GPT), ELF files made by cc and objcopy, model files written
# by tests/helpers/mktensors.py from the published layouts.  The oracles
# are sfdisk --dump with dd at the partitions' sectors, readelf -S and
# objcopy --dump-section, and the bytes and offsets the writer put there,
# never mmcat.

load helpers/common

setup() {
	cd "$BATS_TEST_TMPDIR"
}

# A loop device a failed case left attached is detached.
teardown() {
	if [[ -n ${LOOPDEV:-} ]]; then
		losetup -d "$LOOPDEV" 2>/dev/null || true
	fi
}

# partition DISK SCRIPT : partition the image file or device DISK with
# sfdisk, from the script SCRIPT.
partition() {
	printf '%b' "$2" | sfdisk -q --no-reread --no-tell-kernel "$1" >sfdisk.out 2>&1 ||
		fail "sfdisk failed: $(<sfdisk.out)"
}

# dumped IMAGE SECTOR DUMP : the --list lines that sfdisk's dump DUMP of
# IMAGE says: each partition's start and size times SECTOR, its number
# (the end of its device name), and extended for an MBR's types 5, f, 85.
dumped() {
	local sector=$2 dev start size type kind
	sed -n 's/^\([^ ]*\) : start= *\([0-9]*\), size= *\([0-9]*\), type=\([^,]*\).*/\1 \2 \3 \4/p' "$3" |
		while read -r dev start size type; do
			case $type in
			5 | f | 85) kind=extended ;;
			*) kind=partition ;;
			esac
			printf '%d\t%d\t%s\t%s\n' $((start * sector)) $((size * sector)) \
				"$kind" "${dev##*[!0-9]}"
		done
}

# fill_partitions IMAGE LISTING : each partition of LISTING (not an
# extended one) gets random bytes of its own, by dd at its offset.
fill_partitions() {
	local off len kind name
	while IFS=$'\t' read -r off len kind name; do
		[[ $kind == partition ]] || continue
		make_random "fill$name" "$len"
		dd if="fill$name" of="$1" bs=512 seek=$((off / 512)) conv=notrunc \
			status=none
	done <"$2"
}

# check_partitions IMAGE LISTING : -m N prints each partition's bytes as
# dd reads them at its offset, and they are the bytes fill_partitions put
# there.
check_partitions() {
	local off len kind name count=0
	while IFS=$'\t' read -r off len kind name; do
		slice "$1" "$off" "$len" >want
		mmcat_into got -m "$name" "$1"
		assert_same_file want got
		if [[ $kind == partition ]]; then
			assert_same_file "fill$name" got
		fi
		count=$((count + 1))
	done <"$2"
	((count > 0)) || fail "$1: no partitions"
}

@test "GPT, 512-byte sectors: --list is sfdisk --dump's start and size in bytes, slots numbered as Linux does; -m N is dd at the sectors" {
	need sfdisk
	truncate -s 8M disk.img
	# Slot 2 left empty: numbers are slots, not ranks.
	partition disk.img 'label: gpt\ndisk.img1 : start=2048, size=2048\ndisk.img3 : size=1M\ndisk.img4 : size=3M\n'
	sfdisk --dump disk.img >dump
	dumped disk.img 512 dump >want.list
	assert_equal "$(cut -f 4 want.list | tr '\n' ' ')" "1 3 4 "
	fill_partitions disk.img want.list
	run -0 --separate-stderr mmcat --list disk.img
	assert_output "$(<want.list)"
	check_partitions disk.img want.list
	run -0 mmcat -m 3 -o 100 -l 5 disk.img
	assert_output "$(slice disk.img $((2048 * 512 + 2048 * 512 + 100)) 5)"
}

@test "GPT, 4096-byte sectors (sfdisk on a loop device of 4096-byte sectors): offsets are sectors times 4096" {
	need sfdisk losetup
	truncate -s 16M disk4k.img
	LOOPDEV=$(losetup -f --show --sector-size 4096 disk4k.img 2>losetup.err) ||
		skip "losetup cannot attach a loop device of 4096-byte sectors here: $(<losetup.err)"
	partition "$LOOPDEV" 'label: gpt\n,1M\n,2M\n,512K\n'
	sfdisk --dump "$LOOPDEV" >dump
	losetup -d "$LOOPDEV"
	LOOPDEV=
	grep -q '^sector-size: 4096' dump || fail "sfdisk did not use 4096-byte sectors: $(<dump)"
	dumped disk4k.img 4096 dump >want.list
	[[ $(wc -l <want.list) -eq 3 ]] || fail "3 partitions expected: $(<dump)"
	fill_partitions disk4k.img want.list
	run -0 --separate-stderr mmcat --list disk4k.img
	assert_output "$(<want.list)"
	check_partitions disk4k.img want.list
}

@test "MBR: primaries 1-4, the extended partition listed with its span, logicals from 5 in chain order; each as dd reads it" {
	need sfdisk
	truncate -s 16M mbr.img
	# sfdisk fills the primary slots first, then makes logicals.
	partition mbr.img 'label: dos\n,1M,83\n,8M,5\n,1M,c\n,1M,83\n,2M,83\n,1M,7\n,1M,83\n'
	sfdisk --dump mbr.img >dump
	dumped mbr.img 512 dump >want.list
	assert_equal "$(cut -f 3,4 want.list | tr '\t\n' ': ')" \
		"partition:1 extended:2 partition:3 partition:4 partition:5 partition:6 partition:7 "
	fill_partitions mbr.img want.list
	run -0 --separate-stderr mmcat --list mbr.img
	assert_output "$(<want.list)"
	check_partitions mbr.img want.list
}

# put_le32 FILE OFFSET VALUE : write VALUE as 4 little-endian bytes at
# OFFSET of FILE.
put_le32() {
	local v=$3
	printf "$(printf '\\%03o' $((v & 255)) $((v >> 8 & 255)) $((v >> 16 & 255)) $((v >> 24 & 255)))" |
		dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}

@test "MBR: an extended boot record that links to itself is refused, and nothing is printed" {
	need sfdisk
	truncate -s 10M loop.img
	partition loop.img 'label: dos\n,1M,83\n,4M,5\n,1M,83\n,1M,83\n,1M,83\n,1M,83\n'
	ext=$(sed -n 's/^loop.img2 : start= *\([0-9]*\),.*/\1/p' <(sfdisk --dump loop.img))
	# The first record's second entry links to the second record, at
	# this many sectors from the extended partition's start.
	link=$(od -An -t u4 -j $((ext * 512 + 446 + 16 + 8)) -N 4 loop.img | tr -d ' ')
	((link > 0)) || fail "no link in the first extended boot record"
	# The second record (the last) gets a link to itself: type 5, one sector.
	second=$(((ext + link) * 512 + 446 + 16))
	put_le32 loop.img $((second + 4)) 5
	put_le32 loop.img $((second + 8)) "$link"
	put_le32 loop.img $((second + 12)) 1
	run -1 --separate-stderr mmcat --list loop.img
	assert_output ''
	assert_equal "$stderr" "mmcat: loop.img: not a valid MBR: extended partitions loop"
	run -1 --separate-stderr mmcat -m 1 loop.img
	assert_output ''
	assert_equal "$stderr" "mmcat: loop.img: not a valid MBR: extended partitions loop"
}

@test "GPT: a header whose CRC does not match is refused, nothing printed" {
	need sfdisk
	truncate -s 4M bad.img
	partition bad.img 'label: gpt\n,1M\n'
	# A byte of the disk GUID.
	printf 'X' | dd of=bad.img bs=1 seek=$((512 + 60)) conv=notrunc status=none
	run -1 --separate-stderr mmcat -m 1 bad.img
	assert_output ''
	assert_equal "$stderr" "mmcat: bad.img: not a valid GPT: header CRC mismatch"
}

# elf_sections FILE : the --list lines readelf -S -W says for FILE's
# sections but the null one: offset and size in decimal (0 for NOBITS).
elf_sections() {
	readelf -S -W "$1" |
		sed -n 's/^ *\[ *\([0-9]*\)\] /\1 /p' |
		while read -r index name type _ off size _; do
			[[ $index == 0 ]] && continue
			[[ $type == NOBITS ]] && size=0
			printf '%d\t%d\tsection\t%s\n' $((16#$off)) $((16#$size)) "$name"
		done
}

# check_elf FILE SECTION... : --list is readelf's table; each SECTION
# by -m is what objcopy --dump-section writes.
check_elf() {
	local file=$1 s
	shift
	elf_sections "$file" >want.list
	run -0 --separate-stderr mmcat --list "$file"
	assert_output "$(<want.list)"
	for s in "$@"; do
		objcopy --dump-section "$s=want" "$file" /dev/null
		mmcat_into got -m "$s" "$file"
		assert_same_file want got
	done
}

write_c() {
	cat >p.c <<-'EOF'
		int counter = 5;
		static int zeros[1000];
		const char greeting[] = "hello from .rodata";
		int main(void) { return counter + greeting[0] + zeros[7]; }
	EOF
}

@test "ELF, 64-bit: an object and a program: --list is readelf -S's table, -m is objcopy --dump-section's bytes, .bss empty" {
	need cc objcopy readelf
	write_c
	cc -O1 -c -o p.o p.c
	cc -O1 -o prog p.c
	check_elf p.o .text .data .rodata .comment
	check_elf prog .interp .text .rodata .data .dynstr
	run -0 mmcat -m .bss prog
	assert_output ''
	run -0 mmcat -m .rodata -L 1 p.o
	assert_output 'hello from .rodata'
}

@test "ELF, 32-bit (cc -m32) and x32 (objcopy): the same tables" {
	need cc objcopy readelf
	write_c
	cc -m32 -O1 -c -o p32.o p.c 2>cc.err || skip "cc -m32 cannot build here (Debian: gcc-multilib): $(head -1 cc.err)"
	check_elf p32.o .text .data .rodata
	cc -O1 -c -o p.o p.c
	objcopy -O elf32-x86-64 p.o x32.o
	check_elf x32.o .text .data .rodata
}

@test "ELF: a section name with a tab is quoted in --list, as file names are, and -m takes it raw" {
	need cc objcopy
	write_c
	cc -c -o p.o p.c
	objcopy --rename-section .data=$'da\tta' p.o q.o
	objcopy --dump-section $'da\tta'=want q.o /dev/null
	run -0 --separate-stderr mmcat --list q.o
	assert_line --regexp $'^[0-9]+\t4\tsection\t\'da\'\\$\'\\\\t\'\'ta\'$'
	mmcat_into got -m $'da\tta' q.o
	assert_same_file want got
}

# check_model FILE DIR LISTING : --list is LISTING (the writer's), and
# each tensor by -m is the bytes the writer put there (DIR/N).
check_model() {
	local off len kind name n=0
	run -0 --separate-stderr mmcat --list "$1"
	assert_output "$(<"$3")"
	while IFS=$'\t' read -r off len kind name; do
		n=$((n + 1))
		mmcat_into got -m "$name" "$1"
		assert_same_file "$2/$n" got
	done <"$3"
	((n > 0)) || fail "$1: no tensors"
}

@test "safetensors: each tensor at 8 + header length + its data_offsets, the bytes the writer put there; __metadata__ is not one" {
	need python3
	python3 "$MMCAT_TESTS_DIR/helpers/mktensors.py" safetensors m.safetensors t >want.list
	check_model m.safetensors t want.list
	run -0 --separate-stderr mmcat --list m.safetensors
	refute_output --partial __metadata__
	run -0 mmcat -m model.embed_tokens.weight -x -l 16 m.safetensors
	off=$(head -1 want.list | cut -f 1)
	assert_output "$(xxd -s "$off" -l 16 m.safetensors)"
}

@test "safetensors: a header length of 2^63 is refused, nothing printed" {
	printf '\0\0\0\0\0\0\0\200{"t":{"data_offsets":[0,1]}}x' >huge.safetensors
	run -1 --separate-stderr mmcat -m t huge.safetensors
	assert_output ''
	assert_equal "$stderr" "mmcat: huge.safetensors: not a valid safetensors: header length 9223372036854775808 past the end of the file"
}

@test "GGUF v3: tensors at the aligned data start (32 by default, general.alignment 64 and 1), the bytes the writer put there" {
	need python3
	local a
	for a in '' 64 1; do
		python3 "$MMCAT_TESTS_DIR/helpers/mktensors.py" gguf m.gguf t $a >want.list
		check_model m.gguf t want.list
	done
}

@test "GGUF: an alignment that is not a power of two, and a tensor past the end, are refused" {
	need python3
	python3 "$MMCAT_TESTS_DIR/helpers/mktensors.py" gguf m.gguf t 48 >/dev/null
	run -1 --separate-stderr mmcat --list m.gguf
	assert_output ''
	assert_equal "$stderr" "mmcat: m.gguf: not a valid GGUF: alignment 48 is not a power of two"
	python3 "$MMCAT_TESTS_DIR/helpers/mktensors.py" gguf m.gguf t >/dev/null
	head -c -1 m.gguf >cut.gguf
	run -1 --separate-stderr mmcat -m ids cut.gguf
	assert_output ''
	assert_equal "$stderr" "mmcat: cut.gguf: not a valid GGUF: a tensor ends past the end of the file"
}
