#!/usr/bin/env bats
# SPDX-License-Identifier: BSD-2-Clause
# follow.bats - -f, -F, --follow, --retry, --pid, -s: files read while they
# are written (the man page, FOLLOWING).
#
# The oracle is GNU tail, run beside mmcat on the same files while one
# scripted writer appends, truncates, rotates and replaces them
# (tests/helpers/follow.bash): after every step both readers must have
# printed the same bytes, and at the end both have said the same on
# stderr, tail's words put in mmcat's form.  Where tail has no part in a
# behaviour (bounded ranges, -x, usage errors) the oracle is sed, dd or
# xxd on the file as it ended.  Every reader runs under timeout, so a hang
# fails its case instead of stopping the suite.

load helpers/common
load helpers/features
load helpers/follow

setup() {
	cd "$BATS_TEST_TMPDIR"
	export LC_ALL=C		# tail's quotes in ASCII, byte lengths in bash
	tail --version 2>/dev/null | grep -q 'GNU coreutils' ||
		skip "the oracle, GNU tail, is not installed"
	follow_init
	writer=
	# mmcat for the readers; $MMCAT, which mmcat_into and from_pipe run,
	# becomes the same under a deadline: a follow that should end and
	# does not fails its case
	mmcat_bin=$MMCAT
	printf '#!/bin/sh\nexec timeout %d %q "$@"\n' "$FOLLOW_TIMEOUT" "$MMCAT" >timed-mmcat
	chmod +x timed-mmcat
	MMCAT=$PWD/timed-mmcat
}

teardown() {
	follow_cleanup
	if [[ -n $writer ]]; then
		kill "$writer" 2>/dev/null || true
	fi
}

# follow_both 'FOLLOW' 'TAIL ARGS' 'MMCAT ARGS' : tail and mmcat start
# following (FOLLOW: -f, -F, --follow=..., --pid=...), polling every 0.1 s
# where they poll; each string is split on spaces.  Returns once both have
# printed what `tail TAIL ARGS` prints without following.
follow_both() {
	local -a follow tail_args mmcat_args
	read -ra follow <<<"$1"
	read -ra tail_args <<<"$2"
	read -ra mmcat_args <<<"$3"
	expect=$(tail "${tail_args[@]}" <"${READER_INPUT:-/dev/null}" 2>/dev/null | wc -c)
	reader_start tail tail -s 0.1 "${follow[@]}" "${tail_args[@]}"
	reader_start mmcat "$mmcat_bin" -s 0.1 "${follow[@]}" "${mmcat_args[@]}"
	readers_at
}

# stop_both [NAME...] : tail, mmcat and the other mmcat readers NAME were
# still following; stop them, and compare each mmcat with tail.
stop_both() {
	local name
	reader_stop tail mmcat "$@"
	assert_status tail 143
	for name in mmcat "$@"; do
		assert_status "$name" 143
		assert_same_as_tail tail "$name"
	done
}

# scripted_appends FILE : the writer of the append cases: pieces that end
# inside and outside a line, one that ends a partial line, one large.
scripted_appends() {
	append "$1" 'ial'
	readers_at
	append "$1" $' line\nnext '
	readers_at
	append "$1" $'one\n'
	readers_at
	append "$1" "$(seq -f 'more %g' 2000)"$'\n'
	readers_at
	# more than a pipe holds (mmcat asks for 1 MiB)
	append "$1" "$(head -c 3M /dev/urandom | base64 -w 100)"
	readers_at
	append "$1" 'no newline at the end'
	readers_at
}

# lines_file FILE N : FILE holds N lines "line 1"..., then "part" (no
# newline).
lines_file() {
	seq -f 'line %g' "$2" >"$1"
	printf 'part' >>"$1"
}

# --- appends ---------------------------------------------------------------------

@test "follow: appends, partial lines included, as tail -f prints them (-L -10:)" {
	lines_file f 25
	follow_both -f 'f' '-L -10: f'
	scripted_appends f
	stop_both
}

@test "follow: an empty file is followed from its first byte, as tail -f" {
	: >f
	follow_both -f 'f' '-L -10: f'
	reader_start whole "$mmcat_bin" -s 0.1 -f f
	readers_at
	scripted_appends f
	stop_both whole
}

@test "follow: appends from a byte offset, as tail -c +N -f (positional form)" {
	lines_file f 25
	# tail counts bytes from 1, mmcat offsets from 0
	follow_both -f '-c +101 f' 'f 100'
	scripted_appends f
	stop_both
}

@test "follow: a start counted back from the end is taken once, as tail -c N -f (f -50, -o -50)" {
	lines_file f 25
	follow_both -f '-c 50 f' 'f -50'
	reader_start mmcat_o "$mmcat_bin" -s 0.1 -f -o -50 f
	readers_at
	scripted_appends f
	stop_both mmcat_o
}

@test "follow: appends from a line, as tail -n +N -f (-L N:)" {
	lines_file f 25
	follow_both -f '-n +7 f' '-L 7: f'
	scripted_appends f
	stop_both
}

@test "follow: appends into a regular file as output, as tail -f prints them" {
	lines_file f 25
	READER_TO_FILE=1 follow_both -f '-c +1 f' 'f'
	scripted_appends f
	stop_both
}

# --- truncation --------------------------------------------------------------------

@test "follow: truncated, shortened, copytruncated: 'file truncated', then from byte 0, as tail" {
	lines_file f 20
	follow_both -f 'f' '-L -10: f'
	append f $'ial\n'
	readers_at
	truncate_file f 1		# : >f
	append f $'after the truncation\n'
	readers_at
	truncate -s 5 f			# shorter, not empty: its 5 bytes again
	readers_said 'f: file truncated' 2
	expect=$((expect + 5))
	readers_at
	append f $'more\n'
	readers_at
	cp f f.1			# logrotate's copytruncate
	truncate_file f 3
	append f 'new '
	readers_at
	append f $'start\n'
	readers_at
	stop_both
}

# --- following the name -------------------------------------------------------------

@test "follow: -F follows the name through rename-and-create, delete-and-recreate, replacement" {
	lines_file f 12
	follow_both -F 'f' '-L -10: f'
	append f $'ial\n'
	readers_at
	# logrotate's create: renamed away, then a new empty file under the
	# name, which the program writing the log writes to later
	mv f f.1
	readers_said 'has become inaccessible' 1
	: >f
	readers_said 'has appeared' 1
	append f $'new 1\nnew 2\n'
	readers_at
	append f $'new 3\n'
	readers_at
	# deleted, then created again
	rm f
	readers_said 'has become inaccessible' 2
	printf 'third\n' >f
	expect=$((expect + 6))
	readers_said 'has appeared' 2
	readers_at
	# replaced in one rename: the name never goes missing
	printf 'fourth\n' >f.new
	mv f.new f
	expect=$((expect + 7))
	readers_said 'has been replaced' 1
	readers_at
	append f $'last\n'
	readers_at
	stop_both
}

@test "follow: -F waits for a file missing at the start, as tail -F" {
	follow_both -F 'g' '-L -10: g'
	readers_said 'No such file or directory' 1
	printf 'g was made\n' >g
	expect=11
	readers_said 'has appeared' 1
	readers_at
	append g $'and goes on\n'
	readers_at
	stop_both
}

@test "follow: -f follows the file itself, silently, renamed, then deleted, as tail -f" {
	local fd
	lines_file f 12
	follow_both -f 'f' '-L -10: f'
	mv f f.1
	printf 'not followed\n' >f
	append f.1 $'still followed\n'
	readers_at
	# and deleted, while a writer holds it open
	exec {fd}>>f.1
	rm f.1
	printf 'even deleted\n' >&"$fd"
	expect=$((expect + 13))
	readers_at
	exec {fd}>&-
	stop_both
}

@test "follow: --follow=name without --retry: the name gone, 'no files remaining', exit 1" {
	lines_file f 5
	follow_both --follow=name 'f' '-L -10: f'
	append f $'ial\n'
	readers_at
	rm f
	reader_ends tail mmcat
	assert_status mmcat 1
	assert_same_file tail.out mmcat.out
	# tail's last word, in mmcat's form, and mmcat's
	assert_equal "$(tail_messages tail.err | tail -n 1)" 'mmcat: no files remaining'
	assert_equal "$(tail -n 1 mmcat.err)" 'mmcat: no files remaining'
}

# --- --pid -----------------------------------------------------------------------------

# start_writer CMDS : the bash commands CMDS run in the background once
# ./go exists (under timeout, so that nothing is left behind); writer is
# its PID.
start_writer() {
	timeout 30 bash -c "until [ -e go ]; do sleep 0.02; done; $1" 3>&- &
	writer=$!
}

# writer_done : the writer has ended, and is reaped (a zombie is still a
# process to kill(2), and so to tail's --pid).
writer_done() {
	wait "$writer" || fail "the writer failed"
	writer=
}

@test "follow: --pid: once the writer has ended, one last read, exit 0, the bytes tail prints" {
	lines_file f 10
	start_writer 'for i in $(seq 30); do
			printf "piece %d" $i >>f
			[ $((i % 3)) = 0 ] || printf "\n" >>f
			sleep 0.02
		done
		printf "last words" >>f'
	follow_both "-f --pid=$writer" 'f' '-L -10: f'
	touch go
	writer_done
	reader_ends tail mmcat
	assert_status tail 0
	assert_status mmcat 0
	[[ $(tail -c 10 tail.out) == 'last words' ]] || fail "tail's output ends otherwise"
	assert_same_as_tail tail mmcat
}

@test "follow: --pid given twice: the follow ends once both have died, not before" {
	local early
	printf 'start\n' >f
	timeout 30 bash -c 'until [ -e go ]; do sleep 0.02; done; sleep 0.1' 3>&- &
	early=$!
	start_writer 'until [ -e late ]; do sleep 0.02; done
		for i in 1 2 3; do printf "late %d\n" $i >>f; sleep 0.1; done'
	reader_start mmcat "$mmcat_bin" -s 0.1 -f --pid="$early" --pid="$writer" f
	expect=6
	readers_at
	touch go
	wait "$early"
	still_waiting mmcat 6		# one of two has died
	touch late
	writer_done
	reader_ends mmcat
	assert_status mmcat 0
	assert_same_file f mmcat.out
}

# --- the reader goes away ------------------------------------------------------------

# idle_then_gone CMD... : CMD -f f writes into a pipe whose reader waits
# 0.3 s (CMD has printed f and is idle), takes one byte and exits; sets
# status to CMD's exit status and elapsed to the seconds it all took.
idle_then_gone() {
	local start=$SECONDS
	status=$(timeout 20 "$@" -f f 2>err | { sleep 0.3; head -c 1 >/dev/null; }
		echo "${PIPESTATUS[0]}")
	elapsed=$((SECONDS - start))
}

@test "follow: the reader gone while idle: killed by SIGPIPE at once, as tail" {
	seq 5 >f
	idle_then_gone tail
	assert_equal "tail $status" 'tail 141'	# the harness, on tail
	idle_then_gone "$mmcat_bin"
	assert_equal "mmcat $status" 'mmcat 141'
	((elapsed < 5)) || fail "mmcat took $elapsed s to see its reader gone"
	assert_empty_file err
}

@test "follow: the reader gone while idle, SIGPIPE ignored: 'write error: Broken pipe', exit 1" {
	seq 5 >f
	trap '' PIPE
	idle_then_gone "$mmcat_bin"
	trap - PIPE
	assert_equal "$status" 1
	((elapsed < 5)) || fail "mmcat took $elapsed s to see its reader gone"
	assert_equal "$(cat err)" 'mmcat: write error: Broken pipe'
}

# --- bounded ranges: wait for the missing bytes, then exit 0 -------------------------

@test "follow: -L 1000 waits for line 1000 as it is written, prints it, exits 0 (sed -n 1000p)" {
	seq -f 'build step %g' 500 >build.log
	reader_start mmcat "$mmcat_bin" -s 0.1 -f -L 1000 build.log
	still_waiting mmcat 0
	seq -f 'build step %g' 501 800 >>build.log
	seq -f 'build step %g' 801 999 >>build.log
	printf 'build step 10' >>build.log
	still_waiting mmcat 13		# bytes go out as they come
	printf '00\n' >>build.log	# line 1000 complete: nothing more needed
	reader_ends mmcat
	assert_status mmcat 0
	sed -n 1000p build.log >want
	assert_same_file want mmcat.out
	assert_empty_file mmcat.err
}

@test "follow: a truncation while waiting for the first line restarts the count (-L 1000)" {
	seq -f 'old %g' 500 >build.log
	reader_start mmcat "$mmcat_bin" -s 0.1 -f -L 1000 build.log
	still_waiting mmcat 0
	truncate_file build.log 1
	seq -f 'new %g' 1200 >>build.log
	reader_ends mmcat
	assert_status mmcat 0
	sed -n 1000p build.log >want
	assert_same_file want mmcat.out
	assert_equal "$(cat mmcat.err)" 'mmcat: build.log: file truncated'
}

@test "follow: a byte range past the end waits for its bytes in every form, then exits 0 (dd)" {
	local r
	make_random f 1000
	# the same range, from offset 1500 (past the end) to 3000
	reader_start r "$mmcat_bin" -s 0.1 -f -r 1500:3000 f
	reader_start plus "$mmcat_bin" -s 0.1 -f -r 1500+1500 f
	reader_start ol "$mmcat_bin" -s 0.1 -f -o 1500 -l 1500 f
	reader_start oe "$mmcat_bin" -s 0.1 -f -o 1500 -e 3000 f
	reader_start pos "$mmcat_bin" -s 0.1 -f f 1500 1500
	still_waiting r 0
	head -c 300 /dev/urandom >>f	# 1300: still short of the offset
	still_waiting ol 0
	head -c 700 /dev/urandom >>f	# 2000: 500 bytes of the range
	expect=500
	readers_at
	still_waiting pos 500
	head -c 2000 /dev/urandom >>f	# 4000: past the end of the range
	slice f 1500 1500 >want
	for r in "${readers[@]}"; do
		reader_ends "$r"
		assert_status "$r" 0
		assert_same_file want "$r.out"
		assert_empty_file "$r.err"
	done
}

@test "follow: several -r ranges, each waiting for its bytes in turn, in order (dd)" {
	make_random f 1000
	reader_start mmcat "$mmcat_bin" -s 0.1 -f -r 0:10 -r 2000:2100 -r 100:200 f
	expect=10
	readers_at
	still_waiting mmcat 10
	head -c 1050 /dev/urandom >>f	# 2050: half of the second range
	expect=60
	readers_at
	still_waiting mmcat 60		# the third waits for the second
	head -c 1000 /dev/urandom >>f
	reader_ends mmcat
	assert_status mmcat 0
	{ slice f 0 10; slice f 2000 100; slice f 100 100; } >want
	assert_same_file want mmcat.out
}

@test "follow: a bounded range the file already holds is printed at once, exit 0 (sed, dd)" {
	seq -f 'line %g' 100 >f
	sed -n 81,83p f >want
	run -0 mmcat_into out -f -L -20:+2 f
	assert_same_file want out
	slice f 10 20 >want
	run -0 mmcat_into out -f -r 10:30 f
	assert_same_file want out
}

# --- usage ---------------------------------------------------------------------------

@test "follow: an end counted back from the end of the file is a usage error with -f, -F" {
	local -a args
	local spec failed=() msg
	msg=$(usage_stderr 'mmcat: --follow cannot wait for an end counted back from the end of the file')
	seq 10 >f
	for spec in '-f -e -1 f' '-f -r 0:-1 f' '-f -r :-5 f' '-f -l -1 f' \
		'-f -L 1:-1 f' '-f -L -1 f' '-f -L :-2 f' '-f f 0 -1' \
		'-F -e -1 f' '--follow=name -L -3 f' '--follow=descriptor -o 2 -l -1 f'; do
		read -ra args <<<"$spec"
		run mmcat_into out "${args[@]}"
		[[ $status == 2 && ! -s out && $output == "$msg" ]] ||
			failed+=("mmcat $spec: exit $status, $(file_size out) bytes out, stderr: $output")
	done
	report_failed "end from EOF with -f"
}

@test "follow: bad --follow, --pid and -s values are usage errors" {
	local -a args
	local spec want failed=()
	seq 10 >f
	while IFS='|' read -r spec want; do
		read -ra args <<<"$spec"
		run mmcat_into out "${args[@]}" f
		[[ $status == 2 && ! -s out && $output == "$(usage_stderr "$want")" ]] ||
			failed+=("mmcat $spec f: exit $status, $(file_size out) bytes out, stderr: $output")
	done <<-'EOF'
	--follow=x|mmcat: invalid --follow 'x': expected 'descriptor' or 'name'
	--follow=names|mmcat: invalid --follow 'names': expected 'descriptor' or 'name'
	-f --pid=abc|mmcat: invalid PID 'abc'
	-f --pid=0|mmcat: invalid PID '0'
	-f --pid=-5|mmcat: invalid PID '-5'
	-f --pid=2147483648|mmcat: invalid PID '2147483648'
	-f --pid=12x|mmcat: invalid PID '12x'
	-f -s x|mmcat: invalid number of seconds: 'x'
	-f -s -1|mmcat: invalid number of seconds: '-1'
	-f -s inf|mmcat: invalid number of seconds: 'inf'
	-f -s nan|mmcat: invalid number of seconds: 'nan'
	-f --sleep-interval=1s|mmcat: invalid number of seconds: '1s'
	EOF
	report_failed "bad values"
}

@test "follow: --follow=n (a prefix) follows the name, as tail --follow=n" {
	lines_file f 5
	follow_both --follow=n 'f' '-L -10: f'
	rm f
	reader_ends tail mmcat
	assert_status mmcat 1
	assert_same_file tail.out mmcat.out
}

@test "follow: --retry and --pid without -f: tail's warnings, then the file as without them" {
	local opt
	seq 10 >f
	for opt in --retry "--pid=$$"; do
		tail "$opt" -c +1 f >want 2>want.err
		run -0 mmcat_into out "$opt" f
		assert_same_file want out
		assert_output "$(tail_messages want.err)"
		[[ -s want.err ]] || fail "tail gave no warning for $opt"
	done
	# -s alone is ignored, silently
	run -0 mmcat_into out -s 0.5 f
	assert_same_file f out
	assert_output ''
}

# --- several files ------------------------------------------------------------------

@test "follow: several files, appends alternating: the bytes of tail -f a b, headers included" {
	seq -f 'a %g' 12 >a
	seq -f 'b %g' 3 >b
	printf 'b partial' >>b
	follow_both -f 'a b' '-L -10: a b'
	headers=1 last_file=b
	append b $' line\n'
	readers_at
	append a $'a 13\n'
	readers_at
	append a 'a 14 in '
	readers_at
	append b $'b 5\n'
	readers_at
	append a $'pieces\n'
	readers_at
	append b 'b 6'
	readers_at
	stop_both
}

# --- -x ----------------------------------------------------------------------------

@test "follow: -x holds a partial 16-byte line; ended by --pid, the dump equals xxd (and xxd -s)" {
	make_random f 100
	start_writer 'for n in 7 13 1 29 16 3 100 5 64 2; do
			head -c $n /dev/urandom >>f
			sleep 0.05
		done'
	reader_start x "$mmcat_bin" -s 0.1 -x -f --pid="$writer" f
	reader_start xs "$mmcat_bin" -s 0.1 -x -f --pid="$writer" f 37
	# 100 bytes: six whole lines out, the last 4 bytes held
	xxd -l 96 f >want
	expect=$(file_size want)
	readers=(x)
	readers_at
	still_waiting x "$expect"
	assert_same_file want x.out
	touch go
	writer_done
	reader_ends x xs
	assert_status x 0
	assert_status xs 0
	xxd f >want
	assert_same_file want x.out
	xxd -s 37 f >want
	assert_same_file want xs.out
}

@test "follow: -x on several files: each file's partial line goes out before the next header (xxd)" {
	make_random a 37
	make_random b 21
	sleep 0.1 3>&- &
	writer=$!
	wait "$writer" || true
	run -0 --separate-stderr timeout 20 "$mmcat_bin" -x -f --pid="$writer" a b
	{
		echo '==> a <=='
		xxd a
		printf '\n==> b <==\n'
		xxd b
	} >want
	printf '%s\n' "$output" >got
	assert_same_file want got
	assert_equal "$stderr" ''
}

# --- standard input and FIFOs ----------------------------------------------------------

@test "follow: standard input a pipe: read to its end, exit 0, as tail -f" {
	seq 1000 >f
	run -0 from_pipe f timeout 20 tail -c +1 -f	# the harness, on tail
	run -0 from_pipe f mmcat_into out -f
	assert_same_file f out
	assert_output ''
}

@test "follow: standard input a regular file is followed, as tail -f" {
	lines_file f 25
	READER_INPUT=f follow_both -f '-c +1' ''
	scripted_appends f
	stop_both
}

# fifo_writes NAME CMD... : CMD follows the FIFO p while writers come and
# go: the first writes two pieces and closes, CMD must print them and run
# on; two later writers then each write once.
fifo_writes() {
	local name=$1
	shift
	rm -f p
	mkfifo p
	expect=0
	readers=()
	reader_start "$name" "$@" p
	timeout 10 bash -c 'printf "one\n"; sleep 0.1; printf "two"' >p
	expect=7
	readers_at
	still_waiting "$name" 7
	timeout 10 bash -c 'printf " three\n"' >p
	expect=14
	readers_at
	timeout 10 bash -c 'printf "four\n"' >p
	expect=19
	readers_at
	reader_stop "$name"
	assert_status "$name" 143
}

@test "follow: a named FIFO operand is followed across its writers, as tail -f" {
	fifo_writes tail tail -s 0.1 -c +1 -f
	fifo_writes mmcat "$mmcat_bin" -s 0.1 -f
	assert_same_as_tail tail mmcat
}

@test "follow: a named FIFO beside a file: a header only when bytes come, as tail -f p f" {
	local name
	for name in tail mmcat; do
		seq 3 >f
		rm -f p
		mkfifo p
		expect=0
		readers=()
		if [[ $name == tail ]]; then
			reader_start tail tail -s 0.1 -c +1 -f p f
		else
			reader_start mmcat "$mmcat_bin" -s 0.1 -f p f
		fi
		timeout 10 bash -c 'printf "x\n"' >p
		expect=$(($(file_size f) + 23))
		readers_at
		printf 'more\n' >>f
		expect=$((expect + 5))
		readers_at
		printf 'again\n' >>f
		expect=$((expect + 6))
		readers_at
		sleep 0.3
		reader_stop "$name"
	done
	assert_same_as_tail tail mmcat
}

@test "follow: a named FIFO with a bounded range: printed as without -f, exit 0 at its end (dd, sed)" {
	local form
	for form in '-r 4:7' '-L 2'; do
		rm -f p
		mkfifo p
		# shellcheck disable=SC2086 # split on purpose
		reader_start fifo "$mmcat_bin" -s 0.1 -f $form p
		printf 'one\ntwo\nthree\n' >data
		timeout 10 cat data >p || true
		reader_ends fifo
		assert_status fifo 0
		if [[ $form == -r* ]]; then
			dd if=data bs=1 skip=4 count=3 status=none >want
		else
			sed -n 2p data >want
		fi
		assert_same_file want fifo.out
	done
}

@test "follow: the output is the followed file: 'input file is output file', exit 1" {
	seq 5 >log
	cp log want
	sleep 0.1 3>&- &
	writer=$!
	run -1 --separate-stderr bash -c 'timeout 20 "$1" -f --pid="$2" log >>log' \
		_ "$mmcat_bin" "$writer"
	# nothing left to follow, as for a file that cannot be opened
	assert_equal "$stderr" "mmcat: log: input file is output file
mmcat: no files remaining"
	assert_same_file want log
}

@test "follow: -v describes nothing and --strict clamps nothing while following (head -c)" {
	printf 'abc' >f
	start_writer 'printf "defgh" >>f'
	reader_start v "$mmcat_bin" -s 0.1 -v --strict -f -r 1:6 f
	touch go
	writer_done
	reader_ends v
	assert_status v 0
	head -c 6 f | tail -c 5 >want
	assert_same_file want v.out
	assert_equal "$(cat v.err)" ''
}

# --- never SIGBUS ---------------------------------------------------------------------

@test "follow: 1000 truncate-and-append cycles: no SIGBUS, and the end is what came last" {
	make_random block 4096
	# The cycles, then, once every reader has seen one more truncation
	# (the dump starts again at address 0, the others from byte 0), 4 KiB
	# of random bytes.  The file never holds more than 10 bytes before
	# them, so every reader must end with them whatever it made of the
	# cycles.  (A reader that had not yet seen the file emptied would
	# find it longer than it was and take the block's first bytes for
	# what it had printed, as tail would: on a loaded machine that
	# happened when only the dump was waited for.)
	start_writer 'for ((i = 0; i < 1000; i++)); do
			: >f
			printf "cycle %d\n" $i >>f
		done
		sleep 0.3
		seen() { [ "$(grep -c "file truncated" "$1.err")" -gt "$2" ]; }
		n_hex=$(grep -c "file truncated" hex.err)
		n_raw=$(grep -c "file truncated" raw.err)
		n_lines=$(grep -c "file truncated" lines.err)
		: >f
		for ((t = 0; t < 500; t++)); do
			seen hex "$n_hex" && seen raw "$n_raw" &&
				seen lines "$n_lines" && break
			sleep 0.02
		done
		cat block >>f'
	printf 'start\n' >f
	reader_start raw "$mmcat_bin" -s 0.1 -f --pid="$writer" f
	reader_start hex "$mmcat_bin" -s 0.1 -x -f --pid="$writer" f
	reader_start lines "$mmcat_bin" -s 0.1 -f --pid="$writer" -L 1: f
	touch go
	writer_done
	reader_ends raw hex lines
	xxd block >hex.want
	cp block raw.want
	cp block lines.want
	local r failed=()
	for r in raw hex lines; do
		[[ ${reader_rc[$r]} == 0 ]] ||
			failed+=("$r: exit ${reader_rc[$r]}")
		if [[ $r == hex ]]; then
			tail -n 256 hex.out >got
		else
			tail -c 4096 "$r.out" >got
		fi
		note_difference "$r: the end of the output" "$r.want" got
		grep -v ': file truncated$' "$r.err" >others || true
		[[ ! -s others ]] || failed+=("$r: stderr: $(head -n 5 others)")
	done
	report_failed "truncate cycles"
}

# --- idle cost -----------------------------------------------------------------------

# idle_calls ARGS... : mmcat ARGS f, once it has printed f, is traced with
# strace for 2 s while nothing changes, then f grows by a line.  Fails if
# mmcat made a system call in those 2 s beyond the wait it was in when
# strace came, or none once f grew (strace saw nothing at all).
idle_calls() {
	local pid tracer mark log first
	command -v strace >/dev/null || skip "strace is not installed"
	seq 10 >f
	READER_TO_FILE=1 reader_start mmcat "$mmcat_bin" "$@" f
	expect=$(file_size f)
	readers_at
	pid=$(pgrep -P "${reader_pid[mmcat]}") || fail "no mmcat under timeout"
	sleep 0.2
	: >st.err
	timeout -s INT 4 strace -f -ttt -o st.log -p "$pid" 2>st.err 3>&- &
	tracer=$!
	wait_until test -s st.err || true
	grep -q 'attached' st.err ||
		skip "strace cannot trace mmcat here (ptrace not permitted?): $(cat st.err)"
	sleep 2
	mark=$EPOCHREALTIME
	append f $'woken\n'
	readers_at
	wait "$tracer" || true
	# strace -f writes "PID TIME call..."; the first call may be the wait
	# mmcat was in when strace came, resumed
	# (and a 32-bit mmcat is announced by a line of strace's own)
	log=$(sed -E -e 's/^[0-9]+ +//' -e '/^[0-9.]+ \[ Process PID=[0-9]+ runs in .* mode\. \]$/d' st.log)
	first=$(head -n 1 <<<"$log")
	[[ $first =~ ^[0-9.]+\ (restart_syscall|poll|ppoll|read|epoll_wait|epoll_pwait|select|pselect6)\( ]] ||
		first=
	awk -v mark="$mark" -v first="$first" '$0 != first && $1 + 0 < mark + 0' \
		<<<"$log" >idle.calls
	[[ ! -s idle.calls ]] ||
		fail "system calls while idle: $(head -n 20 idle.calls)"
	awk -v mark="$mark" '$1 + 0 >= mark + 0' <<<"$log" | grep -q . ||
		fail "strace saw no system call after the append: $log"
}

@test "follow: idle, mmcat makes no system call (strace), then wakes up for an append" {
	needs_feature inotify
	idle_calls -f
}

@test "follow: idle with --pid, still no system call: the process is watched too (strace)" {
	needs_feature inotify pidfd
	sleep 30 3>&- &
	writer=$!
	idle_calls -f --pid="$writer"
}

@test "follow: a file on a network file system is polled every -s: inotify would not hear other machines (NFS, by the fault shim)" {
	local pid tracer polls
	needs_feature inotify
	command -v strace >/dev/null || skip "strace is not installed"
	[[ -n ${MMCAT_INJECT:-} && -f $MMCAT_INJECT ]] ||
		skip "no fault-injection shim to report an NFS file system"
	! ldd "$mmcat_bin" 2>/dev/null | grep -q libasan ||
		skip "mmcat is built with AddressSanitizer, whose runtime must be the first library loaded: the shim cannot be preloaded"
	seq 10 >f
	READER_TO_FILE=1 reader_start mmcat env LD_PRELOAD="$MMCAT_INJECT" \
		INJECT_FSTYPE=0x6969 "$mmcat_bin" -s 0.1 -f f
	expect=$(file_size f)
	readers_at
	pid=$(pgrep -P "${reader_pid[mmcat]}") || fail "no mmcat under timeout"
	: >st.err
	timeout -s INT 1.5 strace -e trace=poll,ppoll -o st.log -p "$pid" 2>st.err 3>&- &
	tracer=$!
	wait_until test -s st.err || true
	grep -q 'attached' st.err ||
		skip "strace cannot trace mmcat here (ptrace not permitted?): $(cat st.err)"
	wait "$tracer" || true
	# about 14 in 1.5 s; 3 is plenty to tell polling from waiting
	polls=$(grep -c 'poll(.*, 100)' st.log) || true
	((polls >= 3)) || fail "not polled every 0.1 s: $(cat st.log)"
	append f $'grown\n'
	readers_at
}

# --- -P -------------------------------------------------------------------------------

@test "follow: -P -f on a terminal shows bytes and a rate, no total, no percentage" {
	local draws=() d n=0
	require_script
	seq 10 >f
	run -0 in_terminal term "
		{ for i in \$(seq 25); do head -c 100000 /dev/zero >>f; sleep 0.06; done; } &
		timeout 20 $(printf %q "$mmcat_bin") -P -f -s 0.1 --pid=\$! f | cat >out"
	readarray -t -d $'\r' draws <term
	for d in "${draws[@]}"; do
		d=${d%$'\e[K'}
		[[ -n $d ]] || continue
		n=$((n + 1))
		[[ $d =~ ^mmcat:\ f:\ [0-9.]+\ (B|KiB|MiB|GiB).*\ [0-9.]+\ (B|KiB|MiB|GiB)/s ]] ||
			fail "not bytes and a rate: $(cat -v <<<"$d")"
		[[ $d != *%* && $d != *' / '* && $d != *left* ]] ||
			fail "a total in a follow's progress: $(cat -v <<<"$d")"
	done
	((n >= 1)) || fail "nothing drawn: $(cat -v term)"
	assert_same_file f out
}
