#ifndef DADNS_BUILD_INFO_H
#define DADNS_BUILD_INFO_H

/// The git commit the binary was built from, as `scripts/build-dist` passes it
/// (`-Xcc -DDADNS_BUILD_COMMIT="<sha>"`); empty for a plain `swift build`.
const char *dadns_build_commit(void);

#endif
