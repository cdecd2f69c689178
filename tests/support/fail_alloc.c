#include "fail_alloc.h"

#include <criterion/criterion.h>
#include <stdlib.h>

#include "custorient/core.h"

static long live, calls, fail_at_call;
static int injected;

static int should_fail(void)
{
    long this_call = calls++;
    if (this_call == fail_at_call) {
        injected = 1;
        return 1;
    }
    return 0;
}

static void *counting_malloc(void *ctx, size_t size)
{
    (void)ctx;
    if (should_fail())
        return NULL;
    void *p = malloc(size);
    if (p)
        live++;
    return p;
}

static void *counting_realloc(void *ctx, void *ptr, size_t size)
{
    (void)ctx;
    if (should_fail())
        return NULL;
    void *p = realloc(ptr, size);
    if (p && !ptr)
        live++;
    return p;
}

static void counting_free(void *ctx, void *ptr)
{
    (void)ctx;
    if (ptr)
        live--;
    free(ptr);
}

void co_test_alloc_install(long fail_at)
{
    live = 0;
    calls = 0;
    injected = 0;
    fail_at_call = fail_at;
    co_allocator a = {counting_malloc, counting_realloc, counting_free, NULL};
    co_set_allocator(&a);
}

void co_test_alloc_uninstall(void) { co_set_allocator(NULL); }
long co_test_alloc_live(void) { return live; }
long co_test_alloc_calls(void) { return calls; }
int co_test_alloc_failed(void) { return injected; }

long co_test_alloc_sweep(int (*op)(void *ctx), void (*unchanged)(void *ctx), void *ctx)
{
    for (long n = 0;; n++) {
        co_test_alloc_install(n);
        int rc = op(ctx);
        int failed = co_test_alloc_failed();
        if (!failed) {
            cr_assert_eq(rc, CO_OK, "op failed (%d: %s) with no injected failure", rc, co_errmsg());
            co_test_alloc_uninstall();
            return n;
        }
        cr_assert_eq(rc, CO_ENOMEM, "allocation %ld failed but op returned %d (%s)", n, rc,
                     co_errmsg());
        cr_assert_eq(co_test_alloc_live(), 0, "allocation %ld failed: %ld blocks leaked", n,
                     co_test_alloc_live());
        co_test_alloc_uninstall();
        if (unchanged)
            unchanged(ctx);
    }
}
