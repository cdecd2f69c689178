/* An outside program: prints the library version and checks it against the
 * headers it was compiled with. */
#include <custorient.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
    char expected[32];
    snprintf(expected, sizeof expected, "%d.%d.%d", CO_VERSION_MAJOR, CO_VERSION_MINOR,
             CO_VERSION_PATCH);
    printf("custorient %s\n", co_version());
    return strcmp(expected, co_version()) == 0 ? 0 : 1;
}
