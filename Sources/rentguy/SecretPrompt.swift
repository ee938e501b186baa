import Foundation

/// Reads a secret: from the terminal without echo, or one line from standard input.
enum SecretPrompt {
  /// Prompts on the terminal with echo off; `nil` when there is no terminal.
  static func read(prompt: String) -> String? {
    let tty = open("/dev/tty", O_RDWR)
    guard tty >= 0 else { return nil }
    defer { close(tty) }
    var original = termios()
    guard tcgetattr(tty, &original) == 0 else { return nil }
    var silent = original
    silent.c_lflag &= ~tcflag_t(ECHO)
    _ = prompt.withCString { write(tty, $0, strlen($0)) }
    tcsetattr(tty, TCSAFLUSH, &silent)
    defer {
      tcsetattr(tty, TCSAFLUSH, &original)
      _ = "\n".withCString { write(tty, $0, 1) }
    }
    var bytes: [UInt8] = []
    var byte: UInt8 = 0
    while Foundation.read(tty, &byte, 1) == 1, byte != UInt8(ascii: "\n") {
      bytes.append(byte)
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// The first line of standard input, without its newline.
  static func readStandardInput() -> String? {
    readLine(strippingNewline: true)
  }
}
