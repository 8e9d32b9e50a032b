#!/usr/bin/env bats
# SPDX-License-Identifier: BSD-2-Clause
# inputs.bats - every kind of input: standard input as a file, at an
# offset, as a pipe; FIFOs, /proc and /sys files, character and block
# devices; and the inputs that cannot be printed at all.
#
# Oracles: dd (slice), head -c, tail -c, cat, cmp.  Binary output always
# goes to a file and is compared with cmp, never through $output.

load helpers/common
load helpers/features

setup() {
	cd "$BATS_TEST_TMPDIR" || return
	LOOPDEV=
	FEEDER=
}

teardown() {
	if [[ -n $LOOPDEV ]]; then
		losetup -d "$LOOPDEV"
	fi
	if [[ -n $FEEDER ]]; then
		kill "$FEEDER" 2>/dev/null || true
	fi
}

# after_10 FILE ARGS... : mmcat ARGS on standard input FILE, of which dd
# has already read the first 10 bytes (bs=1 reads exactly that many).
after_10() {
	local file=$1
	shift
	{
		dd bs=1 count=10 status=none >/dev/null
		mmcat_into out "$@"
	} <"$file"
}

# feed_fifo FILE FIFO : write FILE into FIFO in the background.
feed_fifo() {
	mkfifo "$2"
	timeout 60 cat -- "$1" >"$2" 3>&- &
	FEEDER=$!
}

# --- standard input: a regular file ---------------------------------------

@test "stdin regular file: whole file" {
	make_random f 100000
	run -0 --separate-stderr mmcat_into out <f
	assert_output ''
	assert_equal "$stderr" ''
	assert_same_file f out
}

@test "stdin regular file: offset and length (dd oracle)" {
	make_random f 100000
	slice f 4095 20000 >expected
	run -0 mmcat_into out - 4095 20000 <f
	assert_same_file expected out
}

@test "stdin regular file: negative offset is tail -c" {
	make_random f 100000
	tail -c 5000 f >expected
	run -0 mmcat_into out - -5000 <f
	assert_same_file expected out
}

@test "stdin regular file: is mapped, not streamed (-v)" {
	make_random f 10000
	# (5000 bytes: a range inside one page would be read, not mapped)
	MMCAT_COPY=write run -0 --separate-stderr mmcat_into out -v - 100 5000 <f
	assert_regex "$stderr" '^mmcat: standard input: .*page size [0-9]+.*aligned down to.*window'
	refute_regex "$stderr" 'stream'
}

# --- standard input at a non-zero position ----------------------------------

@test "stdin position: offsets count from the current position" {
	make_random f 1000
	# The fixture: dd bs=1 count=10 leaves the shared offset at 10.
	run -0 bash -c '{ dd bs=1 count=10 status=none >/dev/null; cat /proc/self/fdinfo/0; } <f'
	assert_line --regexp '^pos:[[:space:]]+10$'
	slice f 10 5 >expected
	run -0 after_10 f - 0 5
	assert_same_file expected out
}

@test "stdin position: a negative offset beyond the position clamps to it, not to byte 0" {
	make_random f 1000
	tail -c +11 f >expected
	run -0 after_10 f - -5000
	assert_same_file expected out
}

@test "stdin position: the size is what remains after the position" {
	make_random f 1000
	run -1 --separate-stderr after_10 f - 991
	assert_equal "$stderr" 'mmcat: standard input: offset 991 is past end of file (size 990)'
	[[ ! -s out ]]
}

@test "stdin position: a pipe already partly read continues where the reader stopped" {
	make_random f 1000
	slice f 10 5 >expected
	run -0 bash -c 'cat f | { dd bs=1 count=10 status=none >/dev/null; "$MMCAT" - 0 5 >out; }'
	assert_same_file expected out
}

# --- standard input: a pipe --------------------------------------------------

@test "pipe: -o and -l with no file operand" {
	make_random f 300000
	slice f 1 299998 >expected
	run -0 from_pipe f mmcat_into out -o 1 -l 299998
	assert_same_file expected out
}

@test "pipe: negative length is head -c -N" {
	make_random f 300000
	head -c -70000 f >expected
	run -0 from_pipe f mmcat_into out - 0 -70000
	assert_same_file expected out
}

@test "pipe: --end with a negative end (dd oracle)" {
	make_random f 300000
	slice f 1000 $((300000 - 1000 - 5000)) >expected
	run -0 from_pipe f mmcat_into out -o 1000 -e -5000
	assert_same_file expected out
}

@test "pipe: offset past EOF is exit 1 with the size read" {
	make_random f 3000
	run -1 --separate-stderr from_pipe f mmcat_into out - 3001
	assert_output ''
	assert_equal "$stderr" 'mmcat: standard input: offset 3001 is past end of file (size 3000)'
	[[ ! -s out ]]
}

@test "pipe: an empty pipe prints nothing, exit 0" {
	run -0 --separate-stderr bash -c ': | "$MMCAT" >out'
	assert_equal "$stderr" ''
	[[ -f out && ! -s out ]]
}

@test "pipe: --strict refuses a length past EOF and prints nothing" {
	make_random f 300000
	run -1 --separate-stderr from_pipe f mmcat_into out --strict - 200000 100001
	assert_equal "$stderr" 'mmcat: standard input: length 100001 at offset 200000 runs past end of file (size 300000) and --strict is set'
	[[ ! -s out ]]
}

@test "pipe: --strict refuses a negative offset before byte 0" {
	make_random f 3000
	run -1 --separate-stderr from_pipe f mmcat_into out --strict -o -3001
	assert_equal "$stderr" 'mmcat: standard input: offset -3001 reaches before start of file (size 3000) and --strict is set'
	[[ ! -s out ]]
}

@test "pipe: --strict accepts a range that ends exactly at EOF" {
	make_random f 300000
	slice f 200000 100000 >expected
	run -0 --separate-stderr from_pipe f mmcat_into out --strict - 200000 100000
	assert_equal "$stderr" ''
	assert_same_file expected out
}

@test "pipe: multi-MiB input with large offsets (dd oracle)" {
	make_random f $((5 * MiB))
	slice f $((3 * MiB + 7)) $((MiB + 3)) >expected
	run -0 from_pipe f mmcat_into out - $((3 * MiB + 7)) $((MiB + 3))
	assert_same_file expected out
}

@test "pipe: multi-MiB input, negative offset of 3 MiB is tail -c" {
	make_random f $((5 * MiB))
	tail -c $((3 * MiB + 1)) f >expected
	run -0 from_pipe f mmcat_into out - -$((3 * MiB + 1))
	assert_same_file expected out
}

@test "pipe: -v says the stream path was taken" {
	make_random f 100
	run -0 --separate-stderr from_pipe f mmcat_into out -v - 5 10
	assert_regex "$stderr" '^mmcat: standard input: .*stream.*pipe'
	refute_regex "$stderr" 'aligned down'
}

@test "pipe: a non-blocking pipe on standard input is read in full" {
	make_random f $((2 * MiB))
	slice f 100 $((2 * MiB - 200)) >expected
	run -0 bash -c '{ sleep 0.5; cat f; } | perl -MFcntl -e '\''fcntl(STDIN,F_SETFL,fcntl(STDIN,F_GETFL,0)|O_NONBLOCK) or die "fcntl: $!"; exec @ARGV or die "exec: $!"'\'' -- "$MMCAT" - 100 -100 >out'
	assert_same_file expected out
}

# --- FIFOs -------------------------------------------------------------------

@test "fifo operand: offset and length (dd oracle)" {
	make_random f 300000
	slice f 4097 200000 >expected
	feed_fifo f p
	run -0 mmcat_into out p 4097 200000
	assert_same_file expected out
}

@test "fifo operand: negative offset is tail -c" {
	make_random f 300000
	tail -c 1000 f >expected
	feed_fifo f p
	run -0 mmcat_into out p -1000
	assert_same_file expected out
}

# --- /proc and /sys ----------------------------------------------------------

@test "/proc/version equals cat" {
	cat /proc/version >expected
	[[ -s expected ]]
	run -0 mmcat_into out /proc/version
	assert_same_file expected out
}

@test "/proc file: negative offset is tail -c of its contents" {
	cat /proc/version >copy
	tail -c 7 copy >expected
	run -0 mmcat_into out /proc/version -7
	assert_same_file expected out
}

@test "/proc file: offset past its real size is exit 1 with that size" {
	cat /proc/version >copy
	size=$(file_size copy)
	run -1 --separate-stderr mmcat_into out /proc/version $((size + 1))
	assert_equal "$stderr" "mmcat: /proc/version: offset $((size + 1)) is past end of file (size $size)"
}

# The largest offset a file can have is 2^63 - 1: a read there is the
# end, not the kernel's EINVAL for a position past what off_t holds.
@test "/proc file: offsets up to 2^63 - 1 are past its end, exit 1 with its size" {
	local off
	cat /proc/version >copy
	size=$(file_size copy)
	for off in 9223372036854775807 9223372036854775000 9223372036854513664 \
	    -r9223372036854775800+5; do
		if [[ $off == -r* ]]; then
			run -1 --separate-stderr mmcat_into out -r "${off#-r}" /proc/version
			off=${off#-r} off=${off%+*}
		else
			run -1 --separate-stderr mmcat_into out /proc/version "$off"
		fi
		assert_equal "$stderr" "mmcat: /proc/version: offset $off is past end of file (size $size)"
		assert_empty_file out
	done
}

@test "/sys file equals cat (st_size 4096 is not believed)" {
	needs_feature fs-magic
	local f
	for f in /sys/devices/system/cpu/online \
	    /sys/kernel/mm/transparent_hugepage/enabled; do
		[[ -r $f ]] && break
		f=
	done
	[[ -n $f ]] || skip "no readable /sys/devices/system/cpu/online or /sys/kernel/mm/transparent_hugepage/enabled (no sysfs here)"
	cat "$f" >expected
	run -0 mmcat_into out "$f"
	assert_same_file expected out
	tail -c 2 expected >expected_tail
	run -0 mmcat_into out "$f" -2
	assert_same_file expected_tail out
}

# --- character devices -------------------------------------------------------

@test "/dev/zero with -l gives exactly N zero bytes" {
	head -c 3000001 /dev/zero >expected
	run -0 mmcat_into out -l 3000001 /dev/zero
	assert_same_file expected out
}

# --- inputs that cannot be printed --------------------------------------------

@test "a directory: 'Is a directory', exit 1" {
	mkdir d
	run -1 --separate-stderr mmcat d
	assert_output ''
	assert_equal "$stderr" 'mmcat: d: Is a directory'
}

@test "a directory on standard input: 'standard input: Is a directory'" {
	mkdir d
	run -1 --separate-stderr mmcat_into out <d
	assert_equal "$stderr" 'mmcat: standard input: Is a directory'
	[[ ! -s out ]]
}

@test "a missing file: 'No such file or directory', exit 1" {
	run -1 --separate-stderr mmcat nosuch 0 10
	assert_output ''
	assert_equal "$stderr" 'mmcat: nosuch: No such file or directory'
}

@test "an unreadable file: 'Permission denied', exit 1" {
	local -a as_user=()
	local d reason
	make_random secret 100
	chmod 000 secret
	if ((EUID == 0)); then
		command -v setpriv >/dev/null ||
		    skip "running as root and setpriv is missing: cannot drop privileges"
		as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
		# The unprivileged user must reach the directory.
		d=$BATS_TEST_TMPDIR
		while [[ $d == "$BATS_RUN_TMPDIR"* ]]; do
			chmod o+x "$d"
			d=${d%/*}
		done
		make_random readable 10
		chmod 644 readable
		if ! reason=$("${as_user[@]}" "$MMCAT" readable 2>&1 >/dev/null); then
			skip "user 65534 cannot run mmcat on a readable file here: $reason"
		fi
	elif cat secret >/dev/null 2>&1; then
		skip "chmod 000 does not stop this user from reading"
	fi
	run -1 --separate-stderr "${as_user[@]}" "$MMCAT" secret
	assert_output ''
	assert_equal "$stderr" 'mmcat: secret: Permission denied'
}

@test "several files, one missing in the middle: the others print in order, exit 1" {
	make_random a 5000
	make_random b 7000
	{ slice a 2 4998; slice b 2 6998; } >expected
	run -1 --separate-stderr mmcat_into out -o 2 a nosuch b
	assert_equal "$stderr" 'mmcat: nosuch: No such file or directory'
	assert_same_file expected out
}

# --- block devices -------------------------------------------------------------

# 1 MiB + 4.5 KiB: whole 512-byte sectors, but the last page only partly
# inside the device.
LOOP_SIZE=$((1024 * 1024 + 4096 + 512))

@test "block device: whole loop device equals its backing file" {
	make_random img $LOOP_SIZE
	attach_loop img
	run -0 mmcat_into out "$LOOPDEV"
	assert_same_file img out
}

@test "block device: negative offset uses the device size (tail -c)" {
	make_random img $LOOP_SIZE
	attach_loop img
	tail -c 10 img >expected
	run -0 mmcat_into out "$LOOPDEV" -10
	assert_same_file expected out
}

@test "block device: offset and length across pages (dd oracle)" {
	make_random img $LOOP_SIZE
	attach_loop img
	slice img 4095 $((LOOP_SIZE - 4095 - 300)) >expected
	run -0 mmcat_into out "$LOOPDEV" 4095 -300
	assert_same_file expected out
}

@test "block device: offset past the end reports the device size" {
	make_random img $LOOP_SIZE
	attach_loop img
	run -1 --separate-stderr mmcat_into out "$LOOPDEV" $((LOOP_SIZE + 1))
	assert_equal "$stderr" "mmcat: $LOOPDEV: offset $((LOOP_SIZE + 1)) is past end of file (size $LOOP_SIZE)"
	[[ ! -s out ]]
}

