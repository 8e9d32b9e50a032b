# SPDX-License-Identifier: BSD-2-Clause
# fish completion for mmcat(1).
#
# Installed as ${datadir}/fish/vendor_completions.d/mmcat.fish.  Options
# come from `mmcat --help`.  OFFSET, LENGTH, END, the SPECs of --range
# and --lines, the K/N of --chunk, the KEYs of --from and --to, the NAME
# of --member, the SECONDS of --sleep-interval, the numbers of --cols,
# --group and --display-offset and the NAME of --name are typed, not
# chosen: nothing is offered for them.  --list and --member make every
# operand a file.  --sparse offers auto, always and never, --follow=HOW
# descriptor and name, --color=WHEN
# auto, always and never (HOW and WHEN are attached: the word after a
# bare --follow or --color is an operand), --pid
# the running processes.  Operands
# are files, except in the positional form (mmcat FILE [OFFSET [LENGTH]]):
# the second operand is a file (mmcat a.log b.log) unless it is being typed
# as a number, and when the second is a number the third is its LENGTH.  A
# word is taken for a number when it starts with a digit, after an
# optional sign; mmcat itself refuses one that is a file's name too.

# True when the token being completed is a number of the positional form
# (no -o/-l/-e/-r/-L/--chunk given): the OFFSET being typed as one, the LENGTH
# after an OFFSET, or an operand past it.
function __fish_mmcat_operand_is_number
    set -l tokens (commandline -opc)
    set -e tokens[1]
    set -l operands
    set -l after_dashes 0
    set -l argument_next 0
    for token in $tokens
        if test $after_dashes -eq 1
            set -a operands $token
            continue
        end
        if test $argument_next -eq 1
            # The SECONDS of -s, the PID of --pid, the number of -c, -g
            # or --display-offset, the NAME of --name: no operand.
            set argument_next 0
            continue
        end
        if test "$token" = --
            set after_dashes 1
        else if string match -qr -- '^--(offset|length|end|range|lines|chunk|from|to|list|member)(=|$)' $token
            return 1
        else if string match -qr -- '^--(pid|sleep-interval|cols|group|name|display-offset)$' $token
            # An argument in the next word, but no range.
            set argument_next 1
        else if string match -qr -- '^--' $token
            # --strict, --hex, --follow=name and the like
        else if string match -qr -- '^-[0-9]' $token
            # A negative number such as -4K is an operand.
            set -a operands $token
        else if string match -qr -- '^-[PvxhVfFzupibda]*[olerLm]' $token
            # o l e r L m take an argument: the option form.
            return 1
        else if string match -qr -- '^-[PvxhVfFzupibda]*[sgc]$' $token
            # -s takes the next word as its SECONDS, -c and -g as their
            # numbers.
            set argument_next 1
        else if string match -qr -- '^-.' $token
            # A group of flags such as -vx
        else
            set -a operands $token
        end
    end
    # Options typed after the cursor count too: they select the option form.
    set -l rest (commandline -op)
    for token in $rest
        if string match -qr -- '^(--(offset|length|end|range|lines|chunk|from|to|list|member)(=.*)?|-[PvxhVfFzupibda]*[olerLm].*)$' $token
            return 1
        end
    end
    switch (count $operands)
        case 0
            return 1
        case 1
            string match -qr -- '^[-+]?[0-9]' "$(commandline -ct)"
        case '*'
            string match -qr -- '^[-+]?[0-9]' "$operands[2]"
    end
end

complete -c mmcat -f -n __fish_mmcat_operand_is_number

complete -c mmcat -s o -l offset -x -d 'First byte to print (negative: back from EOF)'
complete -c mmcat -s l -l length -x -d 'Print LENGTH bytes (negative: stop before EOF)'
complete -c mmcat -s e -l end -x -d 'Stop before byte END (negative: back from EOF)'
complete -c mmcat -s r -l range -x -d 'Print START:END or START+LENGTH (repeatable)'
complete -c mmcat -s L -l lines -x -d 'Print lines N:M, N:, :M, N or N:+K; negative N or M counts from the last line'
complete -c mmcat -s z -l zero-terminated -d 'For -L, --chunk, --from and --to, lines end with a NUL byte, not a newline'
complete -c mmcat -l chunk -x -d 'Print piece K of N pieces of about equal size cut at line ends, as split -n l/K/N does'
complete -c mmcat -l from -x -d 'On input sorted by its lines\' beginnings, print from the first record whose first bytes are >= KEY'
complete -c mmcat -l to -x -d '... up to the last record whose first bytes are <= KEY'
complete -c mmcat -l list -d 'List the named parts of each FILE: OFFSET, LENGTH, KIND, NAME'
complete -c mmcat -s m -l member -x -d 'Print the part named NAME instead of the whole file (repeatable)'
complete -c mmcat -l strict -d 'Fail where a range would be clamped to the file'
complete -c mmcat -s x -l hex -d 'Dump each range as xxd does'
complete -c mmcat -s c -l cols -x -d 'N bytes a line (xxd -c)'
complete -c mmcat -s g -l group -x -d 'N bytes a group (xxd -g)'
complete -c mmcat -s u -l upper -d 'Upper-case hex digits (xxd -u)'
complete -c mmcat -s p -l plain -d 'Hex digits only (xxd -p)'
complete -c mmcat -s i -l include -d 'A C array (xxd -i)'
complete -c mmcat -l name -x -d 'With -i, the array\'s name (xxd -n)'
complete -c mmcat -l capitalize -d 'With -i, the name in capitals (xxd -C)'
complete -c mmcat -s b -l bits -d 'Binary digits (xxd -b)'
complete -c mmcat -s d -l decimal -d 'Decimal addresses (xxd -d)'
complete -c mmcat -l little-endian -d 'Groups as little-endian words (xxd -e)'
complete -c mmcat -s a -l autoskip -d 'A * for runs of zero lines (xxd -a)'
complete -c mmcat -l display-offset -x -d 'Add N to every address (xxd -o)'
complete -c mmcat -l squeeze -d 'A * for each run of lines equal to the one before (hexdump -C)'
complete -c mmcat -l color -f -a 'auto\t"When stdout is a terminal and NO_COLOR is not set (the default)" always\t"Always (a bare --color)" never\t"Never"' -d 'Colour bytes by class'
complete -c mmcat -s P -l progress -d 'Show progress on stderr when it is a terminal and stdout is not that terminal'
complete -c mmcat -l sparse -x -a 'auto\t"Where the input has holes (the default)" always\t"Also for blocks of zeros" never\t"Write every byte"' -d 'Holes in a file on stdout'
complete -c mmcat -s v -l verbose -d 'Describe on stderr how each range was printed'
complete -c mmcat -s f -d 'Same as --follow=descriptor'
complete -c mmcat -l follow -f -a 'descriptor\t"The file opened (the default)" name\t"Whatever file the name comes to name"' -d 'Go on printing what is appended to each file'
complete -c mmcat -s F -d 'Same as --follow=name --retry'
complete -c mmcat -l retry -d 'Keep trying to open a file that is missing or unreadable'
complete -c mmcat -l pid -x -a '(__fish_complete_pids)' -d 'With -f, end once process PID has ended (repeatable: once all have)'
complete -c mmcat -s s -l sleep-interval -x -d 'With -f, check every N seconds where changes cannot be watched (default 1)'
complete -c mmcat -s h -l help -d 'Show the help and exit'
complete -c mmcat -l usage -d 'Show a short usage message and exit'
complete -c mmcat -s V -l version -d 'Show the version and exit'
