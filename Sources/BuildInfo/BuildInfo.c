#include "BuildInfo.h"

// A C define is the one way SwiftPM lets a build script hand a string to the binary without
// generating source files: scripts/build-dist sets it, everything else gets "".
#ifndef DADNS_BUILD_COMMIT
#define DADNS_BUILD_COMMIT ""
#endif

const char *dadns_build_commit(void) { return DADNS_BUILD_COMMIT; }
