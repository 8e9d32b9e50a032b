#!/usr/bin/env bats
# SPDX-License-Identifier: BSD-2-Clause
# install.bats - what `make install` puts where, what `make uninstall`
# takes away, where configure puts the completions, that installed
# completions load in fresh bash, zsh and fish, configure's early stops,
# and a manual page that lints clean.

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

# configured VAR : the value configure gave the make variable VAR in the
# build under test, unexpanded (${datadir}/...).
configured() {
	sed -n "s/^$1 = //p" "$MMCAT_BUILD_DIR/Makefile"
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

# expected_layout : LAYOUT gets what make install should put under the
# prefix, for the build under test.  zsh's directory depends on the prefix and the system
# (see README.md); a build configured with other directories is skipped.
expected_layout() {
	local zsh_dir
	zsh_dir=$(configured zshcompletiondir)
	case $zsh_dir in
	'${datadir}/zsh/site-functions' | '${datadir}/zsh/vendor-completions') ;;
	*) skip "configured with --with-zsh-completion-dir=$zsh_dir" ;;
	esac
	LAYOUT="bin/mmcat
share/bash-completion/completions/mmcat
share/doc/mmcat/NEWS
share/doc/mmcat/README.md
share/fish/vendor_completions.d/mmcat.fish
share/man/man1/mmcat.1
share/${zsh_dir#'${datadir}/'}/_mmcat"
}

@test "make install puts the binary, the man page, the docs and three completions in place" {
	local root=$BATS_TEST_TMPDIR/root
	expected_layout
	make -s -C "$MMCAT_BUILD_DIR" install DESTDIR="$root" >/dev/null
	run -0 installed "$root"
	assert_output "$LAYOUT"
	run -0 "$(find "$root" -type f -path '*/bin/mmcat')" --version
	assert_output --regexp '^mmcat [0-9]'
}

# make_value VAR : the value make gives VAR in the build under test.
make_value() {
	printf 'mmcat-print-value:\n\t@echo $(%s)\n' "$1" |
		make -s -C "$MMCAT_BUILD_DIR" -f Makefile -f - mmcat-print-value
}

@test "the licence is in the tarball but not installed (distributions bring their own)" {
	local root=$BATS_TEST_TMPDIR/root
	make -s -C "$MMCAT_BUILD_DIR" install DESTDIR="$root" >/dev/null
	run -0 find "$root" -name 'LICENSE*'
	assert_output ''
	run -0 make_value DISTFILES
	[[ " $output " == *" LICENSE "* ]] || fail "LICENSE is not among the files of make dist: $output"
}

@test "make uninstall removes every installed file" {
	local root=$BATS_TEST_TMPDIR/root
	make -s -C "$MMCAT_BUILD_DIR" install DESTDIR="$root" >/dev/null
	make -s -C "$MMCAT_BUILD_DIR" uninstall DESTDIR="$root" >/dev/null
	run -0 find "$root" -type f
	assert_output ''
}

@test "every directory follows a prefix given to make install, completions too" {
	local prefix=$BATS_TEST_TMPDIR/prefix
	expected_layout
	make -s -C "$MMCAT_BUILD_DIR" install prefix="$prefix" >/dev/null
	run -0 installed "$prefix"
	assert_output "$LAYOUT"
	make -s -C "$MMCAT_BUILD_DIR" uninstall prefix="$prefix" >/dev/null
	run -0 find "$prefix" -type f
	assert_output ''
}

# --- where configure puts the completions ---------------------------------

@test "configure --prefix=/usr puts each completion where this system's shell looks" {
	local tree=$BATS_TEST_TMPDIR/tree root=$BATS_TEST_TMPDIR/root want dirs
	configure_copy "$tree" --prefix=/usr
	make -s -C "$tree" install-data DESTDIR="$root" >/dev/null
	assert_same_file "$SRCDIR/man/mmcat.1" "$root/usr/share/man/man1/mmcat.1"
	assert_same_file "$SRCDIR/NEWS" "$root/usr/share/doc/mmcat/NEWS"

	# bash-completion loads completions from its .pc file's completionsdir.
	want=/usr/share/bash-completion/completions
	if pkg-config --exists bash-completion 2>/dev/null; then
		want=$(pkg-config --variable=completionsdir bash-completion)
	fi
	assert_same_file "$SRCDIR/completions/mmcat" "$root$want/mmcat"

	# zsh: a directory of its fpath (vendor-completions on Debian).
	run -0 find "$root" -name _mmcat
	assert_equal "${#lines[@]}" 1
	want=${output#"$root"}
	want=${want%/_mmcat}
	if command -v zsh >/dev/null; then
		dirs=$(HOME=$BATS_TEST_TMPDIR zsh -c 'print -rl -- $fpath')
		grep -qxF -- "$want" <<<"$dirs" ||
			fail "_mmcat went to $want, which is not in zsh's fpath: $dirs"
	elif [[ -f /etc/debian_version ]]; then
		assert_equal "$want" /usr/share/zsh/vendor-completions
	else
		assert_equal "$want" /usr/share/zsh/site-functions
	fi

	# fish: one of its completion directories, with XDG_DATA_DIRS unset.
	run -0 find "$root" -name mmcat.fish
	assert_equal "${#lines[@]}" 1
	want=${output#"$root"}
	want=${want%/mmcat.fish}
	if command -v fish >/dev/null; then
		dirs=$(env -u XDG_DATA_DIRS HOME="$BATS_TEST_TMPDIR" fish -c \
			'printf "%s\n" $fish_complete_path')
		grep -qxF -- "$want" <<<"$dirs" ||
			fail "mmcat.fish went to $want, which is not in fish_complete_path: $dirs"
	else
		assert_equal "$want" /usr/share/fish/vendor_completions.d
	fi
}

@test "configure --with-SHELL-completion-dir: =no installs none, =DIR installs there" {
	local tree=$BATS_TEST_TMPDIR/tree root=$BATS_TEST_TMPDIR/root
	configure_copy "$tree" --with-bash-completion-dir=no \
		--with-zsh-completion-dir=/opt/zsh-fns --with-fish-completion-dir=no
	make -s -C "$tree" install-data DESTDIR="$root" >/dev/null
	run -0 find "$root" -type f \( -name mmcat -o -name _mmcat -o -name mmcat.fish \)
	assert_output "$root/opt/zsh-fns/_mmcat"
}

@test "configure stops with a clear message when popt does not link" {
	local tree=$BATS_TEST_TMPDIR/tree
	run -1 configure_copy "$tree" POPT_CFLAGS=-I/usr/include \
		POPT_LIBS=-lmmcat-no-such-popt
	assert_output --partial 'configure: error: popt does not compile and link with'
	assert_output --partial 'libpopt-dev'
}

# popt_needed BINARY : the libpopt shared object BINARY loads, if any.
popt_needed() {
	readelf -dW "$1" | sed -n 's/.*(NEEDED).*\[\(libpopt[^]]*\)\].*/\1/p'
}

@test "popt is linked the way configure said (POPT_LINKAGE)" {
	command -v readelf >/dev/null || skip "readelf (binutils) is not installed"
	local linkage
	linkage=$(configured POPT_LINKAGE)
	run -0 popt_needed "$MMCAT_BUILD_DIR/src/mmcat"
	case $linkage in
	static) assert_output '' ;;
	shared) assert_output --regexp '^libpopt\.so' ;;
	*) fail "POPT_LINKAGE is '$linkage', not static or shared" ;;
	esac
}

@test "by default popt is a shared library: the binary needs libpopt.so" {
	command -v readelf >/dev/null || skip "readelf (binutils) is not installed"
	# The build under test, unless it was configured to link the archive.
	if "$MMCAT_BUILD_DIR/config.status" --config | grep -q -- '--enable-static-popt'; then
		skip "the build under test was configured with --enable-static-popt"
	fi
	assert_equal "$(configured POPT_LINKAGE)" shared
	run -0 popt_needed "$MMCAT_BUILD_DIR/src/mmcat"
	assert_output --regexp '^libpopt\.so\.[0-9]+$'
	run -0 configured POPT_LIBS
	refute_output --partial Bstatic
}

@test "configure --enable-static-popt links popt's archive where there is one" {
	local tree=$BATS_TEST_TMPDIR/tree archive
	archive=$(${MMCAT_CC:-cc} -print-file-name=libpopt.a)
	[[ -f $archive ]] || skip "no libpopt.a for ${MMCAT_CC:-cc}"
	run -0 configure_copy "$tree" --enable-static-popt
	run -0 sed -n 's/^POPT_LINKAGE = //p' "$tree/Makefile"
	assert_output static
	run -0 sed -n 's/^POPT_LIBS = //p' "$tree/Makefile"
	assert_output --partial '-Wl,-Bstatic -lpopt -Wl,-Bdynamic'
}

@test "configure --enable-static-popt stops when popt cannot be linked statically" {
	local tree=$BATS_TEST_TMPDIR/tree
	run -1 configure_copy "$tree" --enable-static-popt \
		POPT_CFLAGS=-I/usr/include POPT_LIBS="-L$BATS_TEST_TMPDIR/nolib -lpopt-mmcat-none"
	assert_output --partial 'configure: error: --enable-static-popt: popt does not link statically'
}

@test "configure keeps its warnings and hardening under CC=clang CFLAGS=-Weverything" {
	command -v clang >/dev/null || skip "clang is not installed"
	case ${MMCAT_CC:-cc} in
	cc | gcc | clang) ;;
	*) skip "the build under test is for CC='$MMCAT_CC'; this case builds for the system's clang" ;;
	esac
	command -v readelf >/dev/null || skip "readelf (binutils) is not installed"
	local tree=$BATS_TEST_TMPDIR/tree
	# Each probe must not fail on its test program's own warnings.
	configure_copy "$tree" --enable-hardening CC=clang CFLAGS='-O2 -Weverything'
	run -0 sed -n 's/^WARN_CFLAGS = //p' "$tree/Makefile"
	assert_output --partial '-Wall -Wextra'
	run -0 sed -n 's/^HARDEN_CFLAGS = //p' "$tree/Makefile"
	assert_output --partial '-fstack-protector-strong'
	run -0 sed -n 's/^HARDEN_LDFLAGS = //p' "$tree/Makefile"
	assert_output --partial '-Wl,-z,now'
	# The binary itself: bound at load time (full RELRO).
	make -s -C "$tree" src/mmcat >"$tree/make.out" 2>&1 || {
		tail -n 40 "$tree/make.out"
		fail "the build failed"
	}
	run -0 readelf -dW "$tree/src/mmcat"
	assert_output --regexp '\((FLAGS|FLAGS_1)\).*[[:space:]](BIND_NOW|NOW)'
}

@test "configure warns at its end when the flags given undo hardening it chose" {
	local tree=$BATS_TEST_TMPDIR/tree
	configure_copy "$tree" --enable-hardening CFLAGS='-O2 -fno-stack-protector'
	run -0 tail -n 1 "$tree/configure.out"
	assert_output --regexp '^configure: WARNING: hardening .* left out .*-fno-stack-protector'
	# Hardening as configured, nothing to say.
	configure_copy "$BATS_TEST_TMPDIR/plain" --enable-hardening CFLAGS=-O2
	run -1 grep 'WARNING: hardening' "$BATS_TEST_TMPDIR/plain/configure.out"
}

@test "configure stops with a clear message when there is no mmap" {
	local tree=$BATS_TEST_TMPDIR/tree
	run -1 configure_copy "$tree" ac_cv_func_mmap=no
	assert_output --partial 'configure: error: mmcat prints files by mapping them with mmap(2)'
}

# --- installed completions in fresh shells ---------------------------------

# on_terminal OUT KEYS COMMAND... : run COMMAND on a pseudo-terminal (zsh's
# zpty), type KEYS and then Ctrl-X Ctrl-P, which the shell under test binds
# to writing its edit line to OUT; print OUT.
on_terminal() {
	command -v zsh >/dev/null || skip "zsh is not installed: its zpty drives the terminal"
	zsh -fc 'zmodload zsh/zpty' 2>/dev/null || skip "zsh has no zsh/zpty module"
	zsh -f /dev/stdin "$@" <<-'EOF'
		zmodload zsh/zpty || exit 3
		local out=$1 keys=$2 chunk seen
		shift 2
		zpty mm "${(@q)@}"
		zpty -w -n mm "$keys"
		zpty -w -n mm $'\C-x\C-p'
		integer tries=0
		while (( tries++ < 600 )) && [[ ! -s $out ]]; do
			zpty -r -t mm chunk && seen+=$chunk || sleep 0.05
		done
		zpty -d mm
		if [[ ! -s $out ]]; then
			print -u2 -r -- "the shell never wrote its line; the terminal showed: $seen"
			exit 1
		fi
		cat -- $out
	EOF
}

# A user's home with nothing in it, and mmcat installed into a prefix.
install_into_prefix() {
	PREFIX=$BATS_TEST_TMPDIR/prefix
	mkdir -p "$BATS_TEST_TMPDIR/home"
	export HOME=$BATS_TEST_TMPDIR/home
	unset XDG_CONFIG_HOME XDG_DATA_HOME XDG_DATA_DIRS ZDOTDIR
	make -s -C "$MMCAT_BUILD_DIR" install prefix="$PREFIX" >/dev/null
	export PATH=$PREFIX/bin:$PATH
}

@test "installed: bash with bash-completion completes mmcat --st<TAB> to --strict" {
	local lib=/usr/share/bash-completion/bash_completion
	[[ -r $lib ]] || skip "bash-completion is not installed ($lib)"
	install_into_prefix
	# bash-completion finds completions under each XDG_DATA_DIRS entry
	# (default /usr/local/share:/usr/share): add the prefix's.
	cat >"$BATS_TEST_TMPDIR/bashrc" <<-EOF
		source $lib
		bind -x '"\C-x\C-p": printf "%s\n" "\$READLINE_LINE" >"$BATS_TEST_TMPDIR/line"'
	EOF
	export XDG_DATA_DIRS=$PREFIX/share:/usr/local/share:/usr/share
	run -0 on_terminal "$BATS_TEST_TMPDIR/line" $'mmcat --st\t' \
		bash --rcfile "$BATS_TEST_TMPDIR/bashrc" -i
	assert_output 'mmcat --strict '
}

@test "installed: zsh with compinit completes mmcat --st<TAB> to --strict" {
	command -v zsh >/dev/null || skip "zsh is not installed"
	install_into_prefix
	# The installed directory, put in fpath as a user of that prefix does
	# (zsh searches its own prefix's directory by itself).
	local dir
	dir=$(dirname "$(find "$PREFIX" -name _mmcat)")
	mkdir -p "$BATS_TEST_TMPDIR/zdot"
	cat >"$BATS_TEST_TMPDIR/zdot/.zshrc" <<-EOF
		fpath=("$dir" \$fpath)
		autoload -Uz compinit && compinit -u -d "\$HOME/.zcompdump"
		mm_show() { print -r -- "\$BUFFER" >|"$BATS_TEST_TMPDIR/line" }
		zle -N mm_show
		bindkey '^X^P' mm_show
	EOF
	export ZDOTDIR=$BATS_TEST_TMPDIR/zdot
	run -0 on_terminal "$BATS_TEST_TMPDIR/line" $'mmcat --st\t' zsh -i
	assert_output 'mmcat --strict '
}

@test "installed: fish completes mmcat --st<TAB> to --strict" {
	command -v fish >/dev/null || skip "fish is not installed"
	install_into_prefix
	# fish reads DIR/fish/vendor_completions.d for each DIR of XDG_DATA_DIRS.
	run -0 env XDG_DATA_DIRS="$PREFIX/share:/usr/share" \
		fish -c 'complete -C "mmcat --st"'
	assert_equal "${#lines[@]}" 1
	assert_output --regexp $'^--strict(\t|$)'
}

# --- the manual page -------------------------------------------------------

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
