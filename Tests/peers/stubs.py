"""Python stubs for grpc.testing, generated from Debian's grpc-proto package on first use.

Importing this module makes `grpc.testing.{empty,messages,test}_pb2[_grpc]` importable.
"""
import os
import subprocess
import sys

import grpc

HERE = os.path.dirname(os.path.abspath(__file__))
GENERATED = os.path.join(HERE, "generated")
GRPC_PROTO = "/usr/share/grpc-proto"
PROTOS = ["grpc/testing/empty.proto", "grpc/testing/messages.proto", "grpc/testing/test.proto"]


def _generate():
    marker = os.path.join(GENERATED, "grpc", "testing", "test_pb2_grpc.py")
    if os.path.exists(marker):
        return
    staging = GENERATED + ".tmp-%d" % os.getpid()
    os.makedirs(staging, exist_ok=True)
    subprocess.check_call([
        sys.executable, "-m", "grpc_tools.protoc", "-I", GRPC_PROTO,
        "--python_out", staging, "--grpc_python_out", staging, *PROTOS,
    ])
    try:
        os.rename(staging, GENERATED)  # atomic: concurrent test processes race safely
    except OSError:
        subprocess.call(["rm", "-rf", staging])


_generate()
# The generated modules live in the package `grpc.testing`: graft their folder onto grpcio's.
grpc.__path__.append(os.path.join(GENERATED, "grpc"))
