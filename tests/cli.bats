#!/usr/bin/env bats
# SPDX-License-Identifier: BSD-2-Clause
# cli.bats - the command line: invocation forms, help, version, usage errors.

load helpers/common
load helpers/features

setup() {
	cd "$BATS_TEST_TMPDIR"
	printf 'hello world\n' >hello.txt
	make_random data.bin 10000
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
	run -0 mmcat_into out data.bin 4096
	assert_output ''
	assert_same_file expected out
}

@test "positional form: the man page's call 'mmcat data.bin 4096 512' equals dd" {
	slice data.bin 4096 512 >expected
	run -0 mmcat_into out data.bin 4096 512
	assert_output ''
	assert_same_file expected out
}

@test "positional form: a fourth operand is a usage error" {
	run -2 --separate-stderr mmcat data.bin 1 2 3
	assert_output ''
	assert_equal "$stderr" "$(usage_stderr "mmcat: too many operands: '3' (usage: mmcat FILE [OFFSET [LENGTH]]; several files take -o/-l/-e)")"
}

# --- positional form: operands that name files ------------------------------

# The man page, DESCRIPTION (Positional form): a second operand that is not
# a number but names a file, or is -, makes every operand a file.

# number_hint : what the offset messages say a number is.
number_hint() {
	printf '%s' 'expected an integer: decimal digits with an optional K/M/G/T/P/E suffix (KiB = 1024, kB = 1000), or 0x followed by hex digits'
}

@test "positional form: 'mmcat a b' prints both files whole, as cat a b does" {
	printf 'first\n' >a
	cat a data.bin >expected
	run -0 mmcat_into out a data.bin
	assert_output ''
	assert_same_file expected out
}

@test "positional form: with a file second, a third and a fourth operand are files too" {
	printf 'aaa' >a
	printf 'bbbb' >b
	# files named like numbers, after the second: files all the same
	printf 'ten' >10
	printf 'three' >3
	cat a b 10 3 a >expected
	run -0 mmcat_into out a b 10 3 a
	assert_output ''
	assert_same_file expected out
}

@test "positional form: a file second, then a missing one: cat's message and exit 1, the rest printed" {
	printf 'aaa' >a
	cat a hello.txt >expected
	run -1 mmcat_into out a hello.txt 100 a
	assert_output 'mmcat: 100: No such file or directory'
	cat a >>expected
	assert_same_file expected out
}

@test "positional form: - as the second operand is standard input, and every operand a file" {
	printf 'aaa' >a
	cat a hello.txt a >expected
	run -0 mmcat_into out a - a <hello.txt
	assert_output ''
	assert_same_file expected out
	run -0 from_pipe hello.txt mmcat a -
	assert_output 'aaahello world'
}

@test "positional form: a directory or a dangling link second names a file: cat's error for it" {
	mkdir dir
	ln -s nowhere dangling
	run -1 --separate-stderr mmcat hello.txt dir
	assert_output 'hello world'
	assert_equal "$stderr" 'mmcat: dir: Is a directory'
	run -1 --separate-stderr mmcat hello.txt dangling hello.txt
	assert_output $'hello world\nhello world'
	assert_equal "$stderr" 'mmcat: dangling: No such file or directory'
}

@test "positional form: a number that names a file too is refused, naming both readings and the fixes" {
	printf 'one hundred\n' >100
	printf 'five\n' >5
	run -2 --separate-stderr mmcat 100 5
	assert_output ''
	assert_equal "$stderr" "$(usage_stderr "mmcat: '5' is both a number and a file: write -o 5 for offset 5; to print the files whole, -o 0 or ./5")"
	# with a third operand, and with xargs as the brief's case has it
	run -2 --separate-stderr mmcat 100 5 2
	assert_output ''
	assert_equal "${stderr_lines[0]}" "mmcat: '5' is both a number and a file: write -o 5 for offset 5; to print the files whole, -o 0 or ./5"
	# (xargs says 123 for any status from 1 to 125)
	run -123 --separate-stderr sh -c 'printf "100\n5\n" | xargs "$0"' "$MMCAT"
	assert_output ''
	assert_equal "${stderr_lines[0]}" "mmcat: '5' is both a number and a file: write -o 5 for offset 5; to print the files whole, -o 0 or ./5"
	# the fixes the message gives do what it says
	cat 100 5 >files
	run -0 mmcat_into out 100 ./5
	assert_output ''
	assert_same_file files out
	run -0 mmcat_into out -o 0 100 5
	assert_output ''
	assert_same_file files out
	run -0 mmcat -o 5 100
	assert_output 'undred'
}

@test "positional form: a second operand that is neither a number nor a file is an invalid offset, with the hint" {
	run -2 --separate-stderr mmcat data.bin 1O24
	assert_output ''
	assert_equal "$stderr" "$(usage_stderr "mmcat: invalid offset '1O24': $(number_hint); nor is there a file of that name")"
	run -2 --separate-stderr mmcat data.bin no-such.log
	assert_output ''
	assert_equal "${stderr_lines[0]}" "mmcat: invalid offset 'no-such.log': $(number_hint); nor is there a file of that name"
	# a number too large is still a number: no hint about files
	run -2 --separate-stderr mmcat data.bin 99999999999999999999
	assert_equal "$stderr" "$(usage_stderr "mmcat: invalid offset '99999999999999999999': number too large")"
}

@test "positional form: FILE OFFSET LENGTH still works, even where a file is named like the LENGTH" {
	slice data.bin 10 5 >expected
	run -0 mmcat_into out data.bin 10 5
	assert_output ''
	assert_same_file expected out
	# the second operand is a number and names no file: the third is the
	# LENGTH, whatever the directory holds
	printf 'five\n' >5
	run -0 mmcat_into out data.bin 10 5
	assert_output ''
	assert_same_file expected out
	# and a file named as the third operand is no length
	run -2 --separate-stderr mmcat data.bin 10 hello.txt
	assert_output ''
	assert_equal "${stderr_lines[0]}" "mmcat: invalid length 'hello.txt': $(number_hint)"
}

@test "positional form: usage errors of the operands leave standard input unread" {
	printf 'one hundred\n' >100
	printf 'five\n' >5
	local c rc
	for c in '100 5' '- 5' 'data.bin 1O24' '- 1O24' 'data.bin 10 hello.txt'; do
		# the same standard input for mmcat, then for cat
		# shellcheck disable=SC2086 # split on purpose
		{ rc=0; mmcat $c >out 2>/dev/null || rc=$?; cat >rest; } <hello.txt
		((rc == 2)) || fail "mmcat $c: exit $rc, expected 2"
		assert_empty_file out
		assert_same_file hello.txt rest
	done
}

# --- option form -----------------------------------------------------------

@test "option form: -o and -l select a range" {
	slice data.bin 1000 333 >expected
	run -0 mmcat_into out -o 1000 -l 333 data.bin
	assert_output ''
	assert_same_file expected out
}

@test "option form: --offset and --length select a range" {
	slice data.bin 1000 333 >expected
	run -0 mmcat_into out --offset 1000 --length 333 data.bin
	assert_output ''
	assert_same_file expected out
}

@test "option form: -e and --end give an exclusive end" {
	slice data.bin 1000 333 >expected
	run -0 mmcat_into out -o 1000 -e 1333 data.bin
	assert_output ''
	assert_same_file expected out
	run -0 mmcat_into out2 --offset 1000 --end 1333 data.bin
	assert_output ''
	assert_same_file expected out2
}

@test "option form: --offset=N and --length=N attach the argument" {
	slice data.bin 77 100 >expected
	run -0 mmcat_into out --offset=77 --length=100 data.bin
	assert_output ''
	assert_same_file expected out
}

@test "option form: -oN, -lN and -eN attach the argument" {
	slice data.bin 77 100 >expected
	run -0 mmcat_into out -o77 -l100 data.bin
	assert_output ''
	assert_same_file expected out
	run -0 mmcat_into out2 -o77 -e177 data.bin
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
	run -0 mmcat_into out -o 3 -l 4 a b c a
	assert_output ''
	assert_same_file expected out
}

@test "option form: options may follow the operands" {
	slice data.bin 20 30 >expected
	run -0 mmcat_into out data.bin -l 30 -o 20
	assert_output ''
	assert_same_file expected out
}

@test "option form: repeated options, the last one wins" {
	slice data.bin 40 7 >expected
	run -0 mmcat_into out -o 1 -l 900 --offset=40 -l 3 --length 7 data.bin
	assert_output ''
	assert_same_file expected out
}

@test "option form: --length with --end is a usage error" {
	run -2 --separate-stderr mmcat -l 5 -e 9 data.bin
	assert_output ''
	assert_equal "$stderr" "$(usage_stderr 'mmcat: --length and --end cannot be used together')"
	run -2 --separate-stderr mmcat --end=9 data.bin --length=5
	assert_output ''
	assert_equal "$stderr" "$(usage_stderr 'mmcat: --length and --end cannot be used together')"
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
	run -0 mmcat_into out app.log -4K
	assert_output ''
	assert_same_file expected out
}

@test "negative OFFSET operand with LENGTH: 'mmcat f -100 10'" {
	slice data.bin 9900 10 >expected
	run -0 mmcat_into out data.bin -100 10
	assert_output ''
	assert_same_file expected out
}

@test "negative option argument: -o -4K" {
	tail -c 4096 data.bin >expected
	run -0 mmcat_into out -o -4K data.bin
	assert_output ''
	assert_same_file expected out
}

@test "negative option argument: --offset -4K" {
	tail -c 4096 data.bin >expected
	run -0 mmcat_into out --offset -4K data.bin
	assert_output ''
	assert_same_file expected out
}

@test "negative option argument: --offset=-4K" {
	tail -c 4096 data.bin >expected
	run -0 mmcat_into out --offset=-4K data.bin
	assert_output ''
	assert_same_file expected out
}

@test "negative option argument: -o-4K" {
	tail -c 4096 data.bin >expected
	run -0 mmcat_into out -o-4K data.bin
	assert_output ''
	assert_same_file expected out
}

@test "negative option argument: bundled -vo-4K" {
	tail -c 4096 data.bin >expected
	# (MMCAT_COPY=write: into a file the kernel would copy, mapping nothing)
	MMCAT_COPY=write run -0 --separate-stderr mmcat_into out -vo-4K data.bin
	assert_output ''
	assert_same_file expected out
	assert_equal "${#stderr_lines[@]}" 1
	assert_regex "$stderr" '^mmcat: data\.bin: .*aligned down to'
}

@test "negative option argument: -l -100 and -e -100 stop 100 bytes before EOF" {
	head -c -100 data.bin >expected
	run -0 mmcat_into out -l -100 data.bin
	assert_output ''
	assert_same_file expected out
	run -0 mmcat_into out2 --end -100 data.bin
	assert_output ''
	assert_same_file expected out2
}

# --- options that keep the positional form --------------------------------------

@test "--strict keeps the positional form: 'mmcat --strict f 4096 64'" {
	slice data.bin 4096 64 >expected
	run -0 mmcat_into out --strict data.bin 4096 64
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
	run -0 --separate-stderr mmcat_into out -v data.bin 4096 64
	assert_output ''
	assert_same_file expected out
	assert_equal "${#stderr_lines[@]}" 1
}

@test "-v after the operands keeps the positional form" {
	slice data.bin 100 50 >expected
	run -0 --separate-stderr mmcat_into out data.bin 100 50 -v
	assert_same_file expected out
	assert_equal "${#stderr_lines[@]}" 1
}

# --- -v ------------------------------------------------------------------------

@test "-v: one stderr line naming page size and the aligned-down offset; stdout unchanged" {
	local ps aligned
	ps=$(getconf PAGESIZE)
	aligned=$((5000 / ps * ps))
	# A page's worth: a range inside one page is read, not mapped.
	make_random paged.bin $((3 * ps))
	slice paged.bin 5000 "$ps" >expected
	MMCAT_COPY=write run -0 --separate-stderr mmcat_into out -v paged.bin 5000 "$ps"
	assert_output ''
	assert_same_file expected out
	assert_equal "${#stderr_lines[@]}" 1
	assert_regex "$stderr" "^mmcat: paged\\.bin: .*page size ${ps}[^0-9]"
	assert_regex "$stderr" "offset 5000 aligned down to ${aligned}[^0-9]"
	assert_regex "$stderr" 'window'
}

@test "-v: one line per file in the option form" {
	make_random other.bin 6000
	# 5000 bytes from 10 cross a page edge: mapped, not read.
	{ slice data.bin 10 5000; slice other.bin 10 5000; } >expected
	MMCAT_COPY=write run -0 --separate-stderr mmcat_into out -v -o 10 -l 5000 data.bin other.bin
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

# head_says ARGS... : GNU head's stderr for ARGS, with its name replaced by
# mmcat's: the oracle for option errors, which mmcat words as getopt_long.
head_says() {
	local msg
	msg=$(LC_ALL=C head "$@" 2>&1 >/dev/null </dev/null; printf x)
	msg=${msg%x}
	msg=${msg//head:/mmcat:}
	printf '%s' "${msg//\'head --help\'/\'mmcat --help\'}"
}

@test "an unknown long option is a usage error worded as GNU head words it" {
	run -2 --separate-stderr mmcat --bogus hello.txt
	assert_output ''
	assert_equal "$stderr" "$(head_says --bogus hello.txt)"
	assert_equal "${stderr_lines[0]}" "mmcat: unrecognized option '--bogus'"
}

@test "an unknown short option is a usage error worded as GNU head words it" {
	run -2 --separate-stderr mmcat -Q hello.txt
	assert_output ''
	assert_equal "$stderr" "$(head_says -Q hello.txt)"
	assert_equal "${stderr_lines[0]}" "mmcat: invalid option -- 'Q'"
}

@test "a short option missing its argument is a usage error worded as GNU head's" {
	run -2 --separate-stderr mmcat hello.txt -o
	assert_output ''
	# head's -n, mmcat's -o: the same message for another letter
	assert_equal "$stderr" "$(head_says hello.txt -n | sed "s/-- 'n'/-- 'o'/")"
	assert_equal "${stderr_lines[0]}" "mmcat: option requires an argument -- 'o'"
}

@test "a long option missing its argument is a usage error worded as GNU head's" {
	run -2 --separate-stderr mmcat hello.txt --lines
	assert_output ''
	assert_equal "$stderr" "$(head_says hello.txt --lines)"
	run -2 --separate-stderr mmcat hello.txt --length
	assert_equal "${stderr_lines[0]}" "mmcat: option '--length' requires an argument"
}

@test "option errors: ambiguous, unwanted argument, abbreviated: as GNU head words them" {
	# head has --verbose and --version too, and --lines.
	local args
	for args in --ver --v --ver=1 --verb=1 --help=1 --bogus=3 --lin -Q; do
		run -2 --separate-stderr mmcat f $args
		assert_output ''
		assert_equal "$stderr" "$(head_says f $args)"
	done
}

@test "option errors: an ambiguous prefix names the candidates, in --help's order" {
	run -2 --separate-stderr mmcat --l hello.txt
	assert_output ''
	assert_equal "$stderr" "$(usage_stderr "mmcat: option '--l' is ambiguous; possibilities: '--length' '--lines' '--list' '--little-endian'")"
	local want
	want="mmcat: option '--=5' is ambiguous; possibilities:$("$MMCAT" --help |
		sed -nE "s/^ +(-[[:alpha:]], +)?(--[a-z][a-z-]*).*/ '\\2'/p" | tr -d '\n')"
	run -2 --separate-stderr mmcat --=5
	assert_equal "${stderr_lines[0]}" "$want"
}

@test "option errors: an escape sequence in a bad option is quoted, not written raw" {
	run -2 --separate-stderr mmcat $'--\e[2J' hello.txt
	assert_equal "${stderr_lines[0]}" "mmcat: unrecognized option '--'\$'\\033''[2J'"
	[[ $stderr != *$'\e'* ]] || fail "raw ESC on stderr"
	# GNU head writes it raw: the one place mmcat parts from it
	[[ $(head_says $'--\e[2J') == *$'\e'* ]]
}

@test "option errors: what comes first on the line wins, as with GNU head" {
	run -0 --separate-stderr mmcat --help --bogus
	assert_line --index 0 --regexp '^Usage: mmcat '
	assert_equal "$stderr" ''
	run -0 head --help --bogus
	run -2 --separate-stderr mmcat --bogus --help
	assert_equal "$stderr" "$(head_says --bogus --help)"
	run -2 --separate-stderr mmcat -o 12x --bogus hello.txt
	assert_regex "${stderr_lines[0]}" "^mmcat: invalid offset '12x': "
	run -1 head -c 12x --bogus hello.txt
	assert_output --partial 'invalid number of bytes'
}

# --- long options abbreviated ----------------------------------------------------

@test "abbreviations: --off=2 --le 3 and the like are the whole options" {
	slice data.bin 1000 333 >expected
	local form
	for form in '--off=1000 --le 333' '--o 1000 --len=333' \
		'--offs=1000 --e=1333' '--ran 1000:1333' '--ra=1000+333'; do
		# shellcheck disable=SC2086 # split on purpose
		run -0 mmcat_into out $form data.bin
		assert_output ''
		assert_same_file expected out
	done
	# --r begins --range and --retry (tail's name): too short, as in tail
	run -2 --separate-stderr mmcat --r 1000:1333 data.bin
	assert_output ''
	assert_equal "${stderr_lines[0]}" \
		"mmcat: option '--r' is ambiguous; possibilities: '--range' '--retry'"
	# GNU head takes them the same way
	head -c 333 data.bin >expected
	head --by=333 data.bin >out || fail "GNU head refused --by=333"
	assert_same_file expected out
	run -0 mmcat_into out --le=333 data.bin
	assert_same_file expected out
}

@test "abbreviations: --st, --verb, --lin, --pro and --hex" {
	run -1 --separate-stderr mmcat --st hello.txt 0 99
	assert_equal "$stderr" 'mmcat: hello.txt: length 99 at offset 0 runs past end of file (size 12) and --strict is set'
	run -0 --separate-stderr mmcat --verb hello.txt 6
	assert_output 'world'
	assert_regex "$stderr" '^mmcat: hello\.txt: '
	run -0 mmcat --lin=1 hello.txt
	assert_output 'hello world'
	run -0 mmcat --pro hello.txt
	assert_output 'hello world'
	run -0 mmcat --hex hello.txt
	assert_output "$(xxd hello.txt)"
}

@test "abbreviations: --vers, --hel and --us are --version, --help and --usage" {
	local pair want
	for pair in --vers:--version --hel:--help --us:--usage -V:--version \
		-h:--help; do
		run -0 --separate-stderr mmcat "${pair#*:}"
		want=$output
		# and the whole option prints its own text: the version
		# configure.ac gives, the usage lines the --help and --usage
		# cases below check
		case ${pair#*:} in
		--version) assert_line --index 0 "mmcat $(configured_version)" ;;
		--help) assert_line --index 0 'Usage: mmcat [OPTION]... FILE [OFFSET [LENGTH]]' ;;
		--usage) assert_line --index -1 '  or:  mmcat [OPTION]... [FILE]...' ;;
		esac
		run -0 --separate-stderr mmcat "${pair%%:*}"
		assert_equal "$output" "$want"
		assert_equal "$stderr" ''
	done
	run -2 --separate-stderr mmcat --he
	assert_equal "${stderr_lines[0]}" "mmcat: option '--he' is ambiguous; possibilities: '--hex' '--help'"
}

@test "abbreviations: option arguments and words after -- are never touched" {
	run -2 --separate-stderr mmcat -o --l hello.txt
	assert_regex "${stderr_lines[0]}" "^mmcat: invalid offset '--l': "
	run -2 --separate-stderr mmcat --offset --l hello.txt
	assert_regex "${stderr_lines[0]}" "^mmcat: invalid offset '--l': "
	run -2 --separate-stderr mmcat -r --st hello.txt
	assert_regex "${stderr_lines[0]}" "^mmcat: invalid range '--st': "
	printf 'dashes\n' >--off
	run -0 mmcat -- --off
	assert_output 'dashes'
	run -0 mmcat -o 2 -- --off
	assert_output 'shes'
}

@test "abbreviations: with POSIXLY_CORRECT, before the first operand" {
	POSIXLY_CORRECT=1 run -0 mmcat --off=6 --le=3 hello.txt
	assert_output 'wor'
	# after it, --off=6 is an operand: here the OFFSET
	POSIXLY_CORRECT=1 run -2 --separate-stderr mmcat hello.txt --off=6
	assert_regex "${stderr_lines[0]}" "^mmcat: invalid offset '--off=6': "
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

@test "--version: copyright, licence and no-warranty lines, GNU style" {
	run -0 --separate-stderr mmcat --version
	assert_equal "${#lines[@]}" 5
	assert_equal "${lines[1]}" 'Copyright (C) 2026 the mmcat authors.'
	assert_equal "${lines[2]}" 'License BSD-2-Clause: <https://spdx.org/licenses/BSD-2-Clause.html>.'
	# GNU's own words for the rest, and the same shape of copyright line
	local -a gnu
	mapfile -t gnu < <(LC_ALL=C head --version)
	assert_regex "${gnu[1]}" '^Copyright \(C\) [0-9]{4} '
	assert_regex "${gnu[2]}" '^License '
	assert_equal "${lines[3]}" "${gnu[3]}"
	assert_equal "${lines[4]}" "${gnu[4]}"
}

@test "--help: usage, one-line description, then the options, GNU style" {
	local nd
	nd=$(sed -n 's/^\.Nd //p' "$BATS_TEST_DIRNAME/../man/mmcat.1")
	local -a help
	mapfile -t help < <("$MMCAT" --help)
	assert_equal "${help[0]}" 'Usage: mmcat [OPTION]... FILE [OFFSET [LENGTH]]'
	assert_equal "${help[1]}" '  or:  mmcat [OPTION]... [FILE]...'
	# the man page's one-line description, as a sentence
	assert_equal "${help[2]}" "${nd^}."
	assert_equal "${help[3]}" ''
	# the line GNU head has before its options
	assert_equal "${help[4]}" "$(LC_ALL=C head --help | grep '^Mandatory arguments')"
	assert_regex "${help[5]}" '^  -o, --offset='
}

@test "--help: the environment variables of the man page, and what MMCAT_COPY takes" {
	local man=$BATS_TEST_DIRNAME/../man/mmcat.1 env section
	section=$("$MMCAT" --help | sed -n '/^Environment:$/,/^$/p')
	[[ -n $section ]] || fail "no Environment: section in --help"
	local n=0
	for env in $(sed -n '/^\.Sh ENVIRONMENT/,/^\.Sh /s/^\.It Ev //p' "$man"); do
		grep -qE "^  $env(=| )" <<<"$section" ||
			fail "--help's Environment: section lacks $env"
		n=$((n + 1))
	done
	((n >= 4)) || fail "only $n variables in the man page's ENVIRONMENT"
	grep -qE '^  MMCAT_COPY=auto\|write ' <<<"$section"
}

# help_window : the default window --help gives, in bytes.
help_window() {
	local said
	said=$("$MMCAT" --help | sed -n 's/^  MMCAT_WINDOW=.*(default \([0-9]* [KM]iB\))$/\1/p')
	case $said in
	*' KiB') echo $((${said% KiB} * 1024)) ;;
	*' MiB') echo $((${said% MiB} * MiB)) ;;
	*) fail "--help gives no default window in KiB or MiB: '$said'" ;;
	esac
}

@test "--help: the default window is the one this build has" {
	: "${MMCAT_WINDOW_BYTES:?make check sets it, from tests/buffer_sizes}"
	assert_equal "$(help_window)" "$MMCAT_WINDOW_BYTES"
}

@test "--help: the default window is the man page's, 8 MiB" {
	has_feature tiny-buffers &&
		skip "this build's buffers are tiny (--enable-tiny-buffers): its window is not the man page's"
	local man=$BATS_TEST_DIRNAME/../man/mmcat.1
	assert_equal "$(help_window)" $((8 * MiB))
	sed -n '/^\.It Ev MMCAT_WINDOW/,/^\.It /p' "$man" | grep -q 'The default is 8 MiB'
}

# squeeze : text with every run of white space made one space.
squeeze() {
	tr -s '[:space:]' ' '
}

# man_text : the man page rendered as text, without overstriking.
man_text() {
	mandoc -Tascii "$BATS_TEST_DIRNAME/../man/mmcat.1" | col -bx
}

@test "TMPDIR: --help, the README and the man page each name several -r ranges going back, and --strict" {
	command -v mandoc >/dev/null || skip "mandoc is not installed: cannot render the man page"
	local help readme man
	help=$("$MMCAT" --help | sed -n '/^  TMPDIR /,/^  [A-Z]/p' | sed '$d' | squeeze)
	readme=$(grep -E '^\| `TMPDIR` \|' "$BATS_TEST_DIRNAME/../README.md")
	man=$(man_text | sed -n '/^ENVIRONMENT/,/^EXIT STATUS/p' |
		sed -n '/^ *TMPDIR/,/^ *[A-Z_]\{4,\} *$/p' | squeeze)
	local where text
	for where in help readme man; do
		text=${!where}
		[[ -n $text ]] || fail "no TMPDIR entry found in $where"
		grep -qE -- '(^|[^-])`?-r`? ranges' <<<"$text" || fail "$where: TMPDIR does not name -r ranges: $text"
		grep -qF -- '--strict' <<<"$text" || fail "$where: TMPDIR does not name --strict: $text"
		grep -qF -- '/tmp' <<<"$text" || fail "$where: TMPDIR does not name /tmp: $text"
	done
}

@test "--help: exit status, as the man page lists it" {
	local man=$BATS_TEST_DIRNAME/../man/mmcat.1 section
	section=$("$MMCAT" --help | sed -n '/^Exit status:$/,/^$/p')
	assert_equal "$(grep -oE '^ [0-9]+ ' <<<"$section" | tr -d ' ' | tr '\n' ' ')" \
		"$(sed -n '/^\.Sh EXIT STATUS/,/^\.Sh /s/^\.It \([0-9]*\)$/\1/p' "$man" | tr '\n' ' ')"
}

@test "--help: ends with where to report bugs and the home page" {
	local bugs
	bugs=$(sed -n 's/^AC_INIT(\[[^]]*\], *\[[^]]*\], *\[\([^]]*\)\].*/\1/p' \
		"$BATS_TEST_DIRNAME/../configure.ac")
	[[ -n $bugs ]] || fail "no bug-report address in configure.ac's AC_INIT"
	run -0 mmcat --help
	assert_equal "${lines[-2]}" "Report bugs to: <$bugs>"
	# the home page: AC_INIT's, or the repository the bugs go to
	assert_equal "${lines[-1]}" "mmcat home page: <${bugs%/issues}>"
}

@test "--help: says long options may be abbreviated" {
	run -0 mmcat --help
	assert_output --partial 'Long options may be abbreviated'
}

@test "--usage prints a short usage to stdout and exits 0" {
	run -0 --separate-stderr mmcat --usage
	assert_equal "$stderr" ''
	assert_line --index 0 --regexp '^Usage: mmcat '
	assert_output --partial -- '--offset'
}

@test "--usage: the options, ending in the positional form's operands, then the option form" {
	local -a usage
	local i last o
	mapfile -t usage < <("$MMCAT" --usage)
	last=$((${#usage[@]} - 1))
	((last >= 2)) || fail "--usage is ${#usage[@]} lines"
	assert_regex "${usage[0]}" '^Usage: mmcat \[-[[:alpha:]]+\] \['
	# popt's continuation lines, each a run of [options] (the operands
	# may come on a line of their own, checked below)
	for ((i = 1; i < last - 1; i++)); do
		assert_regex "${usage[i]}" '^        (\[[^]]+\]+ ?)+'
	done
	# the summary ends in the positional form's operands, once...
	assert_regex "${usage[last - 1]}" '(^        |\] )FILE \[OFFSET \[LENGTH\]\]$'
	# ...and the option form follows on its own line, as in --help
	assert_equal "${usage[last]}" '  or:  mmcat [OPTION]... [FILE]...'
	assert_equal "$("$MMCAT" --usage | grep -c 'FILE \[OFFSET')" 1
	assert_equal "$("$MMCAT" --usage | grep -c 'OPTION')" 1
	# no line too wide or with trailing blanks, every option of --help
	for ((i = 0; i <= last; i++)); do
		((${#usage[i]} <= 79)) || fail "line $i is ${#usage[i]} columns: ${usage[i]}"
		[[ ${usage[i]} != *[[:blank:]] ]] || fail "line $i ends in a blank: '${usage[i]}'"
	done
	for o in $("$MMCAT" --help | sed -nE 's/^ +(-[[:alpha:]], +)?--([a-z][a-z-]*).*/\2/p'); do
		grep -qF -- "--$o" <<<"${usage[*]}" || fail "--usage lacks --$o"
	done
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
