#!/usr/bin/env bats
# SPDX-License-Identifier: BSD-2-Clause
# scale.bats - many processes at once, and a range far larger than memory.
# Both are heavy: they run only under make check-heavy or MMCAT_HEAVY=1
# (see README.md).

load helpers/common

setup() {
	cd "$BATS_TEST_TMPDIR"
}

@test "1000 concurrent mmcat processes on one file all print the same bytes" {
	skip_if_heavy "1000 processes"
	make_random shared $((4 * 1048576))
	slice shared 1000003 65536 | sha256sum >expected
	# 1000 runs, 16 at a time; each line is one run's checksum.
	seq 1000 | xargs -P 16 -I{} sh -c \
		'"$1" shared 1000003 65536 | sha256sum' sh "$MMCAT" >sums
	assert_equal "$(wc -l <sums)" 1000
	run -0 sort -u sums
	assert_output "$(cat expected)"
}

@test "a 10 GiB range of a sparse file: every byte, peak RSS bounded" {
	skip_if_heavy "10 GiB copied through a pipe"
	[[ -x /usr/bin/time ]] ||
		skip "/usr/bin/time is missing (install the 'time' package): cannot measure peak RSS"
	local reader=${BENCH_READER:-} base big
	[[ -x $reader ]] || skip "bench/reader is not built (BENCH_READER unset)"
	truncate -s 11G sparse || skip "cannot make an 11 GiB sparse file here"
	printf 'marker' | dd of=sparse bs=1 seek=$((10 * 1073741824 + 99)) \
		conv=notrunc status=none
	printf 'tiny\n' >tiny
	/usr/bin/time -f %M -o base "$MMCAT" tiny | "$reader" >/dev/null
	/usr/bin/time -f %M -o rss "$MMCAT" sparse 100 10G | "$reader" >count
	base=$(tail -n 1 base)
	big=$(tail -n 1 rss)
	echo "# rss 10 GiB range: ${big} KiB, baseline ${base} KiB" >&3
	assert_equal "$(head -n 1 count)" 10737418240
	((big <= base + 32 * 1024)) ||
		fail "peak RSS ${big} KiB exceeds baseline ${base} KiB + 32 MiB"
	# the marker sits at the range's very end
	run -0 mmcat sparse $((10 * 1073741824 + 99)) 6
	assert_output 'marker'
}

@test "lengths and ends past 4 GiB keep their high bits (a 5 GiB sparse file)" {
	# Cheap: a few bytes are printed.  A length, end or range of more than
	# 4 GiB that a 32-bit build cut to its low 32 bits would print less,
	# or fail --strict for the wrong reason.
	local G=$((1024 * 1024 * 1024)) size
	truncate -s 5G sparse || skip "cannot make a 5 GiB sparse file here"
	size=$((5 * G))
	printf 'ABCDEF' | dd of=sparse bs=1 seek=$((size - 6)) conv=notrunc status=none
	# 4 GiB + 2 from 6 bytes before EOF: clamped to the 6 (low bits: 2).
	run -0 mmcat sparse -6 $((4 * G + 2))
	assert_output ABCDEF
	run -0 mmcat -o $((size - 6)) -l $((4 * G + 2)) sparse
	assert_output ABCDEF
	run -0 mmcat -r $((size - 6))+$((4 * G + 2)) sparse
	assert_output ABCDEF
	# An end past 4 GiB: [5G-6, 4G+...) would be empty or an error if cut.
	run -0 mmcat -o -6 -e $((size - 1)) sparse
	assert_output ABCDE
	run -0 mmcat -r $((size - 6)):$((size - 2)) sparse
	assert_output ABCD
	# --strict: 4 GiB + 2 runs past the end; its low bits (2) would not.
	run -1 --separate-stderr mmcat --strict sparse $((size - 6)) $((4 * G + 2))
	assert_output ''
	# The message quotes the length whole.
	assert_equal "$(grep -c -- "$((4 * G + 2))" <<<"$stderr")" 1
	run -0 mmcat --strict sparse $((size - 6)) 6
	assert_output ABCDEF
}

# heavy_probe VALUE : what skip_if_heavy does with MMCAT_HEAVY=VALUE
# (run it under `run`: skip is replaced in that subshell only).
heavy_probe() {
	local MMCAT_HEAVY=$1
	skip() { echo "skipped: $*"; }
	skip_if_heavy probe
	echo ran
}

@test "heavy cases are skipped by default, each saying why, and only those" {
	# The cases of this file and of bench.bats, in a nested bats run
	# without MMCAT_HEAVY, as a packager's make check runs them; this case
	# skips itself there.
	[[ -z ${MMCAT_NESTED_HEAVY_CHECK:-} ]] || skip "nested run of the check itself"
	run -0 env -u MMCAT_HEAVY MMCAT_NESTED_HEAVY_CHECK=1 \
		bats --tap "$BATS_TEST_DIRNAME/scale.bats" "$BATS_TEST_DIRNAME/bench.bats"
	local why='run by make check-heavy or MMCAT_HEAVY=1'
	assert_line --regexp "^ok [0-9]+ 1000 concurrent .* # skip heavy \\(1000 processes\\): $why\$"
	assert_line --regexp "^ok [0-9]+ a 10 GiB range .* # skip heavy \\(10 GiB copied through a pipe\\): $why\$"
	assert_line --regexp "^ok [0-9]+ bench/run --quick .* # skip heavy \\(.*\\): $why\$"
	refute_line --regexp '^not ok'
	assert_equal "$(grep -c '# skip heavy' <<<"$output")" 3
	# Empty and 0 mean "leave them out"; anything else runs them.
	run -0 heavy_probe 0
	assert_output "skipped: heavy (probe): $why
ran"
	run -0 heavy_probe ''
	assert_output "skipped: heavy (probe): $why
ran"
	run -0 heavy_probe 1
	assert_output ran
}

