#!/usr/bin/env bats
# SPDX-License-Identifier: BSD-2-Clause
# ranges.bats - the man page, RANGES: offset, length, end, the -0 forms,
# clamping, --strict, and one range over several files.  Every expected
# byte stream comes from dd (slice), head -c or tail -c, never from mmcat.

load helpers/common

setup() {
	cd "$BATS_TEST_TMPDIR"
	make_random data.bin 10000
	: >empty.bin
}

# --- OFFSET -----------------------------------------------------------------

@test "no offset: FILE alone prints the whole file from byte 0" {
	run -0 mmcat_into out data.bin
	assert_output ''
	assert_same_file data.bin out
}

@test "no offset: -l alone counts from byte 0 (head -c)" {
	head -c 777 data.bin >expected
	run -0 mmcat_into out -l 777 data.bin
	assert_output ''
	assert_same_file expected out
}

@test "offset inside the file prints from that byte to EOF" {
	tail -c +1235 data.bin >expected
	run -0 mmcat_into out data.bin 1234
	assert_output ''
	assert_same_file expected out
}

@test "offset and length inside the file print exactly that slice" {
	slice data.bin 1234 567 >expected
	run -0 mmcat_into out data.bin 1234 567
	assert_output ''
	assert_same_file expected out
}

@test "negative offset -N prints what tail -c N prints" {
	tail -c 300 data.bin >expected
	run -0 mmcat_into out data.bin -300
	assert_output ''
	assert_same_file expected out
}

@test "negative offset in option form (-o -N) prints what tail -c N prints" {
	tail -c 4321 data.bin >expected
	run -0 mmcat_into out -o -4321 data.bin
	assert_output ''
	assert_same_file expected out
}

@test "negative offset larger than the size clamps to 0: whole file, exit 0" {
	tail -c 20000 data.bin >expected
	run -0 mmcat_into out data.bin -20000
	assert_output ''
	assert_same_file expected out
	assert_same_file data.bin out
}

@test "offset == size prints nothing and exits 0" {
	run -0 mmcat_into out data.bin 10000
	assert_output ''
	assert_empty_file out
}

@test "offset > size: exit 1, nothing on stdout, exact past-EOF message" {
	run -1 mmcat_into out data.bin 10001
	assert_output 'mmcat: data.bin: offset 10001 is past end of file (size 10000)'
	assert_empty_file out
}

@test "offset > size in option form: exit 1, exact past-EOF message" {
	run -1 mmcat_into out -o 20000 -l 5 data.bin
	assert_output 'mmcat: data.bin: offset 20000 is past end of file (size 10000)'
	assert_empty_file out
}

# --- empty file -------------------------------------------------------------

@test "empty file, positional form: prints nothing, exit 0" {
	run -0 mmcat_into out empty.bin
	assert_output ''
	assert_empty_file out
}

@test "empty file with offset 0: prints nothing, exit 0" {
	run -0 mmcat_into out empty.bin 0
	assert_output ''
	assert_empty_file out
}

@test "empty file with offset -0: prints nothing, exit 0" {
	run -0 mmcat_into out empty.bin -0
	assert_output ''
	assert_empty_file out
}

# --- LENGTH -----------------------------------------------------------------

@test "length running past EOF is clamped at EOF, exit 0" {
	slice data.bin 9000 1000 >expected
	run -0 mmcat_into out data.bin 9000 5000
	assert_output ''
	assert_same_file expected out
}

@test "length 0 prints nothing, exit 0" {
	run -0 mmcat_into out data.bin 100 0
	assert_output ''
	assert_empty_file out
}

@test "negative length -N from offset 0 prints what head -c -N prints" {
	head -c -300 data.bin >expected
	run -0 mmcat_into out data.bin 0 -300
	assert_output ''
	assert_same_file expected out
}

@test "negative length -N after an offset stops N bytes before EOF" {
	slice data.bin 100 9600 >expected	# 10000 - 300 - 100
	run -0 mmcat_into out -o 100 -l -300 data.bin
	assert_output ''
	assert_same_file expected out
}

@test "negative length whose end lies before the offset prints nothing, exit 0" {
	run -0 mmcat_into out data.bin 9900 -300
	assert_output ''
	assert_empty_file out
}

# --- END --------------------------------------------------------------------

@test "--end is exclusive: -o 100 -e 200 prints bytes 100..199" {
	slice data.bin 100 100 >expected
	run -0 mmcat_into out -o 100 --end 200 data.bin
	assert_output ''
	assert_same_file expected out
}

@test "--end past EOF is clamped at EOF, exit 0" {
	slice data.bin 9000 1000 >expected
	run -0 mmcat_into out -o 9000 -e 20000 data.bin
	assert_output ''
	assert_same_file expected out
}

@test "negative --end counts back from EOF" {
	slice data.bin 100 9600 >expected	# end = 10000 - 300
	run -0 mmcat_into out -o 100 -e -300 data.bin
	assert_output ''
	assert_same_file expected out
}

@test "--end equal to the offset prints nothing, exit 0" {
	run -0 mmcat_into out -o 500 -e 500 data.bin
	assert_output ''
	assert_empty_file out
}

@test "--end before the offset prints nothing, exit 0" {
	run -0 mmcat_into out -o 500 -e 400 data.bin
	assert_output ''
	assert_empty_file out
}

@test "--end and --length together are a usage error, nothing on stdout" {
	run -2 mmcat_into out -o 1 -l 2 -e 3 data.bin
	assert_output "$(usage_stderr 'mmcat: --length and --end cannot be used together')"
	assert_empty_file out
}

# --- the -0 forms -----------------------------------------------------------

@test "offset -0 means EOF: prints nothing, exit 0" {
	run -0 mmcat_into out data.bin -0
	assert_output ''
	assert_empty_file out
}

@test "length -0 means up to EOF, like head -c -0" {
	head -c -0 data.bin >expected
	run -0 mmcat_into out data.bin 0 -0
	assert_output ''
	assert_same_file expected out
}

@test "length -0 after an offset prints from the offset to EOF" {
	tail -c +101 data.bin >expected
	run -0 mmcat_into out -o 100 -l -0 data.bin
	assert_output ''
	assert_same_file expected out
}

@test "end -0 means EOF: prints from the offset to EOF" {
	tail -c +101 data.bin >expected
	run -0 mmcat_into out -o 100 -e -0 data.bin
	assert_output ''
	assert_same_file expected out
}

# --- --strict ---------------------------------------------------------------

@test "--strict: negative offset before byte 0 is refused, nothing printed" {
	run -1 mmcat_into out --strict data.bin -20000
	assert_output 'mmcat: data.bin: offset -20000 reaches before start of file (size 10000) and --strict is set'
	assert_empty_file out
}

@test "--strict: length past EOF is refused, nothing printed" {
	run -1 mmcat_into out --strict data.bin 9000 5000
	assert_output 'mmcat: data.bin: length 5000 at offset 9000 runs past end of file (size 10000) and --strict is set'
	assert_empty_file out
}

@test "--strict: end past EOF is refused, nothing printed" {
	run -1 mmcat_into out --strict -o 9000 -e 20000 data.bin
	assert_output 'mmcat: data.bin: end 20000 at offset 9000 runs past end of file (size 10000) and --strict is set'
	assert_empty_file out
}

@test "--strict: negative length counting back past byte 0 is refused" {
	run -1 mmcat_into out --strict data.bin 0 -20000
	assert_output 'mmcat: data.bin: length -20000 reaches before start of file (size 10000) and --strict is set'
	assert_empty_file out
}

@test "--strict: negative end counting back past byte 0 is refused" {
	run -1 mmcat_into out --strict -o 0 -e -20000 data.bin
	assert_output 'mmcat: data.bin: end -20000 reaches before start of file (size 10000) and --strict is set'
	assert_empty_file out
}

@test "--strict: offset past EOF is still the plain past-EOF error" {
	run -1 mmcat_into out --strict data.bin 10001
	assert_output 'mmcat: data.bin: offset 10001 is past end of file (size 10000)'
	assert_empty_file out
}

@test "--strict: an in-bounds range prints normally" {
	slice data.bin 100 200 >expected
	run -0 mmcat_into out --strict data.bin 100 200
	assert_output ''
	assert_same_file expected out
}

@test "--strict: ranges that fit exactly to EOF or byte 0 succeed" {
	slice data.bin 9000 1000 >expected
	run -0 mmcat_into out --strict data.bin 9000 1000
	assert_output ''
	assert_same_file expected out

	run -0 mmcat_into out --strict -o 9000 -e 10000 data.bin
	assert_output ''
	assert_same_file expected out

	run -0 mmcat_into out --strict data.bin -10000
	assert_output ''
	assert_same_file data.bin out

	head -c 1 data.bin >expected
	run -0 mmcat_into out --strict data.bin 0 -9999
	assert_output ''
	assert_same_file expected out

	run -0 mmcat_into out --strict data.bin 10000
	assert_output ''
	assert_empty_file out
}

@test "--strict: END <= OFFSET is not refused, prints nothing, exit 0" {
	run -0 mmcat_into out --strict -o 500 -e 400 data.bin
	assert_output ''
	assert_empty_file out
}

@test "--strict: negative length ending before the offset is not refused" {
	run -0 mmcat_into out --strict data.bin 9900 -300
	assert_output ''
	assert_empty_file out
}

@test "--strict with several files: earlier file printed, refused one prints nothing" {
	make_random small.bin 100
	head -c 500 data.bin >expected
	run -1 mmcat_into out --strict -l 500 data.bin small.bin
	assert_output 'mmcat: small.bin: length 500 at offset 0 runs past end of file (size 100) and --strict is set'
	assert_same_file expected out
}

# --- int64 extremes ---------------------------------------------------------

@test "a length near 2^63 is clamped at EOF without overflowing offset+length" {
	tail -c +101 data.bin >expected
	run -0 mmcat_into out data.bin 100 9223372036854775807
	assert_output ''
	assert_same_file expected out

	run -0 mmcat_into out -o 100 -e 9223372036854775807 data.bin
	assert_output ''
	assert_same_file expected out

	run -1 mmcat_into out --strict data.bin 100 9223372036854775807
	assert_output 'mmcat: data.bin: length 9223372036854775807 at offset 100 runs past end of file (size 10000) and --strict is set'
	assert_empty_file out
}

@test "an offset of -2^63 clamps to byte 0; +2^63-1 is past EOF" {
	run -0 mmcat_into out data.bin -9223372036854775808
	assert_output ''
	assert_same_file data.bin out

	run -1 mmcat_into out data.bin 9223372036854775807
	assert_output 'mmcat: data.bin: offset 9223372036854775807 is past end of file (size 10000)'
	assert_empty_file out
}

# --- option form, several files ---------------------------------------------

@test "option form applies the same range to every file, in order" {
	make_random b.bin 3000
	make_random c.bin 70
	{
		slice data.bin 50 1000
		slice b.bin 50 1000
		slice c.bin 50 1000
	} >expected
	run -0 mmcat_into out -o 50 -l 1000 data.bin b.bin c.bin
	assert_output ''
	assert_same_file expected out
}

@test "option form: negative offset resolves against each file's own size" {
	make_random b.bin 3000
	{ tail -c 2500 data.bin; tail -c 2500 b.bin; tail -c 2500 empty.bin; } >expected
	run -0 mmcat_into out -o -2500 data.bin b.bin empty.bin
	assert_output ''
	assert_same_file expected out
}

@test "option form: a file with offset past EOF fails, the others still print, exit 1" {
	make_random small.bin 100
	make_random b.bin 6000
	{ slice data.bin 5000 10; slice b.bin 5000 10; } >expected
	run -1 mmcat_into out -o 5000 -l 10 data.bin small.bin b.bin
	assert_output 'mmcat: small.bin: offset 5000 is past end of file (size 100)'
	assert_same_file expected out
}

# --- large and unaligned ----------------------------------------------------

@test "5 MiB random file: unaligned offsets and lengths match dd" {
	make_random r5.bin 5M
	slice r5.bin 1000003 3000001 >expected
	run -0 mmcat_into out r5.bin 1000003 3000001
	assert_output ''
	assert_same_file expected out

	tail -c 1000003 r5.bin >expected
	run -0 mmcat_into out r5.bin -1000003
	assert_output ''
	assert_same_file expected out

	slice r5.bin 4097 $((5 * 1024 * 1024 - 4097 - 12345)) >expected
	run -0 mmcat_into out -o 4097 -l -12345 r5.bin
	assert_output ''
	assert_same_file expected out
}

@test "ranges crossing the 8 MiB default window edge in a sparse+data file" {
	local M=$((1024 * 1024))
	truncate -s 24M big.bin
	head -c 5M /dev/urandom | dd of=big.bin bs=64K seek=$((6 * M)) \
		oflag=seek_bytes conv=notrunc status=none
	head -c 1M /dev/urandom | dd of=big.bin bs=64K seek=$((16 * M + 7)) \
		oflag=seek_bytes conv=notrunc status=none

	# Crosses byte 8 MiB, and 8 MiB past the aligned-down offset, and 16 MiB.
	slice big.bin 1000003 $((15 * M + 1)) >expected
	run -0 mmcat_into out big.bin 1000003 $((15 * M + 1))
	assert_output ''
	assert_same_file expected out

	# A short range straddling byte 8 MiB exactly.
	slice big.bin $((8 * M - 3)) 7 >expected
	run -0 mmcat_into out big.bin $((8 * M - 3)) 7
	assert_output ''
	assert_same_file expected out

	# Tail reaching back across the data at 16 MiB and the 8 MiB mark.
	slice big.bin $((24 * M - 17 * M - 5)) $((17 * M + 5)) >expected
	run -0 mmcat_into out -o -$((17 * M + 5)) big.bin
	assert_output ''
	assert_same_file expected out
}
