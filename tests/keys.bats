#!/usr/bin/env bats
# SPDX-License-Identifier: BSD-2-Clause
# keys.bats - the man page, RECORDS, KEYS AND CHUNKS: --from=KEY and
# --to=KEY.  The oracle is keys_filter below, a line-by-line filter
# written from the manual page's rule in bash, and look(1) on a sorted
# word list; never mmcat.

load helpers/common

setup() {
	cd "$BATS_TEST_TMPDIR"
}

# keys_filter FROM TO <FILE : the lines --from=FROM --to=TO selects, read
# one by one by awk in the C locale, where strings compare as bytes (an
# empty FROM or TO: that option not given).  A line whose first byte is
# of the class of the first byte of FROM (else TO: an ASCII digit, an
# ASCII letter, or else that very byte) starts a record; the record is
# selected when its first len(KEY) bytes compare >= FROM and <= TO; the
# lines after it go with it; the lines before the first record go only
# when FROM is not given.  awk ends every line it prints with a newline:
# a last line without one is printed without it.
keys_filter() {
	local tmp=$BATS_TEST_TMPDIR/keys_filter.in rc=0
	cat >"$tmp"
	LC_ALL=C awk -v from="$1" -v to="$2" '
	function class(c) {
		if (c ~ /^[0-9]$/) return "digit"
		if (c ~ /^[a-zA-Z]$/) return "letter"
		return "byte " c
	}
	BEGIN {
		lead = class(substr(from != "" ? from : to, 1, 1))
		sel = from == ""
	}
	{
		if ($0 != "" && class(substr($0, 1, 1)) == lead)
			sel = (from == "" || substr($0, 1, length(from)) >= from) &&
			    (to == "" || substr($0, 1, length(to)) <= to)
		if (sel) print
		last = sel
	}
	END { exit last ? 3 : 0 }' "$tmp" >"$tmp.out" || rc=$?
	# The last line printed and the input unended: drop awk's newline.
	if ((rc == 3)) && [[ -s $tmp && $(tail -c 1 "$tmp" | od -An -c) != *'\n'* ]]; then
		head -c -1 "$tmp.out"
	else
		cat "$tmp.out"
	fi
}

# key_args FROM TO : the options for them, one a line.
key_args() {
	[[ -z $1 ]] || printf '%s\n' "--from=$1"
	[[ -z $2 ]] || printf '%s\n' "--to=$2"
}

# check_keys FILE PAIR... : for every PAIR "FROM|TO", mmcat on FILE, on
# FILE as a pipe and on FILE as standard input prints what keys_filter
# prints, exits 0 and says nothing; fails once, naming every pair that
# did not.
check_keys() {
	local file=$1 pair from to failed=() rc args
	shift
	for pair in "$@"; do
		from=${pair%%|*}
		to=${pair#*|}
		mapfile -t args < <(key_args "$from" "$to")
		keys_filter "$from" "$to" <"$file" >expected
		rc=0
		"$MMCAT" "${args[@]}" -- "$file" >got 2>err || rc=$?
		((rc == 0)) && [[ ! -s err ]] && cmp -s expected got ||
			failed+=("file '$pair': exit $rc, $(wc -c <got) bytes for $(wc -c <expected): $(head -c 200 err)")
		rc=0
		from_pipe "$file" "$MMCAT" "${args[@]}" >got 2>err || rc=$?
		((rc == 0)) && [[ ! -s err ]] && cmp -s expected got ||
			failed+=("pipe '$pair': exit $rc, $(wc -c <got) bytes for $(wc -c <expected): $(head -c 200 err)")
		rc=0
		"$MMCAT" "${args[@]}" <"$file" >got 2>err || rc=$?
		((rc == 0)) && [[ ! -s err ]] && cmp -s expected got ||
			failed+=("stdin '$pair': exit $rc, $(wc -c <got) bytes for $(wc -c <expected): $(head -c 200 err)")
	done
	if ((${#failed[@]} > 0)); then
		printf '%s\n' "${failed[@]}" |
			batslib_decorate "mmcat --from/--to differs from the line filter on $file" |
			fail
	fi
}

# make_log FILE RECORDS : a sorted time-stamped log from 2026-12-03T08:00,
# a record every few seconds (some in the same second), with lines before
# the first record, indented and letter-led continuation lines (a stack
# trace, a Python traceback, "Caused by:") and empty lines.
make_log() {
	awk -v n="$2" 'BEGIN {
		srand(19)
		print "# log opened"
		print "Started by the test"
		t = 8 * 3600
		for (i = 0; i < n; i++) {
			t += int(rand() * 7)
			printf "2026-12-03T%02d:%02d:%02d.%03d %s message %d\n",
			    int(t / 3600), int(t / 60) % 60, t % 60, i % 1000,
			    (i % 5 ? "INFO" : "ERROR"), i
			k = int(rand() * 10)
			if (k == 0) {
				print "Traceback (most recent call last):"
				print "  File \"app.py\", line 12, in run"
				print "ValueError: bad"
			} else if (k == 1) {
				print "    at app.Main.run(Main.java:42)"
				print "Caused by: java.io.IOException"
				print "\tat app.Io.read(Io.java:7)"
			} else if (k == 2) {
				print ""
			}
		}
	}' >"$1"
}

@test "keys: a time-stamped log with continuation lines, keys before, between, equal to and after its records, as the line filter, on a file, a pipe and standard input" {
	make_log log 3000
	local first last mid
	first=$(grep -m1 '^2' log | cut -c1-23)
	last=$(grep '^2' log | tail -n 1 | cut -c1-23)
	mid=$(grep '^2' log | sed -n 1500p | cut -c1-23)
	check_keys log \
		"2026-12-03T10|2026-12-03T10" "2026-12-03T10|" "|2026-12-03T10" \
		"2026-12-03T09:30|2026-12-03T09:31" "2026-12-03T09:30:00|2026-12-03T09:45:59.9" \
		"$first|" "|$first" "$first|$first" "$last|" "|$last" "$mid|$mid" \
		"${mid:0:19}|${mid:0:19}" "${mid:0:18}5|" "|${mid:0:18}5" \
		"1999|" "|1999" "1999|2000" "2026-12-03T00|2026-12-03T08:00:01" \
		"3000|" "|3000" "2026-12-04|" "2026-12-03T23:59:59.999 INFO and more|" \
		"2026-12-03T11|2026-12-03T10" "2026-12-03T08:0|2026-12-03T08:0" \
		"2|" "|2" "2|2" "0|9"
}

@test "keys: a key led by a letter or by another byte makes those lines the records" {
	printf 'Log\n[1] a\n [x]\n[2] b\nnote\n[3] c\n\n[4] d\n' >bracket.log
	check_keys bracket.log "[2|" "|[2" "[2|[3" "[1] a|[3" "[0|[9" "[5|" "[|["
	printf '1 pre\nalpha\n  one\nbeta\n2 two\ngamma\n' >letters.log
	check_keys letters.log "b|" "|b" "alpha|beta" "a|a" "Z|" "z|" "|A"
}

@test "keys: a last line without its newline, a key longer than the lines, an empty file" {
	printf '2026-12-03 a\n  more\n2026-12-04 b\n  last' >unended.log
	check_keys unended.log "2026-12-04|" "2026-12-03|2026-12-03" \
		"|2026-12-03 a and much more" "2026-12-04 b and much more|"
	: >empty
	check_keys empty "a|" "|a" "a|b"
}

@test "keys: --from=P --to=P equals LC_ALL=C look P on a sorted word list" {
	command -v look >/dev/null || skip "look(1) is not installed (bsdextrautils)"
	awk 'BEGIN { srand(7); for (i = 0; i < 20000; i++) {
		n = 1 + int(rand() * 9); w = ""
		for (j = 0; j < n; j++) w = w substr("abcdeXY", 1 + int(rand() * 7), 1)
		print w } }' | LC_ALL=C sort -u >words
	local p failed=() rc
	for p in a ab abc abcde b Xa XY Y Yz e ee eeeeeeeee f z A aaaaaaaaaa \
		"$(head -n 1 words)" "$(tail -n 1 words)" "$(sed -n 777p words)"; do
		rc=0
		LC_ALL=C look -- "$p" words >expected || rc=$?
		((rc <= 1)) || { fail "look failed on '$p'"; return 1; }
		"$MMCAT" --from="$p" --to="$p" words >got || failed+=("'$p': exit $?")
		cmp -s expected got || failed+=("'$p': $(wc -l <got) lines, look $(wc -l <expected)")
		from_pipe words "$MMCAT" --from="$p" --to="$p" >got || failed+=("pipe '$p': exit $?")
		cmp -s expected got || failed+=("pipe '$p': $(wc -l <got) lines, look $(wc -l <expected)")
		# -z: the same words as NUL-ended records
		tr '\n' '\0' <words >words0
		tr '\n' '\0' <expected >expected0
		"$MMCAT" -z --from="$p" --to="$p" words0 >got || failed+=("-z '$p': exit $?")
		cmp -s expected0 got || failed+=("-z '$p': differs from look's lines ended with NULs")
	done
	((${#failed[@]} == 0)) ||
		printf '%s\n' "${failed[@]}" | batslib_decorate "differs from look" | fail
}

@test "keys: -x dumps the selected lines with their file offsets, as xxd" {
	make_log log 300
	keys_filter 2026-12-03T08:05 2026-12-03T08:09 <log >selected
	local begin
	begin=$(($(grep -b -m1 '^2026-12-03T08:0[5-9]' log | cut -d: -f1)))
	xxd -s "$begin" -l "$(file_size selected)" log >expected
	run mmcat_into got -x --from=2026-12-03T08:05 --to=2026-12-03T08:09 log
	assert_success
	assert_output ''
	assert_same_file expected got
	# On a pipe the addresses are offsets in the stream: the same.
	from_pipe log "$MMCAT" -x --from=2026-12-03T08:05 --to=2026-12-03T08:09 >got
	assert_same_file expected got
}

@test "keys: unsorted near a boundary: the selection, one message, exit 1, from a file and a pipe" {
	printf 'a\nc\nb\nd\n' >unsorted
	tail -n +2 unsorted >expected
	run --separate-stderr mmcat_into got --from=b unsorted
	assert_failure 1
	[[ $stderr == "mmcat: unsorted: input is not sorted near byte 4" ]] ||
		fail "stderr: $stderr"
	assert_same_file expected got
	run --separate-stderr from_pipe unsorted "$MMCAT" --from=b
	assert_failure 1
	[[ $stderr == "mmcat: standard input: input is not sorted near byte 4" ]] ||
		fail "stderr: $stderr"
	[[ $output == "$(cat expected)" ]] || fail "stdout: $output"
}

@test "keys: an empty selection prints nothing and succeeds" {
	printf '2026-12-03 a\n2026-12-05 b\n' >log
	local pair
	for pair in "2026-12-04|2026-12-04" "2027|" "2026-12-06|2026-12-01"; do
		run --separate-stderr mmcat_into got $(key_args "${pair%%|*}" "${pair#*|}") log
		assert_success
		assert_empty_file got
		[[ -z $stderr ]] || fail "'$pair': stderr: $stderr"
	done
}

@test "keys: --from and --to with -L, a byte range, an OFFSET operand or --chunk are usage errors" {
	printf 'a\nb\n' >f
	local opts
	for opts in "-L 1" "-o 1" "-l 1" "-e 1" "-r 0:1"; do
		# shellcheck disable=SC2086
		run -2 --separate-stderr mmcat --from=a $opts f
		assert_output ''
		[[ $stderr == "$(usage_stderr "mmcat: --from and --to cannot be combined with --lines or byte ranges (--offset, --length, --end, --range, an OFFSET operand)")" ]] ||
			fail "with $opts: stderr: $stderr"
	done
	run -2 --separate-stderr mmcat --to=b f 1
	assert_output ''
	[[ $stderr == "$(usage_stderr "mmcat: --from and --to cannot be combined with --lines or byte ranges (--offset, --length, --end, --range, an OFFSET operand)")" ]] ||
		fail "OFFSET operand: stderr: $stderr"
	run -2 --separate-stderr mmcat --chunk=1/2 --to=a f
	assert_output ''
	[[ $stderr == "$(usage_stderr "mmcat: --from and --to cannot be combined with --chunk")" ]] ||
		fail "with --chunk: stderr: $stderr"
	run -2 --separate-stderr mmcat --from= f
	assert_output ''
	[[ $stderr == "$(usage_stderr "mmcat: invalid key '': a key is at least one byte")" ]] ||
		fail "empty key: stderr: $stderr"
}

@test "keys: several files, each searched on its own, printed in order" {
	printf '1 a\n2 b\n3 c\n' >one
	printf '0 x\n2 y\n  y2\n4 z\n' >two
	{ keys_filter 2 3 <one; keys_filter 2 3 <two; } >expected
	run mmcat_into got --from=2 --to=3 one two
	assert_success
	assert_same_file expected got
}

@test "keys: a stream is read only up to the first record past --to" {
	mkfifo fifo
	# The writer holds the FIFO open after the records: mmcat must stop
	# at record 3 without waiting for its end.
	{ printf '1 a\n  a2\n2 b\n3 c\n'; exec sleep 30; } >fifo &
	local writer=$!
	run --separate-stderr timeout 10 "$MMCAT" --to=2 <fifo
	kill "$writer" 2>/dev/null || true
	assert_success
	[[ $output == $'1 a\n  a2\n2 b' ]] || fail "stdout: $output"
	[[ -z $stderr ]] || fail "stderr: $stderr"
}

# --- following ----------------------------------------------------------------------

# grow_log FILE PIECE... : append each PIECE (printf %b) to FILE, a tenth
# of a second apart, so that a follower sees lines arrive in parts.
grow_log() {
	local file=$1 piece
	shift
	for piece; do
		sleep 0.1
		printf '%b' "$piece" >>"$file"
	done
}

@test "keys: -f waits for the records of --from/--to, judges a line once it is whole, exits 0 at the first record past --to (the line filter)" {
	printf '09:58 early\n09:59 still early\n  its trace\n' >log
	grow_log log '10:0' '0 first in\n  trace of it\n10:01 ' 'second\n\n' \
		'10:02 third\n10:0' '3 past\n10:04 later\n' &
	local writer=$!
	run -0 --separate-stderr timeout 20 "$MMCAT" -f -s 0.1 --from=10:00 --to=10:02 log
	wait "$writer"
	keys_filter 10:00 10:02 <log >expected
	printf '%s\n' "$output" >got
	assert_same_file expected got
	assert_equal "$stderr" ''
}

@test "keys: -f --from alone goes on printing what is appended once its first record has come (--pid; the line filter)" {
	printf '09:00 a\n09:30 b\n' >log
	grow_log log '09:59 c\n1' '0:00 d\n  more of d\n' '10:30 e\n11:' '00 f' &
	local writer=$!
	run -0 --separate-stderr timeout 20 "$MMCAT" -f -s 0.1 --pid="$writer" --from=10 log
	keys_filter 10 '' <log >expected
	printf '%s' "$output" >got
	[[ $(tail -c 1 log) == $'\n' ]] && printf '\n' >>got
	assert_same_file expected got
	assert_equal "$stderr" ''
}

@test "keys: -f -z: NUL-ended records, as the line filter on the same records ended by newlines" {
	printf 'apple\0banana\0' >w
	grow_log w 'cherry\0da' 'te\0fig\0' &
	local writer=$!
	run -0 --separate-stderr bash -c 'timeout 20 "$1" -z -f -s 0.1 --from=c --to=e w >got' \
		_ "$MMCAT"
	wait "$writer"
	tr '\0' '\n' <w | keys_filter c e | tr '\n' '\0' >expected
	assert_same_file expected got
	assert_equal "$stderr" ''
}

@test "keys: -f, unsorted near the boundary found at the start: the same message, the follow goes on, exit 1 at its end" {
	printf 'a\nc\nb\nd\n' >unsorted
	sleep 0.3 &
	local writer=$!
	grow_log unsorted 'e\n' &
	run --separate-stderr bash -c 'timeout 20 "$1" -f -s 0.1 --pid="$2" --from=b unsorted >got' \
		_ "$MMCAT" "$writer"
	assert_failure 1
	assert_equal "$stderr" "mmcat: unsorted: input is not sorted near byte 4"
	tail -n +2 unsorted >expected
	assert_same_file expected got
}
