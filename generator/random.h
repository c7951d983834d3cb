/* The generator's random numbers: seeded, streaming, integer only. Header
 * only, as kissat's random.h: the draws are a few instructions each and sit
 * in the inner loops of model.c, so they are inlined there.
 *
 * Every draw comes from splitmix64 (Steele, Lea and Flood, "Fast splittable
 * pseudorandom number generators", OOPSLA 2014): a Weyl sequence (add the
 * golden-ratio constant) passed through a 64-bit finaliser (two
 * xor-shift-multiply rounds). A stream is keyed by (seed, purpose, index),
 * the finaliser applied to each in turn, so neighbouring indices give
 * unrelated streams: an applicant's draws are a pure function of the seed
 * and its index, the writers regenerate an applicant instead of keeping it,
 * and adding a draw to one purpose never shifts another.
 *
 * A draw below n rejects the lowest 2^64 mod n outputs: what is left is a
 * whole number of copies of [0, n), so x mod n is exactly uniform.
 *
 * The permutation is a 4-round Feistel network on the smallest even number
 * of bits covering n (Luby and Rackoff, SIAM J. Comput. 17, 1988), each
 * round's function the finaliser of (key, right half, round); a value that
 * lands at or past n is enciphered again until it falls inside [0, n)
 * (cycle walking: Black and Rogaway, "Ciphers with arbitrary finite
 * domains", CT-RSA 2002). It spreads exactly apportioned categories over
 * the records without keeping a table.
 *
 * Determinism: integer arithmetic only, no floating point and no global
 * state, so the same seed gives the same numbers on any machine and in any
 * thread. Ownership: streams and permutations are plain values. */
#ifndef MU_GEN_RANDOM_H
#define MU_GEN_RANDOM_H

#include <stdint.h>

#include "generator/generator.h"

#define MU_GEN_GOLDEN 0x9e3779b97f4a7c15ULL

/* The purposes (stream tags). Append only: a renumbered tag changes every
 * instance drawn from it. */
enum {
    MU_GEN_T_APP = 1,
    MU_GEN_T_COMP,
    MU_GEN_T_NOISE_APP,
    MU_GEN_T_NOISE_COMP,
    MU_GEN_T_NOISE_PAIR,
    MU_GEN_T_PERM_NAT,
    MU_GEN_T_PERM_LANG,
    MU_GEN_T_PERM_FIELD,
    MU_GEN_T_PERM_SECTOR,
    MU_GEN_T_PERM_REGION,
    MU_GEN_T_PERM_SIZE,
    MU_GEN_T_PERM_OVERSEAS,
    MU_GEN_T_PERM_CAPACITY
};

/* The splitmix64 finaliser. */
static inline uint64_t mu_gen_mix64(uint64_t z) {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* One 64-bit hash of (seed, tag, x, y): the key of a stream, or a single
 * draw (a noise term) that needs no stream. */
static inline uint64_t mu_gen_hash4(uint64_t seed, uint64_t tag, uint64_t x, uint64_t y) {
    uint64_t h = mu_gen_mix64(seed + MU_GEN_GOLDEN * tag);
    h = mu_gen_mix64(h ^ (x + MU_GEN_GOLDEN));
    return mu_gen_mix64(h ^ (y + 2 * MU_GEN_GOLDEN));
}

/* A splitmix64 stream. */
typedef struct mu_gen_stream {
    uint64_t s;
} mu_gen_stream;

/* The stream of (seed, tag, index). */
static inline mu_gen_stream mu_gen_stream_at(uint64_t seed, uint64_t tag, uint64_t index) {
    mu_gen_stream r = {mu_gen_hash4(seed, tag, index, 0)};
    return r;
}

static inline uint64_t mu_gen_next64(mu_gen_stream *r) {
    r->s += MU_GEN_GOLDEN;
    return mu_gen_mix64(r->s);
}

/* Uniform in [0, n), n > 0, without modulo bias. */
static inline uint64_t mu_gen_below(mu_gen_stream *r, uint64_t n) {
    uint64_t t = (0 - n) % n; /* 2^64 mod n */
    for (;;) {
        uint64_t x = mu_gen_next64(r);
        if (x >= t) return x % n;
    }
}

/* Uniform in [g.min, g.max]; g.min when the range holds one value. */
static inline int64_t mu_gen_in_range(mu_gen_stream *r, mu_gen_range g) {
    if (g.max <= g.min) return g.min;
    return g.min + (int64_t)mu_gen_below(r, (uint64_t)(g.max - g.min + 1));
}

/* 1 with probability permille / 1000. */
static inline int mu_gen_chance(mu_gen_stream *r, int32_t permille) {
    return (int64_t)mu_gen_below(r, 1000) < (int64_t)permille;
}

/* A keyed pseudo-random permutation of [0, n), evaluated point by point. */
typedef struct mu_gen_perm {
    uint64_t n, key, mask;
    unsigned half;
} mu_gen_perm;

static inline void mu_gen_perm_init(mu_gen_perm *p, uint64_t n, uint64_t key) {
    unsigned bits = 2;
    while (bits < 62 && (UINT64_C(1) << bits) < n) bits++;
    if (bits & 1) bits++;
    p->n = n;
    p->key = key;
    p->half = bits / 2;
    p->mask = (UINT64_C(1) << p->half) - 1;
}

static inline uint64_t mu_gen_perm_apply(const mu_gen_perm *p, uint64_t x) {
    do {
        uint64_t l = x >> p->half, r = x & p->mask;
        for (uint64_t round = 0; round < 4; round++) {
            uint64_t f = mu_gen_mix64(p->key ^ (r + MU_GEN_GOLDEN * (round + 1))) & p->mask;
            uint64_t t = l ^ f;
            l = r;
            r = t;
        }
        x = (l << p->half) | r;
    } while (x >= p->n);
    return x;
}

#endif
