#!/usr/bin/env bats
# SPDX-License-Identifier: BSD-2-Clause
# zero.bats - the man page, RECORDS, KEYS AND CHUNKS: -z, --zero-terminated.
# Under -z a line ends with a NUL byte, not a newline, wherever -L counts
# lines: in mapped files, on streams and with -f.  Every expected byte
# stream comes from sed -z -n, tail -z -n and head -z -n on the same bytes
# (expected_lines with -z), never from mmcat; record counts from tr and
# wc.  Inputs are also placed across the buffer sizes of the build
# (src/buffers.h, as tests/boundaries.bats places them): run this file in
# a build with --enable-tiny-buffers too, where every edge is near.

load helpers/common
load helpers/follow

setup() {
	cd "$BATS_TEST_TMPDIR"
	# the build's own window and the fast paths, whatever the caller set
	unset MMCAT_WINDOW MMCAT_COPY
	failed=()
	follow_init
}

teardown() {
	follow_cleanup
}

# Every spec form, near both ends of a small input.
SPECS=(1 2 3 5 1: 2: 4: :1 :2 :9 2:3 3:1 1:+0 2:+1 -1 -2 -9 -1: -2: -9:
	-2:+0 -2:+1 -9:+7 -9:+8 -9:+20 -3:2 -9:-9 -9:-1 1:-1 2:-1 -3:-2 :-1
	:-2 2:-9)

# check_records WHAT FILE SPEC... : for every SPEC, `mmcat -z -L SPEC` on
# FILE, and on FILE's bytes through a pipe, prints what sed -z and tail -z
# print (expected_lines -z), exits 0 and says nothing.  Failures gather
# in the array failed.
check_records() {
	local what=$1 file=$2 total spec
	shift 2
	total=$(line_count "$file" -z)
	for spec in "$@"; do
		expected_lines "$file" "$total" "$spec" -z >want
		expect_output "$what: mmcat -z -L $spec FILE" want \
			mmcat_into got -z -L "$spec" -- "$file"
		expect_output "$what: cat FILE | mmcat -z -L $spec" want \
			from_pipe "$file" mmcat_into got -z -L "$spec" -
	done
}

# random_records FILE COUNT SEED [END] : COUNT NUL-terminated records of
# random bytes other than NUL (newlines among them), 0 to 149 long, one in
# ten empty; END "open" leaves the last one without its NUL.
random_records() {
	perl -e '
		my ($n, $seed, $end) = @ARGV;
		srand($seed);
		binmode STDOUT;
		for my $i (1 .. $n) {
			my $len = rand() < 0.1 ? 0 : int(rand(150));
			print join("", map { chr(1 + int(rand(255))) } 1 .. $len);
			print "\0" unless $i == $n && $end eq "open";
		}
	' -- "$2" "$3" "${4:-closed}" >"$1"
}

# nul_file OUT SIZE P... : OUT gets SIZE bytes of records of 97 bytes (the
# record's offset, letters and a NUL), but that the record through each
# offset P (ascending) is cut short to end in a NUL at P; the last byte
# is a NUL.  Fails unless each P holds a NUL.
nul_file() {
	local out=$1 size=$2 p
	shift 2
	perl -e '
		my ($size, @at) = @ARGV;
		binmode STDOUT;
		my $abc = "abcdefghijklmnopqrstuvwxyz" x 4;
		for (my $pos = 0; $pos < $size;) {
			my $len = 97;
			for my $p (@at) {
				$len = $p - $pos + 1
				    if $p >= $pos && $p < $pos + $len;
			}
			$len = $size - $pos if $pos + $len > $size;
			print substr("$pos:$abc", 0, $len - 1), "\0";
			$pos += $len;
		}
	' -- "$size" "$@" >"$out"
	for p in "$@"; do
		[[ $(slice "$out" "$p" 1 | od -An -tx1) == ' 00' ]] ||
			fail "nul_file: no NUL at offset $p of $out"
	done
	[[ $(file_size "$out") == "$size" ]] ||
		fail "nul_file: $out is $(file_size "$out") bytes, not $size"
}

# records_in FILE BYTES : the NULs among FILE's first BYTES bytes.
records_in() {
	head -c "$2" -- "$1" | tr -cd '\0' | wc -c
}

# check_edge_records WHAT FILE N HOW : the specs that meet the record
# boundary after record N of FILE (the records on either side, runs that
# start, end and count from the end there), mmcat reading FILE as HOW
# says (file: mapped; pipe: a pipe holding all of it, full_pipe), against
# sed -z and tail -z.
check_edge_records() {
	local what=$1 file=$2 n=$3 how=$4 total k spec
	total=$(line_count "$file" -z)
	k=$((total - n))	# records n + 1 to the last
	for spec in "$n" "$((n + 1))" "$((n + 2))" ":$n" ":$((n + 1))" \
		"$((n + 1)):" "$n:+1" "-$k:" "-$((k + 1)):" "-$((k + 1)):+0" \
		":-$k" "$n:-$k"; do
		[[ $spec != 0 && $spec != :0 && $spec != 0:* ]] || continue
		expected_lines "$file" "$total" "$spec" -z >want
		if [[ $how == file ]]; then
			expect_output "$what: -z -L $spec FILE (record $n ends at the edge)" \
				want mmcat_into got -z -L "$spec" -- "$file"
		else
			expect_output "$what: -z -L $spec - (record $n ends at the edge)" \
				want full_pipe got "$file" -z -L "$spec" -
		fi
	done
}

@test "zero: every spec form equals sed -z / tail -z / head -z, with and without a final NUL, empty records too" {
	local f m
	printf 'a\0bb\0\0ccc\0dd' >open
	printf 'a\0bb\0\0ccc\0dd\0' >closed
	printf 'first\nline\0\n\0second\r\n\0\0' >newlines
	check_records "4 records and an unterminated 5th" open "${SPECS[@]}"
	check_records "5 records, the 3rd empty" closed "${SPECS[@]}"
	check_records "newlines inside records" newlines "${SPECS[@]}"
	# head -z as the oracle of :M and of :-K (all but the last K - 1)
	for f in open closed newlines; do
		for m in 1 2 4 5 9; do
			head -z -n "$m" "$f" >want
			expect_output "$f: mmcat -z -L :$m (head -z -n $m)" want \
				mmcat_into got -z -L ":$m" "$f"
			head -z -n -"$m" "$f" >want
			expect_output "$f: mmcat -z -L :-$((m + 1)) (head -z -n -$m)" want \
				mmcat_into got -z -L ":-$((m + 1))" "$f"
		done
	done
	report_failed "mmcat -z -L against sed -z, tail -z and head -z"
}

@test "zero: tiny inputs: empty, one NUL, NULs only, one record without its NUL, text without any NUL" {
	: >empty
	printf '\0' >one-nul
	printf '\0\0\0' >nuls
	printf 'abc' >bare
	printf 'one\ntwo\nthree\n' >text
	for f in empty one-nul nuls bare text; do
		check_records "$f" "$f" 1 2 1: 2: :1 -1 -1: -2: -3:+1 :-1 :-2 1:+1
	done
	report_failed "mmcat -z -L on tiny inputs"
}

@test "zero: newlines are ordinary bytes under -z, and NULs are under plain -L" {
	printf 'one\ntwo\nthree\n' >text
	run mmcat_into got -z -L 1 text
	assert_success
	assert_same_file text got
	# without -z the same NUL-separated file has one line, the whole of it
	printf 'a\0b\0c' >nul
	run mmcat_into got -L 1 nul
	assert_success
	assert_same_file nul got
	sed -n 1p text >want
	run mmcat_into got -L 1 text
	assert_success
	assert_same_file want got
}

@test "zero: thousands of random records equal sed -z and tail -z, on files, pipes and a small window" {
	local end total spec page
	page=$(getconf PAGESIZE)
	for end in closed open; do
		random_records "r.$end" 3000 19 "$end"
		total=$(line_count "r.$end" -z)
		((total == 3000)) || fail "random_records made $total records"
		check_records "3000 records, last $end" "r.$end" 1 1500 2999 3000 \
			3001 1: 1500: :1500 1499:1501 -1 -1500 -1: -1500: -3000: \
			-3001: -1500:+9 -1500:+0 :-1 :-1500 10:-10 -20:2990
		# a window of a page: records across many windows
		export MMCAT_WINDOW=$page
		for spec in 1499:1501 -1500: :-1500 2999 -1:; do
			expected_lines "r.$end" "$total" "$spec" -z >want
			expect_output "MMCAT_WINDOW=$page: -z -L $spec (last $end)" want \
				mmcat_into got -z -L "$spec" "r.$end"
		done
		unset MMCAT_WINDOW
	done
	report_failed "mmcat -z -L on random records"
}

# --- the buffers of the build (src/buffers.h), met by records --------------------

READ=${MMCAT_READ_BYTES:-262144}
SCAN=${MMCAT_FIRST_SCAN_BYTES:-65536}
WINDOW=${MMCAT_WINDOW_BYTES:-8388608}
HELD=${MMCAT_HELD_LINES_FIRST:-64}

@test "zero: a stream's read buffer: records ending at its edges, equal sed -z and tail -z" {
	local e size=$((2 * READ + READ / 2))
	edges "$READ"
	require_full_pipe "$size"
	for e in "${at[@]}"; do
		nul_file f "$size" $((e - 1))
		check_edge_records "MMCAT_READ_BYTES=$READ" f "$(records_in f "$e")" pipe
	done
	report_failed "MMCAT_READ_BYTES=$READ"
}

@test "zero: a file's first scan block and the mapping window: records ending at their edges, from the start and from the end" {
	local e size base
	for base in "$SCAN" "$WINDOW"; do
		size=$((2 * base + base / 2))
		edges "$base"
		for e in "${at[@]}"; do
			# forward scans meet e; backward ones meet size - e
			nul_file f "$size" $((size - e - 1)) $((e - 1))
			check_edge_records "edge $base, from the start" f \
				"$(records_in f "$e")" file
			check_edge_records "edge $base, from the end" f \
				"$(records_in f $((size - e)))" file
		done
	done
	report_failed "MMCAT_FIRST_SCAN_BYTES=$SCAN, MMCAT_WINDOW_BYTES=$WINDOW"
}

@test "zero: a stream's record hold: -K: and :-K with K and the record count around its first size" {
	local k total spec
	edges "$HELD"
	for total in "${at[@]}"; do
		random_records f "$total" "$total"
		for k in "${at[@]}"; do
			for spec in "-$k:" ":-$k" "-$k:+1" "-$k"; do
				expected_lines f "$total" "$spec" -z >want
				expect_output "cat f | mmcat -z -L $spec ($total records)" want \
					from_pipe f mmcat_into got -z -L "$spec" -
			done
		done
	done
	report_failed "MMCAT_HELD_LINES_FIRST=$HELD"
}

@test "zero: records longer than the read buffer, the first scan block and a small window, with and without the final NUL" {
	local page big spec total
	page=$(getconf PAGESIZE)
	big=$((3 * READ + 3 * SCAN + 3 * page + 1))
	{
		printf 'short\0'
		head -c "$big" /dev/zero | tr '\0' x
		printf '\0\0mid\0'
		head -c "$big" /dev/zero | tr '\0' y
	} >open
	{ cat open; printf '\0'; } >closed
	for f in open closed; do
		total=$(line_count "$f" -z)
		check_records "long records, $f" "$f" 1 2 3 2: :2 2:3 -1 -1: -2: -4: -5: \
			-1:+0 :-1 :-2 2:-2
		export MMCAT_WINDOW=$page
		for spec in 2 -1 -4: :-1; do
			expected_lines "$f" "$total" "$spec" -z >want
			expect_output "MMCAT_WINDOW=$page: -z -L $spec ($f)" want \
				mmcat_into got -z -L "$spec" "$f"
		done
		unset MMCAT_WINDOW
	done
	report_failed "mmcat -z -L on records of $big bytes"
}

# --- standard input, -x, byte ranges, --strict ------------------------------------

@test "zero: -z -L :M leaves a seekable standard input where head -z -n M leaves it" {
	local m
	printf 'a\0bb\0\0ccc\0dd\0eeeee' >f
	for m in 1 2 3 5 6 9; do
		{ head -z -n "$m"; head -c 5; } <f >want
		{ mmcat -z -L ":$m"; head -c 5; } <f >got 2>got.err ||
			failed+=(":$m: exit $?")
		note_difference "{ mmcat -z -L :$m; head -c 5; } < f" want got
		# from a start that is not the file's
		{ head -c 4 >/dev/null; head -z -n "$m"; head -c 5; } <f >want
		{ head -c 4 >/dev/null; mmcat -z -L ":$m"; head -c 5; } <f >got ||
			failed+=(":$m from byte 4: exit $?")
		note_difference "{ head -c 4; mmcat -z -L :$m; head -c 5; } < f" want got
		[[ ! -s got.err ]] || failed+=(":$m: stderr: $(cat got.err)")
	done
	report_failed "the position left on standard input"
}

@test "zero: -x -z -L dumps exactly the selected records' bytes, as xxd -s BEGIN -l LEN" {
	local spec first last begin len
	random_records f 40 7
	for spec in 1 3:5 10:+3 -4: 39:; do
		case $spec in
		*:+*) first=${spec%%:*} last=$((first + ${spec#*:+})) ;;
		-*:) first=$((40 + ${spec%:} + 1)) last=40 ;;
		*:) first=${spec%:} last=40 ;;
		*:*) first=${spec%%:*} last=${spec#*:} ;;
		*) first=$spec last=$spec ;;
		esac
		begin=$(head -z -n $((first - 1)) f | wc -c)
		len=$(sed -z -n "${first},${last}p" f | wc -c)
		xxd -s "$begin" -l "$len" f >want
		expect_output "-x -z -L $spec (bytes $begin+$len)" want \
			mmcat_into got -x -z -L "$spec" f
	done
	report_failed "mmcat -x -z -L against xxd"
}

@test "zero: without -L, -z changes nothing: byte ranges, operands and whole files as without it" {
	printf 'a\0bb\0\0ccc\0dd' >f
	slice f 3 4 >want
	expect_output "mmcat -z f 3 4" want mmcat_into got -z f 3 4
	expect_output "mmcat -z -o 3 -l 4 f" want mmcat_into got -z -o 3 -l 4 f
	expect_output "mmcat -z -r 3+4 f" want mmcat_into got -z -r 3+4 f
	expect_output "cat f | mmcat -z - 3 4" want from_pipe f mmcat_into got -z - 3 4
	expect_output "mmcat -z f" f mmcat_into got -z f
	expect_output "mmcat --zero-terminated f" f mmcat_into got --zero-terminated f
	xxd -s 2 f >want
	expect_output "mmcat -x -z -o 2 f" want mmcat_into got -x -z -o 2 f
	report_failed "-z without -L"
}

@test "zero: --strict -z: records the input lacks exit 1 with the message and print nothing" {
	printf 'a\0bb\0ccc' >f
	run mmcat_into got --strict -z -L 4 f
	assert_failure 1
	assert_output "mmcat: f: lines 4 ask for lines the file does not have and --strict is set"
	assert_empty_file got
	run from_pipe f mmcat_into got --strict -z -L 2:4 -
	assert_failure 1
	assert_empty_file got
	sed -z -n 2,3p f >want
	run mmcat_into got --strict -z -L 2:3 f
	assert_success
	assert_same_file want got
}

# --- -f: following a file of records ----------------------------------------------

@test "zero: -f -z -L N waits for record N, newlines or not, prints it, exits 0 (sed -z -n Np)" {
	printf 'one\ntwo\n\0' >log
	reader_start mmcat "$MMCAT" -s 0.1 -f -z -L 3 log
	still_waiting mmcat 0
	printf 'second\n' >>log	# a newline ends no record
	still_waiting mmcat 0
	printf '\0thi' >>log
	still_waiting mmcat 3		# bytes go out as they come
	printf 'rd\n' >>log
	still_waiting mmcat 6
	printf '\0fourth\0' >>log	# record 3 complete
	reader_ends mmcat
	assert_equal "exit ${reader_rc[mmcat]}" "exit 0"
	sed -z -n 3p log >want
	assert_same_file want mmcat.out
	assert_empty_file mmcat.err
}

@test "zero: -f -z -L -K:+J and N:M start and end at records, as sed -z prints them once written" {
	printf 'a\0bb\0ccc\0' >log
	reader_start tail2 "$MMCAT" -s 0.1 -f -z -L -2:+2 log
	reader_start span "$MMCAT" -s 0.1 -f -z -L 2:5 log
	still_waiting tail2 7
	printf 'dd\ndd\0eee' >>log
	still_waiting span 16
	printf '\0' >>log
	reader_ends tail2 span
	assert_equal "exits ${reader_rc[tail2]} ${reader_rc[span]}" "exits 0 0"
	sed -z -n 2,4p log >want
	assert_same_file want tail2.out
	sed -z -n 2,5p log >want
	assert_same_file want span.out
}

@test "zero: --help lists -z, --zero-terminated" {
	run mmcat --help
	assert_success
	assert_output --partial '-z, --zero-terminated'
}
