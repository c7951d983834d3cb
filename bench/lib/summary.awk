# summary.awk — summary.md from one or more runs.csv files (bench/README.md).
#
# Per set: a table per solver (engine, with its options and thread count when
# the set varies them, or peer) — runs, solved, wrong, shifted geometric mean
# of wall time, peak memory, and the ratio of its mean to each peer's over the
# instances both ran — then a table per instance with every solver's time and
# musubi's (engine auto, else the first engine) as a ratio to each peer.
#
# Shifted geometric mean, as in SCIP's check/ tooling: exp(mean(ln(t + s))) - s
# with s = 10 s; a run without an answer (time or memory limit, error, wrong)
# counts at its time limit.
function sgm_add(key, t) { sgm_sum[key] += log(t + SHIFT); sgm_n[key]++ }
function sgm(key) { return sgm_n[key] ? exp(sgm_sum[key] / sgm_n[key]) - SHIFT : -1 }
function fmt(t) {
    if (t < 0) return "–"
    if (t < 1) return sprintf("%.3f", t)
    if (t < 100) return sprintf("%.2f", t)
    return sprintf("%.0f", t)
}
function solved(st) { return st == "optimal" || st == "infeasible" }
function counted(st) { return st != "unsupported" && st != "skipped" }
function charged(r) { # the time a run counts with
    if (solved(S[r]) || S[r] == "feasible") return T[r]
    return L[r] > 0 ? L[r] : T[r]
}
function add_unique(list, n, item,    i) { # list[1..n]; returns the new n
    for (i = 1; i <= n; i++) if (list[i] == item) return n
    list[++n] = item
    return n
}
BEGIN { FS = ","; SHIFT = 10; nr = 0; nsets = 0 }
FNR == 1 {
    if (!have_header) for (i = 1; i <= NF; i++) col[$i] = i
    have_header = 1
    next
}
$1 == "set" { next }
{
    r = ++nr
    SET[r] = $col["set"]; I[r] = $col["instance"]; K[r] = $col["kind"]; E[r] = $col["engine"]
    O[r] = $col["options"]; TH[r] = $col["threads"]; S[r] = $col["status"]
    T[r] = $col["seconds"] + 0; HAS_T[r] = $col["seconds"] != "-" && $col["seconds"] != ""
    ST[r] = $col["solver_seconds"]
    L[r] = $col["limit"] + 0; RSS[r] = $col["max_rss_mib"]; N[r] = $col["note"]; SD[r] = $col["seed"]
    if ($col["pairs"] != "-" && $col["pairs"] != "") pairs[SET[r], I[r]] = $col["pairs"]
    if ($col["applicants"] != "-" && $col["applicants"] != "") apps[SET[r], I[r]] = $col["applicants"]
    nsets = add_unique(sets, nsets, SET[r])
    if (K[r] == "musubi") { if (!((SET[r], TH[r]) in thr_seen)) { thr_seen[SET[r], TH[r]] = 1; nthr[SET[r]]++ } }
}
END {
    for (r = 1; r <= nr; r++) {
        lab = E[r]
        if (K[r] == "musubi" && O[r] != "") lab = lab " " O[r]
        if (K[r] == "musubi" && nthr[SET[r]] > 1) lab = lab " t" TH[r]
        LAB[r] = lab
    }
    for (si = 1; si <= nsets; si++) {
        s = sets[si]
        nl = 0; np = 0; ni = 0; ref = ""
        split("", labs); split("", peers); split("", insts)
        for (r = 1; r <= nr; r++) {
            if (SET[r] != s) continue
            if (K[r] == "musubi") nl = add_unique(labs, nl, LAB[r])
            kind[LAB[r]] = K[r]
            if (K[r] == "peer") np = add_unique(peers, np, LAB[r])
            ni = add_unique(insts, ni, I[r])
            if (K[r] == "musubi" && ref == "" && E[r] == "auto") ref = LAB[r]
        }
        for (p = 1; p <= np; p++) nl = add_unique(labs, nl, peers[p]) # engines first, then peers
        if (ref == "") for (l = 1; l <= nl; l++) if (kind[labs[l]] == "musubi") { ref = labs[l]; break }
        # per solver, and per (solver, instance) the mean charged time
        split("", runs); split("", nsolved); split("", nfeas); split("", nnone); split("", nwrong)
        split("", nunsup); split("", nskip); split("", maxrss); split("", sgm_sum); split("", sgm_n)
        split("", it_sum); split("", it_n); split("", ist)
        for (r = 1; r <= nr; r++) {
            if (SET[r] != s) continue
            l = LAB[r]; st = S[r]
            runs[l]++
            if (solved(st)) nsolved[l]++
            else if (st == "feasible") nfeas[l]++
            else if (st == "wrong") nwrong[l]++
            else if (st == "unsupported") nunsup[l]++
            else if (st == "skipped") nskip[l]++
            else nnone[l]++
            if (RSS[r] != "-" && RSS[r] != "" && RSS[r] + 0 > maxrss[l] + 0) maxrss[l] = RSS[r]
            if (counted(st) && (HAS_T[r] || L[r] > 0)) {
                sgm_add(l, charged(r))
                if (ST[r] != "-" && ST[r] != "") sgm_add("solver" SUBSEP l, (solved(S[r]) || S[r] == "feasible") ? ST[r] + 0 : charged(r))
                it_sum[l, I[r]] += charged(r); it_n[l, I[r]]++
            }
            # the instance cell shows the worst outcome of the solver's runs there
            rank = st == "wrong" ? 6 : st == "error" || st == "memout" || st == "killed" ? 5 : \
                   st == "time_limit" || st == "interrupted" ? 4 : st == "feasible" ? 3 : \
                   st == "unsupported" ? 2 : st == "skipped" ? 1 : 0
            if (!((l, I[r]) in ist) || rank > istrank[l, I[r]]) { ist[l, I[r]] = st; istrank[l, I[r]] = rank }
        }
        printf "## Set %s: per solver\n\n", s
        printf "Times are wall seconds measured by the harness (reading the instance included). "
        printf "sgm: shifted geometric mean, shift %d s, unsolved runs at the time limit. ", SHIFT
        printf "solver s: the same mean of the solver's own time (musubi: its solve, without reading; glpsol, CBC: as they report it). "
        printf "× PEER: this solver's sgm over the sgm of PEER on the instances both ran (count in brackets); below 1 is faster.\n\n"
        printf "| solver | runs | solved | feasible | no answer | wrong | unsupported | skipped | sgm s | solver s | max RSS MiB |"
        for (p = 1; p <= np; p++) printf " × %s |", peers[p]
        printf "\n|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|"
        for (p = 1; p <= np; p++) printf "--:|"
        printf "\n"
        for (li = 1; li <= nl; li++) {
            l = labs[li]
            printf "| %s%s | %d | %d | %d | %d | %s | %d | %d | %s | %s | %s |", l, kind[l] == "peer" ? " (peer)" : "", runs[l],
                nsolved[l], nfeas[l], nnone[l], nwrong[l] ? "**" nwrong[l] + 0 "**" : "0", nunsup[l], nskip[l], \
                fmt(sgm(l)), fmt(sgm("solver" SUBSEP l)), maxrss[l] == "" ? "–" : sprintf("%.0f", maxrss[l])
            for (p = 1; p <= np; p++) {
                pl = peers[p]
                a = 0; b = 0; c = 0
                for (ii = 1; ii <= ni; ii++) {
                    inst = insts[ii]
                    if (!it_n[l, inst] || !it_n[pl, inst]) continue
                    a += log(it_sum[l, inst] / it_n[l, inst] + SHIFT); b += log(it_sum[pl, inst] / it_n[pl, inst] + SHIFT); c++
                }
                if (c == 0) printf " – |"
                else printf " %.2f (%d) |", (exp(a / c) - SHIFT) / (exp(b / c) - SHIFT), c
            }
            printf "\n"
        }
        # per instance
        printf "\n## Set %s: per instance\n\n", s
        printf "Wall seconds (mean over seeds). f: feasible only, inf: infeasible, t/o: no answer within the limit, "
        printf "n/a: the engine refuses the instance, –: not run. "
        if (ref != "" && np > 0) printf "%s / PEER: musubi's time (%s) over the peer's; below 1 is faster.", ref, ref
        printf "\n\n| instance | applicants | pairs |"
        for (li = 1; li <= nl; li++) printf " %s |", labs[li]
        if (ref != "") for (p = 1; p <= np; p++) printf " %s / %s |", ref, peers[p]
        printf "\n|---|--:|--:|"
        for (li = 1; li <= nl; li++) printf "--:|"
        if (ref != "") for (p = 1; p <= np; p++) printf "--:|"
        printf "\n"
        for (ii = 1; ii <= ni; ii++) {
            inst = insts[ii]
            printf "| %s | %s | %s |", inst, ((s, inst) in apps) ? apps[s, inst] : "–", ((s, inst) in pairs) ? pairs[s, inst] : "–"
            for (li = 1; li <= nl; li++) {
                l = labs[li]
                st = ((l, inst) in ist) ? ist[l, inst] : ""
                t = it_n[l, inst] ? it_sum[l, inst] / it_n[l, inst] : -1
                if (st == "") cell = "–"
                else if (st == "wrong") cell = "**wrong**"
                else if (st == "unsupported") cell = "n/a"
                else if (st == "skipped") cell = "–"
                else if (st == "optimal") cell = fmt(t)
                else if (st == "infeasible") cell = fmt(t) " inf"
                else if (st == "feasible") cell = fmt(t) " f"
                else if (st == "time_limit" || st == "interrupted" || st == "killed") cell = "t/o"
                else cell = st
                printf " %s |", cell
            }
            if (ref != "") for (p = 1; p <= np; p++) {
                pl = peers[p]
                rs = ist[ref, inst]; ps = ist[pl, inst]
                if (solved(rs) && solved(ps) && it_n[ref, inst] && it_n[pl, inst] && it_sum[pl, inst] > 0)
                    printf " %.3g |", (it_sum[ref, inst] / it_n[ref, inst]) / (it_sum[pl, inst] / it_n[pl, inst])
                else if (solved(rs) && it_n[pl, inst] && (ps == "time_limit" || ps == "killed" || ps == "interrupted" || ps == "feasible"))
                    printf " < %.3g |", (it_sum[ref, inst] / it_n[ref, inst]) / (it_sum[pl, inst] / it_n[pl, inst])
                else if (solved(ps) && it_n[ref, inst] && it_sum[pl, inst] > 0 && (rs == "time_limit" || rs == "killed" || rs == "interrupted" || rs == "feasible"))
                    printf " > %.3g |", (it_sum[ref, inst] / it_n[ref, inst]) / (it_sum[pl, inst] / it_n[pl, inst])
                else printf " – |"
            }
            printf "\n"
        }
        # what went wrong
        nflag = 0
        for (r = 1; r <= nr; r++) {
            if (SET[r] != s || (S[r] != "wrong" && S[r] != "error" && S[r] != "killed" && S[r] != "memout")) continue
            if (!nflag++) printf "\n### Set %s: flagged runs\n\n| instance | solver | seed | status | note |\n|---|---|---|---|---|\n", s
            printf "| %s | %s | %s | %s | %s |\n", I[r], LAB[r], SD[r], S[r], N[r]
        }
        if (si < nsets) printf "\n"
    }
}
