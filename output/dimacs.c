/* DIMACS min-cost flow export of the transportation core (output/dimacs.h).
 * The format is the one of the First DIMACS Implementation Challenge
 * (1990–91), "Network Flows and Matching": `c` comments, one
 * `p min NODES ARCS`, `n ID SUPPLY` for nodes with nonzero supply, then
 * `a SRC DST LOW CAP COST`. LEMON's readDimacsMin and GLPK's
 * glp_read_mincost take the comments only before the `p` line, so every
 * comment goes there. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "output/dimacs.h"
#include "base/io.h"
#include "engine/laminar.h"
#include "engine/problem.h"

/* The instance's name in a comment line: control bytes (a line break would
 * end the comment) become '?', and long names are cut. */
static void put_comment_text(FILE *out, const char *s) {
    size_t n = 0;
    for (; s && *s && n < 200; s++, n++) fputc((unsigned char)*s < 0x20 || *s == 0x7f ? '?' : *s, out);
    if (s && *s) fputs("...", out);
}

/* Laminar quotas: the network of engine/network.c, nodes numbered from 1. */
static int write_network(const mu_instance *inst, const mu_problem *pb, const mu_laminar *L, const char *path,
                         mu_error *err) {
    mu_net net;
    int rc = mu_network_build(pb, L, &net, err);
    if (rc) return rc;
    mu_outfile out;
    if ((rc = mu_out_open(&out, path, err))) {
        mu_network_free(&net);
        return rc;
    }
    FILE *f = out.fp;
    fputs("c musubi export --dimacs: the laminar quota network of the instance \"", f);
    put_comment_text(f, inst->name);
    fputs("\" (", f);
    put_comment_text(f, inst->path);
    fprintf(f, ")\nc %d applicants, %d companies, %d quota rows, %" PRId64 " eligible pairs\n", inst->n_app,
            inst->n_com, pb->n_rows, pb->pairs.n);
    fputs("c objective: musubi maximises total weight; here cost = -weight is minimised, so the\n"
          "c maximum total weight is -(minimum cost)\n",
          f);
    fprintf(f, "c nodes: 1 source, 2 sink, 3.. applicants, then companies, then quota rows, in instance order;\n"
               "c arcs: each row (applicant, company, quota) to or from the row enclosing it, bounds [min, max];\n"
               "c per eligible pair, smallest applicant-side set (the applicant or a row inside it) -> smallest\n"
               "c company-side set (the company, a row inside it or one above it), cost -weight; source -> sink\n");
    fprintf(f, "p min %d %" PRId64 "\n", net.n_nodes, net.m);
    fprintf(f, "n 1 %" PRId64 "\nn 2 %" PRId64 "\n", net.supply[0], net.supply[1]);
    for (int64_t k = 0; k < net.m; k++)
        fprintf(f, "a %d %d %" PRId64 " %" PRId64 " %" PRId64 "\n", net.tail[k] + 1, net.head[k] + 1, net.low[k],
                net.cap[k], net.cost[k]);
    mu_network_free(&net);
    return mu_out_commit(&out, err);
}

int mu_export_dimacs(const mu_instance *inst, const char *path, mu_error *err) {
    MU_REQUIRE(inst && path);
    const char *what = inst->path ? inst->path : "instance";
    mu_problem pb;
    int rc = mu_problem_build(inst, &pb, err);
    if (rc) return rc;
    mu_outfile out = {0};
    int have_out = 0;
    /* Refused before anything is opened: a refusal writes nothing. */
    if (inst->hosts.given) {
        rc = mu_err(err, MU_EUSAGE,
                    "%s: a host budget (hosts) needs host-open variables: not a transportation problem, so no "
                    "min-cost flow file; export --lp or --mps instead",
                    what);
        goto done;
    }
    if (pb.n_rows > 0) { /* laminar quota rows still make a network (engine/laminar.c) */
        char why[256] = "";
        mu_laminar L;
        if ((rc = mu_laminar_detect(&pb, &L, why, sizeof why, err))) goto done;
        if (!L.laminar) {
            rc = mu_err(err, MU_EUSAGE,
                        "%s: %d quota rows, not laminar (%.150s): not a network problem, so no min-cost flow file; "
                        "export --lp or --mps instead",
                        what, pb.n_rows, why);
            goto done;
        }
        rc = write_network(inst, &pb, &L, path, err);
        mu_laminar_free(&L);
        goto done;
    }
    const mu_pairs *p = &pb.pairs;
    const int64_t n = inst->n_app, m = inst->n_com;
    const int64_t source = 1, sink = n + m + 2, nodes = n + m + 2, arcs = n + p->n + m + 1;
    if ((rc = mu_out_open(&out, path, err))) goto done;
    have_out = 1;
    FILE *f = out.fp;
    fputs("c musubi export --dimacs: the transportation core of the instance \"", f);
    put_comment_text(f, inst->name);
    fputs("\" (", f);
    put_comment_text(f, inst->path);
    fprintf(f, ")\nc %" PRId64 " applicants, %" PRId64 " companies, %" PRId64 " eligible pairs, %" PRId64 " seats\n", n,
            m, p->n, pb.seats);
    fputs("c objective: musubi maximises total weight; here cost = -weight is minimised, so the\n"
          "c maximum total weight is -(minimum cost)\n",
          f);
    fprintf(f,
            "c nodes: 1 source (supply = applicants), 2..%" PRId64 " applicants in instance order, %" PRId64
            "..%" PRId64 " companies in instance order, %" PRId64 " sink (demand = applicants)\n",
            n + 1, n + 2, n + m + 1, sink);
    fputs("c arcs: source->applicant cap 1 cost 0; applicant->company per eligible pair cap 1 cost -weight;\n"
          "c company->sink cap capacity cost 0; source->sink cap applicants cost 0 (unplaced applicants)\n",
          f);
    fprintf(f, "p min %" PRId64 " %" PRId64 "\n", nodes, arcs);
    if (n > 0) fprintf(f, "n %" PRId64 " %" PRId64 "\nn %" PRId64 " %" PRId64 "\n", source, n, sink, -n);
    for (int64_t a = 0; a < n; a++) fprintf(f, "a %" PRId64 " %" PRId64 " 0 1 0\n", source, a + 2);
    for (int64_t a = 0; a < n; a++)
        for (int64_t k = p->app_off[a]; k < p->app_off[a + 1]; k++)
            fprintf(f, "a %" PRId64 " %" PRId64 " 0 1 %" PRId64 "\n", a + 2, n + 2 + p->com[k], -p->w[k]);
    for (int64_t c = 0; c < m; c++)
        fprintf(f, "a %" PRId64 " %" PRId64 " 0 %" PRId64 " 0\n", n + 2 + c, sink, (int64_t)inst->com[c].capacity);
    fprintf(f, "a %" PRId64 " %" PRId64 " 0 %" PRId64 " 0\n", source, sink, n);
    rc = mu_out_commit(&out, err);
    have_out = 0;
done:
    if (have_out) mu_out_abort(&out);
    mu_problem_free(&pb);
    return rc;
}
