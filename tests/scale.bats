#!/usr/bin/env bats
# scale.bats - many processes at once, and a range far larger than memory.

load helpers/common

setup() {
	cd "$BATS_TEST_TMPDIR"
}

@test "1000 concurrent mmcat processes on one file all print the same bytes" {
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
