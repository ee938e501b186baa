/// Types and conventions shared by every RentGuy service.
///
/// # The RentGuy API
///
/// Five services, one per domain, all served by `rentguy-server` on one gRPC port:
///
/// | service                                 | what it owns                                          |
/// | --------------------------------------- | ----------------------------------------------------- |
/// | `rentguy.identity.v1.IdentityService`   | users (staff and crew), roles, sessions, API keys, audit log |
/// | `rentguy.booking.v1.BookingService`     | catalog (products, kits, cases, assets), availability, leads, quotes and bookings, crew |
/// | `rentguy.warehouse.v1.WarehouseService` | locations, stock, the scan stream, scan history, conflicts |
/// | `rentguy.payment.v1.PaymentService`     | Stripe and Mollie payments and refunds, a booking's payment status |
/// | `rentguy.export.v1.ExportService`       | Moneybird and Exact exports, schedules, reconciliation, the durable job queue |
///
/// # A booking from lead to accounting export
///
/// 1. A marketing site (service API key) calls `BookingService.SubmitLead` with the customer's
///    dates and wishes. The lead is stored and answered with an availability check over the
///    planning period (usage period plus preparation and return buffers).
/// 2. A planner calls `BookingService.ConvertLead`: the lead becomes a DRAFT booking for a
///    (new or existing) customer. `AddBookingLines`, `UpdateBookingLine` and `RemoveBookingLine`
///    edit its lines by id; `CheckAvailability` and
///    `ListShortages` show what is short. A DRAFT takes no stock.
/// 3. `SendQuote` moves it to QUOTE (still no stock). `ConfirmBooking` moves it to CONFIRMED and
///    reserves stock; it fails with FAILED_PRECONDITION and the shortages unless the planner
///    passes an explicit shortage override.
/// 4. `PaymentService.CreatePayment` asks Stripe or Mollie for a deposit or the balance; the
///    customer pays on the provider's checkout page. The provider's webhook (REST shim,
///    `/webhooks/stripe`, `/webhooks/mollie`) moves the payment to SUCCEEDED, and
///    `GetBookingPaymentStatus` shows what is still outstanding.
/// 5. `BookingService.AssignCrew` puts crew members (identities with the crew role) on the
///    booking as driver, DJ or technician; crew see their assignments with `ListCrewAssignments`.
/// 6. On the day, scanners stream `WarehouseService.StreamScans`: scanning a case barcode checks out
///    every asset in it. The booking moves to CHECKED_OUT_PARTIALLY ("mixed") and then
///    CHECKED_OUT. Check-in scans after the event move it to RETURNED; damaged items go to
///    quarantine. A scan that does not fit (checking in an asset that is not out) is kept as a
///    conflict for `ResolveConflict`, never dropped.
/// 7. `BookingService.CloseBooking` closes a RETURNED booking (or a CONFIRMED one with nothing
///    out) and issues its final invoice; it then becomes exportable.
/// 8. `ExportService.StartExport` (or a schedule) sends the period's invoices and payments to
///    Moneybird or Exact through the durable job queue; `WatchExport` streams progress and
///    `GetReconciliationReport` compares what RentGuy has with what the bookkeeping has.
///    Every step above is on the audit log (`IdentityService.ListAuditEvents`) and every change
///    to a booking is on `BookingService.WatchBookingEvents`.
///
/// # Conventions
///
/// - **Credentials.** Every RPC except `IdentityService.Login`, `IdentityService.Refresh` and
///   `grpc.health.v1.Health` needs `authorization: Bearer <token>` metadata: a user's access
///   token from `Login`, or an API key (`rgk_…`) of a device or service. Each RPC declares who may
///   call it in its `rentguy.common.v1.access` option (`RpcAccess`): a permission named
///   `<service>.<resource>.<verb>`, `public`, or `self_service` (any caller, for their own
///   records). A missing, expired or revoked credential is UNAUTHENTICATED; a missing permission
///   is PERMISSION_DENIED (checked before anything else, so an RPC not built yet answers these
///   before UNIMPLEMENTED).
/// - **Long-lived streams** (`WarehouseService.StreamScans`, `BookingService.WatchBookingEvents`,
///   `ExportService.WatchExport`) check their credential when they open and keep checking it:
///   when it expires or is revoked (an API key revoked, a session ended, a user deactivated) the
///   stream ends with UNAUTHENTICATED (reason `CREDENTIAL_EXPIRED` or `CREDENTIAL_REVOKED`).
///   Reconnect with a fresh credential; scans and events resume where they left off.
/// - **Identifiers** are opaque strings with a type prefix (`bkg_`, `usr_`, `prd_`, …). Clients
///   must not parse them.
/// - **Idempotency.** Every mutation takes an `idempotency_key` (a client-generated UUID, 1 to
///   255 characters; empty means no protection against retries). A key belongs to one caller
///   and one RPC. A retry with the same key and the same request returns the stored response; the
///   same key with a different request is INVALID_ARGUMENT (reason `IDEMPOTENCY_KEY_REUSED`); a
///   retry while the first call is still running is ABORTED (reason `IDEMPOTENCY_KEY_IN_USE`).
///   Keys are kept for at least 24 hours. No secret is ever stored for a replay (see
///   `IdentityService.CreateApiKey`). `Login` and `Refresh` take no key. Scans carry their own
///   key instead: the device's `client_scan_id`. (A request id, `x-request-id` metadata, is a
///   different thing: a correlation id for logs and the audit log.)
/// - **Money** is `Money`: integer minor units plus an ISO 4217 code. Never floating point.
/// - **Time** is `google.protobuf.Timestamp` in UTC; periods are half-open `[start, end)`.
/// - **Pagination.** List RPCs take `page_size` (0 means the default of 50; at most 500) and
///   `page_token` (empty for the first page) and return `next_page_token` (empty on the last
///   page). A token is only valid with the same filter.
/// - **Optimistic concurrency.** Updates of long-lived records take `expected_version`; 0 means
///   "don't check". A mismatch is ABORTED (reason `VERSION_MISMATCH`): read again and retry.
/// - **Errors** are gRPC status codes with meaning. INVALID_ARGUMENT names the field and the
///   rule in its message (`booking.lines[2].quantity: must be at least 1`) and carries a
///   `google.rpc.BadRequest` with one `FieldViolation` per problem. NOT_FOUND, ALREADY_EXISTS,
///   FAILED_PRECONDITION (the state does not allow it, e.g. not available on those dates),
///   ABORTED (a concurrent change won), RESOURCE_EXHAUSTED (a limit), UNAVAILABLE (retry later),
///   UNIMPLEMENTED (not built yet). Never INTERNAL for a caller's mistake. Every error a client
///   must tell apart from others with the same code also carries a `google.rpc.ErrorInfo` with
///   domain `rentguy` and a stable `reason` (`ErrorReason` lists them), all in the standard
///   `grpc-status-details-bin` trailer (a serialized `google.rpc.Status`).
/// - **Durability.** A success is returned only after the change is committed to the store.
///   Outbound provider calls (Stripe, Mollie, Moneybird, Exact) never run inside a request: the
///   request commits a job to the durable job queue in the same transaction, and a worker
///   delivers it (see `JobService.GetQueueStatus`).

// DO NOT EDIT.
// swift-format-ignore-file
// swiftlint:disable all
//
// Generated by the gRPC Swift generator plugin for the protocol buffer compiler.
// Source: rentguy/common/v1/common.proto
//
// For information on using the generated types, please see the documentation:
//   https://github.com/grpc/grpc-swift

// This file contained no services.