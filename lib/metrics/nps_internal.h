/* Validation shared by the NPS counting functions. */
#ifndef CO_NPS_INTERNAL_H
#define CO_NPS_INTERNAL_H

#include <stddef.h>

/* CO_OK, or CO_ERANGE for a score outside 0-10 / CO_EINVAL for a weight
 * (when not NULL) that is not a finite value >= 0, naming `index`. */
int co__nps_check_answer(int score, const double *weight, size_t index);

#endif
