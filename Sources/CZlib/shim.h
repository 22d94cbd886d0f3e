#ifndef ROLESYNC_CZLIB_SHIM_H
#define ROLESYNC_CZLIB_SHIM_H
#include <zlib.h>

/// `inflateInit2` is a function-like macro, which Swift does not import: this passes the
/// version and stream size the macro would.
static inline int rolesync_inflateInit2(z_streamp stream, int windowBits) {
    return inflateInit2(stream, windowBits);
}

/// `deflateInit2` is a macro too; tests and benchmarks compress their inputs through this.
static inline int rolesync_deflateInit2(z_streamp stream, int level, int windowBits) {
    return deflateInit2(stream, level, Z_DEFLATED, windowBits, 8, Z_DEFAULT_STRATEGY);
}
#endif
