#!/usr/bin/env bats
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
	assert_equal "$stderr" "$(cat_says "$name")"
	[[ $stderr == *': File name too long' ]]
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
	run -1 strace -qq -s 100000 -e trace=write -e signal=none -o trace \
		"$MMCAT" -- "$path"
	assert_equal "$(grep -c '^write(2,' trace)" 1
	grep -qF "write(2, \"mmcat: $path: No such file or directory\\n\"" trace ||
		fail "not one write of the whole line: $(head -c 300 trace)"
}
