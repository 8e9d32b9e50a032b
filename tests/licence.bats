#!/usr/bin/env bats
# SPDX-License-Identifier: BSD-2-Clause
# licence.bats - mmcat is BSD-2-Clause (the man page, AUTHORS), and says
# so where a packager looks: LICENSE, every source file's SPDX line, and
# --version.

load helpers/common

top=${MMCAT_TESTS_DIR:?}/..

@test "licence: LICENSE is the BSD 2-Clause licence" {
	[[ -f $top/LICENSE ]] || fail "no LICENSE in $top"
	grep -q 'Redistribution and use in source and binary forms' "$top/LICENSE"
	grep -q 'THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS' "$top/LICENSE"
}

@test "licence: every source, build and test file carries the SPDX line" {
	local f missing=()
	while IFS= read -r -d '' f; do
		head -n 3 "$f" | grep -q 'SPDX-License-Identifier: BSD-2-Clause' ||
			missing+=("${f#"$top"/}")
	done < <(
		find "$top/src" "$top/tests" "$top/bench" -type f \( -name '*.[ch]' \
			-o -name '*.bats' -o -name '*.bash' \) -print0
		printf '%s\0' "$top"/completions/* "$top"/m4/*.m4 "$top/man/mmcat.1" \
			"$top/configure.ac" "$top/Makefile.am" "$top/bench/run" \
			"$top/tests/lint" "$top/tests/fuzz/run" "$top/tests/valgrind-wrapper"
	)
	((${#missing[@]} == 0)) || fail "no SPDX line in: ${missing[*]}"
}

@test "licence: --version names it" {
	run -0 mmcat --version
	assert_output --partial 'BSD-2-Clause'
}
