# solution.awk — the top-level fields of a musubi-solution-1 file, which the
# writer puts one per line ("  \"key\": value,"). Prints, space-separated:
#   status objective bound gap seconds applicants eligible_pairs criterion
# with "-" for null or absent. Stops at the assignment, so a 1M-applicant
# solution costs nothing to read.
/^  "assignment":/ { exit }
/^  "[a-z_]+": / {
    key = $0
    sub(/^  "/, "", key)
    sub(/".*/, "", key)
    v = $0
    sub(/^  "[a-z_]+": /, "", v)
    sub(/,$/, "", v)
    gsub(/"/, "", v)
    if (!(key in f)) f[key] = v
}
END {
    n = split("status objective bound gap seconds applicants eligible_pairs criterion", k, " ")
    for (i = 1; i <= n; i++) {
        v = (k[i] in f) ? f[k[i]] : "-"
        if (v == "null" || v == "") v = "-"
        printf "%s%s", v, i < n ? " " : "\n"
    }
}
