#!/usr/bin/env bats
# progress.bats - SPEC.md "Viewer features": -P/--progress, drawn for real.
#
# mmcat runs inside `script` (util-linux), which gives it a pseudo-terminal
# as stderr and copies everything written to that terminal to script's own
# stdout, where the test reads it.  mmcat's stdout goes to a slow reader: a
# pipe that is not read for a while blocks mmcat (vmsplice/write wait for
# room), so the copy takes a known minimum time and the line is redrawn.

load helpers/common

setup() {
	cd "$BATS_TEST_TMPDIR"
	require_script
}

# require_script : skip, saying why, unless util-linux script can run a
# command on a pseudo-terminal here.
require_script() {
	local version probe
	version=$(script --version 2>&1) ||
		skip "script(1) is not available: $version"
	[[ $version == *util-linux* ]] ||
		skip "script(1) is not util-linux's: $version"
	probe=$(SHELL=/bin/bash script -qfec 'test -t 2 && printf tty' /dev/null \
		</dev/null 2>&1) || true
	[[ $probe == *tty* ]] ||
		skip "script cannot give a command a terminal here: $probe"
}

# in_terminal OUT CMD : run the bash command line CMD with a pseudo-terminal
# as stdin, stdout and stderr; what it wrote to the terminal goes to OUT.
# Returns CMD's exit status (pipefail is on inside).
in_terminal() {
	SHELL=/bin/bash script -qfec "set -o pipefail; $2" /dev/null \
		</dev/null >"$1"
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
