#!/usr/bin/env bats
# SPDX-License-Identifier: BSD-2-Clause
# range_option.bats - the man page, RANGE SPECS: -r/--range: START:END
# (half-open, either side optional) and START+LENGTH, negatives from EOF,
# several ranges in the order given, for each file in turn, --strict checking
# every range first, pipes, and the usage errors.  Every expected byte stream
# comes from dd (slice), head -c or tail -c, never from mmcat.

load helpers/common

setup() {
	cd "$BATS_TEST_TMPDIR"
	make_random data.bin 10000
	: >empty.bin
}

# range_case SPEC OFFSET COUNT : `mmcat -r SPEC data.bin` exits 0, says
# nothing on stderr and prints exactly `slice data.bin OFFSET COUNT`.  Fails
# naming SPEC, so loops over many specs report which one broke.
range_case() {
	local spec=$1 rc=0
	slice data.bin "$2" "$3" >expected
	"$MMCAT" -r "$spec" data.bin >actual 2>stderr || rc=$?
	if ((rc != 0)) || [[ -s stderr ]]; then
		fail "case: mmcat -r '$spec' data.bin: exit $rc, stderr: $(<stderr)"
		return 1
	fi
	if ! cmp -s expected actual; then
		fail "case: mmcat -r '$spec' data.bin differs from bytes $2+$3: $(cmp expected actual 2>&1)"
		return 1
	fi
}

# bad_spec SPEC MESSAGE : `mmcat -r SPEC data.bin` is a usage error: exit 2,
# nothing on stdout, MESSAGE on stderr.  Fails naming SPEC.
bad_spec() {
	local rc=0
	"$MMCAT" -r "$1" data.bin >actual 2>stderr || rc=$?
	if ((rc != 2)) || [[ -s actual ]] ||
		[[ $(<stderr) != "$(usage_stderr "$2")" ]]; then
		fail "case: mmcat -r '$1' data.bin: exit $rc (want 2), $(stat -c %s actual) bytes on stdout (want 0)
stderr: $(<stderr)
want:   $2"
		return 1
	fi
}

NUMBER_HINT='expected an integer: decimal digits with an optional K/M/G/T/P/E suffix (KiB = 1024, kB = 1000), or 0x followed by hex digits'
MIX_MSG='mmcat: --range cannot be combined with --offset, --length or --end'

# --- one range --------------------------------------------------------------

@test "range START:END prints bytes [START, END) as dd does" {
	range_case 0:1 0 1
	range_case 100:200 100 100
	range_case 4095:4097 4095 2
	range_case 4096:8192 4096 4096
	range_case 1:9999 1 9998
	range_case 9999:10000 9999 1
	range_case 0:10000 0 10000
}

@test "range START: prints from START to EOF as tail -c +START+1" {
	local start
	for start in 0 1 4095 4096 9999; do
		tail -c +$((start + 1)) data.bin >expected
		run -0 mmcat_into actual -r "$start:" data.bin
		assert_output ''
		assert_same_file expected actual
	done
}

@test "range :END prints the first END bytes as head -c END" {
	local end
	for end in 1 4095 4096 4097 10000; do
		head -c "$end" data.bin >expected
		run -0 mmcat_into actual -r ":$end" data.bin
		assert_output ''
		assert_same_file expected actual
	done
}

@test "range ':' prints the whole file" {
	run -0 mmcat_into actual -r : data.bin
	assert_output ''
	assert_same_file data.bin actual
}

@test "range ':' on an empty file prints nothing, exit 0" {
	run -0 mmcat_into actual -r : empty.bin
	assert_output ''
	assert_empty_file actual
}

@test "range START+LENGTH prints LENGTH bytes from START as dd does" {
	range_case 0+1 0 1
	range_case 100+200 100 200
	range_case 4095+2 4095 2
	range_case 8191+4097 8191 4097
	range_case 9990+10 9990 10
}

@test "range END or LENGTH past EOF is clamped to EOF, exit 0" {
	tail -c +9001 data.bin >expected
	run -0 mmcat_into actual -r 9000:20000 data.bin
	assert_output ''
	assert_same_file expected actual
	run -0 mmcat_into actual -r 9000+2000 data.bin
	assert_output ''
	assert_same_file expected actual
}

@test "range START at EOF prints nothing, exit 0" {
	run -0 mmcat_into actual -r 10000: data.bin
	assert_output ''
	assert_empty_file actual
}

# --- negative bounds --------------------------------------------------------

@test "range -100: prints what tail -c 100 prints" {
	tail -c 100 data.bin >expected
	run -0 mmcat_into actual -r -100: data.bin
	assert_output ''
	assert_same_file expected actual
}

@test "range -100:-10 prints bytes SIZE-100 to SIZE-10" {
	tail -c 100 data.bin | head -c 90 >expected
	run -0 mmcat_into actual -r -100:-10 data.bin
	assert_output ''
	assert_same_file expected actual
}

@test "range 10:-10 drops 10 bytes at each end (head -c -10 | tail -c +11)" {
	head -c -10 data.bin | tail -c +11 >expected
	run -0 mmcat_into actual -r 10:-10 data.bin
	assert_output ''
	assert_same_file expected actual
}

@test "range -100+10 prints 10 bytes from SIZE-100" {
	tail -c 100 data.bin | head -c 10 >expected
	run -0 mmcat_into actual -r -100+10 data.bin
	assert_output ''
	assert_same_file expected actual
}

@test "range START+-N (negative length) stops N bytes before EOF as head -c -N" {
	head -c -10 data.bin | tail -c +11 >expected
	run -0 mmcat_into actual -r 10+-10 data.bin
	assert_output ''
	assert_same_file expected actual
}

@test "range with a negative START beyond the size is clamped to byte 0, exit 0" {
	run -0 mmcat_into actual -r -20000:100 data.bin
	assert_output ''
	head -c 100 data.bin >expected
	assert_same_file expected actual
}

@test "range -0: prints nothing and :-0 prints the whole file" {
	run -0 mmcat_into actual -r -0: data.bin
	assert_output ''
	assert_empty_file actual
	run -0 mmcat_into actual -r :-0 data.bin
	assert_output ''
	assert_same_file data.bin actual
}

# --- numbers inside specs ---------------------------------------------------

@test "range bounds take hex numbers: 0x10:0x20 and -0x10:" {
	range_case 0x10:0x20 16 16
	range_case 0X1000+0x10 4096 16
	tail -c 16 data.bin >expected
	run -0 mmcat_into actual -r -0x10: data.bin
	assert_output ''
	assert_same_file expected actual
}

@test "range bounds take suffixes: 1K+1K, 1kB:2KiB, 1KB+1" {
	range_case 1K+1K 1024 1024
	range_case 1kB:2KiB 1000 1048
	range_case 1KB+1 1000 1
	range_case 2k: 2048 7952
}

# --- several ranges, several files ------------------------------------------

@test "several ranges print in the order given" {
	{
		slice data.bin 5000 10
		slice data.bin 0 50
		tail -c 7 data.bin
		slice data.bin 4095 2
	} >expected
	run -0 mmcat_into actual -r 5000+10 -r 0:50 -r -7: -r 4095:4097 data.bin
	assert_output ''
	assert_same_file expected actual
}

@test "overlapping ranges print the shared bytes once per range" {
	{
		slice data.bin 0 100
		slice data.bin 50 100
		slice data.bin 50 100
	} >expected
	run -0 mmcat_into actual -r 0:100 -r 50:150 -r 50+100 data.bin
	assert_output ''
	assert_same_file expected actual
}

@test "descending ranges print in the order given, not sorted" {
	{
		slice data.bin 9000 100
		slice data.bin 5000 100
		slice data.bin 0 100
	} >expected
	run -0 mmcat_into actual -r 9000:9100 -r 5000:5100 -r 0:100 data.bin
	assert_output ''
	assert_same_file expected actual
}

@test "several files: the same ranges are applied to each file in turn" {
	make_random a.bin 300
	make_random b.bin 5000
	local f
	for f in a.bin b.bin data.bin; do
		slice "$f" 10 20
		tail -c 5 "$f"
	done >expected
	run -0 mmcat_into actual -r 10+20 -r -5: a.bin b.bin data.bin
	assert_output ''
	assert_same_file expected actual
}

@test "with -r every operand is a file, even one that looks like a number" {
	slice data.bin 0 10 >expected
	run -1 mmcat_into actual -r 0:10 data.bin 100
	assert_output 'mmcat: 100: No such file or directory'
	assert_same_file expected actual
}

@test "a missing file among several: the others still get their ranges, exit 1" {
	{
		slice data.bin 0 10
		slice data.bin 0 10
	} >expected
	run -1 mmcat_into actual -r 0:10 data.bin missing.bin data.bin
	assert_output 'mmcat: missing.bin: No such file or directory'
	assert_same_file expected actual
}

# --- empty ranges and past EOF ----------------------------------------------

@test "END <= START prints nothing, exit 0" {
	local spec
	for spec in 200:100 100:100 -10:-20 100+0 100+-9950 10000:5; do
		run -0 mmcat_into actual -r "$spec" data.bin
		assert_output ''
		[[ ! -s actual ]] || fail "case: -r $spec printed $(file_size actual) bytes"
	done
}

@test "an empty range among others prints nothing for itself, exit 0" {
	{
		slice data.bin 0 10
		slice data.bin 20 10
	} >expected
	run -0 mmcat_into actual -r 0:10 -r 200:100 -r 20+10 data.bin
	assert_output ''
	assert_same_file expected actual
}

@test "a range starting past EOF among good ones: the others print, exit 1" {
	{
		slice data.bin 0 10
		slice data.bin 100 5
	} >expected
	run -1 mmcat_into actual -r 0:10 -r 20000:20010 -r 100+5 data.bin
	assert_output 'mmcat: data.bin: offset 20000 is past end of file (size 10000)'
	assert_same_file expected actual
}

@test "a range starting one byte past EOF is an error, exit 1" {
	run -1 mmcat_into actual -r 10001: data.bin
	assert_output 'mmcat: data.bin: offset 10001 is past end of file (size 10000)'
	assert_empty_file actual
	run -1 mmcat_into actual -r 1: empty.bin
	assert_output 'mmcat: empty.bin: offset 1 is past end of file (size 0)'
	assert_empty_file actual
}

# --- --strict ---------------------------------------------------------------

@test "--strict: one refused range prints nothing at all for the file, exit 1" {
	run -1 mmcat_into actual --strict -r 0:10 -r 9000:20000 -r 100+5 data.bin
	assert_output 'mmcat: data.bin: end 20000 at offset 9000 runs past end of file (size 10000) and --strict is set'
	assert_empty_file actual
}

@test "--strict: a LENGTH past EOF is refused with its message" {
	run -1 mmcat_into actual --strict -r 0:10 -r 9000+2000 data.bin
	assert_output 'mmcat: data.bin: length 2000 at offset 9000 runs past end of file (size 10000) and --strict is set'
	assert_empty_file actual
}

@test "--strict: bounds counting back before byte 0 are refused with their messages" {
	run -1 mmcat_into actual --strict -r 0:10 -r -20000: data.bin
	assert_output 'mmcat: data.bin: offset -20000 reaches before start of file (size 10000) and --strict is set'
	assert_empty_file actual
	run -1 mmcat_into actual --strict -r :-20000 -r 0:10 data.bin
	assert_output 'mmcat: data.bin: end -20000 reaches before start of file (size 10000) and --strict is set'
	assert_empty_file actual
	run -1 mmcat_into actual --strict -r 0+-20000 data.bin
	assert_output 'mmcat: data.bin: length -20000 reaches before start of file (size 10000) and --strict is set'
	assert_empty_file actual
}

@test "--strict: a range past EOF is refused before the good ones print" {
	run -1 mmcat_into actual --strict -r 0:10 -r 20000: data.bin
	assert_output 'mmcat: data.bin: offset 20000 is past end of file (size 10000)'
	assert_empty_file actual
}

@test "--strict: all-good ranges print as without it, exit 0" {
	{
		slice data.bin 9990 10
		slice data.bin 0 4096
		tail -c 100 data.bin
	} >expected
	# END <= START is not refused: it prints nothing
	run -0 mmcat_into actual --strict -r 9990:10000 -r :4K -r 300:200 \
		-r -100: data.bin
	assert_output ''
	assert_same_file expected actual
}

@test "--strict with several files: only the file with a refused range prints nothing" {
	make_random small.bin 100
	{
		slice data.bin 0 10
		slice data.bin 50 100
		slice data.bin 0 10
		slice data.bin 50 100
	} >expected
	run -1 mmcat_into actual --strict -r 0:10 -r 50+100 data.bin small.bin data.bin
	assert_output 'mmcat: small.bin: length 100 at offset 50 runs past end of file (size 100) and --strict is set'
	assert_same_file expected actual
}

# --- standard input (pipes) -------------------------------------------------

@test "pipe on stdin with several ranges (spooled) prints each in order" {
	{
		slice data.bin 9000 100
		slice data.bin 0 50
		tail -c 20 data.bin
		slice data.bin 25 50
	} >expected
	cat data.bin | mmcat -r 9000:9100 -r :50 -r -20: -r 25+50 >actual
	assert_same_file expected actual
}

@test "pipe on stdin with one range prints it, - and no operand alike" {
	slice data.bin 4095 4097 >expected
	cat data.bin | mmcat -r 4095+4097 >actual
	assert_same_file expected actual
	cat data.bin | mmcat -r 4095:8192 - >actual
	assert_same_file expected actual
	tail -c 100 data.bin >expected
	cat data.bin | mmcat -r -100: >actual
	assert_same_file expected actual
}

@test "pipe on stdin: a past-EOF range among several is reported, the others print" {
	{
		slice data.bin 0 10
		tail -c 10 data.bin
	} >expected
	local rc=0
	cat data.bin | mmcat -r :10 -r 20000+1 -r -10: >actual 2>stderr || rc=$?
	((rc == 1)) || fail "exit $rc, want 1"
	assert_equal "$(<stderr)" 'mmcat: standard input: offset 20000 is past end of file (size 10000)'
	assert_same_file expected actual
}

@test "pipe on stdin: --strict with one refused range prints nothing" {
	local rc=0
	cat data.bin | mmcat --strict -r :10 -r 9990+20 >actual 2>stderr || rc=$?
	((rc == 1)) || fail "exit $rc, want 1"
	assert_equal "$(<stderr)" 'mmcat: standard input: length 20 at offset 9990 runs past end of file (size 10000) and --strict is set'
	assert_empty_file actual
}

@test "pipe on stdin: -v says several ranges were spooled to a temporary file, one was streamed" {
	cat data.bin | mmcat -v -r :10 -r 5+5 2>stderr >/dev/null
	run -0 grep -c 'input copied from a stream to a temporary file' stderr
	assert_output 2
	cat data.bin | mmcat -v -r :10 2>stderr >/dev/null
	run -0 grep -c 'stream' stderr
	assert_output 1
	run -1 grep 'temporary file' stderr
}

# --- usage errors -----------------------------------------------------------

@test "bad range shapes (5, +5, empty, 0x10) are usage errors: exit 2, nothing printed" {
	local spec
	for spec in 5 +5 '' 0x10; do
		bad_spec "$spec" "mmcat: invalid range '$spec': expected START:END or START+LENGTH"
	done
}

@test "bad numbers inside ranges (x:y, 1.5K:2, 1+, 1:2:3, 1kb:2) are usage errors naming the spec" {
	local spec
	for spec in x:y 1.5K:2 1+ 1:2:3 1kb:2 0x:1 ' 1:2' --5:; do
		bad_spec "$spec" "mmcat: invalid range '$spec': $NUMBER_HINT"
	done
}

@test "a number too large inside a range is a usage error" {
	bad_spec 0:9223372036854775808 "mmcat: invalid range '0:9223372036854775808': number too large"
	bad_spec 1+16E "mmcat: invalid range '1+16E': number too large"
}

@test "a bad range is a usage error even after a good one and before any file is read" {
	run -2 mmcat_into actual -r 0:10 -r 5 data.bin missing.bin
	assert_output "$(usage_stderr "mmcat: invalid range '5': expected START:END or START+LENGTH")"
	assert_empty_file actual
}

@test "-r mixed with -o, -l or -e is a usage error, in either order" {
	local args
	for args in '-r 0:1 -o 3' '-o 3 -r 0:1' '-r 0:1 -l 3' '-l 3 -r 0:1' \
		'-r 0:1 -e 3' '-e 3 -r 0:1' '--range=0:1 --offset=0'; do
		# shellcheck disable=SC2086 # split on purpose
		run -2 mmcat_into actual $args data.bin
		assert_output "$(usage_stderr "$MIX_MSG")"
		[[ ! -s actual ]] || fail "case: $args printed to stdout"
	done
}

@test "--range=SPEC, --range SPEC, -rSPEC and -r SPEC are the same option" {
	slice data.bin 100 50 >expected
	local form
	for form in --range=100:150 '--range 100+50' -r100:150 '-r 100+50'; do
		# shellcheck disable=SC2086 # split on purpose
		run -0 mmcat_into actual $form data.bin
		assert_output ''
		assert_same_file expected actual
	done
	tail -c 100 data.bin >expected
	for form in --range=-100: '--range -100:' -r-100: '-r -100:'; do
		# shellcheck disable=SC2086 # split on purpose
		run -0 mmcat_into actual $form data.bin
		assert_output ''
		assert_same_file expected actual
	done
}
