#!/bin/sh
# Writes a man page on stdout, generated from what the program and the
# header say, so that it cannot drift from them (make man; installed by make
# install):
#   man.sh 1 path/to/musubi              musubi.1: the synopsis, description and
#                                        exit codes of `musubi --help`, every
#                                        command's --help, and the options table
#                                        as `musubi solve --help` prints it
#                                        (mu_options_help)
#   man.sh 3 path/to/musubi musubi.h [EXAMPLE.c]
#                                        musubi.3: the library: the public header
#                                        as installed, and the example program
# Text is set in no-fill blocks, escaped for roff (backslashes, hyphens,
# lines that start with a period or a quote). POSIX sh and sed.
set -eu
section=${1:?usage: scripts/man.sh 1|3 path/to/musubi [musubi.h [example.c]]}
bin=${2:?usage: scripts/man.sh 1|3 path/to/musubi [musubi.h [example.c]]}
version=$("$bin" --version | sed -n '1s/^musubi \([^ ]*\).*/\1/p')

# roff-safe text, as a no-fill block.
block() {
    echo ".nf"
    sed -e 's/\\/\\e/g' -e 's/-/\\-/g' -e "s/^\\([.']\\)/\\\\\\&\\1/"
    echo ".fi"
}

if [ "$section" = 1 ]; then
    help=$("$bin" --help)
    cat <<EOF
.TH MUSUBI 1 "" "musubi $version" "User Commands"
.SH NAME
musubi \\- optimal, explainable matching of applicants to host organisations
.SH SYNOPSIS
EOF
    # The usage lines: from "Usage:" to the first blank line.
    printf '%s\n' "$help" | sed -n '/^Usage:/,/^$/{/^Usage:/d;/^$/d;s/^  //;p;}' | block
    echo ".SH DESCRIPTION"
    # After the usage block, up to the exit codes.
    printf '%s\n' "$help" | sed -n '/^Usage:/,$p' | sed -n '/^$/,/^Exit codes:/{/^Exit codes:/d;p;}' |
        sed '1{/^$/d;}' | block
    echo ".SH COMMANDS"
    printf '%s\n' "Each command's own help (\\fBmusubi\\fR \\fICOMMAND\\fR \\fB\\-\\-help\\fR):"
    for cmd in $(printf '%s\n' "$help" | sed -n '/^Usage:/,/^$/s/^  musubi \([a-z][a-z-]*\) .*/\1/p'); do
        echo ".SS \"musubi $cmd\""
        "$bin" "$cmd" --help | block
    done
    echo ".SH OPTIONS"
    printf '%s\n' 'The options of the commands that take \fI[options]\fR, from the one options table (mu_options_help):'
    "$bin" solve --help | sed -n '/^  --engine /,/^$/{/^$/d;p;}' | block
    echo ".SH EXIT STATUS"
    printf '%s\n' "$help" | sed -n '/^Exit codes:/,${/^Exit codes:/d;s/^  //;p;}' | block
    cat <<EOF
.SH FILES
.TP
.I share/musubi/FORMAT.md
the instance format, \\fBmusubi\\-instance\\-1\\fR, under the installation prefix
.TP
.I share/musubi/musubi\\-instance\\-1.schema.json
its JSON Schema
.SH SEE ALSO
.BR musubi (3),
.BR glpsol (1)
EOF
elif [ "$section" = 3 ]; then
    header=${3:?man.sh 3 needs the header}
    cat <<EOF
.TH MUSUBI 3 "" "musubi $version" "Library Functions Manual"
.SH NAME
musubi \\- the musubi matching library (libmusubi)
.SH SYNOPSIS
.nf
.B #include <musubi.h>
.PP
cc prog.c \$(pkg\\-config \\-\\-cflags \\-\\-libs musubi)
.fi
.SH DESCRIPTION
libmusubi reads or builds an instance (applicants, host companies, eligibility rules,
weights, quotas), solves it with the engines of
.BR musubi (1),
measures and checks the answer, all in memory or through files.
Types are opaque; every call that can fail returns a
.B mu_code
and fills a
.BR mu_error .
The public header follows as installed, with its comments, which say who owns what.
.SH HEADER
EOF
    block < "$header"
    if [ -n "${4:-}" ]; then
        echo ".SH EXAMPLE"
        block < "$4"
    fi
    cat <<EOF
.SH SEE ALSO
.BR musubi (1)
EOF
else
    echo "scripts/man.sh: section 1 or 3, not $section" >&2
    exit 2
fi
