#!/usr/bin/env bats
# SPDX-License-Identifier: BSD-2-Clause
# messages.bats - what messages look like: file names and echoed arguments
# quoted as GNU coreutils quotes them, one line each whatever the name,
# never cut, written with one write(2).  The man page, DIAGNOSTICS, is the
# reference.  Peers: GNU cat for file names (its message for a missing
# file, with "cat" replaced by "mmcat", is mmcat's), ls
# --quoting-style=shell-escape-always for echoed arguments, and bash,
# which must read every quoted form back as the text it stands for.

load helpers/common

QUOTE_CASES=$BATS_TEST_DIRNAME/unit/quote_cases
US=$'\x1f'

setup() {
	cd "$BATS_TEST_TMPDIR"
	printf 'abc' >f
	# The table's names are looked up where none of them exists.
	mkdir none
}

# require_utf8_locale : skip unless C.UTF-8 exists, where GNU tools show
# UTF-8 names as they are (mmcat does so in every locale).
require_utf8_locale() {
	local got
	got=$(LC_ALL=C.UTF-8 cat -- $'\xc3\xa9-missing' 2>&1) || true
	[[ $got == *$'\xc3\xa9'-missing* ]] ||
		skip "no C.UTF-8 locale here: GNU cat says $got"
}

# quote_cases STYLE... : the cases of the quoting table in those styles,
# as lines TEXT US QUOTED (US: the byte 0x1f, which no case holds, so
# that read splits an empty TEXT off too), with TEXT still in the table's
# \xHH notation.  Read them with IFS=$US.
quote_cases() {
	local line style rest want
	while IFS= read -r line; do
		[[ -z $line || $line == \#* ]] && continue
		style=${line%%$'\t'*}
		rest=${line#*$'\t'}
		for want in "$@"; do
			[[ $style == "$want" ]] &&
				printf '%s\x1f%s\n' "${rest%%$'\t'*}" "${rest#*$'\t'}"
		done
	done <"$QUOTE_CASES"
}

# bytes_of TEXT : the table's notation (\xHH, \\) as raw bytes, in $bytes.
bytes_of() {
	bytes=$(printf '%bx' "$1")
	bytes=${bytes%x}
}

# is_ascii TEXT : no byte of TEXT is above 0x7f.
is_ascii() {
	[[ $(printf %s "$1" | LC_ALL=C tr -d '\000-\177' | wc -c) -eq 0 ]]
}

# cat_says NAME [LOCALE] : GNU cat's message for NAME, a missing file, with
# its program name replaced by mmcat's.
cat_says() {
	local msg
	msg=$(LC_ALL=${2:-C.UTF-8} cat -- "$1" 2>&1 >/dev/null) && return 1
	printf 'mmcat%s' "${msg#cat}"
}

# mmcat_says ARGS... : mmcat's stderr (its stdout thrown away), exactly.
mmcat_says() {
	local msg
	msg=$("$MMCAT" "$@" 2>&1 >/dev/null; printf x)
	printf '%s' "${msg%x}"
}

# --- file names against GNU cat ---------------------------------------------

@test "file names: every name of the quoting table is quoted as GNU cat quotes it" {
	require_utf8_locale
	local text quoted want got n=0
	cd none
	while IFS=$US read -r text quoted; do
		bytes_of "$text"
		want=$(cat_says "$bytes")
		got=$(mmcat_says -- "$bytes")
		[[ $got == "$want" ]] ||
			fail "name $text: mmcat says $(printf %q "$got"), cat $(printf %q "$want")"
		[[ $got == "mmcat: $quoted: No such file or directory" ]] ||
			fail "name $text: $(printf %q "$got") does not show the table's $quoted"
		n=$((n + 1))
	done < <(quote_cases name)
	((n >= 80)) || fail "only $n names in $QUOTE_CASES"
}

@test "file names: the quoting table's own choices are what mmcat prints" {
	# Bidirectional controls, unassigned code points, and a form coreutils
	# 9.1 pads with a stray '': see the comments in the table.
	local text quoted n=0
	cd none
	while IFS=$US read -r text quoted; do
		bytes_of "$text"
		assert_equal "$(mmcat_says -- "$bytes")" \
			"mmcat: $quoted: No such file or directory"
		n=$((n + 1))
	done < <(quote_cases name-own)
	((n >= 5))
}

@test "file names: every quoted form of the table reads back in bash as the name" {
	local text quoted back n=0
	while IFS=$US read -r text quoted; do
		bytes_of "$text"
		eval "back=$quoted"
		[[ $back == "$bytes" ]] ||
			fail "$quoted reads back as $(printf %q "$back"), not $(printf %q "$bytes")"
		n=$((n + 1))
	done < <(quote_cases name name-own arg arg-own)
	((n >= 100))
}

@test "file names: the same message in every locale; ASCII names as GNU cat's in LC_ALL=C" {
	local text quoted got
	cd none
	while IFS=$US read -r text quoted; do
		bytes_of "$text"
		got=$(LC_ALL=C mmcat_says -- "$bytes")
		assert_equal "$got" "mmcat: $quoted: No such file or directory"
		if is_ascii "$bytes"; then
			assert_equal "$got" "$(cat_says "$bytes" C)"
		fi
	done < <(LC_ALL=C quote_cases name)
}

@test "file names: a plain name looks as it always did" {
	run -1 --separate-stderr mmcat f 9
	assert_output ''
	assert_equal "$stderr" 'mmcat: f: offset 9 is past end of file (size 3)'
}

@test "file names: a newline in a name keeps the message on one line" {
	local name=$'two\nlines'
	printf 'abc' >"$name"
	run -1 --separate-stderr mmcat "$name" 9
	assert_equal "${#stderr_lines[@]}" 1
	assert_equal "$stderr" "mmcat: 'two'\$'\\n''lines': offset 9 is past end of file (size 3)"
	# The name part is cat's, for the same name missing.
	rm -- "$name"
	assert_equal "$(mmcat_says "$name")" "$(cat_says "$name")"
}

@test "file names: terminal escape sequences are never written raw" {
	local name=$'x\e]0;title\a\e[2J'
	run -1 --separate-stderr mmcat -- "$name"
	[[ $stderr != *[$'\x01'-$'\x1f'$'\x7f']* ]] ||
		fail "a control byte on stderr: $(printf %q "$stderr")"
	assert_equal "$stderr" "$(cat_says "$name")"
}

@test "file names: quotes and spaces, with a file that exists" {
	local name
	for name in "it's" 'a b' 'say "hi"' "it's a \$HOME" 'C:'; do
		printf 'abc' >"$name"
		run -1 --separate-stderr mmcat -- "$name" 9
		rm -- "$name"
		assert_equal "$stderr" \
			"$(cat_says "$name" | sed 's/: No such file or directory$//'): offset 9 is past end of file (size 3)"
	done
}

@test "file names: a 1.2 KB path keeps the whole reason" {
	local dir=d i path
	for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
		dir+=/$(printf '%099d' "$i")
	done
	mkdir -p "$dir"
	path=$dir/f
	printf 'abc' >"$path"
	((${#path} > 1200))
	run -1 --separate-stderr mmcat "$path" 99
	assert_equal "$stderr" "mmcat: $path: offset 99 is past end of file (size 3)"
	# and, needing quotes (a tab in the last directory), as cat has it
	mkdir -- "$dir/a"$'\t'b
	run -1 --separate-stderr mmcat -- "$dir/a"$'\t'"b/missing"
	assert_equal "$stderr" "$(cat_says "$dir/a"$'\t'"b/missing")"
}

@test "file names: 3000 control bytes, four times longer quoted, still whole" {
	local name
	name=$(printf 'x\001%.0s' {1..1500})
	run -1 --separate-stderr mmcat -- "$name"
	assert_equal "${#stderr_lines[@]}" 1
	# The reason is the C library's: glibc's (cat's) or musl's words.
	assert_equal "${stderr%: File*name too long}" "$(cat_says "$name" | sed 's/: File name too long$//')"
	[[ $stderr == *': File name too long' || $stderr == *': Filename too long' ]]
}

@test "file names: standard input keeps its label" {
	run -1 --separate-stderr mmcat - 9 <f
	assert_equal "$stderr" 'mmcat: standard input: offset 9 is past end of file (size 3)'
	# while a file that is really called so is quoted
	printf 'abc' >'standard input'
	run -1 --separate-stderr mmcat 'standard input' 9
	assert_equal "$stderr" "mmcat: 'standard input': offset 9 is past end of file (size 3)"
}

@test "file names: -v quotes the name too" {
	printf 'abc' >$'a\tb'
	run -0 --separate-stderr mmcat -v $'a\tb' 1
	assert_output 'bc'
	assert_equal "${#stderr_lines[@]}" 1
	[[ $stderr == "mmcat: 'a'\$'\\t''b': "* ]] || fail "stderr: $(printf %q "$stderr")"
}

@test "file names: one write(2) per message, however long" {
	command -v strace >/dev/null || skip "strace is not installed"
	local path
	path=$(printf 'dir%04d/' {1..300})missing
	# (LeakSanitizer cannot run under ptrace: an ASan build leaves it off)
	ASAN_OPTIONS=detect_leaks=0 run -1 strace -qq -s 100000 -e trace=write \
		-e signal=none -o trace "$MMCAT" -- "$path"
	assert_equal "$(grep -c '^write(2,' trace)" 1
	grep -qF "write(2, \"mmcat: $path: No such file or directory\\n\"" trace ||
		fail "not one write of the whole line: $(head -c 300 trace)"
}

# --- echoed arguments against GNU ls ------------------------------------------

HINT='expected an integer: decimal digits with an optional K/M/G/T/P/E suffix (KiB = 1024, kB = 1000), or 0x followed by hex digits'

# ls_quote TEXT : TEXT (no '/') as GNU ls --quoting-style=shell-escape-always
# shows a file of that name, in C.UTF-8: the oracle for echoed arguments.
ls_quote() {
	mkdir -p lsq
	touch -- "lsq/$1"
	(cd lsq && LC_ALL=C.UTF-8 ls -d --quoting-style=shell-escape-always -- "$1")
	rm -f -- "lsq/$1"
}

# no_control_bytes TEXT : fail if TEXT holds a control byte other than \n.
no_control_bytes() {
	[[ $1 != *[$'\x01'-$'\x09'$'\x0b'-$'\x1f'$'\x7f']* ]] ||
		fail "a control byte in: $(printf %q "$1")"
}

@test "echoed arguments: every argument of the quoting table is quoted as GNU ls quotes it" {
	require_utf8_locale
	local text quoted n=0
	while IFS=$US read -r text quoted; do
		bytes_of "$text"
		assert_equal "$(ls_quote "$bytes")" "$quoted"
		MMCAT_COPY=$bytes run -2 --separate-stderr mmcat f
		assert_output ''
		assert_equal "$stderr" "$(usage_stderr "mmcat: invalid MMCAT_COPY $quoted: expected 'auto' or 'write'")"
		n=$((n + 1))
	done < <(quote_cases arg)
	((n >= 10))
	# and the empty argument, which ls cannot show
	MMCAT_COPY= run -2 --separate-stderr mmcat f
	assert_equal "${stderr_lines[0]}" "mmcat: invalid MMCAT_COPY '': expected 'auto' or 'write'"
}

@test "echoed arguments: an escape sequence as -o's argument stays quoted" {
	local arg=$'\e[2J'
	run -2 --separate-stderr mmcat -o "$arg" f
	assert_output ''
	no_control_bytes "$stderr"
	assert_equal "$stderr" "$(usage_stderr "mmcat: invalid offset $(ls_quote "$arg"): $HINT")"
	assert_equal "${stderr_lines[0]}" "mmcat: invalid offset ''\$'\\033''[2J': $HINT"
}

@test "echoed arguments: plain ones look as they always did" {
	run -2 --separate-stderr mmcat -o 12x f
	assert_equal "${stderr_lines[0]}" "mmcat: invalid offset '12x': $HINT"
	assert_equal "$(ls_quote 12x)" "'12x'"
}

@test "echoed arguments: a newline cannot split any message that echoes one" {
	local x=$'1\n2' q c
	q=$(ls_quote "$x")
	local -a cases=(
		"invalid offset $q: $HINT|-o|$x|f"
		"invalid length $q: $HINT|-l|$x|f"
		"invalid end $q: $HINT|--end=$x|f"
		"invalid offset $q: $HINT; nor is there a file of that name|f|$x"
		"invalid length $q: $HINT|f|0|$x"
		"invalid range $q: expected START:END or START+LENGTH|-r|$x|f"
		"invalid line range $q: expected N, N:M, N:, :M or N:+K; $HINT|-L|$x|f"
		"too many operands: $q (usage: mmcat FILE [OFFSET [LENGTH]]; several files take -o/-l/-e)|f|0|1|$x"
		"invalid --follow $q: expected 'descriptor' or 'name'|--follow=$x|f"
		"invalid PID $q|-f|--pid=$x|f"
		"invalid number of seconds: $q|-f|-s|$x|f"
		"unrecognized option $(ls_quote "--$x")|--$x"
		"invalid option -- $(ls_quote $'\n')|-v"$'\n'
	)
	for c in "${cases[@]}"; do
		IFS='|' read -r -d '' -a words <<<"$c" || true
		words[-1]=${words[-1]%$'\n'}
		run -2 --separate-stderr mmcat "${words[@]:1}"
		assert_output ''
		assert_equal "$stderr" "$(usage_stderr "mmcat: ${words[0]}")"
	done
	MMCAT_WINDOW=$x run -2 --separate-stderr mmcat f
	assert_equal "$stderr" "$(usage_stderr "mmcat: invalid MMCAT_WINDOW $q: $HINT")"
}

# --- usage errors: the Try line -------------------------------------------------

@test "usage errors: every kind ends with the Try line, one message before it, nothing on stdout" {
	local c
	local -a cases=(
		'--bogus' '--bogus=1' '-Q' '-vQ' '--l' '--ver=1' '--strict=1'
		'--st=1' '-o' '--offset' '--off' 'f -o 12x' 'f --length=1.5K'
		'-e 0x f' 'f 12x' 'f 0 K' 'f 1 2 3' '-l 1 -e 2 f' '-r 0:1 -o 1 f'
		'-L 1 -o 1 f' '-r 5 f' '-r x:y f' '-L 0 f' '-L 1:+x f' '-L x f'
		'--follow=x f' '-f --pid=0 f' '-f -s -1 f' '-f -e -1 f'
		'-F -L -1 f' '--follow=name f 0 -1'
	)
	for c in "${cases[@]}"; do
		# shellcheck disable=SC2086 # split on purpose
		run -2 --separate-stderr mmcat $c
		[[ -z $output ]] || fail "mmcat $c: wrote to stdout: $output"
		[[ ${#stderr_lines[@]} == 2 && ${stderr_lines[1]} == "$(try_help)" ]] ||
			fail "mmcat $c: stderr is not one message and the Try line: $stderr"
		[[ ${stderr_lines[0]} == 'mmcat: '* ]] || fail "mmcat $c: $stderr"
	done
	for c in MMCAT_WINDOW=0 MMCAT_WINDOW=x MMCAT_COPY=fast; do
		run -2 --separate-stderr env "$c" "$MMCAT" f
		[[ -z $output && ${#stderr_lines[@]} == 2 && ${stderr_lines[1]} == "$(try_help)" ]] ||
			fail "$c mmcat f: $stderr"
	done
}

@test "usage errors: the message and the Try line go out in one write(2)" {
	command -v strace >/dev/null || skip "strace is not installed"
	ASAN_OPTIONS=detect_leaks=0 run -2 strace -qq -s 1000 -e trace=write \
		-e signal=none -o trace "$MMCAT" --bogus f
	assert_equal "$(grep -c '^write(2,' trace)" 1
	grep -qF "write(2, \"mmcat: unrecognized option '--bogus'\\n$(try_help)\\n\"" trace ||
		fail "not one write: $(cat trace)"
}

@test "usage errors: what is not a usage error has no Try line" {
	run -1 --separate-stderr mmcat missing
	assert_equal "${#stderr_lines[@]}" 1
	run -1 --separate-stderr mmcat f 9
	assert_equal "${#stderr_lines[@]}" 1
}
