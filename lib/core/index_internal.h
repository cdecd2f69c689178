/* The one check of every element getter: an index past the end is CO_ERANGE. */
#ifndef CO_INDEX_INTERNAL_H
#define CO_INDEX_INTERNAL_H

#include <stddef.h>

/* CO_OK if `index` < `count`; else CO_ERANGE with the message
 * "no <what> at index <index> (count <count>)". */
int co__index_check(size_t index, size_t count, const char *what);

#endif
