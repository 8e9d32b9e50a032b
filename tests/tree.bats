#!/usr/bin/env bats
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
	grep -qE "_PROGRAMS \+?= (.* )?${1//./\\.}( |\$)" "$TOP/Makefile.am"
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
