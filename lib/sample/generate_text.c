/* Words for the generator: names, feedback sentences that praise or
 * complain about one topic each, and messages of customers about to leave. */
#include "generate_internal.h"

const char *const co__gen_first_names[GEN_FIRST_NAMES] = {
    "Ada",   "Ben",   "Chloe", "Daniel", "Elena",  "Farid",  "Grace",  "Hugo",
    "Ines",  "Jonas", "Kira",  "Liam",   "Maya",   "Noah",   "Olivia", "Pablo",
    "Quinn", "Rosa",  "Samir", "Tara",   "Umar",   "Vera",   "Wei",    "Xenia",
    "Yusuf", "Zoe",   "Aiko",  "Bruno",  "Carmen", "Dmitri", "Emma",   "Felix",
};

const char *const co__gen_last_names[GEN_LAST_NAMES] = {
    "Adams",   "Becker", "Costa",    "Dubois", "Evans",  "Fischer",  "Garcia", "Hansen",
    "Ivanova", "Jensen", "Kowalski", "Lopez",  "Moreau", "Nakamura", "Okafor", "Patel",
    "Quint",   "Rossi",  "Schmidt",  "Tanaka", "Ueda",   "Varga",    "Weber",  "Young",
};

const char *const co__gen_topics[GEN_TOPICS] = {"price",   "delivery", "quality",
                                                "support", "billing",  "usability"};

/* [topic][variant] */
static const char *const praise[GEN_TOPICS][4] = {
    {"Great value for the price.", "Prices are fair and the discounts are generous.",
     "Cheaper than the competition and worth every penny.", "Honest pricing with no hidden fees."},
    {"Delivery was fast and the package arrived in perfect condition.",
     "My order arrived a day early, well packed.", "Shipping was quick and tracking was accurate.",
     "The courier was friendly and on time."},
    {"Excellent quality, it feels solid and well made.", "The product works perfectly.",
     "Superb build quality, better than I expected.", "Great quality and it still looks new."},
    {"The support team was helpful and solved my problem quickly.",
     "Friendly and knowledgeable support staff.", "Support answered within minutes, very helpful.",
     "The agent was patient and fixed everything on the first call."},
    {"Billing is clear and the invoices are easy to read.", "Payment was simple and secure.",
     "The refund was processed quickly.", "No surprises on my bill, thank you."},
    {"The app is easy to use and the checkout is smooth.", "Very intuitive website, I love it.",
     "Setting up my account took two minutes.", "Simple, clean and easy to navigate."},
};

static const char *const complaint[GEN_TOPICS][4] = {
    {"Way too expensive for what you get.", "The price went up again without any notice.",
     "Overpriced compared to other shops.", "Shipping fees are ridiculous."},
    {"My order arrived a week late and nobody told me why.",
     "The package was damaged when it arrived.",
     "Delivery took forever and tracking never updated.",
     "The courier left the parcel in the rain."},
    {"Poor quality, it broke after two weeks.", "The product stopped working after a month.",
     "Cheap materials, very disappointing.", "It looks nothing like the pictures."},
    {"Support never answered my emails.", "I waited an hour on hold and got no help.",
     "The support agent was rude and unhelpful.", "Nobody in support could fix my problem."},
    {"I was charged twice and still wait for a refund.", "The invoice was wrong again.",
     "Billing errors every month, terrible.", "They charged my card without asking."},
    {"The app is confusing and crashes all the time.", "Checkout is slow and frustrating.",
     "I could not find how to change my address.", "The website is hard to use on mobile."},
};

const char *co__gen_sentence(int topic, int positive, unsigned variant)
{
    return positive ? praise[topic][variant % 4] : complaint[topic][variant % 4];
}

static const char *const leaving[GEN_LEAVING] = {
    "I am cancelling my account, this was the last straw.",
    "Please close my account, I will not order again.",
    "I want to cancel my membership.",
    "I am switching to another shop after this.",
    "I want my money back for the last order.",
    "Please refund my last order, it never arrived.",
    "Still waiting for my refund, this is the third time I write.",
    "Refund my order and cancel my account.",
};

const char *co__gen_leaving_sentence(unsigned variant) { return leaving[variant % GEN_LEAVING]; }
