/* Allocation-failure injection for tests: an allocator that counts live
 * blocks and can fail the Nth allocation. */
#ifndef CO_TEST_FAIL_ALLOC_H
#define CO_TEST_FAIL_ALLOC_H

#include <stddef.h>

/* Install the counting allocator; allocation number `fail_at` (0-based,
 * counted from this call) fails once; -1 never fails. */
void co_test_alloc_install(long fail_at);
/* Restore libc's allocator. */
void co_test_alloc_uninstall(void);
/* Blocks allocated and not yet freed since install. */
long co_test_alloc_live(void);
/* Allocations attempted since install. */
long co_test_alloc_calls(void);
/* 1 if the planned failure has been injected. */
int co_test_alloc_failed(void);

/*
 * The allocation-failure sweep: for n = 0, 1, 2, ... run `op(ctx)` with the
 * nth allocation failing, until an attempt injects no failure (that attempt
 * must return CO_OK). Each failing attempt must return CO_ENOMEM, leave no
 * block allocated, and pass `unchanged(ctx)` (may be NULL; it should assert
 * that ctx's state is as before). Returns the number of failures injected;
 * fails the Criterion test on a violation. Blocks that the successful attempt
 * allocated belong to the caller (allocated with libc malloc).
 */
long co_test_alloc_sweep(int (*op)(void *ctx), void (*unchanged)(void *ctx), void *ctx);

#endif
