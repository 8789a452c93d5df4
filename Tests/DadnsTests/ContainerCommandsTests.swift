import Foundation
import Testing
import DadnsTestKit
import DadnsTestTraits

/// What the container image's entrypoint and health check ask of `dadns`, and the version line
/// `scripts/build-dist` stamps (the image itself is proved by `scripts/test-dist`).
@Suite("Container commands", .offThePool)
struct ContainerCommandsTests {
    static let containerDefault = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("contrib/container/app.yml").path

    func run(_ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, output: String, errors: String) {
        try ReadmeCommandTests().run(arguments, in: try Scratch.directory("container"), environment: environment)
    }

    @Test func theContainerDefaultLoadsWithoutWarningsAndEnablesBind() throws {
        let checked = try run(["check-config", "--config", Self.containerDefault, "--config-only"], environment: ["DADNS_APP_AUTH_PASSWORD": "pw"])
        #expect(checked.status == 0, "\(checked.errors)")
        #expect(checked.errors.isEmpty, "warnings: \(checked.errors)")
        let types = try run(["check-config", "--config", Self.containerDefault, "--enabled-backend-types"])
        #expect(types.status == 0, "\(types.errors)")
        #expect(types.output == "bind\n")
    }

    @Test func enabledBackendTypesFollowTheEnvironment() throws {
        let both = try run(
            ["check-config", "--config", Self.containerDefault, "--enabled-backend-types"],
            environment: ["DADNS_DNS_BACKENDS_NSD_ENABLED": "true"])
        #expect(both.output == "bind nsd\n", "\(both.errors)")
        let nsdOnly = try run(
            ["check-config", "--config", Self.containerDefault, "--enabled-backend-types"],
            environment: ["DADNS_DNS_BACKENDS_NSD_ENABLED": "true", "DADNS_DNS_BACKENDS_BIND_ENABLED": "false"])
        #expect(nsdOnly.output == "nsd\n", "\(nsdOnly.errors)")
    }

    @Test func requirePasswordStopsWith78AndSaysWhatToSet() throws {
        let missing = try run(["check-config", "--config", Self.containerDefault, "--require-password", "--enabled-backend-types"])
        #expect(missing.status == 78)
        #expect(missing.errors.contains("set DADNS_APP_AUTH_PASSWORD"), "\(missing.errors)")
        #expect(missing.output.isEmpty)
        let set = try run(
            ["check-config", "--config", Self.containerDefault, "--require-password", "--enabled-backend-types"],
            environment: ["DADNS_APP_AUTH_PASSWORD": "pw"])
        #expect(set.status == 0, "\(set.errors)")
        #expect(set.output == "bind\n")
    }

    @Test func healthExits0WhileTheDaemonIsHealthyAnd1WithoutIt() throws {
        let daemon = try DadnsProcess(backends: "bind:\n  enabled: true")
        defer { daemon.removeFiles() }
        let healthy = try daemon.cli(["health"])
        #expect(healthy.status == 0, "\(healthy.output)")
        #expect(healthy.output == "ok\n")
        #expect(daemon.stop() == 0)
        let gone = try daemon.cli(["health"])
        #expect(gone.status == 1)
        #expect(gone.output.contains("no daemon answers at http://127.0.0.1:\(daemon.port)"), "\(gone.output)")
    }

    @Test func versionNamesTheReleaseAndTheBuild() throws {
        let version = try run(["--version"])
        #expect(version.status == 0)
        // A plain `swift build` has no commit; scripts/build-dist's has one (checked by scripts/test-dist).
        #expect(version.output.range(of: #"^\d+\.\d+\.\d+ \((development build|commit [0-9a-f]{12}(-modified)?)\)\n$"#, options: .regularExpression) != nil,
                "\(version.output)")
    }
}
