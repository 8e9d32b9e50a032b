#!/usr/bin/env bats
# SPDX-License-Identifier: BSD-2-Clause
# stdin.bats - standard input is shared with the next command of a script.
# The man page, "Streams" and "Standard input": a seekable standard input
# is left just past the last byte printed, as dd and head leave it; a pipe
# or terminal is not read past a range whose end is known; a seekable
# input that cannot be mapped is positioned, not read through.  Oracles:
# head, dd, sed, tail, side by side on the same bytes.

load helpers/common

setup() {
	cd "$BATS_TEST_TMPDIR"
	seq 100000 >f
}

# group CMD : CMD (a command line for bash) with f as standard input.
group() {
	bash -c "$1" <f
}

# --- a seekable standard input keeps its place ---------------------------------

@test "stdin position: two byte ranges in a row read on, as head -c does" {
	group '"$MMCAT" -l 4; "$MMCAT" -l 4' >out
	group 'head -c 4; head -c 4' >expected
	assert_same_file expected out
}

@test "stdin position: the next reader starts just past the range, as after dd skip= count=" {
	group '"$MMCAT" -o 2 -l 3; head -c 5' >out
	group 'dd bs=1 skip=2 count=3 status=none; head -c 5' >expected
	assert_same_file expected out
}

@test "stdin position: offsets count from the position at start, and it moves on from there" {
	group 'head -c 10 >/dev/null; "$MMCAT" - 5 5; head -c 5' >out
	slice f 15 10 >expected
	assert_same_file expected out
}

@test "stdin position: a negative length leaves it before the bytes not printed (head -c -N)" {
	group '"$MMCAT" -l -10; head -c 10' >out
	group 'head -c -10; head -c 10' >expected
	assert_same_file expected out
}

@test "stdin position: a negative offset leaves it at the end" {
	group '"$MMCAT" - -6; head -c 10' >out
	tail -c 6 f >expected
	assert_same_file expected out
}

@test "stdin position: several -r ranges leave it past the last range printed" {
	group '"$MMCAT" -r 0:4 -r 10:12; head -c 3' >out
	{ slice f 0 4; slice f 10 2; slice f 12 3; } >expected
	assert_same_file expected out
}

@test "stdin position: -L leaves it past the last line printed, as GNU head -n does" {
	group '"$MMCAT" -L 2:3; head -c 10' >out
	group 'head -n 1 >/dev/null; head -n 2; head -c 10' >expected
	assert_same_file expected out
}

@test "stdin position: -x leaves it past the last byte dumped" {
	group '"$MMCAT" -x -l 16; head -c 4' >out
	{ head -c 16 f | xxd; slice f 16 4; } >expected
	assert_same_file expected out
}

@test "stdin position: a failed range leaves it where it was" {
	group '"$MMCAT" - 999999999 2>/dev/null; head -c 4' >out
	head -c 4 f >expected
	assert_same_file expected out
}

# --- pipes and terminals are not read past a known end --------------------------

@test "pipe: a range with a known end reads no byte past it (head -c)" {
	seq 100000 | { "$MMCAT" -l 5; head -c 10; } >out
	seq 100000 | { head -c 5; head -c 10; } >expected
	assert_same_file expected out
}

@test "pipe: an offset and a length read no byte past the end" {
	seq 100000 | { "$MMCAT" -o 3 -l 5; head -c 10; } >out
	seq 100000 | { dd bs=1 skip=3 count=5 status=none; head -c 10; } >expected
	assert_same_file expected out
}

@test "terminal: -l 3 leaves the rest of the typed line to the next reader" {
	local probe
	probe=$(SHELL=/bin/bash script -qfec 'test -t 0 && printf tty' /dev/null \
		</dev/null 2>&1) || true
	[[ $probe == *tty* ]] || skip "script(1) cannot give a command a terminal here: $probe"
	# script copies its input to the terminal, where it is typed
	printf 'abcdef\n' | SHELL=/bin/bash script -qfec \
		"$(printf %q "$MMCAT") -l 3 >out; IFS= read -r rest; printf '%s' \"\$rest\" >rest" \
		/dev/null >/dev/null
	assert_equal "$(<out)" abc
	assert_equal "$(<rest)" def
}

# --- seekable inputs that cannot be mapped are positioned ------------------------

@test "character device: a far offset is reached by lseek, not by reading (dd skip=)" {
	run -0 timeout 10 bash -c '"$MMCAT" /dev/zero 1T 16 | od -An -tx1'
	assert_output "$(head -c 16 /dev/zero | od -An -tx1)"
}

@test "/proc/PID/mem: a mapped address is read after lseek, as xxd -s does" {
	local pid addr
	sleep 60 &
	pid=$!
	# until it has become sleep, its memory map is that of the shell
	while [[ $(cat "/proc/$pid/comm" 2>/dev/null) != sleep ]]; do sleep 0.01; done
	addr=$(awk 'NR == 1 { split($1, a, "-"); print a[1]; exit }' "/proc/$pid/maps")
	run -0 --separate-stderr "$MMCAT" -x "/proc/$pid/mem" "0x$addr" 16
	expected=$(xxd -s "0x$addr" -l 16 "/proc/$pid/mem")
	kill "$pid"
	assert_output "$expected"
}

@test "-v on a seekable stdin at a position: one base, the file's offsets" {
	head -c 155 f >g
	run -0 --separate-stderr bash -c '{ head -c 78 >/dev/null; MMCAT_COPY=write "$MMCAT" -v - 74 3 >out; } <g'
	[[ $stderr == *'bytes 152-155 of 155, standard input starting at 78: '* ]] || fail "$stderr"
	[[ $stderr == *'offset 152 aligned down to 0,'* ]] || fail "$stderr"
	assert_equal "$(<out)" "$(slice g 152 3)"
}

# --- -L on a stream: one pass, no temporary file -----------------------------------

# stream_specs FILE SPEC... : for each SPEC, mmcat -L SPEC reading FILE
# through a pipe, with TMPDIR missing, equals mmcat -L SPEC FILE (the
# mapped path, itself checked against sed and tail in lines.bats), with
# and without --strict, and -x too.
stream_specs() {
	local file=$1 spec rc1 rc2
	shift
	export TMPDIR=$BATS_TEST_TMPDIR/missing
	for spec in "$@"; do
		for strict in '' --strict; do
			rc1=0 rc2=0
			"$MMCAT" $strict -L "$spec" "$file" >want 2>want.err || rc1=$?
			cat "$file" | "$MMCAT" $strict -L "$spec" >got 2>got.err || rc2=$?
			cmp -s want got || fail "-L $spec $strict: the pipe gives other bytes than the file"
			((rc1 == rc2)) || fail "-L $spec $strict: exit $rc2 from the pipe, $rc1 from the file"
			[[ $(sed 's/^mmcat: [^:]*:/mmcat: X:/' want.err) == $(sed 's/^mmcat: [^:]*:/mmcat: X:/' got.err) ]] ||
				fail "-L $spec $strict: other messages: $(<got.err) / $(<want.err)"
		done
		cat "$file" | "$MMCAT" -x -L "$spec" >got
		"$MMCAT" -x -L "$spec" "$file" >want
		cmp -s want got || fail "-x -L $spec: the pipe gives another dump than the file"
	done
}

@test "-L on a pipe: every spec form, with and without --strict, equals the mapped file" {
	seq 50 >s50
	printf 'a\nb\nc' >partial
	: >empty
	specs=(1 2 50 51 1: 49: 51: :1 :50 :99 3:7 7:3 1:+0 3:+4 48:+9 -1 -3 -50 -51
		-1: -5: -50: -99: -5:+0 -5:+2 -55:+3 -55:+6 -55:+60 -3:-1 -60:-58 -60:-1
		2:-1 2:-3 40:-5 :-1 :-2 :-49 :-50 :-51 -3:48 -3:2 -60:2)
	stream_specs s50 "${specs[@]}"
	stream_specs partial 1 3 -1 -2: :-1 2:+5 -9:+8
	stream_specs empty 1 -1 1: -1: :-1
}

@test "-L on a pipe: a forward spec stops reading after its last line" {
	# yes never ends: only stopping early ends mmcat
	run -0 timeout 10 bash -c 'yes | "$MMCAT" -L 2:3'
	assert_output $'y\ny'
	# the producer's second line comes 5 s later: mmcat is gone before it
	local start=${EPOCHREALTIME/[.,]/} took
	(echo first; sleep 5; echo more) |
		{ "$MMCAT" -L 1 >out; echo "${EPOCHREALTIME/[.,]/}" >done; }
	assert_equal "$(<out)" first
	took=$(($(<done) - start))
	((took < 4000000)) || fail "waited for the producer: $took us"
}

@test "-L on a pipe: -100: holds 100 lines, not the stream (300 MB of yes, peak RSS measured)" {
	local rss
	[[ -x /usr/bin/time ]] || skip "GNU time (/usr/bin/time) is needed to measure peak RSS"
	yes | head -c 300M | /usr/bin/time -f %M -o rss "$MMCAT" -L -100: >out
	assert_equal "$(wc -l <out)" 100
	rss=$(tail -n 1 rss)
	((rss < 16384)) || fail "peak RSS ${rss} KiB for 100 lines of a 300 MB stream"
}

# --- several -r ranges on a stream: one pass where one pass can serve them ------------

# pipe_ranges RANGE... : mmcat -r RANGE... reading f through a pipe, with
# TMPDIR missing (so no temporary file can be made), equals the same
# ranges of the file f itself, with -x too.
pipe_ranges() {
	local args=() r
	for r in "$@"; do args+=(-r "$r"); done
	"$MMCAT" "${args[@]}" f >want
	cat f | TMPDIR=$BATS_TEST_TMPDIR/missing "$MMCAT" "${args[@]}" >got ||
		fail "-r $*: failed on a pipe: $(cat got | head -c 200)"
	cmp -s want got || fail "-r $*: the pipe gives other bytes than the file"
	"$MMCAT" -x "${args[@]}" f >want
	cat f | TMPDIR=$BATS_TEST_TMPDIR/missing "$MMCAT" -x "${args[@]}" >got
	cmp -s want got || fail "-x -r $*: the pipe gives another dump than the file"
}

@test "-r on a pipe: ascending ranges, ranges from the end, and both, in one pass" {
	pipe_ranges 0:4 10:12
	pipe_ranges 0:4 4:8 8:9
	pipe_ranges 5+5 100:200 1000+1 -10:
	pipe_ranges -10: -20:-15 -5:
	pipe_ranges 0:4 -100: -3:
	pipe_ranges 100: -3:
	pipe_ranges 100:-50 -60:-55
	pipe_ranges 0:4 588000: 	# the second past the end: an error, below
}

@test "-r on a pipe: a range past the end in one pass is reported, the others printed" {
	run -1 --separate-stderr bash -c 'cat f | TMPDIR=/nonexistent "$MMCAT" -r 0:4 -r 999999: -r -3:'
	assert_equal "$stderr" "mmcat: standard input: offset 999999 is past end of file (size $(file_size f))"
	assert_output "$(head -c 4 f; tail -c 3 f)"
}

@test "-r on a pipe: an order that must go back uses a temporary file, holding only the stretch needed" {
	seq 1000000 >big
	{ slice big 5000000 10; slice big 4000000 10; } >expected
	cat big | "$MMCAT" -r 5000000+10 -r 4000000+10 >got
	assert_same_file expected got
	# TMPDIR missing: this order cannot be served
	run -1 --separate-stderr bash -c 'cat big | TMPDIR=/nonexistent "$MMCAT" -r 5000000+10 -r 4000000+10'
	[[ $stderr == 'mmcat: standard input: cannot copy to a temporary file: '* ]] || fail "$stderr"
	# the copy holds 4000000..5000010 only: nothing is written before it
	command -v strace >/dev/null || skip "strace is needed to see what the copy holds"
	# (LeakSanitizer cannot run under ptrace: an ASan build leaves it off)
	run -0 bash -c 'cat big | ASAN_OPTIONS=detect_leaks=0 TMPDIR=$PWD strace -f -e trace=pwrite64 -o trace "$MMCAT" -r 5000000+10 -r 4000000+10 >/dev/null'
	! grep -q 'pwrite64([0-9]*, .*, [0-3][0-9]\{0,6\})' trace || fail "bytes before 4000000 were copied: $(head -3 trace)"
}

@test "-r on a pipe: 150 random lists of ranges equal the same ranges of the file" {
	local i n k args r a b rc1 rc2
	RANDOM=12345	# the same lists on every run
	head -c 5000 f >g
	for ((i = 0; i < 150; i++)); do
		args=()
		n=$((1 + RANDOM % 4))
		for ((k = 0; k < n; k++)); do
			a=$((RANDOM % 5200)) b=$((RANDOM % 300))
			case $((RANDOM % 6)) in
			0) r="$a:$((a + b))" ;;
			1) r="$a+$b" ;;
			2) r="-$b:" ;;
			3) r="$a:-$b" ;;
			4) r="-$a:-$b" ;;
			5) r="$a:" ;;
			esac
			args+=(-r "$r")
		done
		rc1=0 rc2=0
		"$MMCAT" "${args[@]}" g >want 2>want.err || rc1=$?
		cat g | "$MMCAT" "${args[@]}" >got 2>got.err || rc2=$?
		cmp -s want got || fail "${args[*]}: the pipe gives other bytes than the file"
		((rc1 == rc2)) || fail "${args[*]}: exit $rc2 from the pipe, $rc1 from the file"
	done
}

@test "-L on a pipe: 40 random files x 12 random specs equal the mapped file, --strict too" {
	local i j len n spec a b rc1 rc2 strict
	RANDOM=4242	# the same files and specs on every run
	for ((i = 0; i < 40; i++)); do
		# up to 60 lines of 0-40 bytes, some files without a final newline
		n=$((RANDOM % 60))
		: >r
		for ((j = 0; j < n; j++)); do
			len=$((RANDOM % 40))
			head -c "$len" /dev/zero | tr '\0' "$(printf "\\$(printf %o $((97 + j % 26)))")" >>r
			((RANDOM % 9 == 0 && j == n - 1)) || printf '\n' >>r
		done
		for ((j = 0; j < 12; j++)); do
			a=$((1 + RANDOM % 70)) b=$((1 + RANDOM % 70))
			case $((RANDOM % 9)) in
			0) spec=$a ;; 1) spec=-$a ;; 2) spec=$a: ;; 3) spec=-$a: ;;
			4) spec=:$b ;; 5) spec=$a:+$((b - 1)) ;; 6) spec=-$a:+$((b - 1)) ;;
			7) spec=$a:-$b ;; 8) spec=-$a:$b ;;
			esac
			strict=
			((RANDOM % 3)) || strict=--strict
			rc1=0 rc2=0
			"$MMCAT" $strict -L "$spec" r >want 2>/dev/null || rc1=$?
			cat r | TMPDIR=/nonexistent "$MMCAT" $strict -L "$spec" >got 2>/dev/null || rc2=$?
			cmp -s want got || fail "file $i, -L $spec $strict: the pipe differs ($(wc -c <got) bytes, want $(wc -c <want))"
			((rc1 == rc2)) || fail "file $i, -L $spec $strict: exit $rc2 from the pipe, $rc1 from the file"
		done
	done
}
