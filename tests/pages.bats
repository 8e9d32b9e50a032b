#!/usr/bin/env bats
# SPDX-License-Identifier: BSD-2-Clause
# pages.bats - page and window boundaries of the mmap engine: the
# size x offset x length matrix around one and two pages, the zero-filled
# tail of the last page, MMCAT_WINDOW edges, -v's account of alignment and
# windows, ranges inside one page (read, not mapped), a sparse file with
# data past 4 GiB, the -L last-byte check
# read with pread rather than mapped, and -L where no window can be
# mapped.  Oracles: dd (slice), head -c, tail -c, tr, cmp, sed.

load helpers/common

P=$(getconf PAGESIZE)
G=$((1024 * 1024 * 1024))

setup() {
	cd "$BATS_TEST_TMPDIR"
}

# round_up_to_page N
round_up_to_page() {
	echo $((($1 + P - 1) / P * P))
}

# The loops below run many ranges per @test.  To keep forks down, each
# range is printed twice, in the positional form (appended to got.pos) and
# in the option form (appended to got.opt), while dd appends the expected
# bytes once (to want); exit status and stderr are checked per range, the
# bytes once per loop.  Only when the bytes differ is every range redone on
# its own, to name the ones that fail.

# range_start : forget earlier ranges.
range_start() {
	ranges=()
	failures=()
	: >want
	: >got.pos
	: >got.opt
}

# range_args OFFSET LENGTH FORM : the mmcat arguments (without the file)
# for a range in FORM pos or opt; LENGTH "eof" means to EOF.
range_args() {
	if [[ $3 == pos && $2 == eof ]]; then
		args=("$1")
	elif [[ $3 == pos ]]; then
		args=("$1" "$2")
	elif [[ $2 == eof ]]; then
		args=(-o "$1")
	else
		args=(-o "$1" -e $(($1 + $2)))
	fi
}

# range_try FILE SIZE OFFSET LENGTH : print the range both ways; an offset
# past SIZE must fail with the past-EOF message and print nothing.
range_try() {
	local file=$1 size=$2 off=$3 len=$4 form st line
	ranges+=("$off $len")
	for form in pos opt; do
		range_args "$off" "$len" "$form"
		st=0
		"$MMCAT" "$file" "${args[@]}" >>"got.$form" 2>err || st=$?
		line=
		if [[ -s err ]]; then
			read -r line <err || true
		fi
		if ((off > size)); then
			[[ $st -eq 1 && $line == "mmcat: $file: offset $off is past end of file (size $size)" ]] ||
				failures+=("[$file ${args[*]}] exit $st, expected 1 and the past-EOF message; stderr: $line")
		elif [[ $st -ne 0 || -s err ]]; then
			failures+=("[$file ${args[*]}] exit $st, stderr: $line")
		fi
	done
	if ((off <= size)); then
		[[ $len == eof ]] && len=$size
		slice "$file" "$off" "$len" >>want
	fi
}

# range_finish FILE SIZE TITLE : compare the bytes; on a difference redo each
# range alone to name it; fail listing every failed range.
range_finish() {
	local file=$1 size=$2 title=$3 form r off len
	for form in pos opt; do
		cmp -s want "got.$form" && continue
		for r in "${ranges[@]}"; do
			read -r off len <<<"$r"
			((off <= size)) || continue
			range_args "$off" "$len" "$form"
			"$MMCAT" "$file" "${args[@]}" >one.got 2>/dev/null || true
			[[ $len == eof ]] && len=$size
			slice "$file" "$off" "$len" >one.want
			cmp -s one.want one.got ||
				failures+=("[$file ${args[*]}] bytes differ: $(cmp one.want one.got 2>&1 | head -1)")
		done
	done
	if ((${#failures[@]})); then
		printf '%s\n' "${failures[@]}" | batslib_decorate "$title" | fail
	fi
}

# check_matrix SIZE : file of SIZE random bytes; offsets {0, 1, P-1, P, P+1,
# size-1, size} x lengths {0, 1, P-1, P, P+1, to EOF}, both forms.
check_matrix() {
	local size=$1 off len
	make_random f.bin "$size"
	range_start
	for off in $(printf '%s\n' 0 1 $((P - 1)) $P $((P + 1)) $((size - 1)) $size | sort -nu); do
		for len in 0 1 $((P - 1)) $P $((P + 1)) eof; do
			range_try f.bin "$size" "$off" "$len"
		done
	done
	range_finish f.bin "$size" "page matrix, size $size (page size $P): failed ranges"
}

# --- the page-boundary matrix -----------------------------------------------

@test "page matrix: file of one page minus one byte" {
	check_matrix $((P - 1))
}

@test "page matrix: file of exactly one page" {
	check_matrix $P
}

@test "page matrix: file of one page plus one byte" {
	check_matrix $((P + 1))
}

@test "page matrix: file of two pages minus one byte" {
	check_matrix $((2 * P - 1))
}

@test "page matrix: file of exactly two pages" {
	check_matrix $((2 * P))
}

@test "page matrix: file of two pages plus one byte" {
	check_matrix $((2 * P + 1))
}

# --- the zero-filled tail of the last page ----------------------------------

# assert_only_ff FILE : FILE holds only 0xff bytes (so no NUL).
assert_only_ff() {
	local other
	other=$(tr -d '\377' <"$1" | wc -c)
	if ((other != 0)); then
		batslib_print_kv_single 10 file "$1" 'non-0xff' "$other bytes" |
			batslib_decorate 'bytes other than 0xff printed' | fail
	fi
}

@test "zero-filled page tail is never printed: whole 0xff file" {
	head -c $((P + 904)) /dev/zero | tr '\0' '\377' >ff.bin
	run -0 mmcat_into out ff.bin
	assert_output ''
	assert_same_file ff.bin out
	assert_only_ff out
}

@test "zero-filled page tail is never printed: 0xff file from the second page" {
	head -c $((P + 904)) /dev/zero | tr '\0' '\377' >ff.bin
	tail -c 904 ff.bin >expected
	run -0 mmcat_into out ff.bin $P
	assert_output ''
	assert_same_file expected out
	assert_only_ff out

	run -0 mmcat_into out -o $P -l $((2 * P)) ff.bin
	assert_output ''
	assert_same_file expected out
	assert_only_ff out
}

@test "zero-filled page tail is never printed: file smaller than a page" {
	head -c 100 /dev/zero | tr '\0' '\377' >ff.bin
	run -0 mmcat_into out ff.bin
	assert_output ''
	assert_same_file ff.bin out
	assert_only_ff out

	tail -c 10 ff.bin >expected
	run -0 mmcat_into out -o -10 -l 4096 ff.bin
	assert_output ''
	assert_same_file expected out
	assert_only_ff out
}

# --- MMCAT_WINDOW edges -----------------------------------------------------

# check_window WINDOW : a 100 KiB random file through windows of WINDOW
# bytes, at offsets around the 4K/12K edges, lengths spanning many windows.
check_window() {
	local off len
	make_random w.bin 100K
	export MMCAT_WINDOW=$1
	range_start
	for off in 0 1 4095 4096 12287 12289; do
		for len in 30000 50001 eof; do
			range_try w.bin 102400 "$off" "$len"
		done
	done
	range_try w.bin 102400 $((102400 - 33333)) eof
	range_finish w.bin 102400 "MMCAT_WINDOW=$1 (page size $P): failed ranges"

	tail -c 33333 w.bin >expected
	run -0 mmcat_into out -o -33333 w.bin
	assert_output ''
	assert_same_file expected out
	unset MMCAT_WINDOW
}

@test "MMCAT_WINDOW=4096: ranges crossing window edges equal dd" {
	check_window 4096
}

@test "MMCAT_WINDOW=8192: ranges crossing window edges equal dd" {
	check_window 8192
}

@test "MMCAT_WINDOW=12288: ranges crossing window edges equal dd" {
	check_window 12288
}

@test "MMCAT_WINDOW=1 (rounded up to a page): ranges crossing window edges equal dd" {
	check_window 1
}

# --- -v: alignment and windows ----------------------------------------------

@test "-v with MMCAT_WINDOW=4096 reports several windows and the aligned offset" {
	local window aligned minimum n
	make_random w.bin 100K
	window=$(round_up_to_page 4096)
	aligned=$((5000 / P * P))
	slice w.bin 5000 20000 >expected
	# Into a regular file the kernel would copy file to file, mapping
	# nothing; MMCAT_COPY=write keeps the mapping engine whose windows
	# this test counts.
	MMCAT_COPY=write MMCAT_WINDOW=4096 run -0 --separate-stderr \
		mmcat_into out -v w.bin 5000 20000
	assert_same_file expected out
	[[ ${#stderr_lines[@]} -eq 1 ]] || fail "expected one -v line, got: $stderr"
	assert_equal "$(grep -c "page size $P," <<<"$stderr")" 1
	assert_equal "$(grep -c "offset 5000 aligned down to $aligned," <<<"$stderr")" 1
	assert_equal "$(grep -c "window(s) of at most $window\b" <<<"$stderr")" 1
	n=$(sed -n 's/.* in \([0-9]*\) window(s).*/\1/p' <<<"$stderr")
	minimum=$(((25000 - aligned + window - 1) / window))
	((n >= minimum && n >= 2)) ||
		fail "reported $n window(s), bytes $aligned..25000 need at least $minimum: $stderr"
}

@test "-v: offsets around a page edge are aligned down to the right page multiple" {
	local off
	make_random w.bin 100K
	# P + 1 bytes always cross a page edge (a range inside one page is
	# read, not mapped: see the next test but one).
	for off in 0 1 $((P - 1)) $P $((P + 1)) $((3 * P - 1)) 5000 98000; do
		MMCAT_COPY=write run -0 --separate-stderr mmcat_into out -v -o "$off" -l $((P + 1)) w.bin
		slice w.bin "$off" $((P + 1)) >expected
		assert_same_file expected out
		assert_equal "$(grep -c "offset $off aligned down to $((off / P * P))," <<<"$stderr")" 1
	done
}

@test "-v: a negative offset is aligned down from the byte it resolves to" {
	local off=$((102400 - 5000))
	make_random w.bin 100K
	tail -c 5000 w.bin >expected
	MMCAT_COPY=write run -0 --separate-stderr mmcat_into out -v w.bin -5000
	assert_same_file expected out
	assert_equal "$(grep -c "offset $off aligned down to $((off / P * P))," <<<"$stderr")" 1
}

@test "-v: MMCAT_WINDOW=1 and 12288 are rounded up to whole pages" {
	make_random w.bin 100K
	slice w.bin 1 50000 >expected

	MMCAT_COPY=write MMCAT_WINDOW=1 run -0 --separate-stderr mmcat_into out -v w.bin 1 50000
	assert_same_file expected out
	assert_equal "$(grep -c "window(s) of at most $P\b" <<<"$stderr")" 1

	MMCAT_COPY=write MMCAT_WINDOW=12288 run -0 --separate-stderr mmcat_into out -v w.bin 1 50000
	assert_same_file expected out
	assert_equal "$(grep -c "window(s) of at most $(round_up_to_page 12288)\b" <<<"$stderr")" 1
}

# --- ranges inside one page ------------------------------------------------

@test "-v: a range inside one page is read with pread(2), one across a page edge is mapped (the man page, Mapped files)" {
	make_random w.bin 100K
	MMCAT_COPY=write run -0 --separate-stderr mmcat_into out -v w.bin $((P + 5)) $((P - 5))
	slice w.bin $((P + 5)) $((P - 5)) >expected
	assert_same_file expected out
	[[ $stderr == *': read by pread(2)' ]] || fail "not read: $stderr"
	MMCAT_COPY=write run -0 --separate-stderr mmcat_into out -v w.bin $((P + 5)) $((P - 4))
	slice w.bin $((P + 5)) $((P - 4)) >expected
	assert_same_file expected out
	[[ $stderr == *"aligned down to $P, mapped $((P + 1)) bytes in 1 window(s)"* ]] ||
		fail "not mapped: $stderr"
}

@test "many small ranges in one call, inside pages and across their edges, equal dd per range" {
	local o n
	make_random w.bin 300K
	# 300 ranges of 1 to 200 bytes; every tenth starts 3 bytes before a
	# page edge.
	awk -v p="$P" -v size=$((300 * 1024)) 'BEGIN {
		srand(7)
		for (i = 0; i < 300; i++) {
			n = 1 + int(rand() * 200)
			o = i % 10 ? int(rand() * (size - n)) : (1 + int(rand() * 70)) * p - 3
			print o, n
		}
	}' >list
	while read -r o n; do slice w.bin "$o" "$n"; done <list >expected
	mapfile -t args < <(awk '{ print "-r" $1 "+" $2 }' list)
	mmcat "${args[@]}" w.bin | cmp expected - || fail "to a pipe"
	run -0 mmcat_into out "${args[@]}" w.bin
	assert_same_file expected out
	MMCAT_COPY=write run -0 mmcat_into out "${args[@]}" w.bin
	assert_same_file expected out
}

# --- past 4 GiB -------------------------------------------------------------

# make_sparse_5g : big.bin, 5 GiB sparse, "MARKER-past-4GiB" at 4 GiB + 123.
make_sparse_5g() {
	local reason
	if ! reason=$(truncate -s 5G big.bin 2>&1); then
		skip "cannot create a 5 GiB sparse file here: $reason"
	fi
	printf 'MARKER-past-4GiB' |
		dd of=big.bin bs=1 seek=$((4 * G + 123)) conv=notrunc status=none
}

@test "sparse 5 GiB file: offset 4G+123 prints the marker written there" {
	make_sparse_5g
	run -0 mmcat_into out big.bin $((4 * G + 123)) 16
	assert_output ''
	assert_equal "$(<out)" 'MARKER-past-4GiB'

	slice big.bin $((4 * G)) 300 >expected
	run -0 mmcat_into out big.bin 4G 300
	assert_output ''
	assert_same_file expected out

	MMCAT_WINDOW=4096 run -0 mmcat_into out -o $((4 * G + 100)) -e $((4 * G + 150)) big.bin
	assert_output ''
	slice big.bin $((4 * G + 100)) 50 >expected
	assert_same_file expected out
}

@test "sparse 5 GiB file: negative offsets and ends reach the marker" {
	local back=$((5 * G - 4 * G - 123))	# bytes from the marker to EOF
	make_sparse_5g
	run -0 mmcat_into out big.bin -$back 16
	assert_output ''
	assert_equal "$(<out)" 'MARKER-past-4GiB'

	run -0 mmcat_into out -o -$back -e -$((back - 16)) big.bin
	assert_output ''
	assert_equal "$(<out)" 'MARKER-past-4GiB'

	tail -c 64 big.bin >expected
	run -0 mmcat_into out big.bin -64
	assert_output ''
	assert_same_file expected out
}

@test "sparse 5 GiB file: -v aligns an offset past 4 GiB without truncation" {
	make_sparse_5g
	MMCAT_COPY=write run -0 --separate-stderr mmcat_into out -v big.bin $((4 * G + 123)) "$P"
	assert_equal "$(head -c 16 out)" 'MARKER-past-4GiB'
	assert_equal "$(grep -c "offset $((4 * G + 123)) aligned down to $((4 * G))," <<<"$stderr")" 1
}

@test "-L reads the file's last byte with pread(2), not through a mapping of its page (the man page, LINE RANGES)" {
	command -v strace >/dev/null || skip "strace is not installed"
	local size
	seq 1 3000 >lines
	size=$(stat -c %s lines)
	((size > 2 * P)) || fail "the test file is only $size bytes"
	# (LeakSanitizer cannot run under ptrace: an ASan build leaves it off)
	ASAN_OPTIONS=detect_leaks=0 run -0 strace -qq -e trace=pread64 \
		-e signal=none -o trace "$MMCAT" -L -1: lines
	assert_output 3000
	grep -qE "^pread64\([0-9]+, \"\\\\n\", 1, $((size - 1))\)[[:space:]]+= 1$" trace ||
		fail "no 1-byte pread of the last byte: $(cat trace)"
}

# under_ulimit_v KIB CMD... : CMD with its address space limited to KIB KiB.
under_ulimit_v() {
	local kib=$1
	shift
	(ulimit -v "$kib" && "$@")
}

@test "-L where an address-space limit refuses the window: the scan reads bounded pread blocks (the man page, Mapped files)" {
	local limit=12000 spec
	[[ $(head -c 4 "$MMCAT" | od -An -c | tr -d ' ') == '177ELF' ]] ||
		skip "$MMCAT is not an ELF binary (a wrapper?): the limit would bind the wrapper"
	! grep -aqs __asan_init "$MMCAT" ||
		skip "mmcat is built with AddressSanitizer, whose shadow memory no ulimit -v leaves room for"
	seq 3000000 >big	# 20 MB: windows of the full 8 MiB are tried
	under_ulimit_v $limit "$MMCAT" big >out 2>err ||
		skip "mmcat cannot print a file at all under ulimit -v $limit here: $(<err)"
	assert_same_file big out
	head -n -1 big >expected
	run -0 under_ulimit_v $limit mmcat_into out -L :-2 big
	assert_output ''
	assert_same_file expected out
	tail -n 3 big >expected
	run -0 under_ulimit_v $limit mmcat_into out -L -3: big
	assert_output ''
	assert_same_file expected out
	sed -n '2999990,2999992p' big >expected
	run -0 under_ulimit_v $limit mmcat_into out -L 2999990:+2 big
	assert_output ''
	assert_same_file expected out
}
