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
