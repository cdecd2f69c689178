/* The store's layout, shared by its source files. Text lives in one pool
 * (offsets survive its growth); records refer to customers by index. */
#ifndef CO_STORE_INTERNAL_H
#define CO_STORE_INTERNAL_H

#include <stdint.h>

#include "custorient/store.h"
#include "index_map_internal.h"
#include "vec_internal.h"

typedef struct cust_rec {
    size_t id, name, email, segment; /* pool offsets */
    co_day signup;
    size_t tags_at, n_tags;   /* offsets in `strs` */
    size_t prefs_at, n_prefs; /* key/value offset pairs in `strs` */
} cust_rec;

typedef struct order_rec {
    size_t cust;
    co_day day;
    double amount;
    size_t id;
} order_rec;

typedef struct feedback_rec {
    size_t cust;
    co_day day;
    double score;
    size_t text;
    uint8_t channel, kind;
} feedback_rec;

typedef struct contact_rec {
    size_t cust;
    co_day opened, resolved;
    size_t topic;
    uint8_t priority;
} contact_rec;

struct co_store {
    co_vec pool; /* char: NUL-terminated strings */
    co_vec strs; /* size_t: pool offsets of tags and preference pairs */
    co_vec customers, orders, feedback, contacts;
    co_index_map by_id;    /* customer id -> customer index */
    co_index_map by_order; /* order id -> order index, once orders_indexed */
    /* 0 while the order ids form one strictly increasing run (shorter ids
     * first, then byte order), which alone proves them unique: by_order is
     * then empty. The first id out of order builds the index (1). */
    int orders_indexed;
};

#define STORE_STR(s, off) ((const char *)(s)->pool.data + (off))
#define STORE_CUST(s, i) (&CO_VEC_AT(&(s)->customers, cust_rec, i))

/* Lengths of everything, so that a failed multi-row operation can go back. */
typedef struct store_mark {
    size_t pool, strs, customers, orders, feedback, contacts;
    size_t orders_indexed; /* a flag, as size_t so that marks have no padding and
                              compare with memcmp */
} store_mark;

store_mark co__store_mark_now(const co_store *s);
/* Drop everything added since `m` (never allocates). */
void co__store_rollback(co_store *s, const store_mark *m);

/* Append `len` bytes and a NUL to the pool; its offset in *off. */
int co__store_push_str(co_store *s, const char *p, size_t len, size_t *off);
/* Index of a customer id, or SIZE_MAX. */
size_t co__store_find_customer(const co_store *s, const char *id, size_t len);

/* The add operations behind the public ones, for text already checked for
 * length and UTF-8 and a customer already looked up. Each is all-or-nothing. */
int co__store_add_customer_valid(co_store *s, const co_customer_input *c, size_t *out_index);
int co__store_add_order_at(co_store *s, size_t cust, const char *id, size_t id_len, co_day day,
                           double amount);
int co__store_add_feedback_at(co_store *s, size_t cust, co_day day, int channel, int kind,
                              double score, const char *text, size_t text_len);
int co__store_add_contact_at(co_store *s, size_t cust, co_day opened, co_day resolved, int priority,
                             const char *topic, size_t topic_len);

/* Load a snapshot image held in memory (`path` names it in messages). */
int co__store_load_image(const unsigned char *p, size_t len, const char *path, co_store **out);

/* The checksum that ends a snapshot, over all bytes before it. */
uint64_t co__store_snapshot_checksum(const unsigned char *p, size_t len);

/* Parse enum names ("survey", "nps", "high"); -1 if unknown. */
int co__channel_from_name(const char *p, size_t len);
int co__feedback_kind_from_name(const char *p, size_t len);
int co__priority_from_name(const char *p, size_t len);

/* The scale check shared by add_feedback and the CSV reader: CO_OK or
 * CO_EINVAL/CO_ERANGE with a message. */
int co__feedback_score_check(int kind, double score);

/* A summary of `n` rows with all arrays in one block (co_summary_free()
 * frees it), or NULL when out of memory. */
co_summary *co__summary_alloc(size_t n);

/* The same in `spare` (NULL: none), a block no longer needed, which it takes
 * over in every case: grown or shrunk in place where the allocator can, so
 * that the pages it has are not faulted in again. */
co_summary *co__summary_alloc_in(size_t n, void *spare);

#endif
