#!/usr/bin/env bats
# SPDX-License-Identifier: BSD-2-Clause
# lines.bats - the man page, LINE RANGES: -L/--lines.  Every expected byte
# stream comes from sed -n 'N,Mp', tail -n K or head -n, never from mmcat.
# Negative line numbers are turned into absolute ones with the line count
# (awk's NR, which counts a last line without newline) as the oracle's input
# (expected_lines, in helpers/common.bash).

load helpers/common

setup() {
	cd "$BATS_TEST_TMPDIR"
	printf 'one\ntwo\nthree\n' >three.txt
}

# check_specs FILE SPEC... : mmcat -L SPEC FILE (with the caller's
# environment, e.g. MMCAT_WINDOW) equals the oracle, exits 0 and says
# nothing, for every SPEC the oracle defines; fails once, naming every spec
# that did not.  The outputs are gathered, each after a marker line, and
# compared with one cmp: processes are what these loops cost.
check_specs() {
	local file=$1 total spec rc failed=() checked=0
	shift
	total=$(line_count "$file")
	: >all.expected
	: >all.got
	: >all.err
	for spec in "$@"; do
		printf '\n@@ %s\n' "$spec" >>all.expected
		rc=0
		expected_lines "$file" "$total" "$spec" >>all.expected || rc=$?
		printf '\n@@ %s\n' "$spec" >>all.got
		((rc == 0)) || { fail "oracle failed for '$spec'"; return 1; }
		checked=$((checked + 1))
		"$MMCAT" -L "$spec" -- "$file" >>all.got 2>>all.err || rc=$?
		((rc == 0)) || failed+=("'$spec': exit $rc")
	done
	((checked > 0)) || { fail "no spec checked"; return 1; }
	if ! cmp -s all.expected all.got; then
		# Which ones?  Redo them one by one.
		for spec in "$@"; do
			expected_lines "$file" "$total" "$spec" >expected || continue
			"$MMCAT" -L "$spec" -- "$file" >got 2>/dev/null
			cmp -s expected got ||
				failed+=("'$spec': $(wc -c <got) bytes, expected $(wc -c <expected)")
		done
	fi
	[[ ! -s all.err ]] || failed+=("stderr: $(head -c 300 all.err)")
	if ((${#failed[@]} > 0)); then
		printf '%s\n' "${failed[@]}" |
			batslib_decorate "mmcat -L differs from sed/tail on $file ($total lines, $(file_size "$file") bytes)" |
			fail
	fi
}

# The specs every small fixture is checked with: every form, near the ends.
# (-K:M with a positive M has its own test below.)
SMALL_SPECS=(1 2 5 1: 2: :2 :9 2:3 3:1 1:+0 2:+1 -1 -2 -9 -1: -2: -9: -2:+1
	1:-1 -3:-2 2:-1 -9:-1 -9:+0 -9:-9 -9:+7 -9:+8 -9:+20 2:-9)

# mk_lines FILE LEN... : FILE gets one line per LEN, each LEN bytes long
# counting its newline ('x' filler; LEN 1 is an empty line).
mk_lines() {
	local file=$1 len
	shift
	: >"$file"
	for len in "$@"; do
		head -c $((len - 1)) /dev/zero | tr '\0' x >>"$file"
		printf '\n' >>"$file"
	done
}

# mk_random_lines FILE COUNT SEED : COUNT lines of random printable text,
# lengths 0-149, one in ten empty, one in twenty ending in CR (CRLF).
mk_random_lines() {
	awk -v n="$2" -v seed="$3" 'BEGIN {
		srand(seed)
		for (i = 1; i <= n; i++) {
			s = ""
			len = rand() < 0.1 ? 0 : int(rand() * 150)
			for (j = 0; j < len; j++)
				s = s sprintf("%c", 32 + int(rand() * 95))
			if (rand() < 0.05)
				s = s "\r"
			printf "%s\n", s
		}
	}' >"$1"
}

# --- small files against sed and tail -----------------------------------------

@test "lines: a file ending in a newline equals sed -n / tail -n for every spec form" {
	printf 'alpha\nbeta\n\ngamma\ndelta\n' >f
	check_specs f "${SMALL_SPECS[@]}"
}

@test "lines: a last line without newline is a line (sed and tail print it bare)" {
	printf 'alpha\nbeta\n\ngamma\ndelta' >f
	check_specs f "${SMALL_SPECS[@]}"
}

@test "lines: empty lines count as lines" {
	printf '\n\nx\n\n\n' >f
	check_specs f "${SMALL_SPECS[@]}"
}

@test "lines: CRLF lines are bytes like any other, CR kept" {
	printf 'a\r\nbb\r\n\r\nccc\r\nlast\r' >f
	check_specs f "${SMALL_SPECS[@]}"
	# And the CR really is in the output (sed keeps it too).
	run -0 mmcat_into out -L 2 f
	printf 'bb\r\n' >expected
	assert_same_file expected out
}

@test "lines: a file that is just a newline is one empty line" {
	printf '\n' >f
	check_specs f "${SMALL_SPECS[@]}"
	run -0 mmcat_into out -L -1: f
	assert_same_file f out
}

@test "lines: a one-line file, with and without its newline" {
	printf 'only line\n' >nl
	printf 'only line' >bare
	check_specs nl "${SMALL_SPECS[@]}"
	check_specs bare "${SMALL_SPECS[@]}"
}

@test "lines: an empty file prints nothing for any spec, exit 0" {
	: >empty
	check_specs empty 1 1: :1 1:5 -1 -1: -5: 3:+2 2:
	run -0 mmcat_into out -L -1: empty
	assert_output ''
	[[ ! -s out ]] || fail "output not empty"
}

@test "lines: a single huge line without newline (3 MiB), one and several windows" {
	head -c 2400000 /dev/urandom | base64 -w0 >huge
	[[ $(file_size huge) -gt 3000000 && $(line_count huge) -eq 1 ]]
	check_specs huge 1 1: :1 -1 -1: 1:+3 2 -2 -2:
	MMCAT_WINDOW=65536 check_specs huge 1 1: -1 -1: 2:
	# huge lines around it: the scan crosses many windows without a newline
	{ printf 'first\n'; cat huge; printf '\n'; cat huge; printf '\nlast\n'; } >g
	MMCAT_WINDOW=65536 check_specs g 1 2 3 4 5 3: -1 -2 -3 -4: 2:+1 1:-2
}

# --- the spec forms, one by one, against their named oracle -------------------

@test "lines: N:M equals sed -n 'N,Mp'" {
	mk_random_lines f 200 1
	sed -n '17,42p' f >expected
	run -0 mmcat_into out -L 17:42 f
	assert_output ''
	assert_same_file expected out
}

@test "lines: N: equals sed -n 'N,\$p' and tail -n +N" {
	mk_random_lines f 200 2
	tail -n +150 f >expected
	run -0 mmcat_into out -L 150: f
	assert_output ''
	assert_same_file expected out
}

@test "lines: :M equals head -n M" {
	mk_random_lines f 200 3
	head -n 33 f >expected
	run -0 mmcat_into out --lines=:33 f
	assert_output ''
	assert_same_file expected out
}

@test "lines: N alone is one line, sed -n 'Np'" {
	mk_random_lines f 200 4
	sed -n '100p' f >expected
	run -0 mmcat_into out -L 100 f
	assert_output ''
	assert_same_file expected out
}

@test "lines: N:+K equals sed -n 'N,N+Kp' (K+1 lines)" {
	mk_random_lines f 200 5
	sed -n '10,15p' f >expected
	run -0 mmcat_into out -L 10:+5 f
	assert_output ''
	assert_same_file expected out
	[[ $(wc -l <out) -eq 6 ]]
}

@test "lines: M < N prints line N only, as sed does" {
	mk_random_lines f 200 6
	sed -n '50,7p' f >expected
	[[ $(wc -l <expected) -eq 1 ]]
	run -0 mmcat_into out -L 50:7 f
	assert_output ''
	assert_same_file expected out
}

@test "lines: N past the last line prints nothing and exits 0" {
	run -0 mmcat_into out -L 4: three.txt
	assert_output ''
	[[ ! -s out ]] || fail "printed $(wc -c <out) bytes"
	run -0 mmcat_into out -L 1000000:2000000 three.txt
	[[ ! -s out ]] || fail "printed $(wc -c <out) bytes"
}

@test "lines: -K: equals tail -n K, and K larger than the file is the whole file" {
	mk_random_lines f 200 7
	tail -n 25 f >expected
	run -0 mmcat_into out -L -25: f
	assert_output ''
	assert_same_file expected out
	run -0 mmcat_into out -L -5000: f
	assert_same_file f out
}

@test "lines: -1 is the last line, -K is one line" {
	printf 'a\nb\nc\nd' >f
	run -0 mmcat_into out -L -1 f
	printf 'd' >expected
	assert_same_file expected out
	run -0 mmcat_into out -L -3 f
	printf 'b\n' >expected
	assert_same_file expected out
}

@test "lines: -K:+J equals tail -n K | head -n J+1" {
	mk_random_lines f 200 8
	tail -n 30 f | head -n 4 >expected
	run -0 mmcat_into out -L -30:+3 f
	assert_output ''
	assert_same_file expected out
}

@test "lines: -K:M with a positive M is absolute line M, as sed -n 'N,Mp'" {
	printf 'l1\nl2\nl3\nl4\nl5\n' >f
	# -2 is line 4: 4:5 prints lines 4-5, 4:1 prints line 4 (M < N)
	sed -n '4,5p' f >expected
	run -0 mmcat_into out -L -2:5 f
	assert_same_file expected out
	sed -n '4,1p' f >expected
	run -0 mmcat_into out -L -2:1 f
	assert_same_file expected out
	# -9 reaches before line 1: clamped to 1 as -9: is, then up to line 2
	sed -n '1,2p' f >expected
	run -0 mmcat_into out -L -9:2 f
	assert_same_file expected out
}

@test "lines: :-2 (up to the second-to-last line) equals head -n -1" {
	mk_random_lines f 200 9
	head -n -1 f >expected
	run -0 mmcat_into out -L :-2 f
	assert_output ''
	assert_same_file expected out
}

@test "lines: negative M, 1:-2 and -3:-2, are sed ranges of absolute lines" {
	mk_random_lines f 200 10
	sed -n '1,199p' f >expected
	run -0 mmcat_into out -L 1:-2 f
	assert_same_file expected out
	sed -n '198,199p' f >expected
	run -0 mmcat_into out -L -3:-2 f
	assert_same_file expected out
}

# --- many specs on a big random file --------------------------------------------

@test "lines: thousands of random-length lines, many specs, with and without a final newline" {
	local seed=$RANDOM n specs=()
	mk_random_lines full 3000 "$seed"
	head -c -1 full >bare
	for n in 1 2 1500 2999 3000 3001; do
		specs+=("$n" "$n:" "$n:+7" "$n:1500")
	done
	for n in 1 2 500 2999 3000 3001; do
		specs+=("-$n" "-$n:" "-$n:-1" "-$n:+2")
	done
	specs+=(1:-2 1:-3000 -3:-2 5:-100 -100:-1 -3000:-3000 2999:-1 :-2
		:-2999 100:50 -10:-20 10000 10000: -9999 -9999: 2:+5000 :1500
		2999:+0 3000:3001)
	check_specs full "${specs[@]}" || fail "seed $seed"
	check_specs bare "${specs[@]}" || fail "seed $seed"
}

# --- window edges ---------------------------------------------------------------

@test "lines: MMCAT_WINDOW=page: newlines on the last and first byte of windows" {
	local page n specs=()
	page=$(getconf PAGESIZE)
	# Line ends (offset of each newline): page-1 (last byte of window 0),
	# page (first byte of window 1), 2page-1, 2page, 3page-1, 3page+1,
	# then a line spanning two whole windows with no newline in them.
	mk_lines f "$page" 1 $((page - 1)) 1 $((page - 1)) 2 $((2 * page + 5)) \
		3 "$page" 1
	[[ $(head -c "$page" f | tail -c 1) == '' ]]	# byte page-1 is '\n'
	for n in 1 2 3 4 5 6 7 8 9 10 11; do
		specs+=("$n" "$n:" "-$n" "-$n:")
	done
	MMCAT_WINDOW=$page check_specs f "${specs[@]}" 1:-2 -3:-2
	head -c -1 f >bare	# the same without the last newline
	MMCAT_WINDOW=$page check_specs bare "${specs[@]}" 1:-2 -3:-2
	if ((page != 4096)); then
		MMCAT_WINDOW=4096 check_specs f "${specs[@]}"
	fi
}

@test "lines: MMCAT_WINDOW=4096 over thousands of random lines equals sed and tail" {
	local seed=$RANDOM
	mk_random_lines f 3000 "$seed"
	MMCAT_WINDOW=4096 check_specs f 1 2 700 701 1500: 2999: -1 -2 -700: \
		-2999: -3000: 10:+100 -1500:+1000 1:-2 -200:-100 ||
		fail "seed $seed"
}

# --- inputs -------------------------------------------------------------------

@test "lines: standard input as a pipe is read once, with no temporary file; output equals sed" {
	local tmp=$BATS_TEST_TMPDIR/missing
	# a wrapper (valgrind) needs a TMPDIR of its own: under it, -v alone tells
	[[ $MMCAT == "${MMCAT_REAL:-$MMCAT}" ]] || tmp=$BATS_TEST_TMPDIR
	mk_random_lines f 500 11
	sed -n '100,120p' f >expected
	TMPDIR=$tmp run -0 --separate-stderr mmcat_into out -L 100:120 < <(cat f)
	assert_same_file expected out
	tail -n 7 f >expected
	cat f | TMPDIR=$tmp mmcat_into out -v -L -7: - 2>err
	assert_same_file expected out
	grep -q 'read(2) stream (pipe)' err || fail "-v does not say the pipe was streamed: $(<err)"
	! grep -q 'temporary file' err || fail "-v says a temporary file was used: $(<err)"
}

# verbose_bytes FILE FIRST COUNT : "A-B", the bytes of lines FIRST to
# FIRST+COUNT-1 of FILE, by head and sed.
verbose_bytes() {
	local begin length
	begin=$(head -n "$(($2 - 1))" -- "$1" | wc -c)
	length=$(sed -n "$2,$(($2 + $3 - 1))p" -- "$1" | wc -c)
	printf '%s-%s' "$begin" "$((begin + length))"
}

@test "lines: -v names the spec and the bytes it selects, worded right for every spec" {
	local row spec first count
	for row in '1 1 1' '2 2 1' '-1 3 1' '-2: 2 2' '1:+1 1 2' ':2 1 2'; do
		read -r spec first count <<<"$row"
		run -0 --separate-stderr mmcat_into out -v -L "$spec" three.txt
		assert_equal "${stderr_lines[0]}" \
			"mmcat: three.txt: -L $spec selects bytes $(verbose_bytes three.txt "$first" "$count")"
		# a stream: the same words, then what was read
		run -0 --separate-stderr from_pipe three.txt mmcat -v -L "$spec"
		assert_equal "${stderr_lines[0]%% of *}" \
			"mmcat: standard input: -L $spec selects bytes $(verbose_bytes three.txt "$first" "$count")"
		assert_regex "${stderr_lines[0]#* of }" \
			'^[0-9]+ line\(s\) read: read\(2\) stream \(pipe\)$'
	done
}

@test "lines: standard input as a regular file equals sed" {
	mk_random_lines f 500 12
	sed -n '3,4p' f >expected
	run -0 mmcat_into out -L 3:4 <f
	assert_output ''
	assert_same_file expected out
	tail -n 2 f >expected
	run -0 mmcat_into out -L -2: - <f
	assert_same_file expected out
}

@test "lines: a seekable standard input counts lines from its current position" {
	printf 'one\ntwo\nthree\nfour\n' >f
	# bash's read on a regular file seeks back to just after the newline
	{ read -r _ && mmcat_into out -L 1:2; } <f
	printf 'two\nthree\n' >expected
	assert_same_file expected out
}

@test "lines: several files each get the same line range" {
	printf 'a1\na2\na3\na4\n' >a
	printf 'b1\nb2' >b
	printf 'c1\nc2\nc3\n' >c
	{ sed -n '2,3p' a; sed -n '2,3p' b; sed -n '2,3p' c; } >expected
	run -0 mmcat_into out -L 2:3 a b c
	assert_output ''
	assert_same_file expected out
	{ tail -n 2 a; tail -n 2 b; tail -n 2 c; } >expected
	run -0 mmcat_into out -L -2: a b c
	assert_same_file expected out
}

# --- hex ------------------------------------------------------------------------

@test "lines: -x -L dumps exactly those lines' bytes, as xxd -s BEGIN -l LEN" {
	local spec begin len
	mk_random_lines f 300 13
	for spec in 1:1 5:9 100: -10: -1 299:+5 400:; do
		expected_lines f 300 "$spec" >sel
		len=$(file_size sel)
		case $spec in
		-*) begin=$(($(file_size f) - len)) ;;
		*) begin=$(head -n $((${spec%%:*} - 1)) f | wc -c) ;;
		esac
		xxd -s "$begin" -l "$len" f >expected
		run -0 mmcat_into out -x -L "$spec" f
		assert_output ''
		cmp -s expected out ||
			fail "mmcat -x -L $spec differs from xxd -s $begin -l $len: $(diff expected out | head -5)"
	done
}

# --- --strict -------------------------------------------------------------------

@test "lines: --strict past the last line exits 1 with the message, prints nothing" {
	run -1 --separate-stderr mmcat -L 4: --strict three.txt
	assert_output ''
	[[ $stderr == "mmcat: three.txt: lines 4: ask for lines the file does not have and --strict is set" ]] ||
		fail "stderr: $stderr"
}

@test "lines: --strict with the range running past the last line exits 1, prints nothing" {
	run -1 --separate-stderr mmcat --strict -L 2:5 three.txt
	assert_output ''
	[[ $stderr == "mmcat: three.txt: lines 2:5 ask for lines the file does not have and --strict is set" ]] ||
		fail "stderr: $stderr"
}

@test "lines: --strict with lines the file has prints them, exit 0" {
	sed -n '2,3p' three.txt >expected
	run -0 mmcat_into out --strict -L 2:3 three.txt
	assert_output ''
	assert_same_file expected out
	tail -n 3 three.txt >expected
	run -0 mmcat_into out --strict -L -3: three.txt
	assert_same_file expected out
}

# --- usage errors -----------------------------------------------------------------

@test "lines: line 0 is a usage error, nothing on stdout" {
	local spec
	for spec in 0 0:5 5:0 -0; do
		run -2 --separate-stderr mmcat -L "$spec" three.txt
		assert_output ''
		[[ $stderr == "$(usage_stderr "mmcat: invalid line range '$spec': lines are numbered from 1")" ]] ||
			fail "spec '$spec': stderr: $stderr"
	done
}

@test "lines: N:+x is a usage error naming the N:+K form" {
	run -2 --separate-stderr mmcat -L 1:+x three.txt
	assert_output ''
	[[ $stderr == "$(usage_stderr "mmcat: invalid line range '1:+x': expected N:+K with K a count of lines")" ]] ||
		fail "stderr: $stderr"
}

@test "lines: a spec that is not a number is a usage error quoting it" {
	local spec
	for spec in x 1.5 '' 1:2:3 ' 1' 1:y; do
		run -2 --separate-stderr mmcat -L "$spec" three.txt
		assert_output ''
		[[ $stderr == "mmcat: invalid line range '$spec': "* ]] ||
			fail "spec '$spec': stderr: $stderr"
		[[ ${#stderr_lines[@]} == 2 && ${stderr_lines[1]} == "$(try_help)" ]] ||
			fail "spec '$spec': not the message and the Try line: $stderr"
	done
}

@test "lines: -L with -o, -l, -e or -r is a usage error, nothing on stdout" {
	local opt
	for opt in '-o 1' '-l 1' '-e 1' '-r 0:1'; do
		# shellcheck disable=SC2086
		run -2 --separate-stderr mmcat -L 1:2 $opt three.txt
		assert_output ''
		[[ $stderr == "$(usage_stderr "mmcat: --lines cannot be combined with byte ranges (--offset, --length, --end, --range)")" ]] ||
			fail "-L with $opt: stderr: $stderr"
	done
}

@test "lines: negative single-line specs agree: the lines of N..M that exist, nothing else" {
	seq 3 >f
	# On 3 lines, -5 names line -5 (none), -5:+2 lines -5..-3 (-3 is line 1)
	local spec want
	for spec in -5 -5:+0 -5:-5; do
		run -0 --separate-stderr "$MMCAT" -L "$spec" f
		assert_output ''
	done
	run -0 "$MMCAT" -L -5:+2 f
	assert_output "$(sed -n 1p f)"
	run -0 "$MMCAT" -L -5: f
	assert_output "$(tail -n 5 f)"
	# --strict refuses every spec naming a line the input lacks
	for spec in -5 -5:+0 -5:-5 -5:+2 -5: -3:+5; do
		run -1 --separate-stderr "$MMCAT" --strict -L "$spec" f
		assert_output ''
		assert_equal "$stderr" "mmcat: f: lines $spec ask for lines the file does not have and --strict is set"
	done
	run -0 "$MMCAT" --strict -L -3:+2 f
	assert_output "$(cat f)"
}
