#!/usr/bin/env bats
# SPDX-License-Identifier: BSD-2-Clause
# boundaries.bats - every fixed buffer of mmcat at its boundary, but the hex
# text buffer (tests/hexdiff.bats has that one).  Each buffer has its size
# in the build (src/buffers.h; common.bash reads them as MMCAT_READ_BYTES
# and so on), and each case sends through the path that uses the buffer an
# input that meets its edge k times over, k = 1 and 2, a byte short of it,
# right on it and a byte past it: the stream readers' read buffer, the tail
# ring and the line hold of a stream, the mapping window, the first block
# of a line scan, the kernel copy's chunk, the write chunk and the progress
# line's piece.  The oracles are head, tail, dd, sed and xxd on the same
# bytes (the man page: RANGES, LINE RANGES, HEX DUMPS, and DESCRIPTION's
# Mapped files, Streams and Output).  A failure names the buffer, its size
# and every case that went wrong.  Run in a build with tiny buffers
# (configure --enable-tiny-buffers) as well: there every edge is a few
# hundred bytes away, and a few pieces of each path meet it.

load helpers/common

setup() {
	cd "$BATS_TEST_TMPDIR"
	# the build's own window and the fast paths, whatever the caller set
	unset MMCAT_WINDOW MMCAT_COPY
	failed=()
	PAGE=$(getconf PAGESIZE)
}

# mmcat_piped OUT ARGS... : mmcat with standard output a pipe, which cat
# empties into the file OUT; returns mmcat's status.
mmcat_piped() {
	local out=$1
	shift
	"$MMCAT" "$@" | cat >"$out"
	return "${PIPESTATUS[0]}"
}

# line_file OUT SIZE P... : OUT gets SIZE bytes of text in lines of 97
# bytes (its offset, letters and a newline), but that the line through
# each offset P (ascending) is cut short to end in a newline at P; the
# last byte is a newline.  Fails unless each P holds a newline.
line_file() {
	local out=$1 size=$2 p
	shift 2
	awk -v size="$size" -v at="$*" 'BEGIN {
		n = split(at, p, " ")
		abc = "abcdefghijklmnopqrstuvwxyz"
		for (pos = 0; pos < size; pos += len) {
			len = 97
			for (i = 1; i <= n; i++)
				if (p[i] >= pos && p[i] < pos + len)
					len = p[i] - pos + 1
			if (pos + len > size)
				len = size - pos
			line = pos ":"
			while (length(line) < len - 1)
				line = line abc
			printf "%s\n", substr(line, 1, len - 1)
		}
	}' >"$out"
	for p in "$@"; do
		[[ $(slice "$out" "$p" 1 | od -An -tx1) == ' 0a' ]] ||
			fail "line_file: no newline at offset $p of $out"
	done
	[[ $(file_size "$out") == "$size" ]] ||
		fail "line_file: $out is $(file_size "$out") bytes, not $size"
}

# lines_in FILE BYTES : the newlines among FILE's first BYTES bytes (wc).
lines_in() {
	head -c "$2" -- "$1" | wc -l
}

# check_lines WHAT FILE TOTAL SPEC CMD... : expect_output of CMD against
# what `mmcat -L SPEC FILE` must print, by sed, tail and head
# (expected_lines); TOTAL is FILE's line count.
check_lines() {
	expected_lines "$2" "$3" "$4" >want
	expect_output "$1" want "${@:5}"
}

# --- MMCAT_READ_BYTES: one read(2) of a stream ---------------------------------

READ=${MMCAT_READ_BYTES:-262144}

@test "boundaries: read buffer: a stream read whole, ranges ending and starting at its edges, equal head -c and dd, and the rest stays in the pipe" {
	local size e len
	edges "$READ"
	make_random src $((2 * READ + READ / 2 + 100))
	require_full_pipe "$(file_size src)"
	for size in "${at[@]}"; do
		head -c "$size" src >f
		expect_output "mmcat - <a pipe holding f ($size bytes)" f full_pipe got f -
		expect_output "cat f | mmcat - ($size bytes)" f from_pipe f mmcat_into got -
	done
	# a range with a known end reads up to it and no further (the man
	# page, Streams): the next reader of the pipe gets the rest
	for e in "${at[@]}"; do
		slice src 3 $((e - 3)) >want
		tail -c +$((e + 1)) src >want.rest
		expect_output "mmcat -o 3 -l $((e - 3)) - (ends at $e)" want \
			full_pipe got src -o 3 -l $((e - 3)) -
		note_difference "the rest of the pipe after -o 3 -l $((e - 3))" want.rest rest
		len=$((READ / 3 + 7))
		slice src "$e" "$len" >want
		tail -c +$((e + len + 1)) src >want.rest
		expect_output "mmcat - $e $len (starts at $e)" want full_pipe got src - "$e" "$len"
		note_difference "the rest of the pipe after - $e $len" want.rest rest
		tail -c +$((e + 1)) src >want
		expect_output "mmcat - $e (to the end)" want full_pipe got src - "$e"
	done
	report_failed "MMCAT_READ_BYTES=$READ"
}

@test "boundaries: read buffer: negative offsets and -r ranges meeting at its edges, from a pipe, equal tail -c and dd, one pass or spooled" {
	local e size
	edges "$READ"
	make_random src $((2 * READ + READ / 2 + 100))
	require_full_pipe "$(file_size src)"
	for e in "${at[@]}"; do
		tail -c "$e" src >want
		expect_output "mmcat - -$e" want full_pipe got src - -"$e"
		# ascending ranges, served in one pass
		slice src 5 $((e + 72)) >want
		expect_output "mmcat -r 5:$e -r $e:$((e + 77))" want \
			full_pipe got src -r 5:"$e" -r "$e":$((e + 77))
		expect_output "mmcat -r 0+$e -r $e:" src full_pipe got src -r 0+"$e" -r "$e":
		# going back: served from a copy of the stream in $TMPDIR
		{ tail -c +$((e + 1)) src; slice src 3 $((e - 3)); } >want
		expect_output "mmcat -r $e: -r 3:$e (a copy)" want \
			full_pipe got src -r "$e": -r 3:"$e"
	done
	for size in "${at[@]}"; do
		head -c "$size" src >f
		{ tail -c +2 f; head -c 1 f; } >want
		expect_output "mmcat -r 1: -r 0:1 (f: $size bytes, a copy)" want \
			full_pipe got f -r 1: -r 0:1
	done
	report_failed "MMCAT_READ_BYTES=$READ"
}

@test "boundaries: read buffer: -L on a stream, with lines ending at its edges, equals sed and tail -n" {
	local e n k total spec
	edges "$READ"
	require_full_pipe $((2 * READ + READ / 2))
	for e in "${at[@]}"; do
		# line n ends at e, just past its newline; line n + 1 starts there
		line_file f $((2 * READ + READ / 2)) $((e - 1))
		n=$(lines_in f "$e")
		total=$(line_count f)
		k=$((total - n))	# lines n + 1 to the last
		# n and n + 1 stop at the newline before e, :n+1 and n + 2 count
		# it and go on; -k: and -(k+1): hold the lines from there
		for spec in "$n" ":$((n + 1))" "$((n + 1))" "$((n + 2))" "$n:+1" \
			"-$k:" "-$((k + 1)):"; do
			check_lines "mmcat -L $spec - (line $n ends at $e)" f "$total" "$spec" \
				full_pipe got f -L "$spec" -
		done
	done
	report_failed "MMCAT_READ_BYTES=$READ"
}

# skip_without_shim : skip, saying why, unless the fault-injection shim
# (tests/faults/inject.c) can be preloaded into mmcat.
skip_without_shim() {
	[[ -n ${MMCAT_INJECT:-} && -f $MMCAT_INJECT ]] ||
		skip "no fault-injection shim to make mmap fail: MMCAT_INJECT='${MMCAT_INJECT:-}' (make check names it where configure could build it)"
	! ldd "$MMCAT" 2>/dev/null | grep -q libasan ||
		skip "AddressSanitizer build: the fault-injection shim cannot be preloaded"
}

# unmappable ARGS... : mmcat ARGS with every mmap of an input refused, as a
# file system that will not map refuses it (no such file system is at
# hand): the range is then read with pread(2), a read buffer at a time.
unmappable() {
	LD_PRELOAD=$MMCAT_INJECT INJECT_MMAP=fail=ENODEV "$MMCAT" "$@"
}

# unmappable_piped OUT ARGS... : unmappable into a pipe, emptied into OUT.
unmappable_piped() {
	local out=$1
	shift
	unmappable "$@" | cat >"$out"
	return "${PIPESTATUS[0]}"
}

@test "boundaries: read buffer: where mmap is refused, pread(2) ranges and -L across its edges equal dd and sed" {
	local e n total spec
	skip_without_shim
	edges "$READ"
	make_random src $((2 * READ + READ / 2 + 100))
	for e in "${at[@]}"; do
		slice src 0 "$e" >want
		expect_output "mmcat src 0 $e (pread)" want unmappable_piped got src 0 "$e"
		slice src 1 $((e - 1)) >want
		expect_output "mmcat src 1 $((e - 1)) (pread)" want \
			unmappable_piped got src 1 $((e - 1))
		slice src "$e" 1000 >want
		expect_output "mmcat src $e 1000 (pread)" want \
			unmappable_piped got src "$e" 1000
		head -c "$e" src >f
		expect_output "mmcat f (f: $e bytes, pread)" f unmappable_piped got f
	done
	for e in "${at[@]}"; do
		line_file f $((2 * READ + READ / 2)) $((e - 1))
		n=$(lines_in f "$e")
		total=$(line_count f)
		for spec in ":$n" "$((n + 1))" "-$((total - n)):"; do
			check_lines "mmcat -L $spec f (line $n ends at $e, pread)" f "$total" "$spec" \
				unmappable_piped got -L "$spec" f
		done
	done
	report_failed "MMCAT_READ_BYTES=$READ"
}

# --- MMCAT_RING_FIRST_BYTES: a stream's tail ring, as first allocated ------------

RING=${MMCAT_RING_FIRST_BYTES:-262144}

# in_pieces FILE BYTES CMD... : CMD with FILE on a pipe as standard input,
# written BYTES at a time with a pause of a millisecond after each, so
# that each read(2) most likely takes one piece (a busy machine may join
# some: the bytes are the same, the case only less sharp).  Returns CMD's
# status.
in_pieces() {
	local file=$1 bytes=$2
	shift 2
	perl -e 'open(my $f, "<", $ARGV[0]) or die "$ARGV[0]: $!\n"; binmode $f;
		while (read($f, my $b, $ARGV[1])) {
			defined(syswrite(STDOUT, $b)) or exit 1;
			select(undef, undef, undef, 0.001);
		}' -- "$file" "$bytes" | "$@"
}

@test "boundaries: tail ring: a stream's last N bytes, N around its first size and twice it, equal tail -c and head -c" {
	local n size piece
	edges "$RING"
	make_random src $((3 * RING + 5))
	# the ring grows from its first size only when it is filled by reads
	# shorter than it: a pipe written a quarter of it at a time
	piece=$((RING / 4))
	for n in "${at[@]}"; do
		tail -c "$n" src >want
		expect_output "mmcat - -$n" want in_pieces src "$piece" mmcat_into got - -"$n"
		expect_output "mmcat -r -$n:" want in_pieces src "$piece" mmcat_into got -r -"$n":
		{ slice src 3 5; tail -c "$n" src; } >want
		expect_output "mmcat -r 3+5 -r -$n:" want \
			in_pieces src "$piece" mmcat_into got -r 3+5 -r -"$n":
		tail -c "$n" src | head -c -3 >want
		expect_output "mmcat -r -$n:-3" want \
			in_pieces src "$piece" mmcat_into got -r -"$n":-3
		head -c -"$n" src | tail -c +6 >want
		expect_output "mmcat - 5 -$n" want in_pieces src "$piece" mmcat_into got - 5 -"$n"
		# --strict holds a range with a known end until it is complete
		slice src 2 "$n" >want
		expect_output "mmcat --strict - 2 $n" want \
			in_pieces src "$piece" mmcat_into got --strict - 2 "$n"
	done
	# inputs around the edges, shorter than the ring may grow
	for size in "${at[@]}"; do
		head -c "$size" src >f
		expect_output "mmcat - -$((2 * RING + 2)) (f: $size bytes)" f \
			in_pieces f "$piece" mmcat_into got - -$((2 * RING + 2))
	done
	# the lines a -L -K: holds keep their bytes in a ring of the same first
	# size, appended a line at a time: here a short line, then a long one
	# that brings what is held to the edge
	for size in "${at[@]}"; do
		{ printf 'ab\n'; head -c $((size - 4)) /dev/zero | tr '\0' x; echo; } >f
		for n in 1 2; do
			tail -n "$n" f >want
			expect_output "cat f | mmcat -L -$n: (f: $size bytes)" want \
				from_pipe f mmcat_into got -L -"$n": -
		done
	done
	report_failed "MMCAT_RING_FIRST_BYTES=$RING"
}

# --- MMCAT_HELD_LINES_FIRST: a stream's line hold, as first allocated -------------

HELD=${MMCAT_HELD_LINES_FIRST:-64}

# numbered_lines OUT COUNT : OUT gets COUNT lines "N" and N % 13 letters.
numbered_lines() {
	awk -v n="$2" 'BEGIN {
		for (i = 1; i <= n; i++)
			printf "%d %s\n", i, substr("abcdefghijklm", 1, i % 13)
	}' >"$1"
}

@test "boundaries: line hold: -L -K: and :-L on a stream, K and L around its first count and twice it, equal tail -n and head -n" {
	local k total file spec lines=$((3 * HELD + 7))
	edges "$HELD"
	numbered_lines f "$lines"
	head -c -1 f >unterminated	# a last line without a newline
	for file in f unterminated; do
		for k in "${at[@]}"; do
			tail -n "$k" "$file" >want
			expect_output "cat $file | mmcat -L -$k:" want \
				from_pipe "$file" mmcat_into got -L -"$k": -
			# a last line -K holds K - 1 lines back (the man page,
			# Streams)
			head -n -$((k - 1)) "$file" >want
			expect_output "cat $file | mmcat -L :-$k" want \
				from_pipe "$file" mmcat_into got -L :-"$k" -
			for spec in "-$k" "2:-$k" "-$k:+1"; do
				check_lines "cat $file | mmcat -L $spec" "$file" "$lines" "$spec" \
					from_pipe "$file" mmcat_into got -L "$spec" -
			done
		done
	done
	# inputs of as many lines as the hold keeps, a line more and less
	for total in "${at[@]}"; do
		numbered_lines f "$total"
		expect_output "cat f | mmcat -L -$((2 * HELD + 2)): (f: $total lines)" f \
			from_pipe f mmcat_into got -L -$((2 * HELD + 2)): -
		tail -n "$HELD" f >want
		expect_output "cat f | mmcat -L -$HELD: (f: $total lines)" want \
			from_pipe f mmcat_into got -L -"$HELD": -
	done
	report_failed "MMCAT_HELD_LINES_FIRST=$HELD"
}

# --- MMCAT_WINDOW_BYTES: the mapping window -----------------------------------------

# The window is a whole number of pages (the man page, ENVIRONMENT).
WINDOW=${MMCAT_WINDOW_BYTES:-8388608}

# window_size : sets WINDOW to the build's window rounded up to a page.
window_size() {
	WINDOW=$(((WINDOW + PAGE - 1) / PAGE * PAGE))
}

# sparse_file OUT SIZE OFFSET... : OUT is a sparse file of SIZE bytes, with
# 16 KiB of random bytes of their own around each OFFSET (so that bytes
# from the wrong window never match) and zeros elsewhere.
sparse_file() {
	local out=$1 off from
	truncate -s "$2" "$out"
	shift 2
	for off in "$@"; do
		from=$((off > 8192 ? off - 8192 : 0))
		head -c 16384 /dev/urandom |
			dd of="$out" bs=16384 seek="$from" oflag=seek_bytes conv=notrunc status=none
	done
}

@test "boundaries: mapping window: ranges ending, starting and crossing its edges, into a pipe and a file, equal dd" {
	local b off len size
	window_size
	edges "$WINDOW"
	size=$((2 * WINDOW + 4 * PAGE))
	sparse_file f "$size" 0 "$WINDOW" $((2 * WINDOW))
	# the case meets the edge: -v counts two windows (the man page, OPTIONS)
	run -0 --separate-stderr mmcat_piped got -v f $((WINDOW - 1)) 2
	[[ $stderr == *" in 2 window(s) of at most $WINDOW,"* ]] ||
		fail "a range across the window edge at $WINDOW is not mapped in 2 windows: $stderr"
	for b in "${at[@]}"; do
		for off in $((b - 3000)) "$b" $((b - 1500)); do
			len=$((off == b - 1500 ? 3001 : 3000))
			slice f "$off" "$len" >want
			expect_output "mmcat f $off $len | cat" want mmcat_piped got f "$off" "$len"
			# into a file, from the mapping (else copy_file_range(2) takes it)
			MMCAT_COPY=write expect_output "MMCAT_COPY=write mmcat f $off $len >got" \
				want mmcat_into got f "$off" "$len"
		done
		# from near the start up to the edge: every window before it
		slice f 1 $((b - 1)) >want
		expect_output "mmcat f 1 $((b - 1)) | cat" want mmcat_piped got f 1 $((b - 1))
	done
	expect_output "mmcat f | cat" f mmcat_piped got f
	MMCAT_COPY=write expect_output "MMCAT_COPY=write mmcat f >got" f mmcat_into got f
	report_failed "MMCAT_WINDOW_BYTES=$WINDOW"
}

@test "boundaries: mapping window: -x across its edges equals xxd -s -l; -L with lines ending at them equals sed" {
	local b off len d size n e total spec
	window_size
	edges "$WINDOW"
	size=$((2 * WINDOW + 4 * PAGE))
	sparse_file f "$size" "$WINDOW" $((2 * WINDOW))
	for b in "${at[@]}"; do
		for off in $((b - 40)) $((b - 1000)); do
			len=$((2 * (b - off) + 3))
			xxd -s "$off" -l "$len" f >want
			expect_output "mmcat -x f $off $len >got" want mmcat_into got -x f "$off" "$len"
			expect_output "mmcat -x f $off $len | cat" want mmcat_piped got -x f "$off" "$len"
		done
	done
	# lines of text around each edge, in a file of zeros (which make long
	# lines without a newline): line n ends at the edge + d
	for d in -1 0 1; do
		truncate -s 0 lines
		truncate -s "$size" lines
		for b in "$WINDOW" $((2 * WINDOW)); do
			e=$((b + d))
			line_file block 4000 1999
			dd if=block of=lines bs=4000 seek=$((e - 2000)) oflag=seek_bytes \
				conv=notrunc status=none
		done
		# the newlines, and a last line of zeros without one (wc, as
		# awk takes seconds over lines of megabytes)
		total=$(($(wc -l <lines) + 1))
		for b in "$WINDOW" $((2 * WINDOW)); do
			e=$((b + d))
			n=$(lines_in lines "$e")
			for spec in "$n" "$((n + 1))" "$n:+1"; do
				check_lines "mmcat -L $spec lines | cat (line $n ends at $e)" lines \
					"$total" "$spec" mmcat_piped got -L "$spec" lines
			done
		done
	done
	report_failed "MMCAT_WINDOW_BYTES=$WINDOW"
}

# --- MMCAT_FIRST_SCAN_BYTES: the first block a line scan views --------------------

SCAN=${MMCAT_FIRST_SCAN_BYTES:-65536}

@test "boundaries: first scan block: -L with line N ending at its edges, and line K from the end starting there, equal sed and tail -n" {
	local edge d e n k size total spec
	size=$((4 * SCAN + 300))
	# a scan views SCAN bytes, then twice as many: its blocks end at SCAN
	# and 3 * SCAN from where it starts, and 2 * SCAN is the rule's k = 2
	for edge in "$SCAN" $((2 * SCAN)) $((3 * SCAN)); do
		for d in -1 0 1; do
			# forward, from the start: line n ends at e (:n and n + 1
			# stop at its newline, :n+1 and n + 2 count it and go on)
			e=$((edge + d))
			line_file f "$size" $((e - 1))
			n=$(lines_in f "$e")
			total=$(line_count f)
			for spec in "$n" ":$n" ":$((n + 1))" "$((n + 1))" "$((n + 2))" \
				"$((n + 1)):" "$n:+1"; do
				check_lines "mmcat -L $spec f (line $n ends at $e)" f "$total" "$spec" \
					mmcat_into got -L "$spec" f
			done
			# backward, from the final newline: line k from the end
			# starts e bytes before the end of the file (-k: stops at
			# the newline before it, -(k+1): counts it and goes on)
			line_file f "$size" $((size - 1 - e))
			k=$(tail -c "$e" f | wc -l)
			total=$(line_count f)
			for spec in "-$k:" "-$k" "-$((k + 1)):" "-$k:+1"; do
				check_lines "mmcat -L $spec f (line -$k starts $e bytes before the end)" \
					f "$total" "$spec" mmcat_into got -L "$spec" f
			done
		done
	done
	report_failed "MMCAT_FIRST_SCAN_BYTES=$SCAN"
}

# --- MMCAT_KCOPY_CHUNK_BYTES: one copy_file_range(2) or sendfile(2) ---------------

KCOPY=${MMCAT_KCOPY_CHUNK_BYTES:-8388608}

@test "boundaries: kernel copy chunk: ranges of around one and two chunks into a file equal dd" {
	local len off
	edges "$KCOPY"
	make_random src $((2 * KCOPY + 4200))
	# only a kernel that copies file to file meets the chunk
	run -0 --separate-stderr mmcat_into got -v src 0 "$KCOPY"
	[[ $stderr == *'copy by copy_file_range(2)' || $stderr == *'copy by sendfile(2)' ]] ||
		skip "the kernel does not copy file to file here: $stderr"
	for len in "${at[@]}"; do
		for off in 0 4097; do
			slice src "$off" "$len" >want
			expect_output "mmcat src $off $len >got" want mmcat_into got src "$off" "$len"
		done
		head -c "$len" src >f
		expect_output "mmcat f >got (f: $len bytes)" f mmcat_into got f
	done
	report_failed "MMCAT_KCOPY_CHUNK_BYTES=$KCOPY"
}

# --- MMCAT_WRITE_CHUNK_BYTES: one write(2) or vmsplice(2) -------------------------

WRITE=${MMCAT_WRITE_CHUNK_BYTES:-1073741824}

@test "boundaries: write chunk: ranges of around one and two chunks into a pipe equal dd" {
	local len off
	((WRITE <= 64 * MiB)) ||
		skip "the write chunk is $WRITE bytes: a case at its edges would put twice that in files and through a pipe, too much for this file (a build with --enable-tiny-buffers meets them)"
	edges "$WRITE"
	make_random src $((2 * WRITE + 100))
	for len in "${at[@]}"; do
		for off in 0 5; do
			slice src "$off" "$len" >want
			expect_output "mmcat src $off $len | cat" want mmcat_piped got src "$off" "$len"
			MMCAT_COPY=write expect_output "MMCAT_COPY=write mmcat src $off $len | cat" \
				want mmcat_piped got src "$off" "$len"
		done
	done
	report_failed "MMCAT_WRITE_CHUNK_BYTES=$WRITE"
}

# --- MMCAT_PROGRESS_PIECE_BYTES: what goes out between two progress draws ---------

PIECE=${MMCAT_PROGRESS_PIECE_BYTES:-1048576}

@test "boundaries: progress piece: -P on a terminal, ranges around one and two pieces into a pipe and a file equal dd" {
	local len off cmd rc mm
	require_script
	edges "$PIECE"
	make_random src $((2 * PIECE + 100))
	printf -v mm %q "$MMCAT"
	for len in "${at[@]}"; do
		for off in 0 3; do
			slice src "$off" "$len" >want
			# into a pipe, and into a file from the mapping (a kernel
			# copy goes by without pieces)
			for cmd in "$mm -P src $off $len | cat >got" \
				"MMCAT_COPY=write $mm -P src $off $len >got"; do
				rc=0
				in_terminal term "$cmd" || rc=$?
				# the terminal gets the line, drawn and erased: no
				# message, which would end in a newline
				if ((rc != 0)) || (($(wc -l <term) != 0)); then
					failed+=("${cmd#* -P }: exit $rc, terminal: $(head -c 300 term | cat -v)")
				elif [[ $(<term) != $'\r'"mmcat: src: "* ]]; then
					failed+=("${cmd#* -P }: no progress line drawn: $(head -c 300 term | cat -v)")
				else
					note_difference "mmcat -P ${cmd#* -P }" want got
				fi
			done
		done
	done
	report_failed "MMCAT_PROGRESS_PIECE_BYTES=$PIECE"
}
