/* The built-in instruments, written in the definition format so that they
 * go through the same parser as user files. Wording is our own. */
#include <string.h>

#include "error_internal.h"
#include "index_internal.h"
#include "instrument_internal.h"

/* Seven behaviours of a customer-oriented organisation, two items each,
 * answered by staff about their own organisation. */
static const char customer_orientation[] =
    "instrument Customer orientation self-assessment\n"
    "# 1 = strongly disagree ... 7 = strongly agree\n"
    "scale 1 7\n"
    "subscale think mean Thinking and talking about customers\n"
    "subscale assess mean Continually assessing customers' perceptions\n"
    "subscale resolve mean Resolving priority issues in the customer's favour\n"
    "subscale add_value mean Giving in and adding value for customers\n"
    "subscale amends mean Making amends for poor treatment\n"
    "subscale special mean Doing whatever it takes for special needs\n"
    "subscale redesign mean Redesigning what gets in the way of service quality\n"
    "subscale overall mean Overall customer orientation\n"
    "item think1 think,overall + In our meetings, customers' needs and experiences come up "
    "as a matter of course.\n"
    "item think2 think,overall + People here explain their work by what it does for our "
    "customers.\n"
    "item assess1 assess,overall + We ask customers how they see us regularly, not only when "
    "something has gone wrong.\n"
    "item assess2 assess,overall - We learn what customers think of us only when they "
    "complain or leave.\n"
    "item resolve1 resolve,overall + When a rule and a customer's reasonable request clash, "
    "we settle it in the customer's favour.\n"
    "item resolve2 resolve,overall + The problems that matter most to customers are fixed "
    "before our internal conveniences.\n"
    "item add_value1 add_value,overall + We give way gracefully in small disagreements to keep "
    "a customer's goodwill.\n"
    "item add_value2 add_value,overall + We look for something extra to offer that customers "
    "did not ask for but will value.\n"
    "item amends1 amends,overall + When we let a customer down, we apologise and put it right "
    "without being asked twice.\n"
    "item amends2 amends,overall + Front-line staff may offer a remedy on the spot after a "
    "service failure.\n"
    "item special1 special,overall + When a customer has an unusual need, we find a way to "
    "meet it.\n"
    "item special2 special,overall - Requests outside our standard offer are usually turned "
    "down.\n"
    "item redesign1 redesign,overall + We change procedures that make it harder to serve "
    "customers well.\n"
    "item redesign2 redesign,overall + Budgets, tools and staffing are adjusted when they "
    "stand in the way of good service.\n";

/* Customer orientation (needs, dialogue, long-term satisfaction) versus
 * sales orientation (overselling for the immediate sale) of salespeople. */
static const char sales_customer_orientation[] =
    "instrument Customer orientation versus sales orientation of salespeople\n"
    "# 1 = never ... 7 = always\n"
    "scale 1 7\n"
    "subscale customer mean Customer orientation\n"
    "subscale sales mean Sales orientation\n"
    "item needs customer + I find out what a customer really needs before I suggest "
    "anything.\n"
    "item listen customer + I listen more than I talk when I meet a customer.\n"
    "item dialogue customer + I talk the options through openly so that the customer and I "
    "decide together.\n"
    "item best_fit customer + I recommend what best solves the customer's problem, even when "
    "it earns me less.\n"
    "item long_term customer + I want customers to be as pleased a year after buying as on "
    "the day they bought.\n"
    "item honest customer + I answer questions about what we sell as accurately as I can.\n"
    "item oversell sales + I try to sell customers as much as I can, whatever they need.\n"
    "item exaggerate sales + I make a product sound better than it is to close a sale.\n"
    "item pressure sales + I press for a decision even when the customer wants more time.\n"
    "item easy_sell sales + I offer what is easiest to sell rather than what the customer "
    "needs.\n"
    "item please sales + I agree with whatever customers say just to get the order.\n"
    "item done_deal sales + Once the customer has signed, I consider the job done.\n";

static const struct {
    const char *name;
    const char *text;
    size_t len;
} builtins[] = {
    {"customer-orientation", customer_orientation, sizeof customer_orientation - 1},
    {"sales-customer-orientation", sales_customer_orientation,
     sizeof sales_customer_orientation - 1},
};

#define BUILTIN_COUNT (sizeof builtins / sizeof builtins[0])

size_t co_instrument_builtin_count(void) { return BUILTIN_COUNT; }

int co_instrument_get_builtin_name(size_t index, const char **out)
{
    if (!out)
        return co__fail(CO_EINVAL, "co_instrument_get_builtin_name: NULL argument");
    int rc = co__index_check(index, BUILTIN_COUNT, "built-in instrument");
    if (rc < 0)
        return rc;
    *out = builtins[index].name;
    return CO_OK;
}

int co_instrument_builtin(const char *name, co_instrument **out)
{
    if (!name || !out)
        return co__fail(CO_EINVAL, "co_instrument_builtin: NULL argument");
    for (size_t i = 0; i < BUILTIN_COUNT; i++)
        if (strcmp(name, builtins[i].name) == 0)
            return co_instrument_parse(builtins[i].text, builtins[i].len, builtins[i].name, out);
    return co__fail(CO_ENOTFOUND, "no built-in instrument named '%s'", name);
}
