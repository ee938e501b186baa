"""Channels to a RentGuy Core server, with the caller's credential on every call."""
from __future__ import annotations

import collections
from typing import Any, Callable, Iterator, Optional, Sequence, Tuple
from urllib.parse import urlsplit

import grpc

from rentguy_client._generated.rentguy.booking.v1 import booking_pb2_grpc
from rentguy_client._generated.rentguy.export.v1 import export_pb2_grpc
from rentguy_client._generated.rentguy.identity.v1 import identity_pb2, identity_pb2_grpc
from rentguy_client._generated.rentguy.jobs.v1 import jobs_pb2_grpc
from rentguy_client._generated.rentguy.payment.v1 import payment_pb2_grpc
from rentguy_client._generated.rentguy.warehouse.v1 import warehouse_pb2_grpc
from rentguy_client._generated.rentguy.webhooks.v1 import webhooks_pb2_grpc

__all__ = ["Client", "connect", "login", "parse_server", "BearerToken", "BearerTokenAuth", "BearerTokenInterceptor"]

ChannelOptions = Sequence[Tuple[str, Any]]


def parse_server(server: str) -> Tuple[str, bool]:
    """Splits a server address into a gRPC target and whether to use TLS.

    - ``"host:port"`` (also ``"[::1]:50051"``): plaintext HTTP/2 (h2c).
    - ``"https://host[:port]"``: TLS; the port defaults to 443.
    - ``"http://host:port"``: plaintext, like the first form.

    Returns ``(target, tls)``, e.g. ``("rentguy.example.com:443", True)``. Raises ``ValueError``
    for anything else (another scheme, a path, a missing port on a plaintext address).
    """
    if not server or server != server.strip():
        raise ValueError("server address %r: empty or surrounded by spaces" % server)
    if "://" in server:
        parts = urlsplit(server)
        scheme = parts.scheme.lower()
        if scheme not in ("https", "http"):
            raise ValueError("server address %r: the scheme must be https:// (TLS) or http:// (plaintext)" % server)
        if parts.path not in ("", "/") or parts.query or parts.fragment or parts.username or parts.password:
            raise ValueError("server address %r: only a host and a port are allowed" % server)
        tls = scheme == "https"
    else:
        parts = urlsplit("//" + server)
        if parts.path or parts.query or parts.fragment or parts.username or parts.password:
            raise ValueError("server address %r: expected host:port or https://host[:port]" % server)
        tls = False
    host = parts.hostname
    port = parts.port  # raises ValueError for a port that is not a number in range
    if not host:
        raise ValueError("server address %r: no host" % server)
    if port is None:
        if not tls:
            raise ValueError("server address %r: a plaintext address needs a port (host:port)" % server)
        port = 443
    if ":" in host:  # IPv6 literal
        host = "[%s]" % host
    return "%s:%d" % (host, port), tls


def _normalized(token: Optional[str]) -> Optional[str]:
    """The credential without surrounding whitespace (a trailing newline from a file), or None."""
    if token is None:
        return None
    token = token.strip()
    if not token:
        return None
    if token.lower().startswith("bearer "):
        raise ValueError("pass the token without the 'Bearer ' prefix")
    if any(ord(c) < 0x21 or ord(c) > 0x7E for c in token):
        raise ValueError("the token contains characters that are not printable ASCII")
    return token


class BearerToken:
    """The credential a client sends: an access token, an ``rgk_`` API key, or nothing.

    Shared by the channel's credential hook, so changing :attr:`value` (e.g. after
    ``IdentityService.Refresh``) takes effect on the next call.
    """

    def __init__(self, value: Optional[str] = None) -> None:
        self._value = _normalized(value)

    @property
    def value(self) -> Optional[str]:
        return self._value

    @value.setter
    def value(self, token: Optional[str]) -> None:
        self._value = _normalized(token)

    def metadata(self) -> Tuple[Tuple[str, str], ...]:
        """``(("authorization", "Bearer …"),)``, or ``()`` without a credential."""
        value = self._value
        return (("authorization", "Bearer " + value),) if value else ()


class BearerTokenAuth(grpc.AuthMetadataPlugin):
    """Call credentials for TLS channels: adds ``authorization: Bearer …`` to every call.

    gRPC sends call credentials only over a secure transport, so the credential never leaves
    in plaintext through this path.
    """

    def __init__(self, token: BearerToken) -> None:
        self._token = token

    def __call__(self, context: grpc.AuthMetadataContext, callback: grpc.AuthMetadataPluginCallback) -> None:
        callback(self._token.metadata(), None)


class _CallDetails(
    collections.namedtuple("_CallDetails", ("method", "timeout", "metadata", "credentials", "wait_for_ready", "compression")),
    grpc.ClientCallDetails,
):
    pass


class BearerTokenInterceptor(
    grpc.UnaryUnaryClientInterceptor,
    grpc.UnaryStreamClientInterceptor,
    grpc.StreamUnaryClientInterceptor,
    grpc.StreamStreamClientInterceptor,
):
    """Adds ``authorization: Bearer …`` to every call of a plaintext channel.

    Call credentials (:class:`BearerTokenAuth`) need TLS; on an h2c channel the header is added
    to each call's metadata instead.
    """

    def __init__(self, token: BearerToken) -> None:
        self._token = token

    def _details(self, details: grpc.ClientCallDetails) -> grpc.ClientCallDetails:
        extra = self._token.metadata()
        if not extra:
            return details
        return _CallDetails(
            details.method,
            details.timeout,
            tuple(details.metadata or ()) + extra,
            details.credentials,
            getattr(details, "wait_for_ready", None),
            getattr(details, "compression", None),
        )

    def intercept_unary_unary(self, continuation: Callable, client_call_details: grpc.ClientCallDetails, request: Any) -> Any:
        return continuation(self._details(client_call_details), request)

    def intercept_unary_stream(self, continuation: Callable, client_call_details: grpc.ClientCallDetails, request: Any) -> Any:
        return continuation(self._details(client_call_details), request)

    def intercept_stream_unary(self, continuation: Callable, client_call_details: grpc.ClientCallDetails,
                               request_iterator: Iterator[Any]) -> Any:
        return continuation(self._details(client_call_details), request_iterator)

    def intercept_stream_stream(self, continuation: Callable, client_call_details: grpc.ClientCallDetails,
                                request_iterator: Iterator[Any]) -> Any:
        return continuation(self._details(client_call_details), request_iterator)


class Client:
    """A channel to one RentGuy Core server and a stub per service.

    Made by :func:`connect`. Close it (or use it as a context manager) when done.

    Attributes:
        channel: the underlying ``grpc.Channel`` (for other services, e.g. ``grpc.health.v1``).
        target: the gRPC target, ``host:port``.
        tls: whether the channel uses TLS.
        identity: ``rentguy.identity.v1.IdentityService``
        booking: ``rentguy.booking.v1.BookingService``
        warehouse: ``rentguy.warehouse.v1.WarehouseService``
        payment: ``rentguy.payment.v1.PaymentService``
        export: ``rentguy.export.v1.ExportService``
        jobs: ``rentguy.jobs.v1.JobService`` (the job queue's operations)
        webhooks: ``rentguy.webhooks.v1.WebhookService`` (outbound webhook endpoints and deliveries)
    """

    identity: identity_pb2_grpc.IdentityServiceStub
    booking: booking_pb2_grpc.BookingServiceStub
    warehouse: warehouse_pb2_grpc.WarehouseServiceStub
    payment: payment_pb2_grpc.PaymentServiceStub
    export: export_pb2_grpc.ExportServiceStub
    jobs: jobs_pb2_grpc.JobServiceStub
    webhooks: webhooks_pb2_grpc.WebhookServiceStub

    def __init__(self, channel: grpc.Channel, target: str, tls: bool, token: BearerToken) -> None:
        self.channel = channel
        self.target = target
        self.tls = tls
        self._token = token
        self.identity = identity_pb2_grpc.IdentityServiceStub(channel)
        self.booking = booking_pb2_grpc.BookingServiceStub(channel)
        self.warehouse = warehouse_pb2_grpc.WarehouseServiceStub(channel)
        self.payment = payment_pb2_grpc.PaymentServiceStub(channel)
        self.export = export_pb2_grpc.ExportServiceStub(channel)
        self.jobs = jobs_pb2_grpc.JobServiceStub(channel)
        self.webhooks = webhooks_pb2_grpc.WebhookServiceStub(channel)

    @property
    def token(self) -> Optional[str]:
        """The credential sent on every call (None: none). Assign to switch, e.g. after Refresh."""
        return self._token.value

    @token.setter
    def token(self, value: Optional[str]) -> None:
        self._token.value = value

    def close(self) -> None:
        """Closes the channel; calls in flight are cancelled."""
        self.channel.close()

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        return "<rentguy_client.Client %s%s%s>" % (
            "https://" if self.tls else "", self.target, " with a credential" if self.token else "")


def connect(server: str, token: Optional[str] = None, *, ca_file: Optional[str] = None,
            options: Optional[ChannelOptions] = None) -> Client:
    """Opens a channel to a RentGuy Core server.

    Args:
        server: ``"host:port"`` for plaintext HTTP/2 (h2c), or ``"https://host[:port]"`` for TLS
            (port 443 by default), verified against the system's roots or ``ca_file``.
        token: an access token (from :func:`login` or ``IdentityService.Login``/``Refresh``) or an
            ``rgk_`` API key; sent as ``authorization: Bearer <token>`` on every call. None for
            the public RPCs (Login, Refresh). Change it later through :attr:`Client.token`.
        ca_file: a PEM file of the certificate authorities to trust instead of the system's
            (TLS only).
        options: extra gRPC channel arguments, e.g.
            ``[("grpc.ssl_target_name_override", "rentguy.internal")]``.

    The channel connects lazily: an unreachable server shows as UNAVAILABLE on the first call.
    On TLS channels the token is attached as call credentials (:class:`BearerTokenAuth`), on
    plaintext ones by an interceptor (:class:`BearerTokenInterceptor`), since gRPC sends call
    credentials only over TLS. Don't add your own ``authorization`` metadata to calls as well.
    """
    target, tls = parse_server(server)
    bearer = BearerToken(token)
    channel_options = list(options or ())
    if tls:
        root_certificates = None
        if ca_file is not None:
            with open(ca_file, "rb") as file:
                root_certificates = file.read()
        credentials = grpc.composite_channel_credentials(
            grpc.ssl_channel_credentials(root_certificates=root_certificates),
            grpc.metadata_call_credentials(BearerTokenAuth(bearer), name="rentguy-bearer"),
        )
        channel = grpc.secure_channel(target, credentials, options=channel_options)
    else:
        if ca_file is not None:
            raise ValueError("ca_file is for TLS: use https://%s" % target)
        channel = grpc.intercept_channel(
            grpc.insecure_channel(target, options=channel_options), BearerTokenInterceptor(bearer))
    return Client(channel, target, tls, bearer)


def login(server: str, email: str, password: str, *, ca_file: Optional[str] = None,
          client_name: str = "rentguy_client (Python)", timeout: Optional[float] = 30.0) -> identity_pb2.SessionTokens:
    """Signs in with e-mail and password and returns the session's tokens.

    ``tokens.access_token`` (valid 15 minutes, ``tokens.access_token_expires_at``) goes to
    :func:`connect`; ``tokens.refresh_token`` is single-use: exchange it with
    ``client.identity.Refresh(identity_pb2.RefreshRequest(refresh_token=…))`` and keep only the
    newest one. ``client_name`` is shown in the user's session list. For the signed-in user as
    well, call ``connect(server).identity.Login(...)`` yourself.

    Raises ``grpc.RpcError``: UNAUTHENTICATED (reason LOGIN_FAILED) for wrong credentials,
    RESOURCE_EXHAUSTED (RATE_LIMITED) when throttled.
    """
    with connect(server, ca_file=ca_file) as client:
        response = client.identity.Login(
            identity_pb2.LoginRequest(email=email, password=password, client_name=client_name), timeout=timeout)
    return response.tokens
