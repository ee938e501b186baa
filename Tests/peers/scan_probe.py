"""End-to-end scenarios for rentguy.warehouse.v1.WarehouseService.StreamScans with grpcio, written
from the contract (warehouse.proto's header is the rule book):

  scan_probe.py SCENARIO --port P --email E --password PW

  flow       a device key checks a case and an asset out to a booking and back in; the booking
             goes CONFIRMED → CHECKED_OUT_PARTIALLY → CHECKED_OUT → RETURNED; a replayed stream
             answers DUPLICATE with the original per-asset outcomes; the acks come in order
  conflicts  every state conflict is stored (not rejected): unknown booking, booking not active,
             product not on the booking, already out, not out, not rentable, a late scan; only
             malformed scans are REJECTED, and a replayed rejection is DUPLICATE; ResolveConflict
  device     a device key scanning as another device ends the stream with PERMISSION_DENIED
             (DEVICE_MISMATCH); the same scan with its own id works
  race       eight devices check out the same case at once: one check-out, the rest conflicts
  bulk       bulk barcodes move quantities; stock per location; AdjustBulkStock by delta and recount

Prints one line per check and "SCENARIO: N checks, M failed"; exits 1 when a check failed.
"""
import argparse
import concurrent.futures
import os
import sys
import threading
import time
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import grpc  # noqa: E402
import booking_probe as bp  # noqa: E402
from booking_probe import check, need, ok, describe, reason, key, unique, ams, HOUR  # noqa: E402

warehouse_pb2 = None


def contract():
    global warehouse_pb2
    bp.common_pb2, bp.identity_pb2, bp.booking_pb2 = bp.contract()
    from rentguy.warehouse.v1 import warehouse_pb2 as module  # noqa: E402
    warehouse_pb2 = module


def device(client, label, location=None):
    """A device API key with the warehouse role: (device id, metadata)."""
    device_id = "scanner-%s-%s" % (label, unique())
    created = need("CreateApiKey (device %s)" % device_id, client.rpc("CreateApiKey", bp.identity_pb2.CreateApiKeyRequest(
        idempotency_key=key(), name=device_id, kind=bp.identity_pb2.API_KEY_KIND_DEVICE, device_id=device_id,
        role_ids=["warehouse"], home_location_id=location or "")))
    return device_id, bp.bearer(created.secret)


def location(client, name):
    method = client.channel.unary_unary("/rentguy.warehouse.v1.WarehouseService/CreateLocation",
                                        request_serializer=lambda m: m.SerializeToString(),
                                        response_deserializer=warehouse_pb2.CreateLocationResponse.FromString)
    return method(warehouse_pb2.CreateLocationRequest(idempotency_key=key(), name="%s %s" % (name, unique()),
                                                      kind=warehouse_pb2.LOCATION_KIND_WAREHOUSE),
                  timeout=20, metadata=client.admin).location


def warehouse_rpc(client, name, request, metadata=None):
    method = client.channel.unary_unary("/rentguy.warehouse.v1.WarehouseService/" + name,
                                        request_serializer=lambda m: m.SerializeToString(),
                                        response_deserializer=getattr(warehouse_pb2, name + "Response").FromString)
    try:
        return method(request, timeout=20, metadata=metadata or client.admin)
    except grpc.RpcError as error:
        return error


def scan(device_id, barcode, action, booking_id="", sequence=0, condition=0, quantity=0, scanned_at=None, client_scan_id=None,
         location_id=""):
    request = warehouse_pb2.ScanRequest(device_id=device_id, client_scan_id=client_scan_id or str(uuid.uuid4()),
                                        barcode=barcode, action=action, booking_id=booking_id, device_sequence=sequence,
                                        condition=condition, quantity=quantity, location_id=location_id)
    request.scanned_at.FromSeconds(int(scanned_at if scanned_at is not None else time.time()))
    return request


def stream(client, metadata, scans):
    """Sends `scans` on one StreamScans call; returns (acks, error)."""
    method = client.channel.stream_stream("/rentguy.warehouse.v1.WarehouseService/StreamScans",
                                          request_serializer=lambda m: m.SerializeToString(),
                                          response_deserializer=warehouse_pb2.ScanAck.FromString)
    acks = []
    try:
        for ack in method(iter(scans), timeout=60, metadata=metadata):
            acks.append(ack)
        return acks, None
    except grpc.RpcError as error:
        return acks, error


def result(ack):
    return warehouse_pb2.ScanResult.Name(ack.result).replace("SCAN_RESULT_", "")


def why(ack):
    return warehouse_pb2.ScanReason.Name(ack.reason).replace("SCAN_REASON_", "")


def booked(client, products, quantity=1, start=None):
    buyer = bp.customer(client)
    start = start or ams(2027, 10, 1, 9) + HOUR * (hash(unique()) % 5000)
    booking = bp.create_booking(client, buyer.id, start, start + 8 * HOUR, [bp.rental(p, quantity=quantity) for p in products])
    return bp.confirm(client, booking.id)


def assets_of(client, product_id):
    method = client.channel.unary_unary("/rentguy.booking.v1.BookingService/ListAssets",
                                        request_serializer=lambda m: m.SerializeToString(),
                                        response_deserializer=bp.booking_pb2.ListAssetsResponse.FromString)
    return list(method(bp.booking_pb2.ListAssetsRequest(product_id=product_id), timeout=20, metadata=client.admin).assets)


def flow(channel, args):
    client = bp.Client(channel, args)
    home = location(client, "Depot")
    device_id, metadata = device(client, "flow", home.id)
    speakers = bp.serialized_product(client, "Speaker", 2)
    lights = bp.serialized_product(client, "Light", 1)
    speaker_assets = assets_of(client, speakers.id)
    light = assets_of(client, lights.id)[0]
    case_tag = unique()
    case = need("CreateCase", client.rpc("CreateCase", bp.booking_pb2.CreateCaseRequest(
        idempotency_key=key(), name="Speaker case", barcode="CASE-%s" % case_tag, asset_ids=[a.id for a in speaker_assets]))).flight_case
    booking = booked(client, [speakers.id, lights.id], quantity=1)
    # Two speakers out needs a line of 2: add one more speaker line.
    need("AddBookingLines", client.rpc("AddBookingLines", bp.booking_pb2.AddBookingLinesRequest(
        idempotency_key=key(), booking_id=booking.id, lines=[bp.rental(speakers.id)])))

    out = [scan(device_id, case.barcode, warehouse_pb2.SCAN_ACTION_CHECK_OUT, booking.id, 1),
           scan(device_id, light.barcode, warehouse_pb2.SCAN_ACTION_CHECK_OUT, booking.id, 2)]
    acks, error = stream(client, metadata, out)
    check("two check-out scans: two acks, in order, no stream error",
          error is None and [a.client_scan_id for a in acks] == [s.client_scan_id for s in out], describe(error) if error else str(acks))
    if len(acks) != 2:
        raise bp.Stop("no acks")
    check("the case scan is ACCEPTED with one outcome per asset", result(acks[0]) == "ACCEPTED" and len(acks[0].assets) == 2
          and all(o.result == warehouse_pb2.SCAN_RESULT_ACCEPTED for o in acks[0].assets), str(acks[0]))
    check("after the case the booking is CHECKED_OUT_PARTIALLY",
          acks[0].booking_status == bp.booking_pb2.BOOKING_STATUS_CHECKED_OUT_PARTIALLY, str(acks[0].booking_status))
    check("after the light it is CHECKED_OUT", acks[1].booking_status == bp.booking_pb2.BOOKING_STATUS_CHECKED_OUT, str(acks[1]))
    check("acks carry server_time and echo device_sequence", acks[1].server_time.seconds > 0 and acks[1].device_sequence == 2, str(acks[1]))
    out_acks = acks

    replay, error = stream(client, metadata, out)
    check("the replayed stream answers DUPLICATE with the original result and per-asset outcomes",
          error is None and [result(a) for a in replay] == ["DUPLICATE", "DUPLICATE"]
          and replay[0].original_result == warehouse_pb2.SCAN_RESULT_ACCEPTED and len(replay[0].assets) == 2
          and replay[0].scan_id == acks[0].scan_id, str(replay))

    back = [scan(device_id, case.barcode, warehouse_pb2.SCAN_ACTION_CHECK_IN, sequence=3),
            scan(device_id, light.barcode, warehouse_pb2.SCAN_ACTION_CHECK_IN, sequence=4,
                 condition=warehouse_pb2.ITEM_CONDITION_DAMAGED)]
    acks, error = stream(client, metadata, back)
    check("checking everything in: ACCEPTED, the booking RETURNED", error is None and len(acks) == 2
          and all(result(a) == "ACCEPTED" for a in acks)
          and acks[1].booking_status == bp.booking_pb2.BOOKING_STATUS_RETURNED, str(acks))
    back_acks = acks
    damaged = [a for a in assets_of(client, lights.id) if a.id == light.id][0]
    check("a damaged check-in puts the asset in REPAIR at the device's home location",
          damaged.status == bp.booking_pb2.ASSET_STATUS_REPAIR and damaged.location_id == home.id, str(damaged))
    closed = client.rpc("CloseBooking", bp.booking_pb2.CloseBookingRequest(idempotency_key=key(), booking_id=booking.id))
    check("a RETURNED booking closes", ok(closed) and closed.booking.status == bp.booking_pb2.BOOKING_STATUS_CLOSED, describe(closed))
    watch = client.watch(bp.booking_pb2.WatchBookingEventsRequest(from_beginning=True, booking_ids=[booking.id]), timeout=10)
    types = []
    try:
        for response in watch:
            if response.WhichOneof("kind") == "caught_up":
                break
            if response.WhichOneof("kind") == "event":
                types.append(bp.booking_pb2.BookingEventType.Name(response.event.type).replace("BOOKING_EVENT_TYPE_", ""))
    except grpc.RpcError:
        pass
    watch.cancel()
    check("the booking's event stream has CHECKED_OUT_PARTIALLY, CHECKED_OUT and RETURNED",
          all(t in types for t in ["CHECKED_OUT_PARTIALLY", "CHECKED_OUT", "RETURNED"]), str(types))
    history = warehouse_rpc(client, "ListScans", warehouse_pb2.ListScansRequest(booking_id=booking.id))
    check("ListScans by booking lists the two check-outs", ok(history) and len(history.scans) >= 2, describe(history))
    speaker = speaker_assets[0].id
    history = warehouse_rpc(client, "ListScans", warehouse_pb2.ListScansRequest(asset_id=speaker))
    check("ListScans by asset lists the case's check-in and check-out, newest first (the replay stored nothing)",
          ok(history) and [s.id for s in history.scans] == [back_acks[0].scan_id, out_acks[0].scan_id], describe(history))
    pages, token = [], ""
    for _ in range(4):
        page = warehouse_rpc(client, "ListScans", warehouse_pb2.ListScansRequest(asset_id=speaker, page_size=1, page_token=token))
        if not ok(page):
            break
        pages.append([s.id for s in page.scans])
        token = page.next_page_token
        if not token:
            break
    check("…and one at a time, page by page", pages[:2] == [[back_acks[0].scan_id], [out_acks[0].scan_id]] and not token, str(pages))
    filtered = warehouse_rpc(client, "ListScans", warehouse_pb2.ListScansRequest(asset_id=speaker, device_id="another-device"))
    check("…and with another device's id, none", ok(filtered) and len(filtered.scans) == 0, describe(filtered))


def conflicts(channel, args):
    client = bp.Client(channel, args)
    home = location(client, "Hall")
    device_id, metadata = device(client, "conflicts", home.id)
    mixers = bp.serialized_product(client, "Mixer", 3)
    others = bp.serialized_product(client, "Other", 1)
    mixer = assets_of(client, mixers.id)
    other = assets_of(client, others.id)[0]
    booking = booked(client, [mixers.id])
    buyer = bp.customer(client)
    start = ams(2027, 11, 1, 9)
    draft = bp.create_booking(client, buyer.id, start, start + 4 * HOUR, [bp.rental(mixers.id)])
    need("UpdateAsset (to REPAIR)", client.rpc("UpdateAsset", bp.booking_pb2.UpdateAssetRequest(
        idempotency_key=key(), asset=bp.booking_pb2.Asset(id=mixer[2].id, status=bp.booking_pb2.ASSET_STATUS_REPAIR),
        update_mask={"paths": ["status"]})))
    now = int(time.time())
    scans = [
        ("unknown booking", scan(device_id, mixer[0].barcode, warehouse_pb2.SCAN_ACTION_CHECK_OUT, "bkg_nope", 1), "CONFLICT", "UNKNOWN_BOOKING"),
        ("booking not active", scan(device_id, mixer[0].barcode, warehouse_pb2.SCAN_ACTION_CHECK_OUT, draft.id, 2), "CONFLICT", "BOOKING_NOT_ACTIVE"),
        ("product not on the booking", scan(device_id, other.barcode, warehouse_pb2.SCAN_ACTION_CHECK_OUT, booking.id, 3), "CONFLICT", "NOT_ON_BOOKING"),
        ("not rentable", scan(device_id, mixer[2].barcode, warehouse_pb2.SCAN_ACTION_CHECK_OUT, booking.id, 4), "CONFLICT", "NOT_RENTABLE"),
        ("checked out", scan(device_id, mixer[0].barcode, warehouse_pb2.SCAN_ACTION_CHECK_OUT, booking.id, 5, scanned_at=now), "ACCEPTED", "UNSPECIFIED"),
        ("already checked out", scan(device_id, mixer[0].barcode, warehouse_pb2.SCAN_ACTION_CHECK_OUT, booking.id, 6, scanned_at=now), "CONFLICT", "ALREADY_CHECKED_OUT"),
        ("a late scan (older than the last applied one)", scan(device_id, mixer[0].barcode, warehouse_pb2.SCAN_ACTION_CHECK_IN, sequence=7, scanned_at=now - 3600), "CONFLICT", "OUT_OF_ORDER"),
        ("not checked out", scan(device_id, mixer[1].barcode, warehouse_pb2.SCAN_ACTION_CHECK_IN, sequence=8), "CONFLICT", "NOT_CHECKED_OUT"),
        ("unknown barcode", scan(device_id, "NO-SUCH-%s" % unique(), warehouse_pb2.SCAN_ACTION_CHECK_IN, sequence=9), "REJECTED", "UNKNOWN_BARCODE"),
        ("no action", scan(device_id, mixer[1].barcode, warehouse_pb2.SCAN_ACTION_UNSPECIFIED, sequence=10), "REJECTED", "MISSING_FIELD"),
        ("check-out without a booking", scan(device_id, mixer[1].barcode, warehouse_pb2.SCAN_ACTION_CHECK_OUT, sequence=11), "REJECTED", "MISSING_FIELD"),
    ]
    acks, error = stream(client, metadata, [s for _, s, _, _ in scans])
    check("%d scans, %d acks, no stream error" % (len(scans), len(acks)), error is None and len(acks) == len(scans), describe(error) if error else "")
    for (label, _, wanted, wanted_reason), ack in zip(scans, acks):
        check("%s → %s %s" % (label, wanted, wanted_reason), result(ack) == wanted and why(ack) == wanted_reason,
              "%s %s: %s" % (result(ack), why(ack), ack.message))
    replay, _ = stream(client, metadata, [s for _, s, _, _ in scans])
    check("replaying them all: DUPLICATE with each original result (rejections remembered too)",
          [result(a) for a in replay] == ["DUPLICATE"] * len(scans)
          and [warehouse_pb2.ScanResult.Name(a.original_result).replace("SCAN_RESULT_", "") for a in replay] == [w for _, _, w, _ in scans],
          str([(result(a), a.original_result) for a in replay]))
    open_conflicts = warehouse_rpc(client, "ListConflicts", warehouse_pb2.ListConflictsRequest(booking_id=booking.id))
    check("ListConflicts shows the booking's open conflicts", ok(open_conflicts) and len(open_conflicts.conflicts) >= 3,
          describe(open_conflicts))
    not_out = [a for a in acks if why(a) == "NOT_CHECKED_OUT"][0]
    resolved = warehouse_rpc(client, "ResolveConflict", warehouse_pb2.ResolveConflictRequest(
        idempotency_key=key(), conflict_id=not_out.conflict_id, resolution=warehouse_pb2.CONFLICT_RESOLUTION_DISMISS,
        note="scanned by mistake"))
    check("ResolveConflict DISMISS", ok(resolved) and resolved.conflict.status == warehouse_pb2.CONFLICT_STATUS_DISMISSED, describe(resolved))
    again = warehouse_rpc(client, "ResolveConflict", warehouse_pb2.ResolveConflictRequest(
        idempotency_key=key(), conflict_id=not_out.conflict_id, resolution=warehouse_pb2.CONFLICT_RESOLUTION_APPLY, note="again"))
    check("resolving it again is FAILED_PRECONDITION", not ok(again) and again.code() == grpc.StatusCode.FAILED_PRECONDITION, describe(again))
    late = [a for a in acks if why(a) == "OUT_OF_ORDER"][0]
    applied = warehouse_rpc(client, "ResolveConflict", warehouse_pb2.ResolveConflictRequest(
        idempotency_key=key(), conflict_id=late.conflict_id, resolution=warehouse_pb2.CONFLICT_RESOLUTION_APPLY, note="it did come back"))
    check("ResolveConflict APPLY of the late check-in brings the asset back", ok(applied)
          and [a for a in assets_of(client, mixers.id) if a.id == mixer[0].id][0].status == bp.booking_pb2.ASSET_STATUS_AVAILABLE,
          describe(applied))
    after = client.booking(booking.id)
    check("…and the booking's status follows: everything that went out is back, RETURNED",
          after.status == bp.booking_pb2.BOOKING_STATUS_RETURNED, bp.booking_pb2.BookingStatus.Name(after.status))
    everything = warehouse_rpc(client, "ListConflicts", warehouse_pb2.ListConflictsRequest(booking_id=booking.id, all_statuses=True))
    check("ListConflicts with all_statuses includes the resolved ones", ok(everything)
          and len(everything.conflicts) > len([c for c in everything.conflicts if c.status == warehouse_pb2.CONFLICT_STATUS_OPEN]),
          describe(everything))


def device_check(channel, args):
    client = bp.Client(channel, args)
    device_id, metadata = device(client, "own")
    other_id, _ = device(client, "other")
    items = bp.serialized_product(client, "Cable", 1)
    asset = assets_of(client, items.id)[0]
    acks, error = stream(client, metadata, [scan(other_id, asset.barcode, warehouse_pb2.SCAN_ACTION_AUDIT, sequence=1)])
    check("a scan for another device id ends the stream with PERMISSION_DENIED / DEVICE_MISMATCH",
          error is not None and error.code() == grpc.StatusCode.PERMISSION_DENIED and reason(error) == "DEVICE_MISMATCH" and not acks,
          describe(error) if error else str(acks))
    acks, error = stream(client, metadata, [scan(device_id, asset.barcode, warehouse_pb2.SCAN_ACTION_AUDIT, sequence=1)])
    check("the same scan with its own device id is ACCEPTED", error is None and len(acks) == 1 and result(acks[0]) == "ACCEPTED",
          describe(error) if error else str(acks))


def race(channel, args):
    client = bp.Client(channel, args)
    boxes = bp.serialized_product(client, "Truss", 4)
    assets = assets_of(client, boxes.id)
    case = need("CreateCase", client.rpc("CreateCase", bp.booking_pb2.CreateCaseRequest(
        idempotency_key=key(), name="Truss case", barcode="CASE-%s" % unique(), asset_ids=[a.id for a in assets]))).flight_case
    booking = booked(client, [boxes.id], quantity=4)
    devices = [device(client, "race%d" % n) for n in range(8)]
    barrier = threading.Barrier(8)

    def go(pair):
        device_id, metadata = pair
        barrier.wait()
        acks, error = stream(client, metadata, [scan(device_id, case.barcode, warehouse_pb2.SCAN_ACTION_CHECK_OUT, booking.id, 1)])
        return acks[0] if acks else error

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(go, devices))
    results = [result(a) if isinstance(a, warehouse_pb2.ScanAck) else describe(a) for a in answers]
    check("eight devices scan the same case out at once: one ACCEPTED, seven CONFLICT",
          results.count("ACCEPTED") == 1 and results.count("CONFLICT") == 7, str(results))
    out = [a for a in assets_of(client, boxes.id) if a.status == bp.booking_pb2.ASSET_STATUS_CHECKED_OUT]
    check("the four assets are out once", len(out) == 4, str(len(out)))


def bulk(channel, args):
    client = bp.Client(channel, args)
    depot = location(client, "Bulk depot")
    device_id, metadata = device(client, "bulk", depot.id)
    cables = bp.bulk_product(client, "XLR", quantity=50)
    booking = booked(client, [cables.id], quantity=20)
    acks, error = stream(client, metadata, [
        scan(device_id, cables.bulk_barcode, warehouse_pb2.SCAN_ACTION_CHECK_OUT, booking.id, 1, quantity=15),
        scan(device_id, cables.bulk_barcode, warehouse_pb2.SCAN_ACTION_CHECK_OUT, booking.id, 2, quantity=10),
        scan(device_id, cables.bulk_barcode, warehouse_pb2.SCAN_ACTION_CHECK_IN, booking.id, 3, quantity=5,
             condition=warehouse_pb2.ITEM_CONDITION_NEEDS_CHECK)])
    check("bulk: 15 out ACCEPTED, 10 more (25 > 20 booked) CONFLICT, 5 back ACCEPTED",
          error is None and [result(a) for a in acks] == ["ACCEPTED", "CONFLICT", "ACCEPTED"], str([(result(a), a.message) for a in acks]))
    stock = warehouse_rpc(client, "ListStock", warehouse_pb2.ListStockRequest(product_id=cables.id))
    level = stock.levels[0] if ok(stock) and stock.levels else None
    check("stock at the depot: 35 available, 10 out, 5 in quarantine", level is not None and (level.available, level.checked_out,
          level.quarantine) == (35, 10, 5), str(level))
    adjusted = warehouse_rpc(client, "AdjustBulkStock", warehouse_pb2.AdjustBulkStockRequest(
        idempotency_key=key(), product_id=cables.id, location_id=depot.id, reason="bought", delta=5))
    check("AdjustBulkStock delta +5 → 40 available", ok(adjusted) and adjusted.level.available == 40, describe(adjusted))
    stale = warehouse_rpc(client, "AdjustBulkStock", warehouse_pb2.AdjustBulkStockRequest(
        idempotency_key=key(), product_id=cables.id, location_id=depot.id, reason="count",
        recount=warehouse_pb2.Recount(expected_available=35, counted_available=33)))
    check("a recount from a stale expected quantity is ABORTED / VERSION_MISMATCH",
          not ok(stale) and stale.code() == grpc.StatusCode.ABORTED and reason(stale) == "VERSION_MISMATCH", describe(stale))
    elsewhere = location(client, "Second depot")
    acks, error = stream(client, metadata, [
        scan(device_id, cables.bulk_barcode, warehouse_pb2.SCAN_ACTION_CHECK_IN, booking.id, 4, quantity=4,
             condition=warehouse_pb2.ITEM_CONDITION_DAMAGED, location_id=elsewhere.id)])
    check("4 back damaged to another location: ACCEPTED", error is None and [result(a) for a in acks] == ["ACCEPTED"],
          describe(error) if error else str(acks))
    levels = warehouse_rpc(client, "ListStock", warehouse_pb2.ListStockRequest(product_id=cables.id))
    total = sum(l.total for l in levels.levels) if ok(levels) else -1
    check("no unit appears twice: the product's stock over all locations stays 55 (50 + 5 bought)", total == 55,
          str([(l.location_id, l.available, l.checked_out, l.quarantine, l.repair) for l in levels.levels]) if ok(levels) else describe(levels))
    counted = warehouse_rpc(client, "AdjustBulkStock", warehouse_pb2.AdjustBulkStockRequest(
        idempotency_key=key(), product_id=cables.id, location_id=depot.id, reason="count",
        recount=warehouse_pb2.Recount(expected_available=40, counted_available=38)))
    check("a recount from the current quantity sets it", ok(counted) and counted.level.available == 38, describe(counted))


SCENARIOS = {"flow": flow, "conflicts": conflicts, "device": device_check, "race": race, "bulk": bulk}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("scenario", choices=sorted(SCENARIOS) + ["all"])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--email", required=True)
    parser.add_argument("--password", required=True)
    args = parser.parse_args()
    contract()
    names = sorted(SCENARIOS) if args.scenario == "all" else [args.scenario]
    failed = 0
    with grpc.insecure_channel("%s:%d" % (args.host, args.port)) as channel:
        for name in names:
            bp.TALLY.update(checks=0, failed=0)
            try:
                SCENARIOS[name](channel, args)
            except bp.Stop as stop:
                print("    (%s stopped: %s)" % (name, stop), flush=True)
            except Exception as error:  # noqa: BLE001
                import traceback
                traceback.print_exc()
                check("%s crashed: %s: %s" % (name, type(error).__name__, error), False)
            print("%s: %d checks, %d failed" % (name, bp.TALLY["checks"], bp.TALLY["failed"]), flush=True)
            failed += bp.TALLY["failed"]
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
