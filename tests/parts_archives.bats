#!/usr/bin/env bats
# SPDX-License-Identifier: BSD-2-Clause
# parts_archives.bats - the man page, NAMED RANGES: --list and -m on tar,
# zip and ar archives, and how -m composes with the range options.
# Archives are made here by tar, zip, ar and dpkg-deb; the oracles are
# tar -xOf, unzip -p, ar p, dd at the listed offsets, xxd and sed, never
# mmcat.

load helpers/common

setup() {
	cd "$BATS_TEST_TMPDIR"
}

# A directory name of 120 bytes: paths under it do not fit ustar's name
# field alone (100 bytes), and one under it twice exceeds prefix + name.
LONG_DIR=$(printf 'd%.0s' {1..120})

# make_tree : files of several sizes, an empty one, a path that needs
# ustar's prefix, and one longer than any ustar header holds.
make_tree() {
	mkdir -p tree/sub "tree/$LONG_DIR/$LONG_DIR"
	make_random tree/one 1000
	make_random tree/sub/big 70000
	: >tree/empty
	seq 1 500 >tree/sub/lines
	make_random "tree/$LONG_DIR/prefixed" 777
	make_random "tree/$LONG_DIR/$LONG_DIR/very-long" 3000
	ln -s one tree/link
}

# check_listing ARCHIVE EXTRACT... : every line of --list names a member
# whose bytes, by dd at the listed offset and length, equal what EXTRACT
# ARCHIVE NAME prints; and -m NAME prints the same bytes.
check_listing() {
	local archive=$1 off len kind name count=0
	shift
	mmcat --list "$archive" >listing
	while IFS=$'\t' read -r off len kind name; do
		"$@" "$archive" "$name" >want
		slice "$archive" "$off" "$len" >got
		assert_same_file want got
		mmcat -m "$name" "$archive" >got
		assert_same_file want got
		count=$((count + 1))
	done <listing
	[[ $count -gt 0 ]] || fail "$archive: nothing listed"
}

# names_of LISTING : the NAME column, sorted.
names_of() {
	cut -f 4- "$1" | LC_ALL=C sort
}

# regular_files DIR : the paths of the regular files under DIR, sorted,
# as an archive made in . stores them.
regular_files() {
	find "$1" -type f | LC_ALL=C sort
}

tar_extract() { tar -xOf "$1" -- "$2"; }
unzip_extract() { unzip -p "$1" "$2"; }
ar_extract() { ar p "$1" "$2"; }

@test "tar, ustar: every regular member at its listed offset, as tar -xOf prints it; prefix and name joined" {
	# A path of 130 bytes: ustar splits it into prefix and name.
	local mid
	mid=$(printf 'm%.0s' {1..60})
	mkdir -p "u/$mid/$mid"
	make_random u/one 1000
	make_random "u/$mid/$mid/prefixed" 777
	: >u/empty
	tar --format=ustar -cf u.tar u
	check_listing u.tar tar_extract
	assert_equal "$(names_of listing)" "$(regular_files u)"
	assert_equal "$(cut -f 3 listing | sort -u)" member
}

@test "tar, GNU: long names ('L' entries) by their whole path" {
	make_tree
	tar --format=gnu -cf g.tar tree
	check_listing g.tar tar_extract
	assert_equal "$(names_of listing)" "$(regular_files tree)"
}

@test "tar, pax: long paths from the path records" {
	make_tree
	tar --format=pax -cf p.tar tree
	check_listing p.tar tar_extract
	assert_equal "$(names_of listing)" "$(regular_files tree)"
}

@test "tar: directories and links are not listed; names are raw bytes, not tar -t's escapes" {
	mkdir d
	echo x >d/f
	ln d/f d/hard
	ln -s f d/soft
	printf 'é\n' >d/é
	tar --format=gnu -cf t.tar d
	run -0 mmcat --list t.tar
	assert_output "$(printf '1024\t2\tmember\td/f\n2048\t3\tmember\td/é')"
}

@test "tar: a sparse member is listed as sparse, and -m refuses it saying so (GNU, pax 0.0, 0.1, 1.0)" {
	local how
	truncate -s 1M sp
	printf 'data' | dd of=sp bs=1 seek=600000 conv=notrunc status=none
	echo plain >plain
	for how in --format=gnu --sparse-version=0.0 --sparse-version=0.1 \
		--sparse-version=1.0; do
		[[ $how == --format=* ]] || how="--format=pax $how"
		# shellcheck disable=SC2086    # two words for pax
		tar $how -S -cf s.tar sp plain
		run -0 mmcat --list s.tar
		assert_equal "$(cut -f 3,4 <<<"$output")" "$(printf 'sparse\tsp\nmember\tplain')"
		run -1 --separate-stderr mmcat -m sp -m plain s.tar
		assert_equal "$stderr" "mmcat: s.tar: cannot print member 'sp': a sparse member"
		assert_output plain
	done
}

@test "zip: stored members print, at the offset after their local header, as unzip -p prints them" {
	need zip unzip
	make_tree
	rm tree/link
	zip -q -r -0 s.zip tree
	check_listing s.zip unzip_extract
	assert_equal "$(names_of listing)" "$(regular_files tree)"
	assert_equal "$(cut -f 3 listing | sort -u)" stored
}

@test "zip: compressed members are listed with their stored length, and refused naming the method" {
	need zip unzip
	seq 1 20000 >text
	make_random noise 5000
	zip -q -9 c.zip text noise
	run -0 mmcat --list c.zip
	# zip stores what deflate cannot shrink.
	assert_line --index 0 --regexp $'^[0-9]+\t[0-9]+\tcompressed\ttext$'
	assert_line --index 1 --regexp $'^[0-9]+\t5000\tstored\tnoise$'
	run -1 --separate-stderr mmcat -m text c.zip
	assert_output ''
	assert_equal "$stderr" "mmcat: c.zip: cannot print member 'text': compressed with deflate"
	run -0 mmcat -m noise c.zip
	unzip -p c.zip noise >want
	mmcat -m noise c.zip >got
	assert_same_file want got
}

@test "zip: ZIP64 (zip -fz) and a member written from a pipe, with a data descriptor" {
	need zip unzip
	make_random data 100000
	zip -q -0 -fz z64.zip data
	check_listing z64.zip unzip_extract
	# zip - reads standard input: the member is named '-', its sizes
	# come after its data.
	from_pipe data zip -q -0 - - >pipe.zip
	run -0 mmcat --list pipe.zip
	assert_output --regexp $'^[0-9]+\t100000\tstored\t-$'
	unzip -p pipe.zip >want
	mmcat -m - pipe.zip >got
	assert_same_file want got
}

@test "ar: members of a static library, long names from the // table, as ar p prints them" {
	need ar
	make_random short.o 333
	make_random a-rather-long-member-name.o 4097
	seq 1 100 >odd.txt
	ar rc lib.a short.o a-rather-long-member-name.o odd.txt
	check_listing lib.a ar_extract
	assert_equal "$(names_of listing)" "$(printf '%s\n' a-rather-long-member-name.o odd.txt short.o)"
}

@test "ar: a .deb made by dpkg-deb, its members by name" {
	need dpkg-deb ar
	mkdir -p pkg/DEBIAN pkg/usr/share/doc/t
	printf 'Package: t\nVersion: 1\nArchitecture: all\nMaintainer: m <m@example.org>\nDescription: t\n' >pkg/DEBIAN/control
	echo hello >pkg/usr/share/doc/t/README
	dpkg-deb --root-owner-group -Znone -b pkg t.deb >/dev/null
	check_listing t.deb ar_extract
	assert_equal "$(cut -f 4 listing)" "$(ar t t.deb)"
	run -0 mmcat -m debian-binary t.deb
	assert_output '2.0'
	# The data member is itself a tar: -m through a pipe into --list.
	run -0 bash -c "'$MMCAT' -m data.tar t.deb | '$MMCAT' --list"
	assert_output --regexp $'\tmember\t./usr/share/doc/t/README$'
}

# one_tar : a ustar archive of lines and one more file; $off and $len
# are where lines is, from tar's own listing of blocks (tar -R).
one_tar() {
	seq 1 2000 >lines
	make_random other 5000
	tar --format=ustar -cf a.tar lines other
}

@test "-m with -o and -l: offsets count from the member's first byte" {
	one_tar
	tar -xOf a.tar lines | tail -c +5 | head -c 8 >want
	mmcat -m lines -o 4 -l 8 a.tar >got
	assert_same_file want got
	tar -xOf a.tar lines | tail -c 10 >want
	mmcat -m lines -o -10 a.tar >got
	assert_same_file want got
	tar -xOf a.tar lines | head -c 100 | tail -c 50 >want
	mmcat -m lines -r 50:100 a.tar >got
	assert_same_file want got
}

@test "-m with -x: the dump shows the file's offsets, as xxd -s of the archive" {
	one_tar
	local off len
	IFS=$'\t' read -r off len _ < <(mmcat --list a.tar)
	tar -xOf a.tar lines >want
	slice a.tar "$off" "$len" >got
	assert_same_file want got
	xxd -s "$off" -l "$len" a.tar >want
	mmcat -m lines -x a.tar >got
	assert_same_file want got
	xxd -s $((off + 4)) -l 8 a.tar >want
	mmcat -m lines -x -o 4 -l 8 a.tar >got
	assert_same_file want got
	# A layout of xxd's, decimal addresses: still the file's.
	xxd -c 8 -g 1 -d -s $((off + 3)) -l 20 a.tar >want
	mmcat -m lines -x -c 8 -g 1 -d -o 3 -l 20 a.tar >got
	assert_same_file want got
}

@test "-m with -L: lines of the member, as sed prints them; -L past the member's end stops there" {
	one_tar
	tar -xOf a.tar lines | sed -n 2,3p >want
	mmcat -m lines -L 2:3 a.tar >got
	assert_same_file want got
	tar -xOf a.tar lines | sed -n '1990,$p' >want
	mmcat -m lines -L 1990: a.tar >got
	assert_same_file want got
	tar -xOf a.tar lines | tail -n 3 >want
	mmcat -m lines -L -3: a.tar >got
	assert_same_file want got
}

@test "-m with --strict: a range past the member's end is refused, though the file goes on" {
	one_tar
	local size
	size=$(file_size lines)
	run -1 --separate-stderr mmcat --strict -m lines -o 5 -l 100000 a.tar
	assert_output ''
	assert_equal "$stderr" "mmcat: a.tar: length 100000 at offset 5 runs past end of file (size $size) and --strict is set"
	run -1 --separate-stderr mmcat --strict -m lines -L 5000 a.tar
	assert_output ''
	assert_equal "$stderr" "mmcat: a.tar: lines 5000 ask for lines the file does not have and --strict is set"
	# Without --strict it is clamped to the member, not to the file.
	tar -xOf a.tar lines | tail -c +6 >want
	mmcat -m lines -o 5 -l 100000 a.tar >got
	assert_same_file want got
}

@test "-m with --chunk and --from: pieces and keys of the member, as split and sed find them" {
	one_tar
	tar -xOf a.tar lines >member
	split -n l/2/3 member >want
	mmcat -m lines --chunk=2/3 a.tar >got
	assert_same_file want got
	sed -n '/^1990$/,$p' member >want
	mmcat -m lines --from=1990 a.tar >got
	assert_same_file want got
}

@test "several -m: printed in the order given" {
	one_tar
	{ tar -xOf a.tar other; tar -xOf a.tar lines; tar -xOf a.tar other; } >want
	mmcat -m other -m lines --member=other a.tar >got
	assert_same_file want got
}

@test "a missing name: its message and exit 1, the other names and operands printed" {
	one_tar
	cp a.tar b.tar
	tar --format=ustar -cf c.tar other
	{ tar -xOf a.tar lines; tar -xOf b.tar lines; } >want
	run -1 --separate-stderr mmcat -m lines a.tar c.tar b.tar
	assert_equal "$stderr" "mmcat: c.tar: no member 'lines'"
	mmcat -m lines a.tar c.tar b.tar >got || true
	assert_same_file want got
	run -1 --separate-stderr mmcat -m nope -m other c.tar
	assert_equal "$stderr" "mmcat: c.tar: no member 'nope'"
	tar -xOf c.tar other >want
	mmcat -m nope -m other c.tar >got || true
	assert_same_file want got
}

@test "standard input from a pipe: copied, then listed or printed as the file is" {
	one_tar
	mmcat --list a.tar >want
	from_pipe a.tar mmcat --list >got
	assert_same_file want got
	tar -xOf a.tar lines | sed -n 5,7p >want
	from_pipe a.tar mmcat -m lines -L 5:7 >got
	assert_same_file want got
	tar -xOf a.tar other >want
	from_pipe a.tar mmcat -m other - >got
	assert_same_file want got
}

@test "standard input from a pipe, with no room for the copy: the message of ranges that go back" {
	one_tar
	run -1 --separate-stderr bash -c "cat a.tar | TMPDIR=/nonexistent '$MMCAT' --list"
	assert_output ''
	assert_equal "$stderr" "mmcat: standard input: cannot copy to a temporary file: No such file or directory"
}

@test "standard input from a file: -m leaves it past the member, as dd would" {
	one_tar
	local off len
	IFS=$'\t' read -r off len _ < <(mmcat --list a.tar)
	{ mmcat -m lines >/dev/null; cat; } <a.tar >rest
	tail -c +$((off + len + 1)) a.tar >want
	assert_same_file want rest
}

@test "--list of several files: head's headers, and none for a file that cannot be listed" {
	one_tar
	echo text >plain
	run -1 --separate-stderr mmcat --list a.tar plain a.tar
	assert_equal "$stderr" "mmcat: plain: not a container format mmcat knows"
	local body
	body=$(mmcat --list a.tar)
	assert_output "$(printf '==> a.tar <==\n%s\n\n==> a.tar <==\n%s' "$body" "$body")"
}

@test "names with control bytes are quoted in --list and in messages, as file names are" {
	printf 'x' >$'new\nline'
	printf 'y' >$'tab\there'
	tar --format=gnu -cf q.tar $'new\nline' $'tab\there'
	run -0 mmcat --list q.tar
	assert_output "$(printf "512\t1\tmember\t'new'\$'\\\\n''line'\n1536\t1\tmember\t'tab'\$'\\\\t''here'")"
	run -0 mmcat -m $'tab\there' q.tar
	assert_output y
	run -1 --separate-stderr mmcat -m $'no\nsuch' q.tar
	assert_equal "$stderr" "mmcat: q.tar: no member 'no'\$'\\n''such'"
}

@test "a file of no known format, or empty: the message, exit 1, nothing printed" {
	one_tar
	echo text >plain
	: >empty
	run -1 --separate-stderr mmcat -m lines plain empty
	assert_output ''
	assert_equal "$stderr" "$(printf '%s\n' "mmcat: plain: not a container format mmcat knows" "mmcat: empty: not a container format mmcat knows")"
	run -1 --separate-stderr mmcat --list nosuch
	assert_equal "$stderr" "mmcat: nosuch: No such file or directory"
}

@test "usage: --list with -m, -x, a range or -f; -m with -f: exit 2, nothing printed" {
	one_tar
	run -2 --separate-stderr mmcat --list -m lines a.tar
	assert_output ''
	assert_equal "$stderr" "$(usage_stderr "mmcat: --list cannot be combined with --member")"
	local opt
	for opt in -x -o1 -l1 -e1 -r1:2 -L1 --chunk=1/2 --from=a --to=b; do
		run -2 --separate-stderr mmcat --list "$opt" a.tar
		assert_output ''
		assert_equal "$stderr" "$(usage_stderr "mmcat: --list cannot be combined with --hex or range options (--offset, --length, --end, --range, --lines, --chunk, --from, --to)")"
	done
	run -2 --separate-stderr mmcat --list -f a.tar
	assert_equal "$stderr" "$(usage_stderr "mmcat: --list cannot be combined with --follow")"
	run -2 --separate-stderr mmcat -m lines -F a.tar
	assert_equal "$stderr" "$(usage_stderr "mmcat: --member cannot be combined with --follow")"
}

@test "-m makes every operand a file: a number second is a file's name" {
	one_tar
	run -1 --separate-stderr mmcat -m lines a.tar 5
	assert_equal "$stderr" "mmcat: 5: No such file or directory"
	tar -xOf a.tar lines >want
	mmcat -m lines a.tar 5 >got 2>/dev/null || true
	assert_same_file want got
}

# set_bytes FILE OFFSET PRINTF-FORMAT : overwrite bytes in place.
set_bytes() {
	# shellcheck disable=SC2059
	printf "$3" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}

# fix_tar_checksum FILE HEADER : recompute the checksum of the tar header
# at byte HEADER after it was changed, as tar computes it.
fix_tar_checksum() {
	local sum
	set_bytes "$1" $(($2 + 148)) '        '
	sum=$(od -An -tu1 -v -j "$2" -N 512 "$1" | tr -s ' ' '\n' |
		awk '{ s += $1 } END { print s }')
	set_bytes "$1" $(($2 + 148)) "$(printf '%06o' "$sum")\\0 "
}

@test "hostile tar: cut short, a size past the end, a size that overflows, a bad checksum" {
	one_tar
	# The second header, after lines' data in whole blocks, cut short.
	local second=$((512 + ($(file_size lines) + 511) / 512 * 512))
	head -c $((second + 100)) a.tar >cut.tar
	run -1 --separate-stderr mmcat --list cut.tar
	assert_output ''
	assert_equal "$stderr" "mmcat: cut.tar: not a valid tar: header at byte $second: cut short"
	# Data promised past the end of the file.
	cp a.tar big.tar
	set_bytes big.tar 124 '77777777777\0'
	fix_tar_checksum big.tar 0
	run -1 --separate-stderr mmcat -m other big.tar
	assert_output ''
	assert_equal "$stderr" "mmcat: big.tar: not a valid tar: header at byte 0: data ends past the end of the file"
	# Base-256, more than 64 bits.
	cp a.tar huge.tar
	set_bytes huge.tar 124 '\200\377\377\377\377\377\377\377\377\377\377\377'
	fix_tar_checksum huge.tar 0
	run -1 --separate-stderr mmcat --list huge.tar
	assert_equal "$stderr" "mmcat: huge.tar: not a valid tar: header at byte 0: bad size"
	cp a.tar sum.tar
	set_bytes sum.tar 0 'X'
	run -1 --separate-stderr mmcat --list sum.tar
	assert_equal "$stderr" "mmcat: sum.tar: not a valid tar: header at byte 0: bad checksum"
}

# le32 N : N as four little-endian bytes, for printf.
le32() {
	printf '\\%03o\\%03o\\%03o\\%03o' $(($1 & 255)) $((($1 >> 8) & 255)) \
		$((($1 >> 16) & 255)) $((($1 >> 24) & 255))
}

@test "hostile zip: no end record, a local header offset or a size past the end" {
	need zip
	seq 1 1000 >text
	zip -q -0 z.zip text
	local size cd
	size=$(file_size z.zip)
	head -c $((size - 10)) z.zip >cut.zip
	run -1 --separate-stderr mmcat --list cut.zip
	assert_output ''
	assert_equal "$stderr" "mmcat: cut.zip: not a valid zip: no end of central directory record"
	# The central directory's offset, from the end record (no comment).
	cd=$(od -An -tu4 -j $((size - 6)) -N 4 z.zip | tr -d ' ')
	cp z.zip far.zip
	set_bytes far.zip $((cd + 42)) "$(le32 4000000000)"
	run -1 --separate-stderr mmcat -m text far.zip
	assert_output ''
	assert_equal "$stderr" "mmcat: far.zip: not a valid zip: member 1: local header past the end of the file"
	cp z.zip long.zip
	set_bytes long.zip $((cd + 20)) "$(le32 4000000000)"
	run -1 --separate-stderr mmcat --list long.zip
	assert_equal "$stderr" "mmcat: long.zip: not a valid zip: member 1: data ends past the end of the file"
	# The directory's own offset past its end record.
	cp z.zip dir.zip
	set_bytes dir.zip $((size - 6)) "$(le32 4000000000)"
	run -1 --separate-stderr mmcat --list dir.zip
	assert_equal "$stderr" "mmcat: dir.zip: not a valid zip: central directory past its end record"
}

@test "hostile ar: a size past the end, a header cut short, a long name past its table" {
	need ar
	make_random a-rather-long-member-name.o 100
	ar rc lib.a a-rather-long-member-name.o
	cp lib.a big.a
	# The first header is the // table's, at byte 8; its size field at 48.
	set_bytes big.a $((8 + 48)) '9999999999'
	run -1 --separate-stderr mmcat --list big.a
	assert_output ''
	assert_equal "$stderr" "mmcat: big.a: not a valid ar: header at byte 8: data ends past the end of the file"
	head -c 40 lib.a >cut.a
	run -1 --separate-stderr mmcat --list cut.a
	assert_equal "$stderr" "mmcat: cut.a: not a valid ar: header at byte 8: cut short"
	cp lib.a name.a
	local table
	table=$(od -An -c -j $((8 + 48)) -N 10 lib.a | tr -d ' ')
	# The member's header follows the table (padded to even).
	set_bytes name.a $((8 + 60 + table + table % 2)) '/99999         '
	run -1 --separate-stderr mmcat --list name.a
	assert_equal "$stderr" "mmcat: name.a: not a valid ar: header at byte $((8 + 60 + table + table % 2)): long name past the long name table"
}

@test "tar: a listing longer than the list buffer (MMCAT_LIST_BYTES) names every member in order, as tar -tf does" {
	local count
	# Each line takes about 30 bytes: enough members to fill the buffer
	# a few times over.
	count=$(((${MMCAT_LIST_BYTES:-65536} / 30 + 1) * 3))
	mkdir many
	(cd many && seq -f 'member-%06g' 1 "$count" | xargs touch)
	tar -cf many.tar many
	mmcat --list many.tar >listing
	tar -tf many.tar | grep -v '/$' >want
	cut -f 4- listing >got
	assert_same_file want got
	assert_equal "$(wc -l <listing)" "$count"
	(($(file_size listing) > 2 * ${MMCAT_LIST_BYTES:-65536})) ||
		fail "the listing does not pass the buffer twice"
}
