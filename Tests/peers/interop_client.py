#!/usr/bin/env python3
"""The gRPC interop cases (grpc/grpc doc/interop-test-descriptions.md), client side, on grpcio.

    interop_client.py --port 50052 --test_case large_unary     (or --test_case all)

Prints one line per case ("PASS name" / "FAIL name: reason") and exits non-zero if any failed.
Stubs come from stubs.py (generated from Debian's grpc-proto package on first use).
"""
import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import stubs  # noqa: E402,F401  (generates and registers grpc.testing)
import grpc  # noqa: E402
from grpc.testing import empty_pb2, messages_pb2, test_pb2_grpc  # noqa: E402


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


def payload(size):
    return messages_pb2.Payload(body=b"\x00" * size)


def expect_code(call, code, message=None):
    try:
        call()
    except grpc.RpcError as error:
        check(error.code() == code, f"expected {code}, got {error.code()}: {error.details()}")
        if message is not None:
            check(error.details() == message, f"expected message {message!r}, got {error.details()!r}")
        return error
    raise Failure(f"expected {code}, the call succeeded")


def empty_unary(stub, channel):
    response = stub.EmptyCall(empty_pb2.Empty(), timeout=10)
    check(response == empty_pb2.Empty(), "response is not Empty")


def large_unary(stub, channel):
    request = messages_pb2.SimpleRequest(response_size=314159, payload=payload(271828))
    response = stub.UnaryCall(request, timeout=10)
    check(len(response.payload.body) == 314159, f"payload {len(response.payload.body)} bytes")


def client_streaming(stub, channel):
    sizes = [27182, 8, 1828, 45904]
    requests = (messages_pb2.StreamingInputCallRequest(payload=payload(s)) for s in sizes)
    response = stub.StreamingInputCall(requests, timeout=10)
    check(response.aggregated_payload_size == 74922, f"aggregated {response.aggregated_payload_size}")


def server_streaming(stub, channel):
    sizes = [31415, 9, 2653, 58979]
    request = messages_pb2.StreamingOutputCallRequest(
        response_parameters=[messages_pb2.ResponseParameters(size=s) for s in sizes])
    received = [len(r.payload.body) for r in stub.StreamingOutputCall(request, timeout=10)]
    check(received == sizes, f"received sizes {received}")


class Pipe:
    """A request iterator the test feeds one message at a time."""

    def __init__(self):
        import queue
        self.queue = queue.Queue()

    def add(self, item):
        self.queue.put(item)

    def close(self):
        self.queue.put(None)

    def __iter__(self):
        return self

    def __next__(self):
        item = self.queue.get()
        if item is None:
            raise StopIteration
        return item


def ping_pong(stub, channel):
    pairs = [(27182, 31415), (8, 9), (1828, 2653), (45904, 58979)]
    pipe = Pipe()
    responses = stub.FullDuplexCall(pipe, timeout=10)
    for request_size, response_size in pairs:
        pipe.add(messages_pb2.StreamingOutputCallRequest(
            response_parameters=[messages_pb2.ResponseParameters(size=response_size)],
            payload=payload(request_size)))
        response = next(responses)
        check(len(response.payload.body) == response_size, f"response {len(response.payload.body)} bytes")
    pipe.close()
    check(list(responses) == [], "extra responses after the last request")


def empty_stream(stub, channel):
    responses = list(stub.FullDuplexCall(iter([]), timeout=10))
    check(responses == [], f"{len(responses)} responses to an empty stream")


def timeout_on_sleeping_server(stub, channel):
    pipe = Pipe()
    responses = stub.FullDuplexCall(pipe, timeout=0.001)
    pipe.add(messages_pb2.StreamingOutputCallRequest(payload=payload(27182)))
    expect_code(lambda: list(responses), grpc.StatusCode.DEADLINE_EXCEEDED)
    pipe.close()


def cancel_after_begin(stub, channel):
    pipe = Pipe()
    future = stub.StreamingInputCall.future(pipe, timeout=10)
    future.cancel()
    check(future.cancelled(), "call is not cancelled")
    pipe.close()


def cancel_after_first_response(stub, channel):
    pipe = Pipe()
    responses = stub.FullDuplexCall(pipe, timeout=10)
    pipe.add(messages_pb2.StreamingOutputCallRequest(
        response_parameters=[messages_pb2.ResponseParameters(size=31415)], payload=payload(27182)))
    response = next(responses)
    check(len(response.payload.body) == 31415, "first response has the wrong size")
    responses.cancel()
    expect_code(lambda: next(responses), grpc.StatusCode.CANCELLED)
    pipe.close()


def _status_case(stub, message):
    status = messages_pb2.EchoStatus(code=2, message=message)
    expect_code(lambda: stub.UnaryCall(messages_pb2.SimpleRequest(response_status=status), timeout=10),
                grpc.StatusCode.UNKNOWN, message)


def status_code_and_message(stub, channel):
    message = "test status message"
    _status_case(stub, message)
    status = messages_pb2.EchoStatus(code=2, message=message)
    requests = iter([messages_pb2.StreamingOutputCallRequest(response_status=status)])
    expect_code(lambda: list(stub.FullDuplexCall(requests, timeout=10)), grpc.StatusCode.UNKNOWN, message)


def special_status_message(stub, channel):
    _status_case(stub, "\t\ntest with whitespace\r\nand Unicode BMP \u263a and non-BMP \U0001f608\t\n")


def custom_metadata(stub, channel):
    initial = ("x-grpc-test-echo-initial", "test_initial_metadata_value")
    trailing = ("x-grpc-test-echo-trailing-bin", b"\xab\xab\xab")
    metadata = (initial, trailing)

    request = messages_pb2.SimpleRequest(response_size=314159, payload=payload(271828))
    _, call = stub.UnaryCall.with_call(request, metadata=metadata, timeout=10)
    check(initial in call.initial_metadata(), f"initial metadata {call.initial_metadata()}")
    check(trailing in call.trailing_metadata(), f"trailing metadata {call.trailing_metadata()}")

    requests = iter([messages_pb2.StreamingOutputCallRequest(
        response_parameters=[messages_pb2.ResponseParameters(size=314159)], payload=payload(271828))])
    responses = stub.FullDuplexCall(requests, metadata=metadata, timeout=10)
    check(len(next(responses).payload.body) == 314159, "streaming response has the wrong size")
    check(list(responses) == [], "extra streaming responses")
    check(initial in responses.initial_metadata(), f"streaming initial metadata {responses.initial_metadata()}")
    check(trailing in responses.trailing_metadata(), f"streaming trailing metadata {responses.trailing_metadata()}")


def unimplemented_method(stub, channel):
    expect_code(lambda: stub.UnimplementedCall(empty_pb2.Empty(), timeout=10), grpc.StatusCode.UNIMPLEMENTED)


def unimplemented_service(stub, channel):
    other = test_pb2_grpc.UnimplementedServiceStub(channel)
    expect_code(lambda: other.UnimplementedCall(empty_pb2.Empty(), timeout=10), grpc.StatusCode.UNIMPLEMENTED)


def client_compressed_unary(stub, channel):
    def request(expect):
        return messages_pb2.SimpleRequest(
            response_size=314159, payload=payload(271828), expect_compressed=messages_pb2.BoolValue(value=expect))
    # Probe: claims compression but is sent uncompressed; the server must refuse it.
    expect_code(lambda: stub.UnaryCall(request(True), timeout=10), grpc.StatusCode.INVALID_ARGUMENT)
    response = stub.UnaryCall(request(True), compression=grpc.Compression.Gzip, timeout=10)
    check(len(response.payload.body) == 314159, "compressed request: wrong response size")
    response = stub.UnaryCall(request(False), timeout=10)
    check(len(response.payload.body) == 314159, "uncompressed request: wrong response size")


def server_compressed_unary(stub, channel):
    for compressed in (True, False):
        request = messages_pb2.SimpleRequest(
            response_size=314159, payload=payload(271828),
            response_compressed=messages_pb2.BoolValue(value=compressed))
        response = stub.UnaryCall(request, timeout=10)
        check(len(response.payload.body) == 314159, f"compressed={compressed}: wrong response size")


CASES = [
    empty_unary, large_unary, client_streaming, server_streaming, ping_pong, empty_stream,
    timeout_on_sleeping_server, cancel_after_begin, cancel_after_first_response,
    status_code_and_message, special_status_message, custom_metadata, unimplemented_method,
    unimplemented_service, client_compressed_unary, server_compressed_unary,
]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--test_case", default="all")
    parser.add_argument("--tls", action="store_true")
    parser.add_argument("--ca-file")
    parser.add_argument("--cert-file")
    parser.add_argument("--key-file")
    parser.add_argument("--server-name")
    args = parser.parse_args()

    by_name = {case.__name__: case for case in CASES}
    if args.test_case != "all" and args.test_case not in by_name:
        print(f"unknown test case {args.test_case}; known: {', '.join(by_name)}")
        return 2
    selected = CASES if args.test_case == "all" else [by_name[args.test_case]]
    # Server compression needs the client to accept gzip; grpcio advertises it by default.
    target = f"{args.host}:{args.port}"
    if args.tls:
        def read(path):
            with open(path, "rb") as f:
                return f.read()
        credentials = grpc.ssl_channel_credentials(
            root_certificates=read(args.ca_file) if args.ca_file else None,
            private_key=read(args.key_file) if args.key_file else None,
            certificate_chain=read(args.cert_file) if args.cert_file else None)
        options = [("grpc.ssl_target_name_override", args.server_name)] if args.server_name else []
        channel = grpc.secure_channel(target, credentials, options=options)
    else:
        channel = grpc.insecure_channel(target)
    stub = test_pb2_grpc.TestServiceStub(channel)
    failed = 0
    for case in selected:
        started = time.monotonic()
        try:
            case(stub, channel)
            print(f"PASS {case.__name__} ({(time.monotonic() - started) * 1000:.0f} ms)")
        except Exception as error:  # noqa: BLE001 - every failure is reported
            failed += 1
            print(f"FAIL {case.__name__}: {type(error).__name__}: {error}")
    channel.close()
    print(f"{len(selected) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
