#!/usr/bin/env bats
# SPDX-License-Identifier: BSD-2-Clause
# completions.bats - the bash, zsh and fish completions, run in the real
# shells, and their agreement with `mmcat --help` and the manual page.
#
# bash: the file is sourced and _mmcat called with COMP_WORDS, COMP_CWORD,
# COMP_LINE and COMP_POINT set as bash sets them, with and without the
# bash-completion library.  zsh: an interactive `zsh -f` under zpty gets
# the command line and a Tab; compadd and _message are wrapped to record
# what the completion system offered.  fish: `complete -C` with
# fish_complete_path pointing at completions/ only.
#
# The oracle for "every option" is `mmcat --help` (the popt table), never
# the completion files themselves.  A shell that is not installed is
# skipped with the reason; CI installs bash, zsh and fish.

load helpers/common

COMPLETIONS_DIR=$BATS_TEST_DIRNAME/../completions
MAN_PAGE=$BATS_TEST_DIRNAME/../man/mmcat.1
README=$BATS_TEST_DIRNAME/../README.md
BASH_COMPLETION_LIB=${BASH_COMPLETION_LIB:-/usr/share/bash-completion/bash_completion}

setup_file() {
	# zsh: build the completion dump once; each zsh run then loads it with
	# compinit -C instead of scanning every function directory again.
	ZSH_COMPDUMP=$BATS_FILE_TMPDIR/zcompdump
	export ZSH_COMPDUMP
	if command -v zsh >/dev/null; then
		MM_COMPDIR=$COMPLETIONS_DIR zsh -f -c '
			fpath=("$MM_COMPDIR" $fpath)
			autoload -Uz compinit && compinit -u -d "$ZSH_COMPDUMP"
		' || true
	fi
}

setup() {
	# fish loads a command's completions only when the command exists:
	# put mmcat on PATH, outside the directory whose files are completed.
	mkdir -p "$BATS_TEST_TMPDIR/bin" "$BATS_TEST_TMPDIR/work"
	ln -s "$MMCAT" "$BATS_TEST_TMPDIR/bin/mmcat"
	cd "$BATS_TEST_TMPDIR/work"
	# Operands to complete: two files sharing a prefix, one that does not,
	# and one whose name starts with '-'.
	touch alpha.bin alpha.log beta.txt -- -dash.bin
}

# --- the oracle: options listed by `mmcat --help` ------------------------

# help_long_options : long option names, one a line, sorted.
help_long_options() {
	"$MMCAT" --help |
		sed -nE 's/^ +(-[[:alpha:]], +)?--([a-z][a-z-]*).*/\2/p' | sort -u
}

# help_short_options : short option letters, one a line, sorted: those
# with a long name (-f, --follow) and those without one (-F).
help_short_options() {
	"$MMCAT" --help | sed -nE 's/^  -([[:alpha:]])(, +--|  ).*/\1/p' | sort -u
}

# help_description NAME : what `mmcat --help` says of --NAME, its wrapped
# lines joined with single spaces.
help_description() {
	"$MMCAT" --help | awk -v name="--$1" '
		/^ +(-[[:alpha:]], +)?--[a-z]/ {
			if (found) exit
			opt = $0; sub(/^ +(-[[:alpha:]], +)?/, "", opt)
			sub(/[= ].*/, "", opt)
			if (opt != name) next
			found = 1
			sub(/^ +(-[[:alpha:]], +)?--[a-z-]+(\[?=[A-Z]+\]?)? +/, "")
			text = $0
			next
		}
		found && match($0, /^ +[^ ]/) && RLENGTH > 10 {
			sub(/^ +/, ""); text = text " " $0; next
		}
		found { exit }
		END { print text }'
}

# help_argument_options : long options that take an argument (--name=ARG).
help_argument_options() {
	"$MMCAT" --help |
		sed -nE 's/^ +(-[[:alpha:]], +)?--([a-z][a-z-]*)=.*/\2/p' | sort -u
}

# help_optional_argument_options : long options whose argument may be left
# out (--name[=ARG]).
help_optional_argument_options() {
	"$MMCAT" --help |
		sed -nE 's/^ +(-[[:alpha:]], +)?--([a-z][a-z-]*)\[=.*/\2/p' | sort -u
}

# same_set NAME EXPECTED ACTUAL : the two newline-separated lists hold the
# same items; on failure, say which are missing and which are extra.
same_set() {
	local name=$1 missing extra
	missing=$(comm -23 <(sort -u <<<"$2") <(sort -u <<<"$3"))
	extra=$(comm -13 <(sort -u <<<"$2") <(sort -u <<<"$3"))
	if [[ -n $missing || -n $extra ]]; then
		batslib_print_kv_single_or_multi 8 missing "$missing" \
			extra "$extra" | batslib_decorate "$name" | fail
	fi
}

# none_beyond NAME ALLOWED ACTUAL : every item of ACTUAL is in ALLOWED.
none_beyond() {
	local extra
	extra=$(comm -13 <(sort -u <<<"$2") <(sort -u <<<"$3"))
	if [[ -n $extra ]]; then
		batslib_print_kv_single_or_multi 8 extra "$extra" |
			batslib_decorate "$1" | fail
	fi
}

@test "the oracle: mmcat --help lists the expected options" {
	# Guards the parsing of --help below: if it found nothing, every
	# consistency test would pass vacuously.
	run -0 help_long_options
	assert_line strict
	assert_line range
	assert_line lines
	assert_line hex
	assert_line progress
	(( ${#lines[@]} >= 12 ))
	assert_line follow
	assert_line pid
	assert_line sleep-interval
	assert_line zero-terminated
	run -0 help_short_options
	assert_line L
	assert_line x
	assert_line P
	assert_line f
	assert_line F
	assert_line s
	assert_line z
	(( ${#lines[@]} >= 13 ))
	run -0 help_argument_options
	assert_line pid
	refute_line follow
	assert_line cols
	assert_line name
	run -0 help_optional_argument_options
	assert_output $'color\nfollow'
}

# --- bash -----------------------------------------------------------------

# bash_complete MODE LINE : what the bash completion offers for LINE, with
# the cursor at its end; one candidate a line.  MODE is "plain" (no
# bash-completion library) or "library".  COMP_WORDS is split the way
# readline splits it: at blanks, and at the '=' and ':' of
# COMP_WORDBREAKS, which become words of their own.
bash_complete() {
	local mode=$1 line=$2
	bash --norc --noprofile -c '
		mode=$1 line=$2 file=$3 lib=$4
		if [[ $mode == library ]]; then
			source "$lib" || exit 3
		fi
		source "$file" || exit 3
		read -ra raw <<<"$line"
		COMP_WORDS=()
		for w in "${raw[@]}"; do
			while [[ $w == *[=:]* ]]; do
				pre=${w%%[=:]*}
				[[ -n $pre ]] && COMP_WORDS+=("$pre")
				COMP_WORDS+=("${w:${#pre}:1}")
				w=${w:${#pre}+1}
			done
			[[ -n $w ]] && COMP_WORDS+=("$w")
		done
		[[ $line == *" " ]] && COMP_WORDS+=("")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		COMP_LINE=$line
		COMP_POINT=${#line}
		COMP_TYPE=9 COMP_KEY=9
		_mmcat mmcat "${COMP_WORDS[COMP_CWORD]}" \
			"${COMP_WORDS[COMP_CWORD - 1]}"
		((${#COMPREPLY[@]} == 0)) || printf "%s\n" "${COMPREPLY[@]}"
	' bash "$mode" "$line" "$COMPLETIONS_DIR/mmcat" "$BASH_COMPLETION_LIB"
}

need_bash_completion_lib() {
	[[ -r $BASH_COMPLETION_LIB ]] ||
		skip "bash-completion is not installed ($BASH_COMPLETION_LIB missing): the fallback is tested on its own"
}

@test "bash: the file registers _mmcat for mmcat with complete -F" {
	run -0 bash --norc --noprofile -c \
		'source "$1" && complete -p mmcat' bash "$COMPLETIONS_DIR/mmcat"
	assert_output 'complete -F _mmcat mmcat'
}

@test "bash: mmcat --st<TAB> offers --strict only" {
	run -0 bash_complete plain 'mmcat --st'
	assert_output '--strict'
}

@test "bash: mmcat --<TAB> offers every long option of --help and nothing else" {
	local want
	run -0 bash_complete plain 'mmcat --'
	# Options taking an argument are offered as --name= (with nospace).
	want=$(help_long_options | while read -r o; do
		if help_argument_options | grep -qx -- "$o"; then
			echo "--$o="
		else
			echo "--$o"
		fi
	done)
	same_set 'bash candidates for --' "$want" "$output"
}

@test "bash: mmcat -<TAB> offers every short option of --help" {
	local o
	run -0 bash_complete plain 'mmcat -'
	for o in $(help_short_options); do
		assert_line -- "-$o"
	done
}

@test "bash: nothing is offered for a number after -o, --offset= or -l" {
	run -0 bash_complete plain 'mmcat -o '
	assert_output ''
	run -0 bash_complete plain 'mmcat --offset='
	assert_output ''
	run -0 bash_complete plain 'mmcat alpha.bin -l '
	assert_output ''
}

@test "bash: nothing is offered inside a --range or --lines SPEC" {
	run -0 bash_complete plain 'mmcat -r '
	assert_output ''
	run -0 bash_complete plain 'mmcat --range=1:'
	assert_output ''
	run -0 bash_complete plain 'mmcat -L :'
	assert_output ''
}

# The two values of --follow=HOW, one a line.
FOLLOW_HOWS=$'descriptor\nname'

@test "bash: --follow= offers descriptor and name; a word after a bare --follow is an operand" {
	run -0 bash_complete plain 'mmcat --follow='
	same_set 'bash candidates for --follow=' "$FOLLOW_HOWS" "$output"
	run -0 bash_complete plain 'mmcat -x --follow=n'
	assert_output 'name'
	run -0 bash_complete plain 'mmcat --fo=d'
	assert_output 'descriptor'
	run -0 bash_complete plain 'mmcat --follow al'
	same_set 'bash candidates after --follow' $'alpha.bin\nalpha.log' "$output"
}

# The three values of --color=WHEN, one a line.
COLOR_WHENS=$'always\nauto\nnever'

@test "bash: --color= offers auto, always and never; the numbers of -c, -g and --display-offset and the NAME of --name get nothing, and are no range" {
	run -0 bash_complete plain 'mmcat --color='
	same_set 'bash candidates for --color=' "$COLOR_WHENS" "$output"
	run -0 bash_complete plain 'mmcat --color al'
	same_set 'bash candidates after --color' $'alpha.bin\nalpha.log' "$output"
	local w
	for w in '-c ' '--cols=' '-g ' '--group ' '--display-offset=' '--name '; do
		run -0 bash_complete plain "mmcat $w"
		assert_output ''
	done
	# after them, the positional form goes on: FILE, then OFFSET
	run -0 bash_complete plain 'mmcat -c 8 --name x al'
	same_set 'bash candidates after -c 8 --name x' $'alpha.bin\nalpha.log' "$output"
	# -c's number is no operand: the 1 after FILE is an OFFSET being
	# typed, not a file (were 8 the FILE, alpha.bin would be a second)
	touch 1.bin
	run -0 bash_complete plain 'mmcat -pc 8 alpha.bin 1'
	assert_output ''
	run -0 bash_complete plain 'mmcat --group 8 alpha.bin 1'
	assert_output ''
}

@test "bash: --pid offers the IDs of running processes, and nothing but numbers" {
	[[ -d /proc/$$ ]] || skip "no /proc here: the bash completion offers no PID"
	# $$ is this test's own shell, alive while it completes
	run -0 bash_complete plain "mmcat --pid=$$"
	assert_line "$$"
	refute_line --regexp '[^0-9]'
	run -0 bash_complete plain "mmcat -f --pid $$"
	assert_line "$$"
	run -0 bash_complete plain 'mmcat --pid='
	refute_line --regexp '[^0-9]'
	(( ${#lines[@]} > 1 ))
}

@test "bash: nothing is offered for the SECONDS of -s and --sleep-interval" {
	run -0 bash_complete plain 'mmcat -s '
	assert_output ''
	run -0 bash_complete plain 'mmcat -f --sleep-interval='
	assert_output ''
}

@test "bash: -f, -F, -s and --pid keep the positional form" {
	run -0 bash_complete plain 'mmcat -f alpha.bin 4 '
	assert_output ''
	run -0 bash_complete plain 'mmcat -s 0.5 alpha.bin 4 '
	assert_output ''
	run -0 bash_complete plain 'mmcat -Fs 1 alpha.bin 4 '
	assert_output ''
	run -0 bash_complete plain 'mmcat --pid 1 alpha.bin 4 '
	assert_output ''
	run -0 bash_complete plain 'mmcat --sleep-interval 1 alpha.bin al'
	same_set 'bash candidates after --sleep-interval 1' $'alpha.bin\nalpha.log' "$output"
	# and a range option after them still selects the option form
	run -0 bash_complete plain 'mmcat -fL 2 alpha.bin b'
	assert_output 'beta.txt'
}

@test "bash: -z keeps the positional form; -zL is a range option" {
	run -0 bash_complete plain 'mmcat -z alpha.bin 4 '
	assert_output ''
	run -0 bash_complete plain 'mmcat --zero-terminated alpha.bin al'
	same_set 'bash candidates after --zero-terminated' $'alpha.bin\nalpha.log' "$output"
	# in the option form a third operand is a file too, after a number
	run -0 bash_complete plain 'mmcat -zL 2 4 al'
	same_set 'bash candidates after -zL 2 4' $'alpha.bin\nalpha.log' "$output"
}

@test "bash: the first operand completes files" {
	run -0 bash_complete plain 'mmcat al'
	same_set 'bash candidates for al' $'alpha.bin\nalpha.log' "$output"
}

# Every file of the scratch directory, one a line.
ALL_FILES=$'alpha.bin\nalpha.log\nbeta.txt\n-dash.bin'

@test "bash: the positional form's second operand completes files, unless typed as a number" {
	run -0 bash_complete plain 'mmcat alpha.bin '
	same_set 'bash candidates for a second operand' "$ALL_FILES" "$output"
	run -0 bash_complete plain 'mmcat alpha.bin al'
	same_set 'bash candidates for al, second' $'alpha.bin\nalpha.log' "$output"
	run -0 bash_complete plain 'mmcat alpha.bin 4'
	assert_output ''
	run -0 bash_complete plain 'mmcat alpha.bin -4'
	assert_output ''
	run -0 bash_complete plain 'mmcat alpha.bin +4'
	assert_output ''
}

@test "bash: after a file second, every operand is a file; after an OFFSET, nothing" {
	run -0 bash_complete plain 'mmcat alpha.bin beta.txt al'
	same_set 'bash candidates after two files' $'alpha.bin\nalpha.log' "$output"
	run -0 bash_complete plain 'mmcat alpha.bin - alpha.log b'
	assert_output 'beta.txt'
	run -0 bash_complete plain 'mmcat -x alpha.bin 4 '
	assert_output ''
	run -0 bash_complete plain 'mmcat alpha.bin -4K '
	assert_output ''
	run -0 bash_complete plain 'mmcat alpha.bin 4 5 '
	assert_output ''
}

@test "bash: in the option form every operand completes files" {
	run -0 bash_complete plain 'mmcat -l 4 alpha.bin al'
	same_set 'bash candidates after -l 4' $'alpha.bin\nalpha.log' "$output"
	run -0 bash_complete plain 'mmcat --range=0:4 alpha.bin b'
	assert_output 'beta.txt'
	run -0 bash_complete plain 'mmcat -vL 2 alpha.bin b'
	assert_output 'beta.txt'
}

@test "bash: nothing is offered for the K/N of --chunk, which makes every operand a file" {
	run -0 bash_complete plain 'mmcat --chunk '
	assert_output ''
	run -0 bash_complete plain 'mmcat --chunk=1/'
	assert_output ''
	run -0 bash_complete plain 'mmcat --chunk 1/2 alpha.bin b'
	assert_output 'beta.txt'
}

@test "bash: after -- a word starting with - completes files, not options" {
	run -0 bash_complete plain 'mmcat -- -'
	assert_output -- '-dash.bin'
}

@test "bash with bash-completion: mmcat --st<TAB> offers --strict only" {
	need_bash_completion_lib
	run -0 bash_complete library 'mmcat --st'
	assert_output '--strict'
}

@test "bash with bash-completion: mmcat --<TAB> offers every long option" {
	need_bash_completion_lib
	local o
	run -0 bash_complete library 'mmcat --'
	for o in $(help_long_options); do
		assert_line --regexp -- "^--$o=?\$"
	done
	(( ${#lines[@]} == $(help_long_options | wc -l) ))
}

@test "bash: an abbreviated long option is the option it stands for" {
	# mmcat takes --off for --offset: nothing to offer for its number...
	run -0 bash_complete plain 'mmcat --off '
	assert_output ''
	run -0 bash_complete plain 'mmcat alpha.bin --le='
	assert_output ''
	# ...and it selects the option form, where every operand is a file
	run -0 bash_complete plain 'mmcat --off 4 alpha.bin al'
	same_set 'bash candidates after --off 4' $'alpha.bin\nalpha.log' "$output"
	run -0 bash_complete plain 'mmcat --ra=0:4 alpha.bin b'
	assert_output 'beta.txt'
	# --st takes no argument, and keeps the positional form
	run -0 bash_complete plain 'mmcat --st al'
	same_set 'bash candidates after --st' $'alpha.bin\nalpha.log' "$output"
	run -0 bash_complete plain 'mmcat --st alpha.bin 4 '
	assert_output ''
	# an ambiguous one (--l: --length or --lines) is no option's
	run -0 bash_complete plain 'mmcat --l al'
	same_set 'bash candidates after --l' $'alpha.bin\nalpha.log' "$output"
}

@test "bash with bash-completion: an abbreviated long option is the option it stands for" {
	need_bash_completion_lib
	run -0 bash_complete library 'mmcat --off '
	assert_output ''
	run -0 bash_complete library 'mmcat --off=4 alpha.bin b'
	assert_output 'beta.txt'
}

@test "bash with bash-completion: --follow= offers descriptor and name, --pid process IDs" {
	need_bash_completion_lib
	run -0 bash_complete library 'mmcat --follow='
	same_set 'bash-completion candidates for --follow=' "$FOLLOW_HOWS" "$output"
	run -0 bash_complete library 'mmcat --follow al'
	same_set 'bash-completion candidates after --follow' $'alpha.bin\nalpha.log' "$output"
	[[ -d /proc/$$ ]] || skip "no /proc here: the bash completion offers no PID"
	run -0 bash_complete library "mmcat --pid=$$"
	assert_line "$$"
}

@test "bash with bash-completion: files for operands, nothing for numbers and SPECs" {
	need_bash_completion_lib
	run -0 bash_complete library 'mmcat al'
	same_set 'bash-completion candidates for al' $'alpha.bin\nalpha.log' "$output"
	run -0 bash_complete library 'mmcat alpha.bin 4 '
	assert_output ''
	run -0 bash_complete library 'mmcat alpha.bin b'
	assert_output 'beta.txt'
	run -0 bash_complete library 'mmcat --offset='
	assert_output ''
	run -0 bash_complete library 'mmcat --lines=1:'
	assert_output ''
	run -0 bash_complete library 'mmcat -r 0:4 alpha.bin b'
	assert_output 'beta.txt'
}

# --- zsh ------------------------------------------------------------------

need_zsh() {
	command -v zsh >/dev/null || skip "zsh is not installed"
	zsh -fc 'zmodload zsh/zpty' 2>/dev/null ||
		skip "zsh has no zsh/zpty module: cannot drive a real completion"
}

# zsh_complete LINE : type LINE and a Tab into an interactive zsh under
# zpty with completions/ in fpath and compinit loaded.  Prints every match
# the completion functions added, one a line, and every message shown
# where nothing can be offered as "message: TEXT".
zsh_complete() {
	cat >"$BATS_TEST_TMPDIR/zsh-init.zsh" <<-'EOF'
		PS1='%% ' RPS1=''
		fpath=("$MM_COMPDIR" $fpath)
		autoload -Uz compinit
		if [[ -s $MM_DUMP ]]; then
			compinit -C -d "$MM_DUMP"
		else
			compinit -u -D
		fi
		zstyle ':completion:*' format '%d'
		zstyle ':completion:*:messages' format '%d'
		# Record every match added (callers that collect matches with
		# -O/-A/-D are passed through untouched).
		compadd() {
			local -a __mm_opts __mm_hits
			__mm_opts=("${@[1,(i)(-|--)]}")
			if (( ${__mm_opts[(I)-[OAD]*]} )); then
				builtin compadd "$@"
				return
			fi
			builtin compadd -O __mm_hits "$@"
			(( $#__mm_hits )) && print -rl -- "${__mm_hits[@]}" >>"$MM_OUT"
			builtin compadd "$@"
		}
		# Record every message: the hint shown instead of matches.
		autoload +X _message
		functions -c _message _mm_message
		_message() {
			print -r -- "message: ${@[-1]}" >>"$MM_OUT"
			_mm_message "$@"
		}
		_mm_tab() {
			zle complete-word
			print -n -- '<<MM-DONE>>'
		}
		zle -N _mm_tab
		bindkey '^I' _mm_tab
	EOF
	cat >"$BATS_TEST_TMPDIR/zsh-drive.zsh" <<-'EOF'
		zmodload zsh/zpty || exit 3
		: >| $MM_OUT
		zpty mm zsh -f -i
		zpty -w mm "source ${(q)MM_INIT}"
		zpty -w -n mm "$1"$'\t'
		local out chunk
		integer tries=0
		while (( tries++ < 400 )); do
			if zpty -r -t mm chunk; then
				out+=$chunk
			else
				sleep 0.05
			fi
			[[ $out == *'<<MM-DONE>>'* ]] && break
		done
		zpty -d mm
		if [[ $out != *'<<MM-DONE>>'* ]]; then
			print -u2 -r -- "zsh never finished completing: $out"
			exit 1
		fi
		cat -- $MM_OUT
	EOF
	MM_COMPDIR=$COMPLETIONS_DIR MM_OUT=$BATS_TEST_TMPDIR/zsh-matches \
		MM_INIT=$BATS_TEST_TMPDIR/zsh-init.zsh MM_DUMP=$ZSH_COMPDUMP \
		zsh -f "$BATS_TEST_TMPDIR/zsh-drive.zsh" "$1"
}

@test "zsh: the file is a #compdef function for mmcat" {
	run -0 head -n 1 "$COMPLETIONS_DIR/_mmcat"
	assert_output '#compdef mmcat'
}

@test "zsh: mmcat --st<TAB> offers --strict only" {
	need_zsh
	run -0 zsh_complete 'mmcat --st'
	assert_output '--strict'
}

@test "zsh: mmcat --<TAB> offers every long option of --help and nothing else" {
	need_zsh
	run -0 zsh_complete 'mmcat --'
	same_set 'zsh candidates for --' "$(help_long_options | sed 's/^/--/')" \
		"$output"
}

@test "zsh: mmcat -<TAB> offers every short option of --help" {
	need_zsh
	local o
	run -0 zsh_complete 'mmcat -'
	for o in $(help_short_options); do
		assert_line -- "-$o"
	done
}

@test "zsh: a number after --offset gets a hint, not candidates" {
	need_zsh
	run -0 zsh_complete 'mmcat --offset '
	assert_line --regexp '^message: offset: .*negative counts back from EOF'
	(( ${#lines[@]} == 1 ))
	run -0 zsh_complete 'mmcat -l'
	assert_line --regexp '^message: length: '
	(( ${#lines[@]} == 1 ))
}

@test "zsh: --range and --lines SPECs get a hint, not candidates" {
	need_zsh
	run -0 zsh_complete 'mmcat --range='
	assert_output --regexp '^message: range spec \(START:END or START\+LENGTH'
	run -0 zsh_complete 'mmcat -L '
	assert_output --regexp '^message: line range \(N:M, N:, :M, N or N:\+K'
}

@test "zsh: --follow= offers descriptor and name; a word after a bare --follow is an operand" {
	need_zsh
	run -0 zsh_complete 'mmcat --follow='
	same_set 'zsh candidates for --follow=' "$FOLLOW_HOWS" "$output"
	run -0 zsh_complete 'mmcat --follow=n'
	assert_output 'name'
	run -0 zsh_complete 'mmcat --follow al'
	same_set 'zsh candidates after --follow' $'alpha.bin\nalpha.log' "$output"
}

@test "zsh: --color= offers auto, always and never; a word after a bare --color is an operand" {
	need_zsh
	run -0 zsh_complete 'mmcat --color='
	same_set 'zsh candidates for --color=' "$COLOR_WHENS" "$output"
	run -0 zsh_complete 'mmcat --color al'
	same_set 'zsh candidates after --color' $'alpha.bin\nalpha.log' "$output"
}

@test "zsh: --pid offers process IDs; -s gets a hint" {
	need_zsh
	# _pids offers the processes ps lists: those of zsh's own terminal
	run -0 zsh_complete 'mmcat --pid='
	(( ${#lines[@]} >= 1 ))
	refute_line --regexp '[^0-9]'
	run -0 zsh_complete 'mmcat -s '
	assert_output --regexp '^message: seconds between checks'
	(( ${#lines[@]} == 1 ))
}

@test "zsh: -s and --pid keep the positional form" {
	need_zsh
	run -0 zsh_complete 'mmcat -s 1 alpha.bin 4 '
	assert_output --regexp '^message: length: '
	(( ${#lines[@]} == 1 ))
	run -0 zsh_complete 'mmcat --pid 1 alpha.bin al'
	assert_line --regexp '^message: offset: '
}

@test "zsh: -z keeps the positional form; -zL is a range option" {
	need_zsh
	run -0 zsh_complete 'mmcat -z alpha.bin 4 '
	assert_output --regexp '^message: length: '
	(( ${#lines[@]} == 1 ))
	run -0 zsh_complete 'mmcat -zL 2 4 al'
	refute_line --regexp '^message: '
	assert_line --partial 'alpha.bin'
}

@test "zsh: the first operand completes files" {
	need_zsh
	run -0 zsh_complete 'mmcat al'
	same_set 'zsh candidates for al' $'alpha.bin\nalpha.log' "$output"
}

@test "zsh: the positional form's second operand: the OFFSET hint, and files unless typed as a number" {
	need_zsh
	run -0 zsh_complete 'mmcat alpha.bin al'
	assert_line --regexp '^message: offset: '
	same_set 'zsh candidates for al, second' $'alpha.bin\nalpha.log' \
		"$(grep -v '^message: ' <<<"$output")"
	run -0 zsh_complete 'mmcat alpha.bin 4'
	assert_output --regexp '^message: offset: '
	(( ${#lines[@]} == 1 ))
}

@test "zsh: after a file second, every operand is a file; after an OFFSET, the LENGTH hint" {
	need_zsh
	run -0 zsh_complete 'mmcat alpha.bin beta.txt al'
	same_set 'zsh candidates after two files' $'alpha.bin\nalpha.log' "$output"
	run -0 zsh_complete 'mmcat alpha.bin 4 '
	assert_output --regexp '^message: length: '
	(( ${#lines[@]} == 1 ))
	run -0 zsh_complete 'mmcat alpha.bin 4 5 '
	assert_output --regexp '^message: no more operands'
	(( ${#lines[@]} == 1 ))
}

@test "zsh: in the option form every operand completes files" {
	need_zsh
	run -0 zsh_complete 'mmcat -l 4 alpha.bin al'
	same_set 'zsh candidates after -l 4' $'alpha.bin\nalpha.log' "$output"
}

@test "zsh: the K/N of --chunk gets a hint; it makes every operand a file" {
	need_zsh
	run -0 zsh_complete 'mmcat --chunk='
	assert_output --regexp '^message: piece \(K/N: piece K of N'
	run -0 zsh_complete 'mmcat --chunk=1/2 alpha.bin b'
	assert_output 'beta.txt'
	run -0 zsh_complete 'mmcat --chunk=1/2 --'
	refute_line -- '--lines'
	refute_line -- '--offset'
	refute_line -- '--follow'
}

@test "zsh: options that exclude each other are not offered together" {
	need_zsh
	run -0 zsh_complete 'mmcat -r 0:4 --'
	assert_line -- '--range'
	assert_line -- '--strict'
	refute_line -- '--offset'
	refute_line -- '--length'
	refute_line -- '--end'
	refute_line -- '--lines'
	run -0 zsh_complete 'mmcat -F --'
	refute_line -- '--follow'
	refute_line -- '--retry'
	assert_line -- '--pid'
}

# --- fish -----------------------------------------------------------------

need_fish() {
	command -v fish >/dev/null || skip "fish is not installed"
}

# fish_complete LINE : `complete -C LINE` in fish, loading mmcat.fish the
# way an installed completion is loaded (autoload from fish_complete_path,
# which holds completions/ only).  Prints candidates without descriptions.
fish_complete() {
	PATH=$BATS_TEST_TMPDIR/bin:$PATH fish --no-config -c '
		set -g fish_complete_path $argv[1]
		complete -C $argv[2]
	' "$COMPLETIONS_DIR" "$1" | cut -f 1
}

@test "fish: mmcat --st<TAB> offers --strict only" {
	need_fish
	run -0 fish_complete 'mmcat --st'
	assert_output '--strict'
}

@test "fish: mmcat --<TAB> offers every long option of --help and nothing else" {
	need_fish
	run -0 fish_complete 'mmcat --'
	# fish offers an option whose argument may be left out twice, the
	# second time as --name=
	same_set 'fish candidates for --' "$(help_long_options | sed 's/^/--/'
		help_optional_argument_options | sed 's/^/--/; s/$/=/')" \
		"$output"
}

@test "fish: mmcat -<TAB> offers every short option of --help" {
	need_fish
	local o
	run -0 fish_complete 'mmcat -'
	for o in $(help_short_options); do
		assert_line -- "-$o"
	done
}

@test "fish: options carry their --help description" {
	need_fish
	local help
	help=$(help_description progress)
	[[ -n $help ]] || fail "no --progress description in --help"
	run -0 env PATH="$BATS_TEST_TMPDIR/bin:$PATH" fish --no-config -c '
		set -g fish_complete_path $argv[1]
		complete -C "mmcat --pro"
	' "$COMPLETIONS_DIR"
	assert_output "--progress"$'\t'"${help^}"
}

@test "fish: nothing is offered for numbers and SPECs" {
	need_fish
	run -0 fish_complete 'mmcat --offset '
	assert_output ''
	run -0 fish_complete 'mmcat -r '
	assert_output ''
	run -0 fish_complete 'mmcat --lines='
	assert_output ''
}

@test "fish: nothing is offered for the K/N of --chunk, which makes every operand a file" {
	need_fish
	run -0 fish_complete 'mmcat --chunk='
	assert_output ''
	run -0 fish_complete 'mmcat --chunk 1/2 alpha.bin b'
	assert_output 'beta.txt'
}

@test "fish: --follow= offers descriptor and name; a word after a bare --follow is an operand" {
	need_fish
	run -0 fish_complete 'mmcat --follow='
	same_set 'fish candidates for --follow=' \
		"$(sed 's/^/--follow=/' <<<"$FOLLOW_HOWS")" "$output"
	run -0 fish_complete 'mmcat --follow al'
	same_set 'fish candidates after --follow' $'alpha.bin\nalpha.log' "$output"
}

@test "fish: --color= offers auto, always and never; a word after a bare --color is an operand" {
	need_fish
	run -0 fish_complete 'mmcat --color='
	same_set 'fish candidates for --color=' \
		"$(sed 's/^/--color=/' <<<"$COLOR_WHENS")" "$output"
	run -0 fish_complete 'mmcat --color al'
	same_set 'fish candidates after --color' $'alpha.bin\nalpha.log' "$output"
}

@test "fish: --pid offers the IDs of running processes; -s nothing" {
	need_fish
	# $$ is this test's own shell, alive while fish completes
	run -0 fish_complete "mmcat --pid=$$"
	assert_line "--pid=$$"
	run -0 fish_complete "mmcat --pid $$"
	assert_line "$$"
	run -0 fish_complete 'mmcat -s '
	assert_output ''
	run -0 fish_complete 'mmcat --sleep-interval='
	assert_output ''
}

@test "fish: -s and --pid keep the positional form" {
	need_fish
	run -0 fish_complete 'mmcat -s 1 alpha.bin 4 '
	assert_output ''
	run -0 fish_complete 'mmcat -fs 1 alpha.bin 4 '
	assert_output ''
	run -0 fish_complete 'mmcat --pid 1 alpha.bin al'
	same_set 'fish candidates after --pid 1' $'alpha.bin\nalpha.log' "$output"
	run -0 fish_complete 'mmcat -fL 2 alpha.bin b'
	assert_output 'beta.txt'
}

@test "fish: -z keeps the positional form; -zL is a range option" {
	need_fish
	run -0 fish_complete 'mmcat -z alpha.bin 4 '
	assert_output ''
	run -0 fish_complete 'mmcat -zL 2 4 al'
	same_set 'fish candidates after -zL 2 4' $'alpha.bin\nalpha.log' "$output"
}

@test "fish: the first operand completes files" {
	need_fish
	run -0 fish_complete 'mmcat al'
	same_set 'fish candidates for al' $'alpha.bin\nalpha.log' "$output"
}

@test "fish: the positional form's second operand completes files, unless typed as a number" {
	need_fish
	run -0 fish_complete 'mmcat alpha.bin al'
	same_set 'fish candidates for al, second' $'alpha.bin\nalpha.log' "$output"
	run -0 fish_complete 'mmcat alpha.bin 4'
	assert_output ''
}

@test "fish: after a file second, every operand is a file; after an OFFSET, nothing" {
	need_fish
	run -0 fish_complete 'mmcat alpha.bin beta.txt al'
	same_set 'fish candidates after two files' $'alpha.bin\nalpha.log' "$output"
	run -0 fish_complete 'mmcat alpha.bin -4K '
	assert_output ''
	run -0 fish_complete 'mmcat alpha.bin 4 '
	assert_output ''
}

@test "fish: in the option form every operand completes files" {
	need_fish
	run -0 fish_complete 'mmcat -l 4 alpha.bin al'
	same_set 'fish candidates after -l 4' $'alpha.bin\nalpha.log' "$output"
	run -0 fish_complete 'mmcat -r 0:4 alpha.bin b'
	assert_output 'beta.txt'
}

# --- consistency: --help, the manual page, the completion files -----------

# Long option names a file mentions (--name), one a line, sorted.
long_options_in() {
	grep -oE -- '(^|[^[:alnum:]_-])--[a-z][a-z-]*' "$1" |
		sed -E 's/^.*--//' | sort -u
}

@test "the man page documents every option of --help, and no other" {
	local want got
	want=$(help_long_options)
	# mdoc marks options up as .Fl \-name; short ones as .Fl x or groups.
	got=$(grep -oE 'Fl \\-[a-z][a-z-]*' "$MAN_PAGE" | sed 's/^Fl \\-//' |
		sort -u)
	same_set 'long options in man/mmcat.1' "$want" "$got"
	want=$(help_short_options)
	got=$(grep -oE 'Fl [[:alpha:]]+' "$MAN_PAGE" | sed 's/^Fl //' |
		fold -w 1 | sort -u)
	same_set 'short options in man/mmcat.1' "$want" "$got"
}

@test "the man page SYNOPSIS names every range option and flag" {
	local synopsis o
	synopsis=$(sed -n '/^\.Sh SYNOPSIS/,/^\.Sh /p' "$MAN_PAGE")
	for o in o l e r L; do
		grep -qE "Fl $o( |$)" <<<"$synopsis" || fail "SYNOPSIS lacks -$o"
	done
	grep -q 'Fl Pvx' <<<"$synopsis" || fail "SYNOPSIS lacks -P -v -x"
	grep -q 'Fl f | Fl F' <<<"$synopsis" || fail "SYNOPSIS lacks -f and -F"
	grep -q 'Fl \\-strict' <<<"$synopsis" || fail "SYNOPSIS lacks --strict"
}

@test "the bash completion names every option of --help, and no other" {
	local opts
	same_set 'long options in completions/mmcat' "$(help_long_options)" \
		"$(long_options_in "$COMPLETIONS_DIR/mmcat")"
	# The short options are those of the list offered for "-".
	opts=$(sed -n '/local opts="/,/"$/p' "$COMPLETIONS_DIR/mmcat" |
		grep -oE -- '(^|[[:space:]"])-[[:alpha:]]([[:space:]"]|$)' |
		tr -dc '[:alpha:]\n' | sed '/^$/d')
	same_set 'short options in completions/mmcat' "$(help_short_options)" \
		"$opts"
}

@test "the zsh completion names every option of --help, and no other" {
	local shorts
	same_set 'long options in completions/_mmcat' "$(help_long_options)" \
		"$(long_options_in "$COMPLETIONS_DIR/_mmcat")"
	# Short options in the _arguments specs: the lines that start with '.
	shorts=$(grep -E "^[[:space:]]+'" "$COMPLETIONS_DIR/_mmcat" |
		grep -oE -- "(^|[^[:alnum:]_-])-[[:alpha:]]([^[:alnum:]_-]|$)" |
		tr -dc '[:alpha:]\n' | sed '/^$/d' | sort -u)
	same_set 'short options in completions/_mmcat' "$(help_short_options)" \
		"$shorts"
}

@test "the fish completion names every option of --help, and no other" {
	local longs shorts
	longs=$(grep -E '^complete -c mmcat ' "$COMPLETIONS_DIR/mmcat.fish" |
		grep -oE -- ' -l [a-z][a-z-]*' | sed 's/^ -l //' | sort -u)
	same_set 'complete -l in completions/mmcat.fish' "$(help_long_options)" \
		"$longs"
	# Anything else spelt --name in the file (comments, the helper's
	# patterns) must be an option too.
	none_beyond 'long options in completions/mmcat.fish' \
		"$(help_long_options)" \
		"$(long_options_in "$COMPLETIONS_DIR/mmcat.fish")"
	shorts=$(grep -E '^complete -c mmcat ' "$COMPLETIONS_DIR/mmcat.fish" |
		grep -oE -- ' -s [[:alpha:]]( |$)' | sed 's/^ -s //; s/ $//' |
		sort -u)
	same_set 'complete -s in completions/mmcat.fish' \
		"$(help_short_options)" "$shorts"
}

@test "the README options table lists every option of --help" {
	local o
	for o in $(help_long_options); do
		grep -qE -- "^\| \`(-[[:alpha:]], )?--$o[=[\`]" "$README" ||
			fail "README.md has no options-table row for --$o"
	done
	for o in $(help_short_options); do
		grep -qE -- "^\| \`-$o[,\`]" "$README" ||
			fail "README.md has no options-table row for -$o"
	done
}

# --- consistency: what -L and -P are said to do ---------------------------

# squeezed FILE... : the files' text with every run of white space one space.
squeezed() {
	cat -- "$@" | tr -s '[:space:]' ' '
}

# The two facts every description must keep: -L counts a negative N or M
# from the last line, and -P draws only when stderr is a terminal and
# stdout is not that terminal.
LINES_FACT='negative N or M counts from the last line'
PROGRESS_FACT='when it is a terminal and stdout is not that terminal'

@test "the oracle: --help says what -L and -P do, in the words the others must use" {
	run -0 help_description lines
	assert_output --partial "$LINES_FACT"
	run -0 help_description progress
	assert_output "show progress on stderr $PROGRESS_FACT"
}

@test "-L and -P: the README's options table says what --help says" {
	local row
	row=$(grep -E '^\| `-L, --lines=SPEC` \|' "$README")
	[[ $row == *"$LINES_FACT"* ]] || fail "README -L row: $row"
	row=$(grep -E '^\| `-P, --progress` \|' "$README")
	[[ $row == *"| $(help_description progress) |" ]] || fail "README -P row: $row"
}

@test "-L and -P: the completions say what --help says" {
	local zsh fish
	zsh=$(squeezed "$COMPLETIONS_DIR/_mmcat")
	[[ $zsh == *"$LINES_FACT"* ]] || fail "_mmcat: the -L hint lacks '$LINES_FACT'"
	[[ $zsh == *"[$(help_description progress)]"* ]] || fail "_mmcat: -P is not described as --help describes it"
	fish=$(grep -E '^complete -c mmcat -s L ' "$COMPLETIONS_DIR/mmcat.fish")
	[[ $fish == *"$LINES_FACT"* ]] || fail "mmcat.fish -L: $fish"
	fish=$(grep -E '^complete -c mmcat -s P ' "$COMPLETIONS_DIR/mmcat.fish")
	[[ $fish == *"'$(help_description progress | sed 's/^s/S/')'"* ]] || fail "mmcat.fish -P: $fish"
	# bash offers no descriptions; its comment on what -L takes must not
	# say less than the others
	grep -A3 -E '^ +-L \| --lines\)' "$COMPLETIONS_DIR/mmcat" |
		sed 's/^[[:space:]]*#//' | squeezed /dev/stdin |
		grep -qF -- "$LINES_FACT" || fail "completions/mmcat: the -L comment lacks '$LINES_FACT'"
}

# man_option LETTER : the man page's OPTIONS entry for -LETTER, rendered,
# its white space squeezed.
man_option() {
	mandoc -Tascii "$MAN_PAGE" | col -bx | sed -n '/^OPTIONS/,/^[A-Z]/p' |
		awk -v head="^     -$1[ ,]" '
			$0 ~ head { found = 1; print; next }
			found && /^     [^ ]/ { exit }
			found { print }' | tr -s '[:space:]' ' '
}

@test "-L and -P: the man page's OPTIONS entries say the same" {
	command -v mandoc >/dev/null || skip "mandoc is not installed: cannot render the man page"
	local entry
	# the man page spells the spec's numbers n and m, and the streams in full
	entry=$(man_option L)
	[[ $entry == *'--lines=spec'* ]] || fail "no -L entry found: $entry"
	[[ $entry == *'negative n or m counts from the last line'* ]] ||
		fail "the man page's -L does not say a negative n or m counts from the last line: $entry"
	entry=$(man_option P)
	[[ $entry == *'--progress'* ]] || fail "no -P entry found: $entry"
	[[ $entry == *'only when the standard error is a terminal and the standard output is not that same terminal'* ]] ||
		fail "the man page's -P does not say when the line is drawn: $entry"
}
