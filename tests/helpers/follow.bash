# SPDX-License-Identifier: BSD-2-Clause
# follow.bash - readers of live files run side by side, and the scripted
# writer that changes the files under them, for tests/follow.bats.
#
# A case starts GNU tail (the oracle) and mmcat as background readers of
# the same files (reader_start), then drives the files through the steps
# of one scripted writer (append, truncate_file, rotate, ...).  After each
# step it waits until every reader has printed what tail must print by
# then (readers_at), so that each step meets every reader in the same
# state: a truncation is seen as a truncation and not as a rewrite, a
# rotation as a rotation, however fast or slow each reader is.  Waits
# poll a condition with a deadline; nothing sleeps a fixed long time.
# Every reader runs under `timeout`, so that a hang fails the case and
# never stops the suite.
#
# Load after helpers/common.

# Seconds a reader may run at all, and seconds a condition is waited for.
FOLLOW_TIMEOUT=20
FOLLOW_WAIT=10

# follow_init : no reader yet, nothing expected; call from setup.
follow_init() {
	declare -gA reader_pid=() reader_cat=() reader_rc=()
	readers=()
	expect=0	# bytes each reader's output must have reached
	last_file=	# the file output last came from (for headers)
	headers=0	# 1: several files, tail's ==> NAME <== headers
}

# follow_cleanup : stop whatever is still running; call from teardown.
follow_cleanup() {
	local name
	for name in "${!reader_pid[@]}"; do
		kill -TERM "${reader_pid[$name]}" 2>/dev/null || true
	done
	for name in "${!reader_cat[@]}"; do
		kill -TERM "${reader_cat[$name]}" 2>/dev/null || true
	done
}

# reader_start NAME CMD... : CMD runs in the background under timeout,
# its stdout to NAME.out through a pipe (a FIFO drained by cat, so that
# mmcat writes to a pipe as in a shell pipeline), its stderr to NAME.err.
# With READER_TO_FILE=1 stdout is the file NAME.out itself; standard input
# is READER_INPUT (default /dev/null).
reader_start() {
	local name=$1
	shift
	readers+=("$name")
	: >"$name.out"
	: >"$name.err"
	if [[ ${READER_TO_FILE:-0} == 1 ]]; then
		timeout "$FOLLOW_TIMEOUT" "$@" <"${READER_INPUT:-/dev/null}" \
			>"$name.out" 2>"$name.err" 3>&- &
	else
		rm -f -- "$name.fifo"
		mkfifo -- "$name.fifo"
		cat -- "$name.fifo" >"$name.out" 3>&- &
		reader_cat[$name]=$!
		timeout "$FOLLOW_TIMEOUT" "$@" <"${READER_INPUT:-/dev/null}" \
			>"$name.fifo" 2>"$name.err" 3>&- &
	fi
	reader_pid[$name]=$!
}

# running PID : PID is a process that has not ended (a zombie has).
running() {
	local stat
	stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
	stat=${stat##*) }
	[[ ${stat%% *} != Z ]]
}

# reader_running NAME : the reader NAME has not ended.
reader_running() {
	[[ -n ${reader_pid[$1]:-} ]] && running "${reader_pid[$1]}"
}

# reaped NAME : collect the ended reader NAME: its status into
# reader_rc[NAME] (143: stopped by reader_stop; 124: ran past
# FOLLOW_TIMEOUT), and the rest of its output into NAME.out.
reaped() {
	local rc=0
	wait "${reader_pid[$1]}" || rc=$?
	reader_rc[$1]=$rc
	unset 'reader_pid[$1]'
	if [[ -n ${reader_cat[$1]:-} ]]; then
		wait "${reader_cat[$1]}" || true
		unset 'reader_cat[$1]'
	fi
}

# reader_stop NAME... : end each reader NAME with SIGTERM (timeout passes it
# on) and collect it.
reader_stop() {
	local name
	for name; do
		[[ -n ${reader_pid[$name]:-} ]] || continue
		kill -TERM "${reader_pid[$name]}" 2>/dev/null || true
		reaped "$name"
	done
}

# reader_ends NAME... : each reader NAME ends by itself within FOLLOW_WAIT
# seconds, and is collected; one still running then is stopped and has
# the status "running".
reader_ends() {
	local name
	for name; do
		if wait_until not_running "$name"; then
			reaped "$name"
		else
			reader_stop "$name"
			reader_rc[$name]=running
		fi
	done
}

# not_running NAME : the reader NAME has ended.
not_running() {
	! reader_running "$1"
}

# wait_until CMD... : poll CMD every 20 ms until it succeeds (true) or
# FOLLOW_WAIT seconds have gone by (false).
wait_until() {
	local deadline=$((SECONDS + FOLLOW_WAIT + 1))
	until "$@"; do
		((SECONDS < deadline)) || return 1
		sleep 0.02
	done
}

# still_waiting NAME SIZE : after 0.3 s, the reader NAME runs on with
# SIZE bytes printed.
still_waiting() {
	sleep 0.3
	reader_running "$1" ||
		fail "$1 ended before its range was complete: ${reader_rc[$1]:-}; $(cat "$1.err")"
	assert_equal "$1 printed $(file_size "$1.out")" "$1 printed $2"
}

# has_bytes NAME N : NAME.out holds N bytes or more, or the reader NAME
# has ended (no use waiting).
has_bytes() {
	(($(file_size "$1.out") >= $2)) || ! reader_running "$1"
}

# readers_at : every reader's output reaches $expect bytes within
# FOLLOW_WAIT seconds; else fail, naming each reader that fell short, with
# its stderr.
readers_at() {
	local name size short=()
	for name in "${readers[@]}"; do
		# one deadline for all: once one reader has run out of time,
		# the others are only looked at
		((${#short[@]})) || wait_until has_bytes "$name" "$expect" || true
		size=$(file_size "$name.out")
		((size >= expect)) ||
			short+=("$name: $size bytes ($(reader_running "$name" && echo running || echo ended)); stderr: $(head -c 300 "$name.err")")
	done
	((${#short[@]} == 0)) ||
		printf '%s\n' "${short[@]}" |
		batslib_decorate "readers short of $expect bytes after ${FOLLOW_WAIT} s" | fail
}

# has_message NAME TEXT N : NAME.err holds N lines or more that contain
# TEXT, or the reader NAME has ended.
has_message() {
	local n
	n=$(grep -cF -- "$2" "$1.err") || true
	((n >= $3)) || ! reader_running "$1"
}

# readers_said TEXT N : every reader has written N lines holding TEXT on
# stderr within FOLLOW_WAIT seconds; else fail, with what each wrote.
readers_said() {
	local name short=()
	for name in "${readers[@]}"; do
		((${#short[@]})) || wait_until has_message "$name" "$1" "$2" || true
		(($(grep -cF -- "$1" "$name.err") >= $2)) ||
			short+=("$name: $(cat "$name.err")")
	done
	((${#short[@]} == 0)) ||
		printf '%s\n' "${short[@]}" |
		batslib_decorate "not every reader said '$1' $2 time(s)" | fail
}

# --- the writer's steps --------------------------------------------------------
# Each changes a file and adds to $expect what each reader must then print.

# append FILE TEXT : TEXT (no newline added) appended to FILE.  With
# headers=1, output switching from another file first gets tail's header.
append() {
	local header
	if ((headers)) && [[ $1 != "$last_file" ]]; then
		header=$'\n'"==> $1 <=="$'\n'
		expect=$((expect + ${#header}))
	fi
	last_file=$1
	printf '%s' "$2" >>"$1"
	expect=$((expect + ${#2}))
}

# truncate_file FILE N : FILE made empty (`: >FILE`); each reader must say
# `FILE: file truncated` for the Nth time before anything more is written.
truncate_file() {
	: >"$1"
	readers_said "$1: file truncated" "$2"
}

# --- comparing with tail -----------------------------------------------------------

# tail_messages FILE : what tail wrote on stderr (FILE), in mmcat's words
# (the man page, FOLLOWING): "mmcat:" for "tail:", the name then a colon,
# and one space before "following" where tail writes two.
tail_messages() {
	sed -E -e 's/^tail: /mmcat: /' \
		-e "s/^mmcat: '([^']*)' has (become inaccessible|been replaced|appeared)/mmcat: \\1: file has \\2/" \
		-e "s/^mmcat: ([^' ]*) has (become inaccessible|been replaced|appeared)/mmcat: \\1: file has \\2/" \
		-e "s/^mmcat: cannot open '([^']*)' for reading: /mmcat: \\1: /" \
		-e 's/;  following new file$/; following new file/' -- "$1"
}

# assert_same_as_tail TAIL MMCAT : the readers TAIL and MMCAT printed the
# same bytes, and said the same on stderr (tail's words in mmcat's form).
assert_same_as_tail() {
	tail_messages "$1.err" >"$1.err.mmcat"
	assert_same_file "$1.out" "$2.out"
	assert_equal "$(cat "$2.err")" "$(cat "$1.err.mmcat")"
}

# assert_status NAME STATUS : the reader NAME ended with STATUS.
assert_status() {
	[[ ${reader_rc[$1]} == "$2" ]] ||
		fail "$1 ended with status ${reader_rc[$1]}, expected $2; stderr: $(head -c 500 "$1.err")"
}
