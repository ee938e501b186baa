"""Python client of RentGuy Core (gRPC).

The messages and stubs are generated from the contract in the server repository's ``proto/``
(by ``scripts/generate-protos.sh``) into ``rentguy_client._generated``; this module re-exports
them under short names::

    from rentguy_client import connect, login, identity_pb2, warehouse_pb2

    tokens = login("127.0.0.1:50051", "admin@localhost", "…")
    with connect("127.0.0.1:50051", tokens.access_token) as client:
        me = client.identity.GetCurrentPrincipal(identity_pb2.GetCurrentPrincipalRequest())

``connect(server, token)`` takes ``"host:port"`` (plaintext h2c) or ``"https://host[:port]"``
(TLS) and an access token or an ``rgk_`` API key, sent as ``authorization: Bearer …`` on every
call.
"""
from rentguy_client._generated.rentguy.common.v1 import access_pb2, common_pb2
from rentguy_client._generated.rentguy.identity.v1 import identity_pb2, identity_pb2_grpc
from rentguy_client._generated.rentguy.booking.v1 import booking_pb2, booking_pb2_grpc
from rentguy_client._generated.rentguy.warehouse.v1 import warehouse_pb2, warehouse_pb2_grpc
from rentguy_client._generated.rentguy.payment.v1 import payment_pb2, payment_pb2_grpc
from rentguy_client._generated.rentguy.export.v1 import export_pb2, export_pb2_grpc
from rentguy_client._generated.rentguy.jobs.v1 import jobs_pb2, jobs_pb2_grpc
from rentguy_client._generated.rentguy.webhooks.v1 import webhooks_pb2, webhooks_pb2_grpc
from rentguy_client._client import (
    BearerToken,
    BearerTokenAuth,
    BearerTokenInterceptor,
    Client,
    connect,
    login,
    parse_server,
)

__version__ = "0.1.0"

#: The generated modules by short name: ``{"identity_pb2": <module>, …}``.
MODULES = {
    "access_pb2": access_pb2,
    "common_pb2": common_pb2,
    "identity_pb2": identity_pb2,
    "identity_pb2_grpc": identity_pb2_grpc,
    "booking_pb2": booking_pb2,
    "booking_pb2_grpc": booking_pb2_grpc,
    "warehouse_pb2": warehouse_pb2,
    "warehouse_pb2_grpc": warehouse_pb2_grpc,
    "payment_pb2": payment_pb2,
    "payment_pb2_grpc": payment_pb2_grpc,
    "export_pb2": export_pb2,
    "export_pb2_grpc": export_pb2_grpc,
    "jobs_pb2": jobs_pb2,
    "jobs_pb2_grpc": jobs_pb2_grpc,
    "webhooks_pb2": webhooks_pb2,
    "webhooks_pb2_grpc": webhooks_pb2_grpc,
}

__all__ = [
    "BearerToken",
    "BearerTokenAuth",
    "BearerTokenInterceptor",
    "Client",
    "MODULES",
    "connect",
    "login",
    "parse_server",
    *MODULES,
]
