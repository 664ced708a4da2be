/* SPDX-License-Identifier: GPL-2.0-only */
/* libxenguest's internals, shared by its files. */
#ifndef XG_PRIVATE_H
#define XG_PRIVATE_H

/*
 * The last line the hypervisor's shared code (libelf.c) printed, without
 * its log level prefix and newline: the builder quotes it in its errors.
 */
extern char xg_last_log[256];
void xg_log_reset(void);

#endif /* XG_PRIVATE_H */
