"""A grpcio stand-in for WarehouseService.StreamScans, for testing the C client's wire handling,
replay and TLS without rentguy-server. It follows the contract's rules that a client can see:

- the credential is `authorization: Bearer rgk_<device id>`; anything else is UNAUTHENTICATED
  (ErrorInfo CREDENTIAL_INVALID); a scan for another device ends the stream PERMISSION_DENIED
  with ErrorInfo DEVICE_MISMATCH (in grpc-status-details-bin);
- one ack per scan, in order, after the scan is "stored"; dedup on (device_id, client_scan_id):
  a replay is DUPLICATE with original_result;
- barcodes starting with BAD are REJECTED (UNKNOWN_BARCODE), with CONFLICT a CONFLICT
  (NOT_CHECKED_OUT, a conflict id), anything else ACCEPTED.

Faults, for the client's retry paths:
  --unimplemented N        the first N streams end at once with UNIMPLEMENTED
  --lose-acks K:M          on the first stream: ack K scans, store M more without acking them,
                           then end the stream with UNAVAILABLE (a crash after commit)
  --ack-delay-ms MS        sleep before each ack

Prints "listening <port>" when ready. Appends "<client_scan_id> <device_sequence>" of every
stored scan to --state FILE, in the order they were stored.
TLS: --tls-cert/--tls-key, and --client-ca to require client certificates.
"""
import argparse
import os
import sys
import threading
import time
from concurrent import futures

import grpc
from google.protobuf import any_pb2, timestamp_pb2
from google.rpc import code_pb2, error_details_pb2, status_pb2
from grpc_status import rpc_status

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "Tests", "peers"))
import rentguy_probe  # noqa: E402

rentguy_probe.contract_modules()  # generates the contract's modules and puts them on sys.path
from rentguy.warehouse.v1 import warehouse_pb2 as wh  # noqa: E402


def error_status(code, reason, message):
    info = error_details_pb2.ErrorInfo(reason=reason, domain="rentguy")
    detail = any_pb2.Any()
    detail.Pack(info)
    return rpc_status.to_status(status_pb2.Status(code=code, message=message, details=[detail]))


class Scans:
    def __init__(self, args):
        self.args = args
        self.lock = threading.Lock()
        self.stored = {}  # (device, client_scan_id) -> ack
        self.streams = 0
        self.lost_done = False
        self.state = open(args.state, "a") if args.state else None

    def outcome(self, scan):
        ack = wh.ScanAck(client_scan_id=scan.client_scan_id, device_sequence=scan.device_sequence,
                         scan_id="scn_%d" % (len(self.stored) + 1))
        ack.server_time.GetCurrentTime()
        if not scan.barcode or not scan.client_scan_id or not scan.HasField("scanned_at") or not scan.action:
            ack.result, ack.reason, ack.message = wh.SCAN_RESULT_REJECTED, wh.SCAN_REASON_MISSING_FIELD, "missing field"
        elif scan.barcode.startswith("BAD"):
            ack.result, ack.reason = wh.SCAN_RESULT_REJECTED, wh.SCAN_REASON_UNKNOWN_BARCODE
            ack.message = "no asset, case or bulk product has the barcode " + scan.barcode
        elif scan.barcode.startswith("CONFLICT"):
            ack.result, ack.reason = wh.SCAN_RESULT_CONFLICT, wh.SCAN_REASON_NOT_CHECKED_OUT
            ack.conflict_id = "cfl_%d" % (len(self.stored) + 1)
            ack.message = scan.barcode + ": is not checked out (AVAILABLE)"
        else:
            ack.result, ack.message = wh.SCAN_RESULT_ACCEPTED, "seen"
            ack.asset_ids.append("ast_" + scan.barcode)
        return ack

    def store(self, device, scan):
        with self.lock:
            key = (device, scan.client_scan_id)
            if key in self.stored:
                first = self.stored[key]
                ack = wh.ScanAck()
                ack.CopyFrom(first)
                ack.original_result = first.result
                ack.result = wh.SCAN_RESULT_DUPLICATE
                return ack
            ack = self.outcome(scan)
            self.stored[key] = ack
            if self.state:
                self.state.write("%s %d\n" % (scan.client_scan_id, scan.device_sequence))
                self.state.flush()
            return ack

    def StreamScans(self, requests, context):
        metadata = dict(context.invocation_metadata())
        token = metadata.get("authorization", "")
        if not token.startswith("Bearer rgk_"):
            context.abort_with_status(error_status(code_pb2.UNAUTHENTICATED, "CREDENTIAL_INVALID",
                                                   "unknown, expired or revoked API key"))
        device = token[len("Bearer rgk_"):]
        with self.lock:
            self.streams += 1
            number = self.streams
            lose = None
            if self.args.lose_acks and not self.lost_done:
                self.lost_done = True
                lose = [int(x) for x in self.args.lose_acks.split(":")]
        if number <= self.args.unimplemented:
            context.abort(grpc.StatusCode.UNIMPLEMENTED, "StreamScans is not built yet (%d)" % number)
        acked = 0
        for scan in requests:
            if scan.device_id != device:
                context.abort_with_status(error_status(
                    code_pb2.PERMISSION_DENIED, "DEVICE_MISMATCH",
                    "this API key belongs to device %s; the scan %s is for device %s" % (
                        device, scan.client_scan_id, scan.device_id)))
            ack = self.store(device, scan)
            if lose and acked >= lose[0]:
                lose[1] -= 1
                if lose[1] <= 0:
                    context.abort(grpc.StatusCode.UNAVAILABLE, "simulated crash after commit")
                continue
            if self.args.ack_delay_ms:
                time.sleep(self.args.ack_delay_ms / 1000.0)
            acked += 1
            yield ack


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--state")
    parser.add_argument("--unimplemented", type=int, default=0)
    parser.add_argument("--lose-acks")
    parser.add_argument("--ack-delay-ms", type=int, default=0)
    parser.add_argument("--tls-cert")
    parser.add_argument("--tls-key")
    parser.add_argument("--client-ca")
    args = parser.parse_args()
    scans = Scans(args)
    handler = grpc.method_handlers_generic_handler("rentguy.warehouse.v1.WarehouseService", {
        "StreamScans": grpc.stream_stream_rpc_method_handler(
            scans.StreamScans, request_deserializer=wh.ScanRequest.FromString,
            response_serializer=wh.ScanAck.SerializeToString)})
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=16))
    server.add_generic_rpc_handlers((handler,))
    if args.tls_cert:
        read = lambda path: open(path, "rb").read()  # noqa: E731
        credentials = grpc.ssl_server_credentials(
            [(read(args.tls_key), read(args.tls_cert))],
            root_certificates=read(args.client_ca) if args.client_ca else None,
            require_client_auth=bool(args.client_ca))
        port = server.add_secure_port("127.0.0.1:%d" % args.port, credentials)
    else:
        port = server.add_insecure_port("127.0.0.1:%d" % args.port)
    server.start()
    print("listening %d" % port, flush=True)
    try:
        server.wait_for_termination()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
