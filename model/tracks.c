/* Tracks (instances/FORMAT.md, "Tracks"): a host that offers positions on
 * more than one track (in person, online), each with its own seats and
 * requirements, becomes one position per track before the document is read,
 * so that eligibility, weights, the audit, the formulation, the checker and
 * explanations all see ordinary hosts. Position ids are "HOST/TRACK"; each
 * carries the free attributes host and track. The first track's position
 * takes the host's place in `companies` (so every other record keeps its
 * index in error messages), the others are appended. A host's `capacity`,
 * when given with tracks, caps its tracks together (a quota row named
 * "tracks:HOST"). An applicant takes at most one placement overall, as
 * always. References to the host expand: a preference list entry "HOST"
 * becomes its positions in track order, a pair without "track" one pair per
 * track with the same weight. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/io.h"
#include "model/read_internal.h"

#define MAX_TRACKS 64

/* The value as written, for messages: at most 60 bytes. */
static const char *shown(const cJSON *v, char *buf, size_t n) {
    if (!v) return "nothing";
    char *t = cJSON_PrintUnformatted(v);
    snprintf(buf, n, "%.60s%s", t ? t : "?", t && strlen(t) > 60 ? "..." : "");
    free(t);
    return buf;
}

static int is_int_in(const cJSON *v, double lo, double hi) {
    return cJSON_IsNumber(v) && isfinite(v->valuedouble) && v->valuedouble == floor(v->valuedouble) &&
           v->valuedouble >= lo && v->valuedouble <= hi;
}

typedef struct host {
    char *id;
    int n;                  /* tracks */
    char *pos[MAX_TRACKS];  /* position ids */
    char *name[MAX_TRACKS]; /* track names */
} host;

static const host *find_host(const host *h, int nh, const char *id) {
    for (int i = 0; i < nh; i++)
        if (strcmp(h[i].id, id) == 0) return &h[i];
    return NULL;
}

/* Replaces the id-list entries naming a host by its positions, in track order. */
static int expand_list(cJSON *list, const host *h, int nh) {
    if (!cJSON_IsArray(list)) return MU_OK;
    for (cJSON *e = list->child; e;) {
        cJSON *next = e->next;
        const host *x = cJSON_IsString(e) ? find_host(h, nh, e->valuestring) : NULL;
        if (x) {
            for (int t = 0; t < x->n; t++) {
                cJSON *s = cJSON_CreateString(x->pos[t]);
                if (!s) return MU_ENOMEM;
                /* link s just before e (cJSON: the head's prev is the last item) */
                s->next = e;
                s->prev = e->prev;
                if (e == list->child) list->child = s;
                else e->prev->next = s;
                e->prev = s;
            }
            cJSON_Delete(cJSON_DetachItemViaPointer(list, e));
        }
        e = next;
    }
    return MU_OK;
}

/* Sets position p's id, capacity, requirements and the attributes host and track. */
static int set_position(cJSON *p, const host *x, int t, const cJSON *track) {
    const cJSON *req = cJSON_GetObjectItemCaseSensitive(track, "requires");
    cJSON *cap = cJSON_CreateNumber(cJSON_GetObjectItemCaseSensitive(track, "capacity")->valuedouble);
    cJSON *id = cJSON_CreateString(x->pos[t]);
    cJSON *r2 = req ? cJSON_Duplicate(req, 1) : NULL;
    if (!cap || !id || (req && !r2)) {
        cJSON_Delete(cap), cJSON_Delete(id), cJSON_Delete(r2);
        return MU_ENOMEM;
    }
    cJSON_DeleteItemFromObjectCaseSensitive(p, "id");
    cJSON_DeleteItemFromObjectCaseSensitive(p, "capacity");
    cJSON_AddItemToObject(p, "id", id);
    cJSON_AddItemToObject(p, "capacity", cap);
    if (r2) {
        cJSON_DeleteItemFromObjectCaseSensitive(p, "requires");
        cJSON_AddItemToObject(p, "requires", r2);
    }
    if (!cJSON_AddStringToObject(p, "host", x->id) || !cJSON_AddStringToObject(p, "track", x->name[t]))
        return MU_ENOMEM;
    return MU_OK;
}

/* Validates companies[i].tracks into x; MU_EINPUT (reported) when invalid. */
static int read_tracks(const mu_rd *rd, int i, const cJSON *c, const cJSON *tr, host *x) {
    int n = cJSON_GetArraySize(tr), rc = MU_OK, t = 0;
    char rec[64], field[96];
    snprintf(rec, sizeof rec, "companies[%d]", i);
    if (!cJSON_IsArray(tr) || n == 0 || n > MAX_TRACKS) {
        snprintf(field, sizeof field, "%s.tracks", rec);
        return mu_rd_bad(rd, field, NULL, "expected an array of 1 to %d track objects", MAX_TRACKS);
    }
    if (cJSON_GetObjectItemCaseSensitive(c, "host") || cJSON_GetObjectItemCaseSensitive(c, "track"))
        return mu_rd_bad(rd, rec, NULL, "a company with tracks cannot also have the attributes host or track");
    for (const cJSON *e = tr->child; e; e = e->next, t++) {
        static const char *const known[] = {"name", "capacity", "requires"};
        char track[80];
        snprintf(track, sizeof track, "%s.tracks[%d]", rec, t);
        if (!cJSON_IsObject(e)) {
            rc = mu_rd_bad(rd, track, NULL, "expected an object with name, capacity and requires");
            continue;
        }
        for (const cJSON *k = e->child; k; k = k->next) {
            size_t j = 0;
            while (j < 3 && strcmp(k->string, known[j]) != 0) j++;
            if (j == 3) rc = mu_rd_bad(rd, track, NULL, "unknown key \"%.60s\"", k->string);
        }
        const char *nm = mu_json_text(e, "name");
        snprintf(field, sizeof field, "%s.name", track);
        if (!nm || !nm[0] || strlen(nm) > 64 || strchr(nm, '/')) {
            rc = mu_rd_bad(rd, field, NULL, "expected a string of 1 to 64 bytes without '/'");
            continue;
        }
        const cJSON *tc = cJSON_GetObjectItemCaseSensitive(e, "capacity");
        char buf[80], capfield[96];
        snprintf(capfield, sizeof capfield, "%s.capacity", track);
        if (!is_int_in(tc, 0, MU_MAX_CAPACITY))
            rc = mu_rd_bad(rd, capfield, NULL, "expected an integer from 0 to %d, got %s", MU_MAX_CAPACITY,
                           shown(tc, buf, sizeof buf));
        for (int u = 0; u < x->n; u++)
            if (strcmp(x->name[u], nm) == 0)
                rc = mu_rd_bad(rd, field, NULL, "duplicate track \"%s\" (also tracks[%d])", nm, u);
        size_t len = strlen(x->id) + strlen(nm) + 2;
        if (!(x->name[x->n] = mu_strdup(nm, rd->err)) || !(x->pos[x->n] = mu_alloc(len, 1, rd->err))) {
            x->n++;
            return MU_ENOMEM;
        }
        snprintf(x->pos[x->n], len, "%s/%s", x->id, nm);
        x->n++;
    }
    return rc;
}

/* Pairs naming a host: with "track", that position; without, one pair per track. */
static int expand_pairs(const mu_rd *rd, cJSON *pairs, const host *h, int nh) {
    if (!cJSON_IsArray(pairs)) return MU_OK;
    int rc = MU_OK, k = 0;
    for (cJSON *e = pairs->child; e; k++) {
        cJSON *next = e->next;
        const char *co = cJSON_IsObject(e) ? mu_json_text(e, "company") : NULL;
        cJSON *tr = cJSON_IsObject(e) ? cJSON_GetObjectItemCaseSensitive(e, "track") : NULL;
        const host *x = co ? find_host(h, nh, co) : NULL;
        char rec[64];
        snprintf(rec, sizeof rec, "pairs[%d].track", k);
        if (tr && !x) {
            rc = mu_rd_bad(rd, rec, NULL, "company %s has no tracks", co ? co : "?");
        } else if (x && tr) {
            const char *name = mu_json_text(e, "track");
            int t = 0;
            while (t < x->n && !(name && strcmp(x->name[t], name) == 0)) t++;
            if (t == x->n) rc = mu_rd_bad(rd, rec, NULL, "company %s has no such track", x->id);
            else {
                cJSON *nid = cJSON_CreateString(x->pos[t]);
                if (!nid) return MU_ENOMEM;
                cJSON_ReplaceItemInObjectCaseSensitive(e, "company", nid);
                cJSON_DeleteItemFromObjectCaseSensitive(e, "track");
            }
        } else if (x) {
            for (int t = 1; t < x->n; t++) {
                cJSON *d = cJSON_Duplicate(e, 1), *nid = cJSON_CreateString(x->pos[t]);
                if (!d || !nid) return cJSON_Delete(d), cJSON_Delete(nid), MU_ENOMEM;
                cJSON_ReplaceItemInObjectCaseSensitive(d, "company", nid);
                cJSON_AddItemToArray(pairs, d); /* appended: indices of the records as written stay */
            }
            cJSON *nid = cJSON_CreateString(x->pos[0]);
            if (!nid) return MU_ENOMEM;
            cJSON_ReplaceItemInObjectCaseSensitive(e, "company", nid);
        }
        e = next;
    }
    return rc;
}

int mu_tracks_expand(const mu_rd *rd, cJSON *root) {
    mu_error *err = rd->err;
    cJSON *coms = cJSON_IsObject(root) ? cJSON_GetObjectItemCaseSensitive(root, "companies") : NULL;
    if (!cJSON_IsArray(coms)) return MU_OK; /* the reader reports it */
    int nh = 0, rc = MU_OK, i = 0;
    for (cJSON *c = coms->child; c; c = c->next)
        nh += cJSON_IsObject(c) && cJSON_GetObjectItemCaseSensitive(c, "tracks");
    if (!nh) return MU_OK;
    host *h = mu_calloc((size_t)nh, sizeof *h, err);
    cJSON *appended = cJSON_CreateArray();
    if (!h || !appended) {
        free(h), cJSON_Delete(appended);
        return MU_ENOMEM;
    }
    nh = 0;
    for (cJSON *c = coms->child; c; c = c->next, i++) {
        cJSON *tr = cJSON_IsObject(c) ? cJSON_GetObjectItemCaseSensitive(c, "tracks") : NULL;
        const char *id = tr ? mu_json_text(c, "id") : NULL;
        if (!id) continue; /* no tracks, or the reader reports the id */
        host *x = &h[nh++];
        if (!(x->id = mu_strdup(id, err))) {
            rc = MU_ENOMEM;
            goto done;
        }
        int rr = read_tracks(rd, i, c, tr, x);
        if (rr == MU_ENOMEM) {
            rc = rr;
            goto done;
        }
        if (rr) {
            rc = rr;
            continue;
        }
        const cJSON *cap = cJSON_GetObjectItemCaseSensitive(c, "capacity");
        if (cap && is_int_in(cap, 0, MU_MAX_CAPACITY)) { /* the host's seats over all its tracks: a quota row */
            cJSON *qs = cJSON_GetObjectItemCaseSensitive(root, "quotas");
            if (!qs && !(qs = cJSON_AddArrayToObject(root, "quotas"))) {
                rc = MU_ENOMEM;
                goto done;
            }
            cJSON *q = cJSON_CreateObject(), *f = cJSON_CreateObject();
            char name[400];
            snprintf(name, sizeof name, "tracks:%s", x->id);
            if (!q || !f || !cJSON_AddStringToObject(q, "name", name) || !cJSON_AddStringToObject(f, "host", x->id)) {
                cJSON_Delete(q), cJSON_Delete(f);
                rc = MU_ENOMEM;
                goto done;
            }
            cJSON_AddItemToObject(q, "companies", f);
            cJSON_AddNumberToObject(q, "max", cap->valuedouble);
            if (cJSON_IsArray(qs)) cJSON_AddItemToArray(qs, q);
            else cJSON_Delete(q);
        }
        int t = 1;
        for (const cJSON *e = tr->child->next; e; e = e->next, t++) {
            cJSON *p = cJSON_Duplicate(c, 1);
            if (!p) {
                rc = MU_ENOMEM;
                goto done;
            }
            cJSON_DeleteItemFromObjectCaseSensitive(p, "tracks");
            cJSON_AddItemToArray(appended, p);
            if ((rc = set_position(p, x, t, e))) goto done;
        }
        cJSON *t0 = cJSON_DetachItemFromObjectCaseSensitive(c, "tracks");
        rr = set_position(c, x, 0, t0->child);
        cJSON_Delete(t0);
        if (rr) {
            rc = rr;
            goto done;
        }
    }
    if (rc) goto done;
    while (appended->child) cJSON_AddItemToArray(coms, cJSON_DetachItemViaPointer(appended, appended->child));
    cJSON *apps = cJSON_GetObjectItemCaseSensitive(root, "applicants");
    for (cJSON *a = cJSON_IsArray(apps) ? apps->child : NULL; a && !rc; a = a->next)
        if (cJSON_IsObject(a)) rc = expand_list(cJSON_GetObjectItemCaseSensitive(a, "preferences"), h, nh);
    if (!rc) rc = expand_pairs(rd, cJSON_GetObjectItemCaseSensitive(root, "pairs"), h, nh);
done:
    for (int k = 0; k < nh; k++) {
        free(h[k].id);
        for (int t = 0; t < h[k].n; t++) free(h[k].pos[t]), free(h[k].name[t]);
    }
    free(h);
    cJSON_Delete(appended);
    return rc;
}
