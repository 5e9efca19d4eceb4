# bash completion for mkepub                                -*- shell-script -*-
# Installed as share/bash-completion/completions/mkepub (make install).
#
#   mkepub [OPTIONS] BOOK       BOOK: a folder, or a book.xml (*.xml)
#   mkepub init DIR             DIR: a new or empty folder
#   mkepub inspect FILE.epub [--json]

_mkepub()
{
    local cur prev words cword
    if declare -F _init_completion >/dev/null 2>&1; then
        _init_completion || return
    else
        cur=${COMP_WORDS[COMP_CWORD]}
        prev=${COMP_WORDS[COMP_CWORD-1]}
        words=("${COMP_WORDS[@]}")
        cword=$COMP_CWORD
    fi

    # --json belongs to inspect; it is offered here too because --help
    # lists it on the inspect line
    local opts="-o --output --check --no-ncx --root --epub --toc-depth
        -j --threads --target --strict -q --quiet -v --verbose --help
        --version --json"

    # the subcommands, when one is the first word
    case ${words[1]} in
    init)
        if [[ $cur == -* ]]; then
            COMPREPLY=($(compgen -W '-q --quiet --help' -- "$cur"))
        else
            COMPREPLY=($(compgen -d -- "$cur"))
        fi
        return
        ;;
    inspect)
        if [[ $cur == -* ]]; then
            COMPREPLY=($(compgen -W '--json --help' -- "$cur"))
        else
            COMPREPLY=($(compgen -f -X '!*.epub' -- "$cur") \
                $(compgen -d -- "$cur"))
        fi
        return
        ;;
    esac

    # an option's value
    case $prev in
    -o | --output)
        COMPREPLY=($(compgen -f -X '!*.epub' -- "$cur") \
            $(compgen -d -- "$cur") $(compgen -W '-' -- "$cur"))
        return
        ;;
    --root)
        COMPREPLY=($(compgen -d -- "$cur"))
        return
        ;;
    --epub)
        COMPREPLY=($(compgen -W '3.2 3.3' -- "$cur"))
        return
        ;;
    --toc-depth)
        COMPREPLY=($(compgen -W '1 2 3 4 5 6' -- "$cur"))
        return
        ;;
    -j | --threads)
        COMPREPLY=($(compgen -W '1 2 4 8' -- "$cur"))
        return
        ;;
    --target)
        COMPREPLY=($(compgen -W 'kindle kobo apple google all' -- "$cur"))
        return
        ;;
    esac

    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
        return
    fi
    # BOOK: a folder holding book.xml, or the file; or a subcommand
    COMPREPLY=($(compgen -d -- "$cur") $(compgen -f -X '!*.xml' -- "$cur"))
    if [[ $cword -eq 1 ]]; then
        COMPREPLY+=($(compgen -W 'init inspect' -- "$cur"))
    fi
} &&
    complete -o filenames -F _mkepub mkepub
