#ifndef RENTGUY_CARGON2_SHIM_H
#define RENTGUY_CARGON2_SHIM_H
/* The reference Argon2 implementation (Debian's libargon2-dev). */
#include <argon2.h>
#endif
