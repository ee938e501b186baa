"""grpcio probes of a running rentguy-server, for the end-to-end tests.

  rentguy_probe.py health --port P          Check and Watch with grpcio's health client
  rentguy_probe.py unimplemented --port P   every RPC in proto/ answers UNIMPLEMENTED
  rentguy_probe.py watch --port P           prints each status of Watch("") until the stream ends

Prints what it saw; exits 0 when everything was as expected, 1 otherwise.
"""
import argparse
import os
import subprocess
import sys
import tempfile

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc
from google.protobuf import descriptor_pb2

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
STATUS = health_pb2.HealthCheckResponse.ServingStatus.Name


def health(channel):
    stub = health_pb2_grpc.HealthStub(channel)
    ok = True
    for service in ["", "grpc.health.v1.Health"]:
        status = STATUS(stub.Check(health_pb2.HealthCheckRequest(service=service), timeout=10).status)
        print("check %r: %s" % (service, status))
        ok &= status == "SERVING"
    try:
        stub.Check(health_pb2.HealthCheckRequest(service="rentguy.nope.v1.Nope"), timeout=10)
        print("check unknown: answered")
        ok = False
    except grpc.RpcError as error:
        print("check unknown: %s" % error.code().name)
        ok &= error.code() == grpc.StatusCode.NOT_FOUND
    watch = stub.Watch(health_pb2.HealthCheckRequest(service=""), timeout=10)
    first = STATUS(next(watch).status)
    watch.cancel()
    print("watch '': %s" % first)
    ok &= first == "SERVING"
    unknown = stub.Watch(health_pb2.HealthCheckRequest(service="rentguy.nope.v1.Nope"), timeout=10)
    first_unknown = STATUS(next(unknown).status)
    unknown.cancel()
    print("watch unknown: %s" % first_unknown)
    ok &= first_unknown == "SERVICE_UNKNOWN"
    return ok


def contract_methods():
    """(path, client_streaming, server_streaming) for every RPC declared in proto/."""
    protos = []
    for folder, _, files in os.walk(os.path.join(ROOT, "proto")):
        protos += [os.path.relpath(os.path.join(folder, f), os.path.join(ROOT, "proto")) for f in files if f.endswith(".proto")]
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "contract.pb")
        subprocess.check_call([sys.executable, "-m", "grpc_tools.protoc", "-I", os.path.join(ROOT, "proto"),
                               "-I", "/usr/include", "--include_imports", "--descriptor_set_out", out, *sorted(protos)])
        files = descriptor_pb2.FileDescriptorSet.FromString(open(out, "rb").read()).file
    for file in files:
        for service in file.service:
            for method in service.method:
                yield ("/%s.%s/%s" % (file.package, service.name, method.name),
                       method.client_streaming, method.server_streaming)


def unimplemented(channel):
    identity = lambda b: b
    ok = True
    count = 0
    services = set()
    for path, client_streaming, server_streaming in contract_methods():
        count += 1
        services.add(path.split("/")[1])
        kwargs = dict(request_serializer=identity, response_deserializer=identity)
        try:
            if not client_streaming and not server_streaming:
                channel.unary_unary(path, **kwargs)(b"", timeout=10)
            elif not client_streaming:
                list(channel.unary_stream(path, **kwargs)(b"", timeout=10))
            elif not server_streaming:
                channel.stream_unary(path, **kwargs)(iter([b""]), timeout=10)
            else:
                list(channel.stream_stream(path, **kwargs)(iter([b""]), timeout=10))
            print("%s: answered" % path)
            ok = False
        except grpc.RpcError as error:
            if error.code() != grpc.StatusCode.UNIMPLEMENTED:
                print("%s: %s %s" % (path, error.code().name, error.details()))
                ok = False
    print("methods: %d, services: %s" % (count, " ".join(sorted(services))))
    return ok and count > 0


def watch(channel):
    stub = health_pb2_grpc.HealthStub(channel)
    for response in stub.Watch(health_pb2.HealthCheckRequest(service="")):
        print("status: %s" % STATUS(response.status), flush=True)
    print("stream ended", flush=True)
    return True


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("probe", choices=["health", "unimplemented", "watch"])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    with grpc.insecure_channel("%s:%d" % (args.host, args.port)) as channel:
        try:
            ok = {"health": health, "unimplemented": unimplemented, "watch": watch}[args.probe](channel)
        except grpc.RpcError as error:
            print("rpc failed: %s %s" % (error.code().name, error.details()), flush=True)
            ok = args.probe == "watch"
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
