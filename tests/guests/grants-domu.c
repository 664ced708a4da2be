/* SPDX-License-Identifier: GPL-2.0-only */
/* The domU's side of the grants test (see grants.c). */
#define GRANTS_DOMU
#include "grants.c"
