import Testing
@testable import dadns

@Suite("Allocator tuning")
struct MallocTuningTests {
    @Test func theArenaLimitIsSetUnlessTheEnvironmentSetsOne() {
        #expect(MallocTuning.limitArenas(environment: ["MALLOC_ARENA_MAX": "4"]) == nil)
        #expect(MallocTuning.limitArenas(environment: [:]) == MallocTuning.defaultArenaLimit)
        MallocTuning.trim()
    }
}
