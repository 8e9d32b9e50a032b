#!/usr/bin/env bats
# SPDX-License-Identifier: BSD-2-Clause
# numbers.bats - the man page, NUMBERS: the syntax of OFFSET, LENGTH, END
# and MMCAT_WINDOW, checked through real outcomes: small values by the
# bytes printed (dd, head, tail as oracles), large ones by the exact value
# in the past-EOF message.
#
# The cases are tables, one row a case.  Every row of a table is run, and
# the test fails once, naming each row that did not do what it should and
# how (status, bytes on stdout, stderr), as check_specs does in lines.bats.

load helpers/common

SIZE=6144
HINT='expected an integer: decimal digits with an optional K/M/G/T/P/E suffix (KiB = 1024, kB = 1000), or 0x followed by hex digits'

setup() {
	cd "$BATS_TEST_TMPDIR"
	make_random f "$SIZE"
	: >empty
	failed=()
}

# --- the checkers --------------------------------------------------------------

# check_run STATUS EXPECTED_OUT EXPECTED_ERR ARGS... : mmcat ARGS (with the
# caller's environment) exits STATUS, prints exactly the bytes of the file
# EXPECTED_OUT and says EXPECTED_ERR on stderr; each difference is added
# to failed, with the command line.
check_run() {
	local status=$1 want_out=$2 want_err=$3 rc=0 cmd err
	shift 3
	"$MMCAT" "$@" >got 2>got.err || rc=$?
	err=$(<got.err)
	cmd="mmcat$(printf ' %q' "$@")"
	((rc == status)) || failed+=("$cmd: exit $rc, expected $status")
	cmp -s -- "$want_out" got ||
		failed+=("$cmd: $(wc -c <got) bytes on stdout, expected $(wc -c <"$want_out")")
	[[ $err == "$want_err" ]] ||
		failed+=("$cmd: stderr ${err@Q}, expected ${want_err@Q}")
}

# report TITLE : fail, listing every row that went wrong, if any did.
report() {
	((${#failed[@]} == 0)) && return 0
	printf '%s\n' "${failed[@]}" | batslib_decorate "$1" | fail
}

# check_ranges ROW... : each ROW is "ORACLE | ARGS" (both split on blanks);
# mmcat ARGS exits 0, silently, and prints what the command ORACLE prints.
check_ranges() {
	local row oracle args
	for row in "$@"; do
		read -ra oracle <<<"${row%%|*}"
		read -ra args <<<"${row#*|}"
		"${oracle[@]}" >want || { fail "oracle failed: $row"; return; }
		check_run 0 want '' "${args[@]}"
	done
	report 'mmcat differs from the oracle'
}

# check_offsets ROW... : each ROW is "TEXT VALUE": -o TEXT means VALUE, as
# the past-end-of-file message tells (exit 1, nothing printed).
check_offsets() {
	local row text value
	for row in "$@"; do
		read -r text value <<<"$row"
		check_run 1 /dev/null \
			"mmcat: f: offset $value is past end of file (size $SIZE)" -o "$text" f
	done
	report 'offsets read as another value'
}

# check_too_large ROW... : each ROW is "WHAT OPTION TEXT": OPTION TEXT is
# a usage error saying the WHAT is too large.
check_too_large() {
	local row what option text
	for row in "$@"; do
		read -r what option text <<<"$row"
		check_run 2 /dev/null \
			"$(usage_stderr "mmcat: invalid $what '$text': number too large")" \
			"$option" "$text" f
	done
	report 'values too large for int64, not refused as such'
}

# check_invalid ROW... : each ROW is "TEXT|OPERANDS" (TEXT may hold blanks
# or be empty): TEXT is refused, quoted, with what is accepted, as -o, -l
# and -e, separate and attached with '='; and as the operands OPERANDS
# names (offset: FILE TEXT; length: FILE 0 TEXT).
check_invalid() {
	local row text operands what
	for row in "$@"; do
		text=${row%%|*} operands=${row#*|}
		expect_invalid offset "$text" f -o "$text"
		expect_invalid offset "$text" f "--offset=$text"
		expect_invalid length "$text" f -l "$text"
		expect_invalid length "$text" f "--length=$text"
		expect_invalid end "$text" f -e "$text"
		for what in $operands; do
			case $what in
			offset)
				# the man page, DESCRIPTION: no file has that name either
				check_run 2 /dev/null \
					"$(usage_stderr "mmcat: invalid offset '$text': $HINT; nor is there a file of that name")" \
					f "$text"
				;;
			length) expect_invalid length "$text" f 0 "$text" ;;
			esac
		done
	done
	report 'bad numbers not refused as they should be'
}

# expect_invalid WHAT TEXT ARGS... : mmcat ARGS is a usage error quoting
# TEXT as the WHAT and saying what is accepted.
expect_invalid() {
	local what=$1 text=$2
	shift 2
	check_run 2 /dev/null \
		"$(usage_stderr "mmcat: invalid $what '$text': $HINT")" "$@"
}

# --- decimal and hex, by bytes printed -----------------------------------------

@test "decimal and hex numbers, with leading zeros and +, print the bytes they name" {
	check_ranges \
		'slice f 1234 567 | -o 1234 -l 567 f' \
		'slice f 1234 567 | f 1234 567' \
		'slice f 10 8     | -o 010 -l 08 f' \
		'slice f 10 8     | f 0010 008' \
		'slice f 31 10    | -o 0x1f -l 0xa f' \
		'slice f 4095 171 | -o 0xFFF -l 0xAB f' \
		'slice f 2748 30  | -o 0XaBc -e 0XAdA f' \
		'slice f 256 256  | -o 0x100 -e 0x200 f' \
		'slice f 256 256  | f 0x100 0x100' \
		'slice f 100 50   | -o +100 -l +50 f' \
		'slice f 100 50   | f +100 +50' \
		'tail -c 16 f     | -o -0x10 f' \
		'tail -c 16 f     | f -0x10'
}

# --- K, by bytes printed -------------------------------------------------------

@test "K k KiB kiB are 1024, kB KB are 1000, negative ones too" {
	check_ranges \
		'slice f 1024 2048  | -o 1K -l 2k f' \
		'slice f 1024 2048  | f 1k 2K' \
		'slice f 1024 2048  | -o 1KiB -l 2kiB f' \
		'slice f 1024 2048  | -o 1kiB -e 3KiB f' \
		'slice f 2000 1000  | -o 2kB -l 1kB f' \
		'slice f 2000 1000  | -o 2KB -l 1KB f' \
		'slice f 2000 1000  | -o 2KB -e 3kB f' \
		'tail -c 2048 f     | f -2K' \
		'head -c -1000 f    | -l -1kB f'
}

# --- M G T P E, by the value in the past-EOF message ---------------------------

@test "M G T P E: the letter alone or with iB is a power of 1024, with B of 1000" {
	check_offsets \
		'1M 1048576' '1m 1048576' '1MiB 1048576' '1miB 1048576' \
		'1MB 1000000' '1mB 1000000' '3M 3145728' \
		'1G 1073741824' '1g 1073741824' '1GiB 1073741824' \
		'1gB 1000000000' '1GB 1000000000' \
		'1T 1099511627776' '1t 1099511627776' '1TiB 1099511627776' \
		'1TB 1000000000000' '1tB 1000000000000' \
		'1P 1125899906842624' '1p 1125899906842624' '1PiB 1125899906842624' \
		'1PB 1000000000000000' '1pB 1000000000000000' \
		'1E 1152921504606846976' '1e 1152921504606846976' \
		'1EiB 1152921504606846976' \
		'1EB 1000000000000000000' '1eB 1000000000000000000'
}

# --- the int64 limits ----------------------------------------------------------

@test "int64: the largest values fit, and the most negative offset clamps to byte 0" {
	check_offsets \
		'7E 8070450532247928832' \
		'9EB 9000000000000000000' \
		'9223372036854775807 9223372036854775807' \
		'0009223372036854775807 9223372036854775807' \
		'0x7fffffffffffffff 9223372036854775807'
	check_ranges \
		'cat f | -o -9223372036854775808 f' \
		'cat f | f -0x8000000000000000'
}

@test "int64: one past the limits is 'number too large', with or without a suffix, never wrapped" {
	check_too_large \
		'offset -o 8E' 'length -l 8E' 'end --end 8EiB' \
		'offset -o 10EB' 'length -l 10EB' \
		'offset -o 9223372036854775808' 'length -l 9223372036854775808' \
		'offset -o 99999999999999999999999999' \
		'offset -o 0x8000000000000000' 'length -l 0x8000000000000000' \
		'offset -o 0x10000000000000000' \
		'offset -o -9223372036854775809' 'length -l -9223372036854775809' \
		'offset -o 9223372036854775807K' 'offset -o 8796093022208M'
}

# --- bad forms -----------------------------------------------------------------

@test "bad numbers are usage errors quoting the text, as options and as operands" {
	# the empty string; a space before or after; a fraction; an unknown,
	# lone or misspelt suffix; hex without digits or with a suffix; no
	# exponents; a sign alone or inside hex; '--5' as an option argument
	# ('-' as the second operand is standard input: the man page,
	# DESCRIPTION)
	check_invalid \
		'|offset length' ' 5|offset' '5 |length' '1.5K|offset' '12x|length' \
		'0x|offset' '--5|' 'K|offset' '0x10K|offset' '5kb|length' \
		'5KIB|length' '1e3|offset' '-|length' '+|offset' '0x-5|offset'
}

# --- -0 ------------------------------------------------------------------------

@test "-0 is the end of the file as an offset or an end, and everything as a length" {
	check_ranges \
		'true            | -o -0 f' \
		'true            | f -0' \
		'true            | -o -0 empty' \
		'head -c -0 f    | -l -0 f' \
		'head -c -0 f    | f 0 -0' \
		'tail -c +101 f  | f 100 -0' \
		'cat f           | -e -0 f' \
		'tail -c +101 f  | -o 100 --end=-0 f'
}

# --- MMCAT_WINDOW --------------------------------------------------------------

@test "MMCAT_WINDOW that is not a positive number is a usage error" {
	local value
	for value in junk 0 -4096; do
		MMCAT_WINDOW=$value run -2 --separate-stderr mmcat f
		assert_output ''
		assert_regex "$stderr" "^mmcat: invalid MMCAT_WINDOW '$value': "
		assert_equal "${stderr_lines[1]}" "$(try_help)"
		assert_equal "${#stderr_lines[@]}" 2
	done
}

@test "MMCAT_WINDOW=4K maps in windows of 4 KiB rounded up to a page" {
	local ps window
	ps=$(getconf PAGESIZE)
	window=$(((4096 + ps - 1) / ps * ps))
	make_random big 50000
	slice big 3000 40000 >expected
	MMCAT_COPY=write MMCAT_WINDOW=4K run -0 --separate-stderr mmcat_into out -v big 3000 40000
	assert_same_file expected out
	assert_regex "$stderr" "window\\(s\\) of at most ${window}[^0-9]"
}

@test "MMCAT_WINDOW=1 is rounded up to one page and still prints every byte" {
	local ps
	ps=$(getconf PAGESIZE)
	make_random big 50000
	slice big 3001 40000 >expected
	MMCAT_COPY=write MMCAT_WINDOW=1 run -0 --separate-stderr mmcat_into out -v big 3001 40000
	assert_same_file expected out
	assert_regex "$stderr" "window\\(s\\) of at most ${ps}[^0-9]"
}
