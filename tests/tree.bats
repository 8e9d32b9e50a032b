#!/usr/bin/env bats
# tree.bats - the source tree as a whole: it cites nothing from outside
# itself (the man page is the reference, bench/README.md the rules and
# goals of measurement).

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
