#!/usr/bin/env bats
# SPDX-License-Identifier: BSD-2-Clause
# stdin.bats - standard input is shared with the next command of a script.
# The man page, "Streams" and "Standard input": a seekable standard input
# is left just past the last byte printed, as dd and head leave it; a pipe
# or terminal is not read past a range whose end is known; a seekable
# input that cannot be mapped is positioned, not read through.  Oracles:
# head, dd, sed, tail and xxd, side by side on the same bytes.

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

@test "stdin position: -L selecting no line leaves it at the end, as sed -n 7p does" {
	seq 5 >s5
	{ sed -n 7p; head -c 4; } <s5 >expected
	for spec in 7 3:-10 -10:-8; do
		bash -c '"$MMCAT" -L "$1"; head -c 4' _ "$spec" <s5 >out
		cmp -s expected out || fail "-L $spec: the next reader got '$(<out)'"
	done
}

# --- a seekable stream (a /proc file) keeps its place as a regular file does ---
# Its bytes are read, not mapped, but the position rules are the same: the
# expected position is told by head, tail and sed on a regular copy.

@test "seekable stream: -L past the last line leaves it at the end, as sed does" {
	local past
	past=$(($(wc -l </proc/filesystems) + 10))
	{ sed -n "${past}p"; head -c 8; } </proc/filesystems >expected
	bash -c '"$MMCAT" -L "$1"; head -c 8' _ "$past" </proc/filesystems >out
	assert_same_file expected out
}

@test "seekable stream: -r ranges leave it past the last range printed, in the order given" {
	cat /proc/filesystems >copy
	bash -c '"$MMCAT" -r 10:12 -r 0:3; head -c 8' </proc/filesystems >out
	{ slice copy 10 2; slice copy 0 3; tail -c +4 copy | head -c 8; } >expected
	assert_same_file expected out
}

@test "seekable stream: a failed range leaves it where it was (the man page, CAVEATS)" {
	local args
	cat /proc/filesystems >copy
	{ echo 'exit 1'; slice copy 5 8; } >expected
	for args in '-o 100000' '--strict -l 100000' '--strict -L 100000' \
		'--strict -r 0:3 -r 0:100000'; do
		bash -c 'head -c 5 >/dev/null; "$MMCAT" $1 2>/dev/null; echo "exit $?"; head -c 8' \
			_ "$args" </proc/filesystems >out
		cmp -s expected out || fail "$args: the next reader got '$(<out)'"
	done
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

@test "character device: several far ranges are each reached by lseek (dd skip=)" {
	run -0 timeout 10 bash -c '"$MMCAT" -r 1T+4 -r 2T+4 -r 3T+8 /dev/zero | od -An -tx1'
	assert_output "$(head -c 16 /dev/zero | od -An -tx1)"
}

# start_sleeper : SLEEPER becomes the pid of a sleep whose memory map is
# its own (the caller kills it).
start_sleeper() {
	sleep 60 &
	SLEEPER=$!
	# until it has become sleep, its memory map is that of the shell
	while [[ $(cat "/proc/$SLEEPER/comm" 2>/dev/null) != sleep ]]; do sleep 0.01; done
}

@test "/proc/PID/mem: a mapped address is read after lseek, as xxd -s does" {
	local addr
	start_sleeper
	addr=$(awk 'NR == 1 { split($1, a, "-"); print a[1]; exit }' "/proc/$SLEEPER/maps")
	run -0 --separate-stderr "$MMCAT" -x "/proc/$SLEEPER/mem" "0x$addr" 16
	expected=$(xxd -s "0x$addr" -l 16 "/proc/$SLEEPER/mem")
	kill "$SLEEPER"
	assert_output "$expected"
}

@test "/proc/PID/mem: several ranges, across an unmapped hole, are each reached by lseek (dd, xxd)" {
	local a b mem
	start_sleeper
	mem=/proc/$SLEEPER/mem
	# the first mapping, and the first readable one after a hole
	read -r a b < <(awk '{ split($1, r, "-") }
		NR == 1 { first = r[1] }
		NR > 1 && r[1] != last && $2 ~ /^r/ { print first, r[1]; exit }
		{ last = r[2] }' "/proc/$SLEEPER/maps")
	[[ -n $b ]] || fail "no readable mapping after a hole: $(cat "/proc/$SLEEPER/maps")"
	a=$((16#$a)) b=$((16#$b))
	run -0 mmcat_into out -r $a+4 -r $((a + 4))+4 -r $b+8 "$mem"
	{ slice "$mem" $a 8; slice "$mem" $b 8; } >expected
	assert_same_file expected out
	run -0 --separate-stderr "$MMCAT" -x -r $a+4 -r $((a + 4))+4 -r $b+8 "$mem"
	expected=$(xxd -s $a -l 4 "$mem"; xxd -s $((a + 4)) -l 4 "$mem"; xxd -s $b -l 8 "$mem")
	kill "$SLEEPER"
	assert_output "$expected"
}

@test "-v on a seekable stdin at a position: one base, the file's offsets" {
	local P
	P=$(getconf PAGESIZE)
	head -c $((2 * P)) f >g
	# 10 bytes from 4 before the first page edge: across it, so mapped (a
	# range inside one page is read, and -v names no offset for it).
	run -0 --separate-stderr bash -c "{ head -c 78 >/dev/null; MMCAT_COPY=write \"\$MMCAT\" -v - $((P - 82)) 10 >out; } <g"
	[[ $stderr == *"bytes $((P - 4))-$((P + 6)) of $((2 * P)), standard input starting at 78: "* ]] || fail "$stderr"
	[[ $stderr == *"offset $((P - 4)) aligned down to 0,"* ]] || fail "$stderr"
	assert_equal "$(<out)" "$(slice g $((P - 4)) 10)"
}

@test "-v -L on a seekable stdin at a position: the lines' bytes are file offsets, as the range's" {
	# The man page, -v: the line -L adds names "the bytes the lines were
	# found at" (its words before them may change: only the bytes are
	# checked); with the input 5 bytes in, those are file offsets, as in
	# the line that follows ("standard input starting at 5").
	local spec first len begin
	for spec in 2 -2: 3:4; do
		# the lines of what follows byte 5, by tail -c, sed and wc
		tail -c +6 f >rest
		expected_lines rest "$(line_count rest)" "$spec" >expected
		case $spec in
		-*) first=$(($(file_size rest) - $(file_size expected))) ;;
		*) first=$(head -n $((${spec%%:*} - 1)) rest | wc -c) ;;
		esac
		begin=$((5 + first)) len=$(file_size expected)
		run -0 --separate-stderr bash -c '{ head -c 5 >/dev/null; "$MMCAT" -v -L "$1" >out; } <f' _ "$spec"
		assert_same_file expected out
		[[ ${stderr_lines[0]} == "mmcat: standard input: "*" bytes $begin-$((begin + len))" ]] ||
			fail "-L $spec: not bytes $begin-$((begin + len)): ${stderr_lines[0]}"
		[[ ${stderr_lines[1]} == "mmcat: standard input: bytes $begin-$((begin + len)) of $(file_size f), standard input starting at 5: "* ]] ||
			fail "-L $spec: ${stderr_lines[1]}"
	done
}

@test "-x on a seekable stdin at a position: addresses are file offsets, as xxd -s +N prints them" {
	printf 'abcdefghijklmnopqrstuvwxyz' >alpha
	bash -c 'head -c 5 >/dev/null; "$MMCAT" -x -o 2 -l 8' <alpha >out
	bash -c 'head -c 5 >/dev/null; xxd -s +2 -l 8' <alpha >expected
	assert_same_file expected out
}

@test "-x on a seekable stream at a position (a /proc file): file offsets, one pass or a copy" {
	cat /proc/filesystems >copy
	bash -c 'head -c 5 >/dev/null; "$MMCAT" -x -o 2 -l 8' </proc/filesystems >out
	bash -c 'head -c 5 >/dev/null; xxd -s +2 -l 8' </proc/filesystems >expected
	assert_same_file expected out
	bash -c 'head -c 5 >/dev/null; "$MMCAT" -x -r 10:12 -r 0:3' </proc/filesystems >out
	{ xxd -s 15 -l 2 copy; xxd -s 5 -l 3 copy; } >expected
	assert_same_file expected out
}

@test "-v on a seekable stream at a position (a /proc file): file offsets" {
	cat /proc/filesystems >copy
	# a known end: the stream is read up to byte 10, no further
	run -0 --separate-stderr bash -c 'head -c 5 >/dev/null; "$MMCAT" -v -o 2 -l 3 >/dev/null' </proc/filesystems
	[[ $stderr == *"bytes 7-10 of 10 read, standard input starting at 5: read(2) stream ("* ]] || fail "$stderr"
	run -0 --separate-stderr bash -c 'head -c 5 >/dev/null; "$MMCAT" -v -L 1 >/dev/null' </proc/filesystems
	[[ $stderr == *" bytes 5-$((5 + $(tail -c +6 copy | head -n 1 | wc -c))) of "*", standard input starting at 5: read(2) stream ("* ]] || fail "$stderr"
}

# --- -L on a stream: one pass, no temporary file -----------------------------------

# lines_exist TOTAL SPEC : true when every line SPEC names lies within
# lines 1..TOTAL, which is what --strict asks of -L (the man page, LINE
# RANGES): N..M with negatives resolved against TOTAL, N:+K is N..N+K, an
# M before N names line N alone, no N is line 1 and no M the last line.
lines_exist() {
	local total=$1 spec=$2 first last abs
	first=${spec%%:*}
	if [[ $spec == *:* ]]; then
		last=${spec#*:}
	else
		last=$first
	fi
	absolute_line "$total" "${first:-1}"
	first=$abs
	case $last in
	'') last=$total ;;
	+*) last=$((first + ${last#+})) ;;
	*)
		absolute_line "$total" "$last"
		last=$abs
		((last < 1 || last >= first)) || last=$first
		;;
	esac
	((first >= 1 && first <= total && last >= 1 && last <= total))
}

# lines_begin FILE TOTAL SPEC : sets $begin to the offset in FILE of the
# first line `-L SPEC` selects (of no use when it selects none).
lines_begin() {
	local first=${3%%:*} abs
	absolute_line "$2" "${first:-1}"
	((abs >= 1)) || abs=1
	begin=$(head -n $((abs - 1)) -- "$1" | wc -c)
}

# stream_specs FILE SPEC... : for each SPEC, mmcat -L SPEC reading FILE
# through a pipe, with TMPDIR missing, prints what sed, tail and head
# print (expected_lines), with and without --strict, which refuses a spec
# naming a line FILE lacks with its message, exit 1 and nothing printed;
# and -x -L SPEC prints xxd's dump of those bytes at their offset in FILE.
# Fails once, naming every case that went wrong.
stream_specs() {
	local file=$1 spec strict total rc want_rc begin failed=()
	shift
	total=$(line_count "$file")
	export TMPDIR=$BATS_TEST_TMPDIR/missing
	for spec in "$@"; do
		expected_lines "$file" "$total" "$spec" >lines
		for strict in '' --strict; do
			cp lines want
			: >want.err
			if [[ -n $strict ]] && ! lines_exist "$total" "$spec"; then
				: >want
				printf 'mmcat: standard input: lines %s ask for lines the file does not have and --strict is set\n' \
					"$spec" >want.err
			fi
			want_rc=0
			[[ ! -s want.err ]] || want_rc=1
			rc=0
			cat "$file" | "$MMCAT" $strict -L "$spec" >got 2>got.err || rc=$?
			cmp -s want got ||
				failed+=("-L $spec $strict: $(wc -c <got) bytes, sed/tail print $(wc -c <want)")
			((rc == want_rc)) && cmp -s want.err got.err ||
				failed+=("-L $spec $strict: exit $rc (want $want_rc), stderr: $(<got.err)")
		done
		lines_begin "$file" "$total" "$spec"
		xxd -s "$begin" -l "$(file_size lines)" "$file" >want
		rc=0
		cat "$file" | "$MMCAT" -x -L "$spec" >got 2>got.err || rc=$?
		((rc == 0)) && cmp -s want got && [[ ! -s got.err ]] ||
			failed+=("-x -L $spec: exit $rc, not xxd -s $begin -l $(file_size lines): $(diff want got | head -n 3) $(<got.err)")
	done
	if ((${#failed[@]} > 0)); then
		printf '%s\n' "${failed[@]}" |
			batslib_decorate "-L on a pipe of $file ($total lines) differs from sed/tail/xxd" | fail
	fi
}

@test "-L on a pipe: every spec form, with and without --strict, equals sed, tail and xxd" {
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

# resolve_range SIZE SPEC : sets from and to, the bytes [from, to) that
# `-r SPEC` names in SIZE bytes, as the man page's RANGES and RANGE SPECS
# resolve it without --strict (SPEC in plain decimal numbers); returns 1
# when its offset lies past the end, an error.
resolve_range() {
	local size=$1 spec=$2 start end
	if [[ $spec == *:* ]]; then
		start=${spec%%:*} end=${spec#*:}
	else
		start=${spec%+*} end=${spec##*+}
	fi
	case $start in
	'') from=0 ;;
	-*) from=$((size + start)); ((from >= 0)) || from=0 ;;
	*) from=$start ;;
	esac
	((from <= size)) || return 1
	if [[ $spec == *:* ]]; then	# start:end
		case $end in
		'') to=$size ;;
		-*) to=$((size + end)) ;;
		*) to=$end ;;
		esac
	else				# start+length
		case $end in
		-*) to=$((size + end)) ;;
		*) to=$((from + end)) ;;
		esac
	fi
	((to <= size)) || to=$size
	((to >= from)) || to=$from
}

# range_oracle FILE SPEC... : writes to ./want what `mmcat -r SPEC...`
# prints with FILE on standard input, by dd, and to ./want.err the message
# for each range past the end; sets $want_rc to the exit status.
range_oracle() {
	local file=$1 size spec from to
	shift
	size=$(file_size "$file")
	: >want
	: >want.err
	want_rc=0
	for spec; do
		if ! resolve_range "$size" "$spec"; then
			printf 'mmcat: standard input: offset %s is past end of file (size %s)\n' \
				"$from" "$size" >>want.err
			want_rc=1
			continue
		fi
		slice "$file" "$from" $((to - from)) >>want
	done
}

# range_dumps FILE SPEC... : writes to ./want.x what `mmcat -x -r SPEC...`
# prints with FILE on standard input: xxd's dump of each range.
range_dumps() {
	local file=$1 size spec from to
	shift
	size=$(file_size "$file")
	for spec; do
		resolve_range "$size" "$spec" || continue
		xxd -s "$from" -l $((to - from)) "$file"
	done >want.x
}

# pipe_ranges RANGE... : mmcat -r RANGE... reading f through a pipe, with
# TMPDIR missing (so no temporary file can be made), prints the bytes dd
# takes from f, and with -x xxd's dumps of them.
pipe_ranges() {
	local args=() r
	for r in "$@"; do args+=(-r "$r"); done
	range_oracle f "$@"
	range_dumps f "$@"
	cat f | TMPDIR=$BATS_TEST_TMPDIR/missing "$MMCAT" "${args[@]}" >got ||
		fail "-r $*: failed on a pipe: $(cat got | head -c 200)"
	cmp -s want got || fail "-r $*: the pipe gives other bytes than dd"
	cat f | TMPDIR=$BATS_TEST_TMPDIR/missing "$MMCAT" -x "${args[@]}" >got ||
		fail "-x -r $*: failed on a pipe"
	cmp -s want.x got || fail "-x -r $*: the pipe gives another dump than xxd"
}

@test "-r on a pipe: ascending ranges, ranges from the end, and both, in one pass" {
	pipe_ranges 0:4 10:12
	pipe_ranges 0:4 4:8 8:9
	pipe_ranges 5+5 100:200 1000+1 -10:
	pipe_ranges -10: -20:-15 -5:
	pipe_ranges 0:4 -100: -3:
	pipe_ranges 100: -3:
	pipe_ranges 100:-50 -60:-55
	pipe_ranges 0:4 588000: 	# the last 895 bytes (past the end: below)
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

@test "-r on a pipe: 150 random lists of ranges equal dd's bytes, with a message for each past the end" {
	local i n k args specs r a b rc failed=()
	RANDOM=12345	# the same lists on every run
	head -c 5000 f >g
	for ((i = 0; i < 150; i++)); do
		args=() specs=()
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
			args+=(-r "$r") specs+=("$r")
		done
		range_oracle g "${specs[@]}"
		rc=0
		cat g | "$MMCAT" "${args[@]}" >got 2>got.err || rc=$?
		cmp -s want got ||
			failed+=("${args[*]}: $(wc -c <got) bytes, dd takes $(wc -c <want)")
		((rc == want_rc)) && cmp -s want.err got.err ||
			failed+=("${args[*]}: exit $rc (want $want_rc), stderr: $(<got.err)")
	done
	if ((${#failed[@]} > 0)); then
		printf '%s\n' "${failed[@]}" |
			batslib_decorate '-r lists on a pipe that differ from dd' | fail
	fi
}

@test "-L on a pipe: 40 random files x 12 random specs equal sed and tail, --strict too" {
	local i j len n spec a b rc want_rc strict total failed=()
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
		total=$(line_count r)
		for ((j = 0; j < 12; j++)); do
			a=$((1 + RANDOM % 70)) b=$((1 + RANDOM % 70))
			case $((RANDOM % 9)) in
			0) spec=$a ;; 1) spec=-$a ;; 2) spec=$a: ;; 3) spec=-$a: ;;
			4) spec=:$b ;; 5) spec=$a:+$((b - 1)) ;; 6) spec=-$a:+$((b - 1)) ;;
			7) spec=$a:-$b ;; 8) spec=-$a:$b ;;
			esac
			strict=
			((RANDOM % 3)) || strict=--strict
			want_rc=0
			expected_lines r "$total" "$spec" >want
			if [[ -n $strict ]] && ! lines_exist "$total" "$spec"; then
				want_rc=1
				: >want
			fi
			rc=0
			cat r | TMPDIR=/nonexistent "$MMCAT" $strict -L "$spec" >got 2>/dev/null || rc=$?
			cmp -s want got ||
				failed+=("file $i ($total lines), -L $spec $strict: $(wc -c <got) bytes, sed/tail print $(wc -c <want)")
			((rc == want_rc)) ||
				failed+=("file $i ($total lines), -L $spec $strict: exit $rc, want $want_rc")
		done
	done
	if ((${#failed[@]} > 0)); then
		printf '%s\n' "${failed[@]}" |
			batslib_decorate '-L on a pipe: specs that differ from sed and tail' | fail
	fi
}
