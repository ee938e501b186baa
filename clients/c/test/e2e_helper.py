"""grpcio helpers for the C client's end-to-end test (test/run-e2e.sh) against rentguy-server.

  e2e_helper.py setup --port P --email E --password PW --device ID --assets N --prefix PFX
      Creates a warehouse location, a serialized product with N assets (barcodes PFX-0001, ...)
      and a device API key (role warehouse, home location = the new location). Prints the key's
      secret on the first line, the location id on the second, then one barcode per line.
  e2e_helper.py scans --port P --email E --password PW --device ID
      Prints "<stored> <distinct client_scan_ids>" for the device's stored scans (ListScans).

Logs in as the given administrator. Uses the contract modules of Tests/peers/rentguy_probe.py.
"""
import argparse
import os
import sys
import uuid

import grpc

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "Tests", "peers"))
import rentguy_probe  # noqa: E402


def unary(channel, path, response_type, request, token):
    method = channel.unary_unary(path, request_serializer=lambda m: m.SerializeToString(),
                                 response_deserializer=response_type.FromString)
    return method(request, timeout=30, metadata=[("authorization", "Bearer " + token)])


def setup(channel, token, args):
    from rentguy.booking.v1 import booking_pb2
    from rentguy.identity.v1 import identity_pb2
    from rentguy.warehouse.v1 import warehouse_pb2
    key = lambda: str(uuid.uuid4())  # noqa: E731
    location = unary(channel, "/rentguy.warehouse.v1.WarehouseService/CreateLocation",
                     warehouse_pb2.CreateLocationResponse,
                     warehouse_pb2.CreateLocationRequest(idempotency_key=key(), name="E2E " + args.prefix,
                                                         kind=warehouse_pb2.LOCATION_KIND_WAREHOUSE),
                     token).location
    product = unary(channel, "/rentguy.booking.v1.BookingService/CreateProduct",
                    booking_pb2.CreateProductResponse,
                    booking_pb2.CreateProductRequest(idempotency_key=key(), product=booking_pb2.Product(
                        name="E2E speaker " + args.prefix, sku="E2E-" + args.prefix,
                        stock_kind=booking_pb2.STOCK_KIND_SERIALIZED)),
                    token).product
    barcodes = []
    for i in range(1, args.assets + 1):
        barcode = "%s-%04d" % (args.prefix, i)
        unary(channel, "/rentguy.booking.v1.BookingService/CreateAsset", booking_pb2.CreateAssetResponse,
              booking_pb2.CreateAssetRequest(idempotency_key=key(), product_id=product.id, barcode=barcode,
                                             location_id=location.id), token)
        barcodes.append(barcode)
    created = unary(channel, "/rentguy.identity.v1.IdentityService/CreateApiKey",
                    identity_pb2.CreateApiKeyResponse,
                    identity_pb2.CreateApiKeyRequest(
                        idempotency_key=key(), name="Scanner " + args.device,
                        kind=identity_pb2.API_KEY_KIND_DEVICE, device_id=args.device,
                        role_ids=["warehouse"], home_location_id=location.id),
                    token)
    print(created.secret)
    print(location.id)
    for barcode in barcodes:
        print(barcode)


def scans(channel, token, args):
    from rentguy.warehouse.v1 import warehouse_pb2
    stored, ids, page = 0, set(), ""
    while True:
        response = unary(channel, "/rentguy.warehouse.v1.WarehouseService/ListScans",
                         warehouse_pb2.ListScansResponse,
                         warehouse_pb2.ListScansRequest(device_id=args.device, page_size=500, page_token=page),
                         token)
        stored += len(response.scans)
        ids.update(scan.client_scan_id for scan in response.scans)
        page = response.next_page_token
        if not page:
            break
    print(stored, len(ids))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("command", choices=["setup", "scans"])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--email", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--device", required=True)
    parser.add_argument("--assets", type=int, default=10)
    parser.add_argument("--prefix", default="E2E")
    args = parser.parse_args()
    _, identity_pb2 = rentguy_probe.contract_modules()  # also puts the modules on sys.path
    with grpc.insecure_channel("127.0.0.1:%d" % args.port) as channel:
        token = rentguy_probe.login(channel, identity_pb2, args.email, args.password).tokens.access_token
        (setup if args.command == "setup" else scans)(channel, token, args)


if __name__ == "__main__":
    main()
