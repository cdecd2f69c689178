/* The frame of serialised partial states (custorient/partial.h) and NPS accumulators as
 * bytes. The checksum is checked against the published CRC-32C check value and against
 * the bitwise form in tests/support/partial_check.h. */
#include <criterion/criterion.h>
#include <string.h>

#include "custorient.h"
#include "fail_alloc.h"
#include "partial_check.h"
#include "partial_internal.h"

Test(partial, crc32c_matches_the_published_check_value)
{
    /* RFC 3720 (iSCSI), appendix B.4, and the CRC catalogue: CRC-32C("123456789") =
     * 0xE3069283; 32 zero bytes give 0x8A9136AA (RFC 3720 B.4). */
    cr_assert_eq(co__crc32c(0, "123456789", 9), 0xE3069283u);
    unsigned char zeros[32] = {0};
    cr_assert_eq(co__crc32c(0, zeros, 32), 0x8A9136AAu);
    /* continuing from a prefix gives the same as one call */
    cr_assert_eq(co__crc32c(co__crc32c(0, "1234", 4), "56789", 5), 0xE3069283u);
}

static co_nps sample_nps(void)
{
    co_nps acc = {0};
    int scores[] = {10, 9, 3, 7, 0, 10, 8};
    double weights[] = {1.5, 2.0, 0.25, 1.0, 3.0, 0.5, 1e-3};
    cr_assert_eq(co_nps_add_many_weighted(&acc, scores, weights, 7), CO_OK);
    return acc;
}

Test(partial, frame_layout_is_the_documented_one)
{
    co_nps acc = sample_nps();
    void *bytes = NULL;
    size_t len = 0;
    cr_assert_eq(co_nps_serialize(&acc, &bytes, &len), CO_OK);
    /* header 16 + payload 3 u64 + 4 f64 = 56 + checksum 4 */
    cr_assert_eq(len, 76);
    const unsigned char *p = bytes;
    cr_assert_eq(memcmp(p, "COPS", 4), 0);
    cr_assert_eq(p[4] | p[5] << 8, CO_PARTIAL_NPS);
    cr_assert_eq(p[6] | p[7] << 8, 1);
    cr_assert_eq(p[8], 56);
    for (int i = 9; i < 16; i++)
        cr_assert_eq(p[i], 0);
    /* the first count (detractors: 3 and 0) little-endian at offset 16 */
    cr_assert_eq(p[16], 2);
    uint32_t crc =
        (uint32_t)p[72] | (uint32_t)p[73] << 8 | (uint32_t)p[74] << 16 | (uint32_t)p[75] << 24;
    cr_assert_eq(crc, test_crc32c(p, 72));
    int kind = 0, version = 0;
    cr_assert_eq(co_partial_peek(bytes, len, &kind, &version), CO_OK);
    cr_assert_eq(kind, CO_PARTIAL_NPS);
    cr_assert_eq(version, 1);
    cr_assert_str_eq(co_partial_kind_name(kind), "NPS counts");
    cr_assert_null(co_partial_kind_name(0));
    cr_assert_null(co_partial_kind_name(CO_PARTIAL_KIND_COUNT));
    co_partial_free(bytes);
    co_partial_free(NULL);
}

Test(partial, nps_round_trip_is_exact)
{
    co_nps acc = sample_nps(), back;
    void *bytes = NULL;
    size_t len = 0;
    cr_assert_eq(co_nps_serialize(&acc, &bytes, &len), CO_OK);
    memset(&back, 0xA5, sizeof back);
    cr_assert_eq(co_nps_deserialize(bytes, len, &back), CO_OK);
    cr_assert_eq(memcmp(&back, &acc, sizeof acc), 0);
    co_partial_free(bytes);
}

static int decode_nps(const void *bytes, size_t len, void *ctx)
{
    co_nps *out = ctx, before = *out;
    int rc = co_nps_deserialize(bytes, len, out);
    if (rc != CO_OK)
        cr_assert_eq(memcmp(out, &before, sizeof before), 0, "a failed read wrote its output");
    return rc;
}

Test(partial, every_flip_and_truncation_is_refused)
{
    co_nps acc = sample_nps(), out = {0};
    void *bytes = NULL;
    size_t len = 0;
    cr_assert_eq(co_nps_serialize(&acc, &bytes, &len), CO_OK);
    check_damage_refused(bytes, len, decode_nps, &out);
    co_partial_free(bytes);
}

Test(partial, wrong_kind_newer_version_and_bad_payload_are_named)
{
    co_nps acc = sample_nps(), out = {0};
    void *bytes = NULL;
    size_t len = 0;
    cr_assert_eq(co_nps_serialize(&acc, &bytes, &len), CO_OK);
    unsigned char *p = bytes;

    p[4] = CO_PARTIAL_KM; /* an intact frame of another kind */
    test_reseal(p, len);
    cr_assert_eq(co_nps_deserialize(p, len, &out), CO_EINVAL);
    cr_assert_str_eq(co_errmsg(),
                     "bytes hold a partial state of Kaplan-Meier counts, not NPS counts");
    p[4] = CO_PARTIAL_NPS;

    p[6] = 2; /* a later payload layout */
    test_reseal(p, len);
    cr_assert_eq(co_nps_deserialize(p, len, &out), CO_ECORRUPT);
    cr_assert_str_eq(co_errmsg(), "NPS counts of format version 2; this library reads 1 to 1");
    p[6] = 1;

    /* a negative weight in an intact frame: the payload check refuses it */
    double minus = -1.0;
    memcpy(p + 16 + 24, &minus, 8);
    test_reseal(p, len);
    cr_assert_eq(co_nps_deserialize(p, len, &out), CO_ECORRUPT);
    cr_assert_str_eq(co_errmsg(), "partial state damaged: an NPS weight is negative or not finite");

    /* counts whose total wraps */
    memset(p + 16, 0xff, 16);
    memset(p + 40, 0, 24);
    test_reseal(p, len);
    cr_assert_eq(co_nps_deserialize(p, len, &out), CO_ECORRUPT);
    cr_assert_eq(memcmp(&out, &(co_nps){0}, sizeof out), 0);

    cr_assert_eq(co_nps_deserialize(NULL, len, &out), CO_EINVAL);
    cr_assert_eq(co_nps_deserialize(p, len, NULL), CO_EINVAL);
    cr_assert_eq(co_nps_serialize(NULL, &bytes, &len), CO_EINVAL);
    int kind, version;
    cr_assert_eq(co_partial_peek("COPX", 4, &kind, &version), CO_ECORRUPT);
    cr_assert_eq(co_partial_peek(NULL, 0, &kind, &version), CO_EINVAL);
    co_partial_free(bytes);
}

Test(partial, serialize_fails_cleanly_without_memory)
{
    co_nps acc = sample_nps();
    void *bytes = (void *)&acc;
    size_t len = 12345;
    co_test_alloc_install(0);
    int rc = co_nps_serialize(&acc, &bytes, &len);
    co_test_alloc_uninstall();
    cr_assert_eq(rc, CO_ENOMEM);
    cr_assert_eq(bytes, (void *)&acc);
    cr_assert_eq(len, 12345);
}
