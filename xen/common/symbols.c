/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Address-to-name lookup for stack traces.  The table is generated from
 * the first link of the image (scripts/gen-symbols) and linked into the
 * second: addresses sorted ascending, then the names in the same order.
 */
#include <xen/lib.h>
#include <xen/symbols.h>

extern const unsigned long xen_symbols_nr;
extern const unsigned long xen_symbols_addrs[];
extern const char xen_symbols_names[];
extern const char _stext[], _etext[];

const char *symbols_lookup(unsigned long addr, char *buf, size_t size)
{
    unsigned long lo = 0, hi = xen_symbols_nr, idx, end;
    const char *name = xen_symbols_names;

    if ( addr < (unsigned long)_stext || addr >= (unsigned long)_etext ||
         !hi || addr < xen_symbols_addrs[0] )
    {
        snprintf(buf, size, "??");
        return buf;
    }

    /* Last symbol at or below addr. */
    while ( hi - lo > 1 )
    {
        unsigned long mid = lo + (hi - lo) / 2;

        if ( xen_symbols_addrs[mid] <= addr )
            lo = mid;
        else
            hi = mid;
    }
    idx = lo;
    end = idx + 1 < xen_symbols_nr ? xen_symbols_addrs[idx + 1]
                                   : (unsigned long)_etext;

    for ( unsigned long i = 0; i < idx; i++ )
        name += strlen(name) + 1;

    snprintf(buf, size, "%s+%#lx/%#lx", name, addr - xen_symbols_addrs[idx],
             end - xen_symbols_addrs[idx]);
    return buf;
}
