#!/usr/bin/env bats
# SPDX-License-Identifier: BSD-2-Clause
# hexlayouts.bats - the man page, HEX DUMPS: xxd's other layouts (-c, -g,
# -u, -p, -i with --name and --capitalize, -b, -d, --little-endian, -a,
# --display-offset), --squeeze and --color.  The oracles: xxd with the same
# flags and `-s OFFSET -l LENGTH` (--little-endian is xxd -e,
# --display-offset xxd -o, --name xxd -n, --capitalize xxd -C), one xxd run
# per range; hexdump's `*` placement for --squeeze; the uncoloured output
# and a terminal (script) for --color.  The random cases name their seed
# and flags when they fail; HEXLAYOUTS_SEED=N runs them again with it.

load helpers/common
load helpers/features

HEX_TEXT_BYTES=${MMCAT_HEX_TEXT_BYTES:-1048576}
GiB=$((1 << 30))

setup() {
	cd "$BATS_TEST_TMPDIR"
	failed=()
	unset NO_COLOR
}

# mixed_file OUT : OUT gets 3000 bytes: every byte value up and down, runs
# of zeros (1, 33 and 200 bytes, 100 at the end: whole zero lines at any
# column count), random bytes between.
mixed_file() {
	{
		perl -e 'print map { chr } 0 .. 255'
		head -c 1 /dev/zero
		head -c 700 /dev/urandom
		head -c 200 /dev/zero
		perl -e 'print map { chr } reverse 0 .. 255'
		head -c 33 /dev/zero
		head -c 1454 /dev/urandom
		head -c 100 /dev/zero
	} >"$1"
}

# xxd_ranges FILE XXDFLAGS... -- SPEC... : xxd's dumps of each range
# OFFSET+LENGTH of FILE, one run each, in order, on stdout.  FILE - is
# standard input (xxd reads its own standard input, given by the caller).
xxd_ranges() {
	local file=$1 flags=() spec
	shift
	while [[ $1 != -- ]]; do
		flags+=("$1")
		shift
	done
	shift
	for spec; do
		if [[ $file == - ]]; then
			xxd "${flags[@]}" -s "${spec%+*}" -l "${spec#*+}"
		else
			xxd "${flags[@]}" -s "${spec%+*}" -l "${spec#*+}" "$file"
		fi
	done
}

# check_layout_file WHAT FILE SPEC... : with the arrays mf (mmcat's
# options) and xf (xxd's for the same layout), `mmcat MF -r SPEC... FILE`
# must print xxd's dumps of each range of FILE; failures join failed.
check_layout_file() {
	local what=$1 file=$2 spec args=()
	shift 2
	for spec; do
		args+=(-r "$spec")
	done
	xxd_ranges "$file" "${xf[@]}" -- "$@" >want
	expect_output "$what: mmcat ${mf[*]} ${args[*]} $file" want \
		mmcat_into got "${mf[@]}" "${args[@]}" "$file"
}

# check_layout WHAT FILE SPEC... : check_layout_file, and the same through
# a pipe: `cat FILE | mmcat MF -r SPEC... -` against xxd reading its
# standard input.
check_layout() {
	local what=$1 file=$2 spec args=()
	shift 2
	check_layout_file "$what" "$file" "$@"
	for spec; do
		args+=(-r "$spec")
	done
	xxd_ranges - "${xf[@]}" -- "$@" <"$file" >want
	expect_output "$what: cat $file | mmcat ${mf[*]} ${args[*]} -" want \
		from_pipe "$file" mmcat_into got "${mf[@]}" "${args[@]}" -
}

# check_usage_error ARGS... : mmcat ARGS must be a usage error: exit 2,
# nothing on stdout, on stderr one message line then the Try line.
check_usage_error() {
	local rc=0 lines
	"$MMCAT" "$@" >got 2>got.err || rc=$?
	lines=$(wc -l <got.err)
	if ((rc != 2)) || [[ -s got ]]; then
		failed+=("mmcat $*: exit $rc (expected 2), $(file_size got) bytes on stdout, stderr: $(head -c 200 got.err)")
	elif ((lines != 2)) || [[ $(head -n 1 got.err) != 'mmcat: '* ]] ||
		[[ $(tail -n 1 got.err) != "$(try_help)" ]]; then
		failed+=("mmcat $*: stderr is not a message and the Try line: $(head -c 300 got.err)")
	fi
}

# The layout classes, as mmcat's option and xxd's (the default dump has
# none), and the modifiers each takes.
CLASSES=(dump -b --little-endian -p -i)

# class_flags CLASS : sets mf and xf to CLASS's option alone.
class_flags() {
	case $1 in
	dump) mf=(-x) xf=() ;;
	--little-endian) mf=(--little-endian) xf=(-e) ;;
	*) mf=("$1") xf=("$1") ;;
	esac
}

# random_layout : sets mf and xf to a random layout xxd accepts (a class,
# then each modifier or not, with random values), and $flags to a
# description of it.
random_layout() {
	local class cols='' group=''
	random_below ${#CLASSES[@]}
	class=${CLASSES[r]}
	class_flags "$class"
	random_below 3
	if ((r)); then
		case $class in
		--little-endian)	# a power of two, and cols a multiple of it
			random_below 5
			group=$((1 << r))
			random_below $((256 / group + 1))
			cols=$((r * group))
			;;
		-p | -i)
			random_below 301
			cols=$r
			;;
		*)
			random_below 257
			cols=$r
			((r % 3)) || cols=$((cols % 20))
			random_below $((cols + 3))
			group=$r
			;;
		esac
	elif [[ $class != --little-endian ]]; then
		random_below 3
		((r)) || { random_below 20; group=$r; }
	fi
	[[ -z $cols ]] || { mf+=(-c "$cols"); xf+=(-c "$cols"); }
	[[ -z $group ]] || { mf+=(-g "$group"); xf+=(-g "$group"); }
	random_below 2
	((r)) || { mf+=(-u); xf+=(-u); }
	random_below 3
	((r)) || { mf+=(-d); xf+=(-d); }
	random_below 3
	((r)) || { mf+=(-a); xf+=(-a); }
	random_below 3
	if ((r == 0)); then
		random_below $((1 << 30))
		((r % 2)) || r=$((r * 16))	# past 4 GiB too
		mf+=(--display-offset="$r")
		xf+=(-o "$r")
	fi
	if [[ $class == -i ]]; then
		random_below 2
		((r)) || { mf+=(--name=blob_9); xf+=(-n blob_9); }
		random_below 2
		((r)) || { mf+=(--capitalize); xf+=(-C); }
	fi
	flags="mmcat ${mf[*]} / xxd ${xf[*]}"
}

# --- each option alone -------------------------------------------------------

@test "hexlayouts: each layout option alone, short and long, on the whole file, its standard input and a pipe, equals xxd with the same flag" {
	local pair m x
	mixed_file f
	for pair in '-c 8|-c 8' '--cols=8|-c 8' '-c 1|-c 1' '-c 0|-c 0' \
		'-c 0x20|-c 32' '-g 1|-g 1' '--group=4|-g 4' '-g 0|-g 0' \
		'-g 17|-g 17' '-u|-u' '--upper|-u' '-p|-p' '--plain|-p' \
		'-i|-i' '--include|-i' '-b|-b' '--bits|-b' '-d|-d' \
		'--decimal|-d' '--little-endian|-e' '-a|-a' '--autoskip|-a' \
		'--display-offset=100|-o 100' '--display-offset=0x10|-o 16' \
		'--display-offset=010|-o 10'; do
		read -ra m <<<"${pair%|*}"
		read -ra x <<<"${pair#*|}"
		xxd "${x[@]}" f >want
		expect_output "mmcat ${m[*]} f" want mmcat_into got "${m[@]}" f
		# standard input: for -i no name lines, as xxd -i <f
		xxd "${x[@]}" <f >want
		expect_output "mmcat ${m[*]} <f" want mmcat_into got "${m[@]}" <f
		expect_output "cat f | mmcat ${m[*]}" want from_pipe f mmcat_into got "${m[@]}"
	done
	report_failed "each option alone"
}

@test "hexlayouts: each layout option implies -x, and goes with -x and with a range given by operands, as xxd -s -l" {
	local pair m x
	mixed_file f
	for pair in '-c8|-c 8' '-g4|-g 4' '-u|-u' '-p|-p' '-i|-i' '-b|-b' '-d|-d' \
		'--little-endian|-e' '-a|-a' '--display-offset=5|-o 5'; do
		read -ra m <<<"${pair%|*}"
		read -ra x <<<"${pair#*|}"
		xxd "${x[@]}" -s 17 -l 100 f >want
		expect_output "mmcat ${m[*]} f 17 100" want mmcat_into got "${m[@]}" f 17 100
		expect_output "mmcat -x ${m[*]} f 17 100" want mmcat_into got -x "${m[@]}" f 17 100
		expect_output "mmcat ${m[*]} -x f 17 100" want mmcat_into got "${m[@]}" -x f 17 100
	done
	report_failed "options imply -x"
}

# --- every combination ---------------------------------------------------------

@test "hexlayouts: every layout class with every subset of -c, -g, -u, -d, -a and --display-offset (and -i's --name and --capitalize) equals xxd (pipes: the random cases)" {
	local class mask cols group extra
	mixed_file f
	for class in "${CLASSES[@]}"; do
		case $class in
		dump) cols=24 group=4 ;;
		-b) cols=5 group=3 ;;
		--little-endian) cols=8 group=4 ;;
		-p) cols=7 group=3 ;;
		-i) cols=5 group=3 ;;
		esac
		extra=1
		[[ $class != -i ]] || extra=4
		for ((mask = 0; mask < 64 * extra; mask++)); do
			class_flags "$class"
			((mask & 1)) && { mf+=(--cols="$cols"); xf+=(-c "$cols"); }
			((mask & 2)) && { mf+=(-g "$group"); xf+=(-g "$group"); }
			((mask & 4)) && { mf+=(-u); xf+=(-u); }
			((mask & 8)) && { mf+=(-d); xf+=(-d); }
			((mask & 16)) && { mf+=(-a); xf+=(-a); }
			((mask & 32)) && { mf+=(--display-offset=4096); xf+=(-o 4096); }
			((mask & 64)) && { mf+=(--name=a.b-c); xf+=(-n a.b-c); }
			((mask & 128)) && { mf+=(--capitalize); xf+=(-C); }
			check_layout_file "combination $mask" f 37+1500
		done
	done
	report_failed "every combination"
}

@test "hexlayouts: 40 random layouts at random offsets and lengths, file and pipe, one range and several, equal xxd -s -l (seeded)" {
	local i off len off2 len2 flags
	seed_random HEXLAYOUTS_SEED
	mixed_file f
	for ((i = 0; i < 40; i++)); do
		random_layout
		random_below 3001
		off=$r
		random_below $((3001 - off))
		len=$r
		((i % 5)) || len=$((len % 40))
		if ((i % 3)); then
			check_layout "$flags (seed $seed)" f "$off+$len"
		else
			random_below 3001
			off2=$r
			random_below $((3001 - off2))
			len2=$r
			check_layout "$flags (seed $seed)" f "$off+$len" "$off2+$len2" 0+17
		fi
	done
	report_failed "random layouts, seed $seed (HEXLAYOUTS_SEED=$seed reruns them)"
}

@test "hexlayouts: several -r ranges are dumped each on its own, for every layout class: xxd's dump of each, in order, file and pipe" {
	local class
	mixed_file f
	for class in "${CLASSES[@]}"; do
		class_flags "$class"
		check_layout "ranges" f 0+100 250+1 2000+1000 5+0 1200+233
		class_flags "$class"
		mf+=(-c 7 -u) xf+=(-c 7 -u)
		[[ $class != --little-endian ]] || { mf+=(-g 1); xf+=(-g 1); }
		check_layout "ranges" f 2999+1 3+300 100+100
	done
	report_failed "several ranges"
}

# --- columns and groups at their limits ------------------------------------------

@test "hexlayouts: -c 1, 255 and 256 for the dump layouts, -c 0 each layout's default, any -c for -p and -i, -p -c 0 one line, equal xxd" {
	local class c
	mixed_file f
	for class in dump -b --little-endian; do
		for c in 1 4 255 256 0; do
			[[ $class == --little-endian && $c == 255 ]] && continue
			class_flags "$class"
			mf+=(-c "$c") xf+=(-c "$c")
			[[ $class != --little-endian || $c != 1 ]] || { mf+=(-g 1); xf+=(-g 1); }
			check_layout "cols $c" f 0+3000 13+600
		done
	done
	for class in -p -i; do
		for c in 1 255 256 257 1000 3000 0; do
			class_flags "$class"
			mf+=(-c "$c") xf+=(-c "$c")
			check_layout "cols $c" f 0+3000 13+600
		done
	done
	# -p -c 0: everything on one line
	"$MMCAT" -p -c 0 f >got
	[[ $(wc -l <got) == 1 ]] || failed+=("mmcat -p -c 0 f: $(wc -l <got) lines, not 1")
	report_failed "columns at their limits"
}

@test "hexlayouts: -g 0, -g 1, -g equal to the columns and above them equal xxd, --little-endian with each power of two and one group" {
	local class g
	mixed_file f
	for class in dump -b; do
		for g in 0 1 2 5 16 17 300; do
			class_flags "$class"
			mf+=(-g "$g") xf+=(-g "$g")
			check_layout "group $g" f 3+700
		done
	done
	for g in 1 2 4 8 16 0 32; do
		mf=(--little-endian -g "$g") xf=(-e -g "$g")
		check_layout "little-endian group $g" f 3+700
		mf=(--little-endian -c 32 -g "$g") xf=(-e -c 32 -g "$g")
		check_layout "little-endian cols 32 group $g" f 1+700
	done
	# a group wider than the line: one group of the line
	mf=(--little-endian -c 4 -g 8) xf=(-e -c 4 -g 8)
	check_layout "little-endian, a group wider than the line" f 1+700
	report_failed "groups"
}

@test "hexlayouts: -c over 256 for the dump layouts is a usage error, as xxd refuses it" {
	local c
	mixed_file f
	for c in 257 1000 0x101; do
		check_usage_error -c "$c" f
		check_usage_error -b -c "$c" f
		check_usage_error --little-endian -c "$c" -g 1 f
		check_usage_error -c "$c" --squeeze f
	done
	# xxd itself refuses it
	run xxd -c 257 f
	((status != 0)) || failed+=("xxd -c 257 is accepted here: this xxd is not the oracle's")
	report_failed "-c over 256"
}

# --- empty ranges -------------------------------------------------------------

@test "hexlayouts: empty ranges print what xxd -l 0 prints, for every class, -p -c 0 and -i with and without a name" {
	local class
	mixed_file f
	for class in "${CLASSES[@]}"; do
		class_flags "$class"
		check_layout "empty" f 0+0 1500+0
		xxd "${xf[@]}" -l 0 f >want
		expect_output "mmcat ${mf[*]} -l 0 f" want mmcat_into got "${mf[@]}" -l 0 f
		expect_output "mmcat ${mf[*]} f 3000 (at the end)" want mmcat_into got "${mf[@]}" f 3000
	done
	mf=(-p -c 0) xf=(-p -c 0)
	check_layout "empty" f 0+0
	mf=(-i --name=x) xf=(-i -n x)
	check_layout "empty" f 7+0
	: >empty
	for class in "${CLASSES[@]}"; do
		class_flags "$class"
		xxd "${xf[@]}" empty >want
		expect_output "mmcat ${mf[*]} empty" want mmcat_into got "${mf[@]}" empty
		xxd "${xf[@]}" <empty >want
		expect_output "mmcat ${mf[*]} <empty" want mmcat_into got "${mf[@]}" <empty
	done
	report_failed "empty ranges"
}

# --- -i's name -------------------------------------------------------------------

@test "hexlayouts: -i names the array after the FILE operand as given, as xxd does; standard input gets no name lines unless --name (an empty one too)" {
	local name
	mixed_file f
	mkdir -p dir sub.d
	for name in dir/1a-b.c 1a.c ./f sub.d/x.y.z f 'a b+c' 9; do
		[[ $name -ef f ]] || cp f "$name"
		xxd -i -s 10 -l 40 "$name" >want
		expect_output "mmcat -i -o 10 -l 40 '$name'" want mmcat_into got -i -o 10 -l 40 "$name"
		xxd -i -C -s 10 -l 40 "$name" >want
		expect_output "mmcat -i --capitalize -o 10 -l 40 '$name'" want \
			mmcat_into got -i --capitalize -o 10 -l 40 "$name"
	done
	# the rule the man page gives, as this xxd applies it
	[[ $(xxd -i dir/1a-b.c | head -n 1) == 'unsigned char dir_1a_b_c[] = {' &&
		$(xxd -i 1a.c | head -n 1) == 'unsigned char __1a_c[] = {' ]] ||
		failed+=("xxd -i names arrays otherwise here: $(xxd -i dir/1a-b.c | head -n 1), $(xxd -i 1a.c | head -n 1)")
	for name in blob 9lives my.blob-1 _ ''; do
		xxd -i -n "$name" -s 5 -l 20 f >want
		expect_output "mmcat -i --name='$name'" want mmcat_into got -i --name="$name" -o 5 -l 20 f
		xxd -i -n "$name" -s 5 -l 20 <f >want
		expect_output "mmcat -i --name='$name' <f" want mmcat_into got -i --name="$name" -o 5 -l 20 <f
		expect_output "cat f | mmcat -i --name='$name'" want \
			from_pipe f mmcat_into got -i --name="$name" -o 5 -l 20 -
	done
	xxd -i -s 5 -l 20 <f >want
	grep -q 'unsigned' want && failed+=("xxd -i <f prints name lines here")
	expect_output "cat f | mmcat -i -o 5 -l 20" want from_pipe f mmcat_into got -i -o 5 -l 20 -
	report_failed "-i names"
}

# --- addresses past 4 GiB ---------------------------------------------------------

@test "hexlayouts: addresses past 4 GiB in every class, with -d and --display-offset, equal xxd -s on a 5 GiB sparse file" {
	local class off=$((0xffffffe0)) extra
	truncate -s $((5 * GiB)) big
	make_random bytes 64
	dd if=bytes of=big bs=64 seek="$off" oflag=seek_bytes conv=notrunc status=none
	for class in "${CLASSES[@]}"; do
		for extra in '' -d '--display-offset=0x100000000|-o 4294967296' \
			'-d --display-offset=7|-d -o 7' '-c 8 -g 8 -u|-c 8 -g 8 -u'; do
			class_flags "$class"
			if [[ -n $extra ]]; then
				read -ra m <<<"${extra%|*}"
				read -ra x <<<"${extra#*|}"
				mf+=("${m[@]}") xf+=("${x[@]}")
			fi
			xxd "${xf[@]}" -s "$off" -l 64 big >want
			expect_output "mmcat ${mf[*]} -o 0xffffffe0 -l 64 big" want \
				mmcat_into got "${mf[@]}" -o 0xffffffe0 -l 64 big
		done
	done
	report_failed "past 4 GiB"
}

@test "hexlayouts: -d and --display-offset with -b and --little-endian equal xxd -d and -o" {
	local extra
	mixed_file f
	for extra in '-d|-d' '--display-offset=99|-o 99' '-d --display-offset=99|-d -o 99' \
		'--display-offset=4294967290|-o 4294967290' '-d --display-offset=99999999|-d -o 99999999'; do
		read -ra m <<<"${extra%|*}"
		read -ra x <<<"${extra#*|}"
		mf=(-b "${m[@]}") xf=(-b "${x[@]}")
		check_layout "bits" f 3+200 1000+9
		mf=(--little-endian "${m[@]}") xf=(-e "${x[@]}")
		check_layout "little-endian" f 3+200 1000+9
		mf=(--little-endian -g 8 -c 16 "${m[@]}") xf=(-e -g 8 -c 16 "${x[@]}")
		check_layout "little-endian" f 3+200 1000+9
	done
	report_failed "-d and --display-offset"
}

# --- usage errors ----------------------------------------------------------------

@test "hexlayouts: usage errors: two of -b, -p, -i, --little-endian; --little-endian layouts xxd garbles or refuses; --squeeze with -p, -i or -a; --name or --capitalize without -i; bad numbers and WHEN" {
	local a b list=(-b -p -i --little-endian)
	mixed_file f
	for a in "${list[@]}"; do
		for b in "${list[@]}"; do
			[[ $a == "$b" ]] || check_usage_error "$a" "$b" f
		done
	done
	check_usage_error --little-endian -g 3 f
	check_usage_error --little-endian -g 6 -c 12 f
	check_usage_error --little-endian -c 6 -g 4 f
	check_usage_error --little-endian -c 10 f	# the default group of 4
	check_usage_error --squeeze -p f
	check_usage_error --squeeze -i f
	check_usage_error -a --squeeze f
	check_usage_error --name=x f
	check_usage_error --name=x -p f
	check_usage_error --capitalize f
	check_usage_error --capitalize -b f
	check_usage_error -c -1 f
	check_usage_error -g -1 f
	check_usage_error --display-offset=-5 f
	check_usage_error -c x f
	check_usage_error --color=sometimes f
	check_usage_error --color= f
	check_usage_error -x --color=yes f
	# and xxd refuses or garbles the same: its -e -g 3 fails
	run xxd -e -g 3 f
	((status != 0)) || failed+=("xxd -e -g 3 is accepted here")
	report_failed "usage errors"
}

# --- -a --------------------------------------------------------------------------

# zero_runs OUT MIDDLE END COLS [TAIL] : OUT gets a line of 'A', MIDDLE zero
# lines, a line of 'B', END zero lines and TAIL more bytes (COLS bytes a line).
zero_runs() {
	{
		head -c "$4" /dev/zero | tr '\0' A
		head -c $(($2 * $4)) /dev/zero
		head -c "$4" /dev/zero | tr '\0' B
		head -c $(($3 * $4)) /dev/zero
		printf '%s' "${5:-}"
	} >"$1"
}

@test "hexlayouts: -a equals xxd -a with runs of 1 to 4 zero lines in the middle and at the end, a short last line after zeros, -c 8 and -g 1, file, pipe and ranges" {
	local mid end tail extra cols
	for mid in 0 1 2 3 4; do
		for end in 0 1 2 3 4 5; do
			for tail in '' xy; do
				for extra in '' '-c 8' '-g 1' '-c 8 -g 1 -u'; do
					# the short last line after the zeros at the end
					[[ -z $tail || $end == [134] ]] || continue
					cols=16
					[[ $extra != *'-c 8'* ]] || cols=8
					zero_runs f "$mid" "$end" "$cols" "$tail"
					read -ra mf <<<"-a $extra"
					read -ra xf <<<"-a $extra"
					check_layout "-a mid $mid end $end tail '$tail'" f 0+"$(file_size f)"
				done
			done
		done
	done
	# ranges that start and end inside runs of zeros
	zero_runs f 7 9 16 z
	mf=(-a) xf=(-a)
	check_layout "-a inside runs" f 20+100 0+17 40+200 16+160
	mf=(-a -b) xf=(-a -b)
	check_layout "-a -b" f 20+100 0+17 40+200
	mf=(-a --little-endian) xf=(-a -e)
	check_layout "-a -e" f 20+100 0+17 40+200
	report_failed "-a"
}

# sparse_image OUT SIZE OFFSET... : OUT is a sparse file of SIZE bytes with
# 4 KiB of random bytes without a zero at each OFFSET, holes elsewhere.
sparse_image() {
	local out=$1 off
	truncate -s "$2" "$out"
	shift 2
	for off in "$@"; do
		head -c 4096 /dev/urandom | tr '\0' '\1' |
			dd of="$out" bs=4096 seek="$off" oflag=seek_bytes conv=notrunc status=none
	done
}

# sparse_expected OUT FILE SIZE A B : what both -a and --squeeze print for
# FILE, a sparse_image of SIZE with blocks at A (a multiple of 16) and B:
# the first line, '*', A's lines and the zero line after them, '*', B's
# lines and the zero line after them, '*', the last line.
sparse_expected() {
	local file=$2 size=$3 a=$4 b=$5 bl
	bl=$((b / 16 * 16))
	{
		xxd -s 0 -l 16 "$file"
		echo '*'
		xxd -s "$a" -l $((4096 + 16)) "$file"
		echo '*'
		xxd -s "$bl" -l $(((b + 4096 + 15) / 16 * 16 + 16 - bl)) "$file"
		echo '*'
		xxd -s $((size - 16)) -l 16 "$file"
	} >"$1"
}

@test "hexlayouts: -a on a sparse image equals xxd -a" {
	local size=$((16 * MiB))
	sparse_image small "$size" $((1 * MiB)) $((5 * MiB + 123))
	mf=(-a) xf=(-a)
	check_layout "-a sparse" small 0+"$size" 100+$((size - 1000))
	sparse_expected want small "$size" $((1 * MiB)) $((5 * MiB + 123))
	xxd -a small >want.xxd
	note_difference "the expected -a text (by layout) against xxd -a small" want.xxd want
	report_failed "-a on a sparse image"
}

@test "hexlayouts: -a on an 8 GiB sparse image, with blocks at 1G and 5G+123: the holes are skipped unread, within the timeout" {
	# Without SEEK_DATA (the portable build) every hole is read.
	needs_feature seek-data
	local big=$((8 * GiB))
	sparse_image big "$big" "$GiB" $((5 * GiB + 123))
	sparse_expected want big "$big" "$GiB" $((5 * GiB + 123))
	expect_output "timeout 5 mmcat -a big (8 GiB)" want timeout 5 "$MMCAT" -a big \
		>got
	report_failed "-a on an 8 GiB sparse image"
}

# --- --squeeze --------------------------------------------------------------------

# hexdump_offsets FILE OFF LEN COLS : the offsets (8 hex digits) of the
# lines that hexdump prints for bytes [OFF, OFF+LEN) of FILE (LEN clamped
# to the file), COLS a line, and '*' where it squeezes lines, one a line;
# then the one change --squeeze makes at the end (the man page, HEX
# DUMPS): where hexdump ends in a '*', the last line of the range follows
# it, as the line that hexdump's final offset stands for.
hexdump_offsets() {
	local file=$1 off=$2 len=$3 cols=$4 size
	size=$(file_size "$file")
	((off + len <= size)) || len=$((size - off))
	((len > 0)) || return 0
	hexdump -s "$off" -n "$len" -e '"%08_ax" '"$cols"'/1 " %02x" "\n"' "$file" |
		awk -v last=$((off + (len - 1) / cols * cols)) '
			{ print $1; f = $1 }
			END {
				if (f == "*")
					printf "%08x\n", last
			}'
}

# check_squeeze WHAT FILE OFF LEN COLS MMCATFLAGS... : mmcat --squeeze
# -o OFF -l LEN FILE prints its lines where hexdump squeezed (above), each
# line as xxd prints it; file and pipe.
check_squeeze() {
	local what=$1 file=$2 off=$3 len=$4 cols=$5 flags=() xflags
	shift 5
	flags=("$@")
	xflags=("${flags[@]/#--little-endian/-e}")
	hexdump_offsets "$file" "$off" "$len" "$cols" >want.offsets
	# each listed line as xxd prints it (the xxd flags are mmcat's here)
	xxd "${xflags[@]}" -s "$off" -l "$len" "$file" >xxd.all
	awk 'NR == FNR { want[NR] = $0; n = NR; next }
		{ a = $0; sub(/:.*/, "", a); line[a] = $0 }
		END { for (i = 1; i <= n; i++) print (want[i] == "*" ? "*" : line[want[i]]) }' \
		want.offsets xxd.all >want
	expect_output "$what: mmcat --squeeze ${flags[*]} -o $off -l $len $file" want \
		mmcat_into got --squeeze "${flags[@]}" -o "$off" -l "$len" "$file"
	expect_output "$what: cat $file | mmcat --squeeze ${flags[*]} -o $off -l $len" want \
		from_pipe "$file" mmcat_into got --squeeze "${flags[@]}" -o "$off" -l "$len" -
}

# repeats OUT COLS N M : OUT gets a line of 'A', a line of 'B' and N
# repeats of it, a line of 'C' and M repeats of it at the end; M 9 stands
# for 2 repeats of 'C' and then a line of 'D' half as long.
repeats() {
	local cols=$2 n=$3 m=$4 i
	{
		head -c "$cols" /dev/zero | tr '\0' A
		for ((i = 0; i <= n; i++)); do head -c "$cols" /dev/zero | tr '\0' B; done
		for ((i = 0; i <= (m == 9 ? 2 : m); i++)); do head -c "$cols" /dev/zero | tr '\0' C; done
		((m != 9)) || head -c $((cols / 2)) /dev/zero | tr '\0' D
	} >"$1"
}

@test "hexlayouts: --squeeze prints a '*' where hexdump does, repeats of 1, 2 and 3 lines in the middle and at the end, the last line always, -c 8 and -g 1" {
	local n m
	for n in 0 1 2 3; do
		for m in 0 1 2 3 9; do
			repeats f 16 "$n" "$m"
			check_squeeze "repeats $n, $m" f 0 "$(file_size f)" 16
			check_squeeze "repeats $n, $m" f 0 "$(file_size f)" 16 -g 1
			check_squeeze "repeats $n, $m, a range" f 16 $(($(file_size f) - 17)) 16
			repeats f 8 "$n" "$m"
			check_squeeze "repeats $n, $m" f 0 "$(file_size f)" 8 -c 8
			check_squeeze "repeats $n, $m" f 0 "$(file_size f)" 8 -c 8 -g 1 -u
		done
	done
	mixed_file f
	check_squeeze "mixed" f 0 3000 16
	check_squeeze "mixed" f 5 2995 16 -b -c 16
	check_squeeze "mixed" f 3 2000 16 --little-endian
	report_failed "--squeeze"
}

@test "hexlayouts: --squeeze with several ranges squeezes each on its own and prints each range's last line" {
	local spec
	repeats f 16 3 3
	: >want
	for spec in 0+96 16+64 48+16 32+1000; do
		hexdump_offsets f "${spec%+*}" "${spec#*+}" 16 >want.offsets
		xxd -s "${spec%+*}" -l "${spec#*+}" f >xxd.all
		awk 'NR == FNR { want[NR] = $0; n = NR; next }
			{ a = $0; sub(/:.*/, "", a); line[a] = $0 }
			END { for (i = 1; i <= n; i++) print (want[i] == "*" ? "*" : line[want[i]]) }' \
			want.offsets xxd.all >>want
	done
	expect_output "mmcat --squeeze -r 0+96 -r 16+64 -r 48+16 -r 32+1000 f" want \
		mmcat_into got --squeeze -r 0+96 -r 16+64 -r 48+16 -r 32+1000 f
	expect_output "cat f | mmcat --squeeze -r 0+96 -r 16+64 -r 48+16 -r 32+1000" want \
		from_pipe f mmcat_into got --squeeze -r 0+96 -r 16+64 -r 48+16 -r 32+1000 -
	report_failed "--squeeze ranges"
}

@test "hexlayouts: --squeeze on a sparse image puts its '*' lines where hexdump does" {
	local size=$((16 * MiB))
	sparse_image small "$size" $((1 * MiB)) $((5 * MiB + 123))
	check_squeeze "sparse" small 0 "$size" 16
	report_failed "--squeeze on a sparse image"
}

@test "hexlayouts: --squeeze on an 8 GiB sparse image prints the blocks between '*' lines, the holes skipped unread, within the timeout" {
	# Without SEEK_DATA (the portable build) every hole is read.
	needs_feature seek-data
	local big=$((8 * GiB))
	sparse_image big "$big" "$GiB" $((5 * GiB + 123))
	sparse_expected want big "$big" "$GiB" $((5 * GiB + 123))
	expect_output "timeout 5 mmcat --squeeze big (8 GiB)" want timeout 5 "$MMCAT" --squeeze big \
		>got
	report_failed "--squeeze on an 8 GiB sparse image"
}

# --- --color -----------------------------------------------------------------------

ESC=$'\e'

# strip_sgr FILE : FILE without SGR escape sequences.
strip_sgr() {
	sed 's/\x1b\[[0-9;]*m//g' "$1"
}

@test "hexlayouts: --color=always, with the escapes removed, equals the plain output of every layout that takes colour; -p and -i are never coloured" {
	local extra
	mixed_file f
	for extra in '' '-c 32 -g 4' '-g 1 -u' '-b' '--little-endian' '-a' '--squeeze' \
		'-d --display-offset=77' '-b -c 3 -a'; do
		read -ra mf <<<"$extra"
		"$MMCAT" "${mf[@]}" -x -r 3+2000 -r 0+3000 f >plain
		"$MMCAT" "${mf[@]}" -x --color=always -r 3+2000 -r 0+3000 f >colour ||
			failed+=("mmcat $extra --color=always failed")
		grep -q "$ESC" colour || failed+=("mmcat $extra --color=always: no escape at all")
		strip_sgr colour >stripped
		note_difference "mmcat $extra --color=always, escapes removed" plain stripped
		# and plain is xxd's (the layouts xxd has)
		if [[ $extra != *--squeeze* ]]; then
			read -ra xf <<<"${extra/--little-endian/-e}"
			xf=("${xf[@]/#--display-offset=/-o}")
			{ xxd "${xf[@]}" -s 3 -l 2000 f; xxd "${xf[@]}" f; } >want
			note_difference "mmcat $extra against xxd ${xf[*]}" want plain
		fi
	done
	for extra in -p -i '-p -c 0' '-i --name=z -u'; do
		read -ra mf <<<"$extra"
		"$MMCAT" "${mf[@]}" f >plain
		expect_output "mmcat $extra --color=always" plain mmcat_into got "${mf[@]}" --color=always f
	done
	report_failed "--color=always"
}

@test "hexlayouts: no escape off a terminal: --color=never, no option, NO_COLOR with auto; --color=always beats NO_COLOR; a bare --color is always" {
	mixed_file f
	xxd f >want
	expect_output "mmcat -x --color=never f" want mmcat_into got -x --color=never f
	expect_output "mmcat -x f" want mmcat_into got -x f
	expect_output "mmcat -x --color=auto f" want mmcat_into got -x --color=auto f
	NO_COLOR=1 expect_output "NO_COLOR=1 mmcat -x --color=auto f" want \
		mmcat_into got -x --color=auto f
	NO_COLOR=1 expect_output "NO_COLOR=1 mmcat -x --color=never f" want \
		mmcat_into got -x --color=never f
	expect_output "mmcat -x --color=always --color=never f (the last wins)" want \
		mmcat_into got -x --color=always --color=never f
	NO_COLOR=1 "$MMCAT" -x --color=always f >got
	grep -q "$ESC" got || failed+=("NO_COLOR=1 mmcat -x --color=always: no escape")
	strip_sgr got >stripped
	note_difference "NO_COLOR=1 mmcat --color=always, escapes removed" want stripped
	"$MMCAT" --color f >got 2>got.err || failed+=("mmcat --color f failed: $(<got.err)")
	grep -q "$ESC" got || failed+=("mmcat --color f (a bare --color): no escape")
	strip_sgr got >stripped
	note_difference "mmcat --color f, escapes removed" want stripped
	report_failed "colour off a terminal"
}

# sgr_of FILE : the distinct SGR sequences of FILE but the resets, one a line.
sgr_of() {
	grep -o $'\e\\[[0-9;]*m' "$1" | grep -v $'^\e\\[0\\?m$' | sort -u
}

@test "hexlayouts: in a terminal the dump is coloured by default and not with NO_COLOR; NUL, printable, whitespace, other ASCII and non-ASCII get their colours in both columns" {
	local mm byte class n all=() line
	require_script
	printf -v mm %q "$MMCAT"
	mixed_file f
	xxd f >want
	in_terminal term "$mm -x f" || failed+=("mmcat -x f in a terminal failed")
	grep -q "$ESC" term || failed+=("mmcat -x f in a terminal: not coloured")
	tr -d '\r' <term >term.lf
	strip_sgr term.lf >stripped
	note_difference "mmcat -x f in a terminal, escapes removed" want stripped
	in_terminal term "NO_COLOR=1 $mm -x f" || failed+=("NO_COLOR=1 mmcat -x f in a terminal failed")
	tr -d '\r' <term >term.lf
	grep -q "$ESC" term.lf && failed+=("NO_COLOR=1 mmcat -x f in a terminal: coloured")
	note_difference "NO_COLOR=1 mmcat -x f in a terminal" want term.lf
	in_terminal term "NO_COLOR= $mm -x f" || true
	grep -q "$ESC" term || failed+=("NO_COLOR= (empty) mmcat -x f in a terminal: not coloured")
	in_terminal term "$mm -x --color=never f" || true
	grep -q "$ESC" term && failed+=("mmcat -x --color=never in a terminal: coloured")
	# a line of one class each: one colour in it, before the hex and
	# before the text alike (two coloured pieces at least)
	for byte in 00 41 20 01 80; do
		printf "\\x$byte%.0s" {1..16} >class
		in_terminal term "$mm -x class" || true
		tr -d '\r' <term >term.lf
		sgr_of term.lf >sgr
		n=$(wc -l <sgr)
		((n == 1)) || failed+=("a line of bytes 0x$byte: $n colours, not 1: $(cat -v sgr | tr '\n' ' ')")
		all+=("$(head -n 1 sgr | cat -v)")
		line=$(grep -o $'\e\\[[0-9;]*m' term.lf | grep -vc $'^\e\\[0\\?m$') || true
		((line >= 2)) || failed+=("a line of bytes 0x$byte: coloured $line time(s), not in both columns")
	done
	n=$(printf '%s\n' "${all[@]}" | sort -u | wc -l)
	((n >= 4)) || failed+=("NUL, 'A', ' ', 0x01 and 0x80 share colours: ${all[*]}")
	[[ ${all[0]} != "${all[1]}" && ${all[0]} != "${all[4]}" && ${all[1]} != "${all[4]}" ]] ||
		failed+=("NUL, printable and non-ASCII bytes are not told apart: ${all[*]}")
	report_failed "colour in a terminal"
}

# --- the text buffer's edges ---------------------------------------------------

# layout_edges [HEAD] : sets the array at to the lengths, from offset 0, at
# which the text buffer fills exactly at a line end once and twice (for
# the layout mf/xf, its line of $width bytes holding $cols bytes, after
# HEAD bytes of other lines), a byte and a line either side.
layout_edges() {
	local k fit room=$HEX_TEXT_BYTES
	# a buffer smaller than three of the layout's lines is made that big
	# (src/buffers.h): so in a build with tiny buffers
	((room >= 3 * width + 2)) || room=$((3 * width + 2))
	fit=$(((room - ${1:-0}) / width))
	((fit > 0)) || fail "a text buffer of $HEX_TEXT_BYTES bytes holds no line of $width"
	at=()
	for ((k = 1; k <= 2; k++)); do
		at+=($((k * fit * cols - cols)) $((k * fit * cols - 1)) $((k * fit * cols))
			$((k * fit * cols + 1)) $((k * fit * cols + cols)))
	done
}

@test "hexlayouts: the text buffer filled at a line end, once and twice, a byte and a line either side, for -c 32 -g 4, -p, -i and -b, equals xxd" {
	local layout len src_size edges
	for layout in '-c 32 -g 4|32' '-p|30' '-i|12' '-b|6' '--little-endian -c 32 -g 8|32'; do
		read -ra mf <<<"${layout%|*}"
		read -ra xf <<<"${mf[*]/--little-endian/-e}"
		cols=${layout#*|}
		# the width of a full line, as xxd prints it (-i: its bytes lines)
		head -c $((3 * cols)) /dev/zero >probe
		width=$(xxd "${xf[@]}" probe | grep -v '[{}]' | head -n 1 | wc -c)
		layout_edges
		if [[ ${mf[0]} == -i ]]; then	# -i's first line too
			edges=("${at[@]}")
			layout_edges 24	# "unsigned char src[] = {\n"
			at+=("${edges[@]}")
		fi
		src_size=0
		for len in "${at[@]}"; do
			((len < src_size)) || src_size=$((len + 2 * cols))
		done
		make_random src "$src_size"
		for len in "${at[@]}"; do
			check_layout "text buffer ($HEX_TEXT_BYTES bytes, lines of $width)" src 0+"$len"
			head -c "$len" src >whole
			xxd "${xf[@]}" whole >want
			expect_output "mmcat ${mf[*]} whole ($len bytes)" want mmcat_into got "${mf[@]}" whole
		done
	done
	report_failed "text buffer edges (MMCAT_HEX_TEXT_BYTES=$HEX_TEXT_BYTES)"
}

# --- the squeezed dump's marks --------------------------------------------------

MARKS=${MMCAT_HEX_MARKS:-4096}

# runs_file OUT N REPEAT ZEROS : OUT gets N distinct 16-byte lines, each
# followed by REPEAT copies of itself and ZEROS lines of zero bytes.
runs_file() {
	perl -e 'my ($n, $rep, $zeros) = @ARGV;
		for my $i (0 .. $n - 1) {
			my $line = sprintf("%015d\n", $i);
			print $line x (1 + $rep), "\0" x (16 * $zeros);
		}' -- "$2" "$3" "$4" >"$1"
}

@test "hexlayouts: the squeezed dump's account of runs and '*' lines, used up once and twice, a run either side: --squeeze as hexdump, -a as xxd -a" {
	local n list
	# two marks a run: MARKS / 2 runs use them up once, MARKS twice
	edges $((MARKS / 2))
	list=("${at[@]}")
	edges "$MARKS"
	list+=("${at[@]}")
	for n in $(printf '%s\n' "${list[@]}" | sort -nu); do
		((n >= 4)) || continue
		# a line and a '*' for each: two marks a line
		runs_file f "$n" 2 0
		check_squeeze "$n runs of 3 lines (marks: $MARKS)" f 0 "$(file_size f)" 16
		check_squeeze "$n runs of 3 lines, a range (marks: $MARKS)" f 40 $(($(file_size f) - 50)) 16
		runs_file f "$n" 0 3
		mf=(-a) xf=(-a)
		check_layout "$n lines after 3 zero lines each, -a (marks: $MARKS)" f 0+"$(file_size f)" 8+$(($(file_size f) - 30))
	done
	report_failed "the squeezed dump's marks (MMCAT_HEX_MARKS=$MARKS)"
}
