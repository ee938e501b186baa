import RentGuyClient
import RentGuyTransport
import Testing

@Suite("Server address")
struct ServerAddressTests {
  @Test("the forms people type parse to a target and a security choice", arguments: [
    ("127.0.0.1:50051", NGHTTP2ClientTransport.Target.host("127.0.0.1", port: 50051), false),
    ("rentguy.example:443", .host("rentguy.example", port: 443), false),
    ("http://localhost:50051", .host("localhost", port: 50051), false),
    ("https://rentguy.example", .host("rentguy.example", port: 443), true),
    ("https://rentguy.example:8443/", .host("rentguy.example", port: 8443), true),
    ("[::1]:50051", .host("::1", port: 50051), false),
    ("unix:/run/rentguy.sock", .unixDomainSocket(path: "/run/rentguy.sock"), false),
  ])
  func parses(text: String, target: NGHTTP2ClientTransport.Target, tls: Bool) throws {
    let address = try ServerAddress(parsing: text)
    #expect(address.target == target)
    #expect(address.usesTLS == tls)
  }

  @Test("a broken address is refused with a message that names the problem", arguments: [
    ("localhost", "port is missing"),
    ("localhost:http", "is not a port"),
    ("localhost:70000", "is not a port"),
    (":50051", "host is missing"),
    ("[::1:50051", "missing ']'"),
    ("unix:", "socket path is missing"),
  ])
  func refuses(text: String, problem: String) {
    do {
      _ = try ServerAddress(parsing: text)
      Issue.record("'\(text)' parsed")
    } catch {
      #expect(error.message.contains(problem), "\(error.message)")
    }
  }
}
