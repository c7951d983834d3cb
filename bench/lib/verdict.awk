# verdict.awk — the known-optimum check, SCIP's check/check.awk turned to
# maximisation. Input: the optima file (lines "=opt= NAME VALUE", "=inf= NAME",
# "=best= NAME VALUE"; "#" comments). -v: inst status obj bound (numbers or
# "-"), exact (1: the engine maximises weight, so an "optimal" claim is about the maximum weight), byweight (1: its
# objective is total weight).
# Prints one line: "ok" or "wrong", a tab, and the reason or a remark.
function abs(x) { return x < 0 ? -x : x }
{ sub(/#.*/, "") }
$2 == inst && $1 == "=opt=" { kind = "opt"; val = $3 + 0 }
$2 == inst && $1 == "=best=" { kind = "best"; val = $3 + 0 }
$2 == inst && $1 == "=inf=" { kind = "inf" }
END {
    has_obj = obj != "-" && obj != ""
    has_bound = bound != "-" && bound != ""
    tol = 1e-6 * (abs(val) > 1 ? abs(val) : 1)
    o = obj + 0
    b = bound + 0
    if (kind == "") { printf "ok\t\n"; exit }
    if (kind == "inf") {
        if (has_obj || status == "optimal" || status == "feasible")
            printf "wrong\tfound a solution (%s) but %s is known infeasible\n", obj, inst
        else
            printf "ok\t\n"
        exit
    }
    # a policy engine adds constraints (stability), which can make an instance infeasible
    if (kind == "opt" && status == "infeasible" && exact) { printf "wrong\tclaims infeasible; known optimum %s\n", val; exit }
    if (has_obj && byweight && kind == "opt" && o > val + tol) {
        printf "wrong\tobjective %s above the known optimum %s\n", obj, val; exit
    }
    if (status == "optimal" && exact && byweight && has_obj && o < val - tol) {
        printf "wrong\tclaims optimal %s; known %s %s\n", obj, kind == "opt" ? "optimum" : "best", val; exit
    }
    if (exact && byweight && has_bound && b < val - tol) {
        printf "wrong\tbound %s below the known %s %s\n", bound, kind == "opt" ? "optimum" : "best", val; exit
    }
    if (kind == "best" && has_obj && byweight && o > val + tol) { printf "ok\timproves the best known %s\n", val; exit }
    printf "ok\t\n"
}
