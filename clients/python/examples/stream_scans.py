#!/usr/bin/env python3
"""Streams scans from a file over WarehouseService.StreamScans and prints each ack.

The file has one scan a line, either just a barcode or CSV ``barcode,action,booking_id``
(action: check_out, check_in, audit or prepare; case and ``-``/``_`` do not matter, the
``SCAN_ACTION_`` prefix is optional). Blank lines, ``#`` comments and a ``barcode,…`` header are
skipped; a missing action or booking id comes from ``--action`` / ``--booking-id``. ``-`` reads
standard input.

    RENTGUY_API_KEY=rgk_… python stream_scans.py --server 127.0.0.1:50051 --action check-in scans.txt
    python stream_scans.py --server https://rentguy.example.com --api-key-file key.txt scans.csv

The credential is a device API key (``rgk_…``, see docs/identity.md; the server refuses scans
whose device_id is not the key's device with PERMISSION_DENIED / DEVICE_MISMATCH); without
``--device-id`` the device id is read from the key (GetCurrentPrincipal). Each scan gets a fresh
time-ordered UUID (version 7, as rentguy-scan makes them: the server's deduplication index then grows
at its end) as its client_scan_id and the next device_sequence (from ``--first-sequence``, default 1: a
real scanner keeps counting across runs and keeps unacknowledged scans to replay them).

Exit status: 0 when every scan was acknowledged and none was REJECTED, 1 otherwise, 2 when the
stream failed.
"""
from __future__ import annotations

import argparse
import csv
import os
import sys
import time
import uuid
from dataclasses import dataclass
from typing import Dict, Iterable, Iterator, List, Optional, Sequence, TextIO

import grpc
from google.protobuf import timestamp_pb2

from rentguy_client import booking_pb2, connect, identity_pb2, warehouse_pb2

ACTION_PREFIX = "SCAN_ACTION_"


@dataclass
class Line:
    """One scan read from the file."""

    number: int
    barcode: str
    action: int
    booking_id: str


def parse_action(text: str) -> int:
    """A ScanAction value from ``check-out``, ``CHECK_OUT``, ``SCAN_ACTION_CHECK_OUT``, …"""
    name = text.strip().upper().replace("-", "_").replace(" ", "_")
    if not name.startswith(ACTION_PREFIX):
        name = ACTION_PREFIX + name
    try:
        value = warehouse_pb2.ScanAction.Value(name)
    except ValueError:
        value = 0
    if value == warehouse_pb2.SCAN_ACTION_UNSPECIFIED:
        choices = ", ".join(n[len(ACTION_PREFIX):].lower() for n in warehouse_pb2.ScanAction.keys()[1:])
        raise ValueError("unknown action %r (one of %s)" % (text, choices))
    return value


def read_scans(file: Iterable[str], default_action: Optional[int], default_booking_id: str) -> List[Line]:
    """The scans of a file (see the module's docstring); ValueError names the bad line."""
    scans: List[Line] = []
    first = True
    for number, row in enumerate(csv.reader(file), start=1):
        cells = [cell.strip() for cell in row]
        if not cells or not cells[0] or cells[0].startswith("#"):
            continue
        header, first = first and cells[0].lower() == "barcode", False
        if header:
            continue
        if len(cells) > 3:
            raise ValueError("line %d: expected barcode[,action[,booking_id]], got %d fields" % (number, len(cells)))
        try:
            action = parse_action(cells[1]) if len(cells) > 1 and cells[1] else default_action
        except ValueError as error:
            raise ValueError("line %d: %s" % (number, error)) from None
        if action is None:
            raise ValueError("line %d: no action (add one to the line or pass --action)" % number)
        booking_id = cells[2] if len(cells) > 2 and cells[2] else default_booking_id
        scans.append(Line(number, cells[0], action, booking_id))
    return scans


def uuid7() -> uuid.UUID:
    """A version 7 UUID (RFC 9562): 48 bits of Unix time in milliseconds, then random bits."""
    value = (time.time_ns() // 1_000_000) << 80 | int.from_bytes(os.urandom(10), "big")
    value = value & ~(0xF << 76) | 0x7 << 76  # version 7
    value = value & ~(0x3 << 62) | 0x2 << 62  # RFC 9562 variant
    return uuid.UUID(int=value)


def requests(scans: Sequence[Line], device_id: str, first_sequence: int, location_id: str,
             client_scan_ids: Dict[str, Line]) -> Iterator[warehouse_pb2.ScanRequest]:
    """The ScanRequests, made as they are sent (scanned_at: now), recording each client_scan_id."""
    for sequence, line in enumerate(scans, start=first_sequence):
        client_scan_id = str(uuid7())
        client_scan_ids[client_scan_id] = line
        scanned_at = timestamp_pb2.Timestamp()
        scanned_at.GetCurrentTime()
        yield warehouse_pb2.ScanRequest(
            device_id=device_id,
            client_scan_id=client_scan_id,
            scanned_at=scanned_at,
            barcode=line.barcode,
            action=line.action,
            booking_id=line.booking_id,
            location_id=location_id,
            device_sequence=sequence,
        )


def short(enum_type, value: int, prefix: str) -> str:
    """An enum value's name without its prefix: short(ScanResult, 1, "SCAN_RESULT_") == "ACCEPTED"."""
    name = enum_type.Name(value) if value in enum_type.values() else str(value)
    return name[len(prefix):] if name.startswith(prefix) else name


def describe(ack: warehouse_pb2.ScanAck, line: Optional[Line]) -> str:
    """One line per ack: sequence, barcode, result, reason, ids, message."""
    result = short(warehouse_pb2.ScanResult, ack.result, "SCAN_RESULT_")
    if ack.result == warehouse_pb2.SCAN_RESULT_DUPLICATE:
        result += " (was %s)" % short(warehouse_pb2.ScanResult, ack.original_result, "SCAN_RESULT_")
    parts = ["#%d" % ack.device_sequence, line.barcode if line else "?", result]
    if ack.reason:
        parts.append(short(warehouse_pb2.ScanReason, ack.reason, "SCAN_REASON_"))
    for label, value in (("scan", ack.scan_id), ("conflict", ack.conflict_id)):
        if value:
            parts.append("%s=%s" % (label, value))
    if ack.booking_status:
        parts.append("booking=" + short(booking_pb2.BookingStatus, ack.booking_status, "BOOKING_STATUS_"))
    if ack.message:
        parts.append("- " + ack.message)
    text = " ".join(parts)
    # Per asset, when the scan touched several (a case) or its one asset differs from the scan.
    outcomes = ack.assets if len(ack.assets) > 1 or (ack.assets and ack.assets[0].result != ack.result) else ()
    for outcome in outcomes:
        text += "\n    asset %s: %s%s%s" % (
            outcome.asset_id, short(warehouse_pb2.ScanResult, outcome.result, "SCAN_RESULT_"),
            " " + short(warehouse_pb2.ScanReason, outcome.reason, "SCAN_REASON_") if outcome.reason else "",
            " conflict=" + outcome.conflict_id if outcome.conflict_id else "")
    return text


def device_of_key(client) -> str:
    """The device id of the calling API key (GetCurrentPrincipal)."""
    me = client.identity.GetCurrentPrincipal(identity_pb2.GetCurrentPrincipalRequest(), timeout=30)
    return me.api_key.device_id


def open_input(path: str) -> TextIO:
    return sys.stdin if path == "-" else open(path, newline="", encoding="utf-8")


def main(argv: Optional[Sequence[str]] = None, stdout: TextIO = sys.stdout) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", help="barcodes, one a line, or CSV barcode,action,booking_id ('-': stdin)")
    parser.add_argument("--server", default=os.environ.get("RENTGUY_SERVER", "127.0.0.1:50051"),
                        help="host:port (plaintext) or https://host[:port] (default: $RENTGUY_SERVER or 127.0.0.1:50051)")
    parser.add_argument("--api-key", default=os.environ.get("RENTGUY_API_KEY"),
                        help="the device's rgk_ API key (default: $RENTGUY_API_KEY)")
    parser.add_argument("--api-key-file", help="read the API key from this file")
    parser.add_argument("--ca-file", help="PEM roots to trust for https:// (default: the system's)")
    parser.add_argument("--device-id", help="default: the device id of the API key")
    parser.add_argument("--action", help="for lines without one: check_out, check_in, audit, prepare")
    parser.add_argument("--booking-id", default="", help="for lines without one (required for check_out and prepare)")
    parser.add_argument("--location-id", default="", help="where the scans happen (default: the key's home location)")
    parser.add_argument("--first-sequence", type=int, default=1, help="device_sequence of the first scan (default 1)")
    parser.add_argument("--timeout", type=float, default=120.0, help="deadline of the whole stream, seconds")
    args = parser.parse_args(argv)

    api_key = args.api_key
    if args.api_key_file:
        with open(args.api_key_file, encoding="utf-8") as file:
            api_key = file.read()
    if not api_key or not api_key.strip():
        parser.error("no API key: pass --api-key, --api-key-file or set RENTGUY_API_KEY")
    try:
        default_action = parse_action(args.action) if args.action else None
        with open_input(args.file) as file:
            scans = read_scans(file, default_action, args.booking_id)
    except (OSError, ValueError) as error:
        parser.error(str(error))
    if not scans:
        print("no scans in %s" % args.file, file=sys.stderr)
        return 0

    acked: Dict[str, int] = {}
    sent: Dict[str, Line] = {}
    with connect(args.server, api_key, ca_file=args.ca_file) as client:
        try:
            device_id = args.device_id or device_of_key(client)
            if not device_id:
                parser.error("the credential is not a device API key: pass --device-id")
            stream = client.warehouse.StreamScans(
                requests(scans, device_id, args.first_sequence, args.location_id, sent), timeout=args.timeout)
            for ack in stream:
                print(describe(ack, sent.get(ack.client_scan_id)), file=stdout, flush=True)
                name = short(warehouse_pb2.ScanResult, ack.result, "SCAN_RESULT_")
                acked[name] = acked.get(name, 0) + 1
        except grpc.RpcError as error:
            print("error: %s: %s" % (error.code().name, error.details()), file=sys.stderr)
            return 2
    total = sum(acked.values())
    print("%d scans, %d acknowledged: %s" % (
        len(scans), total, ", ".join("%s %d" % item for item in sorted(acked.items())) or "none"), file=sys.stderr)
    return 0 if total == len(scans) and not acked.get("REJECTED") else 1


if __name__ == "__main__":
    sys.exit(main())
