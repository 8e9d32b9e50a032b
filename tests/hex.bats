#!/usr/bin/env bats
# SPDX-License-Identifier: BSD-2-Clause
# hex.bats - the man page, HEX DUMPS: -x/--hex: every dump must be byte for
# byte what `xxd -s OFFSET -l LENGTH FILE` prints (absolute addresses, 16
# bytes a line in 2-byte groups, ASCII column).  xxd is the oracle; the one
# documented difference is an offset past EOF (xxd prints nothing, exit 0;
# mmcat reports it, exit 1).

load helpers/common

setup() {
	cd "$BATS_TEST_TMPDIR"
	make_random data.bin 12345	# three pages and a part of a fourth
}

# hex_case FILE OFFSET [LENGTH] : `mmcat -x FILE OFFSET [LENGTH]` must exit 0,
# say nothing on stderr and print exactly `xxd -s OFFSET [-l LENGTH] FILE`.
# Fails naming the case, so loops over many cases report which one broke.
hex_case() {
	local file=$1 off=$2 len=${3-} rc=0
	xxd -s "$off" ${len:+-l "$len"} "$file" >expected
	"$MMCAT" -x "$file" "$off" ${len:+"$len"} >actual 2>stderr || rc=$?
	if ((rc != 0)) || [[ -s stderr ]]; then
		fail "case: mmcat -x $file $off $len: exit $rc, stderr: $(<stderr)"
		return 1
	fi
	if ! cmp -s expected actual; then
		fail "case: mmcat -x $file $off $len differs from xxd -s $off ${len:+-l $len} $file:
$(diff expected actual | head -n 8)"
		return 1
	fi
}

# hex_cases FILE OFFSET+LENGTH... : one `mmcat -x -r OFFSET+LENGTH...` run
# must print the xxd dumps of all the ranges, in order.  On a difference each
# range is retried alone (hex_case) to name the one that broke.
hex_cases() {
	local file=$1 spec rc=0 args=()
	shift
	for spec; do
		xxd -s "${spec%+*}" -l "${spec#*+}" "$file"
		args+=(-r "$spec")
	done >expected_all
	"$MMCAT" -x "${args[@]}" "$file" >actual_all 2>stderr || rc=$?
	if ((rc == 0)) && [[ ! -s stderr ]] && cmp -s expected_all actual_all; then
		return 0
	fi
	for spec; do
		hex_case "$file" "${spec%+*}" "${spec#*+}" || return 1
	done
	fail "case: mmcat -x ${args[*]} $file: exit $rc, stderr: $(<stderr)
$(diff expected_all actual_all | head -n 8)"
	return 1
}

# assert_same_case EXPECTED ACTUAL CASE : like assert_same_file, but names
# CASE (for loops).
assert_same_case() {
	if ! cmp -s -- "$1" "$2"; then
		fail "case: $3: output differs from the oracle:
$(diff -- "$1" "$2" | head -n 8)"
		return 1
	fi
}

# make_all_bytes FILE : the 256 byte values 0x00..0xff, in order.
make_all_bytes() {
	# shellcheck disable=SC2059 # the format is the data
	printf "$(printf '\\%03o' {0..255})" >"$1"
}

FOUR_GIB=$((4 * 1024 * 1024 * 1024))

# make_sparse FILE : a 5 GiB sparse file with "MARK" at 4 GiB + 100.
make_sparse() {
	truncate -s 5G "$1"
	printf MARK | dd of="$1" bs=1 seek=$((FOUR_GIB + 100)) conv=notrunc \
		status=none
}

# --- whole files and small lengths ------------------------------------------

@test "hex: whole random files of many sizes equal xxd FILE" {
	local size
	for size in 0 1 15 16 17 33 4095 4096 4097 65537; do
		make_random "r$size" "$size"
		xxd "r$size" >expected
		run -0 mmcat_into actual -x "r$size"
		assert_output ''
		assert_same_case expected actual "mmcat -x r$size (size $size)"
	done
}

# The text buffer (MMCAT_HEX_TEXT_BYTES) takes whole lines; a dump that
# fills it k times over and ends in a partial line once lost that line.
@test "hex: dumps filling the text buffer k times and a partial line equal xxd, file and pipe" {
	local text=${MMCAT_HEX_TEXT_BYTES:-1048576} per k d size
	per=$((text / 68 * 16))	# the bytes whose 68-byte lines fill it
	make_random big.bin $((2 * per + 17))
	for k in 1 2; do
		for d in -16 -1 0 1 5 15 16 17; do
			size=$((k * per + d))
			head -c "$size" big.bin >f
			xxd f >expected
			"$MMCAT" -x f >actual || fail "exit $? at size $size"
			cmp -s expected actual || fail "mmcat -x f differs from xxd at size $size"
			from_pipe f "$MMCAT" -x >actual || fail "pipe: exit $? at size $size"
			cmp -s expected actual || fail "mmcat -x on a pipe differs from xxd at size $size"
		done
	done
}

@test "hex: --hex (long form) equals xxd" {
	xxd -s 100 -l 300 data.bin >expected
	run -0 mmcat_into actual --hex data.bin 100 300
	assert_output ''
	assert_same_file expected actual
}

@test "hex: length 0 prints nothing and succeeds (as xxd -l 0)" {
	xxd -s 4096 -l 0 data.bin >expected
	run -0 mmcat_into actual -x data.bin 4096 0
	assert_output ''
	assert_empty_file actual
	assert_same_file expected actual
}

@test "hex: lengths 0/1/15/16/17/31/32/33 from offset 0 equal xxd" {
	local len
	for len in 0 1 15 16 17 31 32 33; do
		hex_case data.bin 0 "$len"
	done
}

# --- page boundaries --------------------------------------------------------

@test "hex: ranges at 4095/4096/4097 with lengths 0..33 equal xxd" {
	local off len cases=()
	for off in 4095 4096 4097; do
		for len in 0 1 15 16 17 31 32 33; do
			cases+=("$off+$len")
		done
	done
	hex_cases data.bin "${cases[@]}"
}

@test "hex: ranges at 8191/8192/8193 with lengths 0..33 equal xxd" {
	local off len cases=()
	for off in 8191 8192 8193; do
		for len in 0 1 15 16 17 31 32 33; do
			cases+=("$off+$len")
		done
	done
	hex_cases data.bin "${cases[@]}"
}

@test "hex: ranges that end on a page boundary equal xxd" {
	local off cases=()
	for off in 4064 4079 4080 4081 4095 8160 8175 8177; do
		cases+=("$off+$(((off / 4096 + 1) * 4096 - off))")
	done
	hex_cases data.bin "${cases[@]}"
}

@test "hex: ranges running across a page boundary equal xxd" {
	local off
	for off in 4000 4090 4094 8180 12280; do
		hex_case data.bin "$off" 100
	done
}

@test "hex: no length dumps to EOF from page boundaries (as xxd -s)" {
	local off
	for off in 0 4095 4096 4097 8191 8192 8193 12288 12344 12345; do
		hex_case data.bin "$off"
	done
}

@test "hex: odd offsets and odd lengths equal xxd" {
	local off len
	for off in 1 7 13 4093 12343; do
		for len in 1 19 5001; do
			hex_case data.bin "$off" "$len"
		done
	done
}

@test "hex: offset at EOF prints nothing, exit 0 (as xxd)" {
	xxd -s 12345 data.bin >expected
	run -0 mmcat_into actual -x data.bin 12345
	assert_output ''
	assert_empty_file actual
	assert_same_file expected actual
}

@test "hex: length past EOF is clamped like xxd -l" {
	hex_case data.bin 12000 1000
	xxd data.bin >expected
	run -0 mmcat_into actual -x data.bin 0 1E
	assert_output ''
	assert_same_file expected actual
}

@test "hex: hex and suffixed numbers select the same bytes as xxd" {
	xxd -s 4096 -l 32 data.bin >expected
	run -0 mmcat_into actual -x data.bin 0x1000 0x20
	assert_output ''
	assert_same_file expected actual
	xxd -s 1024 -l 1000 data.bin >expected
	run -0 mmcat_into actual -x data.bin 1K 1kB
	assert_output ''
	assert_same_file expected actual
}

@test "hex: a range of several MiB equals xxd" {
	make_random big.bin $((5 * 1024 * 1024 + 77))
	hex_case big.bin 12345 $((3 * 1024 * 1024 + 5))
}

# --- addresses past 4 GiB ---------------------------------------------------

@test "hex: offsets past 4 GiB on a sparse file give 9-digit addresses as xxd" {
	make_sparse sparse.bin
	hex_case sparse.bin $((FOUR_GIB + 90)) 40
	# and independently of xxd: the marker sits on the 9-digit line
	run -0 grep -c '^10000005a: .*MARK' actual
	assert_output 1
}

@test "hex: a range crossing 4 GiB switches from 8 to 9 address digits as xxd" {
	make_sparse sparse.bin
	hex_case sparse.bin $((FOUR_GIB - 24)) 48
	run -0 sed -n '1s/:.*//p;$s/:.*//p' actual
	assert_output $'ffffffe8\n100000008'
}

@test "hex: to EOF on the sparse file's last bytes equals xxd" {
	make_sparse sparse.bin
	hex_case sparse.bin -37
	hex_case sparse.bin $((5 * 1024 * 1024 * 1024 - 37))
}

# --- the ASCII column -------------------------------------------------------

@test "hex: every byte value 0..255 equals xxd" {
	make_all_bytes bytes.bin
	[[ $(file_size bytes.bin) == 256 ]]
	hex_case bytes.bin 0
	hex_case bytes.bin 7 249
	hex_case bytes.bin 31 97
}

@test "hex: ASCII column shows 0x20..0x7e as themselves and every other byte as '.'" {
	make_all_bytes bytes.bin
	# the oracle: tr maps the non-printables to '.'
	LC_ALL=C tr '\000-\037\177-\377' '[.*]' <bytes.bin >expected
	run -0 mmcat_into actual -x bytes.bin
	# the column starts after "AAAAAAAA: " + 39 hex chars + 2 spaces
	cut -c 52- actual | tr -d '\n' >column
	assert_same_file expected column
	run -0 grep -c '^' actual
	assert_output 16
}

# --- standard input ---------------------------------------------------------

@test "hex: standard input as a pipe equals xxd of the same bytes" {
	xxd data.bin >expected
	cat data.bin | mmcat -x >actual
	assert_same_file expected actual
	xxd -s 100 -l 50 data.bin >expected
	cat data.bin | mmcat -x - 100 50 >actual
	assert_same_file expected actual
	xxd -s 4090 -l 1000 data.bin >expected
	cat data.bin | mmcat -x - 4090 1000 >actual
	assert_same_file expected actual
}

@test "hex: standard input as a pipe with a negative offset equals xxd of the tail" {
	xxd -s $((12345 - 100)) data.bin >expected
	cat data.bin | mmcat -x - -100 >actual
	assert_same_file expected actual
}

@test "hex: standard input as a regular file equals xxd -s on the file" {
	xxd -s 100 -l 50 data.bin >expected
	run -0 mmcat_into actual -x - 100 50 <data.bin
	assert_output ''
	assert_same_file expected actual
	xxd data.bin >expected
	run -0 mmcat_into actual -x <data.bin
	assert_output ''
	assert_same_file expected actual
}

# The man page, HEX DUMPS: each line starts with "the offset of its first
# byte in the file", and a seekable standard input's offsets count from its
# position; xxd -s +N, after a reader before it, prints the same.

@test "hex: positioned regular standard input: offsets count from its position, lines show file offsets (xxd -s +N)" {
	{
		dd bs=100 count=1 of=/dev/null status=none
		mmcat_into actual -x - 20 40
	} <data.bin
	# the bytes, in the hex and text columns: file bytes 120..159
	xxd -s 120 -l 40 data.bin | cut -c 10- >expected
	cut -c 10- actual >columns
	assert_same_file expected columns
	# the addresses: file offsets, as xxd -s +20 gives them
	{
		dd bs=100 count=1 of=/dev/null status=none
		xxd -s +20 -l 40
	} <data.bin >expected
	assert_same_file expected actual
	printf '%s' {a..z} >alpha
	{ head -c 5 >/dev/null; xxd -s +2 -l 8; } <alpha >expected
	run -0 cut -c 1-9 expected
	assert_output '00000007:'	# the 8th byte of the file, h
	{ head -c 5 >/dev/null; mmcat_into actual -x -o 2 -l 8; } <alpha
	assert_same_file expected actual
	# to the end, and from the end
	{ head -c 5 >/dev/null; xxd -s +2; } <alpha >expected
	{ head -c 5 >/dev/null; mmcat_into actual -x -o 2; } <alpha
	assert_same_file expected actual
	xxd -s -3 alpha >expected
	{ head -c 5 >/dev/null; mmcat_into actual -x -o -3; } <alpha
	assert_same_file expected actual
}

@test "hex: positioned regular standard input: -r ranges and -L lines show file offsets, as xxd -s of the file" {
	printf '%s' {a..z} >alpha
	# offsets 2 and 0 from position 5 are bytes 7 and 5 of the file
	{ xxd -s 7 -l 8 alpha; xxd -s 5 -l 3 alpha; } >expected
	{ head -c 5 >/dev/null; mmcat_into actual -x -r 2+8 -r :3; } <alpha
	assert_same_file expected actual
	# line 2 from position 5: after the rest of line 3 of the file
	seq 10 >ten
	local first second
	first=$(tail -c +6 ten | head -n 1 | wc -c)
	second=$(tail -c +6 ten | sed -n 2p | wc -c)
	xxd -s $((5 + first)) -l "$second" ten >expected
	{ head -c 5 >/dev/null; mmcat_into actual -x -L 2; } <ten
	assert_same_file expected actual
	xxd -s -5 ten >expected	# the last two lines, "9\n10\n"
	{ head -c 5 >/dev/null; mmcat_into actual -x -L -2:; } <ten
	assert_same_file expected actual
}

@test "hex: several -r ranges on a pipe (spooled) equal the xxd dumps in order" {
	{
		xxd -s 4090 -l 100 data.bin
		xxd -s 0 -l 17 data.bin
		xxd -s $((12345 - 33)) data.bin
	} >expected
	cat data.bin | mmcat -x -r 4090+100 -r :17 -r -33: >actual
	assert_same_file expected actual
}

# --- negative offsets and lengths -------------------------------------------

@test "hex: negative offset -100 equals xxd -s SIZE-100" {
	xxd -s $((12345 - 100)) data.bin >expected
	run -0 mmcat_into actual -x data.bin -100
	assert_output ''
	assert_same_file expected actual
}

@test "hex: negative offset with a length equals xxd with the absolute offset" {
	xxd -s $((12345 - 100)) -l 10 data.bin >expected
	run -0 mmcat_into actual -x data.bin -100 10
	assert_output ''
	assert_same_file expected actual
	xxd -s $((12345 - 4097)) -l 33 data.bin >expected
	run -0 mmcat_into actual -x -o -4097 -l 33 data.bin
	assert_output ''
	assert_same_file expected actual
}

@test "hex: negative length stops before EOF like xxd -l SIZE-OFFSET-N" {
	xxd -s 100 -l $((12345 - 100 - 100)) data.bin >expected
	run -0 mmcat_into actual -x data.bin 100 -100
	assert_output ''
	assert_same_file expected actual
}

# --- several files and several ranges ---------------------------------------

@test "hex: option form with several files gives one dump per file, each with its own addresses" {
	make_random a.bin 5000
	make_random b.bin 9000
	{
		xxd -s 4090 -l 40 a.bin
		xxd -s 4090 -l 40 b.bin
		xxd -s 4090 -l 40 data.bin
	} >expected
	run -0 mmcat_into actual -x -o 4090 -l 40 a.bin b.bin data.bin
	assert_output ''
	assert_same_file expected actual
}

@test "hex: option form with -o and -e equals xxd -s OFF -l END-OFF" {
	xxd -s 100 -l 4000 data.bin >expected
	run -0 mmcat_into actual -x -o 100 -e 4100 data.bin
	assert_output ''
	assert_same_file expected actual
}

@test "hex: -x with several -r ranges concatenates one xxd dump per range" {
	{
		xxd -s 0 -l 16 data.bin
		xxd -s 4090 -l 100 data.bin
		xxd -s 1 -l 1 data.bin
		xxd -s $((12345 - 50)) data.bin
		xxd -s 4090 -l 100 data.bin
	} >expected
	run -0 mmcat_into actual -x -r 0:16 -r 4090+100 -r 1:2 -r -50: \
		-r 4090:4190 data.bin
	assert_output ''
	assert_same_file expected actual
}

@test "hex: -x with -r over several files dumps each range of each file in order" {
	make_random a.bin 300
	{
		xxd -s 17 -l 33 a.bin
		xxd -s $((300 - 20)) a.bin
		xxd -s 17 -l 33 data.bin
		xxd -s $((12345 - 20)) data.bin
	} >expected
	run -0 mmcat_into actual -x -r 17+33 -r -20: a.bin data.bin
	assert_output ''
	assert_same_file expected actual
}

# --- mapping windows and copy methods ---------------------------------------

@test "hex: MMCAT_WINDOW=4096, a range with lines across a window edge equals xxd" {
	xxd -s 4090 -l 100 data.bin >expected
	MMCAT_WINDOW=4096 run -0 mmcat_into actual -x data.bin 4090 100
	assert_output ''
	assert_same_file expected actual
}

@test "hex: MMCAT_WINDOW=4096, from offset 1 every window edge falls mid-line; equals xxd" {
	make_random w.bin $((5 * 4096 + 9))
	xxd -s 1 w.bin >expected
	MMCAT_WINDOW=4096 run -0 mmcat_into actual -x w.bin 1
	assert_output ''
	assert_same_file expected actual
	xxd -s 1 -l $((4 * 4096)) w.bin >expected
	MMCAT_WINDOW=4096 run -0 mmcat_into actual -x w.bin 1 $((4 * 4096))
	assert_output ''
	assert_same_file expected actual
}

@test "hex: MMCAT_WINDOW=4096, many ranges equal xxd" {
	local off len cases=()
	for off in 1 4081 4089 4095 8185 12287; do
		for len in 15 17 4097 8200; do
			cases+=("$off+$len")
		done
	done
	MMCAT_WINDOW=4096 hex_cases data.bin "${cases[@]}"
}

@test "hex: MMCAT_COPY=write and a pipe on stdout give the same dump as xxd" {
	xxd -s 4001 -l 5000 data.bin >expected
	MMCAT_COPY='write' mmcat -x data.bin 4001 5000 | cat >actual
	assert_same_file expected actual
	MMCAT_COPY=auto mmcat -x data.bin 4001 5000 | cat >actual
	assert_same_file expected actual
	MMCAT_COPY='write' run -0 mmcat_into actual -x data.bin 4001 5000
	assert_output ''
	assert_same_file expected actual
}

# --- errors -----------------------------------------------------------------

@test "hex: offset past EOF is an error, exit 1 (unlike xxd, which prints nothing)" {
	run -1 mmcat_into actual -x data.bin 12346
	assert_output 'mmcat: data.bin: offset 12346 is past end of file (size 12345)'
	assert_empty_file actual
}

@test "hex: a past-EOF -r range is reported, the others are still dumped, exit 1" {
	{
		xxd -s 0 -l 20 data.bin
		xxd -s 12340 data.bin
	} >expected
	run -1 mmcat_into actual -x -r :20 -r 20000+5 -r 12340: data.bin
	assert_output 'mmcat: data.bin: offset 20000 is past end of file (size 12345)'
	assert_same_file expected actual
}

@test "hex: --strict refuses a length past EOF and prints nothing" {
	run -1 mmcat_into actual --strict -x data.bin 12300 100
	assert_output 'mmcat: data.bin: length 100 at offset 12300 runs past end of file (size 12345) and --strict is set'
	assert_empty_file actual
}

@test "hex: --strict refuses a negative offset before byte 0 and prints nothing" {
	run -1 mmcat_into actual --strict -x data.bin -20000
	assert_output 'mmcat: data.bin: offset -20000 reaches before start of file (size 12345) and --strict is set'
	assert_empty_file actual
}

@test "hex: --strict with one refused -r range prints no dump at all" {
	run -1 mmcat_into actual --strict -x -r 0:16 -r 12300:12400 data.bin
	assert_output 'mmcat: data.bin: end 12400 at offset 12300 runs past end of file (size 12345) and --strict is set'
	assert_empty_file actual
}

@test "hex: --strict with an exact range equals xxd" {
	xxd -s 12300 -l 45 data.bin >expected
	run -0 mmcat_into actual --strict -x data.bin 12300 45
	assert_output ''
	assert_same_file expected actual
}
