#!/usr/bin/env python3
"""A grpcio client that checks google.rpc rich error details (grpc-status-details-bin) on UnaryCall.

    status_details_client.py --port 50052

Asks for EchoStatus(code=3, message="bad thing") and expects, besides that status, an ErrorInfo
(reason ECHO_STATUS, domain grpc.testing) and a BadRequest naming "response_status".
Prints "PASS status_details" or "FAIL status_details: reason"; exits non-zero on failure.
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import stubs  # noqa: E402,F401
import grpc  # noqa: E402
from google.rpc import error_details_pb2  # noqa: E402
from grpc_status import rpc_status  # noqa: E402
from grpc.testing import messages_pb2, test_pb2_grpc  # noqa: E402


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


def status_details(port):
    with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
        stub = test_pb2_grpc.TestServiceStub(channel)
        request = messages_pb2.SimpleRequest(response_status=messages_pb2.EchoStatus(code=3, message="bad thing"))
        try:
            stub.UnaryCall(request, timeout=10)
        except grpc.RpcError as error:
            call = error
        else:
            raise Failure("the call succeeded")
    check(call.code() == grpc.StatusCode.INVALID_ARGUMENT, f"code {call.code()}, details {call.details()!r}")
    status = rpc_status.from_call(call)  # raises ValueError if it disagrees with grpc-status/grpc-message
    check(status is not None, "no grpc-status-details-bin trailer")
    check(status.code == 3, f"Status.code {status.code}")
    check(status.message == "bad thing", f"Status.message {status.message!r}")
    infos, bad_requests = [], []
    for detail in status.details:
        if detail.Is(error_details_pb2.ErrorInfo.DESCRIPTOR):
            info = error_details_pb2.ErrorInfo()
            detail.Unpack(info)
            infos.append(info)
        elif detail.Is(error_details_pb2.BadRequest.DESCRIPTOR):
            bad_request = error_details_pb2.BadRequest()
            detail.Unpack(bad_request)
            bad_requests.append(bad_request)
        else:
            raise Failure(f"unexpected detail {detail.type_url}")
    check(len(infos) == 1, f"{len(infos)} ErrorInfo details")
    check((infos[0].reason, infos[0].domain) == ("ECHO_STATUS", "grpc.testing"),
          f"ErrorInfo reason={infos[0].reason!r} domain={infos[0].domain!r}")
    check(len(bad_requests) == 1, f"{len(bad_requests)} BadRequest details")
    fields = [v.field for v in bad_requests[0].field_violations]
    check("response_status" in fields, f"BadRequest field violations on {fields}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    try:
        status_details(args.port)
    except Exception as error:  # noqa: BLE001
        print(f"FAIL status_details: {type(error).__name__}: {error}")
        return 1
    print("PASS status_details")
    return 0


if __name__ == "__main__":
    sys.exit(main())
