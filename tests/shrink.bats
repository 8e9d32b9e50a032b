#!/usr/bin/env bats
# SPDX-License-Identifier: BSD-2-Clause
# shrink.bats - the man page, Output and CAVEATS: the file shrinks
# while mmcat reads it.  Never a SIGBUS: "mmcat: FILE: file shrank while
# reading", exit 1, and what was printed is an exact prefix of the full
# output (the original file, or xxd of it).  Oracles: a saved copy of the
# file, xxd, sed and tail.
#
# Two ways to make the truncation land while mmcat is at work, no sleeps:
#
# While printing: mmcat writes into a pipe whose reader first takes one
# 4 KiB block (proof that mmcat has opened, sized and mapped the file and is
# printing it), then truncates the file, then reads the rest.  Until the
# reader resumes, mmcat can get ahead of it by the pipe's capacity (it asks
# for 1 MiB) plus its own buffer (hex: 1 MiB of text, a quarter of that in
# input bytes): under 1.1 MiB of input; then it blocks in write/vmsplice.
# The cut (2 MiB, or 0) lies beyond that point, so mmcat meets it while
# printing.  MMCAT_WINDOW is larger than the file: one window, mapped
# before the truncation, so the size check before each window cannot see
# it; only the fault handling can (SIGBUS in user space for hex, EFAULT
# from write/vmsplice for raw).
#
# While scanning for lines: the scan writes nothing, so no pipe can hold it
# back, and a FIFO cannot be mapped.  Instead the file is a little text
# followed by a 16 GiB hole, which takes seconds to scan; the test watches
# /proc/PID/maps until the file shows up mapped (the scan has begun, with
# the 16 GiB size), freezes mmcat with SIGSTOP, truncates the file to its
# text, and lets mmcat go on with SIGCONT.  The scan then touches pages
# past the new end: the SIGBUS the guard must turn into the message.

load helpers/common

setup() {
	cd "$BATS_TEST_TMPDIR"
	mm_pid=
}

teardown() {
	# a test that failed halfway must not leave its mmcat stopped
	if [[ -n $mm_pid ]] && kill -0 "$mm_pid" 2>/dev/null; then
		kill -KILL "$mm_pid" 2>/dev/null || true
	fi
}

# shrink_while_printing CUT ARGS... : mmcat ARGS big into the pipe described
# above, whose reader cuts big to CUT bytes after the first 4 KiB; sets rc
# to mmcat's exit status; its stderr in ./err, the output in ./out.
shrink_while_printing() {
	local cut=$1
	shift
	{
		local st=0
		"$MMCAT" "$@" big 2>err || st=$?	# (errexit is on in tests)
		echo "$st" >status
	} | {
		dd bs=4096 count=1 iflag=fullblock status=none >out
		truncate -s "$cut" big
		cat >>out
	}
	rc=$(<status)
}

# assert_shrank : mmcat was not killed (by SIGBUS or anything), exit 1,
# the one message on stderr.
assert_shrank() {
	((rc != 135)) || fail "mmcat was killed by SIGBUS: $(<err)"
	((rc < 128)) || fail "mmcat was killed by signal $((rc - 128)): $(<err)"
	((rc == 1)) || fail "exit $rc, expected 1; stderr: $(<err)"
	assert_equal "$(<err)" 'mmcat: big: file shrank while reading'
}

# assert_strict_prefix OUT FULL : OUT is FULL's first bytes, and fewer.
assert_strict_prefix() {
	local n full
	n=$(file_size "$1")
	full=$(file_size "$2")
	((n < full)) || fail "$1 has $n bytes, not fewer than the full $full"
	cmp -s -n "$n" -- "$1" "$2" ||
		fail "$1 ($n bytes) is not a prefix of $2: $(cmp -n "$n" -- "$1" "$2" 2>&1)"
}

# --- printing: hex ------------------------------------------------------------

@test "shrink: -x, file cut to 2 MiB while dumping: exit 1, no SIGBUS, a prefix of xxd" {
	make_random big $((8 * MiB))
	cp big orig
	# Only the first 4 MiB of the dump can be reached: its xxd is the
	# oracle's prefix, and the full dump of 8 MiB is 68 bytes a line.
	xxd -l $((4 * MiB)) orig >expected
	MMCAT_WINDOW=16M shrink_while_printing 2M -x
	assert_shrank
	(($(file_size out) < 8 * MiB / 16 * 68)) || fail "not shorter than the full dump"
	(($(file_size out) <= $(file_size expected))) ||
		fail "dumped $(file_size out) bytes: past the cut at 2 MiB"
	cmp -s -n "$(file_size out)" out expected ||
		fail "not a prefix of xxd of the original: $(cmp -n "$(file_size out)" out expected)"
}

@test "shrink: -x, file cut mid-page: the zero fill past the new end is never dumped" {
	local cut=$((2 * MiB + 100))
	make_random big $((8 * MiB))
	cp big orig
	xxd -l $((4 * MiB)) orig >expected
	MMCAT_WINDOW=16M shrink_while_printing "$cut" -x
	assert_shrank
	# Bytes cut..end of that page read as zeros through the mapping; a
	# dump line holding one would break the prefix.
	cmp -s -n "$(file_size out)" out expected ||
		fail "not a prefix of xxd of the original: $(cmp -n "$(file_size out)" out expected)"
	(($(file_size out) <= (cut / 16 + 1) * 68)) ||
		fail "dumped $(file_size out) bytes: past the line holding the cut"
}

@test "shrink: -x, file truncated to zero while dumping: exit 1, a prefix of xxd" {
	make_random big $((8 * MiB))
	cp big orig
	xxd -l $((4 * MiB)) orig >expected
	MMCAT_WINDOW=16M shrink_while_printing 0 -x
	assert_shrank
	(($(file_size out) < 8 * MiB / 16 * 68)) || fail "not shorter than the full dump"
	cmp -s -n "$(file_size out)" out expected ||
		fail "not a prefix of xxd of the original: $(cmp -n "$(file_size out)" out expected)"
}

@test "shrink: -x, cut between windows (4 MiB windows, 32 MiB cut to 6 MiB): every line before the cut, as xxd -l 6M" {
	# The cut is seen by the size check before the second window, not by
	# a fault: the lines already formatted must still be written.
	make_random big $((32 * MiB))
	cp big orig
	xxd -l $((6 * MiB)) orig >expected
	MMCAT_WINDOW=4M shrink_while_printing 6M -x
	assert_shrank
	assert_same_file expected out
}

@test "shrink: -x, cut between windows mid-line: whole lines before the cut, the partial line dropped" {
	make_random big $((32 * MiB))
	cp big orig
	xxd -l $((6 * MiB)) orig >expected
	MMCAT_WINDOW=4M shrink_while_printing $((6 * MiB + 7)) -x
	assert_shrank
	assert_same_file expected out
}

# --- printing: raw --------------------------------------------------------------

@test "shrink: raw to a pipe (vmsplice), file cut to 2 MiB: exit 1, an exact prefix" {
	make_random big $((8 * MiB))
	cp big orig
	MMCAT_WINDOW=16M shrink_while_printing 2M
	assert_shrank
	assert_strict_prefix out orig
	(($(file_size out) <= 2 * MiB)) || fail "printed $(file_size out) bytes: past the cut"
}

@test "shrink: raw to a pipe with MMCAT_COPY=write, file cut to 2 MiB: exit 1, an exact prefix" {
	make_random big $((8 * MiB))
	cp big orig
	MMCAT_COPY=write MMCAT_WINDOW=16M shrink_while_printing 2M -v
	# -v's line comes after the message; keep the message for assert_shrank
	grep -q 'copy by write(2)' err || fail "not the write(2) path: $(<err)"
	grep -v 'copy by' err >err.msg && mv err.msg err
	assert_shrank
	assert_strict_prefix out orig
	(($(file_size out) <= 2 * MiB)) || fail "printed $(file_size out) bytes: past the cut"
}

@test "shrink: raw to a pipe (vmsplice), file truncated to zero: exit 1, an exact prefix" {
	make_random big $((8 * MiB))
	cp big orig
	MMCAT_WINDOW=16M shrink_while_printing 0
	assert_shrank
	assert_strict_prefix out orig
}

@test "shrink: raw with MMCAT_COPY=write, file truncated to zero: exit 1, an exact prefix" {
	make_random big $((8 * MiB))
	cp big orig
	MMCAT_COPY=write MMCAT_WINDOW=16M shrink_while_printing 0
	assert_shrank
	assert_strict_prefix out orig
}

@test "shrink: raw with the default window, file cut to 2 MiB: exit 1, an exact prefix" {
	make_random big $((24 * MiB))
	cp big orig
	shrink_while_printing 2M
	assert_shrank
	assert_strict_prefix out orig
}

# --- printing: lines ------------------------------------------------------------

@test "shrink: -L 2: while its lines are printed, cut to 2 MiB: exit 1, a prefix of sed" {
	head -c $((6 * MiB)) /dev/urandom | base64 >big
	sed -n '2,$p' big >expected
	MMCAT_WINDOW=16M shrink_while_printing 2M -L 2:
	assert_shrank
	assert_strict_prefix out expected
}

@test "shrink: -x -L 1: while dumping, truncated to zero: exit 1, a prefix of xxd" {
	head -c $((6 * MiB)) /dev/urandom | base64 >big
	xxd -l $((4 * MiB)) big >expected
	MMCAT_WINDOW=16M shrink_while_printing 0 -x -L 1:
	assert_shrank
	(($(file_size out) < $(file_size expected))) || fail "not shorter than the dump"
	cmp -s -n "$(file_size out)" out expected ||
		fail "not a prefix of xxd of the original: $(cmp -n "$(file_size out)" out expected)"
}

# --- scanning for lines -----------------------------------------------------------

# shrink_while_scanning SPEC : mmcat -L SPEC big in the background, frozen
# once big appears in its memory map, big cut to its text, mmcat resumed;
# sets rc; stderr in ./err, output in ./out.
shrink_while_scanning() {
	local spec=$1 path=$PWD/big line state seen=0 deadline=$((SECONDS + 20))
	MMCAT_WINDOW=1G "$MMCAT" -L "$spec" big >out 2>err &
	mm_pid=$!
	# Builtins only: the scan must not finish while we look.
	while ((!seen && SECONDS < deadline)); do
		read -r state 2>/dev/null <"/proc/$mm_pid/stat" || break
		[[ $state != *") Z "* ]] || break	# exited already
		while read -r line; do
			if [[ $line == *" $path" ]]; then
				seen=1
				break
			fi
		done 2>/dev/null <"/proc/$mm_pid/maps" || break
	done
	kill -STOP "$mm_pid" 2>/dev/null || true	# (gone: reported below)
	truncate -s "$(file_size text)" big
	kill -CONT "$mm_pid" 2>/dev/null || true
	rc=0
	wait "$mm_pid" || rc=$?
	mm_pid=
	((seen)) || fail "big never showed up in mmcat's memory map (exit $rc: $(<err))"
}

# big_with_hole : ./text (about 64 KiB of lines), and ./big: the same text
# followed by a hole up to 16 GiB (sparse: nothing stored).
big_with_hole() {
	head -c 48000 /dev/urandom | base64 >text
	cp text big
	truncate -s 16G big
}

# check_scan SPEC ORACLE... : the scan of SPEC is cut short: exit 1 with
# the message and nothing printed, or (had mmcat finished the scan first,
# which the freeze makes unlikely) exit 0 with what ORACLE prints on the
# cut file; never a signal.
check_scan() {
	local spec=$1
	shift
	big_with_hole
	shrink_while_scanning "$spec"
	((rc < 128)) || fail "-L $spec: killed by signal $((rc - 128)): $(<err)"
	if ((rc == 0)); then
		"$@" big >expected
		assert_same_file expected out
		return
	fi
	assert_shrank
	[[ ! -s out ]] || fail "-L $spec: printed $(file_size out) bytes before failing"
}

@test "shrink: -L 999999999: (forward scan for a line) cut short: exit 1, no SIGBUS" {
	check_scan 999999999: sed -n '999999999,$p'
}

@test "shrink: -L -1: (backward scan from the end) cut short: exit 1, no SIGBUS" {
	check_scan -1: tail -n 1
}

@test "shrink: -L -3:-2 (counting every line) cut short: exit 1, no SIGBUS" {
	check_scan -3:-2 sh -c 'n=$(awk "END { print NR }" "$1"); sed -n "$((n - 2)),$((n - 1))p" "$1"' sh
}
