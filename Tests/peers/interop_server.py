#!/usr/bin/env python3
"""grpc.testing.TestService on grpcio: the reference server our client transport is tested against.

    interop_server.py --port 0 [--tls-cert server.pem --tls-key server.key [--tls-client-ca ca.pem]]

Prints "listening on 127.0.0.1:PORT" once serving; stops on SIGTERM.
"""
import argparse
import os
import signal
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import stubs  # noqa: E402,F401
import grpc  # noqa: E402
from google.protobuf import any_pb2  # noqa: E402
from google.rpc import error_details_pb2, status_pb2  # noqa: E402
from grpc_status import rpc_status  # noqa: E402
from grpc.testing import empty_pb2, messages_pb2, test_pb2_grpc  # noqa: E402

ECHO_INITIAL = "x-grpc-test-echo-initial"
ECHO_TRAILING = "x-grpc-test-echo-trailing-bin"


def echo_metadata(context):
    metadata = dict(context.invocation_metadata())
    if ECHO_INITIAL in metadata:
        context.send_initial_metadata(((ECHO_INITIAL, metadata[ECHO_INITIAL]),))
    if ECHO_TRAILING in metadata:
        context.set_trailing_metadata(((ECHO_TRAILING, metadata[ECHO_TRAILING]),))


def payload(size):
    return messages_pb2.Payload(body=b"\x00" * size)


class TestService(test_pb2_grpc.TestServiceServicer):
    def EmptyCall(self, request, context):
        echo_metadata(context)
        return empty_pb2.Empty()

    def UnaryCall(self, request, context):
        echo_metadata(context)
        # expect_compressed cannot be checked here: grpcio hides grpc-encoding and the message
        # flag from handlers (clients skip the probe step against this server).
        if request.response_status.code:
            abort_with_details(context, request.response_status)
        if request.response_compressed.value:
            context.set_compression(grpc.Compression.Gzip)
        return messages_pb2.SimpleResponse(payload=payload(request.response_size))

    def StreamingInputCall(self, request_iterator, context):
        echo_metadata(context)
        total = sum(len(r.payload.body) for r in request_iterator)
        return messages_pb2.StreamingInputCallResponse(aggregated_payload_size=total)

    def StreamingOutputCall(self, request, context):
        echo_metadata(context)
        yield from self._respond(request, context)

    def FullDuplexCall(self, request_iterator, context):
        echo_metadata(context)
        for request in request_iterator:
            yield from self._respond(request, context)

    def HalfDuplexCall(self, request_iterator, context):
        echo_metadata(context)
        requests = list(request_iterator)
        for request in requests:
            yield from self._respond(request, context)

    def _respond(self, request, context):
        if request.response_status.code:
            context.abort(grpc.StatusCode(_code(request.response_status.code)), request.response_status.message)
        for parameters in request.response_parameters:
            if parameters.interval_us:
                time.sleep(parameters.interval_us / 1e6)
            yield messages_pb2.StreamingOutputCallResponse(payload=payload(parameters.size))


def abort_with_details(context, echo):
    """Abort with the echoed code and message plus google.rpc rich details (grpc-status-details-bin)."""
    code, message = _code(echo.code)[0], echo.message

    def packed(detail):
        wrapper = any_pb2.Any()
        wrapper.Pack(detail)
        return wrapper

    status = status_pb2.Status(code=code, message=message, details=[
        packed(error_details_pb2.ErrorInfo(reason="ECHO_STATUS", domain="grpc.testing", metadata={"code": str(code)})),
        packed(error_details_pb2.BadRequest(field_violations=[
            error_details_pb2.BadRequest.FieldViolation(field="response_status", description=message)])),
    ])
    grpc_status = rpc_status.to_status(status)
    # abort_with_status replaces the trailing metadata: keep an echoed x-grpc-test-echo-trailing-bin.
    echoed = tuple(context.trailing_metadata() or ())
    context.abort_with_status(grpc_status._replace(trailing_metadata=echoed + grpc_status.trailing_metadata))


def _code(number):
    for code in grpc.StatusCode:
        if code.value[0] == number:
            return code.value
    return grpc.StatusCode.UNKNOWN.value


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--tls-cert")
    parser.add_argument("--tls-key")
    parser.add_argument("--tls-client-ca")
    args = parser.parse_args()

    from concurrent.futures import ThreadPoolExecutor
    server = grpc.server(ThreadPoolExecutor(max_workers=32))
    test_pb2_grpc.add_TestServiceServicer_to_server(TestService(), server)
    address = f"127.0.0.1:{args.port}"
    if args.tls_cert:
        def read(path):
            with open(path, "rb") as f:
                return f.read()
        credentials = grpc.ssl_server_credentials(
            [(read(args.tls_key), read(args.tls_cert))],
            root_certificates=read(args.tls_client_ca) if args.tls_client_ca else None,
            require_client_auth=bool(args.tls_client_ca))
        port = server.add_secure_port(address, credentials)
    else:
        port = server.add_insecure_port(address)
    server.start()
    print(f"listening on 127.0.0.1:{port}", flush=True)
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    while not stopped.wait(0.2):  # a timed wait lets the signal handler run
        pass
    server.stop(grace=2).wait()


if __name__ == "__main__":
    main()
