/**
 * @file custorient.h
 * @brief Umbrella header of libcustorient: include this one to get every module.
 */
#ifndef CUSTORIENT_H
#define CUSTORIENT_H

#include "custorient/core.h"
#include "custorient/rfm.h"

#endif
