/* SPDX-License-Identifier: GPL-2.0-only */
/* The domU's side of the pingpong test (see pingpong.c). */
#define PINGPONG_DOMU
#include "pingpong.c"
