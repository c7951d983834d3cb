# plot.awk — a self-contained gnuplot script (data inline) for
# time-vs-size.svg: wall seconds against eligible pairs, log-log, one point set per
# solver (engine with its options and threads, or peer), solved runs only (points,
# not lines: instances of one size differ in kind, e.g. with and without quotas).
# -v out: the SVG to write. Prints nothing when there is nothing to plot.
function add_unique(list, n, item,    i) {
    for (i = 1; i <= n; i++) if (list[i] == item) return n
    list[++n] = item
    return n
}
BEGIN { FS = ","; nr = 0; nl = 0 }
FNR == 1 { if (!have) for (i = 1; i <= NF; i++) col[$i] = i; have = 1; next }
$1 == "set" { next }
{
    r = ++nr
    I[r] = $col["set"] "/" $col["instance"]; K[r] = $col["kind"]; S[r] = $col["status"]; T[r] = $col["seconds"]
    lab = $col["engine"]
    if (K[r] == "musubi" && $col["options"] != "") lab = lab " " $col["options"]
    if (K[r] == "musubi") lab = lab " t" $col["threads"]
    LAB[r] = lab
    if ($col["pairs"] != "-" && $col["pairs"] != "") pairs[I[r]] = $col["pairs"]
}
END {
    for (r = 1; r <= nr; r++) {
        if ((S[r] != "optimal" && S[r] != "infeasible") || !(I[r] in pairs) || T[r] == "-" || pairs[I[r]] + 0 <= 0) continue
        l = LAB[r]
        nl = add_unique(labs, nl, l)
        k = ++np[l]
        X[l, k] = pairs[I[r]] + 0
        Y[l, k] = (T[r] + 0 < 0.001) ? 0.001 : T[r] + 0 # log scale: the clock's resolution as a floor
    }
    if (nl == 0) exit
    printf "set terminal svg size 960,640 dynamic font 'sans,12' noenhanced\n"
    printf "set output '%s'\n", out
    printf "set logscale xy\nset grid\nset key left top\n"
    printf "set xlabel 'eligible pairs'\nset ylabel 'wall seconds (harness)'\n"
    printf "set title 'musubi bench: time against size'\n"
    for (li = 1; li <= nl; li++) {
        l = labs[li]
        # sort by size (insertion sort; a few dozen points)
        for (a = 2; a <= np[l]; a++)
            for (b = a; b > 1 && X[l, b] < X[l, b - 1]; b--) {
                tx = X[l, b]; X[l, b] = X[l, b - 1]; X[l, b - 1] = tx
                ty = Y[l, b]; Y[l, b] = Y[l, b - 1]; Y[l, b - 1] = ty
            }
        printf "$D%d << EOD\n", li
        for (k = 1; k <= np[l]; k++) printf "%d %.6f\n", X[l, k], Y[l, k]
        printf "EOD\n"
    }
    printf "plot "
    for (li = 1; li <= nl; li++) {
        t = labs[li]
        gsub(/'/, "", t)
        printf "%s$D%d using 1:2 with points pointtype %d pointsize 1.3 title '%s'", (li > 1 ? ", \\\n     " : ""), li, li, t
    }
    printf "\n"
}
