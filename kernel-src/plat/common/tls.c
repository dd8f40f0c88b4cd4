/* The default TLS pointer (<uk/plat/tls.h>): one for every architecture. */
#include <uk/plat/tls.h>

unsigned long ukplat_tlsp_default;
