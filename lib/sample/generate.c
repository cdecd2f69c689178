/* The synthetic data generator (see custorient/generate.h for the model). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "custorient/csv.h"
#include "custorient/generate.h"
#include "custorient/nps.h"
#include "generate_internal.h"
#include "sized_internal.h"
#include "store_internal.h"

#define GEN_MAX_CUSTOMERS 10000000u

/* exp(5) = 148 times the drop-out rate is far beyond any plausible effect. */
#define MAX_EFFECT 5.0

/* The defaults co_generate_options_init() writes and fields an older caller lacks take. */
static co_generate_options defaults(void)
{
    co_generate_options d;
    memset(&d, 0, sizeof d);
    d.size = sizeof d;
    d.seed = 20240601u;
    d.customers = 4000;
    d.start = 18993; /* 2022-01-01: 52 years and 13 leap days after 1970-01-01 */
    d.end = 20088;   /* 2024-12-31 */
    d.r = 1.2;
    d.alpha = 60.0;
    d.a = 1.0;
    d.b = 10.0;
    d.spend_p = 6.0;
    d.spend_q = 4.0;
    d.spend_gamma = 15.0;
    d.survey_rate = 0.6;
    d.process = CO_GENERATE_PARETONBD;
    d.s = 2.0;
    d.beta = 600.0;
    d.detractor_effect = 0.75;
    d.complaint_effect = 0.5;
    return d;
}

int co_generate_options_init(co_generate_options *opts, size_t size)
{
    co_generate_options d = defaults();
    return co__options_init(opts, size, &d, sizeof d, __func__);
}

static int positive(double x) { return isfinite(x) && x > 0; }

static int check_options(const co_generate_options *o)
{
    if (!positive(o->r) || !positive(o->alpha) || !positive(o->a) || !positive(o->b) ||
        !positive(o->spend_p) || !positive(o->spend_q) || !positive(o->spend_gamma) ||
        !positive(o->s) || !positive(o->beta))
        return co__fail(CO_EINVAL, "generator parameters must be positive and finite");
    if (!(fabs(o->detractor_effect) <= MAX_EFFECT && fabs(o->complaint_effect) <= MAX_EFFECT))
        return co__fail(CO_EINVAL, "the feedback effects must lie in [-%g, %g]", MAX_EFFECT,
                        MAX_EFFECT);
    if (o->process != CO_GENERATE_PARETONBD && o->process != CO_GENERATE_BGNBD)
        return co__fail(CO_EINVAL, "unknown generator process %d", (int)o->process);
    if (!(o->survey_rate >= 0 && o->survey_rate <= 1))
        return co__fail(CO_EINVAL, "survey_rate must lie in [0, 1]");
    if (o->end - o->start < 30 || o->end - o->start > 36500)
        return co__fail(CO_EINVAL, "the observation window must span 30 days to 100 years");
    if (o->customers > GEN_MAX_CUSTOMERS)
        return co__fail(CO_ERANGE, "at most %u customers", GEN_MAX_CUSTOMERS);
    return CO_OK;
}

/* Days after sign-up within which the NPS answer and the unresolved complaint come. */
#define EARLY_DAYS 30

/* Share of the customers who stop buying that say so first. */
#define LEAVING_SAY_SO 0.15

typedef struct gen {
    const co_generate_options *o;
    co_rng rng;
    co_rng leaving; /* a stream of its own: the other records stay as they were without it */
    co_store *store;
    size_t orders;
    double nu; /* the current customer's spend rate */
    char id[24];
} gen;

static int clamp_round(double x, int lo, int hi)
{
    double v = floor(x + 0.5);
    return v < lo ? lo : v > hi ? hi : (int)v;
}

static double coin(gen *g) { return co__rng_uniform(&g->rng); }

static int add_customer(gen *g, size_t i, co_day signup)
{
    char name[64], email[96];
    const char *first = co__gen_first_names[gen_below(&g->rng, GEN_FIRST_NAMES)];
    const char *last = co__gen_last_names[gen_below(&g->rng, GEN_LAST_NAMES)];
    snprintf(name, sizeof name, "%s %s", first, last);
    int n = snprintf(email, sizeof email, "%s.%s%zu@example.com", first, last, i + 1);
    for (int k = 0; k < n; k++)
        if (email[k] >= 'A' && email[k] <= 'Z')
            email[k] = (char)(email[k] - 'A' + 'a');
    double u = coin(g);
    const char *segment = u < 0.6 ? "retail" : u < 0.9 ? "business" : "education";
    const char *tags[3];
    size_t n_tags = 0;
    if (coin(g) < 0.4)
        tags[n_tags++] = "newsletter";
    if (coin(g) < 0.3)
        tags[n_tags++] = "mobile";
    if (coin(g) < 0.1)
        tags[n_tags++] = "vip";
    static const char *const channels[] = {"email", "sms", "phone"};
    static const char *const languages[] = {"en", "de", "fr", "es"};
    const char *keys[2], *values[2];
    size_t n_prefs = 0;
    if (coin(g) < 0.5) {
        keys[n_prefs] = "channel";
        values[n_prefs++] = channels[gen_below(&g->rng, 3)];
    }
    if (coin(g) < 0.3) {
        keys[n_prefs] = "language";
        values[n_prefs++] = languages[gen_below(&g->rng, 4)];
    }
    co_customer_input c = {sizeof c, g->id,  name, email,  signup, segment,
                           tags,     n_tags, keys, values, n_prefs};
    return co_store_add_customer(g->store, &c, NULL);
}

/* One customer's draws that the records follow. */
typedef struct person {
    co_day signup;
    double mood;        /* latent satisfaction, mean 0 */
    int nps;            /* NPS answer, or -1 for none */
    int complaint;      /* 1: a complaint that is never resolved */
    co_day last_order;  /* day of the last order */
    co_day alive_until; /* last day as a customer, at most the window's end */
} person;

static int add_order(gen *g, co_day day)
{
    char order_id[24];
    snprintf(order_id, sizeof order_id, "O%07zu", ++g->orders);
    double amount = floor(co__rng_gamma(&g->rng, g->o->spend_p, 1.0) / g->nu * 100.0 + 0.5) / 100.0;
    return co_store_add_order(g->store, order_id, g->id, day, amount < 0.01 ? 0.01 : amount);
}

/* Pareto/NBD: purchases at rate lambda during an exponential lifetime of rate
 * mu, the first on the sign-up day. */
static int add_orders_paretonbd(gen *g, person *c, double lambda, double effect)
{
    const co_generate_options *o = g->o;
    double mu = co__rng_gamma(&g->rng, o->s, 1.0) / o->beta * effect;
    double life = co__rng_exponential(&g->rng, mu);
    double open = (double)(o->end - c->signup); /* days left in the window */
    double end = life < open ? life : open;
    double t = 0;
    int rc = CO_OK;
    while (rc == CO_OK && t <= end) {
        c->last_order = c->signup + (co_day)t;
        rc = add_order(g, c->last_order);
        t += co__rng_exponential(&g->rng, lambda);
    }
    c->alive_until = c->signup + (co_day)end;
    return rc;
}

/* BG/NBD: after every purchase the customer drops out with probability p. */
static int add_orders_bgnbd(gen *g, person *c, double lambda, double effect)
{
    const co_generate_options *o = g->o;
    double p = co__rng_beta(&g->rng, o->a * effect, o->b);
    double span = (double)(o->end - o->start + 1);
    co_day day = c->signup;
    for (;;) {
        int rc = add_order(g, day);
        if (rc < 0)
            return rc;
        c->last_order = day;
        if (coin(g) < p)
            break; /* dropped out after this purchase */
        double gap = -log(coin(g)) / lambda;
        if (gap > span)
            break;
        day += (co_day)gap;
        if (day > o->end)
            break;
    }
    c->alive_until = c->last_order;
    return CO_OK;
}

/* The orders of `c`; its feedback multiplies the drop-out by exp(g . x). */
static int add_orders(gen *g, person *c)
{
    const co_generate_options *o = g->o;
    int detractor = c->nps >= 0 && c->nps <= CO_NPS_DETRACTOR_MAX;
    double effect = exp(o->detractor_effect * detractor + o->complaint_effect * c->complaint);
    double lambda = co__rng_gamma(&g->rng, o->r, 1.0) / o->alpha;
    g->nu = co__rng_gamma(&g->rng, o->spend_q, 1.0) / o->spend_gamma;
    return o->process == CO_GENERATE_BGNBD ? add_orders_bgnbd(g, c, lambda, effect)
                                           : add_orders_paretonbd(g, c, lambda, effect);
}

/* Up to two sentences about random topics, praising or criticising. */
static void compose(gen *g, char *out, size_t cap, int tone)
{
    int t1 = (int)gen_below(&g->rng, GEN_TOPICS), t2 = (int)gen_below(&g->rng, GEN_TOPICS);
    unsigned v1 = gen_below(&g->rng, 4), v2 = gen_below(&g->rng, 4);
    if (t2 == t1)
        t2 = (t1 + 1) % GEN_TOPICS;
    if (tone > 0)
        snprintf(out, cap, "%s", co__gen_sentence(t1, 1, v1));
    else if (tone < 0 && coin(g) < 0.4)
        snprintf(out, cap, "%s %s", co__gen_sentence(t1, 0, v1), co__gen_sentence(t2, 0, v2));
    else if (tone < 0)
        snprintf(out, cap, "%s", co__gen_sentence(t1, 0, v1));
    else
        snprintf(out, cap, "%s But %c%s", co__gen_sentence(t1, 1, v1),
                 (char)(co__gen_sentence(t2, 0, v2)[0] | 0x20), co__gen_sentence(t2, 0, v2) + 1);
}

static co_day day_between(gen *g, co_day from, co_day to)
{
    return to <= from ? from : from + (co_day)gen_below(&g->rng, (unsigned)(to - from + 1));
}

/* A day within EARLY_DAYS of sign-up. */
static co_day early_day(gen *g, co_day signup)
{
    co_day last = signup + EARLY_DAYS;
    return day_between(g, signup, last > g->o->end ? g->o->end : last);
}

/* Whether the customer answers the NPS survey and with what score, drawn before
 * the orders because a detractor's answer changes them. */
static int draw_nps(gen *g, double mood)
{
    if (coin(g) >= g->o->survey_rate)
        return -1;
    return clamp_round(8.0 + 2.2 * mood + 0.8 * co__rng_normal(&g->rng), 0, 10);
}

static int add_feedback(gen *g, const person *c)
{
    const co_generate_options *o = g->o;
    char text[256];
    co_day last = c->alive_until + 60 > o->end ? o->end : c->alive_until + 60;
    double mood = c->mood;
    int rc = CO_OK;
    if (c->nps >= 0) {
        text[0] = '\0';
        if (coin(g) < 0.75)
            compose(g, text, sizeof text, c->nps >= 9 ? 1 : c->nps >= 7 ? 0 : -1);
        rc = co_store_add_feedback(g->store, g->id, early_day(g, c->signup), CO_CHANNEL_SURVEY,
                                   CO_FEEDBACK_NPS, c->nps, text);
    }
    if (rc == CO_OK && coin(g) < 0.2) {
        int stars = clamp_round(3.8 + 1.2 * mood + 0.6 * co__rng_normal(&g->rng), 1, 5);
        compose(g, text, sizeof text, stars >= 4 ? 1 : stars == 3 ? 0 : -1);
        rc = co_store_add_feedback(g->store, g->id, day_between(g, c->signup, last),
                                   CO_CHANNEL_REVIEW, CO_FEEDBACK_RATING, stars, text);
    }
    if (rc == CO_OK && coin(g) < 0.08) {
        compose(g, text, sizeof text, mood + 0.5 * co__rng_normal(&g->rng) >= 0 ? 1 : -1);
        rc = co_store_add_feedback(g->store, g->id, day_between(g, c->signup, last),
                                   CO_CHANNEL_SOCIAL, CO_FEEDBACK_TEXT, NAN, text);
    }
    return rc;
}

/* Some customers who stop buying write first that they will cancel or want
 * their money back: in the 30 days up to their last order. */
static int add_leaving(gen *g, const person *c)
{
    co_day signup = c->signup, until = c->last_order;
    if (c->alive_until >= g->o->end - 90 || co__rng_uniform(&g->leaving) >= LEAVING_SAY_SO)
        return CO_OK;
    co_day from = until - 30 > signup ? until - 30 : signup;
    co_day day = from + (co_day)floor(co__rng_uniform(&g->leaving) * (double)(until - from + 1));
    unsigned variant = (unsigned)(co__rng_uniform(&g->leaving) * GEN_LEAVING);
    return co_store_add_feedback(g->store, g->id, day > until ? until : day, CO_CHANNEL_DIRECT,
                                 CO_FEEDBACK_TEXT, NAN, co__gen_leaving_sentence(variant));
}

static const int contact_topics[] = {0, 1, 2, 4, 5}; /* every topic but "support" itself */

/* The complaint that is never resolved, drawn before the orders. */
static int draw_complaint(gen *g, double mood)
{
    return coin(g) < 0.03 + 0.12 * (mood < 0 ? -mood : 0);
}

/* Support contacts, each possibly followed by CSAT and CES surveys; all but the
 * unresolved complaint are resolved by the window's end. */
static int add_contacts(gen *g, const person *c)
{
    const co_generate_options *o = g->o;
    double mood = c->mood;
    co_day signup = c->signup, alive_until = c->alive_until;
    if (c->complaint) {
        int rc = co_store_add_contact(g->store, g->id, early_day(g, signup), CO_DAY_NONE,
                                      CO_PRIORITY_HIGH,
                                      co__gen_topics[contact_topics[gen_below(&g->rng, 5)]]);
        if (rc < 0)
            return rc;
    }
    unsigned n = (unsigned)co__rng_poisson(&g->rng, 0.4 + 0.6 * (mood < 0 ? -mood : 0));
    for (unsigned k = 0; k < n; k++) {
        co_day opened = day_between(g, signup, alive_until);
        double u = coin(g);
        co_priority priority = u < 0.2    ? CO_PRIORITY_LOW
                               : u < 0.75 ? CO_PRIORITY_NORMAL
                               : u < 0.95 ? CO_PRIORITY_HIGH
                                          : CO_PRIORITY_URGENT;
        int topic = contact_topics[gen_below(&g->rng, 5)];
        double days = floor(exp(0.7 + 0.8 * co__rng_normal(&g->rng) - 0.3 * mood));
        co_day resolved = opened + (co_day)(days > 60 ? 60 : days);
        if (resolved > o->end)
            resolved = o->end;
        int rc = co_store_add_contact(g->store, g->id, opened, resolved, priority,
                                      co__gen_topics[topic]);
        if (rc < 0)
            return rc;
        if (coin(g) < 0.6) {
            int score = clamp_round(3.8 + mood - 0.15 * days + 0.7 * co__rng_normal(&g->rng), 1, 5);
            const char *text = score >= 4   ? co__gen_sentence(3, 1, gen_below(&g->rng, 4))
                               : score <= 2 ? co__gen_sentence(3, 0, gen_below(&g->rng, 4))
                                            : "";
            if ((rc = co_store_add_feedback(g->store, g->id, resolved, CO_CHANNEL_SUPPORT,
                                            CO_FEEDBACK_CSAT, score, text)) < 0)
                return rc;
        }
        if (coin(g) < 0.35) {
            int score = clamp_round(5.0 + mood - 0.2 * days + co__rng_normal(&g->rng), 1, 7);
            if ((rc = co_store_add_feedback(g->store, g->id, resolved, CO_CHANNEL_SUPPORT,
                                            CO_FEEDBACK_CES, score, "")) < 0)
                return rc;
        }
    }
    return CO_OK;
}

int co_generate(const co_generate_options *opts, co_store **out)
{
    if (!opts || !out)
        return co__fail(CO_EINVAL, "co_generate: NULL argument");
    co_generate_options resolved = defaults();
    if (co__options_resolve(&resolved, sizeof resolved, opts, "co_generate_options") < 0)
        return CO_EINVAL;
    opts = &resolved;
    int rc = check_options(opts);
    if (rc < 0)
        return rc;
    gen g = {.o = opts};
    co__rng_seed(&g.rng, opts->seed);
    co__rng_seed(&g.leaving, opts->seed ^ 0x6c656176696e6721u); /* "leaving!" */
    if ((rc = co_store_new(&g.store)) < 0)
        return rc;
    for (size_t i = 0; i < opts->customers && rc == CO_OK; i++) {
        snprintf(g.id, sizeof g.id, "C%05zu", i + 1);
        person c = {.signup = day_between(&g, opts->start, opts->end - 29)};
        if ((rc = add_customer(&g, i, c.signup)) < 0)
            break;
        c.mood = 0.8 * co__rng_normal(&g.rng);
        c.nps = draw_nps(&g, c.mood);
        c.complaint = draw_complaint(&g, c.mood);
        if ((rc = add_orders(&g, &c)) < 0 || (rc = add_feedback(&g, &c)) < 0 ||
            (rc = add_contacts(&g, &c)) < 0 || (rc = add_leaving(&g, &c)) < 0)
            break;
    }
    if (rc < 0) {
        co_store_free(g.store);
        return rc;
    }
    *out = g.store;
    return CO_OK;
}

int co_generate_csv(const co_generate_options *opts, const char *dir)
{
    static const char *const names[4] = {"customers", "orders", "feedback", "contacts"};
    co_generate_options full = defaults();
    if (!dir)
        return co__fail(CO_EINVAL, "co_generate_csv: NULL directory");
    co_store *s = NULL;
    int rc = co_generate(opts ? opts : &full, &s);
    for (int k = 0; k < 4 && rc == CO_OK; k++) {
        co_buf path = {0};
        if ((rc = co__buf_printf(&path, "%s/%s.csv", dir, names[k])) == CO_OK)
            rc = co_store_export_csv(s, (co_record_kind)k, path.data);
        co__buf_free(&path);
    }
    co_store_free(s);
    return rc;
}
