# SPDX-License-Identifier: BSD-2-Clause
# features.bash - what this build of mmcat has, for cases that need it.
#
# configure lists the Linux-only interfaces it found in MMCAT_FEATURES
# (make check exports it): pipe-size, vmsplice, copy_file_range, sendfile,
# tmpfile, fs-magic, fs-typename, blkgetsize64, seek-data.  A build without one takes
# its fallback (see PORTABILITY in man/mmcat.1), and the cases that watch
# the interface itself at work skip, saying what is missing.  It also
# lists tiny-buffers, not an interface but a build for tests
# (configure --enable-tiny-buffers): every buffer a few bytes or lines
# large, so that the few cases about the default sizes themselves skip.

# has_feature NAME : whether this build has NAME.  Outside make check
# (MMCAT_FEATURES unset) every interface is assumed, and the default
# buffers.
has_feature() {
	if [[ -z ${MMCAT_FEATURES+set} ]]; then
		[[ $1 != tiny-buffers ]]
		return
	fi
	[[ " $MMCAT_FEATURES " == *" $1 "* ]]
}

# needs_feature NAME... : skip the case unless this build has each NAME.
needs_feature() {
	local f

	for f; do
		has_feature "$f" ||
			skip "this build has no $f (configure did not find it; see PORTABILITY in mmcat(1))"
	done
}
