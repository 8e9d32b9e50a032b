#!/usr/bin/env bats
# SPDX-License-Identifier: BSD-2-Clause
# output.bats - the output side: write errors, broken pipes, non-blocking
# and interrupted writes, a file shrinking under mmcat, ranges over 2 GiB
# with bounded memory, and a regular file as standard output.
#
# Big inputs are sparse files and /dev/zero through pipes: nothing large
# is written to disk, and no /dev/null sink lets a fast path cheat.

load helpers/common
load helpers/features

GiB=$((1024 * 1024 * 1024))
THREE_GIB=$((3 * GiB))

# A 3 GiB sparse file shared by the big tests (created once, so its
# page cache is warm for the second reader): "START" at byte 0, "MID"
# straddling byte 2^31, "END" as its last three bytes.
setup_file() {
	SPARSE3G=$BATS_FILE_TMPDIR/sparse3g
	truncate -s 3G "$SPARSE3G"
	printf START | dd of="$SPARSE3G" conv=notrunc status=none
	printf MID | dd of="$SPARSE3G" bs=1 seek=$((2 * 1024 * 1024 * 1024 - 1)) \
	    conv=notrunc status=none
	printf END | dd of="$SPARSE3G" bs=1 seek=$((3 * 1024 * 1024 * 1024 - 3)) \
	    conv=notrunc status=none
	export SPARSE3G
}

teardown_file() {
	rm -f "$SPARSE3G"
}

setup() {
	cd "$BATS_TEST_TMPDIR" || return
}

# to_full ARGS... : mmcat ARGS writing into /dev/full.
to_full() {
	mmcat "$@" >/dev/full
}

# to_closed ARGS... : mmcat ARGS with standard output closed.
to_closed() {
	mmcat "$@" >&-
}

# sigpipe_default ARGS... : mmcat ARGS, SIGPIPE at its default, into a
# reader that takes one byte and leaves; returns mmcat's status.
sigpipe_default() {
	env --default-signal=PIPE "$MMCAT" "$@" 2>err | head -c 1 >/dev/null
	return "${PIPESTATUS[0]}"
}

# sigpipe_ignored ARGS... : the same with SIGPIPE ignored.
sigpipe_ignored() {
	(
		trap '' PIPE
		"$MMCAT" "$@" 2>err | head -c 1 >/dev/null
		exit "${PIPESTATUS[0]}"
	)
}

need_default_signal() {
	env --default-signal=PIPE true 2>/dev/null ||
	    skip "env has no --default-signal (coreutils < 8.31): cannot reset SIGPIPE"
}

# nonblocking CMD... : run CMD with O_NONBLOCK set on its standard output.
nonblocking() {
	perl -MFcntl -e 'fcntl(STDOUT, F_SETFL, fcntl(STDOUT, F_GETFL, 0) | O_NONBLOCK) or die "fcntl: $!"; exec @ARGV or die "exec: $!"' -- "$@"
}

# nonblocking_slow ARGS... : mmcat ARGS into a non-blocking pipe whose
# reader only starts after a second; output in ./out, status returned.
nonblocking_slow() {
	nonblocking "$MMCAT" "$@" 2>err | { sleep 1; cat >out; }
	return "${PIPESTATUS[0]}"
}

# max_rss_kib FILE ARGS... : run mmcat ARGS under /usr/bin/time, stdout
# through a pipe into wc -c (written to ./count), peak RSS in KiB to FILE.
max_rss_kib() {
	local file=$1
	shift
	/usr/bin/time -f %M -o "$file" "$MMCAT" "$@" | wc -c >count
	return "${PIPESTATUS[0]}"
}

need_time() {
	[[ -x /usr/bin/time ]] ||
	    skip "/usr/bin/time is missing (install the 'time' package): cannot measure peak RSS"
}

# baseline_rss : peak RSS of mmcat printing 10 bytes of a tiny file.
baseline_rss() {
	printf 'a tiny file for the baseline\n' >tiny
	max_rss_kib base tiny 0 10 || return
	[[ $(<count) == 10 ]] || return
	tail -n 1 base
}

# --- write errors ------------------------------------------------------------

@test "/dev/full: exactly one write-error line, exit 1" {
	make_random f $((1 * MiB))
	run -1 --separate-stderr to_full f
	assert_output ''
	assert_equal "$stderr" 'mmcat: write error: No space left on device'
}

@test "/dev/full on the stream path: exactly one write-error line, exit 1" {
	make_random f $((1 * MiB))
	run -1 --separate-stderr bash -c 'cat f | "$MMCAT" - -300000 >/dev/full'
	assert_equal "$stderr" 'mmcat: write error: No space left on device'
}

@test "/dev/full with two files: still one message, the second is not tried" {
	make_random a 5000
	run -1 --separate-stderr to_full -o 0 a nosuch
	assert_equal "$stderr" 'mmcat: write error: No space left on device'
}

@test "closed stdout: exactly one write-error line, exit 1" {
	make_random f 5000
	run -1 --separate-stderr to_closed f
	assert_equal "$stderr" 'mmcat: write error: Bad file descriptor'
}

@test "closed stdout on the stream path: exactly one write-error line, exit 1" {
	make_random f 5000
	run -1 --separate-stderr bash -c 'cat f | "$MMCAT" >&-'
	assert_equal "$stderr" 'mmcat: write error: Bad file descriptor'
}

# --- broken pipes ------------------------------------------------------------

@test "SIGPIPE at default: mmcat dies by SIGPIPE (141), silently" {
	need_default_signal
	truncate -s 64M big
	run -141 sigpipe_default big
	assert_equal "$(<err)" ''
}

@test "SIGPIPE at default on the stream path: dies by SIGPIPE, silently" {
	need_default_signal
	run -141 bash -c 'head -c 64M /dev/zero | env --default-signal=PIPE "$MMCAT" 2>err | head -c 1 >/dev/null; exit "${PIPESTATUS[1]}"'
	assert_equal "$(<err)" ''
}

@test "SIGPIPE ignored: exit 1 and exactly 'write error: Broken pipe'" {
	truncate -s 64M big
	run -1 sigpipe_ignored big
	assert_equal "$(<err)" 'mmcat: write error: Broken pipe'
}

@test "SIGPIPE ignored, two files: still only one message" {
	truncate -s 64M big
	run -1 sigpipe_ignored -o 0 big big
	assert_equal "$(<err)" 'mmcat: write error: Broken pipe'
}

# --- writes that do not complete at once ------------------------------------

@test "non-blocking stdout (EAGAIN): output complete and identical, exit 0" {
	make_random f $((16 * MiB))
	# The fixture really makes the pipe non-blocking (O_NONBLOCK = 04000).
	run -0 bash -c "$(declare -f nonblocking); nonblocking cat /proc/self/fdinfo/1 | cat"
	flags=$(awk '/^flags:/ { print $2 }' <<<"$output")
	(((8#$flags & 8#4000) != 0))
	run -0 nonblocking_slow f
	assert_equal "$(<err)" ''
	assert_same_file f out
	# vmsplice(2) ignores O_NONBLOCK; the write(2) copy does not.
	rm out
	MMCAT_COPY=write run -0 nonblocking_slow f
	assert_equal "$(<err)" ''
	assert_same_file f out
}

# nonblocking_socket ARGS... : mmcat ARGS writing into a non-blocking
# Unix stream socket that is only read after a second; output to stdout.
nonblocking_socket() {
	perl -MSocket -MFcntl -e '
		socketpair(my $r, my $w, AF_UNIX, SOCK_STREAM, PF_UNSPEC)
		    or die "socketpair: $!";
		my $pid = fork // die "fork: $!";
		if ($pid == 0) {
			close $r;
			open(STDOUT, ">&", $w) or die "dup: $!";
			close $w;
			fcntl(STDOUT, F_SETFL, fcntl(STDOUT, F_GETFL, 0) | O_NONBLOCK)
			    or die "fcntl: $!";
			exec @ARGV or die "exec: $!";
		}
		close $w;
		sleep 1;
		my $buf;
		while (sysread($r, $buf, 65536)) {
			print $buf;
		}
		waitpid($pid, 0);
		exit($? & 127 ? 128 + ($? & 127) : $? >> 8);
	' -- "$MMCAT" "$@"
}

@test "non-blocking socket as stdout (EAGAIN): output complete and identical, exit 0" {
	make_random f $((8 * MiB))
	slice f 4095 $((8 * MiB - 5000)) >expected
	run -0 --separate-stderr bash -c "$(declare -f nonblocking_socket); nonblocking_socket f 4095 -905 >out"
	assert_equal "$stderr" ''
	assert_same_file expected out
}

@test "non-blocking stdout on the stream path: tail kept in memory is written in full" {
	make_random f $((8 * MiB))
	tail -c $((3 * MiB)) f >expected
	run -0 bash -c "$(declare -f nonblocking); cat f | nonblocking \"\$MMCAT\" - -3M 2>err | { sleep 1; cat >out; }; exit \"\${PIPESTATUS[1]}\""
	assert_equal "$(<err)" ''
	assert_same_file expected out
}

# stop_and_continue : mmcat writing 32 MiB into a FIFO read late, stopped
# and continued several times while blocked in write(2) (which makes the
# kernel return short writes); returns mmcat's status.
stop_and_continue() {
	local writer reader status i
	mkfifo p
	{
		sleep 1
		cat p >out
	} 3>&- &
	reader=$!
	"$MMCAT" f >p 2>err 3>&- &
	writer=$!
	for i in 1 2 3 4 5 6; do
		sleep 0.2
		kill -STOP "$writer" 2>/dev/null || break
		sleep 0.05
		kill -CONT "$writer" 2>/dev/null || break
	done
	wait "$writer"
	status=$?
	wait "$reader"
	return "$status"
}

@test "stopped and continued while writing (short writes): output complete, exit 0" {
	make_random f $((32 * MiB))
	run -0 stop_and_continue
	assert_equal "$(<err)" ''
	assert_same_file f out
}

# --- the file shrinking ------------------------------------------------------

# shrink_while_blocked SIZE [OPTION]... : mmcat OPTIONs f into a pipe
# whose reader first cuts f to SIZE; mmcat's status in ./status, its
# stderr in ./err, output in ./out.
shrink_while_blocked() {
	local size=$1
	shift
	{
		mmcat "$@" f 2>err
		echo $? >status
	} | {
		sleep 1
		truncate -s "$size" f
		cat >out
	}
}

@test "file truncated while mmcat is blocked writing: 'file shrank', exit 1, no SIGBUS, first 4 MiB exactly" {
	make_random f $((64 * MiB))
	head -c 4M f >expected
	run -0 shrink_while_blocked 4M
	status=$(<status)
	[[ $status != 135 ]] || fail "mmcat was killed by SIGBUS"
	assert_equal "$status" 1
	assert_equal "$(<err)" 'mmcat: f: file shrank while reading'
	assert_same_file expected out
}

@test "file cut mid-page while mmcat is blocked writing: the bytes before the cut, then at most the page's zero fill" {
	local page cut size
	page=$(getconf PAGESIZE)
	make_random f $((64 * MiB))
	cut=$((4 * MiB + 100))
	head -c $cut f >expected
	run -0 shrink_while_blocked $cut
	status=$(<status)
	[[ $status != 135 ]] || fail "mmcat was killed by SIGBUS"
	assert_equal "$status" 1
	assert_equal "$(<err)" 'mmcat: f: file shrank while reading'
	size=$(file_size out)
	((size >= cut && size <= 4 * MiB + page)) ||
	    fail "printed $size bytes: not between the cut ($cut) and the end of its page"
	head -c $cut out >before_cut
	assert_same_file expected before_cut
	assert_equal "$(tail -c +$((cut + 1)) out | tr -d '\0' | wc -c)" 0
}

@test "-x while the file is truncated: no SIGBUS, exit 1, the dump of exactly the bytes before the cut (xxd)" {
	make_random f $((64 * MiB))
	head -c 4M f >orig
	xxd orig >expected
	run -0 shrink_while_blocked 4M -x
	status=$(<status)
	[[ $status != 135 ]] || fail "mmcat -x was killed by SIGBUS"
	assert_equal "$status" 1
	assert_equal "$(<err)" 'mmcat: f: file shrank while reading'
	assert_same_file expected out
}

# --- ranges over 2 GiB, bounded memory ----------------------------------------

# cksum_of CMD... : "CRC BYTECOUNT" of what CMD writes, through a pipe.
# (cksum is fast; cmp reads pipes 4 KiB at a time and head -c 8 KiB,
# which would cost far more than mmcat itself on 3 GiB.)
cksum_of() {
	"$@" | cksum
	return "${PIPESTATUS[0]}"
}

@test "a 3 GiB range through a pipe is written in full: byte count and CRC equal dd's" {
	run -0 cksum_of dd if="$SPARSE3G" bs=1M count=3072 status=none
	expected=$output
	assert_equal "${expected#* }" "$THREE_GIB"
	run -0 cksum_of mmcat "$SPARSE3G" 0 3G
	assert_equal "${output#* }" "$THREE_GIB"
	assert_equal "$output" "$expected"
}

@test "a 3 GiB range: exact byte count, peak RSS bounded (baseline + 32 MiB)" {
	need_time
	base=$(baseline_rss)
	[[ $base =~ ^[0-9]+$ ]] || fail "no baseline RSS measured: '$base'"
	run -0 max_rss_kib big "$SPARSE3G" 0 3G
	assert_equal "$(<count)" "$THREE_GIB"
	big=$(tail -n 1 big)
	echo "# rss 3 GiB range: ${big} KiB, baseline ${base} KiB" >&3
	((big <= base + 32 * 1024)) ||
	    fail "peak RSS ${big} KiB exceeds baseline ${base} KiB + 32 MiB"
}

@test "stream path: negative offset on 1 GiB keeps only the tail, RSS bounded" {
	need_time
	base=$(baseline_rss)
	[[ $base =~ ^[0-9]+$ ]] || fail "no baseline RSS measured: '$base'"
	head -c 100 /dev/zero >expected
	run -0 bash -c 'head -c 1G /dev/zero | /usr/bin/time -f %M -o big "$MMCAT" - -100 >out'
	assert_same_file expected out
	big=$(tail -n 1 big)
	echo "# rss 1 GiB stream, last 100 bytes: ${big} KiB, baseline ${base} KiB" >&3
	((big <= base + 32 * 1024)) ||
	    fail "peak RSS ${big} KiB exceeds baseline ${base} KiB + 32 MiB"
}

# --- a regular file as standard output -----------------------------------------

@test "stdout a regular file: multi-MiB range identical (dd oracle)" {
	make_random f $((12 * MiB))
	slice f $((MiB + 3)) $((9 * MiB + 5)) >expected
	mmcat f $((MiB + 3)) $((9 * MiB + 5)) >out
	assert_same_file expected out
}

@test "stdout a regular file in append mode: range lands after what is there" {
	make_random f $((6 * MiB))
	printf 'existing header\n' >out
	{ printf 'existing header\n'; slice f 100 $((5 * MiB)); } >expected
	mmcat f 100 5M >>out
	assert_same_file expected out
}

@test "stdout a regular file shared with other writers: written at the shared offset" {
	make_random f $((6 * MiB))
	{ printf 'before\n'; slice f 4095 $((5 * MiB)); printf 'after\n'; } >expected
	{
		printf 'before\n'
		mmcat f 4095 5M
		printf 'after\n'
	} >out
	assert_same_file expected out
}

@test "stdout a regular file on the stream path: multi-MiB range identical" {
	make_random f $((6 * MiB))
	slice f 777 $((5 * MiB)) >expected
	cat f | mmcat - 777 5M >out
	assert_same_file expected out
}

# --- mmcat's own files never take a standard descriptor -------------------------
# A temporary file opened while stdout is closed must not become stdout:
# the output would vanish into it, silently.

@test "closed stdout, -L on a pipe: a write error, not output into the temporary file" {
	run -1 --separate-stderr bash -c 'seq 3 | "$MMCAT" -L 1 >&-'
	assert_equal "$stderr" 'mmcat: write error: Bad file descriptor'
	# head -n 1 >&- fails the same way
	run -1 bash -c 'seq 3 | head -n 1 >&-'
}

@test "closed stdout, two ranges of a pipe: a write error, not output into the temporary file" {
	run -1 --separate-stderr bash -c 'seq 3 | "$MMCAT" -r 0:2 -r 2:4 >&-'
	assert_equal "$stderr" 'mmcat: write error: Bad file descriptor'
}

@test "closed stdin: a named file still prints, with -L and -r alike" {
	seq 1000 >f
	run -0 bash -c '"$MMCAT" -L 5:7 f <&-'
	assert_output "$(sed -n 5,7p f)"
	run -0 bash -c '"$MMCAT" -r 0:4 -r -4: f <&-'
	assert_output "$(head -c 4 f; tail -c 4 f)"
}

@test "closed stderr: two ranges of a pipe print the same bytes" {
	seq 100000 >f
	{ head -c 10 f; tail -c 20 f; } >expected
	cat f | "$MMCAT" -r 0:10 -r -20: 2>&- >out
	assert_same_file expected out
	cat f | "$MMCAT" -v -L 99999: 2>&- >out
	sed -n '99999,$p' f >expected
	assert_same_file expected out
}

# --- standard output is the input file -----------------------------------------
# The oracle is cat, which refuses the same cases with the same words.

@test "input file is output file: stdout at offset 5 of the file, refused, file untouched" {
	seq 1000 >f
	cp f orig
	run -1 --separate-stderr bash -c '{ head -c 5 >/dev/null; "$MMCAT" f >&0; } 0<>f'
	assert_equal "$stderr" 'mmcat: f: input file is output file'
	assert_same_file orig f
	run -1 --separate-stderr bash -c '{ head -c 5 >/dev/null; cat f >&0; } 0<>f'
	assert_equal "$stderr" 'cat: f: input file is output file'
}

@test "input file is output file: 'mmcat f 10 1<>f' refused, file untouched" {
	seq 1000 >f
	cp f orig
	run -1 --separate-stderr bash -c '"$MMCAT" f 10 1<>f'
	assert_equal "$stderr" 'mmcat: f: input file is output file'
	assert_same_file orig f
	run -1 --separate-stderr bash -c '"$MMCAT" -x f 1<>f'
	assert_equal "$stderr" 'mmcat: f: input file is output file'
	run -1 --separate-stderr bash -c '"$MMCAT" -L 2 f 1<>f'
	assert_equal "$stderr" 'mmcat: f: input file is output file'
	assert_same_file orig f
}

@test "input file is output file: later operands still printed, as cat does" {
	mkdir a b
	seq 1000 | tee a/f >b/f
	seq 5 | tee a/g >b/g
	run -1 --separate-stderr bash -c 'cd a && cat f g 1<>f'
	assert_equal "$stderr" 'cat: f: input file is output file'
	run -1 --separate-stderr bash -c 'cd b && "$MMCAT" -o 0 f g 1<>f'
	assert_equal "$stderr" 'mmcat: f: input file is output file'
	assert_same_file a/f b/f
}

@test "input file is output file: appending a range of a file to itself is allowed (head -c)" {
	seq 1000 >f
	cp f g
	mmcat f 0 10 >>f
	head -c 10 g >>g
	assert_same_file g f
	mmcat f >>f
	cat g g >expected
	assert_same_file expected f
}

@test "input file is output file: output positioned past the range's end is allowed" {
	seq 1000 >f
	cp f g
	run -0 bash -c '{ cat >/dev/null; "$MMCAT" f 0 10 >&0; } 0<>f'
	run -0 bash -c '{ cat >/dev/null; head -c 10 g >&0; } 0<>g'
	assert_same_file g f
}

# --- zero-copy is settled when mmcat exits ---------------------------------------
# vmsplice(2) leaves references to page-cache pages in the pipe; once
# mmcat has exited 0, nothing the file does may change what the reader gets.

# print_then_change FILE CHANGE... : mmcat FILE into a pipe whose reader
# waits until mmcat has exited and CHANGE has run, then reads it all into
# ./out; mmcat's status in ./status.  skip=N: the reader takes N bytes
# first (so that a file larger than the pipe can be printed).  The cases
# need the pipe grown to 1 MiB (needs_feature pipe-size): in a 64 KiB pipe
# mmcat would wait for the reader, which waits for mmcat (see
# wait_for_change).
print_then_change() {
	local file=$1 first=${skip:-0} rc=0
	shift
	{
		"$MMCAT" "$file" 2>err || rc=$?
		echo "$rc" >status
		"$@"
		touch changed
	} | {
		if ((first > 0)); then head -c "$first" >out; else : >out; fi
		wait_for_change
		cat >>out
	}
	assert_reader_waited
}

# wait_for_change : the reader's wait for ./changed, which the writer's
# side makes once mmcat has exited and the file is changed.  A mmcat that
# cannot put the rest in the pipe waits for the reader: after a minute the
# reader gives up (./gave_up) and reads on, and assert_reader_waited fails
# the case, rather than both waiting for ever.
wait_for_change() {
	local tries=0
	while [[ ! -e changed ]]; do
		((++tries <= 1200)) || { touch gave_up; return 0; }
		sleep 0.05
	done
}

# assert_reader_waited : the reader did not give up waiting.
assert_reader_waited() {
	[[ ! -e gave_up ]] ||
		fail "mmcat did not exit with the rest of its input in the pipes: it waited for the reader"
}

# pipe_room : what the cases leave in the 1 MiB pipe for mmcat's last
# writes.  A pipe counts pages, not bytes: writes of whole pages fill it,
# but a build whose writes are not (tiny buffers: 4093 bytes at a time)
# leaves each page part empty, and the pipe surely holds only half of it.
pipe_room() {
	: "${MMCAT_WRITE_CHUNK_BYTES:?make check sets it, from tests/buffer_sizes}"
	if ((MMCAT_WRITE_CHUNK_BYTES % $(getconf PAGESIZE) == 0)); then
		echo "$MiB"
	else
		echo $((MiB / 2))
	fi
}

@test "zero-copy settled at exit: a file truncated after mmcat exited, the reader gets what mmcat printed" {
	needs_feature pipe-size
	make_random f $(($(pipe_room) * 3 / 4))
	cp f orig
	# mid-page: the page holding the new end is zeroed past it, in place
	print_then_change f truncate -s $((256 * 1024 + 100)) f
	assert_equal "$(<status)" 0
	assert_same_file orig out
}

@test "zero-copy settled at exit: a file rewritten in place after mmcat exited, the reader gets what mmcat printed" {
	needs_feature pipe-size
	make_random f $(($(pipe_room) * 3 / 4))
	cp f orig
	print_then_change f dd if=/dev/urandom of=f bs="$(file_size f)" count=1 conv=notrunc status=none
	assert_equal "$(<status)" 0
	assert_same_file orig out
}

@test "zero-copy settled at exit: 8 MiB by vmsplice, the last pipe's worth rewritten after exit" {
	needs_feature pipe-size
	make_random f $((8 * MiB))
	cp f orig
	skip=$((8 * MiB - $(pipe_room))) print_then_change f dd if=/dev/urandom of=f bs=1M count=8 conv=notrunc status=none
	assert_equal "$(<status)" 0
	assert_same_file orig out
}

# grown_then_change SIZE CMD... : CMD (an mmcat) printing f into a pipe
# whose reader, tests/helpers/grow_reader, grows the pipe to SIZE bytes
# once CMD has begun to write, then reads it slowly; f is rewritten in
# place as soon as CMD has exited.  CMD's status in ./status, what the
# reader got in ./out; returns the reader's status (77: it could not grow
# the pipe, and ./reader_err says why).
grown_then_change() {
	local size=$1
	shift
	{
		"$@" 2>err
		echo $? >status
		dd if=/dev/urandom of=f bs="$(file_size f)" count=1 conv=notrunc status=none
	} | "$MMCAT_GROW_READER" "$size" >out 2>reader_err
	return "${PIPESTATUS[1]}"
}

@test "zero-copy settled at exit: the reader grows its pipe to 4 MiB while mmcat splices, f rewritten after exit" {
	needs_feature pipe-size vmsplice
	make_random f $((3 * MiB))
	cp f orig
	run grown_then_change $((4 * MiB)) "$MMCAT" f 0 3M
	((status != 77)) ||
	    skip "$(<reader_err) (past /proc/sys/fs/pipe-max-size that takes CAP_SYS_RESOURCE)"
	assert_success
	assert_equal "$(<status)" 0
	assert_equal "$(<err)" ''
	assert_same_file orig out
}

# The fcntl(2) system call, by either name: a 32-bit build calls fcntl64.
FCNTL_CALLS='/^fcntl(64)?$'

# refused_growth ARGS... : mmcat ARGS with its F_SETPIPE_SZ refused (EPERM,
# injected by strace, as a user's pipe quota refuses it): mmcat keeps the
# 64 KiB pipe it was given.  The trace in ./trace.
refused_growth() {
	ASAN_OPTIONS=detect_leaks=0 strace -qq -o trace -e trace="$FCNTL_CALLS" \
	    -e inject="$FCNTL_CALLS":error=EPERM:when="$SETPIPE_CALL" "$MMCAT" "$@"
}

@test "zero-copy settled at exit: mmcat cannot grow its pipe, the reader can; f rewritten after exit" {
	needs_feature pipe-size vmsplice
	command -v strace >/dev/null || skip "strace is needed to refuse mmcat's F_SETPIPE_SZ"
	make_random f $((768 * 1024))
	cp f orig
	# Which of mmcat's fcntl calls is the F_SETPIPE_SZ (a dry run).
	ASAN_OPTIONS=detect_leaks=0 strace -qq -o dry -e trace="$FCNTL_CALLS" "$MMCAT" f | cat >/dev/null
	SETPIPE_CALL=$(grep -n -m 1 F_SETPIPE_SZ dry | cut -d: -f1)
	[[ -n $SETPIPE_CALL ]] || fail "mmcat made no F_SETPIPE_SZ call: $(<dry)"
	run grown_then_change $((1 * MiB)) refused_growth f
	((status != 77)) || skip "$(<reader_err)"
	assert_success
	grep -q 'F_SETPIPE_SZ.*INJECTED' trace || fail "strace did not refuse F_SETPIPE_SZ: $(<trace)"
	assert_equal "$(<status)" 0
	assert_equal "$(<err)" ''
	assert_same_file orig out
}

# through_pv_then_change FIRST : mmcat f into pv(1), whose reader takes
# FIRST bytes, waits until mmcat has exited and f has been rewritten in
# place, then reads the rest into ./out; mmcat's status in ./status.
through_pv_then_change() {
	local first=$1 rc=0
	{
		"$MMCAT" f 2>err || rc=$?
		echo "$rc" >status
		dd if=/dev/urandom of=f bs="$(file_size f)" count=1 conv=notrunc status=none
		touch changed
	} | pv -q | {
		head -c "$first" >out
		wait_for_change
		cat >>out
	}
	assert_reader_waited
}

# rendered_man : the man page as text, every run of blanks one space.
rendered_man() {
	mandoc -Tascii "$BATS_TEST_DIRNAME/../man/mmcat.1" | col -b | tr -s ' \t\n' ' '
}

@test "zero-copy settled at exit, except for a reader that splices the pages on (pv), as the man page says" {
	needs_feature pipe-size vmsplice
	command -v pv >/dev/null || skip "pv is not installed: it is the splicing reader the man page names"
	command -v mandoc >/dev/null || skip "mandoc is needed to read the man page"
	(($(pipe_room) == MiB)) ||
		skip "this build writes $MMCAT_WRITE_CHUNK_BYTES bytes at a time, not whole pages (tiny buffers): its copied last MiB cannot wait in its 1 MiB pipe, so no page is left waiting in pv's"
	rendered_man | grep -qF 'a program that passes the pipe'\''s pages to another pipe or a socket with splice(2) or tee(2), as pv(1) does, takes them along, and whoever reads from that program can still get bytes the file was changed to after mmcat exited' ||
	    fail "the man page (Output) no longer says what a splicing reader such as pv gets"
	make_random f $((3 * MiB))
	cp f orig
	# The reader stops 64 KiB before mmcat's copied last MiB: that MiB
	# fills mmcat's pipe, the 64 KiB of pages before it fill pv's.
	run -0 through_pv_then_change $((2 * MiB - 64 * 1024))
	assert_equal "$(<status)" 0
	tail -c 1M orig >orig_tail
	tail -c 1M out >out_tail
	assert_same_file orig_tail out_tail
	changed=$(cmp -l orig out | wc -l)
	echo "# bytes changed after mmcat exited: $changed" >&3
	((changed > 0 && changed <= 64 * 1024)) ||
	    fail "$changed bytes changed: not the 1 to 65536 pv's pipe can hold"
	# Copies are not passed on by reference: MMCAT_COPY=write keeps them.
	cp orig f
	MMCAT_COPY=write run -0 through_pv_then_change $((2 * MiB - 64 * 1024))
	assert_equal "$(<status)" 0
	assert_same_file orig out
}
