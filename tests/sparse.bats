#!/usr/bin/env bats
# SPDX-License-Identifier: BSD-2-Clause
# sparse.bats - files with holes, and --sparse (SPARSE FILES in mmcat(1)):
# holes of the input become holes of a regular output file, written as
# zeros everywhere else; always and never as cp has them.  The oracles are
# cmp and dd on the same bytes, cp --sparse for the blocks a file takes,
# and the file system's own map of a file's data (SEEK_DATA, SEEK_HOLE).

load helpers/common
load helpers/features

setup() {
	cd "$BATS_TEST_TMPDIR"
}

# data_extents FILE : "START END" for each run of data the file system
# stores (lseek SEEK_DATA = 3, SEEK_HOLE = 4 on Linux), in order.
data_extents() {
	perl -e '
		open(my $f, "<", $ARGV[0]) or die "$ARGV[0]: $!\n";
		my ($pos, $size) = (0, -s $f);
		while ($pos < $size) {
			my $data = sysseek($f, $pos, 3);
			last unless defined $data;
			my $hole = sysseek($f, $data, 4);
			print $data + 0, " ", $hole + 0, "\n";
			$pos = $hole;
		}' "$1"
}

# blocks FILE : the 512-byte blocks the file takes.
blocks() {
	stat -c %b -- "$1"
}

# sparse_fixture FILE SIZE OFFSET... : a file of SIZE with 1 MiB of random
# bytes at each OFFSET, holes elsewhere; skips where the file system here
# keeps no holes.
sparse_fixture() {
	local file=$1 size=$2 at
	shift 2
	truncate -s "$size" "$file" || skip "cannot make a $size sparse file here"
	for at; do
		head -c "$MiB" /dev/urandom |
			dd of="$file" bs=64K seek="$at" oflag=seek_bytes \
				conv=notrunc status=none
	done
	(($(blocks "$file") < $(file_size "$file") / 1024)) ||
		skip "the file system here keeps no holes ($(blocks "$file") blocks)"
}

# same_data SOURCE COPY : COPY has SOURCE's size, stores data only where
# SOURCE does (so both read zeros elsewhere), and the same bytes in each
# of SOURCE's runs of data.
same_data() {
	local start end
	assert_equal "$(file_size "$2")" "$(file_size "$1")"
	data_extents "$1" >src.extents
	data_extents "$2" >copy.extents
	perl -e '
		my (@src, $bad);
		open(my $s, "<", $ARGV[0]) or die; push @src, [split] while <$s>;
		open(my $c, "<", $ARGV[1]) or die;
		while (<$c>) {
			my ($a, $b) = split;
			$bad = 1 unless grep { $_->[0] <= $a && $b <= $_->[1] } @src;
		}
		exit($bad ? 1 : 0)' src.extents copy.extents ||
		fail "the copy stores data outside the source's: $(cat copy.extents)"
	while read -r start end; do
		cmp <(slice "$1" "$start" $((end - start))) \
			<(slice "$2" "$start" $((end - start))) ||
			fail "bytes $start-$end differ"
	done <src.extents
}

@test "a 100 GiB mostly-hole file reaches a file fast, with the source's data and about its blocks" {
	needs_feature seek-data
	local G=$((1024 * MiB))
	sparse_fixture big 100G $((3 * MiB + 5)) $((50 * G)) $((99 * G + 12345))
	# A guard, not a timing: copying the holes would take minutes.
	timeout 20 "$MMCAT" big >out
	same_data big out
	(($(blocks out) <= $(blocks big) + 64)) ||
		fail "the copy takes $(blocks out) blocks, the source $(blocks big)"
}

@test "a sparse file to a file: the same bytes, holes where the source has them" {
	sparse_fixture src $((64 * MiB + 77)) $((8 * MiB + 3)) $((40 * MiB))
	run -0 mmcat_into out src
	assert_same_file src out
	has_feature seek-data || return 0
	same_data src out
	assert_equal "$(blocks out)" "$(blocks src)"
}

@test "ranges that start and end inside holes and inside data are exact, to a file and a pipe" {
	local off len
	sparse_fixture src $((32 * MiB)) $((4 * MiB + 1001)) $((20 * MiB))
	for span in "0 77" "123 $((4 * MiB))" "$((4 * MiB + 999)) 5" \
		"$((4 * MiB + 1001 + 17)) $((3 * MiB))" "$((5 * MiB + 1000)) 3" \
		"$((5 * MiB + 999)) $((15 * MiB + 333))" "$((21 * MiB - 1)) $((11 * MiB + 1))" \
		"$((30 * MiB + 7)) $((MiB + 5))"; do
		read -r off len <<<"$span"
		slice src "$off" "$len" >expected
		mmcat_into out src "$off" "$len" || fail "mmcat src $off $len failed"
		cmp expected out || fail "to a file: range $off+$len"
		mmcat src "$off" "$len" | cmp expected - ||
			fail "to a pipe: range $off+$len"
		mmcat_into out -r "$off+$len" -r "$off+$len" src ||
			fail "mmcat -r twice failed"
		cmp <(cat expected expected) out ||
			fail "to a file, twice: range $off+$len"
	done
}

@test "--sparse=always makes holes of zero blocks as cp --sparse=always does" {
	sparse_fixture src $((16 * MiB)) $((2 * MiB + 9))
	# Zeros written as data, and a partial block of zeros at the end.
	head -c $((3 * MiB + 100)) /dev/zero >>src
	printf 'x' | dd of=src bs=1 seek=$((10 * MiB + 1)) conv=notrunc status=none
	cp --sparse=always src expected
	run -0 mmcat_into out --sparse=always src
	assert_same_file src out
	assert_equal "$(blocks out)" "$(blocks expected)"
	# auto keeps the zeros that were written as data.
	run -0 mmcat_into auto src
	assert_same_file src auto
	(($(blocks auto) > $(blocks out))) ||
		fail "auto took $(blocks auto) blocks, always $(blocks out)"
}

@test "--sparse=never allocates every block, as cp --sparse=never does" {
	sparse_fixture src $((16 * MiB + 5)) $((7 * MiB))
	cp --sparse=never src expected
	run -0 mmcat_into out --sparse=never src
	assert_same_file src out
	assert_equal "$(blocks out)" "$(blocks expected)"
	(($(blocks out) >= $(file_size src) / 512)) ||
		fail "only $(blocks out) blocks for $(file_size src) bytes"
}

@test "into a file opened 1<>, zeros are written where it has data, holes past its end" {
	sparse_fixture src $((24 * MiB)) $((20 * MiB))
	make_random old $((8 * MiB + 3))
	cp old out
	run -0 bash -c '"$MMCAT" src 1<>out'
	assert_same_file src out
	# The old bytes under the source's holes are zeros now, and stored.
	has_feature seek-data || return 0
	data_extents out >extents
	assert_equal "$(head -n 1 extents | cut -d' ' -f1)" 0
	(($(head -n 1 extents | cut -d' ' -f2) >= 8 * MiB + 3)) ||
		fail "the old data was punched out: $(cat extents)"
	(($(blocks out) < 16 * MiB / 512)) ||
		fail "the part past the old end has no holes: $(blocks out) blocks"
}

@test "a longer file opened 1<> keeps what lies past the range, holes written as zeros" {
	sparse_fixture src $((8 * MiB)) $((2 * MiB))
	make_random out $((12 * MiB))
	{ cat src; slice out $((8 * MiB)) $((4 * MiB)); } >expected
	run -0 bash -c '"$MMCAT" src 1<>out'
	assert_same_file expected out
}

@test "appending (>>) never seeks: zeros are written for the holes" {
	sparse_fixture src $((8 * MiB + 11)) $((3 * MiB))
	printf 'head\n' >out
	run -0 bash -c '"$MMCAT" src >>out'
	assert_same_file <(printf 'head\n'; cat src) out
	(($(blocks out) >= $(file_size src) / 512)) ||
		fail "holes in an appended file: $(blocks out) blocks"
}

@test "a 4 GiB mostly-hole range to a pipe: every byte, the holes unread" {
	skip_if_heavy "4 GiB compared through a pipe"
	local G=$((1024 * MiB))
	sparse_fixture src $((5 * G)) $((G + 77)) $((3 * G))
	has_feature seek-data ||
		echo "# no seek-data in this build: the holes are read" >&3
	timeout 60 "$MMCAT" src 123 $((4 * G)) | cmp <(slice src 123 $((4 * G))) - ||
		fail "the range differs (or mmcat took over a minute)"
}

@test "--sparse takes auto, always or never: anything else is a usage error" {
	printf 'data' >src
	run -2 --separate-stderr mmcat --sparse=sometimes src
	assert_output ''
	assert_equal "$stderr" "$(usage_stderr "mmcat: invalid --sparse 'sometimes': expected 'auto', 'always' or 'never'")"
	run -2 --separate-stderr mmcat --sparse src
	assert_output ''
	for when in auto always never; do
		run -0 mmcat --sparse="$when" src
		assert_output data
	done
}
