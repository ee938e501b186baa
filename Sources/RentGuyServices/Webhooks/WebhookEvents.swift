import Foundation
import RentGuyProto
import RentGuyStore
import SwiftProtobuf

/// Outbound webhook event types and bodies, from booking events.
enum WebhookEvents {
  /// "booking.confirmed" for BOOKING_EVENT_TYPE_CONFIRMED.
  static func type(_ raw: Int) -> String? {
    guard let type = Rentguy_Booking_V1_BookingEventType(rawValue: raw), type != .unspecified else { return nil }
    let name = "\(type)".replacingOccurrences(of: #"([a-z0-9])([A-Z])"#, with: "$1_$2", options: .regularExpression).lowercased()
    return "booking." + name
  }

  /// Every event type an endpoint may subscribe to.
  static let all: [String] = (1...64).compactMap { raw in
    Rentguy_Booking_V1_BookingEventType(rawValue: raw).flatMap { if case .UNRECOGNIZED = $0 { nil } else { Self.type(raw) } }
  }

  /// The delivery body: `{"type", "timestamp", "data"}` with the BookingEvent in protobuf JSON.
  static func body(_ event: StoredBookingEvent, type: String) -> String {
    var proto = Rentguy_Booking_V1_BookingEvent()
    proto.sequence = event.sequence
    proto.type = Rentguy_Booking_V1_BookingEventType(rawValue: event.type) ?? .unspecified
    proto.bookingID = event.bookingID
    proto.occurredAt = Google_Protobuf_Timestamp(milliseconds: event.occurredAt)
    proto.actor = .with {
      $0.id = event.actorID
      $0.displayName = event.actorName
    }
    if let booking = try? Rentguy_Booking_V1_Booking(serializedBytes: event.snapshot) { proto.booking = booking }
    var options = JSONEncodingOptions()
    options.preserveProtoFieldNames = true
    let data = (try? proto.jsonString(options: options)) ?? "{}"
    let timestamp = ISO8601DateFormatter().string(from: Date(millisecondsSince1970: event.occurredAt))
    return #"{"type":"\#(type)","timestamp":"\#(timestamp)","data":\#(data)}"#
  }
}
