#!/usr/bin/env bats
# SPDX-License-Identifier: BSD-2-Clause
# bench.bats - the benchmark script works (tiny sizes, one round).
#
# Timings at these sizes mean nothing and are never asserted; what is
# checked is that every scenario runs and every contender printed the same
# bytes as mmcat (bench/run exits 1 otherwise).  Heavy: it runs only under
# make check-heavy or MMCAT_HEAVY=1 (see README.md).

load helpers/common

@test "bench/run --quick runs every scenario and the contenders agree" {
	skip_if_heavy "every benchmark scenario"
	run -0 --separate-stderr "$MMCAT_TESTS_DIR/../bench/run" --quick \
		--mmcat="$MMCAT" --dir="$BATS_TEST_TMPDIR"
	assert_output --partial 'to a pipe'
	assert_output --partial 'dd'
	assert_output --partial 'RSS'
	assert_output --partial 'list a tar of'
	assert_output --partial 'hex layout -p'
}

# bench_copy DIR : bench/run and the helpers' sources alone in DIR, as in a
# tree that was built (make) but not checked: no helper is built there.
bench_copy() {
	mkdir -p "$1"
	cp "$MMCAT_TESTS_DIR"/../bench/run "$MMCAT_TESTS_DIR"/../bench/*.c "$1"
}

@test "bench/run with no helper built compiles them, eviction included, and times cold runs" {
	local cc=${MMCAT_CC:-cc}
	command -v "${cc%% *}" >/dev/null || skip "no C compiler ($cc) to build the helpers"
	bench_copy "$BATS_TEST_TMPDIR/bench"
	run -0 --separate-stderr env -u BENCH_READER -u BENCH_EVICT -u BENCH_PEAKRSS \
		CC="$cc" "$BATS_TEST_TMPDIR/bench/run" --quick --only=cold \
		--mmcat="$MMCAT" --dir="$BATS_TEST_TMPDIR"
	assert_output --partial '### cold cache, to a pipe, unpinned'
	refute_output --partial 'skipped'
	[[ $stderr != *'cannot evict'* ]] || fail "bench/run says: $stderr"
}

@test "bench/run where pages cannot be evicted skips the cold runs, saying why, and times the rest" {
	local cc=${MMCAT_CC:-cc}
	command -v "${cc%% *}" >/dev/null || skip "no C compiler ($cc) to build the helper"
	# evict.c as a system without posix_fadvise builds it.
	$cc -O2 -o "$BATS_TEST_TMPDIR/evict" "$MMCAT_TESTS_DIR/../bench/evict.c"
	run -0 --separate-stderr env BENCH_EVICT="$BATS_TEST_TMPDIR/evict" \
		"$MMCAT_TESTS_DIR/../bench/run" --quick --only=cold,tiny \
		--mmcat="$MMCAT" --dir="$BATS_TEST_TMPDIR"
	assert_output --partial 'skipped: cannot evict pages (evict: '
	assert_output --partial 'posix_fadvise'
	refute_output --partial '### cold cache, to a pipe, unpinned'
	assert_output --partial 'tiny'
	assert_line --regexp '^\| cold cache, to a pipe \|.*\| skipped \|$'
	[[ $stderr == *'the cold scenarios are skipped'* ]]
}
