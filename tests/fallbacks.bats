#!/usr/bin/env bats
# SPDX-License-Identifier: BSD-2-Clause
# fallbacks.bats - the Linux-only interfaces and what stands in for them
# (STANDARDS in mmcat(1)).  Every case runs in every build: where an
# interface is missing (configure's MMCAT_FEATURES, see
# helpers/features.bash) the case checks its fallback instead.  CI's
# portable stage builds mmcat with all of them hidden.

load helpers/common
load helpers/features

setup() {
	cd "$BATS_TEST_TMPDIR" || return
	LOOPDEV=
}

teardown() {
	if [[ -n $LOOPDEV ]]; then
		losetup -d "$LOOPDEV"
	fi
}

@test "a spooled pipe leaves no file in TMPDIR, while it is read or after" {
	make_random data 100000
	mkdir tmp
	# Ranges out of order make mmcat copy the pipe to a file first.  The
	# writer stops half way and looks: by then the copy is open
	# (O_TMPFILE, or mkstemp and unlink at once).
	{
		head -c 60000 data
		sleep 0.3
		ls -A tmp >during
		tail -c +60001 data
	} | TMPDIR=$PWD/tmp mmcat -r 70000+100 -r 10+100 >out
	{ slice data 70000 100; slice data 10 100; } >expected
	assert_same_file expected out
	assert_empty_file during
	run -0 ls -A tmp
	assert_output ''
}

@test "-v into a pipe: vmsplice(2) where built, write(2) where not" {
	make_random big 3000000
	mmcat -v big 2>err | cat >out
	assert_same_file big out
	run cat err
	if has_feature vmsplice; then
		assert_output --partial 'copy by vmsplice(2) into a '
	else
		assert_output --partial 'copy by write(2)'
		refute_output --partial 'vmsplice'
	fi
}

@test "-v into a regular file: the kernel's copy where built, the mapping where not" {
	make_random data 300000
	mmcat -v data 12345 >out 2>err
	slice data 12345 $((300000 - 12345)) >expected
	assert_same_file expected out
	run cat err
	if has_feature copy_file_range; then
		assert_output --partial 'copy by copy_file_range(2)'
	elif has_feature sendfile; then
		assert_output --partial 'copy by sendfile(2)'
	else
		assert_output --partial 'mapped '
		assert_output --partial 'copy by write(2)'
	fi
}

@test "block device: the size by any means, standard input left where it was" {
	local size=$((1024 * 1024 + 4096 + 512))
	make_random img $size
	attach_loop img
	# Standard input 4096 bytes into the device: the size found (by
	# ioctl, or by seeking to the end and back) must not move it.
	run -0 --separate-stderr bash -c '{
		dd bs=4096 count=1 status=none >/dev/null
		"$MMCAT" -v - 0 100 >head
		"$MMCAT" - -10 >tail
	} <"$1"' _ "$LOOPDEV"
	slice img 4096 100 >expected_head
	tail -c 10 img >expected_tail
	assert_same_file expected_head head
	assert_same_file expected_tail tail
	[[ $stderr == *"bytes 4096-4196 of $size"* ]] || fail "-v: $stderr"
}
