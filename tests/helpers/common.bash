# common.bash - shared setup for every mmcat bats file.
#
# Load with:   load helpers/common
# It brings bats-support and bats-assert from Debian's packages, checks that
# $MMCAT names the binary under test, and offers small fixtures and oracles.
# Oracles are other tools (dd, head, tail, cmp), never mmcat itself.

bats_require_minimum_version 1.5.0

BATS_LIB_DIR=${BATS_LIB_DIR:-/usr/lib/bats}
load "$BATS_LIB_DIR/bats-support/load"
load "$BATS_LIB_DIR/bats-assert/load"

: "${MMCAT:?set MMCAT to the mmcat binary under test (make check does)}"

# mmcat ARGS... : the binary under test.
mmcat() {
	"$MMCAT" "$@"
}

# skip_if_heavy WHAT : skip this case, saying why, when MMCAT_SKIP_HEAVY is
# set to anything but empty or 0.  For the few cases that cost most time,
# memory or disk (WHAT says which); they run by default, in CI too.
skip_if_heavy() {
	case ${MMCAT_SKIP_HEAVY:-0} in
	0) ;;
	*) skip "heavy ($1): MMCAT_SKIP_HEAVY=$MMCAT_SKIP_HEAVY" ;;
	esac
}

# make_random FILE SIZE : FILE gets SIZE random bytes.
make_random() {
	head -c "$2" /dev/urandom >"$1"
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
# Under `run`, $output then holds only what mmcat wrote to stderr.
mmcat_into() {
	local out=$1
	shift
	"$MMCAT" "$@" >"$out"
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
