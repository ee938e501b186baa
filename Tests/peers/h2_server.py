#!/usr/bin/env python3
"""Deliberately misbehaving HTTP/2 servers for client-transport tests, on `h2` and plain sockets.

    h2_server.py --mode silent|header-flood|refuse-first|goaway-first [--port 0]

Prints "listening on 127.0.0.1:PORT" once listening; serves until SIGTERM (then exits 0).

    silent        accepts connections and never sends a byte (a TLS server that never answers the ClientHello)
    header-flood  answers each request with a Trailers-Only HEADERS + 8 CONTINUATION block of ~140 KB that
                  repeats one dynamic-table entry, then closes the connection
    refuse-first  RST_STREAM(REFUSED_STREAM) on the first request stream ever (prints "refused stream"),
                  then serves every request with one empty message and grpc-status 0
    goaway-first  GOAWAY(last_stream_id=0, NO_ERROR) on the first request ever (prints "sent goaway"), closes
                  that connection ~200 ms later, then serves like refuse-first
"""
import argparse
import signal
import socket
import struct
import sys
import threading
import time

import h2.config
import h2.connection
import h2.events
import h2.exceptions

MAX_FRAME = 16384
MAX_CONTINUATIONS = 8
FLOOD_BYTES = 140_000
EMPTY_MESSAGE = b"\x00\x00\x00\x00\x00"  # a gRPC frame holding an empty (grpc.testing.Empty) message

first_request = threading.Lock()  # acquired (never released) by the first request stream of the process


def is_first_request():
    return first_request.acquire(blocking=False)


def raw_frame(frame_type, flags, stream_id, payload):
    return struct.pack(">I", len(payload))[1:] + bytes([frame_type, flags]) + struct.pack(">I", stream_id) + payload


def literal(name, value):
    """An HPACK literal header field without indexing, new name (no Huffman): leaves no table state."""
    name, value = name.encode(), value.encode()
    assert len(name) < 127 and len(value) < 127
    return b"\x00" + bytes([len(name)]) + name + bytes([len(value)]) + value


def flood_block():
    """:status 200 (static 8), content-type, grpc-status 0, then x-a: b added to the dynamic table
    (it becomes index 62) and indexed repeats of it (0xBE) up to FLOOD_BYTES."""
    block = b"\x88" + literal("content-type", "application/grpc") + literal("grpc-status", "0")
    block += b"\x40\x03x-a\x01b"
    return block + b"\xbe" * (FLOOD_BYTES - len(block))


def flood_frames(stream_id):
    """HEADERS (END_STREAM) + CONTINUATION frames of at most MAX_FRAME bytes, END_HEADERS on the last."""
    block = flood_block()
    chunks = [block[i:i + MAX_FRAME] for i in range(0, len(block), MAX_FRAME)]
    assert len(chunks) <= 1 + MAX_CONTINUATIONS
    frames = b""
    for index, chunk in enumerate(chunks):
        end_headers = 0x4 if index == len(chunks) - 1 else 0
        if index == 0:
            frames += raw_frame(1, 0x1 | end_headers, stream_id, chunk)
        else:
            frames += raw_frame(9, end_headers, stream_id, chunk)
    return frames


def drain(sock, seconds):
    """Read and discard input for up to `seconds` or until EOF; False once the peer has closed."""
    deadline = time.monotonic() + seconds
    try:
        while (left := deadline - time.monotonic()) > 0:
            sock.settimeout(left)
            if not sock.recv(65536):
                return False
    except socket.timeout:
        pass
    except OSError:
        return False
    return True


def close_gracefully(sock, delay=0.0):
    """Close after `delay` s. Half-close and drain first: closing with unread input sends a RST that
    can make the peer drop the frames we just wrote."""
    drain(sock, delay)
    try:
        sock.shutdown(socket.SHUT_WR)
    except OSError:
        pass
    drain(sock, 1.0)
    sock.close()


def serve_silent(sock):
    sock.settimeout(None)
    try:
        while sock.recv(65536):
            pass
    except OSError:
        pass
    sock.close()


def serve(sock, mode):
    try:
        serve_silent(sock) if mode == "silent" else serve_h2(sock, mode)
    except OSError:  # the peer went away mid-write
        sock.close()


def serve_h2(sock, mode):
    config = h2.config.H2Configuration(client_side=False, header_encoding="utf-8")
    conn = h2.connection.H2Connection(config=config)
    conn.initiate_connection()
    sock.sendall(conn.data_to_send())
    pending = set()  # request streams to answer once the request has ended
    while True:
        try:
            data = sock.recv(65536)
        except OSError:
            data = b""
        if not data:
            sock.close()
            return
        try:
            events = conn.receive_data(data)
        except h2.exceptions.ProtocolError:
            sock.sendall(conn.data_to_send())  # h2 has queued a GOAWAY
            close_gracefully(sock)
            return
        flood = []
        for event in events:
            if isinstance(event, h2.events.RequestReceived):
                stream_id = event.stream_id
                if mode == "header-flood":
                    flood.append(stream_id)
                elif mode == "refuse-first" and is_first_request():
                    conn.reset_stream(stream_id, error_code=7)  # REFUSED_STREAM
                    print("refused stream", flush=True)
                elif mode == "goaway-first" and is_first_request():
                    conn.close_connection(error_code=0, last_stream_id=0)
                    sock.sendall(conn.data_to_send())
                    print("sent goaway", flush=True)
                    close_gracefully(sock, delay=0.2)  # h2 rejects frames after a GOAWAY: stop feeding it
                    return
                else:
                    pending.add(stream_id)
            elif isinstance(event, h2.events.DataReceived):
                conn.acknowledge_received_data(event.flow_controlled_length, event.stream_id)
            elif isinstance(event, h2.events.StreamEnded) and event.stream_id in pending:
                pending.discard(event.stream_id)
                respond(conn, event.stream_id)
            elif isinstance(event, h2.events.StreamReset):
                pending.discard(event.stream_id)
            elif isinstance(event, h2.events.ConnectionTerminated):
                sock.sendall(conn.data_to_send())
                close_gracefully(sock)
                return
        sock.sendall(conn.data_to_send())
        if flood:
            # Raw frames bypass h2's HPACK encoder, whose state no longer matches the peer's: answer
            # the streams of this read (re-adding x-a keeps index 62 valid) and close the connection.
            sock.sendall(b"".join(flood_frames(stream_id) for stream_id in flood))
            close_gracefully(sock)
            return


def respond(conn, stream_id):
    conn.send_headers(stream_id, [(":status", "200"), ("content-type", "application/grpc")])
    conn.send_data(stream_id, EMPTY_MESSAGE)
    conn.send_headers(stream_id, [("grpc-status", "0")], end_stream=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", required=True, choices=["silent", "header-flood", "refuse-first", "goaway-first"])
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()

    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", args.port))
    listener.listen(128)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print(f"listening on 127.0.0.1:{listener.getsockname()[1]}", flush=True)
    while True:
        sock, _ = listener.accept()
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        threading.Thread(target=serve, args=(sock, args.mode), daemon=True).start()


if __name__ == "__main__":
    main()
