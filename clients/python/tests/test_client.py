"""Tests of rentguy_client against an in-process grpc server that records what it receives.

Run from clients/python after installing the package: ``pytest``. The TLS tests need the openssl
command (they are skipped without it); the contract test needs the repository's proto/ (skipped
when the tests run outside the repository).
"""
from __future__ import annotations

import importlib.util
import io
import pickle
import shutil
import subprocess
import sys
import threading
import uuid
from concurrent import futures
from pathlib import Path

import grpc
import pytest
from google.protobuf import message_factory

import rentguy_client
from rentguy_client import (
    access_pb2,
    booking_pb2,
    booking_pb2_grpc,
    common_pb2,
    connect,
    export_pb2,
    export_pb2_grpc,
    identity_pb2,
    identity_pb2_grpc,
    jobs_pb2,
    jobs_pb2_grpc,
    login,
    parse_server,
    payment_pb2,
    payment_pb2_grpc,
    warehouse_pb2,
    warehouse_pb2_grpc,
    webhooks_pb2,
    webhooks_pb2_grpc,
)

HERE = Path(__file__).resolve().parent
PROTO = HERE.parents[2] / "proto"  # the repository's contract, when run inside the repository
EXAMPLE = HERE.parent / "examples" / "stream_scans.py"

# Client attribute -> (messages module, stubs module, service name).
SERVICES = {
    "identity": (identity_pb2, identity_pb2_grpc, "IdentityService"),
    "booking": (booking_pb2, booking_pb2_grpc, "BookingService"),
    "warehouse": (warehouse_pb2, warehouse_pb2_grpc, "WarehouseService"),
    "payment": (payment_pb2, payment_pb2_grpc, "PaymentService"),
    "export": (export_pb2, export_pb2_grpc, "ExportService"),
    "jobs": (jobs_pb2, jobs_pb2_grpc, "JobService"),
    "webhooks": (webhooks_pb2, webhooks_pb2_grpc, "WebhookService"),
}

LOGIN = "/rentguy.identity.v1.IdentityService/Login"
WHOAMI = "/rentguy.identity.v1.IdentityService/GetCurrentPrincipal"
STREAM_SCANS = "/rentguy.warehouse.v1.WarehouseService/StreamScans"


def methods():
    """(client attribute, method descriptor) for every RPC of the contract."""
    for attribute, (messages, _, service) in SERVICES.items():
        for method in messages.DESCRIPTOR.services_by_name[service].methods:
            yield attribute, method


def path_of(method) -> str:
    return "/%s/%s" % (method.containing_service.full_name, method.name)


def bearer(metadata):
    """The authorization values of a call's metadata."""
    return [value for key, value in metadata if key == "authorization"]


class Recorder(grpc.GenericRpcHandler):
    """Answers every RPC of the contract and records (method, metadata) of each call.

    Login returns fixed tokens; GetCurrentPrincipal answers an rgk_ key as the device
    "scanner-7"; StreamScans acknowledges each scan (REJECTED for the barcode "BAD"); every other
    RPC returns an empty response (one for a server stream).
    """

    def __init__(self):
        self.lock = threading.Lock()
        self.calls = []
        self.logins = []
        self.scans = []
        self.kinds = {path_of(m): (m.client_streaming, m.server_streaming) for _, m in methods()}

    def metadata_of(self, path):
        with self.lock:
            return [metadata for method, metadata in self.calls if method == path]

    def service(self, details):
        with self.lock:
            self.calls.append((details.method, [(key, value) for key, value in details.invocation_metadata]))
        if details.method == LOGIN:
            return grpc.unary_unary_rpc_method_handler(
                self.login, request_deserializer=identity_pb2.LoginRequest.FromString,
                response_serializer=identity_pb2.LoginResponse.SerializeToString)
        if details.method == WHOAMI:
            return grpc.unary_unary_rpc_method_handler(
                self.whoami, request_deserializer=identity_pb2.GetCurrentPrincipalRequest.FromString,
                response_serializer=identity_pb2.GetCurrentPrincipalResponse.SerializeToString)
        if details.method == STREAM_SCANS:
            return grpc.stream_stream_rpc_method_handler(
                self.stream_scans, request_deserializer=warehouse_pb2.ScanRequest.FromString,
                response_serializer=warehouse_pb2.ScanAck.SerializeToString)
        kind = self.kinds.get(details.method)
        if kind is None:
            return None  # UNIMPLEMENTED
        # No (de)serializers: requests and responses are raw bytes; b"" is any empty message.
        return {
            (False, False): lambda: grpc.unary_unary_rpc_method_handler(lambda request, context: b""),
            (False, True): lambda: grpc.unary_stream_rpc_method_handler(lambda request, context: iter([b""])),
            (True, False): lambda: grpc.stream_unary_rpc_method_handler(lambda requests, context: [*requests] and b""),
            (True, True): lambda: grpc.stream_stream_rpc_method_handler(lambda requests, context: (b"" for _ in requests)),
        }[kind]()

    def login(self, request, context):
        with self.lock:
            self.logins.append(request)
        return identity_pb2.LoginResponse(
            tokens=identity_pb2.SessionTokens(access_token="access-1", refresh_token="refresh-1", session_id="ses_1"),
            user=identity_pb2.User(email=request.email))

    def whoami(self, request, context):
        token = dict(context.invocation_metadata()).get("authorization", "")
        if token.startswith("Bearer rgk_"):
            return identity_pb2.GetCurrentPrincipalResponse(api_key=identity_pb2.ApiKey(device_id="scanner-7"))
        return identity_pb2.GetCurrentPrincipalResponse(user=identity_pb2.User(email="someone@example.com"))

    def stream_scans(self, requests, context):
        for scan in requests:
            with self.lock:
                self.scans.append(scan)
            bad = scan.barcode == "BAD"
            yield warehouse_pb2.ScanAck(
                client_scan_id=scan.client_scan_id,
                result=warehouse_pb2.SCAN_RESULT_REJECTED if bad else warehouse_pb2.SCAN_RESULT_ACCEPTED,
                reason=warehouse_pb2.SCAN_REASON_UNKNOWN_BARCODE if bad else 0,
                scan_id="scn_%d" % scan.device_sequence,
                device_sequence=scan.device_sequence,
                booking_status=booking_pb2.BOOKING_STATUS_CHECKED_OUT if scan.booking_id else 0,
            )


def start(recorder, credentials=None):
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4), handlers=[recorder])
    if credentials is None:
        port = server.add_insecure_port("127.0.0.1:0")
    else:
        port = server.add_secure_port("127.0.0.1:0", credentials)
    server.start()
    return server, port


@pytest.fixture
def plaintext():
    """(recorder, "127.0.0.1:port") of an h2c server."""
    recorder = Recorder()
    server, port = start(recorder)
    yield recorder, "127.0.0.1:%d" % port
    server.stop(None)


@pytest.fixture
def tls(tmp_path):
    """(recorder, "https://127.0.0.1:port", CA file) of a TLS server with a self-signed certificate."""
    if shutil.which("openssl") is None:
        pytest.skip("needs the openssl command")
    key, cert = tmp_path / "server.key", tmp_path / "server.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    recorder = Recorder()
    server, port = start(recorder, grpc.ssl_server_credentials([(key.read_bytes(), cert.read_bytes())]))
    yield recorder, "https://127.0.0.1:%d" % port, str(cert)
    server.stop(None)


def load_example():
    spec = importlib.util.spec_from_file_location("stream_scans_example", EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # (dataclasses look their module up)
    spec.loader.exec_module(module)
    return module


# --- the package ------------------------------------------------------------------------------

def test_friendly_names_are_the_generated_modules():
    for name, module in rentguy_client.MODULES.items():
        assert getattr(rentguy_client, name) is module
        assert module.__name__.startswith("rentguy_client._generated.rentguy.")
        assert module.__name__.endswith("." + name)
    assert common_pb2.Money and access_pb2.access
    # The rewritten imports: nothing imports a top-level `rentguy` package.
    assert "rentguy" not in sys.modules


def test_messages_know_their_module_and_pickle():
    scan = warehouse_pb2.ScanRequest(barcode="A-1", device_sequence=3)
    assert type(scan).__module__ == warehouse_pb2.__name__
    assert pickle.loads(pickle.dumps(scan)) == scan


def test_every_proto_file_is_generated():
    if not PROTO.is_dir():
        pytest.skip("not inside the repository (no proto/)")
    generated = Path(rentguy_client._generated.__file__).parent
    for proto in sorted(PROTO.rglob("*.proto")):
        relative = proto.relative_to(PROTO).with_suffix("")
        for suffix in ("_pb2.py", "_pb2.pyi", "_pb2_grpc.py"):
            assert (generated / relative.parent / (relative.name + suffix)).is_file(), (relative, suffix)
    services = set()
    for proto in PROTO.rglob("*.proto"):
        services |= {line.split()[1] for line in proto.read_text().splitlines() if line.startswith("service ")}
    assert services == {service for _, _, service in SERVICES.values()}


def test_every_service_has_a_stub_on_the_client():
    with connect("127.0.0.1:1") as client:
        for attribute, (messages, stubs, service) in SERVICES.items():
            stub = getattr(client, attribute)
            assert isinstance(stub, getattr(stubs, service + "Stub"))
            for method in messages.DESCRIPTOR.services_by_name[service].methods:
                assert callable(getattr(stub, method.name)), (service, method.name)
    assert sum(1 for _ in methods()) > 100


@pytest.mark.parametrize("server, expected", [
    ("127.0.0.1:50051", ("127.0.0.1:50051", False)),
    ("localhost:8080", ("localhost:8080", False)),
    ("[::1]:50051", ("[::1]:50051", False)),
    ("http://rentguy.internal:50051", ("rentguy.internal:50051", False)),
    ("https://rentguy.example.com", ("rentguy.example.com:443", True)),
    ("https://rentguy.example.com:8443/", ("rentguy.example.com:8443", True)),
    ("HTTPS://[::1]:8443", ("[::1]:8443", True)),
])
def test_parse_server(server, expected):
    assert parse_server(server) == expected


@pytest.mark.parametrize("server", [
    "", "localhost", "ftp://host:21", "https://host/path", "host:notaport", "https://user@host", " host:1",
    "http://host",
])
def test_parse_server_refuses(server):
    with pytest.raises(ValueError):
        parse_server(server)


def test_ca_file_needs_tls():
    with pytest.raises(ValueError):
        connect("127.0.0.1:50051", ca_file="/nonexistent.pem")


def test_token_is_checked():
    with pytest.raises(ValueError):
        connect("127.0.0.1:50051", "Bearer abc")
    with pytest.raises(ValueError):
        connect("127.0.0.1:50051", "two words")
    with connect("127.0.0.1:50051", " rgk_abc\n") as client:
        assert client.token == "rgk_abc"


# --- calls over plaintext (interceptor) ------------------------------------------------------

def test_plaintext_every_rpc_carries_the_token(plaintext):
    recorder, address = plaintext
    with connect(address, "rgk_device-key") as client:
        assert not client.tls and client.target == address
        for attribute, method in methods():
            call = getattr(getattr(client, attribute), method.name)
            message = message_factory.GetMessageClass(method.input_type)()
            if method.client_streaming and method.server_streaming:
                list(call(iter([message]), timeout=10))
            elif method.client_streaming:
                call(iter([message]), timeout=10)
            elif method.server_streaming:
                list(call(message, timeout=10))
            else:
                call(message, timeout=10)
    called = [method for method, _ in recorder.calls]
    assert called == [path_of(m) for _, m in methods()]
    for method, metadata in recorder.calls:
        assert bearer(metadata) == ["Bearer rgk_device-key"], method


def test_plaintext_without_token_sends_none_and_token_can_change(plaintext):
    recorder, address = plaintext
    with connect(address) as client:
        response = client.identity.GetCurrentPrincipal(identity_pb2.GetCurrentPrincipalRequest(), timeout=10)
        assert response.user.email == "someone@example.com"
        client.token = "access-2"
        client.identity.GetCurrentPrincipal(identity_pb2.GetCurrentPrincipalRequest(), timeout=10)
        client.token = None
        client.identity.GetCurrentPrincipal(identity_pb2.GetCurrentPrincipalRequest(), timeout=10)
    assert [bearer(metadata) for metadata in recorder.metadata_of(WHOAMI)] == [[], ["Bearer access-2"], []]


def test_plaintext_keeps_per_call_metadata(plaintext):
    recorder, address = plaintext
    with connect(address, "access-1") as client:
        client.identity.GetCurrentPrincipal(
            identity_pb2.GetCurrentPrincipalRequest(), metadata=[("x-request-id", "r-1")], timeout=10)
    [metadata] = recorder.metadata_of(WHOAMI)
    assert ("x-request-id", "r-1") in metadata and bearer(metadata) == ["Bearer access-1"]


def test_login_returns_tokens_without_sending_a_credential(plaintext):
    recorder, address = plaintext
    tokens = login(address, "admin@localhost", "a password", client_name="tests")
    assert isinstance(tokens, identity_pb2.SessionTokens)
    assert (tokens.access_token, tokens.refresh_token) == ("access-1", "refresh-1")
    [request] = recorder.logins
    assert (request.email, request.password, request.client_name) == ("admin@localhost", "a password", "tests")
    assert [bearer(metadata) for metadata in recorder.metadata_of(LOGIN)] == [[]]


def test_plaintext_stream_carries_the_token(plaintext):
    recorder, address = plaintext
    scans = [warehouse_pb2.ScanRequest(client_scan_id=str(i), barcode="A-%d" % i, device_sequence=i) for i in (1, 2, 3)]
    with connect(address, "rgk_x") as client:
        acks = list(client.warehouse.StreamScans(iter(scans), timeout=10))
    assert [ack.client_scan_id for ack in acks] == ["1", "2", "3"]
    assert [bearer(metadata) for metadata in recorder.metadata_of(STREAM_SCANS)] == [["Bearer rgk_x"]]


def test_unreachable_server_is_unavailable():
    with connect("127.0.0.1:1", "t") as client:
        with pytest.raises(grpc.RpcError) as error:
            client.identity.GetCurrentPrincipal(identity_pb2.GetCurrentPrincipalRequest(), timeout=5)
    assert error.value.code() in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED)


# --- calls over TLS (call credentials) --------------------------------------------------------

def test_tls_carries_the_token(tls):
    recorder, address, ca_file = tls
    with connect(address, "access-tls", ca_file=ca_file) as client:
        assert client.tls
        client.identity.GetCurrentPrincipal(identity_pb2.GetCurrentPrincipalRequest(), timeout=10)
        acks = list(client.warehouse.StreamScans(iter([warehouse_pb2.ScanRequest(client_scan_id="s")]), timeout=10))
        client.token = "access-tls-2"
        client.booking.ListProducts(booking_pb2.ListProductsRequest(), timeout=10)
    assert [ack.client_scan_id for ack in acks] == ["s"]
    assert [bearer(metadata) for metadata in recorder.metadata_of(WHOAMI)] == [["Bearer access-tls"]]
    assert [bearer(metadata) for metadata in recorder.metadata_of(STREAM_SCANS)] == [["Bearer access-tls"]]
    assert [bearer(metadata) for metadata in recorder.metadata_of("/rentguy.booking.v1.BookingService/ListProducts")] \
        == [["Bearer access-tls-2"]]


def test_tls_login(tls):
    recorder, address, ca_file = tls
    assert login(address, "admin@localhost", "pw", ca_file=ca_file).access_token == "access-1"
    assert [bearer(metadata) for metadata in recorder.metadata_of(LOGIN)] == [[]]


def test_tls_verifies_the_server(tls):
    recorder, address, _ = tls
    with connect(address, "access-tls") as client:  # the system's roots do not know the test CA
        with pytest.raises(grpc.RpcError) as error:
            client.identity.GetCurrentPrincipal(identity_pb2.GetCurrentPrincipalRequest(), timeout=10)
    assert error.value.code() == grpc.StatusCode.UNAVAILABLE
    assert recorder.calls == []


# --- examples/stream_scans.py -----------------------------------------------------------------

def test_example_reads_barcodes_and_csv():
    example = load_example()
    text = io.StringIO("barcode,action,booking_id\n# a comment\n\nA-1\nA-2,check-in\nA-3,CHECK_OUT,bkg_9\n"
                       "A-4,scan_action_prepare,\n")
    scans = example.read_scans(text, warehouse_pb2.SCAN_ACTION_AUDIT, "bkg_1")
    assert [(s.barcode, s.action, s.booking_id) for s in scans] == [
        ("A-1", warehouse_pb2.SCAN_ACTION_AUDIT, "bkg_1"),
        ("A-2", warehouse_pb2.SCAN_ACTION_CHECK_IN, "bkg_1"),
        ("A-3", warehouse_pb2.SCAN_ACTION_CHECK_OUT, "bkg_9"),
        ("A-4", warehouse_pb2.SCAN_ACTION_PREPARE, "bkg_1"),
    ]
    with pytest.raises(ValueError, match="line 2: unknown action"):
        example.read_scans(io.StringIO("A-1,audit\nA-2,teleport\n"), None, "")
    with pytest.raises(ValueError, match="line 1: no action"):
        example.read_scans(io.StringIO("A-1\n"), None, "")


def test_example_streams_a_file(plaintext, tmp_path, capsys):
    recorder, address = plaintext
    file = tmp_path / "scans.csv"
    file.write_text("A-1,check_out,bkg_1\nA-2,check_out,bkg_1\nA-3\n")
    out = io.StringIO()
    status = load_example().main(
        ["--server", address, "--api-key", "rgk_device", "--action", "check_in", "--first-sequence", "41", str(file)],
        stdout=out)
    assert status == 0
    lines = out.getvalue().splitlines()
    assert len(lines) == 3
    assert lines[0].startswith("#41 A-1 ACCEPTED scan=scn_41 booking=CHECKED_OUT")
    assert lines[2].startswith("#43 A-3 ACCEPTED")
    assert "3 scans, 3 acknowledged: ACCEPTED 3" in capsys.readouterr().err
    scans = recorder.scans
    assert [s.device_id for s in scans] == ["scanner-7"] * 3  # from GetCurrentPrincipal
    assert [s.device_sequence for s in scans] == [41, 42, 43]
    assert [s.action for s in scans] == [warehouse_pb2.SCAN_ACTION_CHECK_OUT] * 2 + [warehouse_pb2.SCAN_ACTION_CHECK_IN]
    ids = [uuid.UUID(s.client_scan_id) for s in scans]
    assert len(set(ids)) == 3 and all(i.version == 7 for i in ids)  # time-ordered
    assert ids == sorted(ids, key=lambda i: i.int >> 80)
    assert all(s.HasField("scanned_at") for s in scans)
    assert [bearer(metadata) for metadata in recorder.metadata_of(STREAM_SCANS)] == [["Bearer rgk_device"]]


def test_example_reports_rejected_scans(plaintext, tmp_path):
    recorder, address = plaintext
    file = tmp_path / "scans.txt"
    file.write_text("A-1\nBAD\n")
    out = io.StringIO()
    status = load_example().main(
        ["--server", address, "--api-key", "rgk_device", "--device-id", "scanner-9", "--action", "audit", str(file)],
        stdout=out)
    assert status == 1
    assert "#2 BAD REJECTED UNKNOWN_BARCODE" in out.getvalue()
    assert [s.device_id for s in recorder.scans] == ["scanner-9"] * 2
    assert recorder.metadata_of(WHOAMI) == []
