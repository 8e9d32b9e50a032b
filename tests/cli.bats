#!/usr/bin/env bats
# cli.bats - the command line: invocation forms, help, version, usage errors.

load helpers/common

setup() {
	cd "$BATS_TEST_TMPDIR"
	printf 'hello world\n' >hello.txt
}

@test "positional form: FILE prints the whole file" {
	run -0 mmcat hello.txt
	assert_output 'hello world'
}
