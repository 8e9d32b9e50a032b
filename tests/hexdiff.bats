#!/usr/bin/env bats
# SPDX-License-Identifier: BSD-2-Clause
# hexdiff.bats - the man page, HEX DUMPS, differentially: `mmcat -x` against
# the real xxd on the same bytes, over many sizes, offsets and forms of
# range, read from a file, from a regular standard input and from a pipe.
# mmcat formats a dump into a text buffer of MMCAT_HEX_TEXT_BYTES (1 MiB
# unless the build chose another size, which common.bash reads) and writes
# it out a buffer at a time, so the sizes that matter most are those that
# fill it k times over, a line more or less.  The random cases name their
# seed when they fail; HEXDIFF_SEED=N runs them again with it.

load helpers/common

HEX_TEXT_BYTES=${MMCAT_HEX_TEXT_BYTES:-1048576}
FOUR_GIB=$((1 << 32))

setup() {
	cd "$BATS_TEST_TMPDIR"
	failed=()
}

# buffer_lines ADDRESS : sets $fit to how many 16-byte lines from ADDRESS
# the text buffer takes.  An xxd line is its address (8 lowercase hex
# digits, more from 4 GiB on) and 60 bytes: ': ', 8 groups of 4 digits
# with a space between, 2 spaces, 16 characters and a newline.
buffer_lines() {
	local address=$1 room=$HEX_TEXT_BYTES digits=8 width band take
	fit=0
	while :; do
		while ((address >= 16 ** digits)); do
			digits=$((digits + 1))
		done
		width=$((digits + 60))
		band=$(((16 ** digits - address + 15) / 16))	# lines this wide
		take=$((room / width))
		((take < band)) || take=$band
		fit=$((fit + take))
		room=$((room - take * width))
		address=$((address + take * 16))
		((take == band)) || break
	done
	((fit > 0)) || fail "a text buffer of $HEX_TEXT_BYTES bytes holds no line"
}

# straddling START K : sets the array lengths to every length from 16
# bytes short of the K-th time the buffer fills, from offset START, to 16
# bytes past it, for each K from 1 to the given K; $edge is the last edge.
straddling() {
	local start=$1 k d
	lengths=()
	edge=0
	for ((k = 1; k <= $2; k++)); do
		buffer_lines $((start + edge))
		edge=$((edge + fit * 16))
		for ((d = -16; d <= 16; d++)); do
			lengths+=($((edge + d)))
		done
	done
}

# dump_file FILE WHAT : mmcat -x FILE, FILE on standard input, and FILE
# through a pipe, each equal to xxd FILE.
dump_file() {
	xxd "$1" >want
	expect_output "mmcat -x $2" want mmcat_into got -x "$1"
	expect_output "mmcat -x <$2" want mmcat_into got -x <"$1"
	expect_output "cat $2 | mmcat -x" want from_pipe "$1" mmcat_into got -x
}

# --- whole files ------------------------------------------------------------

@test "hexdiff: whole files of 0, 1, 15, 16, 17, 31, 32 and 33 bytes equal xxd FILE, file, stdin and pipe" {
	local size
	make_random src 64
	for size in 0 1 15 16 17 31 32 33; do
		head -c "$size" src >f
		dump_file f "f (size $size)"
	done
	report_failed "small files (text buffer $HEX_TEXT_BYTES bytes)"
}

@test "hexdiff: whole files that fill the text buffer once and twice, 16 bytes either side, equal xxd FILE, file, stdin and pipe" {
	local size
	straddling 0 2
	make_random src $((edge + 16))
	for size in "${lengths[@]}"; do
		head -c "$size" src >f
		dump_file f "f (size $size)"
	done
	report_failed "files around 1 and 2 buffers (edges at $((lengths[16])) and $edge bytes) (text buffer $HEX_TEXT_BYTES bytes)"
}

# --- ranges -----------------------------------------------------------------

@test "hexdiff: ranges whose length fills the buffer once and twice, 16 bytes either side, in every form, equal xxd -s -l, file and pipe" {
	local offsets=(1 7 15 16 4095 4097 33) forms=(pos opt end r-plus r-colon eof)
	local i off len form file note args
	straddling 1 2	# from an odd offset, the same number of lines fit
	make_random src $((edge + 16 + 4097))
	for ((i = 0; i < ${#lengths[@]}; i++)); do
		off=${offsets[i % ${#offsets[@]}]}
		len=${lengths[i]}
		form=${forms[i % ${#forms[@]}]}
		file=src note=
		case $form in
		pos) args=(src "$off" "$len") ;;
		opt) args=(-o "$off" -l "$len" src) ;;
		end) args=(-o "$off" -e $((off + len)) src) ;;
		r-plus) args=(-r "$off+$len" src) ;;
		r-colon) args=(-r "$off:$((off + len))" src) ;;
		eof)	# to the end of a file that ends there
			head -c $((off + len)) src >f
			file=f args=(f "$off") note=" (f: $((off + len)) bytes)" ;;
		esac
		xxd -s "$off" -l "$len" src >want
		expect_output "mmcat -x ${args[*]}$note" want mmcat_into got -x "${args[@]}"
		# the same range of the same bytes, read from a pipe
		args=("${args[@]/#$file/-}")
		expect_output "cat $file | mmcat -x ${args[*]}$note" want \
			from_pipe "$file" mmcat_into got -x "${args[@]}"
	done
	report_failed "ranges around 1 and 2 buffers (text buffer $HEX_TEXT_BYTES bytes)"
}

@test "hexdiff: several -r ranges in one call are dumped each on its own: the xxd dumps of each, in order, file and pipe" {
	local lists list spec args
	straddling 0 1
	make_random src $((2 * edge + 4096))
	# edge-1 fills one buffer less a byte, edge+1 one and a byte; ascending
	# lists are read from a pipe in one pass, the others from a copy
	lists=(
		"0+$((edge + 1)) $((edge + 1))+$((edge - 1)) $((2 * edge))+5"
		"3+$((edge - 15)) 3+$((edge + 15)) 0+0 7+1"
		"$((edge + 9))+17 5+$((edge + 1)) -33: 5+$((edge + 1))"
		"$((edge - 16)):$((2 * edge + 1)) 17+16 4095+$((edge + 16))"
	)
	for list in "${lists[@]}"; do
		args=()
		: >want
		for spec in $list; do
			args+=(-r "$spec")
			case $spec in
			-*) xxd -s "${spec%:}" src ;;
			*+*) xxd -s "${spec%+*}" -l "${spec#*+}" src ;;
			*:*) xxd -s "${spec%:*}" -l $((${spec#*:} - ${spec%:*})) src ;;
			esac >>want
		done
		expect_output "mmcat -x ${args[*]} src" want mmcat_into got -x "${args[@]}" src
		expect_output "cat src | mmcat -x ${args[*]}" want \
			from_pipe src mmcat_into got -x "${args[@]}"
	done
	report_failed "several ranges in one call (text buffer $HEX_TEXT_BYTES bytes)"
}

# --- random sizes, offsets and lengths ----------------------------------------

# random_top : sets $top to 3 text buffers' worth of bytes, or 64 KiB if
# that is more (a build with tiny buffers).
random_top() {
	straddling 0 3
	top=$((edge > 65536 ? edge : 65536))
}

@test "hexdiff: 20 random file sizes up to 3 buffers equal xxd FILE, file, stdin and pipe (seeded)" {
	local i size top
	seed_random HEXDIFF_SEED
	random_top
	make_random src "$top"
	for ((i = 0; i < 20; i++)); do
		random_below $((top + 1))
		size=$r
		((i % 3)) || size=$((size % 4096))	# small sizes too
		head -c "$size" src >f
		dump_file f "f (size $size)"
	done
	report_failed "random sizes, seed $seed (HEXDIFF_SEED=$seed reruns them) (text buffer $HEX_TEXT_BYTES bytes)"
}

@test "hexdiff: 40 random ranges up to 3 buffers long, offsets from either end, equal xxd -s -l, file and pipe (seeded)" {
	local i size off len args xargs top
	seed_random HEXDIFF_SEED
	random_top
	size=$((top + 4099))
	make_random src "$size"
	for ((i = 0; i < 40; i++)); do
		random_below $((size + 1))
		off=$r
		random_below $((top + 1))
		len=$r
		((i % 4)) || len=$((len % 100))
		case $((i % 5)) in
		0) args=(src "$off" "$len") xargs=(-s "$off" -l "$len") ;;
		1) args=(src "$off") xargs=(-s "$off") ;;
		2) args=(src -"$off" "$len") xargs=(-s -"$off" -l "$len") ;;
		3) args=(-o "$off" -l "$len" src) xargs=(-s "$off" -l "$len") ;;
		4) args=(-r -"$off": src) xargs=(-s -"$off") ;;
		esac
		# -0 is the end of the file, which xxd is given as the size
		[[ ${xargs[1]} != -0 ]] || xargs[1]=$size
		xxd "${xargs[@]}" src >want
		expect_output "mmcat -x ${args[*]}" want mmcat_into got -x "${args[@]}"
		args=("${args[@]/#src/-}")
		expect_output "cat src | mmcat -x ${args[*]}" want \
			from_pipe src mmcat_into got -x "${args[@]}"
	done
	report_failed "random ranges, seed $seed (HEXDIFF_SEED=$seed reruns them) (text buffer $HEX_TEXT_BYTES bytes)"
}

# --- addresses of 9 digits ------------------------------------------------------

@test "hexdiff: ranges across 4 GiB, where xxd's addresses grow to 9 digits, equal xxd -s -l" {
	local start lengths_mixed len span off
	# the widths buffer_lines counts by, checked on xxd itself
	truncate -s $((FOUR_GIB + 32)) sparse
	xxd -s $((FOUR_GIB - 16)) sparse | awk '{ print length($0) + 1 }' >widths
	assert_equal "$(tr '\n' ' ' <widths)" '68 69 69 '
	# from 256 bytes below 4 GiB: 16 lines of 8 digits, the rest of 9
	start=$((FOUR_GIB - 256))
	straddling "$start" 2
	lengths_mixed=("${lengths[@]}")
	span=$((edge + 4096))
	straddling "$FOUR_GIB" 1	# lines of 9 digits only
	((span >= edge + 4096)) || span=$((edge + 4096))
	truncate -s $((FOUR_GIB + span)) sparse
	# random bytes where the lines are, the rest a hole of zeros
	make_random bytes 512
	for off in $((start - 1)) $((FOUR_GIB - 8)) $((FOUR_GIB + edge - 40)) \
		$((FOUR_GIB + span - 300)); do
		dd if=bytes of=sparse bs=256 count=1 seek="$off" oflag=seek_bytes \
			conv=notrunc status=none
	done
	for len in 512 "${lengths_mixed[@]}"; do
		xxd -s "$start" -l "$len" sparse >want
		expect_output "mmcat -x sparse $start $len" want \
			mmcat_into got -x sparse "$start" "$len"
	done
	for len in "${lengths[@]}"; do
		xxd -s "$FOUR_GIB" -l "$len" sparse >want
		expect_output "mmcat -x -r $FOUR_GIB+$len sparse" want \
			mmcat_into got -x -r "$FOUR_GIB+$len" sparse
	done
	# to the end of the file, from below 4 GiB, on the file and on its
	# standard input
	xxd -s $((start + 5)) sparse >want
	expect_output "mmcat -x sparse $((start + 5))" want \
		mmcat_into got -x sparse $((start + 5))
	expect_output "mmcat -x - $((start + 5)) <sparse" want \
		mmcat_into got -x - $((start + 5)) <sparse
	report_failed "ranges across 4 GiB (text buffer $HEX_TEXT_BYTES bytes)"
}

@test "hexdiff: a pipe carrying 4 GiB and more dumps with 9-digit addresses as xxd on the file" {
	skip_if_heavy "4 GiB through a pipe"
	local start=$((FOUR_GIB - 40))
	truncate -s $((FOUR_GIB + 4096)) sparse
	make_random bytes 100
	dd if=bytes of=sparse bs=100 count=1 seek="$start" oflag=seek_bytes \
		conv=notrunc status=none
	xxd -s "$start" sparse >want
	expect_output "cat sparse | mmcat -x -r $start:" want \
		from_pipe sparse mmcat_into got -x -r "$start:"
	report_failed "a pipe past 4 GiB (text buffer $HEX_TEXT_BYTES bytes)"
}
