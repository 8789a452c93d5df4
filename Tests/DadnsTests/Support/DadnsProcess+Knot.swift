import DadnsTestKit

extension DadnsProcess {
    /// A `knot` backend stanza for a test knotd (its zones directory, control socket, the default template).
    static func knotBackend(_ knot: KnotServer, name: String = "knot") -> String {
        """
        \(name):
          type: knot
          enabled: true
          zones_dir: \(knot.zonesDirectory)
          knotc_path: \(KnotServer.knotcPath)
          control_socket: \(knot.controlSocket)
          command_timeout: 20
        """
    }
}
