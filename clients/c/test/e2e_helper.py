"""grpcio helpers for the C client's end-to-end test (test/run-e2e.sh) against rentguy-server.

  e2e_helper.py setup --port P --email E --password PW --device ID --assets N --prefix PFX
      Creates a warehouse location, a serialized product with N assets (barcodes PFX-0001, ...)
      and a device API key (role warehouse, home location = the new location). Prints the key's
      secret on the first line, the location id on the second, then one barcode per line.
  e2e_helper.py scans --port P --email E --password PW --device ID
      Prints "<stored> <distinct client_scan_ids>" for the device's stored scans (ListScans).
  e2e_helper.py race-setup --port P --email E --password PW --assets N --devices D
      The set-up of Tests/peers/scan_probe.py's "race" scenario: a serialized product with N
      assets, a flight case holding them, a CONFIRMED booking with one line for N of the
      product, and D device API keys (role warehouse). Prints the case's barcode, the booking
      id, then one "<device id> <key secret>" line per device.
  e2e_helper.py race-check --port P --email E --password PW --booking ID
      Prints what the server has for the booking, as key=value pairs on one line: scans stored
      (ListScans), accepted, conflict, already_out (CONFLICT ALREADY_CHECKED_OUT), open conflicts
      (ListConflicts: one per asset that did not fit) and the scans they belong to, the rental
      lines' quantity and checked_out_quantity, the booking's status and how many of the
      product's assets are CHECKED_OUT.

Logs in as the given administrator. Uses the contract modules of Tests/peers/rentguy_probe.py.
"""
import argparse
import contextlib
import os
import sys
import uuid

import grpc

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "Tests", "peers"))
import rentguy_probe  # noqa: E402


def unary(channel, path, response_type, request, token):
    method = channel.unary_unary(path, request_serializer=lambda m: m.SerializeToString(),
                                 response_deserializer=response_type.FromString)
    return method(request, timeout=30, metadata=[("authorization", "Bearer " + token)])


def setup(channel, token, args):
    from rentguy.booking.v1 import booking_pb2
    from rentguy.identity.v1 import identity_pb2
    from rentguy.warehouse.v1 import warehouse_pb2
    key = lambda: str(uuid.uuid4())  # noqa: E731
    location = unary(channel, "/rentguy.warehouse.v1.WarehouseService/CreateLocation",
                     warehouse_pb2.CreateLocationResponse,
                     warehouse_pb2.CreateLocationRequest(idempotency_key=key(), name="E2E " + args.prefix,
                                                         kind=warehouse_pb2.LOCATION_KIND_WAREHOUSE),
                     token).location
    product = unary(channel, "/rentguy.booking.v1.BookingService/CreateProduct",
                    booking_pb2.CreateProductResponse,
                    booking_pb2.CreateProductRequest(idempotency_key=key(), product=booking_pb2.Product(
                        name="E2E speaker " + args.prefix, sku="E2E-" + args.prefix,
                        stock_kind=booking_pb2.STOCK_KIND_SERIALIZED)),
                    token).product
    barcodes = []
    for i in range(1, args.assets + 1):
        barcode = "%s-%04d" % (args.prefix, i)
        unary(channel, "/rentguy.booking.v1.BookingService/CreateAsset", booking_pb2.CreateAssetResponse,
              booking_pb2.CreateAssetRequest(idempotency_key=key(), product_id=product.id, barcode=barcode,
                                             location_id=location.id), token)
        barcodes.append(barcode)
    created = unary(channel, "/rentguy.identity.v1.IdentityService/CreateApiKey",
                    identity_pb2.CreateApiKeyResponse,
                    identity_pb2.CreateApiKeyRequest(
                        idempotency_key=key(), name="Scanner " + args.device,
                        kind=identity_pb2.API_KEY_KIND_DEVICE, device_id=args.device,
                        role_ids=["warehouse"], home_location_id=location.id),
                    token)
    print(created.secret)
    print(location.id)
    for barcode in barcodes:
        print(barcode)


def scans(channel, token, args):
    from rentguy.warehouse.v1 import warehouse_pb2
    stored, ids, page = 0, set(), ""
    while True:
        response = unary(channel, "/rentguy.warehouse.v1.WarehouseService/ListScans",
                         warehouse_pb2.ListScansResponse,
                         warehouse_pb2.ListScansRequest(device_id=args.device, page_size=500, page_token=page),
                         token)
        stored += len(response.scans)
        ids.update(scan.client_scan_id for scan in response.scans)
        page = response.next_page_token
        if not page:
            break
    print(stored, len(ids))


def race_modules():
    import scan_probe  # noqa: E402  (Tests/peers, on sys.path)
    scan_probe.contract()
    return scan_probe, scan_probe.bp


def race_setup(channel, token, args):
    sp, bp = race_modules()
    with contextlib.redirect_stdout(sys.stderr):  # the probes print a line per step
        client = bp.Client(channel, args)
        product = bp.serialized_product(client, "E2E race truss", args.assets)
        assets = sp.assets_of(client, product.id)
        case = bp.need("CreateCase", client.rpc("CreateCase", bp.booking_pb2.CreateCaseRequest(
            idempotency_key=bp.key(), name="E2E race case", barcode="CASE-E2E-%s" % bp.unique(),
            asset_ids=[a.id for a in assets]))).flight_case
        booking = sp.booked(client, [product.id], quantity=args.assets)
        devices = [sp.device(client, "e2e-race%d" % n) for n in range(args.devices)]
    print(case.barcode)
    print(booking.id)
    for device_id, metadata in devices:
        print(device_id, dict(metadata)["authorization"].split(" ", 1)[1])


def race_check(channel, token, args):
    sp, bp = race_modules()
    wh = sp.warehouse_pb2
    stored, page = [], ""
    while True:
        response = unary(channel, "/rentguy.warehouse.v1.WarehouseService/ListScans", wh.ListScansResponse,
                         wh.ListScansRequest(booking_id=args.booking, page_size=500, page_token=page), token)
        stored.extend(response.scans)
        page = response.next_page_token
        if not page:
            break
    conflicts = unary(channel, "/rentguy.warehouse.v1.WarehouseService/ListConflicts", wh.ListConflictsResponse,
                      wh.ListConflictsRequest(booking_id=args.booking, page_size=500), token).conflicts
    booking = unary(channel, "/rentguy.booking.v1.BookingService/GetBooking", bp.booking_pb2.GetBookingResponse,
                    bp.booking_pb2.GetBookingRequest(booking_id=args.booking), token).booking
    lines = [line for line in booking.lines if line.kind == bp.booking_pb2.LINE_KIND_RENTAL]
    with contextlib.redirect_stdout(sys.stderr):
        client = bp.Client(channel, args)
    out = [a for line in lines for a in sp.assets_of(client, line.product_id)
           if a.status == bp.booking_pb2.ASSET_STATUS_CHECKED_OUT]
    counts = {
        "scans": len(stored),
        "accepted": sum(s.result == wh.SCAN_RESULT_ACCEPTED for s in stored),
        "conflict": sum(s.result == wh.SCAN_RESULT_CONFLICT for s in stored),
        "already_out": sum(s.result == wh.SCAN_RESULT_CONFLICT and s.reason == wh.SCAN_REASON_ALREADY_CHECKED_OUT
                           for s in stored),
        "open_conflicts": sum(c.status == wh.CONFLICT_STATUS_OPEN for c in conflicts),
        "conflict_scans": len({c.scan.id for c in conflicts if c.status == wh.CONFLICT_STATUS_OPEN}),
        "lines": len(lines),
        "quantity": sum(line.quantity for line in lines),
        "checked_out": sum(line.checked_out_quantity for line in lines),
        "status": bp.booking_pb2.BookingStatus.Name(booking.status).replace("BOOKING_STATUS_", ""),
        "assets_out": len(out),
    }
    print(" ".join("%s=%s" % item for item in counts.items()))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("command", choices=["setup", "scans", "race-setup", "race-check"])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--email", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--device")
    parser.add_argument("--devices", type=int, default=8)
    parser.add_argument("--booking")
    parser.add_argument("--assets", type=int, default=10)
    parser.add_argument("--prefix", default="E2E")
    args = parser.parse_args()
    if args.command in ("setup", "scans") and not args.device:
        parser.error("%s needs --device" % args.command)
    if args.command == "race-check" and not args.booking:
        parser.error("race-check needs --booking")
    _, identity_pb2 = rentguy_probe.contract_modules()  # also puts the modules on sys.path
    with grpc.insecure_channel("127.0.0.1:%d" % args.port) as channel:
        token = rentguy_probe.login(channel, identity_pb2, args.email, args.password).tokens.access_token
        commands = {"setup": setup, "scans": scans, "race-setup": race_setup, "race-check": race_check}
        commands[args.command](channel, token, args)


if __name__ == "__main__":
    main()
