/* The knob table as the rest of the generator sees it (knobs.c): the text
 * form of each knob, for the command line recorded in an instance's
 * provenance, and the levels' names. Internal to generator/. */
#ifndef MU_GEN_KNOBS_H
#define MU_GEN_KNOBS_H

#include <stddef.h>

#include "generator/generator.h"

/* Knobs in table order: how many, the i-th flag (without "--"), and the
 * i-th value of k in the text form mu_gen_set reads back. */
int mu_gen_knob_count(void);
const char *mu_gen_knob_flag(int i);
void mu_gen_knob_text(const mu_gen_knobs *k, int i, char *buf, size_t cap);

/* A JLPT level as the knobs write it: "none" 0, "N5".."N1" 1..5, else -1
 * (model/instance.h's mu_jlpt_parse without "none"). English levels are
 * model/instance.h's mu_english_parse. */
int mu_gen_jlpt_level(const char *s);

#endif
