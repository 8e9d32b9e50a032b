#!/usr/bin/env bats
# install.bats - what `make install` puts where, what `make uninstall`
# takes away, configure's early stops, and a manual page that lints clean.

load helpers/common

SRCDIR=$BATS_TEST_DIRNAME/..

setup() {
	: "${MMCAT_BUILD_DIR:?set by make check: the configured build directory}"
	# A nested make must not inherit the jobserver of the make running us.
	unset MAKEFLAGS MFLAGS MAKELEVEL
}

# installed ROOT : the files under ROOT, relative to the install prefix.
installed() {
	local root=$1 binary prefix
	binary=$(find "$root" -type f -path '*/bin/mmcat')
	[[ -n $binary ]] || return 1
	prefix=${binary%/bin/mmcat}
	(cd "$prefix" && find . -type f | sed 's|^\./||' | LC_ALL=C sort)
}

# configure_copy DIR ARGS... : a copy of the source tree in DIR, configured
# there with ARGS.  A copy, because a source tree that was configured in
# place (./configure && make) can have no second build elsewhere.
configure_copy() {
	local dir=$1
	shift
	mkdir -p "$dir"
	tar -C "$SRCDIR" --exclude='./_build*' --exclude=./.git \
		--exclude=./autom4te.cache --exclude=./config.status \
		--exclude=./config.log --exclude='./mmcat-*' -cf - . |
		tar -C "$dir" -xf -
	chmod -R u+w "$dir"
	(cd "$dir" && ./configure -q --disable-hardening \
		${MMCAT_CC:+CC="$MMCAT_CC"} "$@") >"$dir/configure.out" 2>&1 || {
		cat "$dir/configure.out"
		return 1
	}
}

@test "make install puts the binary, the man page, the docs and three completions in place" {
	local root=$BATS_TEST_TMPDIR/root
	make -s -C "$MMCAT_BUILD_DIR" install DESTDIR="$root" >/dev/null
	run -0 installed "$root"
	assert_output "bin/mmcat
share/bash-completion/completions/mmcat
share/doc/mmcat/LICENSE
share/doc/mmcat/NEWS
share/doc/mmcat/README.md
share/fish/vendor_completions.d/mmcat.fish
share/man/man1/mmcat.1
share/zsh/site-functions/_mmcat"
	run -0 "$(find "$root" -type f -path '*/bin/mmcat')" --version
	assert_output --regexp '^mmcat [0-9]'
}

@test "make uninstall removes every installed file" {
	local root=$BATS_TEST_TMPDIR/root
	make -s -C "$MMCAT_BUILD_DIR" install DESTDIR="$root" >/dev/null
	make -s -C "$MMCAT_BUILD_DIR" uninstall DESTDIR="$root" >/dev/null
	run -0 find "$root" -type f
	assert_output ''
}

@test "configure stops with a clear message when popt does not link" {
	local tree=$BATS_TEST_TMPDIR/tree
	run -1 configure_copy "$tree" POPT_CFLAGS=-I/usr/include \
		POPT_LIBS=-lmmcat-no-such-popt
	assert_output --partial 'configure: error: popt does not compile and link with'
	assert_output --partial 'libpopt-dev'
}

@test "configure stops with a clear message when there is no mmap" {
	local tree=$BATS_TEST_TMPDIR/tree
	run -1 configure_copy "$tree" ac_cv_func_mmap=no
	assert_output --partial 'configure: error: mmcat prints files by mapping them with mmap(2)'
}

@test "the manual page lints clean (mandoc -Tlint, warnings and up)" {
	command -v mandoc >/dev/null || skip "mandoc is not installed"
	run -0 mandoc -Tlint -Wwarning "$MMCAT_TESTS_DIR/../man/mmcat.1"
	assert_output ''
}

@test "the manual page formats without groff warnings (groff -ww -z)" {
	command -v groff >/dev/null || skip "groff is not installed"
	run -0 groff -mandoc -ww -z "$MMCAT_TESTS_DIR/../man/mmcat.1"
	assert_output ''
}
