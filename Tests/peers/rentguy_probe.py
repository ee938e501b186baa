"""grpcio probes of a running rentguy-server, for the end-to-end tests.

  rentguy_probe.py health --port P          Check and Watch with grpcio's health client
  rentguy_probe.py access --port P --email E --password PW
                                            the contract's access table, RPC by RPC: no credential,
                                            an admin, a user without permissions (crew)
  rentguy_probe.py tokens --port P --email E --password PW --database DB
                                            hostile access tokens (PyJWT, raw), and refresh-token
                                            reuse revoking the session
  rentguy_probe.py audit --port P --email E --password PW --database DB
                                            VerifyAuditLog is intact, then finds the row this probe
                                            changes behind the server's back
  rentguy_probe.py idempotency --port P --email E --password PW
                                            50 concurrent CreateUser calls with one key: one effect;
                                            a replay; the key with another request is refused
  rentguy_probe.py burst --port P --email E --password PW --seconds S
                                            CreateUser from 16 threads for S seconds (until the
                                            server dies); prints every acknowledged user id
  rentguy_probe.py acknowledged --port P --email E --password PW --ids FILE
                                            after a restart: every id in FILE still exists (and the
                                            audit chain is intact)
  rentguy_probe.py api-keys --port P --email E --password PW
                                            a device key: create (a replay shows no secret), use,
                                            list, rotate (both secrets work), revoke (neither does)
  rentguy_probe.py users --port P --email E --password PW
                                            users, roles, sessions and the audit list: own records
                                            versus others', paging, deactivation taking effect at once
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


def contract_modules():
    """The contract's Python modules (messages and the access option), generated once."""
    tmp = tempfile.mkdtemp(prefix="rentguy-contract-")
    protos = []
    for folder, _, files in os.walk(os.path.join(ROOT, "proto")):
        protos += [os.path.relpath(os.path.join(folder, f), os.path.join(ROOT, "proto")) for f in files if f.endswith(".proto")]
    subprocess.check_call([sys.executable, "-m", "grpc_tools.protoc", "-I", os.path.join(ROOT, "proto"),
                           "-I", "/usr/include", "--python_out", tmp, *sorted(protos)])
    sys.path.insert(0, tmp)
    from rentguy.common.v1 import access_pb2
    from rentguy.identity.v1 import identity_pb2
    return access_pb2, identity_pb2


def access_rules(access_pb2):
    """{path: RpcAccess} from the contract's descriptors."""
    protos = []
    for folder, _, files in os.walk(os.path.join(ROOT, "proto")):
        protos += [os.path.relpath(os.path.join(folder, f), os.path.join(ROOT, "proto")) for f in files if f.endswith(".proto")]
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "contract.pb")
        subprocess.check_call([sys.executable, "-m", "grpc_tools.protoc", "-I", os.path.join(ROOT, "proto"),
                               "-I", "/usr/include", "--descriptor_set_out", out, *sorted(protos)])
        files = descriptor_pb2.FileDescriptorSet.FromString(open(out, "rb").read()).file
    rules = {}
    for file in files:
        for service in file.service:
            for method in service.method:
                path = "/%s.%s/%s" % (file.package, service.name, method.name)
                rules[path] = (method.options.Extensions[access_pb2.access], method.client_streaming, method.server_streaming)
    return rules


LOGOUT = "/rentguy.identity.v1.IdentityService/Logout"


def in_order(rules, signed_in=False):
    """Every RPC in name order; with a token, not Logout (it would end the token's session)."""
    return [item for item in sorted(rules.items()) if not (signed_in and item[0] == LOGOUT)]


def call(channel, path, client_streaming, server_streaming, token=None, body=b""):
    """The status code name of calling `path` with an empty request."""
    identity = lambda b: b
    kwargs = dict(request_serializer=identity, response_deserializer=identity)
    metadata = [("authorization", "Bearer " + token)] if token else None
    try:
        if not client_streaming and not server_streaming:
            channel.unary_unary(path, **kwargs)(body, timeout=10, metadata=metadata)
        elif not client_streaming:
            list(channel.unary_stream(path, **kwargs)(body, timeout=10, metadata=metadata))
        elif not server_streaming:
            channel.stream_unary(path, **kwargs)(iter([body]), timeout=10, metadata=metadata)
        else:
            list(channel.stream_stream(path, **kwargs)(iter([body]), timeout=10, metadata=metadata))
        return "OK"
    except grpc.RpcError as error:
        return error.code().name


def login(channel, identity_pb2, email, password):
    method = channel.unary_unary("/rentguy.identity.v1.IdentityService/Login",
                                 request_serializer=lambda m: m.SerializeToString(),
                                 response_deserializer=identity_pb2.LoginResponse.FromString)
    return method(identity_pb2.LoginRequest(email=email, password=password, client_name="probe"), timeout=20)


def access(channel, args):
    access_pb2, identity_pb2 = contract_modules()
    rules = access_rules(access_pb2)
    ok = True

    def expect(label, path, got, wanted):
        nonlocal ok
        if got not in wanted:
            print("%s %s: %s (expected %s)" % (label, path, got, " or ".join(sorted(wanted))))
            ok = False

    # 1. No credential: everything but Login and Refresh is UNAUTHENTICATED.
    for path, (rule, cs, ss) in in_order(rules):
        got = call(channel, path, cs, ss)
        expect("anonymous", path, got, {"INVALID_ARGUMENT"} if rule.public else {"UNAUTHENTICATED"})

    # 2. An admin passes every gate: what is left is the RPC's own answer.
    admin = login(channel, identity_pb2, args.email, args.password).tokens.access_token
    for path, (rule, cs, ss) in in_order(rules, signed_in=True):
        got = call(channel, path, cs, ss, token=admin)
        expect("admin", path, got, {"OK", "UNIMPLEMENTED", "INVALID_ARGUMENT", "FAILED_PRECONDITION", "NOT_FOUND"})

    # 3. A crew member (no permissions of its own) is refused every permission-guarded RPC.
    create = channel.unary_unary("/rentguy.identity.v1.IdentityService/CreateUser",
                                 request_serializer=lambda m: m.SerializeToString(),
                                 response_deserializer=identity_pb2.CreateUserResponse.FromString)
    create(identity_pb2.CreateUserRequest(email="crew-probe@example.com", display_name="Crew Probe",
                                          role_ids=["crew"], initial_password="crew password 123"),
           timeout=20, metadata=[("authorization", "Bearer " + admin)])
    crew = login(channel, identity_pb2, "crew-probe@example.com", "crew password 123").tokens.access_token
    denied = 0
    for path, (rule, cs, ss) in in_order(rules, signed_in=True):
        got = call(channel, path, cs, ss, token=crew)
        if rule.permission:
            expect("crew", path, got, {"PERMISSION_DENIED"})
            denied += 1
        else:
            expect("crew", path, got, {"OK", "UNIMPLEMENTED", "INVALID_ARGUMENT", "FAILED_PRECONDITION", "NOT_FOUND"})
    # 4. Logout ends the session at once: the same token is refused right after.
    expect("crew", LOGOUT, call(channel, LOGOUT, False, False, token=crew), {"OK"})
    expect("crew after logout", "/rentguy.identity.v1.IdentityService/GetCurrentPrincipal",
           call(channel, "/rentguy.identity.v1.IdentityService/GetCurrentPrincipal", False, False, token=crew),
           {"UNAUTHENTICATED"})
    print("methods: %d, services: %s, denied to crew: %d" % (
        len(rules), " ".join(sorted({p.split("/")[1] for p in rules})), denied))
    return ok and len(rules) > 0


def reason_of(error):
    """The ErrorInfo reason in an error's grpc-status-details-bin, or None."""
    from grpc_status import rpc_status
    from google.rpc import error_details_pb2
    status = rpc_status.from_call(error)
    for detail in (status.details if status else []):
        info = error_details_pb2.ErrorInfo()
        if detail.Unpack(info):
            return info.reason
    return None


def tokens(channel, args):
    import base64
    import json
    import sqlite3
    import time
    import jwt
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives import serialization

    _, identity_pb2 = contract_modules()
    whoami = channel.unary_unary("/rentguy.identity.v1.IdentityService/GetCurrentPrincipal",
                                 request_serializer=lambda b: b, response_deserializer=lambda b: b)
    refresh = channel.unary_unary("/rentguy.identity.v1.IdentityService/Refresh",
                                  request_serializer=lambda m: m.SerializeToString(),
                                  response_deserializer=identity_pb2.RefreshResponse.FromString)
    ok = True

    def outcome(token):
        try:
            whoami(b"", timeout=10, metadata=[("authorization", "Bearer " + token)])
            return "OK", None
        except grpc.RpcError as error:
            return error.code().name, reason_of(error)

    def expect(label, got, wanted_code, wanted_reason=None):
        nonlocal ok
        code, reason = got
        good = code == wanted_code and (wanted_reason is None or reason == wanted_reason)
        print("%-44s %s %s%s" % (label, code, reason or "", "" if good else "   <-- expected %s %s" % (wanted_code, wanted_reason or "")))
        ok &= good

    session = login(channel, identity_pb2, args.email, args.password)
    valid = session.tokens.access_token
    expect("the server's own token", outcome(valid), "OK")

    header = json.loads(base64.urlsafe_b64decode(valid.split(".")[0] + "=="))
    claims = json.loads(base64.urlsafe_b64decode(valid.split(".")[1] + "=="))
    database = sqlite3.connect("file:%s?mode=ro" % args.database, uri=True)
    raw = database.execute("SELECT private_key FROM signing_keys WHERE kid = ?", (header["kid"],)).fetchone()[0]
    key = Ed25519PrivateKey.from_private_bytes(raw)
    public = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    now = int(time.time())

    def pyjwt(changes=None, kid=header["kid"], signing_key=key, algorithm="EdDSA"):
        payload = dict(claims, iat=now, nbf=now - 5, exp=now + 600)
        payload.update(changes or {})
        return jwt.encode(payload, signing_key, algorithm=algorithm, headers={"kid": kid})

    def b64(data):
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    expect("PyJWT, the right key (independent signer)", outcome(pyjwt()), "OK")
    expect("alg: none", outcome("%s.%s." % (b64(json.dumps({"alg": "none", "kid": header["kid"]}).encode()),
                                            valid.split(".")[1])), "UNAUTHENTICATED", "CREDENTIAL_INVALID")
    expect("HS256 signed with the public key", outcome(jwt.encode(dict(claims), public, algorithm="HS256",
                                                                  headers={"kid": header["kid"]})),
           "UNAUTHENTICATED", "CREDENTIAL_INVALID")
    expect("an unknown kid", outcome(pyjwt(kid="sk_UNKNOWN")), "UNAUTHENTICATED", "CREDENTIAL_INVALID")
    expect("another key under the right kid", outcome(pyjwt(signing_key=Ed25519PrivateKey.generate())),
           "UNAUTHENTICATED", "CREDENTIAL_INVALID")
    expect("expired", outcome(pyjwt({"exp": now - 60})), "UNAUTHENTICATED", "CREDENTIAL_EXPIRED")
    expect("not valid before an hour from now", outcome(pyjwt({"nbf": now + 3600})), "UNAUTHENTICATED")
    expect("another audience", outcome(pyjwt({"aud": ["someone-else"]})), "UNAUTHENTICATED", "CREDENTIAL_INVALID")
    expect("another issuer", outcome(pyjwt({"iss": "evil"})), "UNAUTHENTICATED", "CREDENTIAL_INVALID")
    body = bytearray(valid.split(".")[1].encode())
    body[10] = ord("A") if body[10] != ord("A") else ord("B")
    parts = valid.split(".")
    expect("one payload byte flipped", outcome("%s.%s.%s" % (parts[0], body.decode(), parts[2])),
           "UNAUTHENTICATED", "CREDENTIAL_INVALID")
    expect("truncated", outcome(valid[:-10]), "UNAUTHENTICATED", "CREDENTIAL_INVALID")
    expect("garbage", outcome("not-a-token"), "UNAUTHENTICATED", "CREDENTIAL_INVALID")
    expect("an unknown API key", outcome("rgk_" + "A" * 43), "UNAUTHENTICATED", "CREDENTIAL_REVOKED")

    # Refresh: rotation, one grace replay, then reuse revokes the whole session.
    first = session.tokens.refresh_token
    second = refresh(identity_pb2.RefreshRequest(refresh_token=first), timeout=10).tokens
    expect("access token after a refresh", outcome(second.access_token), "OK")
    replay = refresh(identity_pb2.RefreshRequest(refresh_token=first), timeout=10).tokens
    ok &= replay.refresh_token not in (first, second.refresh_token)
    print("%-44s %s" % ("the rotated token within its grace", "OK (a new pair)"))
    try:
        refresh(identity_pb2.RefreshRequest(refresh_token=first), timeout=10)
        expect("the rotated token a third time", ("OK", None), "UNAUTHENTICATED", "REFRESH_TOKEN_REUSED")
    except grpc.RpcError as error:
        expect("the rotated token a third time", (error.code().name, reason_of(error)), "UNAUTHENTICATED",
               "REFRESH_TOKEN_REUSED")
    expect("the session's access token after reuse", outcome(second.access_token), "UNAUTHENTICATED",
           "CREDENTIAL_REVOKED")
    try:
        refresh(identity_pb2.RefreshRequest(refresh_token=second.refresh_token), timeout=10)
        expect("the session's newest refresh token", ("OK", None), "UNAUTHENTICATED")
    except grpc.RpcError as error:
        expect("the session's newest refresh token", (error.code().name, reason_of(error)), "UNAUTHENTICATED")
    return ok


def audit(channel, args):
    import sqlite3
    _, identity_pb2 = contract_modules()
    token = login(channel, identity_pb2, args.email, args.password).tokens.access_token
    verify = channel.unary_unary("/rentguy.identity.v1.IdentityService/VerifyAuditLog",
                                 request_serializer=lambda b: b,
                                 response_deserializer=identity_pb2.VerifyAuditLogResponse.FromString)
    metadata = [("authorization", "Bearer " + token)]
    before = verify(b"", timeout=30, metadata=metadata)
    print("before: intact=%s events=%d" % (before.intact, before.events_checked))
    database = sqlite3.connect(args.database, timeout=30)
    rows = database.execute("SELECT id FROM audit_events ORDER BY seq").fetchall()
    target = rows[1][0]
    # An attacker with the file: drop the append-only trigger, then edit one event.
    database.executescript("DROP TRIGGER audit_events_no_update;")
    database.execute("UPDATE audit_events SET summary = 'nothing happened' WHERE id = ?", (target,))
    database.commit()
    database.close()
    after = verify(b"", timeout=30, metadata=metadata)
    print("after: intact=%s first_broken=%s problem=%s" % (after.intact, after.first_broken_event_id, after.problem))
    return before.intact and before.events_checked >= 2 and not after.intact and after.first_broken_event_id == target


def idempotency(channel, args):
    from concurrent.futures import ThreadPoolExecutor
    _, identity_pb2 = contract_modules()
    token = login(channel, identity_pb2, args.email, args.password).tokens.access_token
    create = channel.unary_unary("/rentguy.identity.v1.IdentityService/CreateUser",
                                 request_serializer=lambda m: m.SerializeToString(),
                                 response_deserializer=identity_pb2.CreateUserResponse.FromString)
    metadata = [("authorization", "Bearer " + token)]
    request = identity_pb2.CreateUserRequest(idempotency_key="key-0001", email="once@example.com",
                                             display_name="Once", role_ids=["crew"])

    def attempt(_):
        try:
            return ("OK", create(request, timeout=30, metadata=metadata).user.id)
        except grpc.RpcError as error:
            return (error.code().name, reason_of(error))

    with ThreadPoolExecutor(max_workers=50) as pool:
        outcomes = list(pool.map(attempt, range(50)))
    ok_ids = {value for code, value in outcomes if code == "OK"}
    others = {(code, value) for code, value in outcomes if code != "OK"}
    print("50 concurrent calls: %d OK (user ids %s), others %s" % (
        sum(1 for code, _ in outcomes if code == "OK"), sorted(ok_ids), sorted(others)))
    good = len(ok_ids) == 1 and others <= {("ABORTED", "IDEMPOTENCY_KEY_IN_USE")}
    user_id = next(iter(ok_ids)) if ok_ids else None
    replay = attempt(0)
    print("replay after completion: %s %s" % replay)
    good &= replay == ("OK", user_id)
    changed = identity_pb2.CreateUserRequest()
    changed.CopyFrom(request)
    changed.display_name = "Twice"
    try:
        create(changed, timeout=30, metadata=metadata)
        print("same key, another request: OK")
        good = False
    except grpc.RpcError as error:
        print("same key, another request: %s %s" % (error.code().name, reason_of(error)))
        good &= error.code() == grpc.StatusCode.INVALID_ARGUMENT and reason_of(error) == "IDEMPOTENCY_KEY_REUSED"
    fresh = identity_pb2.CreateUserRequest()
    fresh.CopyFrom(request)
    fresh.idempotency_key = "key-0002"
    try:
        create(fresh, timeout=30, metadata=metadata)
        print("another key, the same request: OK (a second user!)")
        good = False
    except grpc.RpcError as error:
        print("another key, the same request: %s (the first call's effect exists once)" % error.code().name)
        good &= error.code() == grpc.StatusCode.ALREADY_EXISTS
    return good


def burst(channel, args):
    import threading
    import time
    import uuid
    _, identity_pb2 = contract_modules()
    token = login(channel, identity_pb2, args.email, args.password).tokens.access_token
    create = channel.unary_unary("/rentguy.identity.v1.IdentityService/CreateUser",
                                 request_serializer=lambda m: m.SerializeToString(),
                                 response_deserializer=identity_pb2.CreateUserResponse.FromString)
    deadline = time.monotonic() + args.seconds
    lock = threading.Lock()
    acknowledged = []

    def worker():
        while time.monotonic() < deadline:
            name = uuid.uuid4().hex
            try:
                response = create(identity_pb2.CreateUserRequest(
                    idempotency_key=name, email="%s@burst.example" % name, display_name=name, role_ids=["crew"]),
                    timeout=10, metadata=[("authorization", "Bearer " + token)])
            except grpc.RpcError:
                continue
            with lock:
                acknowledged.append(response.user.id)
                print("ack %s" % response.user.id, flush=True)

    threads = [threading.Thread(target=worker) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print("done: %d acknowledged" % len(acknowledged), flush=True)
    return True


def acknowledged(channel, args):
    _, identity_pb2 = contract_modules()
    ids = [line.strip() for line in open(args.ids) if line.strip()]
    import sqlite3
    database = sqlite3.connect("file:%s?mode=ro" % args.database, uri=True)
    users = {row[0] for row in database.execute("SELECT id FROM users")}
    audited = {row[0] for row in database.execute(
        "SELECT resource_id FROM audit_events WHERE action = 'rentguy.identity.v1.IdentityService/CreateUser'")}
    missing = [i for i in ids if i not in users]
    unaudited = [i for i in ids if i not in audited]
    token = login(channel, identity_pb2, args.email, args.password).tokens.access_token
    verify = channel.unary_unary("/rentguy.identity.v1.IdentityService/VerifyAuditLog",
                                 request_serializer=lambda b: b,
                                 response_deserializer=identity_pb2.VerifyAuditLogResponse.FromString)
    chain = verify(b"", timeout=60, metadata=[("authorization", "Bearer " + token)])
    print("acknowledged %d, missing %d, without audit event %d, audit chain intact %s (%d events)" % (
        len(ids), len(missing), len(unaudited), chain.intact, chain.events_checked))
    return ids and not missing and not unaudited and chain.intact


def api_keys(channel, args):
    _, identity_pb2 = contract_modules()
    admin = [("authorization", "Bearer " + login(channel, identity_pb2, args.email, args.password).tokens.access_token)]

    def rpc(name, request, response_type, metadata=admin):
        method = channel.unary_unary("/rentguy.identity.v1.IdentityService/" + name,
                                     request_serializer=lambda m: m.SerializeToString(),
                                     response_deserializer=response_type.FromString)
        return method(request, timeout=20, metadata=metadata)

    def whoami(secret):
        try:
            return rpc("GetCurrentPrincipal", identity_pb2.GetCurrentPrincipalRequest(),
                       identity_pb2.GetCurrentPrincipalResponse, [("authorization", "Bearer " + secret)])
        except grpc.RpcError as error:
            return error.code().name

    ok = True

    def check(label, condition):
        nonlocal ok
        print("%-50s %s" % (label, "ok" if condition else "FAILED"))
        ok &= bool(condition)

    create = identity_pb2.CreateApiKeyRequest(idempotency_key="scanner-7-key", name="Scanner 7",
                                              kind=identity_pb2.API_KEY_KIND_DEVICE, device_id="scanner-7",
                                              role_ids=["warehouse"])
    created = rpc("CreateApiKey", create, identity_pb2.CreateApiKeyResponse)
    check("the secret is rgk_ and 256 bits", created.secret.startswith("rgk_") and len(created.secret) >= 47)
    replay = rpc("CreateApiKey", create, identity_pb2.CreateApiKeyResponse)
    check("a replay: the same key, no secret", replay.api_key.id == created.api_key.id and replay.secret == "")
    me = whoami(created.secret)
    check("the key signs in as its device", not isinstance(me, str) and me.api_key.device_id == "scanner-7"
          and "warehouse.scans.write" in me.permissions)
    listed = rpc("ListApiKeys", identity_pb2.ListApiKeysRequest(), identity_pb2.ListApiKeysResponse)
    check("ListApiKeys shows it (prefix only)", any(k.id == created.api_key.id and k.secret_prefix == created.secret[:8]
                                                   for k in listed.api_keys))
    try:
        rpc("CreateApiKey", identity_pb2.CreateApiKeyRequest(name="Twin", kind=identity_pb2.API_KEY_KIND_DEVICE,
                                                             device_id="scanner-7", role_ids=["warehouse"]),
            identity_pb2.CreateApiKeyResponse)
        check("a second active key for the device is refused", False)
    except grpc.RpcError as error:
        check("a second active key for the device is refused", error.code() == grpc.StatusCode.ALREADY_EXISTS)
    rotated = rpc("RotateApiKey", identity_pb2.RotateApiKeyRequest(api_key_id=created.api_key.id),
                  identity_pb2.RotateApiKeyResponse)
    check("after rotation the new secret works", not isinstance(whoami(rotated.secret), str))
    check("and the old one still works (grace)", not isinstance(whoami(created.secret), str))
    rpc("RevokeApiKey", identity_pb2.RevokeApiKeyRequest(api_key_id=created.api_key.id),
        identity_pb2.RevokeApiKeyResponse)
    check("after revocation the new secret is refused at once", whoami(rotated.secret) == "UNAUTHENTICATED")
    check("and the old one too", whoami(created.secret) == "UNAUTHENTICATED")
    fetched = rpc("GetApiKey", identity_pb2.GetApiKeyRequest(api_key_id=created.api_key.id),
                  identity_pb2.GetApiKeyResponse)
    check("GetApiKey shows it revoked", fetched.api_key.HasField("revoked_at"))
    return ok


def users(channel, args):
    _, identity_pb2 = contract_modules()
    admin = [("authorization", "Bearer " + login(channel, identity_pb2, args.email, args.password).tokens.access_token)]

    def rpc(name, request, response_type, metadata):
        method = channel.unary_unary("/rentguy.identity.v1.IdentityService/" + name,
                                     request_serializer=lambda m: m.SerializeToString(),
                                     response_deserializer=response_type.FromString)
        try:
            return method(request, timeout=20, metadata=metadata)
        except grpc.RpcError as error:
            return error.code().name

    ok = True

    def check(label, condition):
        nonlocal ok
        print("%-56s %s" % (label, "ok" if condition else "FAILED"))
        ok &= bool(condition)

    profile = identity_pb2.CrewProfile(functions=[identity_pb2.CREW_FUNCTION_DJ, identity_pb2.CREW_FUNCTION_DRIVER],
                                       licence_categories=["b", "BE"])
    profile.hourly_rate.amount_minor = 2750
    profile.hourly_rate.currency = "EUR"
    created = rpc("CreateUser", identity_pb2.CreateUserRequest(email="dj@example.com", display_name="DJ Crew",
                                                               role_ids=["crew"], initial_password="spin the records 1",
                                                               crew=profile),
                  identity_pb2.CreateUserResponse, admin)
    check("CreateUser keeps the crew profile", not isinstance(created, str)
          and list(created.user.crew.functions) == [identity_pb2.CREW_FUNCTION_DRIVER, identity_pb2.CREW_FUNCTION_DJ]
          and list(created.user.crew.licence_categories) == ["B", "BE"] and created.user.crew.hourly_rate.amount_minor == 2750)
    bad = identity_pb2.CrewProfile(functions=[identity_pb2.CREW_FUNCTION_DJ])
    bad.hourly_rate.amount_minor = -1
    bad.hourly_rate.currency = "EUR"
    check("a negative hourly rate is INVALID_ARGUMENT", rpc("CreateUser", identity_pb2.CreateUserRequest(
        email="bad@example.com", display_name="Bad", role_ids=["crew"], crew=bad),
        identity_pb2.CreateUserResponse, admin) == "INVALID_ARGUMENT")
    drivers = rpc("ListUsers", identity_pb2.ListUsersRequest(crew_function=identity_pb2.CREW_FUNCTION_DRIVER),
                  identity_pb2.ListUsersResponse, admin)
    hosts = rpc("ListUsers", identity_pb2.ListUsersRequest(crew_function=identity_pb2.CREW_FUNCTION_HOST),
                identity_pb2.ListUsersResponse, admin)
    check("ListUsers filters by crew function", [u.email for u in drivers.users] == ["dj@example.com"] and not hosts.users)
    crew_login = login(channel, identity_pb2, "dj@example.com", "spin the records 1")
    crew = [("authorization", "Bearer " + crew_login.tokens.access_token)]
    me = rpc("GetUser", identity_pb2.GetUserRequest(user_id=created.user.id), identity_pb2.GetUserResponse, crew)
    check("crew read themselves", not isinstance(me, str) and me.user.email == "dj@example.com")
    admin_id = login(channel, identity_pb2, args.email, args.password).user.id
    check("crew may not read others", rpc("GetUser", identity_pb2.GetUserRequest(user_id=admin_id),
                                           identity_pb2.GetUserResponse, crew) == "PERMISSION_DENIED")
    sessions = rpc("ListSessions", identity_pb2.ListSessionsRequest(), identity_pb2.ListSessionsResponse, crew)
    check("crew list their own session, marked current", not isinstance(sessions, str) and len(sessions.sessions) == 1
          and sessions.sessions[0].current)
    check("crew may not list the admin's sessions", rpc("ListSessions", identity_pb2.ListSessionsRequest(user_id=admin_id),
                                                        identity_pb2.ListSessionsResponse, crew) == "PERMISSION_DENIED")
    page = rpc("ListUsers", identity_pb2.ListUsersRequest(page_size=1), identity_pb2.ListUsersResponse, admin)
    rest = rpc("ListUsers", identity_pb2.ListUsersRequest(page_size=1, page_token=page.next_page_token),
               identity_pb2.ListUsersResponse, admin)
    check("ListUsers pages one by one", len(page.users) == 1 and page.next_page_token and len(rest.users) == 1
          and rest.users[0].id != page.users[0].id)
    found = rpc("ListUsers", identity_pb2.ListUsersRequest(query="DJ CREW"), identity_pb2.ListUsersResponse, admin)
    check("ListUsers finds by name, any case", [u.email for u in found.users] == ["dj@example.com"])
    roles = rpc("ListRoles", identity_pb2.ListRolesRequest(), identity_pb2.ListRolesResponse, admin)
    check("ListRoles has the five built-in roles", {r.id for r in roles.roles if r.builtin} >=
          {"admin", "planner", "warehouse", "crew", "finance"})
    stale = rpc("UpdateUser", identity_pb2.UpdateUserRequest(
        user=identity_pb2.User(id=created.user.id, display_name="DJ Renamed"),
        update_mask={"paths": ["display_name"]}, expected_version=created.user.version + 5),
        identity_pb2.UpdateUserResponse, admin)
    check("UpdateUser with a stale version is ABORTED", stale == "ABORTED")
    renamed = rpc("UpdateUser", identity_pb2.UpdateUserRequest(
        user=identity_pb2.User(id=created.user.id, display_name="DJ Renamed"),
        update_mask={"paths": ["display_name"]}, expected_version=created.user.version),
        identity_pb2.UpdateUserResponse, admin)
    check("UpdateUser with the right version", not isinstance(renamed, str) and renamed.user.display_name == "DJ Renamed"
          and renamed.user.version == created.user.version + 1 and renamed.user.crew.hourly_rate.amount_minor == 2750)
    host = rpc("UpdateUser", identity_pb2.UpdateUserRequest(
        user=identity_pb2.User(id=created.user.id, crew=identity_pb2.CrewProfile(functions=[identity_pb2.CREW_FUNCTION_HOST])),
        update_mask={"paths": ["crew"]}), identity_pb2.UpdateUserResponse, admin)
    check("UpdateUser replaces the crew profile", not isinstance(host, str)
          and list(host.user.crew.functions) == [identity_pb2.CREW_FUNCTION_HOST] and not host.user.crew.HasField("hourly_rate"))
    role = rpc("CreateRole", identity_pb2.CreateRoleRequest(name="Scheduler", permissions=["booking.bookings.read"]),
               identity_pb2.CreateRoleResponse, admin)
    check("CreateRole", not isinstance(role, str) and role.role.id.startswith("rol_"))
    rpc("UpdateUser", identity_pb2.UpdateUserRequest(user=identity_pb2.User(id=created.user.id, role_ids=["crew", role.role.id]),
                                                     update_mask={"paths": ["role_ids"]}), identity_pb2.UpdateUserResponse, admin)
    granted = rpc("GetCurrentPrincipal", identity_pb2.GetCurrentPrincipalRequest(), identity_pb2.GetCurrentPrincipalResponse, crew)
    check("a custom role's permission reaches its user", not isinstance(granted, str)
          and "booking.bookings.read" in granted.permissions)
    check("built-in roles cannot change", rpc("UpdateRole", identity_pb2.UpdateRoleRequest(role_id="crew", permissions=[]),
                                             identity_pb2.UpdateRoleResponse, admin) == "FAILED_PRECONDITION")
    check("SetPassword with a wrong current password", rpc("SetPassword", identity_pb2.SetPasswordRequest(
        current_password="not it at all", new_password="a brand new password"), identity_pb2.SetPasswordResponse, crew)
          == "INVALID_ARGUMENT")
    check("SetPassword with the current password", not isinstance(rpc("SetPassword", identity_pb2.SetPasswordRequest(
        current_password="spin the records 1", new_password="a brand new password"), identity_pb2.SetPasswordResponse, crew), str))
    login(channel, identity_pb2, "dj@example.com", "a brand new password")
    check("DeleteRole", not isinstance(rpc("DeleteRole", identity_pb2.DeleteRoleRequest(role_id=role.role.id),
                                           identity_pb2.DeleteRoleResponse, admin), str))
    deactivated = rpc("DeactivateUser", identity_pb2.DeactivateUserRequest(user_id=created.user.id, reason="left"),
                      identity_pb2.DeactivateUserResponse, admin)
    check("DeactivateUser", not isinstance(deactivated, str) and not deactivated.user.active)
    check("the deactivated user's token stops at once", rpc("GetCurrentPrincipal", identity_pb2.GetCurrentPrincipalRequest(),
                                                            identity_pb2.GetCurrentPrincipalResponse, crew) == "UNAUTHENTICATED")
    try:
        login(channel, identity_pb2, "dj@example.com", "a brand new password")
        check("and signing in is refused", False)
    except grpc.RpcError as error:
        check("and signing in is refused", error.code() == grpc.StatusCode.PERMISSION_DENIED)
    traced = admin + [("x-request-id", "probe-trace-42")]
    rpc("CreateUser", identity_pb2.CreateUserRequest(email="traced@example.com", display_name="Traced", role_ids=["crew"]),
        identity_pb2.CreateUserResponse, traced)
    audit = rpc("ListAuditEvents", identity_pb2.ListAuditEventsRequest(action_prefix="rentguy.identity.v1.IdentityService/CreateUser",
                                                                       page_size=1), identity_pb2.ListAuditEventsResponse, admin)
    check("the audit event carries the caller's x-request-id", audit.events[0].request_id == "probe-trace-42")
    events = rpc("ListAuditEvents", identity_pb2.ListAuditEventsRequest(action_prefix="auth.login", page_size=2),
                 identity_pb2.ListAuditEventsResponse, admin)
    check("ListAuditEvents filters by prefix, newest first, pages", len(events.events) == 2 and events.next_page_token
          and all(e.action.startswith("auth.login") for e in events.events)
          and events.events[0].id > events.events[1].id)
    return ok


def watch(channel):
    stub = health_pb2_grpc.HealthStub(channel)
    for response in stub.Watch(health_pb2.HealthCheckRequest(service="")):
        print("status: %s" % STATUS(response.status), flush=True)
    print("stream ended", flush=True)
    return True


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("probe", choices=["health", "access", "tokens", "audit", "idempotency", "burst", "acknowledged", "api-keys", "users", "watch"])
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--ids")
    parser.add_argument("--database")
    parser.add_argument("--email")
    parser.add_argument("--password")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    with grpc.insecure_channel("%s:%d" % (args.host, args.port)) as channel:
        try:
            probes = {"health": health, "access": lambda c: access(c, args), "tokens": lambda c: tokens(c, args),
                      "audit": lambda c: audit(c, args), "idempotency": lambda c: idempotency(c, args),
                      "burst": lambda c: burst(c, args), "api-keys": lambda c: api_keys(c, args),
                      "users": lambda c: users(c, args), "acknowledged": lambda c: acknowledged(c, args),
                      "watch": watch}
            ok = probes[args.probe](channel)
        except grpc.RpcError as error:
            print("rpc failed: %s %s" % (error.code().name, error.details()), flush=True)
            ok = args.probe == "watch"
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
