import SwiftProtobuf

/// Reads the `details` (field 3, `repeated google.protobuf.Any`) of a serialized
/// `google.rpc.Status`, skipping everything else. Malformed bytes give the details read so far.
enum StatusDetailsReader {
  static func anys(in bytes: [UInt8]) -> [Google_Protobuf_Any] {
    var anys: [Google_Protobuf_Any] = []
    var index = 0
    while index < bytes.count {
      guard let key = Self.varint(bytes, &index) else { return anys }
      let field = key >> 3
      switch key & 7 {
      case 0:
        guard Self.varint(bytes, &index) != nil else { return anys }
      case 2:
        guard let length = Self.varint(bytes, &index), length <= UInt64(bytes.count - index) else { return anys }
        let end = index + Int(length)
        if field == 3, let any = try? Google_Protobuf_Any(serializedBytes: Array(bytes[index..<end])) { anys.append(any) }
        index = end
      case 1:
        index += 8
      case 5:
        index += 4
      default:
        return anys
      }
    }
    return anys
  }

  private static func varint(_ bytes: [UInt8], _ index: inout Int) -> UInt64? {
    var value: UInt64 = 0
    var shift: UInt64 = 0
    while index < bytes.count, shift < 64 {
      let byte = bytes[index]
      index += 1
      value |= UInt64(byte & 0x7F) << shift
      if byte & 0x80 == 0 { return value }
      shift += 7
    }
    return nil
  }
}
