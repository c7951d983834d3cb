# plan.awk — expands a set file (bench/sets/*.set) into the run plan.
#
# A set file is a list of directives; engines, peers, threads, seeds and limit
# hold for every instance line after them until they are set again:
#
#   engines  auto flow mip:--gap=0.01   engine names, as data: whatever
#                                       `musubi solve --engine` accepts; extra
#                                       solve options follow the name after ':'
#   peers    glpsol cbc lemon           peer adapters (bench/peers/NAME.sh); none: -
#   threads  1 2
#   seeds    1 2 3                      musubi's --seed
#   limit    60                         seconds per run (0: none)
#   instance NAME file   PATH           a file or CSV-table directory in the repo
#   instance NAME gen    KNOBS...       musubi gen KNOBS -o CACHE/NAME.json
#   instance NAME tables KNOBS...       musubi gen KNOBS --tables CACHE/NAME
#   instance NAME script PATH ARGS...   sh PATH MUSUBI CACHE/NAME ARGS (a script in
#                                       the repo that writes an instance there)
#
# Output, one run per line, tab-separated:
#   idx instance kind engine options threads seed limit source-kind source-args
# kind is musubi or peer; options are space-separated solve options or "-".
# For each instance: every engine x thread count x seed, then every peer once
# (one thread, seed "-"). Rows are numbered after the --only filter; with
# shard_n > 0 only rows with (idx - 1) % shard_n == shard_k - 1 are printed.
#
# -v: o_engines o_peers o_threads o_seeds o_limit (overrides; "" = keep the
# set's), only (regex on instance names), shard_k, shard_n.
function fail(msg) {
    printf "%s:%d: %s\n", FILENAME, FNR, msg > "/dev/stderr"
    failed = 1
    exit 2
}
function rest(from,    i, v) {
    v = ""
    for (i = from; i <= NF; i++) v = v (v == "" ? "" : " ") $i
    return v
}
function words(text, out,    n) {
    gsub(/,/, " ", text)
    n = split(text, out, " ")
    return n
}
function emit(inst, kind, engine, options, threads, seed, limit, skind, sargs) {
    idx++
    if (shard_n > 0 && (idx - 1) % shard_n != shard_k - 1) return
    print idx, inst, kind, engine, (options == "" ? "-" : options), threads, seed, limit, skind, sargs
}
BEGIN {
    OFS = "\t"
    cur["engines"] = "auto"
    cur["peers"] = "-"
    cur["threads"] = "1"
    cur["seeds"] = "1"
    cur["limit"] = "60"
}
{ sub(/#.*/, "") }
NF == 0 { next }
$1 == "engines" || $1 == "peers" || $1 == "threads" || $1 == "seeds" || $1 == "limit" {
    cur[$1] = NF > 1 ? rest(2) : "-"
    next
}
$1 == "instance" {
    if (NF < 4) fail("instance NAME file|gen|tables|script ARGS...")
    name = $2
    if (name !~ /^[A-Za-z0-9._+-]+$/) fail("instance name \"" name "\": letters, digits, . _ + - only")
    if ($3 != "file" && $3 != "gen" && $3 != "tables" && $3 != "script")
        fail("instance " name ": source \"" $3 "\": expected file, gen, tables or script")
    if (seen[name]++) fail("instance " name " listed twice")
    if (only != "" && name !~ only) next
    engines = o_engines != "" ? o_engines : cur["engines"]
    peers = o_peers != "" ? o_peers : cur["peers"]
    threads = o_threads != "" ? o_threads : cur["threads"]
    seeds = o_seeds != "" ? o_seeds : cur["seeds"]
    limit = o_limit != "" ? o_limit : cur["limit"]
    if (limit !~ /^[0-9]+(\.[0-9]*)?$/) fail("limit \"" limit "\": expected seconds")
    ne = engines == "-" ? 0 : words(engines, E)
    np = (peers == "-" || peers == "none") ? 0 : words(peers, P)
    nt = words(threads, T)
    ns = words(seeds, S)
    for (t = 1; t <= nt; t++) if (T[t] !~ /^[0-9]+$/) fail("threads \"" T[t] "\": expected an integer")
    for (s = 1; s <= ns; s++) if (S[s] !~ /^[0-9]+$/) fail("seeds \"" S[s] "\": expected an integer")
    for (e = 1; e <= ne; e++) {
        # NAME:--opt=value:--opt2=value -> engine NAME, options "--opt=value --opt2=value"
        k = split(E[e], part, ":")
        options = ""
        for (j = 2; j <= k; j++) options = options (options == "" ? "" : " ") part[j]
        if (part[1] !~ /^[A-Za-z0-9._-]+$/) fail("engine \"" part[1] "\": letters, digits, . _ - only")
        for (t = 1; t <= nt; t++)
            for (s = 1; s <= ns; s++)
                emit(name, "musubi", part[1], options, T[t], S[s], limit, $3, rest(4))
    }
    for (p = 1; p <= np; p++) {
        if (P[p] !~ /^[A-Za-z0-9._-]+$/) fail("peer \"" P[p] "\": letters, digits, . _ - only")
        emit(name, "peer", P[p], "", 1, "-", limit, $3, rest(4))
    }
    next
}
{ fail("unknown directive \"" $1 "\" (engines, peers, threads, seeds, limit, instance)") }
