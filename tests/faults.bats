#!/usr/bin/env bats
# SPDX-License-Identifier: BSD-2-Clause
# faults.bats - mmcat under injected system-call faults.
#
# tests/faults/inject.so, preloaded into mmcat only, makes write, vmsplice,
# copy_file_range, sendfile, mmap, read and pread return short counts,
# EINTR, EAGAIN or errors (see the comment at the top of inject.c).  When
# the fault is one a careful program recovers from, the output must equal
# the dd/xxd/sed oracle byte for byte; when it is fatal, the output must be
# exactly the bytes that got through, with one message and exit 1.  Every
# case also checks, from the shim's log, that its fault really happened.
#
# $MMCAT_INJECT names the shim (make check sets it).

load helpers/common
load helpers/features

# Why no case can run here, or nothing; and the inputs every case shares.
setup_file() {
	FAULTS_SKIP=
	if [[ -n ${MMCAT_INJECT+set} && -z $MMCAT_INJECT ]]; then
		FAULTS_SKIP="this build has no fault-injection shim: it wraps glibc's entry points, which configure did not find"
	elif [[ -z ${MMCAT_INJECT:-} ]]; then
		FAULTS_SKIP="MMCAT_INJECT is not set: no fault-injection shim to preload"
	elif [[ ! -f $MMCAT_INJECT ]]; then
		FAULTS_SKIP="the fault-injection shim $MMCAT_INJECT is missing (make check builds it)"
	elif [[ $(head -c 4 "$MMCAT" | od -An -c | tr -d ' ') != '177ELF' ]]; then
		FAULTS_SKIP="$MMCAT is not an ELF binary (a wrapper?): the shim must be preloaded into mmcat itself"
	elif ldd "$MMCAT" 2>/dev/null | grep -q libasan; then
		FAULTS_SKIP="mmcat is built with AddressSanitizer, whose runtime must be the first library loaded: the shim cannot be preloaded"
	fi
	export FAULTS_SKIP
	make_random "$BATS_FILE_TMPDIR/data" 300000
	make_random "$BATS_FILE_TMPDIR/small" 40000
	# Larger than the 1 MiB pipe mmcat asks for: the last pipe's worth of
	# a range is copied, not spliced (see the man page), so only a range
	# this long is spliced at all.
	make_random "$BATS_FILE_TMPDIR/big" 3000000
	seq 1 50000 >"$BATS_FILE_TMPDIR/lines"
}

setup() {
	[[ -z $FAULTS_SKIP ]] || skip "$FAULTS_SKIP"
	cd "$BATS_TEST_TMPDIR" || return
	ln -s "$BATS_FILE_TMPDIR/data" "$BATS_FILE_TMPDIR/small" \
		"$BATS_FILE_TMPDIR/lines" "$BATS_FILE_TMPDIR/big" . || return
	WRAP=()
}

# Setting O_NONBLOCK on a descriptor, then exec: a prefix for faulty.
nonblocking_stdout=(perl -MFcntl -e 'fcntl(STDOUT, F_SETFL, fcntl(STDOUT, F_GETFL, 0) | O_NONBLOCK) or die "fcntl: $!"; exec @ARGV or die "exec: $!"' --)
nonblocking_stdin=(perl -MFcntl -e 'fcntl(STDIN, F_SETFL, fcntl(STDIN, F_GETFL, 0) | O_NONBLOCK) or die "fcntl: $!"; exec @ARGV or die "exec: $!"' --)

# faulty VAR=VALUE... -- ARGS... : mmcat ARGS with the shim preloaded and
# the fault variables set, behind the command prefix in WRAP; the shim
# logs what it did to ./inject.log.
faulty() {
	local -a vars=()

	while [[ $# -gt 0 && $1 != -- ]]; do
		vars+=("$1")
		shift
	done
	shift
	"${WRAP[@]}" env LD_PRELOAD="$MMCAT_INJECT" \
		INJECT_LOG="$BATS_TEST_TMPDIR/inject.log" "${vars[@]}" \
		"$MMCAT" "$@"
}

# faulty_to_pipe OUT VAR=VALUE... -- ARGS... : faulty with standard output
# a pipe read by cat into OUT; returns mmcat's status.
faulty_to_pipe() {
	local out=$1

	shift
	faulty "$@" | cat >"$out"
	return "${PIPESTATUS[0]}"
}

# faulty_to_file OUT VAR=VALUE... -- ARGS... : faulty with standard output
# the regular file OUT.
faulty_to_file() {
	local out=$1

	shift
	faulty "$@" >"$out"
}

# assert_injected CALL : the shim's log says it really disturbed CALL.
assert_injected() {
	local line

	line=$(grep "^$1 calls " inject.log 2>/dev/null || true)
	if [[ ! $line =~ injected\ [1-9] ]]; then
		batslib_print_kv_single 6 call "$1" log "$(cat inject.log 2>&1)" |
			batslib_decorate 'the fault was not injected' | fail
	fi
}

# short_count N CAP... : N, or less where one call of mmcat's may ask for
# less than 3N bytes: CAP... are the build's bounds on a call (the sizes in
# tests/buffer_sizes), and a short count must be short three times running
# even where they are tiny (configure --enable-tiny-buffers).
short_count() {
	local n=$1 cap
	shift
	for cap; do
		[[ $cap =~ ^[1-9][0-9]*$ ]] ||
			fail "short_count: no buffer size '$cap' (make check sets them, from tests/buffer_sizes)"
		((3 * n <= cap)) || n=$((cap / 3))
	done
	echo "$n"
}

# --- short counts ------------------------------------------------------------

@test "short vmsplice counts into a pipe: every byte arrives once" {
	needs_feature vmsplice
	run -0 --separate-stderr faulty_to_pipe out INJECT_VMSPLICE=short=777 -- -v big
	assert_same_file big out
	assert_injected vmsplice
	[[ $stderr == *'copy by vmsplice(2)'* ]]
}

@test "short write counts into a pipe (MMCAT_COPY=write): every byte arrives once" {
	run -0 --separate-stderr faulty_to_pipe out MMCAT_COPY=write \
		INJECT_WRITE=short=777 -- -v data 1000 250000
	slice data 1000 250000 >expected
	assert_same_file expected out
	assert_injected write
	[[ $stderr == *'copy by write(2)'* ]]
}

@test "short copy_file_range counts into a regular file: every byte arrives once" {
	needs_feature copy_file_range
	local n
	n=$(short_count 4099 "$MMCAT_KCOPY_CHUNK_BYTES")
	run -0 --separate-stderr faulty_to_file out INJECT_COPY_FILE_RANGE=short="$n" -- -v data 12345
	slice data 12345 300000 >expected
	assert_same_file expected out
	assert_injected copy_file_range
	[[ $stderr == *'copy by copy_file_range(2)'* ]]
}

@test "short sendfile counts into a regular file: every byte arrives once" {
	needs_feature sendfile
	local n
	n=$(short_count 4099 "$MMCAT_KCOPY_CHUNK_BYTES")
	run -0 --separate-stderr faulty_to_file out INJECT_COPY_FILE_RANGE=fail=EXDEV \
		INJECT_SENDFILE=short="$n" -- -v data
	assert_same_file data out
	assert_injected sendfile
	[[ $stderr == *'copy by sendfile(2)'* ]]
}

@test "short write counts on the stream path (stdin a pipe): every byte arrives once" {
	local n
	n=$(short_count 777 "$MMCAT_READ_BYTES" "$MMCAT_WRITE_CHUNK_BYTES")
	run -0 --separate-stderr from_pipe data faulty_to_pipe out INJECT_WRITE=short="$n" -- -v - 5 -5
	slice data 5 $((300000 - 10)) >expected
	assert_same_file expected out
	assert_injected write
	[[ $stderr == *'stream (pipe)'* ]]
}

@test "short write counts with -x: the dump equals xxd's" {
	local n
	n=$(short_count 777 "$MMCAT_HEX_TEXT_BYTES" "$MMCAT_WRITE_CHUNK_BYTES")
	run -0 --separate-stderr faulty_to_pipe out INJECT_WRITE=short="$n" -- -x data 100 200000
	xxd -s 100 -l 200000 data >expected
	assert_same_file expected out
	assert_injected write
}

# --- EINTR ---------------------------------------------------------------------

@test "EINTR on every other vmsplice: every byte arrives once" {
	needs_feature vmsplice
	run -0 --separate-stderr faulty_to_pipe out MMCAT_WINDOW=65536 \
		INJECT_VMSPLICE=eintr,short=10000 -- big
	assert_same_file big out
	assert_injected vmsplice
	assert_equal "$stderr" ''
}

@test "EINTR on every other write (MMCAT_COPY=write): every byte arrives once" {
	run -0 --separate-stderr faulty_to_pipe out MMCAT_COPY=write \
		INJECT_WRITE=eintr,short=10000 -- data
	assert_same_file data out
	assert_injected write
	assert_equal "$stderr" ''
}

@test "EINTR on every other copy_file_range into a regular file: every byte arrives once" {
	needs_feature copy_file_range
	run -0 --separate-stderr faulty_to_file out INJECT_COPY_FILE_RANGE=eintr,short=10000 -- data
	assert_same_file data out
	assert_injected copy_file_range
	assert_equal "$stderr" ''
}

@test "EINTR on every other sendfile into a regular file: every byte arrives once" {
	needs_feature sendfile
	run -0 --separate-stderr faulty_to_file out INJECT_COPY_FILE_RANGE=fail=ENOSYS \
		INJECT_SENDFILE=eintr,short=10000 -- data
	assert_same_file data out
	assert_injected sendfile
	assert_equal "$stderr" ''
}

@test "EINTR on every other read of a pipe: every byte arrives once" {
	run -0 --separate-stderr from_pipe data faulty_to_pipe out INJECT_READ=eintr,short=5000 -- -
	assert_same_file data out
	assert_injected read
	assert_equal "$stderr" ''
}

@test "EINTR on every other pread after mmap fails: every byte arrives once" {
	run -0 --separate-stderr faulty_to_pipe out INJECT_MMAP=fail=ENODEV \
		INJECT_PREAD=eintr,short=5000 -- data 7 -7
	slice data 7 $((300000 - 14)) >expected
	assert_same_file expected out
	assert_injected pread
	assert_equal "$stderr" ''
}

# --- EAGAIN on a non-blocking descriptor ------------------------------------

@test "EAGAIN on every other vmsplice into a non-blocking pipe: every byte arrives once" {
	needs_feature vmsplice
	WRAP=("${nonblocking_stdout[@]}")
	run -0 --separate-stderr faulty_to_pipe out INJECT_VMSPLICE=eagain,short=10000 -- big
	assert_same_file big out
	assert_injected vmsplice
	assert_equal "$stderr" ''
}

@test "EAGAIN on every other write into a non-blocking pipe (MMCAT_COPY=write): every byte arrives once" {
	WRAP=("${nonblocking_stdout[@]}")
	run -0 --separate-stderr faulty_to_pipe out MMCAT_COPY=write \
		INJECT_WRITE=eagain,short=10000 -- data
	assert_same_file data out
	assert_injected write
	assert_equal "$stderr" ''
}

@test "EAGAIN then EINTR, in turn, on the stream path's writes: every byte arrives once" {
	WRAP=("${nonblocking_stdout[@]}")
	run -0 --separate-stderr from_pipe data faulty_to_pipe out \
		INJECT_WRITE=eagain,eintr,short=10000 -- - -250000
	tail -c 250000 data >expected
	assert_same_file expected out
	assert_injected write
	assert_equal "$stderr" ''
}

@test "EAGAIN on every other write of a -x dump: the dump equals xxd's" {
	WRAP=("${nonblocking_stdout[@]}")
	run -0 --separate-stderr faulty_to_pipe out INJECT_WRITE=eagain,short=4000 -- -x data -1000
	xxd -s -1000 data >expected
	assert_same_file expected out
	assert_injected write
}

@test "EAGAIN on every other read of a non-blocking pipe: every byte arrives once" {
	WRAP=("${nonblocking_stdin[@]}")
	run -0 --separate-stderr from_pipe data faulty_to_pipe out INJECT_READ=eagain,short=5000 -- -
	assert_same_file data out
	assert_injected read
	assert_equal "$stderr" ''
}

# --- one byte at a time ------------------------------------------------------

@test "1-byte reads of a pipe: a middle range equals dd's" {
	run -0 --separate-stderr from_pipe small faulty_to_pipe out INJECT_READ=short=1 -- - 1000 30000
	slice small 1000 30000 >expected
	assert_same_file expected out
	assert_injected read
}

@test "1-byte reads of a pipe: a negative offset equals tail -c" {
	run -0 --separate-stderr from_pipe small faulty_to_pipe out INJECT_READ=short=1 -- - -3000
	tail -c 3000 small >expected
	assert_same_file expected out
	assert_injected read
}

@test "1-byte reads of a pipe spooled for two ranges: both equal dd's" {
	run -0 --separate-stderr from_pipe small faulty_to_pipe out INJECT_READ=short=1 -- \
		-r 10+100 -r -500:
	{ slice small 10 100; tail -c 500 small; } >expected
	assert_same_file expected out
	assert_injected read
}

@test "1-byte preads after mmap fails, with -x: the dump equals xxd's" {
	run -0 --separate-stderr faulty_to_pipe out INJECT_MMAP=fail=ENODEV \
		INJECT_PREAD=short=1 -- -x small 5 20000
	xxd -s 5 -l 20000 small >expected
	assert_same_file expected out
	assert_injected pread
}

# --- mmap refused --------------------------------------------------------------

@test "mmap failing with ENOMEM: pread(2) prints it all and -v says so" {
	run -0 --separate-stderr faulty_to_pipe out INJECT_MMAP=fail=ENOMEM -- -v data 4000
	slice data 4000 296000 >expected
	assert_same_file expected out
	assert_injected mmap
	[[ $stderr == *'pread(2) as mmap failed'* ]]
}

@test "mmap failing with EACCES after the first window: the rest comes by pread(2), once" {
	run -0 --separate-stderr faulty_to_pipe out MMCAT_WINDOW=65536 \
		INJECT_MMAP=fail=EACCES,skip=1 -- -v data 100
	slice data 100 299900 >expected
	assert_same_file expected out
	assert_injected mmap
	[[ $stderr == *'in 1 window(s)'* ]]
	[[ $stderr == *'pread(2) as mmap failed'* ]]
}

@test "mmap failing only once: the first range by pread(2), the second mapped" {
	run -0 --separate-stderr faulty_to_pipe out INJECT_MMAP=fail=ENOMEM,times=1 -- \
		-v -r 0:5000 -r -7000: data
	{ slice data 0 5000; tail -c 7000 data; } >expected
	assert_same_file expected out
	assert_injected mmap
	assert_equal "${#stderr_lines[@]}" 2
	[[ ${stderr_lines[0]} == *'pread(2) as mmap failed'* ]]
	[[ ${stderr_lines[1]} != *'pread(2)'* ]]
}

@test "mmap failing with ENODEV, with -x: the dump equals xxd's" {
	run -0 --separate-stderr faulty_to_pipe out INJECT_MMAP=fail=ENODEV -- -x data -70000
	xxd -s -70000 data >expected
	assert_same_file expected out
	assert_injected mmap
}

@test "mmap failing with ENODEV, with -L: the lines equal sed's" {
	run -0 --separate-stderr faulty_to_pipe out INJECT_MMAP=fail=ENODEV -- -L 20:30000 lines
	sed -n '20,30000p' lines >expected
	assert_same_file expected out
	assert_injected mmap
}

@test "mmap failing on a spooled pipe: both ranges equal dd's" {
	# (the second range lies before the first: only a copy can serve them)
	run -0 --separate-stderr from_pipe data faulty_to_pipe out INJECT_MMAP=fail=ENOMEM -- \
		-v -r -2000: -r 0:1000
	{ tail -c 2000 data; slice data 0 1000; } >expected
	assert_same_file expected out
	assert_injected mmap
	[[ $stderr == *'pread(2) as mmap failed'* ]]
}

@test "-v after mmap fails names pread(2) alone: no mapping, no vmsplice" {
	run -0 --separate-stderr faulty_to_pipe out INJECT_MMAP=fail=ENODEV -- -v big
	assert_same_file big out
	assert_injected mmap
	[[ $stderr == *'read by pread(2) as mmap failed (No such device)'* ]] || fail "$stderr"
	[[ $stderr != *mapped* && $stderr != *window* && $stderr != *vmsplice* ]] ||
		fail "-v names what was not used: $stderr"
}

@test "-v for copy_file_range names no mapping" {
	needs_feature copy_file_range
	run -0 --separate-stderr faulty_to_file out -- -v data 12345
	[[ $stderr == *'copy by copy_file_range(2)'* ]] || fail "$stderr"
	[[ $stderr != *mapped* && $stderr != *aligned* && $stderr != *window* ]] ||
		fail "-v names what was not used: $stderr"
}

# --- fast paths refused: the next method takes over -------------------------

@test "vmsplice refused (EINVAL): write(2) prints it all and -v names it" {
	needs_feature vmsplice
	run -0 --separate-stderr faulty_to_pipe out INJECT_VMSPLICE=fail=EINVAL -- -v big
	assert_same_file big out
	assert_injected vmsplice
	[[ $stderr == *'copy by write(2)'* ]]
	[[ $stderr != *'vmsplice(2) into'* ]]
}

@test "vmsplice refused (EINVAL) after three short calls: write(2) goes on, nothing lost or doubled" {
	needs_feature vmsplice
	local n
	n=$(short_count 10000 "$MMCAT_WRITE_CHUNK_BYTES" "$MMCAT_WINDOW_BYTES")
	run -0 --separate-stderr faulty_to_pipe out INJECT_VMSPLICE=short="$n",fail=EINVAL,skip=3 -- -v big
	assert_same_file big out
	assert_injected vmsplice
	grep -q '^write calls [1-9]' inject.log
	[[ $stderr == *'copy by vmsplice(2) into a '*"-byte pipe, the last $((3000000 - 3 * n)) bytes by write(2)"* ]] ||
		fail "-v does not say what happened: $stderr"
}

@test "copy_file_range refused (EXDEV): sendfile(2) prints it all and -v names it" {
	needs_feature copy_file_range sendfile
	run -0 --separate-stderr faulty_to_file out INJECT_COPY_FILE_RANGE=fail=EXDEV -- -v data 3
	slice data 3 299997 >expected
	assert_same_file expected out
	assert_injected copy_file_range
	[[ $stderr == *'copy by sendfile(2)'* ]]
}

@test "copy_file_range refused (EXDEV) after three short calls: sendfile(2) goes on, nothing lost or doubled" {
	needs_feature copy_file_range sendfile
	local n
	n=$(short_count 10000 "$MMCAT_KCOPY_CHUNK_BYTES")
	run -0 --separate-stderr faulty_to_file out \
		INJECT_COPY_FILE_RANGE=short="$n",fail=EXDEV,skip=3 -- -v data
	assert_same_file data out
	assert_injected copy_file_range
	grep -q '^sendfile calls [1-9]' inject.log
	[[ $stderr == *'sendfile(2)'* ]]
}

@test "copy_file_range and sendfile refused (EINVAL): the mapping prints it all" {
	needs_feature copy_file_range sendfile
	run -0 --separate-stderr faulty_to_file out INJECT_COPY_FILE_RANGE=fail=EINVAL \
		INJECT_SENDFILE=fail=EINVAL -- -v data 100 200000
	slice data 100 200000 >expected
	assert_same_file expected out
	assert_injected copy_file_range
	assert_injected sendfile
	# Windows of the build's size, rounded up to pages, end on multiples of
	# it (the man page, DESCRIPTION): 200100 bytes from 0 take this many.
	local page window
	page=$(getconf PAGESIZE)
	window=$((( ${MMCAT_WINDOW_BYTES:?make check sets it} + page - 1) / page * page))
	[[ $stderr == *"mapped 200100 bytes in $(((200100 + window - 1) / window)) window(s) of at most $window,"* ]] ||
		fail "-v does not say what happened: $stderr"
	[[ $stderr == *'copy by write(2)'* ]]
}

# --- fatal write errors: an exact prefix, one message, exit 1 -------------------

@test "ENOSPC after 100000 bytes by copy_file_range: exactly those bytes, one message" {
	needs_feature copy_file_range
	# (a full disk fails write(2) as well: the mapping cannot get past it)
	run -1 --separate-stderr faulty_to_file out INJECT_COPY_FILE_RANGE=fail=ENOSPC,after=100000 \
		INJECT_WRITE=fail=ENOSPC,after=100000 -- -o 0 data small
	slice data 0 100000 >expected
	assert_same_file expected out
	assert_injected copy_file_range
	assert_equal "$stderr" 'mmcat: write error: No space left on device'
}

@test "ENOSPC after 100000 bytes by sendfile: exactly those bytes, one message" {
	needs_feature sendfile
	run -1 --separate-stderr faulty_to_file out INJECT_COPY_FILE_RANGE=fail=EXDEV \
		INJECT_SENDFILE=fail=ENOSPC,after=100000 INJECT_WRITE=fail=ENOSPC,after=100000 -- data 50
	slice data 50 100000 >expected
	assert_same_file expected out
	assert_injected sendfile
	assert_equal "$stderr" 'mmcat: write error: No space left on device'
}

@test "ENOSPC at the first byte by sendfile: an empty file, one message" {
	needs_feature sendfile
	run -1 --separate-stderr faulty_to_file out INJECT_COPY_FILE_RANGE=fail=EXDEV \
		INJECT_SENDFILE=fail=ENOSPC INJECT_WRITE=fail=ENOSPC -- data
	assert_empty_file out
	assert_injected sendfile
	assert_equal "$stderr" 'mmcat: write error: No space left on device'
}

@test "ENOSPC after 100000 bytes by write(2) into a regular file: exactly those bytes" {
	run -1 --separate-stderr faulty_to_file out MMCAT_COPY=write \
		INJECT_WRITE=fail=ENOSPC,after=100000 -- data
	slice data 0 100000 >expected
	assert_same_file expected out
	assert_injected write
	assert_equal "$stderr" 'mmcat: write error: No space left on device'
}

@test "EIO from copy_file_range after 100000 bytes, the input fine: the mapping finishes it, exit 0" {
	needs_feature copy_file_range
	run -0 --separate-stderr faulty_to_file out INJECT_COPY_FILE_RANGE=fail=EIO,after=100000 -- -v data
	assert_same_file data out
	assert_injected copy_file_range
	[[ $stderr == *'copy by copy_file_range(2) for 100000 bytes, then '*'copy by write(2)'* ]] ||
		fail "-v does not say what happened: $stderr"
}

@test "input failing during copy_file_range: the input is named, not a write error, later files printed" {
	needs_feature copy_file_range
	# The page that copy_file_range could not read cannot be read through
	# the mapping either: write(2) from it faults (EFAULT), the size is
	# unchanged: an input error.
	run -1 --separate-stderr faulty_to_file out \
		INJECT_COPY_FILE_RANGE=fail=EIO,after=100000,times=1 \
		INJECT_WRITE=fail=14,times=1 -- -o 0 data small
	{ slice data 0 100000; cat small; } >expected
	assert_same_file expected out
	assert_injected copy_file_range
	assert_injected write
	assert_equal "$stderr" 'mmcat: data: Input/output error'
}

@test "input failing during copy_file_range, mmap refused: pread(2) names the input, later files printed" {
	needs_feature copy_file_range
	run -1 --separate-stderr faulty_to_file out \
		INJECT_COPY_FILE_RANGE=fail=EIO,after=100000,times=1 \
		INJECT_MMAP=fail=ENODEV INJECT_PREAD=fail=EIO,times=1 -- -o 0 data small
	{ slice data 0 100000; cat small; } >expected
	assert_same_file expected out
	assert_injected copy_file_range
	assert_injected pread
	assert_equal "$stderr" 'mmcat: data: Input/output error'
}

@test "copy_file_range refused with EPERM or EFBIG: sendfile(2) prints it all" {
	needs_feature copy_file_range sendfile
	run -0 --separate-stderr faulty_to_file out INJECT_COPY_FILE_RANGE=fail=1 -- -v data
	assert_same_file data out
	assert_injected copy_file_range
	[[ $stderr == *'copy by sendfile(2)'* ]] || fail "$stderr"
	run -0 --separate-stderr faulty_to_file out INJECT_COPY_FILE_RANGE=fail=27 -- -v data
	assert_same_file data out
	[[ $stderr == *'copy by sendfile(2)'* ]] || fail "$stderr"
}

@test "EIO after 100000 bytes by vmsplice into a pipe: exactly those bytes, one message" {
	needs_feature vmsplice
	run -1 --separate-stderr faulty_to_pipe out INJECT_VMSPLICE=fail=EIO,after=100000 -- big
	slice big 0 100000 >expected
	assert_same_file expected out
	assert_injected vmsplice
	assert_equal "$stderr" 'mmcat: write error: Input/output error'
}

@test "ENOSPC after 100000 bytes on the stream path: exactly those bytes, one message" {
	run -1 --separate-stderr from_pipe data faulty_to_file out \
		INJECT_WRITE=fail=ENOSPC,after=100000 -- -
	slice data 0 100000 >expected
	assert_same_file expected out
	assert_injected write
	assert_equal "$stderr" 'mmcat: write error: No space left on device'
}

@test "ENOSPC after 50000 bytes of a -x dump: exactly those bytes of xxd's" {
	run -1 --separate-stderr faulty_to_file out INJECT_WRITE=fail=ENOSPC,after=50000 -- -x data
	xxd data | head -c 50000 >expected
	assert_same_file expected out
	assert_injected write
	assert_equal "$stderr" 'mmcat: write error: No space left on device'
}

@test "EIO on write stops everything: the next file is not tried" {
	run -1 --separate-stderr faulty_to_pipe out MMCAT_COPY=write \
		INJECT_WRITE=fail=EIO,after=100000 -- -o 0 data small
	slice data 0 100000 >expected
	assert_same_file expected out
	assert_injected write
	assert_equal "$stderr" 'mmcat: write error: Input/output error'
}

# --- fatal read errors: an exact prefix, the file named, exit 1 -----------------

@test "EIO reading a pipe after 100000 bytes: exactly those bytes, the input named" {
	run -1 --separate-stderr from_pipe data faulty_to_pipe out INJECT_READ=fail=EIO,after=100000 -- -
	slice data 0 100000 >expected
	assert_same_file expected out
	assert_injected read
	assert_equal "$stderr" 'mmcat: standard input: Input/output error'
}

@test "EIO reading a pipe with -x: the dump is a prefix of xxd's, the input named" {
	run -1 --separate-stderr from_pipe data faulty_to_pipe out INJECT_READ=fail=EIO,after=100000 -- -x -
	xxd data | head -c "$(file_size out)" >expected
	assert_same_file expected out
	assert_injected read
	assert_equal "$stderr" 'mmcat: standard input: Input/output error'
}

@test "EIO reading a pipe in one pass for two ranges: the first printed, the input named" {
	run -1 --separate-stderr from_pipe data faulty_to_pipe out INJECT_READ=fail=EIO,after=100000 -- \
		-r 0:10 -r -10:
	slice data 0 10 >expected
	assert_same_file expected out
	assert_injected read
	assert_equal "$stderr" 'mmcat: standard input: Input/output error'
}

@test "EIO reading a pipe to spool it: nothing printed, the input named" {
	run -1 --separate-stderr from_pipe data faulty_to_pipe out INJECT_READ=fail=EIO,after=100000 -- \
		-r -10: -r 0:10
	assert_empty_file out
	assert_injected read
	assert_equal "$stderr" 'mmcat: standard input: Input/output error'
}

@test "EIO from pread after mmap fails: exactly the bytes read, the file named" {
	run -1 --separate-stderr faulty_to_pipe out INJECT_MMAP=fail=ENODEV \
		INJECT_PREAD=fail=EIO,after=123456 -- data
	slice data 0 123456 >expected
	assert_same_file expected out
	assert_injected pread
	assert_equal "$stderr" 'mmcat: data: Input/output error'
}

@test "EIO from pread in one file: the next file is still printed, exit 1" {
	run -1 --separate-stderr faulty_to_pipe out INJECT_MMAP=fail=ENODEV \
		INJECT_PREAD=fail=EIO,after=100000,times=1 -- -o 0 data small
	{ slice data 0 100000; cat small; } >expected
	assert_same_file expected out
	assert_injected pread
	assert_equal "$stderr" 'mmcat: data: Input/output error'
}
