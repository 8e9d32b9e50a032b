#!/usr/bin/env bats
# hardening.bats - the built binary carries the hardening configure chose:
# PIE, full RELRO (BIND_NOW), a non-executable stack, the stack protector
# and _FORTIFY_SOURCE's checked functions.  readelf reads the binary; the
# flags configure found are in $MMCAT_HARDENING (empty: --disable-hardening).

load helpers/common

setup() {
	command -v readelf >/dev/null || skip "readelf (binutils) is not installed"
	[[ -n ${MMCAT_HARDENING:-} ]] ||
		skip "built with --disable-hardening (no hardening flags)"
}

wants() {
	[[ " $MMCAT_HARDENING " == *" $1 "* ]]
}

@test "hardening: position-independent executable" {
	wants -pie || skip "the linker refused -pie"
	run -0 readelf -h "$MMCAT"
	assert_output --regexp 'Type:[[:space:]]+DYN'
}

@test "hardening: full RELRO (GNU_RELRO segment and BIND_NOW)" {
	wants -Wl,-z,now || skip "the linker refused -z now"
	run -0 readelf -l "$MMCAT"
	assert_output --partial 'GNU_RELRO'
	run -0 readelf -d "$MMCAT"
	assert_output --regexp 'BIND_NOW|FLAGS_1.*NOW'
}

@test "hardening: the stack is not executable" {
	wants -Wl,-z,noexecstack || skip "the linker refused -z noexecstack"
	run -0 readelf -lW "$MMCAT"
	assert_line --regexp 'GNU_STACK .* RW  '
}

@test "hardening: stack protector and fortified calls are linked in" {
	wants -fstack-protector-strong || skip "the compiler refused the stack protector"
	run -0 readelf -sW --dyn-syms "$MMCAT"
	assert_output --partial '__stack_chk_fail'
	if wants -D_FORTIFY_SOURCE=3 || wants -D_FORTIFY_SOURCE=2; then
		assert_output --regexp '__[a-z]+_chk'
	fi
}
