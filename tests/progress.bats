#!/usr/bin/env bats
# SPDX-License-Identifier: BSD-2-Clause
# progress.bats - -P/--progress (the man page, OPTIONS), drawn for real.
#
# mmcat runs inside `script` (util-linux), which gives it a pseudo-terminal
# as stderr and copies everything written to that terminal to script's own
# stdout, where the test reads it.  mmcat's stdout goes to a slow reader: a
# pipe that is not read for a while blocks mmcat (vmsplice/write wait for
# room), so the copy takes a known minimum time and the line is redrawn.
#
# The cases that are about what the screen ends up showing run in tmux as
# well: an interactive bash in a window of known size, the command typed
# in, and the screen read back with capture-pane, as a person would see it.

load helpers/common

setup() {
	cd "$BATS_TEST_TMPDIR"
	require_script
	TMUX_SOCKET=
	READER=
}

teardown() {
	if [[ -n $TMUX_SOCKET ]]; then
		tmux_cmd kill-server 2>/dev/null || true
	fi
	if [[ -n $READER ]]; then
		kill "$READER" 2>/dev/null || true
	fi
}

# q WORD : WORD quoted for a command line.
q() {
	printf '%q' "$1"
}

# split_draws FILE : sets the array draws to the progress lines FILE holds
# (each drawn as "\r...\e[K"), without their \r, and after_last to
# what follows the last "\r" (the erase sequence "\e[K" when all is well).
split_draws() {
	local parts
	readarray -t -d $'\r' parts <"$1"
	[[ ${#parts[@]} -ge 2 && -z ${parts[0]} ]] ||
		fail "terminal output does not start with \\r: $(cat -v "$1" | head -c 300)"
	draws=("${parts[@]:1:${#parts[@]}-2}")
	after_last=${parts[-1]}
}

# slow_reader FILE : a script FILE that reads its stdin 3 MiB at a time
# with a pause of 0.1 s after each, so 60 MiB take two seconds or more.
slow_reader() {
	cat >"$1" <<-'EOF'
	#!/bin/sh
	while [ "$(dd bs=1M count=3 iflag=fullblock status=none | wc -c)" -gt 0 ]; do
		sleep 0.1
	done
	EOF
	chmod +x "$1"
}

# draw_columns LINE : sets cols to the columns LINE takes on the screen,
# its erase sequence left out (the names used here are ASCII).
draw_columns() {
	local text=${1%$'\e[K'}
	cols=${#text}
}

# --- tmux: the screen as a person sees it ------------------------------------

# require_tmux : skip, saying why, unless tmux is there to run.
require_tmux() {
	command -v tmux >/dev/null || skip "tmux is not installed"
}

# tmux_cmd ARGS... : tmux, talking to this test's own server only.
tmux_cmd() {
	env -u TMUX tmux -S "$TMUX_SOCKET" -f /dev/null "$@"
}

# tmux_start COLUMNS : a tmux server of this test's own with one window,
# COLUMNS wide and 10 rows high, running an interactive bash here: prompt
# "$ ", mmcat first on PATH, and each prompt adding a line to ./statuses
# with the exit statuses of the pipeline before it.
tmux_start() {
	require_tmux
	TMUX_SOCKET=$BATS_TEST_TMPDIR/tmux.sock
	((${#TMUX_SOCKET} < 100)) ||
		skip "the tmux socket path would be too long: $TMUX_SOCKET"
	mkdir -p bin
	ln -sf "$MMCAT" bin/mmcat
	{
		printf '%s\n' "PS1='\$ '" 'HISTFILE='
		printf 'PATH=%q:$PATH\n' "$PWD/bin"
		printf 'PROMPT_COMMAND=%q\n' "echo \"\${PIPESTATUS[*]}\" >>$(printf %q "$PWD/statuses")"
	} >bashrc
	: >statuses
	tmux_cmd new-session -d -x "$1" -y 10 -c "$PWD" \
		"exec bash --rcfile $(printf %q "$PWD/bashrc") --noprofile -i" ||
		fail "tmux would not start a session"
	wait_prompts 1
}

# screen : what the window shows now, a line for each row.
screen() {
	tmux_cmd capture-pane -p
}

# wait_prompts N : wait (30 s at most) until bash has shown N prompts.
wait_prompts() {
	local i
	for ((i = 0; i < 300; i++)); do
		(($(wc -l <statuses) >= $1)) && return 0
		sleep 0.1
	done
	fail "no prompt $1 after 30 s; the screen: $(screen)"
}

# wait_screen REGEX : wait (30 s at most) until a line on screen matches;
# sets shown to that screen.
wait_screen() {
	local i
	for ((i = 0; i < 300; i++)); do
		shown=$(screen)
		grep -qE -- "$1" <<<"$shown" && return 0
		sleep 0.1
	done
	fail "nothing on screen matched '$1' after 30 s: $shown"
}

# type_line TEXT : TEXT typed at the prompt, then Enter.
type_line() {
	tmux_cmd send-keys -l -- "$1"
	tmux_cmd send-keys Enter
}

# tmux_run TEXT : TEXT typed at the prompt; returns once it has finished.
tmux_run() {
	local before
	before=$(wc -l <statuses)
	type_line "$1"
	wait_prompts $((before + 1))
}

# assert_screen EXPECTED : the window shows EXPECTED and nothing else.
assert_screen() {
	assert_equal "$(screen)" "$1"
}

# assert_last_status STATUSES : the last command's pipeline ended so.
assert_last_status() {
	assert_equal "$(tail -n 1 statuses)" "$1"
}

UNIT='(B|KiB|MiB|GiB)'

@test "progress: drawn on a terminal with bytes, percent, rate and time left, then erased" {
	local start elapsed d pct mid=0 re
	truncate -s 128M big
	start=${EPOCHREALTIME/[.,]/}
	# The reader leaves the pipe alone 0.3 s, reads 32 MiB, waits 0.3 s
	# again, then drains it: mmcat is blocked twice, at ~1 MiB and ~33 MiB,
	# each time longer than the 0.2 s between redraws.
	run -0 in_terminal term "$(q "$MMCAT") -P big | { sleep 0.3;
		dd bs=1M count=32 iflag=fullblock status=none of=/dev/null;
		sleep 0.3; cat >/dev/null; }"
	elapsed=$((${EPOCHREALTIME/[.,]/} - start))	# microseconds
	split_draws term
	# After the last progress line: \r then erase to the end of the line.
	[[ $after_last == $'\e[K' ]] ||
		fail "not erased with \\r\\e[K at the end: $(cat -v term | tail -c 200)"
	((${#draws[@]} >= 3)) ||
		fail "expected at least 3 draws, got ${#draws[@]}: $(cat -v term)"
	re="^mmcat: big: [0-9.]+ $UNIT / 128\\.0 MiB \\(([0-9]+)%\\) [0-9.]+ $UNIT/s, [0-9]+:[0-9]{2} left"$'\e\\[K$'
	for d in "${draws[@]}"; do
		[[ $d =~ $re ]] || fail "not a progress line: $(cat -v <<<"$d")"
		pct=${BASH_REMATCH[2]}
		((pct < 100 && pct > 0)) && mid=1
	done
	((mid)) || fail "no draw between 0% and 100% (blocked at 33 MiB): $(cat -v term)"
	# At most five redraws a second, plus the first draw.
	((${#draws[@]} * 1000000 <= 5 * elapsed + 2000000)) ||
		fail "${#draws[@]} draws in $elapsed us: more than 5 a second"
}

@test "progress: does not change the bytes on stdout" {
	make_random data 6000000
	run -0 in_terminal term "$(q "$MMCAT") -P data | { sleep 0.3; cat >out; }"
	assert_same_file data out
	# and it was really drawn meanwhile, then erased
	split_draws term
	((${#draws[@]} >= 1)) || fail "nothing drawn: $(cat -v term)"
	[[ ${draws[0]} == 'mmcat: data: '* && $after_last == $'\e[K' ]] ||
		fail "unexpected terminal output: $(cat -v term)"
}

@test "progress: stderr redirected to a file: nothing at all on stderr" {
	truncate -s 16M big
	# stdout and stdin are the terminal's or a pipe; stderr is a file
	run -0 in_terminal term "$(q "$MMCAT") -P big 2>err | { sleep 0.3; cat >/dev/null; }"
	[[ ! -s err ]] || fail "stderr not empty: $(cat -v err)"
	[[ ! -s term ]] || fail "something reached the terminal: $(cat -v term)"
	# and outside any terminal, with the bytes still right
	make_random data 100000
	run -0 --separate-stderr mmcat -P data
	assert_equal "$stderr" ''
	mmcat -P data 2>err >out
	[[ ! -s err ]] || fail "stderr not empty: $(cat -v err)"
	assert_same_file data out
}

@test "progress: standard input as a pipe shows bytes and rate, no percent" {
	local d re
	truncate -s 64M big
	run -0 in_terminal term "cat big | $(q "$MMCAT") -P | { sleep 0.3; cat >/dev/null; }"
	split_draws term
	[[ $after_last == $'\e[K' ]] ||
		fail "not erased with \\r\\e[K at the end: $(cat -v term | tail -c 200)"
	((${#draws[@]} >= 2)) ||
		fail "expected at least 2 draws, got ${#draws[@]}: $(cat -v term)"
	re="^mmcat: standard input: [0-9.]+ $UNIT [0-9.]+ $UNIT/s"$'\e\\[K$'
	for d in "${draws[@]}"; do
		[[ $d =~ $re ]] || fail "not a stream progress line: $(cat -v <<<"$d")"
		[[ $d != *%* && $d != *left* ]] || fail "percent or time left for an unknown size: $(cat -v <<<"$d")"
	done
	# the draw after the stall counts the bytes already gone through
	[[ ${draws[-1]} != 'mmcat: standard input: 0 B '* ]] ||
		fail "no bytes counted: $(cat -v term)"
}

@test "progress: moves when mmap fails and the range is read with pread(2)" {
	local d moved=0
	[[ -n ${MMCAT_INJECT:-} && -f $MMCAT_INJECT ]] ||
		skip "no fault-injection shim to make mmap fail (MMCAT_INJECT)"
	! ldd "$MMCAT" 2>/dev/null | grep -q libasan ||
		skip "AddressSanitizer build: the fault-injection shim cannot be preloaded"
	truncate -s 48M big
	run -0 in_terminal term "LD_PRELOAD=$(q "$MMCAT_INJECT") INJECT_MMAP=fail=ENODEV \
		$(q "$MMCAT") -P big | { sleep 0.3;
		dd bs=1M count=16 iflag=fullblock status=none of=/dev/null;
		sleep 0.3; cat >/dev/null; }"
	split_draws term
	((${#draws[@]} >= 2)) || fail "expected at least 2 draws: $(cat -v term)"
	for d in "${draws[@]}"; do
		[[ $d == 'mmcat: big: 0 B / '* ]] || moved=1
	done
	((moved)) || fail "the line never moved from 0 B: $(cat -v term)"
}

@test "progress: the name is quoted as in messages, escapes and all" {
	local name=$'big\e[31m red' d
	truncate -s 64M "$name"
	run -0 in_terminal term "$(q "$MMCAT") -P $(q "$name") | { sleep 0.3; cat >/dev/null; }"
	split_draws term
	((${#draws[@]} >= 1)) || fail "nothing drawn: $(cat -v term)"
	for d in "${draws[@]}"; do
		[[ $d == "mmcat: 'big'\$'\\033''[31m red': "*$'\e[K' ]] ||
			fail "name not quoted: $(cat -v <<<"$d")"
		# the only escape sequence left is the line's own erase
		[[ ${d%$'\e[K'} != *$'\e'* ]] || fail "raw ESC in: $(cat -v <<<"$d")"
	done
}

@test "progress: a long name is cut with ... and the line still ends in its erase" {
	local name d
	name=$(printf 'n%.0s' {1..250})
	truncate -s 64M "$name"
	run -0 in_terminal term "$(q "$MMCAT") -P $name | { sleep 0.3; cat >/dev/null; }"
	split_draws term
	((${#draws[@]} >= 1)) || fail "nothing drawn: $(cat -v term)"
	for d in "${draws[@]}"; do
		[[ $d == "mmcat: nnn"*"...: "*$'\e[K' ]] ||
			fail "not cut with ... or erase lost: $(cat -v <<<"$d")"
	done
}

# --- the screen ends as the output alone would leave it ----------------------

@test "progress, in tmux: stdout on that same terminal: nothing drawn, the data alone on screen" {
	seq 3 >s3
	tmux_start 40
	tmux_run 'mmcat -P s3'
	# /dev/tty is a device of its own, but the same terminal
	tmux_run 'mmcat -P s3 >/dev/tty'
	assert_screen $'$ mmcat -P s3\n1\n2\n3\n$ mmcat -P s3 >/dev/tty\n1\n2\n3\n$'
	assert_last_status 0
}

@test "progress, in tmux: an unterminated last line of output stays on screen" {
	printf '%s' {a..z} >alpha
	tmux_start 40
	tmux_run 'mmcat -P alpha'
	assert_screen $'$ mmcat -P alpha\nabcdefghijklmnopqrstuvwxyz$'
	assert_last_status 0
}

@test "progress, in tmux: on a 40-column terminal the line fits and leaves nothing behind" {
	local line shown bars=0
	truncate -s 60M big
	slow_reader slow
	tmux_start 40
	type_line 'mmcat -P big | ./slow'
	wait_screen '^mmcat: big: [1-9]'
	# one line, drawn in place, narrower than the window
	while IFS= read -r line; do
		[[ $line == 'mmcat: '* ]] || continue
		bars=$((bars + 1))
		((${#line} < 40)) || fail "${#line} columns: '$line'"
		[[ $line =~ ^'mmcat: big: '[0-9.]+' '$UNIT' / 60.0 MiB ('[0-9]+'%)' ]] ||
			fail "not a progress line cut at a field: '$line'"
	done <<<"$shown"
	((bars == 1)) || fail "$bars progress lines on screen: $shown"
	wait_prompts 2
	assert_screen $'$ mmcat -P big | ./slow\n$'
	assert_last_status '0 0'
}

@test "progress, in tmux: Ctrl-C erases the line, and mmcat dies of SIGINT (status 130)" {
	local shown
	truncate -s 60M big
	mkfifo fifo
	# a reader outside the window that never reads: mmcat blocks, drawn
	sleep 60 <fifo &
	READER=$!
	tmux_start 60
	type_line 'mmcat -P big >fifo'
	wait_screen '^mmcat: big: '
	tmux_cmd send-keys C-c
	wait_prompts 2
	# the terminal echoes ^C where the cursor is: on the line, or after it
	assert_equal "$(screen | sed 's/\^C//g; /^$/d')" $'$ mmcat -P big >fifo\n$'
	assert_last_status 130
}

# --- the same, byte by byte, through script ----------------------------------

@test "progress: stdout on the terminal stderr is: the terminal gets the data and nothing else" {
	seq 3 >s3
	printf '%s' {a..z} >alpha
	run -0 in_terminal term "$(q "$MMCAT") -P s3"
	assert_equal "$(cat -v term)" "$(printf '1\r\n2\r\n3\r\n' | cat -v)"
	run -0 in_terminal term "$(q "$MMCAT") -P alpha"
	assert_equal "$(cat -v term)" abcdefghijklmnopqrstuvwxyz
	run -0 in_terminal term "$(q "$MMCAT") -P alpha >/dev/tty"
	assert_equal "$(cat -v term)" abcdefghijklmnopqrstuvwxyz
}

@test "progress: every line fits the terminal's width, and follows it when it changes" {
	local d cols i
	truncate -s 128M big
	# 0.3 s blocked at 1 MiB (the first draw, 60 columns), then the window
	# becomes 30 columns wide; the draws after it come once the reader reads
	run -0 in_terminal term "stty cols 60; $(q "$MMCAT") -P big | { sleep 0.3;
		stty cols 30 </dev/tty; sleep 0.1;
		dd bs=1M count=32 iflag=fullblock status=none of=/dev/null;
		sleep 0.3; cat >/dev/null; }"
	split_draws term
	[[ $after_last == $'\e[K' ]] ||
		fail "not erased with \\r\\e[K at the end: $(cat -v term | tail -c 200)"
	((${#draws[@]} >= 2)) || fail "expected at least 2 draws: $(cat -v term)"
	draw_columns "${draws[0]}"
	((cols > 29 && cols < 60)) ||
		fail "first draw, 60 columns wide: $cols columns: $(cat -v <<<"${draws[0]}")"
	for ((i = 1; i < ${#draws[@]}; i++)); do
		d=${draws[i]}
		draw_columns "$d"
		((cols < 30)) || fail "draw $i after SIGWINCH to 30 columns: $cols: $(cat -v <<<"$d")"
		[[ $d == 'mmcat: big: '*$'\e[K' ]] || fail "draw $i: $(cat -v <<<"$d")"
	done
}

@test "progress: a UTF-8 name is cut whole characters at a time to fit" {
	local name d
	name=$(printf $'\xc3\xa9%.0s' {1..60})
	truncate -s 64M "$name"
	run -0 in_terminal term "stty cols 80; $(q "$MMCAT") -P $(q "$name") |
		{ sleep 0.3; cat >/dev/null; }"
	split_draws term
	((${#draws[@]} >= 1)) || fail "nothing drawn: $(cat -v term)"
	for d in "${draws[@]}"; do
		[[ $d == "mmcat: ${name:0:4}"*'...: '*' left'$'\e[K' ]] ||
			fail "not cut with ...: $d"
		iconv -f UTF-8 -t UTF-8 <<<"$d" >/dev/null ||
			fail "a character split: $(od -c <<<"$d")"
		d=${d%$'\e[K'}
		(($(LC_ALL=C.UTF-8 wc -m <<<"$d") - 1 < 80)) || fail "too wide: $d"
	done
}

# killed_while_drawn SIGNAL : mmcat -P big copies into a FIFO whose reader
# waits for ./go; once the line is on the terminal (script writes it to
# ./term as it comes), mmcat is sent SIGNAL, then the reader goes, and
# ./status gets mmcat's exit status.
killed_while_drawn() {
	mkfifo fifo
	# The shell's own stderr (where it reports a job killed by a signal)
	# goes to /dev/null; mmcat's is the terminal.
	run -0 in_terminal term "exec 3>&2 2>/dev/null
		{ until [ -e go ]; do sleep 0.05; done; cat >/dev/null; } <fifo &
		$(q "$MMCAT") -P big >fifo 2>&3 3>&- & pid=\$!
		for i in \$(seq 200); do grep -q 'mmcat: big' term && break; sleep 0.05; done
		kill -$1 \$pid; touch go; wait \$pid
		echo \$? >status; wait"
}

@test "progress: SIGTERM and SIGHUP erase the line, then kill mmcat as they would have" {
	local sig status
	truncate -s 64M big
	for sig in TERM HUP; do
		killed_while_drawn "$sig"
		split_draws term
		[[ $after_last == $'\e[K' ]] ||
			fail "SIG$sig: the line was not erased: $(cat -v term | tail -c 200)"
		((${#draws[@]} >= 1)) || fail "SIG$sig: nothing drawn: $(cat -v term)"
		status=$(<status)
		assert_equal "SIG$sig $status" "SIG$sig $((128 + $(kill -l "$sig")))"
		rm fifo go
	done
}

@test "progress: SIGPIPE (the reader gone) erases the line, and mmcat dies of it" {
	truncate -s 64M big
	run -0 in_terminal term "$(q "$MMCAT") -P big | head -c 1 >/dev/null;
		echo \${PIPESTATUS[0]} >status"
	split_draws term
	[[ $after_last == $'\e[K' ]] ||
		fail "the line was not erased: $(cat -v term | tail -c 200)"
	assert_equal "$(<status)" 141
}

@test "progress: a signal mmcat was started ignoring stays ignored" {
	truncate -s 16M big
	# an asynchronous command of a non-interactive shell ignores SIGINT
	killed_while_drawn INT
	assert_equal "$(<status)" 0
	split_draws term
	[[ $after_last == $'\e[K' ]] ||
		fail "not erased at the end: $(cat -v term | tail -c 200)"
	((${#draws[@]} >= 1)) || fail "nothing drawn: $(cat -v term)"
}
