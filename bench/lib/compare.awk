# compare.awk — bench-check: a new runs.csv against a baseline, run by run
# (matched on instance, engine, options, threads, seed; musubi's rows only —
# peers are not ours to regress).
#
# A run is flagged when
#   - it is now wrong, an error, killed or out of memory (and was not before);
#   - its status changed from an answer (optimal, infeasible) to anything else;
#   - its objective changed;
#   - it is slower than tolerance x the baseline AND by at least min_delta
#     seconds (the second condition ignores noise on tiny runs).
# Prints a markdown report; exit status 1 when anything is flagged.
# -v tolerance (default 1.5), min_delta (default 0.2 s).
function key(    k) { return $col["instance"] SUBSEP $col["engine"] SUBSEP $col["options"] SUBSEP $col["threads"] SUBSEP $col["seed"] }
function label(k,    p) { split(k, p, SUBSEP); return p[1] " | " p[2] (p[3] != "" ? " " p[3] : "") " | " p[4] " | " p[5] }
function answered(st) { return st == "optimal" || st == "infeasible" }
function bad(st) { return st == "wrong" || st == "error" || st == "killed" || st == "memout" }
BEGIN {
    FS = ","
    if (tolerance == "") tolerance = 1.5
    if (min_delta == "") min_delta = 0.2
}
FNR == 1 { split("", col); for (i = 1; i <= NF; i++) col[$i] = i; file++; next }
$1 == "set" { next }
$col["kind"] != "musubi" { next }
file == 1 {
    k = key(); bst[k] = $col["status"]; bobj[k] = $col["objective"]; bt[k] = $col["seconds"]
    order[++nb] = k
    next
}
{
    k = key(); nst[k] = $col["status"]; nobj[k] = $col["objective"]; nt[k] = $col["seconds"]; nnote[k] = $col["note"]
    norder[++nn] = k
}
END {
    printf "## bench-check: %s against %s\n\n", ARGV[2], ARGV[1]
    printf "A run is flagged when it is now wrong or failed, lost its answer, changed its objective, "
    printf "or is slower than %s× the baseline and by at least %s s.\n\n", tolerance, min_delta
    flagged = 0; faster = 0; compared = 0; missing = 0; added = 0; lsum = 0; lcount = 0
    for (j = 1; j <= nn; j++) {
        k = norder[j]
        if (!(k in bst)) { added++; notes = notes "- new run (not in the baseline): " label(k) ": " nst[k] "\n"; continue }
        compared++
        why = ""
        if (bad(nst[k]) && nst[k] != bst[k]) why = "now " nst[k] (nnote[k] != "" ? ": " nnote[k] : "")
        else if (answered(bst[k]) && nst[k] != bst[k]) why = "status " bst[k] " → " nst[k]
        else if (bobj[k] != nobj[k] && !(nst[k] == "unsupported" && bst[k] == "unsupported")) why = "objective " bobj[k] " → " nobj[k]
        b = bt[k] + 0; t = nt[k] + 0
        if (bt[k] != "-" && nt[k] != "-" && nt[k] != "" && bt[k] != "" && answered(nst[k]) && answered(bst[k])) {
            if (b > 0 && t > 0) { lsum += log(t / b); lcount++ }
            if (t > tolerance * b && t - b >= min_delta) why = why (why != "" ? "; " : "") sprintf("slower: %.3f s → %.3f s (%s)", b, t, b > 0 ? sprintf("%.2f×", t / b) : "from 0")
            else if (b > tolerance * t && b - t >= min_delta) { faster++; notes = notes sprintf("- faster: %s: %.3f s → %.3f s\n", label(k), b, t) }
        }
        if (why != "") {
            if (!flagged++) printf "| instance | engine | threads | seed | flag |\n|---|---|---|---|---|\n"
            printf "| %s | %s |\n", label(k), why
        }
    }
    for (j = 1; j <= nb; j++) if (!(order[j] in nst)) { missing++; notes = notes "- not run this time: " label(order[j]) "\n" }
    if (flagged) printf "\n"
    printf "compared %d runs: %d flagged, %d faster, %d not run, %d new", compared, flagged, faster, missing, added
    if (lcount) printf "; geometric mean of time ratios new/baseline %.3f over %d answered runs", exp(lsum / lcount), lcount
    printf "\n"
    if (notes != "") printf "\n%s", notes
    printf "\n%s\n", flagged ? "bench-check: FLAGGED" : "bench-check: ok"
    exit flagged ? 1 : 0
}
