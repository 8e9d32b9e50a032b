#!/usr/bin/env bats
# numbers.bats - the number syntax of OFFSET, LENGTH, END and MMCAT_WINDOW,
# checked through real outcomes: small values by the bytes printed (dd, head,
# tail as oracles), large ones by the exact value in the past-EOF message.

load helpers/common

SIZE=6144
HINT='expected an integer: decimal digits with an optional K/M/G/T/P/E suffix (KiB = 1024, kB = 1000), or 0x followed by hex digits'

setup() {
	cd "$BATS_TEST_TMPDIR"
	make_random f "$SIZE"
}

# to_file DEST CMD... : CMD's stdout into DEST; `run` then sees stderr only.
to_file() {
	local dest=$1
	shift
	"$@" >"$dest"
}

# assert_range EXPECTED_FILE MMCAT_ARGS... : mmcat succeeds silently and
# prints exactly the bytes of EXPECTED_FILE.
assert_range() {
	local expected=$1
	shift
	run -0 --separate-stderr to_file out mmcat "$@"
	assert_output ''
	assert_equal "$stderr" ''
	assert_same_file "$expected" out
}

# assert_offset_value TEXT VALUE : TEXT as an offset means VALUE, read back
# from the past-end-of-file message.
assert_offset_value() {
	run -1 --separate-stderr mmcat -o "$1" f
	assert_output ''
	assert_equal "$stderr" "mmcat: f: offset $2 is past end of file (size $SIZE)"
}

# assert_too_large WHAT OPTION TEXT : a usage error saying "number too large".
assert_too_large() {
	run -2 --separate-stderr mmcat "$2" "$3" f
	assert_output ''
	assert_equal "$stderr" "$(usage_stderr "mmcat: invalid $1 '$3': number too large")"
}

# assert_invalid WHAT TEXT MMCAT_ARGS... : a usage error quoting TEXT and
# saying what is accepted.
assert_invalid() {
	local what=$1 text=$2
	shift 2
	run -2 --separate-stderr mmcat "$@"
	assert_output ''
	assert_equal "$stderr" "$(usage_stderr "mmcat: invalid $what '$text': $HINT")"
}

# assert_bad_everywhere TEXT : TEXT is refused as offset, length and end,
# both as a separate argument and attached with '='.
assert_bad_everywhere() {
	assert_invalid offset "$1" f -o "$1"
	assert_invalid offset "$1" f "--offset=$1"
	assert_invalid length "$1" f -l "$1"
	assert_invalid length "$1" f "--length=$1"
	assert_invalid end "$1" f -e "$1"
}

# --- decimal and hex, by bytes printed -----------------------------------------

@test "decimal offset and length" {
	slice f 1234 567 >expected
	assert_range expected -o 1234 -l 567 f
	assert_range expected f 1234 567
}

@test "leading zeros are decimal: 010 is ten" {
	slice f 10 8 >expected
	assert_range expected -o 010 -l 08 f
	assert_range expected f 0010 008
}

@test "0x hex with lowercase digits" {
	slice f 31 10 >expected
	assert_range expected -o 0x1f -l 0xa f
}

@test "0x hex with uppercase digits" {
	slice f 4095 171 >expected
	assert_range expected -o 0xFFF -l 0xAB f
}

@test "0X prefix, mixed-case hex digits" {
	slice f 2748 30 >expected
	assert_range expected -o 0XaBc -e 0XAdA f
}

@test "hex as END and as positional operands" {
	slice f 256 256 >expected
	assert_range expected -o 0x100 -e 0x200 f
	assert_range expected f 0x100 0x100
}

@test "+N is N" {
	slice f 100 50 >expected
	assert_range expected -o +100 -l +50 f
	assert_range expected f +100 +50
}

@test "-0x10 is -16: the last 16 bytes" {
	tail -c 16 f >expected
	assert_range expected -o -0x10 f
	assert_range expected f -0x10
}

# --- K, by bytes printed ------------------------------------------------------------

@test "K and k are 1024" {
	slice f 1024 2048 >expected
	assert_range expected -o 1K -l 2k f
	assert_range expected f 1k 2K
}

@test "KiB and kiB are 1024" {
	slice f 1024 2048 >expected
	assert_range expected -o 1KiB -l 2kiB f
	assert_range expected -o 1kiB -e 3KiB f
}

@test "kB and KB are 1000: -l 1kB prints 1000 bytes" {
	slice f 2000 1000 >expected
	assert_range expected -o 2kB -l 1kB f
	assert_range expected -o 2KB -l 1KB f
	assert_range expected -o 2KB -e 3kB f
}

@test "negative suffixed values: -2K counts back 2048, -1kB stops 1000 before EOF" {
	tail -c 2048 f >expected
	assert_range expected f -2K
	head -c -1000 f >expected2
	assert_range expected2 -l -1kB f
}

# --- M G T P E, by the value in the past-EOF message ----------------------------------

@test "M m MiB miB are 1048576; MB mB are 1000000" {
	assert_offset_value 1M 1048576
	assert_offset_value 1m 1048576
	assert_offset_value 1MiB 1048576
	assert_offset_value 1miB 1048576
	assert_offset_value 1MB 1000000
	assert_offset_value 1mB 1000000
	assert_offset_value 3M 3145728
}

@test "G g GiB are 1073741824; GB gB are 1000000000" {
	assert_offset_value 1G 1073741824
	assert_offset_value 1g 1073741824
	assert_offset_value 1GiB 1073741824
	assert_offset_value 1gB 1000000000
	assert_offset_value 1GB 1000000000
}

@test "T t TiB are 1099511627776; TB tB are 10^12" {
	assert_offset_value 1T 1099511627776
	assert_offset_value 1t 1099511627776
	assert_offset_value 1TiB 1099511627776
	assert_offset_value 1TB 1000000000000
	assert_offset_value 1tB 1000000000000
}

@test "P p PiB are 1125899906842624; PB pB are 10^15" {
	assert_offset_value 1P 1125899906842624
	assert_offset_value 1p 1125899906842624
	assert_offset_value 1PiB 1125899906842624
	assert_offset_value 1PB 1000000000000000
	assert_offset_value 1pB 1000000000000000
}

@test "E e EiB are 1152921504606846976; EB eB are 10^18" {
	assert_offset_value 1E 1152921504606846976
	assert_offset_value 1e 1152921504606846976
	assert_offset_value 1EiB 1152921504606846976
	assert_offset_value 1EB 1000000000000000000
	assert_offset_value 1eB 1000000000000000000
}

# --- the int64 limits ------------------------------------------------------------------

@test "7E fits in int64" {
	assert_offset_value 7E 8070450532247928832
}

@test "8E does not fit: number too large, as offset and as length" {
	assert_too_large offset -o 8E
	assert_too_large length -l 8E
	assert_too_large end --end 8EiB
}

@test "9EB fits in int64" {
	assert_offset_value 9EB 9000000000000000000
}

@test "10EB does not fit: number too large" {
	assert_too_large offset -o 10EB
	assert_too_large length -l 10EB
}

@test "9223372036854775807 fits in int64" {
	assert_offset_value 9223372036854775807 9223372036854775807
	assert_offset_value 0009223372036854775807 9223372036854775807
}

@test "9223372036854775808 does not fit: number too large" {
	assert_too_large offset -o 9223372036854775808
	assert_too_large length -l 9223372036854775808
	assert_too_large offset -o 99999999999999999999999999
}

@test "0x7fffffffffffffff fits in int64" {
	assert_offset_value 0x7fffffffffffffff 9223372036854775807
}

@test "0x8000000000000000 does not fit: number too large" {
	assert_too_large offset -o 0x8000000000000000
	assert_too_large length -l 0x8000000000000000
	assert_too_large offset -o 0x10000000000000000
}

@test "-9223372036854775808 as an offset is accepted and clamps to byte 0" {
	assert_range f -o -9223372036854775808 f
	assert_range f f -0x8000000000000000
}

@test "-9223372036854775809 does not fit: number too large" {
	assert_too_large offset -o -9223372036854775809
	assert_too_large length -l -9223372036854775809
}

@test "a suffix that overflows is too large, not wrapped: 9223372036854775807K" {
	assert_too_large offset -o 9223372036854775807K
	assert_too_large offset -o 8796093022208M
}

# --- bad forms ------------------------------------------------------------------------

@test "bad number: the empty string" {
	assert_bad_everywhere ''
	assert_invalid offset '' f ''
	assert_invalid length '' f 0 ''
}

@test "bad number: a leading space ' 5'" {
	assert_bad_everywhere ' 5'
	assert_invalid offset ' 5' f ' 5'
}

@test "bad number: a trailing space '5 '" {
	assert_bad_everywhere '5 '
	assert_invalid length '5 ' f 0 '5 '
}

@test "bad number: a fraction '1.5K'" {
	assert_bad_everywhere '1.5K'
	assert_invalid offset '1.5K' f '1.5K'
}

@test "bad number: an unknown suffix '12x'" {
	assert_bad_everywhere '12x'
	assert_invalid length '12x' f 0 '12x'
}

@test "bad number: '0x' without digits" {
	assert_bad_everywhere '0x'
	assert_invalid offset '0x' f '0x'
}

@test "bad number: '--5' as an option argument" {
	assert_bad_everywhere '--5'
}

@test "bad number: a suffix alone 'K'" {
	assert_bad_everywhere 'K'
	assert_invalid offset 'K' f 'K'
}

@test "bad number: hex takes no suffix '0x10K'" {
	assert_bad_everywhere '0x10K'
	assert_invalid offset '0x10K' f '0x10K'
}

@test "bad number: 'kb' is not a suffix '5kb'" {
	assert_bad_everywhere '5kb'
	assert_invalid length '5kb' f 0 '5kb'
}

@test "bad number: 'KIB' is not a suffix '5KIB'" {
	assert_bad_everywhere '5KIB'
	assert_invalid length '5KIB' f 0 '5KIB'
}

@test "bad number: no exponent notation '1e3'" {
	assert_bad_everywhere '1e3'
	assert_invalid offset '1e3' f '1e3'
}

@test "bad number: a sign alone '-'" {
	assert_bad_everywhere '-'
	assert_invalid offset '-' f '-'
}

@test "bad number: a sign alone '+'" {
	assert_bad_everywhere '+'
	assert_invalid offset '+' f '+'
}

@test "bad number: a sign inside hex '0x-5'" {
	assert_bad_everywhere '0x-5'
	assert_invalid offset '0x-5' f '0x-5'
}

# --- -0 ------------------------------------------------------------------------------

@test "-0 as an offset is EOF: prints nothing, exit 0" {
	run -0 --separate-stderr mmcat -o -0 f
	assert_output ''
	assert_equal "$stderr" ''
	run -0 --separate-stderr mmcat f -0
	assert_output ''
	assert_equal "$stderr" ''
}

@test "-0 as a length prints everything, like head -c -0" {
	head -c -0 f >expected
	assert_range expected -l -0 f
	assert_range expected f 0 -0
	tail -c +101 f >expected2
	assert_range expected2 f 100 -0
}

@test "-0 as --end prints everything" {
	assert_range f -e -0 f
	tail -c +101 f >expected
	assert_range expected -o 100 --end=-0 f
}

@test "-0 as an offset on an empty file prints nothing, exit 0" {
	: >empty
	run -0 --separate-stderr mmcat -o -0 empty
	assert_output ''
	assert_equal "$stderr" ''
}

# --- MMCAT_WINDOW ---------------------------------------------------------------------

@test "MMCAT_WINDOW=junk is a usage error" {
	MMCAT_WINDOW=junk run -2 --separate-stderr mmcat f
	assert_output ''
	assert_regex "$stderr" "^mmcat: invalid MMCAT_WINDOW 'junk': "
	assert_equal "${stderr_lines[1]}" "$(try_help)"
	assert_equal "${#stderr_lines[@]}" 2
}

@test "MMCAT_WINDOW=0 is a usage error" {
	MMCAT_WINDOW=0 run -2 --separate-stderr mmcat f
	assert_output ''
	assert_regex "$stderr" "^mmcat: invalid MMCAT_WINDOW '0': "
	assert_equal "${stderr_lines[1]}" "$(try_help)"
	assert_equal "${#stderr_lines[@]}" 2
}

@test "MMCAT_WINDOW=-4096 is a usage error" {
	MMCAT_WINDOW=-4096 run -2 --separate-stderr mmcat f
	assert_output ''
	assert_regex "$stderr" "^mmcat: invalid MMCAT_WINDOW '-4096': "
	assert_equal "${stderr_lines[1]}" "$(try_help)"
	assert_equal "${#stderr_lines[@]}" 2
}

@test "MMCAT_WINDOW=4K maps in windows of 4 KiB rounded up to a page" {
	local ps window
	ps=$(getconf PAGESIZE)
	window=$(((4096 + ps - 1) / ps * ps))
	make_random big 50000
	slice big 3000 40000 >expected
	MMCAT_COPY=write MMCAT_WINDOW=4K run -0 --separate-stderr to_file out mmcat -v big 3000 40000
	assert_same_file expected out
	assert_regex "$stderr" "window\\(s\\) of at most ${window}[^0-9]"
}

@test "MMCAT_WINDOW=1 is rounded up to one page and still prints every byte" {
	local ps
	ps=$(getconf PAGESIZE)
	make_random big 50000
	slice big 3001 40000 >expected
	MMCAT_COPY=write MMCAT_WINDOW=1 run -0 --separate-stderr to_file out mmcat -v big 3001 40000
	assert_same_file expected out
	assert_regex "$stderr" "window\\(s\\) of at most ${ps}[^0-9]"
}
