# SPDX-License-Identifier: BSD-2-Clause
# common.bash - shared setup for every mmcat bats file.
#
# Load with:   load helpers/common
# It loads bats-support and bats-assert, checks that $MMCAT names the binary
# under test, and offers small fixtures and oracles.  Oracles are other
# tools (dd, head, tail, cmp), never mmcat itself.  A helper that two test
# files need is written here, once.

bats_require_minimum_version 1.7.0

# bats_load_library searches BATS_LIB_PATH; Debian's bats-support and
# bats-assert packages install under /usr/lib/bats.
BATS_LIB_PATH=${BATS_LIB_PATH:-/usr/lib/bats}
bats_load_library bats-support
bats_load_library bats-assert

: "${MMCAT:?set MMCAT to the mmcat binary under test (make check does)}"

# The buffer sizes of the build under test (src/buffers.h), as
# MMCAT_HEX_TEXT_BYTES, MMCAT_READ_BYTES, ...: make check names the program
# that prints them, so that inputs can be placed across each boundary.
if [[ -n ${MMCAT_BUFFER_SIZES:-} ]]; then
	eval "$("$MMCAT_BUFFER_SIZES")"
fi

# A mebibyte, for the sizes of fixtures.
MiB=$((1024 * 1024))

# mmcat ARGS... : the binary under test.
mmcat() {
	"$MMCAT" "$@"
}

# need TOOL... : skip, saying which, when a tool that makes fixtures is
# missing.
need() {
	local t
	for t in "$@"; do
		command -v "$t" >/dev/null ||
			skip "$t is not installed (Debian: see README's install line)"
	done
}

# skip_if_heavy WHAT : skip this case, saying why, unless MMCAT_HEAVY is
# set to anything but empty or 0 (make check-heavy and CI set it).  For
# the few cases that cost most time, memory or disk (WHAT says which):
# a plain make check, a packager's, leaves them out.
skip_if_heavy() {
	case ${MMCAT_HEAVY:-0} in
	0) skip "heavy ($1): run by make check-heavy or MMCAT_HEAVY=1" ;;
	esac
}

# make_random FILE SIZE : FILE gets SIZE random bytes.
make_random() {
	head -c "$2" /dev/urandom >"$1"
}

# seed_random VARIABLE : RANDOM seeded from the environment variable named
# VARIABLE (HEXDIFF_SEED, ...), or from a new seed; $seed says which, for
# the failure message, so that VARIABLE=$seed runs the same cases again.
seed_random() {
	seed=${!1:-$(((RANDOM << 15) | RANDOM))}
	RANDOM=$seed
}

# random_below N : sets $r to a random number from 0 to N-1 (30 bits).
random_below() {
	r=$((((RANDOM << 15) | RANDOM) % $1))
}

# slice FILE OFFSET COUNT : bytes [OFFSET, OFFSET+COUNT) by dd, the oracle.
slice() {
	dd if="$1" iflag=skip_bytes,count_bytes skip="$2" count="$3" bs=64K \
		status=none
}

# assert_same_file EXPECTED ACTUAL : byte-for-byte equality, with cmp's
# account of the first difference on failure.
assert_same_file() {
	local out
	if ! out=$(cmp -- "$1" "$2" 2>&1); then
		batslib_print_kv_single_or_multi 8 expected "$1" actual "$2" \
			cmp "$out" | batslib_decorate 'files differ' | fail
	fi
}

# file_size FILE
file_size() {
	stat -c %s -- "$1"
}

# mmcat_into OUT ARGS... : mmcat with stdout in the file OUT (binary safe).
# Under `run`, $output then holds only what mmcat wrote to stderr.  The one
# way the tests send mmcat's output to a file: give standard input with a
# redirection (`run mmcat_into out - 10 <f`) or through from_pipe.
mmcat_into() {
	local out=$1
	shift
	"$MMCAT" "$@" >"$out"
}

# from_pipe FILE CMD... : CMD with FILE's bytes on a pipe as standard input
# (a stream: no size, no seeking, no mapping).  Returns CMD's status.
from_pipe() {
	local file=$1
	shift
	cat -- "$file" | "$@"
}

# edges SIZE : sets the array at to k*SIZE - 1, k*SIZE and k*SIZE + 1 for
# k = 1 and 2, the offsets or lengths where a buffer of SIZE is met.
edges() {
	local k
	at=()
	for ((k = 1; k <= 2; k++)); do
		at+=($((k * $1 - 1)) $((k * $1)) $((k * $1 + 1)))
	done
}

# full_pipe OUT FILE ARGS... : mmcat ARGS, its output in OUT, with standard
# input a pipe that already holds all of FILE and has no writer left, so
# that each read(2) gets all it asks for, up to the end: the read buffer
# is filled whatever its size (a pipe that cat writes to holds 64 KiB, and
# a read of it gets what has arrived).  The pipe is grown to hold FILE
# with F_SETPIPE_SZ (1031, Linux); where it cannot be, exit 77 saying so.
# What mmcat left in the pipe goes to ./rest.  Returns mmcat's status.
full_pipe() {
	local out=$1
	shift
	perl -e '
		use strict;
		use warnings;
		my ($file, @cmd) = @ARGV;
		open(my $in, "<:raw", $file) or die "$file: $!\n";
		my $data = do { local $/; <$in> } // "";
		pipe(my $r, my $w) or die "pipe: $!\n";
		fcntl($w, 1031, length($data) || 1) or do {
			print STDERR "cannot grow a pipe to ", length($data), " bytes: $!\n";
			exit 77;
		};
		for (my $at = 0; $at < length($data);) {
			my $n = syswrite($w, $data, length($data) - $at, $at);
			defined($n) or die "write: $!\n";
			$at += $n;
		}
		close($w);
		my $pid = fork() // die "fork: $!\n";
		if ($pid == 0) {
			open(STDIN, "<&", $r) or die "stdin: $!\n";
			exec { $cmd[0] } @cmd or die "exec: $!\n";
		}
		waitpid($pid, 0);
		my $status = $?;
		open(my $rest, ">:raw", "rest") or die "rest: $!\n";
		while (sysread($r, my $buf, 65536)) {
			print $rest $buf;
		}
		close($rest) or die "rest: $!\n";
		exit($status & 127 ? 128 + ($status & 127) : $status >> 8);
	' -- "$1" "$MMCAT" "${@:2}" >"$out"
}

# require_full_pipe SIZE : skip, saying why, unless a pipe can be grown to
# hold SIZE bytes here (full_pipe).
require_full_pipe() {
	local why
	head -c "$1" /dev/zero >probe
	why=$(full_pipe /dev/null probe -o 0 -l 0 - 2>&1) ||
		skip "no pipe that holds the whole input: $why"
}

# The oracle of -L (the man page, LINE RANGES): sed, tail and head, with
# negative line numbers made absolute by the line count.

# line_count FILE [-z] : lines as sed counts them (a last unterminated line
# counts); with -z, NUL-terminated records as sed -z counts them.
line_count() {
	local nuls
	if [[ ${2:-} != -z ]]; then
		awk 'END { print NR }' "$1"
		return
	fi
	nuls=$(tr -cd '\0' <"$1" | wc -c)
	if [[ -s $1 && $(tail -c 1 -- "$1" | od -An -tx1) != ' 00' ]]; then
		nuls=$((nuls + 1))
	fi
	echo "$nuls"
}

# absolute_line TOTAL N : sets $abs to line N made absolute; -K is line
# TOTAL-K+1, which may come out below 1 (a line before the first).  (No
# command substitution: forks are what these loops cost.)
absolute_line() {
	if [[ $2 == -* ]]; then
		abs=$(($1 - ${2#-} + 1))
	else
		abs=$((${2#+}))
	fi
}

# expected_lines FILE TOTAL SPEC [-z] : what `mmcat -L SPEC FILE` (with
# -z: `mmcat -z -L SPEC FILE`) must print, by sed and tail (given -z too);
# TOTAL is FILE's line count.  The man page's rule: a spec names lines
# N..M, negatives resolved against TOTAL (so possibly before line 1), and
# the lines of that interval that exist are printed.
expected_lines() {
	local file=$1 total=$2 spec=$3 first last abs z=()
	[[ ${4:-} != -z ]] || z=(-z)
	if [[ $spec != *:* ]]; then
		absolute_line "$total" "$spec"
		((abs >= 1)) || return 0	# -K beyond the first line: none
		sed "${z[@]}" -n "${abs}p" -- "$file"
		return
	fi
	first=${spec%%:*} last=${spec#*:}
	if [[ $first == -* && -z $last ]]; then
		tail "${z[@]}" -n "${first#-}" -- "$file"
		return
	fi
	absolute_line "$total" "${first:-1}"
	first=$abs
	if ((first < 1)); then
		if [[ $last == +* ]]; then	# lines first..first+J
			abs=$((first + ${last#+}))
			((abs >= 1)) || return 0
			sed "${z[@]}" -n "1,${abs}p" -- "$file"
			return
		fi
		first=1				# as tail -n K clamps
	fi
	case $last in
	'') sed "${z[@]}" -n "${first},\$p" -- "$file" ;;
	+*) sed "${z[@]}" -n "${first},${last}p" -- "$file" ;;	# GNU sed's ADDR,+N
	*)
		absolute_line "$total" "$last"
		((abs >= 1)) || return 0	# M before line 1: none
		sed "${z[@]}" -n "${first},${abs}p" -- "$file"
		;;
	esac
}

# Checks that gather their failures: each adds a line to the array failed,
# and report_failed fails the case once, naming every one.

# note_difference WHAT WANT GOT : the files WANT and GOT hold the same
# bytes; otherwise WHAT and where they differ join the array failed.
note_difference() {
	cmp -s -- "$2" "$3" ||
		failed+=("$1: $(file_size "$3") bytes, expected $(file_size "$2"); $(cmp -- "$2" "$3" 2>&1 | head -n 1)")
}

# expect_output WHAT WANT CMD... : CMD, which leaves its output in ./got,
# must exit 0, write nothing on stderr and leave exactly the bytes of the
# file WANT; otherwise WHAT and what went wrong join the array failed.
expect_output() {
	local what=$1 want=$2 rc=0
	shift 2
	"$@" 2>got.err || rc=$?
	if ((rc != 0)) || [[ -s got.err ]]; then
		failed+=("$what: exit $rc, stderr: $(head -c 200 got.err)")
	else
		note_difference "$what" "$want" got
	fi
}

# report_failed TITLE : fail, under TITLE, listing the first 20 cases of
# the array failed, if any went wrong.
report_failed() {
	local n=${#failed[@]}
	((n == 0)) && return 0
	{
		printf '%s\n' "${failed[@]:0:20}"
		((n <= 20)) || echo "... and $((n - 20)) more"
	} | batslib_decorate "$1: $n case(s) failed" | fail
}

# assert_empty_file FILE : FILE exists and holds no byte.
assert_empty_file() {
	if [[ ! -e $1 || -s $1 ]]; then
		batslib_print_kv_single 4 file "$1" size "$(stat -c %s -- "$1" 2>&1)" |
			batslib_decorate 'file should be empty' | fail
	fi
}

# try_help : the line that ends every usage error.  The oracle is GNU
# head's own line, with head's name replaced by mmcat's.
try_help() {
	local line
	line=$(LC_ALL=C head --no-such-option 2>&1 >/dev/null | tail -n 1)
	[[ $line == "Try 'head --help' for more information." ]] ||
		fail "GNU head gives no Try line here: $line"
	printf '%s' "${line/head/mmcat}"
}

# usage_stderr MESSAGE : all that a usage error writes on stderr: MESSAGE,
# then the Try line.
usage_stderr() {
	printf '%s\n%s' "$1" "$(try_help)"
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

# attach_loop FILE : LOOPDEV becomes a loop device over FILE, or skip.
# (The caller detaches it: losetup -d "$LOOPDEV" in its teardown.)
attach_loop() {
	local reason dev
	if ! dev=$(losetup -f --show "$1" 2>losetup.err) || [[ ! -b $dev ]]; then
		reason=$(<losetup.err)
		if [[ -n $dev ]]; then
			losetup -d "$dev" 2>/dev/null || true
		fi
		skip "losetup cannot attach a loop device here: ${reason:-no block device made}"
	fi
	LOOPDEV=$dev
}
