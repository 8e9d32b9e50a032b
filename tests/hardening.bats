#!/usr/bin/env bats
# SPDX-License-Identifier: BSD-2-Clause
# hardening.bats - the built binary carries the hardening configure chose:
# PIE, full RELRO (BIND_NOW), a non-executable stack, the stack protector
# and _FORTIFY_SOURCE's checked functions.  readelf reads the binary; the
# flags configure found are in $MMCAT_HARDENING (empty: --disable-hardening).
#
# A static binary (LDFLAGS=-static, which wins over -pie) is recognised:
# it is not position-independent and binds nothing at run time, and since
# it carries libc's own stack protector and checked functions whatever
# mmcat was built with, those two are read from mmcat's object files.

load helpers/common

BINARY=${MMCAT_REAL:-$MMCAT}

setup() {
	command -v readelf >/dev/null || skip "readelf (binutils) is not installed"
}

need_hardening() {
	[[ -n ${MMCAT_HARDENING:-} ]] ||
		skip "built with --disable-hardening (no hardening flags)"
}

# need_fortifying_libc : skip unless the C library of the build's compiler
# has _FORTIFY_SOURCE's checked functions (glibc's; musl has none).
need_fortifying_libc() {
	local cc=${MMCAT_CC:-cc}
	printf '#include <stdio.h>\n' | $cc -dM -E - 2>/dev/null | grep -q '__GLIBC__' ||
		skip "the C library of $cc is not glibc: no _FORTIFY_SOURCE checked functions"
}

wants() {
	[[ " $MMCAT_HARDENING " == *" $1 "* ]]
}

# is_static : the binary has no program interpreter (-static, -static-pie).
is_static() {
	! readelf -lW "$BINARY" | grep -qE '^[[:space:]]+INTERP[[:space:]]'
}

# mmcat_code : the files that hold mmcat's own code, as compiled: the
# binary, or for a static binary the object files it was linked from.
mmcat_code() {
	local objects
	if ! is_static; then
		echo "$BINARY"
		return
	fi
	objects=$(find "${MMCAT_BUILD_DIR:?}/src" -name 'mmcat-*.o' | sort)
	[[ -n $objects ]] || return 1
	echo "$objects"
}

# undefined_symbols FILE... : the symbols FILE... need from elsewhere
# (imports of a binary, external references of an object), one a line.
undefined_symbols() {
	readelf -sW "$@" | awk '$7 == "UND" && $8 != "" { sub(/@.*/, "", $8); print $8 }' |
		sort -u
}

# fortified_calls FILE... : the _FORTIFY_SOURCE checked functions FILE...
# call (__read_chk, __memcpy_chk, __snprintf_chk, __longjmp_chk, ...).
# __stack_chk_fail is the stack protector's, not fortify's.
fortified_calls() {
	undefined_symbols "$@" | grep -E '^__[[:alnum:]_]+_chk$' |
		grep -vx -e __stack_chk_fail -e __stack_chk_fail_local || :
}

@test "hardening: position-independent executable" {
	need_hardening
	wants -pie || skip "the linker refused -pie"
	run -0 readelf -h "$BINARY"
	if is_static && [[ $output == *'Type:'*EXEC* ]]; then
		skip "static executable: -static wins over -pie (use -static-pie for both)"
	fi
	assert_output --regexp 'Type:[[:space:]]+DYN'
}

@test "hardening: full RELRO (GNU_RELRO segment and BIND_NOW)" {
	need_hardening
	wants -Wl,-z,now || skip "the linker refused -z now"
	run -0 readelf -lW "$BINARY"
	assert_output --partial 'GNU_RELRO'
	# A static binary has no dynamic section: nothing to bind late.
	is_static && return
	run -0 readelf -d "$BINARY"
	assert_output --regexp 'BIND_NOW|FLAGS_1.*NOW'
}

@test "hardening: the stack is not executable" {
	need_hardening
	wants -Wl,-z,noexecstack || skip "the linker refused -z noexecstack"
	run -0 readelf -lW "$BINARY"
	assert_line --regexp 'GNU_STACK .* RW  '
}

@test "hardening: the stack protector is compiled in" {
	need_hardening
	wants -fstack-protector-strong || skip "the compiler refused the stack protector"
	local code
	code=$(mmcat_code) || skip "static binary, and no object files in $MMCAT_BUILD_DIR/src"
	# shellcheck disable=SC2086 # one file a line, no blanks in them
	run -0 undefined_symbols $code
	assert_line --regexp '^__stack_chk_fail(_local)?$'
}

@test "hardening: _FORTIFY_SOURCE's checked functions replace the plain calls" {
	need_hardening
	wants -D_FORTIFY_SOURCE=3 || wants -D_FORTIFY_SOURCE=2 ||
		skip "the compiler took no -D_FORTIFY_SOURCE"
	need_fortifying_libc
	local code
	code=$(mmcat_code) || skip "static binary, and no object files in $MMCAT_BUILD_DIR/src"
	# shellcheck disable=SC2086
	run -0 fortified_calls $code
	echo "# fortified calls: ${output//$'\n'/ }" >&3
	[[ -n $output ]] ||
		fail "no __*_chk function is called: the build is not fortified (-U_FORTIFY_SOURCE in CPPFLAGS? -O0?)"
}

@test "hardening: the fortify check tells a fortified program from a plain one" {
	# The check above must not pass on a build without _FORTIFY_SOURCE: try
	# it on a small program built both ways.
	local cc=${MMCAT_CC:-cc}
	command -v "${cc%% *}" >/dev/null || skip "no C compiler ($cc) to build the probe"
	need_fortifying_libc
	cd "$BATS_TEST_TMPDIR"
	cat >probe.c <<-'EOF'
		#include <string.h>
		#include <unistd.h>
		int main(int argc, char **argv)
		{
			char buf[16];
			ssize_t n = read(0, buf, (size_t)argc * 4);
			memcpy(buf, argv[0], (size_t)argc);
			return (int)n + buf[0];
		}
	EOF
	$cc -O2 -U_FORTIFY_SOURCE -D_FORTIFY_SOURCE=2 -o fortified probe.c ||
		skip "$cc cannot build with -D_FORTIFY_SOURCE=2"
	$cc -O2 -U_FORTIFY_SOURCE -o plain probe.c
	# gcc makes both calls checked ones; clang 14 only the memcpy.
	run -0 fortified_calls fortified
	assert_line __memcpy_chk
	run -0 fortified_calls plain
	assert_output ''
}
