#!/usr/bin/env bats
# SPDX-License-Identifier: BSD-2-Clause
# chunks.bats - the man page, RECORDS, KEYS AND CHUNKS (Chunks):
# --chunk=K/N.  Every expected byte stream comes from GNU split -n l/K/N
# (split -t '\0' -n l/K/N for -z), xxd and dd, never from mmcat.

load helpers/common

setup() {
	cd "$BATS_TEST_TMPDIR"
}

# The piece counts every file is cut into.
COUNTS=(1 2 3 7 16)

# make_fixtures : the files every count is checked on, named for what
# they hold.
make_fixtures() {
	# 2000 lines of 1 to 90 bytes.
	awk 'BEGIN { srand(7); for (i = 0; i < 2000; i++) {
		s = i ""; n = int(rand() * 88); while (n-- > 0) s = s "x"
		print s } }' >lines
	head -c -1 lines >no-final-newline
	# Lines longer than a piece: a piece falls wholly inside one.
	{
		echo first
		head -c 30000 /dev/zero | tr '\0' a
		printf '\nsecond\n'
		head -c 70000 /dev/zero | tr '\0' b
		printf '\nthird\nfourth'
	} >long-lines
	: >empty
	printf 'a\nb' >smaller-than-n
	printf '\n\n\n\n\n' >five-newlines
	head -c 1000 /dev/zero | tr '\0' '\n' >only-newlines
	echo 'just one line' >one-line
	printf 'one line without its newline' >one-unterminated-line
	make_random random 100000
}

FIXTURES=(lines no-final-newline long-lines empty smaller-than-n
	five-newlines only-newlines one-line one-unterminated-line random)

# check_pieces FILE [MMCAT_OPTION...] : for every N of COUNTS and every
# K, mmcat --chunk=K/N FILE equals split -n l/K/N FILE (with -z, split
# -t '\0'), exits 0 and says nothing; and the N pieces concatenate to
# FILE.  Appends to the array failed.
check_pieces() {
	local file=$1 n k rc
	shift
	local split_opts=()
	[[ $* == *-z* ]] && split_opts=(-t '\0')
	for n in "${COUNTS[@]}"; do
		: >joined
		for ((k = 1; k <= n; k++)); do
			split "${split_opts[@]}" -n "l/$k/$n" "$file" >want ||
				{ failed+=("split -n l/$k/$n $file failed"); continue; }
			rc=0
			"$MMCAT" "$@" --chunk="$k/$n" "$file" >got 2>got.err || rc=$?
			if ((rc != 0)) || [[ -s got.err ]]; then
				failed+=("$file $k/$n $*: exit $rc, stderr: $(head -c 200 got.err)")
				continue
			fi
			note_difference "$file $k/$n $*" want got
			cat got >>joined
		done
		note_difference "$file: the $n pieces joined $*" "$file" joined
	done
}

@test "chunks: every piece of 1, 2, 3, 7 and 16 equals split -n l/K/N" {
	local file failed=()
	make_fixtures
	for file in "${FIXTURES[@]}"; do
		check_pieces "$file"
	done
	report_failed "--chunk against split -n l/K/N"
}

@test "chunks: with -z, every piece equals split -t '\\0' -n l/K/N" {
	local file failed=()
	"$MMCAT" --help | grep -q -- --zero-terminated ||
		skip "this build has no -z yet (mmcat --help does not list it)"
	make_fixtures
	tr '\n' '\0' <lines >records
	tr '\n' '\0' <no-final-newline >records-no-final-nul
	tr '\n' '\0' <long-lines >long-records
	for file in records records-no-final-nul long-records lines random; do
		check_pieces "$file" -z
	done
	report_failed "--chunk -z against split -t '\\0' -n l/K/N"
}

@test "chunks: pieces found across mapping windows and read blocks" {
	local failed=() n k
	export MMCAT_WINDOW=64K
	# Lines up to 3 MiB long about 8 MiB: the looks for the newline near
	# a boundary walk block after block, map after map.
	{
		head -c $((3 * MiB)) /dev/zero | tr '\0' a
		echo
		awk 'BEGIN { for (i = 0; i < 50000; i++) print i, "some text" }'
		head -c $((2 * MiB + 123)) /dev/zero | tr '\0' b
		echo
		head -c $((2 * MiB)) /dev/urandom | tr -d '\n'
	} >big
	for n in 2 3 5 8; do
		for ((k = 1; k <= n; k++)); do
			split -n "l/$k/$n" big >want
			expect_output "big $k/$n, 64 KiB windows" want \
				mmcat_into got --chunk="$k/$n" big
		done
	done
	report_failed "--chunk over many windows"
}

@test "chunks: standard input from a file, already read from, equals split's and is left past the piece" {
	local k through=1000
	make_fixtures
	for k in 1 2 3; do
		{ dd bs=1000 count=1 status=none >/dev/null &&
			split -n "l/$k/3"; } <lines >want
		{ dd bs=1000 count=1 status=none >/dev/null &&
			mmcat_into got --chunk="$k/3" && cat >rest; } <lines
		assert_same_file want got
		through=$((through + $(file_size want)))
		tail -c +$((through + 1)) lines >rest.want
		assert_same_file rest.want rest
	done
}

@test "chunks: a pipe is an error: one message, exit 1, nothing printed" {
	make_fixtures
	run -1 --separate-stderr from_pipe lines mmcat_into out --chunk=1/2
	assert_empty_file out
	[[ $stderr == "mmcat: standard input: cannot cut a stream into chunks: its size is unknown" ]] ||
		fail "stderr: $stderr"
}

@test "chunks: a stream among files: the files are cut, the stream refused, exit 1" {
	make_fixtures
	{ split -n l/2/3 lines && split -n l/2/3 one-line; } >want
	# a pipe on standard input: a stream on every system (a /proc file
	# is one only where the build can tell its file system)
	run -1 --separate-stderr bash -c 'printf "x\n" | "$1" --chunk=2/3 lines - one-line >got' \
		_ "$MMCAT"
	assert_same_file want got
	[[ $stderr == "mmcat: standard input: cannot cut a stream into chunks: its size is unknown" ]] ||
		fail "stderr: $stderr"
}

@test "chunks: -x dumps the piece with the file's offsets, as xxd -s BEGIN -l LEN" {
	local k j begin len
	make_fixtures
	for k in 1 2 3 4 5; do
		begin=0
		for ((j = 1; j < k; j++)); do
			begin=$((begin + $(split -n "l/$j/5" lines | wc -c)))
		done
		len=$(split -n "l/$k/5" lines | wc -c)
		xxd -s "$begin" -l "$len" lines >want
		run -0 mmcat_into got -x --chunk="$k/5" lines
		assert_output ''
		assert_same_file want got
	done
}

@test "chunks: -v says which bytes the piece is" {
	make_fixtures
	run -0 --separate-stderr mmcat_into got -v --chunk=2/2 long-lines
	split -n l/2/2 long-lines >want
	assert_same_file want got
	local begin=$(($(file_size long-lines) - $(file_size want)))
	[[ ${stderr%%$'\n'*} == "mmcat: long-lines: --chunk 2/2 selects bytes $begin-$(file_size long-lines)" ]] ||
		fail "stderr: $stderr"
}

@test "chunks: a bad K/N is a usage error with one message, nothing printed" {
	local spec reason
	printf 'a\nb\n' >f
	while IFS='|' read -r spec reason; do
		run -2 --separate-stderr mmcat --chunk="$spec" f
		assert_output ''
		[[ $stderr == "$(usage_stderr "mmcat: invalid chunk '$spec': $reason")" ]] ||
			fail "spec '$spec': stderr: $stderr"
	done <<-'EOF'
	0/3|K and N count from 1
	3/0|K and N count from 1
	-1/3|K and N count from 1
	1/-3|K and N count from 1
	4/3|K is greater than N
	3|expected K/N, piece K of N
	|expected K/N, piece K of N
	x/3|expected K/N; expected an integer: decimal digits with an optional K/M/G/T/P/E suffix (KiB = 1024, kB = 1000), or 0x followed by hex digits
	1/3/5|expected K/N; expected an integer: decimal digits with an optional K/M/G/T/P/E suffix (KiB = 1024, kB = 1000), or 0x followed by hex digits
	1/99999999999999999999|expected K/N; number too large
	EOF
}

@test "chunks: --chunk with -L, byte ranges or a follow is a usage error" {
	local opts
	printf 'a\nb\n' >f
	while IFS='|' read -r opts message; do
		# shellcheck disable=SC2086 # opts is a list of words
		run -2 --separate-stderr mmcat --chunk=1/2 $opts f
		assert_output ''
		[[ $stderr == "$(usage_stderr "mmcat: $message")" ]] ||
			fail "with $opts: stderr: $stderr"
	done <<-'EOF'
	-L 1|--chunk cannot be combined with --lines
	-o 1|--chunk cannot be combined with byte ranges (--offset, --length, --end, --range)
	-l 1|--chunk cannot be combined with byte ranges (--offset, --length, --end, --range)
	-e 1|--chunk cannot be combined with byte ranges (--offset, --length, --end, --range)
	-r 0:1|--chunk cannot be combined with byte ranges (--offset, --length, --end, --range)
	-f|--chunk cannot be combined with --follow
	-F|--chunk cannot be combined with --follow
	EOF
}

@test "chunks: with --chunk every operand is a file, each cut alike" {
	make_fixtures
	{ split -n l/3/7 lines && split -n l/3/7 long-lines; } >want
	run -0 mmcat_into got --chunk 3/7 lines long-lines
	assert_same_file want got
}
