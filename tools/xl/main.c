/* SPDX-License-Identifier: GPL-2.0-only */
/* xl's entry point: the real streams and /dev/xen/privcmd. */
#include <stdio.h>

#include "xl.h"

int main(int argc, char **argv)
{
    struct xl_env env = {
        .out = stdout,
        .err = stderr,
        .open = xc_open,
        .proc_uptime = "/proc/uptime",
        .run_dir = "/run/xl",
        .in_fd = 0,
    };
    int rc = xl_main(argc, argv, &env);

    if ( fflush(stdout) || ferror(stdout) )
    {
        perror("xl: stdout");
        return 1;
    }
    return rc;
}
