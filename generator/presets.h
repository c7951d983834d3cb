/* What the presets add to an instance besides their knobs (presets.c): the
 * description and the provenance. Internal to generator/. */
#ifndef MU_GEN_PRESETS_H
#define MU_GEN_PRESETS_H

#include <stdio.h>

#include "generator/generator.h"

/* The instance's one-line description: the preset's, or a generic one. */
const char *mu_gen_description(const mu_gen_knobs *k);

/* Writes the value of the "provenance" key: for a historical preset the
 * sources, the published figures and how each is used, what was
 * synthesized, the calibration and the tolerance; for any instance the
 * command that regenerates it (the preset and every knob that differs). */
void mu_gen_write_provenance(FILE *f, const mu_gen_knobs *k);

#endif
