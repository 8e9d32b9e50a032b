#!/usr/bin/env bats
# SPDX-License-Identifier: BSD-2-Clause
# changes.bats - the file grows, or is replaced by a rename, while mmcat
# prints it, in raw, hex and line mode.  (Shrinking and truncation to zero
# are in shrink.bats.)  The contract: the range is resolved against the
# size seen at open; later growth adds nothing and loses nothing; a rename
# over the name leaves mmcat printing the file it opened.  Either way: all
# of the original range, exit 0, no signal.  Oracles: a saved copy, xxd, sed.
#
# The change lands mid-print with no sleeps: mmcat writes into a pipe whose
# reader takes one 4 KiB block (mmcat has opened, sized and mapped the file
# and is printing), then changes the file, then reads the rest.  The file is
# 8 MiB, far more than mmcat can push ahead into a pipe (1 MiB) before it
# blocks, so most of the range is printed after the change.

load helpers/common

setup() {
	cd "$BATS_TEST_TMPDIR"
	make_random original $((8 * MiB))
	cp original f
}

# change_while_printing CHANGE ARGS... : mmcat ARGS f into the pipe above,
# whose reader runs the shell command CHANGE after the first 4 KiB; rc gets
# mmcat's status, ./err its stderr, ./out everything printed.
change_while_printing() {
	local change=$1
	shift
	{
		local st=0
		"$MMCAT" "$@" f 2>err || st=$?
		echo "$st" >status
	} | {
		dd bs=4096 count=1 iflag=fullblock status=none >out
		eval "$change"
		cat >>out
	}
	rc=$(<status)
}

assert_printed_whole() {
	((rc < 128)) || fail "mmcat was killed by signal $((rc - 128)): $(<err)"
	((rc == 0)) || fail "exit $rc, expected 0; stderr: $(<err)"
	assert_equal "$(<err)" ''
	assert_same_file "$1" out
}

grow='head -c 4M /dev/urandom >>f'
replace='make_random new $((8 * MiB)) && mv new f'

@test "raw, growing while printed: the range seen at open, whole" {
	change_while_printing "$grow"
	assert_printed_whole original
}

@test "raw with write(2), growing while printed: the range seen at open" {
	MMCAT_COPY=write change_while_printing "$grow"
	assert_printed_whole original
}

@test "raw, a rename over the file while printed: the opened file, whole" {
	change_while_printing "$replace"
	assert_printed_whole original
}

@test "hex, growing while printed: xxd of the range seen at open" {
	xxd original >expected
	change_while_printing "$grow" -x
	assert_printed_whole expected
}

@test "hex, a rename over the file while printed: xxd of the opened file" {
	xxd original >expected
	change_while_printing "$replace" -x
	assert_printed_whole expected
}

@test "lines, growing while printed: the lines seen at open (sed)" {
	# a text file, so that lines are lines
	seq 1 2000000 >original
	cp original f
	sed -n '1000,$p' original >expected
	change_while_printing 'seq 5 >>f' -L 1000:
	assert_printed_whole expected
}

@test "lines, a rename over the file while printed: the opened file's lines" {
	seq 1 2000000 >original
	cp original f
	sed -n '10,1500000p' original >expected
	change_while_printing 'seq 7 9 >new && mv new f' -L 10:1500000
	assert_printed_whole expected
}
