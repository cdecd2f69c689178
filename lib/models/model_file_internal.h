/* The model-file writer's text, for the fuzz target's in-memory round trip. */
#ifndef CO_MODEL_FILE_INTERNAL_H
#define CO_MODEL_FILE_INTERNAL_H

#include "custorient/model_io.h"
#include "vec_internal.h"

/* Append the file co_model_save() writes for `model` to `b`. CO_OK or CO_ENOMEM. */
int co__model_format(const co_model_file *model, co_buf *b);

#endif
