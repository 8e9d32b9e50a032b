#!/usr/bin/env bats
# SPDX-License-Identifier: BSD-2-Clause
# tree.bats - the source tree as a whole: it cites nothing from outside
# itself (the man page is the reference, bench/README.md the rules and
# goals of measurement), and HACKING.md's layout names every file in it.

load helpers/common

TOP=$BATS_TEST_DIRNAME/..

# cited PATTERN : the lines of the tree's sources and documents that match
# the extended regular expression PATTERN, as grep -n prints them.
cited() {
	(cd "$TOP" && grep -rnIE -- "$1" tests bench src man README.md) || true
}

@test "the tree cites no document from outside it: no spec, no benchmark brief" {
	assert_equal "$(cited 'SPEC\.md|BENCH\.md')" ''
}

@test "the tree cites no issue by its number, in words or as #N" {
	assert_equal "$(cited '[Ii]ssues? [0-9]|(^|[[:space:]([])#[0-9]+([^0-9]|$)')" ''
}

# tree_files DIR... : the files of the source tree under each DIR, one a
# line, sorted: in a git checkout, what git tracks or would (untracked
# but not ignored); in an unpacked tarball, every file but build products.
# A fuzz corpus stands as its directory.
tree_files() {
	local top f
	top=$(cd "$TOP" && pwd -P)
	if [[ $(git -C "$top" rev-parse --show-toplevel 2>/dev/null) == "$top" ]]; then
		git -C "$top" ls-files --cached --others --exclude-standard -- "$@"
	else
		(cd "$top" && find "$@" -type f ! -name '*.o' ! -name '*.so' \
			! -name '*.log' ! -name '*.trs' ! -name .dirstamp \
			! -path '*/.deps/*') | while IFS= read -r f; do
			[[ $(head -c 4 -- "$top/$f" | od -An -c | tr -d ' ') == 177ELF ]] ||
				printf '%s\n' "$f"
		done
	fi | sed 's|^tests/fuzz/corpus/.*|tests/fuzz/corpus/|' | LC_ALL=C sort -u
}

# named FILE : FILE appears in HACKING.md as a path of its own (so
# src/lines.c is not found inside src/streamlines.c).
named() {
	local re=${1//./\\.}
	grep -qE -- "(^|[^[:alnum:]_./-])$re([^[:alnum:]_/-]|\$)" "$TOP/HACKING.md"
}

@test "HACKING.md's layout names every file in src, tests, bench, completions and man" {
	local f missing=() n=0
	while IFS= read -r f; do
		n=$((n + 1))
		named "$f" || missing+=("$f")
	done < <(tree_files src tests bench completions man)
	((n > 50)) || fail "only $n files found in the tree"
	((${#missing[@]} == 0)) || fail "not in HACKING.md: ${missing[*]}"
}

# built PATH : Makefile.am builds PATH as a program (it is not in the tree).
built() {
	# Continuation lines joined: a list of programs spans several.
	sed -e ':a' -e '/\\$/{N' -e 's/\\\n//' -e 'ba' -e '}' "$TOP/Makefile.am" |
		grep -qE "_PROGRAMS \+?= (.*[[:space:]])?${1//./\\.}([[:space:]]|\$)"
}

@test "every path HACKING.md names is in the tree, or built by Makefile.am" {
	local p gone=()
	while IFS= read -r p; do
		[[ -e $TOP/$p ]] || built "$p" || gone+=("$p")
	done < <(grep -oE '(^|[^[:alnum:]_./-])(src|tests|bench|completions|man)/[[:alnum:]_./-]*[[:alnum:]_/]' \
		"$TOP/HACKING.md" | sed 's|^[^a-z]||' | grep -v '^tests/fuzz/corpus/TARGET' | sort -u)
	((${#gone[@]} == 0)) || fail "HACKING.md names what is not there: ${gone[*]}"
}

@test "the README leaves the developer's matters to HACKING.md, which is distributed" {
	grep -qF '(HACKING.md)' "$TOP/README.md" || fail "README.md does not link to HACKING.md"
	run grep -nE '^#+ *(Layout|Testing)|tests/(faults|fuzz|lint|unit)' "$TOP/README.md"
	assert_output ''
	grep -qE '^EXTRA_DIST = .*HACKING\.md' "$TOP/Makefile.am" ||
		fail "HACKING.md is not in EXTRA_DIST"
}

# --- the test helpers are written once -----------------------------------------

# defined FILE... : "NAME FILE" for each function each FILE defines.
defined() {
	local f
	for f in "$@"; do
		sed -nE "s|^([[:alnum:]_]+)\\(\\) *\\{.*|\\1 ${f##*/}|p" "$f"
	done
}

@test "no test helper is written twice: not in two test files, not again beside common.bash" {
	local twice
	# bats' own hooks are per file by nature
	twice=$(defined "$TOP"/tests/helpers/common.bash "$TOP"/tests/*.bats |
		grep -vE '^(setup|teardown|setup_file|teardown_file) ' |
		awk '{ files[$1] = files[$1] " " $2; n[$1]++ }
			END { for (f in n) if (n[f] > 1) print f ":" files[f] }' | sort)
	assert_equal "$twice" ''
}

# shared_scratch FILE... : the lines of FILE... that write (>, >>, of=,
# -o, mkdir, touch, truncate, cp or mv into) a path outside bats' own
# temporary directories: under /tmp, /var/tmp, /dev/shm, the build or the
# source tree.  Under make -j check the test files run side by side, so
# such a path would be shared.
shared_scratch() {
	local where='("|\$\{?|)(/tmp/|/var/tmp/|/dev/shm/|\$\{?(MMCAT_BUILD_DIR|MMCAT_TESTS_DIR|BATS_TEST_DIRNAME|SRCDIR|TOP|top)\b)'
	# cp and mv: the last word, where they write.
	grep -nE -- "(>>?|of=|-o) *$where|(mkdir( -p)?|touch|truncate -s [^ ]+) +$where|(cp|mv) .* $where[^ ]*\$" "$@" || true
}

@test "no test file writes where another could: scratch files stay in bats' temporary directories" {
	local files
	# This file's own probe below is left out.
	files=$(ls "$TOP"/tests/*.bats "$TOP"/tests/helpers/*.bash | grep -v '/tree\.bats$')
	# shellcheck disable=SC2086 # one file a line, no blanks in them
	run -0 shared_scratch $files
	assert_output ''
	# The check itself sees such writes.
	printf '%s\n' 'echo x >/tmp/mmcat-shared' \
		'mkdir -p "$TOP/scratch"' 'echo x >"$BATS_TEST_TMPDIR/f"' \
		'cp "$TOP/bench/run" "$BATS_TEST_TMPDIR/x"' 'cp f /dev/shm/mmcat-x' \
		>"$BATS_TEST_TMPDIR/probe.bats"
	run -0 shared_scratch "$BATS_TEST_TMPDIR/probe.bats"
	assert_line --index 0 --partial '/tmp/mmcat-shared'
	assert_line --index 1 --partial 'mkdir -p "$TOP/scratch"'
	assert_line --index 2 --partial '/dev/shm/mmcat-x'
	assert_equal "${#lines[@]}" 3
}

@test "mmcat's output goes to a file one way: mmcat_into; pipes in by from_pipe" {
	# the names the files once had for these, each its own copy
	run grep -nE '^(to_file|to_out|from_file|piped|from_pipe)\(\)' "$TOP"/tests/*.bats
	assert_output ''
	grep -qE '^mmcat_into\(\)' "$TOP/tests/helpers/common.bash"
	grep -qE '^from_pipe\(\)' "$TOP/tests/helpers/common.bash"
}

@test "common.bash loads bats-support and bats-assert from BATS_LIB_PATH" {
	local name
	cd "$BATS_TEST_TMPDIR"
	# stand-ins that only leave a mark, where BATS_LIB_PATH points
	for name in support assert; do
		mkdir -p "lib/bats-$name"
		printf 'loaded_%s=yes\n' "$name" >"lib/bats-$name/load.bash"
	done
	printf '%s\n' "load $(printf %q "$TOP/tests/helpers/common")" \
		'@test marks { [[ $loaded_support == yes && $loaded_assert == yes ]]; }' \
		>probe.bats
	run env BATS_LIB_PATH="$PWD/lib" bats --tap probe.bats
	[[ $status -eq 0 && $output == *'ok 1 marks'* ]] ||
		fail "the libraries in BATS_LIB_PATH were not the ones loaded: $output"
}

# include_edges : "MODULE DEPENDENCY" for every #include "x.h" of src/,
# a module being a .c and its .h.
include_edges() {
	local f m dep
	for f in "$TOP"/src/*.[ch]; do
		m=$(basename "${f%.*}")
		sed -n 's/^#[[:space:]]*include "\([a-z_0-9]*\)\.h".*/\1/p' -- "$f" |
			while read -r dep; do
				[[ $dep == "$m" || $dep == config ]] || printf '%s %s\n' "$m" "$dep"
			done
	done | sort -u
}

@test "layers point one way: no module of src includes, through others, itself" {
	local edges
	edges=$(include_edges)
	[[ -n $edges ]] || fail "no includes found under $TOP/src"
	# tsort orders a graph and reports any loop in it.
	run tsort <<<"$edges"
	[[ $output != *loop* ]] || fail "an include cycle: $output"
	assert_success
}
