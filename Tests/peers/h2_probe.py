#!/usr/bin/env python3
"""Hostile and protocol-edge HTTP/2 clients for the gRPC server, on the `h2` library and raw sockets.

    h2_probe.py --port 50052 --scenario oversized_message [--server-pid PID]   (or --scenario all)

Each scenario checks what the server answers and that the server still serves a normal call
afterwards. Prints "PASS name" / "FAIL name: reason" per scenario and "N passed, M failed".
"""
import argparse
import os
import signal
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import stubs  # noqa: E402,F401
from grpc.testing import messages_pb2  # noqa: E402

import h2.config  # noqa: E402
import h2.connection  # noqa: E402
import h2.events  # noqa: E402
import h2.exceptions  # noqa: E402
import h2.settings  # noqa: E402

PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
UNARY = "/grpc.testing.TestService/UnaryCall"
STREAMING_OUTPUT = "/grpc.testing.TestService/StreamingOutputCall"
EMPTY = "/grpc.testing.TestService/EmptyCall"
FULL_DUPLEX = "/grpc.testing.TestService/FullDuplexCall"


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


def frame(payload, length_prefix_flag=0):
    return struct.pack(">BI", length_prefix_flag, len(payload)) + payload


def raw_frame(frame_type, flags, stream_id, payload):
    return struct.pack(">I", len(payload))[1:] + bytes([frame_type, flags]) + struct.pack(">I", stream_id) + payload


class Call:
    def __init__(self):
        self.headers = None
        self.trailers = None
        self.data = b""
        self.reset = None
        self.ended = False

    @property
    def status(self):
        block = self.trailers if self.trailers is not None else self.headers
        if not block:
            return None
        value = block.get("grpc-status")
        return int(value) if value is not None else None

    @property
    def http_status(self):
        return int(self.headers[":status"]) if self.headers else None

    def messages(self):
        out, data = [], self.data
        while len(data) >= 5:
            flag, length = struct.unpack(">BI", data[:5])
            out.append((flag, data[5:5 + length]))
            data = data[5 + length:]
        return out


class Client:
    """A minimal HTTP/2 gRPC client that gives the test control over every frame."""

    def __init__(self, port, window=None, auto_ack=True):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        config = h2.config.H2Configuration(
            client_side=True, header_encoding="utf-8", validate_outbound_headers=False,
            normalize_outbound_headers=False, validate_inbound_headers=False)
        self.conn = h2.connection.H2Connection(config=config)
        if window is not None:
            self.conn.local_settings = h2.settings.Settings(
                client=True, initial_values={h2.settings.SettingCodes.INITIAL_WINDOW_SIZE: window})
        self.conn.initiate_connection()
        self.auto_ack = auto_ack
        self.calls = {}
        self.goaway = None
        self.closed = False
        self.flush()

    def flush(self):
        data = self.conn.data_to_send()
        if data:
            self.sock.sendall(data)

    def start(self, path, extra_headers=(), content_type="application/grpc", method="POST"):
        stream_id = self.conn.get_next_available_stream_id()
        headers = [(":method", method), (":scheme", "http"), (":path", path),
                   (":authority", "localhost"), ("content-type", content_type), ("te", "trailers")]
        headers += list(extra_headers)
        self.conn.send_headers(stream_id, headers)
        self.calls[stream_id] = Call()
        self.flush()
        return stream_id

    def send(self, stream_id, data, end=True):
        # Respect flow control, chunking to the frame size.
        offset = 0
        while offset < len(data) or (end and offset == len(data) == 0):
            window = self.conn.local_flow_control_window(stream_id)
            if window == 0:
                self.pump(0.2)
                continue
            chunk = data[offset:offset + min(window, self.conn.max_outbound_frame_size)]
            offset += len(chunk)
            self.conn.send_data(stream_id, chunk, end_stream=end and offset >= len(data))
            self.flush()
            if not data:
                break

    def call(self, path, payload, extra_headers=(), **kwargs):
        stream_id = self.start(path, extra_headers, **kwargs)
        self.send(stream_id, payload)
        return self.wait(stream_id)

    def pump(self, timeout):
        self.sock.settimeout(timeout)
        try:
            data = self.sock.recv(1 << 20)
        except socket.timeout:
            return False
        except ConnectionError:
            self.closed = True
            return False
        if not data:
            self.closed = True
            return False
        for event in self.conn.receive_data(data):
            self.handle(event)
        self.flush()
        return True

    def handle(self, event):
        call = self.calls.get(getattr(event, "stream_id", None))
        if isinstance(event, h2.events.ResponseReceived):
            call.headers = dict(event.headers)
        elif isinstance(event, h2.events.TrailersReceived):
            call.trailers = dict(event.headers)
        elif isinstance(event, h2.events.DataReceived):
            call.data += event.data
            if self.auto_ack:
                self.conn.acknowledge_received_data(event.flow_controlled_length, event.stream_id)
        elif isinstance(event, h2.events.StreamEnded):
            call.ended = True
        elif isinstance(event, h2.events.StreamReset):
            if call is not None:
                call.reset = event.error_code
        elif isinstance(event, h2.events.ConnectionTerminated):
            self.goaway = event

    def wait(self, stream_id, timeout=10):
        deadline = time.monotonic() + timeout
        call = self.calls[stream_id]
        while not (call.ended or call.reset is not None or self.closed) and time.monotonic() < deadline:
            self.pump(0.5)
        return call

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


def simple_request(size=10, **kwargs):
    return messages_pb2.SimpleRequest(response_size=size, **kwargs).SerializeToString()


def assert_serving(port):
    """The server still answers a normal unary call on a new connection."""
    client = Client(port)
    call = client.call(UNARY, frame(simple_request(64)))
    client.close()
    check(call.status == 0, f"follow-up call failed: headers={call.headers} trailers={call.trailers}")
    check(len(call.messages()) == 1, "follow-up call returned no message")


# --- scenarios -------------------------------------------------------------------------------

def wrong_content_type(port, args):
    client = Client(port)
    call = client.call(UNARY, frame(simple_request()), content_type="application/json")
    check(call.http_status == 415, f"expected HTTP 415, got {call.headers}")
    check(call.status is not None and call.status != 0, "no grpc-status on the 415")
    client.close()


def wrong_method(port, args):
    client = Client(port)
    stream_id = client.start(UNARY, method="GET")
    client.conn.end_stream(stream_id)
    client.flush()
    call = client.wait(stream_id)
    check(call.http_status == 405, f"expected HTTP 405, got {call.headers}")
    client.close()


def not_a_grpc_path(port, args):
    client = Client(port)
    call = client.call("/no-service-here", frame(b""))
    check(call.status == 12, f"expected UNIMPLEMENTED, got {call.status} {call.headers}")
    client.close()


def truncated_message(port, args):
    client = Client(port)
    # The prefix announces 100 bytes; the stream ends after 10.
    call = client.call(UNARY, struct.pack(">BI", 0, 100) + b"\x00" * 10)
    check(call.status == 13, f"expected INTERNAL, got {call.status}")
    check("grpc-message" in (call.trailers or call.headers), "no grpc-message explaining the error")
    client.close()


def oversized_message(port, args):
    client = Client(port)
    stream_id = client.start(UNARY)
    # Announce 5 MiB (limit 4 MiB) and start sending it. The server may answer (and reset the
    # stream) before all of it is out: that is the point.
    try:
        client.send(stream_id, struct.pack(">BI", 0, 5 * 1024 * 1024) + b"\x00" * 100_000, end=False)
    except h2.exceptions.StreamClosedError:
        pass
    call = client.wait(stream_id)
    check(call.status == 8, f"expected RESOURCE_EXHAUSTED, got {call.status} {call.trailers or call.headers}")
    # The same connection keeps working.
    follow_up = client.call(UNARY, frame(simple_request(32)))
    check(follow_up.status == 0, f"connection unusable afterwards: {follow_up.trailers or follow_up.headers}")
    client.close()


def garbage_protobuf(port, args):
    client = Client(port)
    call = client.call(UNARY, frame(b"\xff\xff\xff\xff\xff\xff\xff"))
    check(call.status == 3, f"expected INVALID_ARGUMENT, got {call.status}")
    client.close()


def compressed_without_encoding(port, args):
    client = Client(port)
    call = client.call(UNARY, frame(simple_request(), length_prefix_flag=1))
    check(call.status == 13, f"expected INTERNAL, got {call.status}")
    client.close()


def corrupt_gzip(port, args):
    client = Client(port)
    call = client.call(UNARY, frame(b"not gzip at all", length_prefix_flag=1),
                       extra_headers=[("grpc-encoding", "gzip")])
    check(call.status == 13, f"expected INTERNAL, got {call.status}")
    client.close()


def gzip_bomb(port, args):
    import gzip
    client = Client(port)
    bomb = gzip.compress(b"\x00" * (64 * 1024 * 1024))  # 64 MiB inflated, ~64 KiB compressed
    call = client.call(UNARY, frame(bomb, length_prefix_flag=1), extra_headers=[("grpc-encoding", "gzip")])
    check(call.status == 8, f"expected RESOURCE_EXHAUSTED, got {call.status}")
    client.close()


def unsupported_encoding(port, args):
    client = Client(port)
    call = client.call(UNARY, frame(simple_request()), extra_headers=[("grpc-encoding", "br")])
    check(call.status == 12, f"expected UNIMPLEMENTED, got {call.status}")
    check("gzip" in (call.headers or {}).get("grpc-accept-encoding", ""), "no grpc-accept-encoding listing gzip")
    client.close()


def server_compressed_flag(port, args):
    client = Client(port)
    for compressed in (True, False):
        request = simple_request(20_000, response_compressed=messages_pb2.BoolValue(value=compressed))
        call = client.call(UNARY, frame(request), extra_headers=[("grpc-accept-encoding", "gzip")])
        check(call.status == 0, f"status {call.status}")
        (flag, body), = call.messages()
        check(flag == (1 if compressed else 0), f"compressed={compressed} but message flag {flag}")
        if compressed:
            import gzip
            check(call.headers.get("grpc-encoding") == "gzip", "no grpc-encoding: gzip header")
            body = gzip.decompress(body)
        response = messages_pb2.SimpleResponse.FromString(body)
        check(len(response.payload.body) == 20_000, "wrong payload size")
    # A client that does not accept gzip never gets compressed messages.
    request = simple_request(20_000, response_compressed=messages_pb2.BoolValue(value=True))
    call = client.call(UNARY, frame(request), extra_headers=[("grpc-accept-encoding", "identity")])
    check(call.messages()[0][0] == 0, "compressed a response for a client that does not accept gzip")
    client.close()


def binary_metadata(port, args):
    client = Client(port)
    # Padded and unpadded base64 are both accepted and echoed back (unpadded).
    for value in ("q6ur", "q6s=", "q6s"):
        call = client.call(EMPTY, frame(b""), extra_headers=[("x-grpc-test-echo-trailing-bin", value)])
        check(call.status == 0, f"status {call.status} for {value}")
        echoed = call.trailers.get("x-grpc-test-echo-trailing-bin")
        check(echoed is not None and echoed.rstrip("=") == value.rstrip("="), f"echoed {echoed!r} for {value!r}")
    call = client.call(EMPTY, frame(b""), extra_headers=[("x-grpc-test-echo-trailing-bin", "***")])
    check(call.status == 3, f"invalid base64 should be INVALID_ARGUMENT, got {call.status}")
    client.close()


def grpc_timeout(port, args):
    client = Client(port)
    # A server stream that would take 10 s, with a 300 ms deadline.
    request = messages_pb2.StreamingOutputCallRequest(
        response_parameters=[messages_pb2.ResponseParameters(size=1, interval_us=1_000_000)] * 10)
    started = time.monotonic()
    call = client.call(STREAMING_OUTPUT, frame(request.SerializeToString()), extra_headers=[("grpc-timeout", "300m")])
    elapsed = time.monotonic() - started
    check(call.status == 4, f"expected DEADLINE_EXCEEDED, got {call.status}")
    check(elapsed < 3, f"deadline honoured only after {elapsed:.1f} s")
    client.close()


def header_list_too_large(port, args):
    client = Client(port)
    big = [(f"x-filler-{i}", "v" * 1000) for i in range(20)]  # ~20 KiB > 16 KiB
    call = client.call(UNARY, frame(simple_request()), extra_headers=big)
    check(call.status == 8 or call.reset is not None or call.http_status == 431,
          f"oversized header list accepted: {call.headers}")
    client.close()


def continuation_flood(port, args):
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    sock.sendall(PREFACE + raw_frame(4, 0, 0, b""))
    # HEADERS without END_HEADERS, then an endless run of CONTINUATION frames.
    sock.sendall(raw_frame(1, 0, 1, b"\x82"))
    closed = False
    try:
        for _ in range(10_000):
            sock.sendall(raw_frame(9, 0, 1, b"\x84"))
    except (BrokenPipeError, ConnectionResetError):
        closed = True
    if not closed:
        sock.settimeout(5)
        try:
            while sock.recv(65536):
                pass
            closed = True
        except (socket.timeout, ConnectionResetError):
            closed = not isinstance(sys.exc_info()[1], socket.timeout)
    sock.close()
    check(closed, "connection stayed open through a CONTINUATION flood")


def rapid_reset(port, args):
    client = Client(port)
    try:
        for _ in range(3000):
            stream_id = client.start(UNARY)
            client.conn.reset_stream(stream_id, error_code=8)
            client.flush()
    except (BrokenPipeError, ConnectionResetError):
        client.closed = True
    deadline = time.monotonic() + 5
    while not client.closed and client.goaway is None and time.monotonic() < deadline:
        client.pump(0.5)
    check(client.goaway is not None or client.closed, "3000 rapid resets did not end the connection")
    client.close()


def ping_flood(port, args):
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.sendall(PREFACE + raw_frame(4, 0, 0, b""))
    closed = False
    try:
        # Never read: the server's PING acknowledgements pile up.
        for i in range(200_000):
            sock.sendall(raw_frame(6, 0, 0, struct.pack(">Q", i)))
    except (BrokenPipeError, ConnectionResetError, socket.timeout):
        closed = True
    sock.close()
    check(closed, "200k unacknowledged PINGs did not end the connection")


def settings_flood(port, args):
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.sendall(PREFACE + raw_frame(4, 0, 0, b""))
    closed = False
    try:
        for _ in range(200_000):
            sock.sendall(raw_frame(4, 0, 0, struct.pack(">HI", 3, 100)))
    except (BrokenPipeError, ConnectionResetError, socket.timeout):
        closed = True
    sock.close()
    check(closed, "200k SETTINGS frames did not end the connection")


def bad_preface(port, args):
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
    sock.settimeout(5)
    try:
        while sock.recv(65536):
            pass
    except ConnectionResetError:
        pass
    sock.close()


def malformed_frames(port, args):
    for name, payload in [
        ("DATA on stream 0", raw_frame(0, 0, 0, b"abc")),
        ("oversized frame", raw_frame(0, 0, 1, b"\x00" * 20000)),
        ("WINDOW_UPDATE of 0", raw_frame(8, 0, 0, struct.pack(">I", 0))),
        ("truncated frame header", b"\x00\x00"),
        ("garbage HPACK", raw_frame(1, 4 | 1, 1, b"\xff\xff\xff\xff\xff")),
    ]:
        sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        sock.sendall(PREFACE + raw_frame(4, 0, 0, b"") + payload)
        if name == "truncated frame header":
            sock.shutdown(socket.SHUT_WR)
        sock.settimeout(5)
        got_goaway = False
        try:
            data = b""
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                data += chunk
                if b"\x07" in data:
                    pass
            got_goaway = _has_goaway(data)
        except (ConnectionResetError, socket.timeout):
            pass
        sock.close()
        if name != "truncated frame header":
            check(got_goaway, f"{name}: no GOAWAY before close")


def _has_goaway(data):
    offset = 0
    while offset + 9 <= len(data):
        length = int.from_bytes(data[offset:offset + 3], "big")
        if data[offset + 3] == 7:
            return True
        offset += 9 + length
    return False


def idle_connections(port, args):
    sockets = []
    for _ in range(args.connections):
        sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        sock.sendall(PREFACE + raw_frame(4, 0, 0, b""))
        sockets.append(sock)
    # Half-open connections that never send the preface too.
    for _ in range(args.connections // 4):
        sockets.append(socket.create_connection(("127.0.0.1", port), timeout=10))
    assert_serving(port)
    for sock in sockets:
        sock.close()


def unread_server_stream(port, args):
    """A client that never reads (never opens its window): the server must not buffer the stream."""
    check(args.server_pid, "needs --server-pid")
    before = rss_kib(args.server_pid)
    client = Client(port, auto_ack=False)
    # 400 responses of 1 MiB = 400 MiB if the server buffered it all.
    request = messages_pb2.StreamingOutputCallRequest(
        response_parameters=[messages_pb2.ResponseParameters(size=1024 * 1024)] * 400)
    stream_id = client.start(STREAMING_OUTPUT)
    client.send(stream_id, frame(request.SerializeToString()))
    deadline = time.monotonic() + 3
    while time.monotonic() < deadline:
        client.pump(0.2)
    received = len(client.calls[stream_id].data)
    after = rss_kib(args.server_pid)
    growth_mib = (after - before) / 1024
    check(received <= 4 * 1024 * 1024, f"received {received} bytes without opening the window")
    check(growth_mib < 64, f"server RSS grew {growth_mib:.0f} MiB while the client did not read")
    client.conn.reset_stream(stream_id, error_code=8)
    client.flush()
    client.close()
    print(f"  server RSS {before // 1024} MiB -> {after // 1024} MiB, client got {received} bytes")


def slow_reader_completes(port, args):
    """Backpressure is not failure: a client that reads slowly still gets every byte."""
    client = Client(port, window=65535)
    request = messages_pb2.StreamingOutputCallRequest(
        response_parameters=[messages_pb2.ResponseParameters(size=256 * 1024)] * 16)
    stream_id = client.start(STREAMING_OUTPUT)
    client.send(stream_id, frame(request.SerializeToString()))
    # Generous: 4 MiB through a 64 KiB window takes many round trips on a loaded machine.
    call = client.wait(stream_id, timeout=90)
    check(call.status == 0, f"status {call.status}")
    check(len(call.messages()) == 16, f"got {len(call.messages())} of 16 messages")
    client.close()


def sigterm_drains(port, args):
    """SIGTERM: in-flight RPCs finish, new connections are refused, the server exits."""
    import grpc
    from grpc.testing import test_pb2_grpc
    check(args.server_pid, "needs --server-pid")
    channel = grpc.insecure_channel(f"127.0.0.1:{port}")
    stub = test_pb2_grpc.TestServiceStub(channel)
    request = messages_pb2.StreamingOutputCallRequest(
        response_parameters=[messages_pb2.ResponseParameters(size=100, interval_us=300_000)] * 5)
    responses = stub.StreamingOutputCall(request, timeout=20)
    first = next(responses)
    os.kill(args.server_pid, signal.SIGTERM)
    rest = list(responses)  # raises if the stream does not end OK
    check(len(rest) + 1 == 5 and len(first.payload.body) == 100, f"in-flight stream got {len(rest) + 1} of 5")
    check(responses.code() == grpc.StatusCode.OK, f"in-flight stream ended with {responses.code()}")
    channel.close()
    deadline = time.monotonic() + 10
    refused = False
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            time.sleep(0.1)
        except OSError:
            refused = True
            break
    check(refused, "new connections still accepted after SIGTERM")


def sigterm_forced_reset(port, args):
    """SIGTERM with an RPC that never ends: at the grace period it is reset, and the server exits."""
    check(args.server_pid, "needs --server-pid")
    client = Client(port)
    # One response at once, then a handler asleep for five minutes.
    request = messages_pb2.StreamingOutputCallRequest(response_parameters=[
        messages_pb2.ResponseParameters(size=1),
        messages_pb2.ResponseParameters(size=1, interval_us=300_000_000)])
    stream_id = client.start(STREAMING_OUTPUT)
    client.send(stream_id, frame(request.SerializeToString()))
    call = client.calls[stream_id]
    deadline = time.monotonic() + 10
    while not call.messages() and time.monotonic() < deadline:
        client.pump(0.2)
    check(len(call.messages()) == 1, "the first response did not arrive")
    os.kill(args.server_pid, signal.SIGTERM)
    started = time.monotonic()
    while call.reset is None and not call.ended and not client.closed and time.monotonic() - started < 15:
        try:
            client.pump(0.2)
        except h2.exceptions.ProtocolError as error:
            # h2 refuses frames after the final GOAWAY; a RST_STREAM is what we wait for.
            check("RST_STREAM" in str(error), f"unexpected frame after GOAWAY: {error}")
            call.reset = "after GOAWAY"
    elapsed = time.monotonic() - started
    check(call.reset is not None or client.closed, "the sleeping RPC was never reset")
    check(elapsed < 10, f"reset only after {elapsed:.1f} s")
    client.close()
    print(f"  reset {elapsed:.1f} s after SIGTERM")


def concurrent_streams(port, args):
    """400 concurrent unary calls and 50 concurrent bidi streams on one grpcio connection."""
    import grpc
    from grpc.testing import test_pb2_grpc
    channel = grpc.insecure_channel(f"127.0.0.1:{port}")
    stub = test_pb2_grpc.TestServiceStub(channel)
    futures = [stub.UnaryCall.future(messages_pb2.SimpleRequest(response_size=i % 1000), timeout=30)
               for i in range(400)]
    sizes = [len(f.result().payload.body) for f in futures]
    check(sizes == [i % 1000 for i in range(400)], "unary responses do not match their requests")

    def bidi(n):
        requests = [messages_pb2.StreamingOutputCallRequest(
            response_parameters=[messages_pb2.ResponseParameters(size=n + k)]) for k in range(10)]
        return [len(r.payload.body) for r in stub.FullDuplexCall(iter(requests), timeout=30)]

    from concurrent.futures import ThreadPoolExecutor
    with ThreadPoolExecutor(max_workers=50) as pool:
        results = list(pool.map(bidi, range(50)))
    check(all(r == [n + k for k in range(10)] for n, r in enumerate(results)), "bidi streams mixed up")
    channel.close()


def gzip_amplification(port, args):
    """Compressed messages count against the inbound watermark once inflated: 64 gzip messages of
    4 MiB of zeros (~4 KiB each on the wire) sent to a blocked handler must not be buffered inflated."""
    import gzip
    check(args.server_pid, "needs --server-pid")
    before = rss_kib(args.server_pid)
    client = Client(port, window=65535, auto_ack=False)
    stream_id = client.start(FULL_DUPLEX, [("grpc-encoding", "gzip"), ("grpc-accept-encoding", "identity")])
    # The handler blocks writing this 1 MiB response: the client never opens its window.
    blocker = messages_pb2.StreamingOutputCallRequest(
        response_parameters=[messages_pb2.ResponseParameters(size=1024 * 1024)])
    client.send(stream_id, frame(blocker.SerializeToString()), end=False)
    inflated = messages_pb2.StreamingOutputCallRequest(
        payload=messages_pb2.Payload(body=b"\x00" * (4 * 1024 * 1024 - 1024)))
    message = frame(gzip.compress(inflated.SerializeToString()), length_prefix_flag=1)
    sent = 0
    for _ in range(64):
        if not send_until_stalled(client, stream_id, message):
            break  # the server stopped replenishing the window: backpressure, as it should
        sent += 1
        client.pump(0.05)
    after = before
    for _ in range(8):
        client.pump(0.25)
        after = max(after, rss_kib(args.server_pid))
    growth_mib = (after - before) / 1024
    print(f"  server RSS {before // 1024} MiB -> {after // 1024} MiB (+{growth_mib:.0f} MiB), "
          f"{sent} of 64 compressed messages ({len(message)} bytes each) sent")
    check(growth_mib < 64, f"server RSS grew {growth_mib:.0f} MiB buffering inflated messages")
    client.conn.reset_stream(stream_id, error_code=8)
    client.flush()
    client.close()


def send_until_stalled(client, stream_id, data, stall=2.0):
    """Client.send, but gives up (returns False) once the window has stayed closed for `stall` s."""
    offset, stalled_since = 0, None
    while offset < len(data):
        window = client.conn.local_flow_control_window(stream_id)
        if window == 0:
            stalled_since = stalled_since or time.monotonic()
            if time.monotonic() - stalled_since > stall or client.closed:
                return False
            client.pump(0.05)
            continue
        stalled_since = None
        chunk = data[offset:offset + min(window, client.conn.max_outbound_frame_size)]
        offset += len(chunk)
        client.conn.send_data(stream_id, chunk)
        client.flush()
    return True


def header_flood(port, args):
    """A header block of ~147 KB of indexed repeats of one dynamic-table entry (HEADERS + 8
    CONTINUATIONs, within the server's limits) must cost the server little CPU to reject."""
    check(args.server_pid, "needs --server-pid")
    block = flood_request_block(9 * 16384)
    cpu_before = cpu_seconds(args.server_pid)
    for _ in range(10):
        sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        frames = raw_frame(1, 0x1, 1, block[:16384])  # END_STREAM, no END_HEADERS
        for index in range(1, 9):
            frames += raw_frame(9, 0x4 if index == 8 else 0, 1, block[index * 16384:(index + 1) * 16384])
        try:
            sock.sendall(PREFACE + raw_frame(4, 0, 0, b"") + frames)
        except OSError:
            pass  # the server may give up on the connection before reading it all
        answer = read_answer(sock, 1, timeout=10)
        sock.close()
        check(answer is not None, "no answer (431, RST_STREAM or GOAWAY) to the header flood")
        check(answer in ("HTTP 431", "RST_STREAM", "GOAWAY"), f"header flood answered with {answer}")
    used = cpu_seconds(args.server_pid) - cpu_before
    print(f"  server CPU for 10 flooded header blocks: {used:.2f} s (last answer: {answer})")
    check(used < 1.0, f"10 flooded header blocks cost the server {used:.2f} s of CPU")


def flood_request_block(size):
    """An EmptyCall request header block, then x-a: b added to the dynamic table (index 62) and
    indexed repeats of it (0xBE) up to `size` bytes."""
    def string(value):
        return bytes([len(value)]) + value  # no Huffman; all values here are < 127 bytes

    block = b"\x83\x86"  # :method POST, :scheme http (static table)
    block += b"\x04" + string(EMPTY.encode())  # :path, literal without indexing, name static 4
    block += b"\x01" + string(b"localhost")  # :authority, name static 1
    block += b"\x00" + string(b"content-type") + string(b"application/grpc")
    block += b"\x00" + string(b"te") + string(b"trailers")
    block += b"\x40" + string(b"x-a") + string(b"b")  # literal with incremental indexing
    return block + b"\xbe" * (size - len(block))


def read_answer(sock, stream_id, timeout):
    """Reads frames until the server answers `stream_id`: "HTTP <status>", "RST_STREAM", "GOAWAY",
    "closed" if the connection ends first, or None on timeout."""
    import hpack
    decoder, data, block = hpack.Decoder(), b"", None
    decoder.max_header_list_size = 1 << 24  # an error answer may echo the whole flood (grpc-core does)
    deadline = time.monotonic() + timeout
    while True:
        while len(data) >= 9 and len(data) >= 9 + int.from_bytes(data[:3], "big"):
            length = int.from_bytes(data[:3], "big")
            frame_type, flags = data[3], data[4]
            frame_stream = struct.unpack(">I", data[5:9])[0] & 0x7FFFFFFF
            payload, data = data[9:9 + length], data[9 + length:]
            if frame_type == 7:
                return "GOAWAY"
            if frame_stream != stream_id:
                continue
            if frame_type == 3:
                return "RST_STREAM"
            if frame_type == 1:
                if flags & 0x8:  # PADDED
                    payload = payload[1:len(payload) - payload[0]]
                if flags & 0x20:  # PRIORITY
                    payload = payload[5:]
                block = payload
            elif frame_type == 9 and block is not None:
                block += payload
            if block is not None and frame_type in (1, 9) and flags & 0x4:
                try:
                    headers = dict(decoder.decode(block))
                except hpack.HPACKError as error:
                    return f"undecodable HEADERS ({type(error).__name__})"
                return f"HTTP {headers.get(':status')}"
        left = deadline - time.monotonic()
        if left <= 0:
            return None
        sock.settimeout(left)
        try:
            chunk = sock.recv(65536)
        except socket.timeout:
            return None
        except OSError:
            chunk = b""
        if not chunk:
            return "closed"
        data += chunk


def cpu_seconds(pid):
    """utime + stime of a process (fields 14 and 15 of /proc/PID/stat)."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()  # fields[0] is field 3
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise Failure("no VmRSS")


SCENARIOS = [
    wrong_content_type, wrong_method, not_a_grpc_path, truncated_message, oversized_message,
    garbage_protobuf, compressed_without_encoding, corrupt_gzip, gzip_bomb, unsupported_encoding,
    server_compressed_flag, binary_metadata, grpc_timeout, header_list_too_large,
    continuation_flood, rapid_reset, ping_flood, settings_flood, bad_preface, malformed_frames,
    idle_connections, unread_server_stream, slow_reader_completes, concurrent_streams,
    gzip_amplification, header_flood,
]
# Scenarios that stop the server; run only when named.
FINAL = [sigterm_drains, sigterm_forced_reset]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--scenario", default="all")
    parser.add_argument("--server-pid", type=int, default=0)
    parser.add_argument("--connections", type=int, default=300)
    args = parser.parse_args()

    by_name = {s.__name__: s for s in SCENARIOS + FINAL}
    if args.scenario != "all" and args.scenario not in by_name:
        print(f"unknown scenario {args.scenario}; known: {', '.join(by_name)}")
        return 2
    selected = SCENARIOS if args.scenario == "all" else [by_name[args.scenario]]
    failed = 0
    for scenario in selected:
        try:
            scenario(args.port, args)
            if scenario not in FINAL:
                assert_serving(args.port)
            print(f"PASS {scenario.__name__}")
        except Exception as error:  # noqa: BLE001
            failed += 1
            print(f"FAIL {scenario.__name__}: {type(error).__name__}: {error}")
    print(f"{len(selected) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
