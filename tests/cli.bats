#!/usr/bin/env bats
# cli.bats - the command line: invocation forms, help, version, usage errors.

load helpers/common

setup() {
	cd "$BATS_TEST_TMPDIR"
	printf 'hello world\n' >hello.txt
	make_random data.bin 10000
}

# to_file DEST CMD... : run CMD with stdout into DEST, so that `run` sees
# only stderr and binary output is compared with cmp, not through $output.
to_file() {
	local dest=$1
	shift
	"$@" >"$dest"
}

# from_pipe FILE CMD... : run CMD with FILE's bytes on a pipe as stdin.
from_pipe() {
	local src=$1
	shift
	cat -- "$src" | "$@"
}

# The source tree's version, the oracle for --version.
configured_version() {
	sed -n 's/^AC_INIT(\[mmcat\], *\[\([^]]*\)\].*/\1/p' \
		"$BATS_TEST_DIRNAME/../configure.ac"
}

require_dev_full() {
	[[ -c /dev/full ]] || skip "/dev/full is missing here: cannot provoke ENOSPC"
}

# --- positional form -------------------------------------------------------

@test "positional form: FILE prints the whole file" {
	run -0 mmcat hello.txt
	assert_output 'hello world'
}

@test "positional form: FILE OFFSET prints from OFFSET to EOF" {
	tail -c +4097 data.bin >expected
	run -0 to_file out mmcat data.bin 4096
	assert_output ''
	assert_same_file expected out
}

@test "positional form: the man page's call 'mmcat data.bin 4096 512' equals dd" {
	slice data.bin 4096 512 >expected
	run -0 to_file out mmcat data.bin 4096 512
	assert_output ''
	assert_same_file expected out
}

@test "positional form: a fourth operand is a usage error" {
	run -2 --separate-stderr mmcat data.bin 1 2 3
	assert_output ''
	assert_equal "$stderr" "mmcat: too many operands: '3' (usage: mmcat FILE [OFFSET [LENGTH]]; several files take -o/-l/-e)"
}

# --- option form -----------------------------------------------------------

@test "option form: -o and -l select a range" {
	slice data.bin 1000 333 >expected
	run -0 to_file out mmcat -o 1000 -l 333 data.bin
	assert_output ''
	assert_same_file expected out
}

@test "option form: --offset and --length select a range" {
	slice data.bin 1000 333 >expected
	run -0 to_file out mmcat --offset 1000 --length 333 data.bin
	assert_output ''
	assert_same_file expected out
}

@test "option form: -e and --end give an exclusive end" {
	slice data.bin 1000 333 >expected
	run -0 to_file out mmcat -o 1000 -e 1333 data.bin
	assert_output ''
	assert_same_file expected out
	run -0 to_file out2 mmcat --offset 1000 --end 1333 data.bin
	assert_output ''
	assert_same_file expected out2
}

@test "option form: --offset=N and --length=N attach the argument" {
	slice data.bin 77 100 >expected
	run -0 to_file out mmcat --offset=77 --length=100 data.bin
	assert_output ''
	assert_same_file expected out
}

@test "option form: -oN, -lN and -eN attach the argument" {
	slice data.bin 77 100 >expected
	run -0 to_file out mmcat -o77 -l100 data.bin
	assert_output ''
	assert_same_file expected out
	run -0 to_file out2 mmcat -o77 -e177 data.bin
	assert_output ''
	assert_same_file expected out2
}

@test "option form: an operand that looks like a number is a file" {
	printf '0123456789' >./5
	run -0 mmcat -o 2 hello.txt 5
	assert_output 'llo world
23456789'
}

@test "option form: several files are each printed with the same range, in order" {
	printf 'aaaaaaaaaa' >a
	printf 'bbbbBBBBbb' >b
	make_random c 50
	{ slice a 3 4; slice b 3 4; slice c 3 4; slice a 3 4; } >expected
	run -0 to_file out mmcat -o 3 -l 4 a b c a
	assert_output ''
	assert_same_file expected out
}

@test "option form: options may follow the operands" {
	slice data.bin 20 30 >expected
	run -0 to_file out mmcat data.bin -l 30 -o 20
	assert_output ''
	assert_same_file expected out
}

@test "option form: repeated options, the last one wins" {
	slice data.bin 40 7 >expected
	run -0 to_file out mmcat -o 1 -l 900 --offset=40 -l 3 --length 7 data.bin
	assert_output ''
	assert_same_file expected out
}

@test "option form: --length with --end is a usage error" {
	run -2 --separate-stderr mmcat -l 5 -e 9 data.bin
	assert_output ''
	assert_equal "$stderr" 'mmcat: --length and --end cannot be used together'
	run -2 --separate-stderr mmcat --end=9 data.bin --length=5
	assert_output ''
	assert_equal "$stderr" 'mmcat: --length and --end cannot be used together'
}

# --- operands: --, -, stdin ---------------------------------------------------

@test "-- ends options: a file named -x is printed" {
	printf 'dash x\n' >-x
	run -0 mmcat -- -x
	assert_output 'dash x'
	run -0 mmcat -o 5 -- -x
	assert_output 'x'
}

@test "-- ends options: a file named -5 is a file, then offset and length" {
	printf 'minus five\n' >-5
	run -0 mmcat -- -5 6 4
	assert_output 'five'
}

@test "- is standard input, in both forms" {
	run -0 from_pipe hello.txt mmcat - 6 3
	assert_output 'wor'
	run -0 from_pipe hello.txt mmcat -o 6 -l 3 hello.txt - hello.txt
	assert_output 'worworwor'
}

@test "positional form: no operand reads standard input" {
	run -0 from_pipe hello.txt mmcat
	assert_output 'hello world'
	run -0 from_pipe hello.txt mmcat --strict
	assert_output 'hello world'
}

@test "option form: no operand reads standard input" {
	run -0 from_pipe hello.txt mmcat -o 6 -l 5
	assert_output 'world'
}

# --- negative numbers are not options -------------------------------------------

@test "negative OFFSET operand: 'mmcat app.log -4K' prints what tail -c 4096 prints" {
	make_random app.log 9000
	tail -c 4096 app.log >expected
	run -0 to_file out mmcat app.log -4K
	assert_output ''
	assert_same_file expected out
}

@test "negative OFFSET operand with LENGTH: 'mmcat f -100 10'" {
	slice data.bin 9900 10 >expected
	run -0 to_file out mmcat data.bin -100 10
	assert_output ''
	assert_same_file expected out
}

@test "negative option argument: -o -4K" {
	tail -c 4096 data.bin >expected
	run -0 to_file out mmcat -o -4K data.bin
	assert_output ''
	assert_same_file expected out
}

@test "negative option argument: --offset -4K" {
	tail -c 4096 data.bin >expected
	run -0 to_file out mmcat --offset -4K data.bin
	assert_output ''
	assert_same_file expected out
}

@test "negative option argument: --offset=-4K" {
	tail -c 4096 data.bin >expected
	run -0 to_file out mmcat --offset=-4K data.bin
	assert_output ''
	assert_same_file expected out
}

@test "negative option argument: -o-4K" {
	tail -c 4096 data.bin >expected
	run -0 to_file out mmcat -o-4K data.bin
	assert_output ''
	assert_same_file expected out
}

@test "negative option argument: bundled -vo-4K" {
	tail -c 4096 data.bin >expected
	# (MMCAT_COPY=write: into a file the kernel would copy, mapping nothing)
	MMCAT_COPY=write run -0 --separate-stderr to_file out mmcat -vo-4K data.bin
	assert_output ''
	assert_same_file expected out
	assert_equal "${#stderr_lines[@]}" 1
	assert_regex "$stderr" '^mmcat: data\.bin: .*aligned down to'
}

@test "negative option argument: -l -100 and -e -100 stop 100 bytes before EOF" {
	head -c -100 data.bin >expected
	run -0 to_file out mmcat -l -100 data.bin
	assert_output ''
	assert_same_file expected out
	run -0 to_file out2 mmcat --end -100 data.bin
	assert_output ''
	assert_same_file expected out2
}

# --- options that keep the positional form --------------------------------------

@test "--strict keeps the positional form: 'mmcat --strict f 4096 64'" {
	slice data.bin 4096 64 >expected
	run -0 to_file out mmcat --strict data.bin 4096 64
	assert_output ''
	assert_same_file expected out
}

@test "--strict applies in the positional form: a LENGTH past EOF is refused" {
	run -1 --separate-stderr mmcat --strict data.bin 9990 64
	assert_output ''
	assert_equal "$stderr" 'mmcat: data.bin: length 64 at offset 9990 runs past end of file (size 10000) and --strict is set'
}

@test "-v keeps the positional form: 'mmcat -v f 4096 64'" {
	slice data.bin 4096 64 >expected
	run -0 --separate-stderr to_file out mmcat -v data.bin 4096 64
	assert_output ''
	assert_same_file expected out
	assert_equal "${#stderr_lines[@]}" 1
}

@test "-v after the operands keeps the positional form" {
	slice data.bin 100 50 >expected
	run -0 --separate-stderr to_file out mmcat data.bin 100 50 -v
	assert_same_file expected out
	assert_equal "${#stderr_lines[@]}" 1
}

# --- -v ------------------------------------------------------------------------

@test "-v: one stderr line naming page size and the aligned-down offset; stdout unchanged" {
	local ps aligned
	ps=$(getconf PAGESIZE)
	aligned=$((5000 / ps * ps))
	slice data.bin 5000 300 >expected
	MMCAT_COPY=write run -0 --separate-stderr to_file out mmcat -v data.bin 5000 300
	assert_output ''
	assert_same_file expected out
	assert_equal "${#stderr_lines[@]}" 1
	assert_regex "$stderr" "^mmcat: data\\.bin: .*page size ${ps}[^0-9]"
	assert_regex "$stderr" "offset 5000 aligned down to ${aligned}[^0-9]"
	assert_regex "$stderr" 'window'
}

@test "-v: one line per file in the option form" {
	make_random other.bin 6000
	{ slice data.bin 10 20; slice other.bin 10 20; } >expected
	MMCAT_COPY=write run -0 --separate-stderr to_file out mmcat -v -o 10 -l 20 data.bin other.bin
	assert_output ''
	assert_same_file expected out
	assert_equal "${#stderr_lines[@]}" 2
	assert_regex "${stderr_lines[0]}" '^mmcat: data\.bin: .*aligned down to'
	assert_regex "${stderr_lines[1]}" '^mmcat: other\.bin: .*aligned down to'
}

@test "-v on a pipe says the stream path was taken" {
	run -0 --separate-stderr from_pipe hello.txt mmcat -v - 6
	assert_output 'world'
	assert_equal "${#stderr_lines[@]}" 1
	assert_regex "$stderr" '^mmcat: standard input: .*stream'
}

# --- bad options ------------------------------------------------------------------

@test "an unknown long option is a usage error with a one-line message" {
	run -2 --separate-stderr mmcat --bogus hello.txt
	assert_output ''
	assert_equal "$stderr" 'mmcat: --bogus: unknown option'
}

@test "an unknown short option is a usage error with a one-line message" {
	run -2 --separate-stderr mmcat -q hello.txt
	assert_output ''
	assert_equal "${#stderr_lines[@]}" 1
	assert_regex "$stderr" '^mmcat: -q: unknown option$'
}

@test "a short option missing its argument is a usage error" {
	run -2 --separate-stderr mmcat hello.txt -o
	assert_output ''
	assert_equal "$stderr" 'mmcat: -o: missing argument'
}

@test "a long option missing its argument is a usage error" {
	run -2 --separate-stderr mmcat hello.txt --length
	assert_output ''
	assert_equal "$stderr" 'mmcat: --length: missing argument'
}

@test "usage errors never write to stdout, even with stdin readable" {
	local -a cases=(
		'hello.txt 1 2 3'
		'--bogus'
		'-l 1 -e 2 hello.txt'
		'-o 12x hello.txt'
		'hello.txt 0 1.5K'
		'-o'
		'--end'
		'-Z -'
	)
	local c
	for c in "${cases[@]}"; do
		# shellcheck disable=SC2086 # word splitting is the point
		run --separate-stderr from_pipe hello.txt mmcat $c
		[[ $status -eq 2 ]] || fail "mmcat $c: exit $status, expected 2"
		[[ -z $output ]] || fail "mmcat $c: wrote to stdout: $output"
		[[ -n $stderr ]] || fail "mmcat $c: no message on stderr"
	done
}

# --- help, version, usage ------------------------------------------------------------

@test "--help goes to stdout, exits 0 and names every option" {
	run -0 --separate-stderr mmcat --help
	assert_equal "$stderr" ''
	assert_line --index 0 --regexp '^Usage: mmcat '
	local opt
	for opt in --offset --length --end --strict --verbose --help --version \
		--usage '-o,' '-l,' '-e,' '-v,' '-h,' '-V,'; do
		assert_output --partial -- "$opt"
	done
}

@test "-h is --help" {
	run -0 --separate-stderr mmcat -h
	assert_equal "$stderr" ''
	assert_line --index 0 --regexp '^Usage: mmcat '
	assert_output --partial -- '--offset'
}

@test "--version prints the configured version to stdout and exits 0" {
	local version
	version=$(configured_version)
	[[ -n $version ]] || fail "no version found in configure.ac"
	run -0 --separate-stderr mmcat --version
	assert_equal "$stderr" ''
	assert_line --index 0 "mmcat $version"
	run -0 --separate-stderr mmcat -V
	assert_line --index 0 "mmcat $version"
}

@test "--usage prints a short usage to stdout and exits 0" {
	run -0 --separate-stderr mmcat --usage
	assert_equal "$stderr" ''
	assert_line --index 0 --regexp '^Usage: mmcat '
	assert_output --partial -- '--offset'
}

@test "--help to a full device exits 1 with one write-error line" {
	require_dev_full
	run -1 --separate-stderr sh -c '"$0" --help >/dev/full' "$MMCAT"
	assert_output ''
	assert_equal "$stderr" 'mmcat: write error: No space left on device'
}

@test "--version to a full device exits 1 with one write-error line" {
	require_dev_full
	run -1 --separate-stderr sh -c '"$0" --version >/dev/full' "$MMCAT"
	assert_output ''
	assert_equal "$stderr" 'mmcat: write error: No space left on device'
}
