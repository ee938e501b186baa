import datetime

from google.protobuf import duration_pb2 as _duration_pb2
from google.protobuf import field_mask_pb2 as _field_mask_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from rentguy_client._generated.rentguy.common.v1 import access_pb2 as _access_pb2
from rentguy_client._generated.rentguy.common.v1 import common_pb2 as _common_pb2
from rentguy_client._generated.rentguy.identity.v1 import identity_pb2 as _identity_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class StockKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    STOCK_KIND_UNSPECIFIED: _ClassVar[StockKind]
    STOCK_KIND_SERIALIZED: _ClassVar[StockKind]
    STOCK_KIND_BULK: _ClassVar[StockKind]

class VatCategory(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    VAT_CATEGORY_UNSPECIFIED: _ClassVar[VatCategory]
    VAT_CATEGORY_STANDARD: _ClassVar[VatCategory]
    VAT_CATEGORY_REDUCED: _ClassVar[VatCategory]
    VAT_CATEGORY_ZERO: _ClassVar[VatCategory]
    VAT_CATEGORY_EXEMPT: _ClassVar[VatCategory]
    VAT_CATEGORY_REVERSE_CHARGE: _ClassVar[VatCategory]

class AssetStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ASSET_STATUS_UNSPECIFIED: _ClassVar[AssetStatus]
    ASSET_STATUS_AVAILABLE: _ClassVar[AssetStatus]
    ASSET_STATUS_CHECKED_OUT: _ClassVar[AssetStatus]
    ASSET_STATUS_QUARANTINE: _ClassVar[AssetStatus]
    ASSET_STATUS_REPAIR: _ClassVar[AssetStatus]
    ASSET_STATUS_LOST: _ClassVar[AssetStatus]
    ASSET_STATUS_RETIRED: _ClassVar[AssetStatus]

class AvailabilityLevel(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    AVAILABILITY_LEVEL_UNSPECIFIED: _ClassVar[AvailabilityLevel]
    AVAILABILITY_LEVEL_AVAILABLE: _ClassVar[AvailabilityLevel]
    AVAILABILITY_LEVEL_LIMITED: _ClassVar[AvailabilityLevel]
    AVAILABILITY_LEVEL_NOT_AVAILABLE: _ClassVar[AvailabilityLevel]

class LeadStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    LEAD_STATUS_UNSPECIFIED: _ClassVar[LeadStatus]
    LEAD_STATUS_NEW: _ClassVar[LeadStatus]
    LEAD_STATUS_CONVERTED: _ClassVar[LeadStatus]
    LEAD_STATUS_REJECTED: _ClassVar[LeadStatus]

class BookingStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    BOOKING_STATUS_UNSPECIFIED: _ClassVar[BookingStatus]
    BOOKING_STATUS_DRAFT: _ClassVar[BookingStatus]
    BOOKING_STATUS_QUOTE: _ClassVar[BookingStatus]
    BOOKING_STATUS_CONFIRMED: _ClassVar[BookingStatus]
    BOOKING_STATUS_CHECKED_OUT_PARTIALLY: _ClassVar[BookingStatus]
    BOOKING_STATUS_CHECKED_OUT: _ClassVar[BookingStatus]
    BOOKING_STATUS_RETURNED: _ClassVar[BookingStatus]
    BOOKING_STATUS_CLOSED: _ClassVar[BookingStatus]
    BOOKING_STATUS_CANCELED: _ClassVar[BookingStatus]
    BOOKING_STATUS_EXPIRED: _ClassVar[BookingStatus]

class LineKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    LINE_KIND_UNSPECIFIED: _ClassVar[LineKind]
    LINE_KIND_RENTAL: _ClassVar[LineKind]
    LINE_KIND_DAMAGE: _ClassVar[LineKind]
    LINE_KIND_LOSS: _ClassVar[LineKind]
    LINE_KIND_SERVICE: _ClassVar[LineKind]

class InvoiceKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    INVOICE_KIND_UNSPECIFIED: _ClassVar[InvoiceKind]
    INVOICE_KIND_FINAL: _ClassVar[InvoiceKind]
    INVOICE_KIND_ADVANCE: _ClassVar[InvoiceKind]
    INVOICE_KIND_CREDIT_NOTE: _ClassVar[InvoiceKind]

class AssignmentStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ASSIGNMENT_STATUS_UNSPECIFIED: _ClassVar[AssignmentStatus]
    ASSIGNMENT_STATUS_PROPOSED: _ClassVar[AssignmentStatus]
    ASSIGNMENT_STATUS_ACCEPTED: _ClassVar[AssignmentStatus]
    ASSIGNMENT_STATUS_DECLINED: _ClassVar[AssignmentStatus]

class BookingEventType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    BOOKING_EVENT_TYPE_UNSPECIFIED: _ClassVar[BookingEventType]
    BOOKING_EVENT_TYPE_CREATED: _ClassVar[BookingEventType]
    BOOKING_EVENT_TYPE_UPDATED: _ClassVar[BookingEventType]
    BOOKING_EVENT_TYPE_QUOTE_SENT: _ClassVar[BookingEventType]
    BOOKING_EVENT_TYPE_CONFIRMED: _ClassVar[BookingEventType]
    BOOKING_EVENT_TYPE_CANCELED: _ClassVar[BookingEventType]
    BOOKING_EVENT_TYPE_CHECKED_OUT_PARTIALLY: _ClassVar[BookingEventType]
    BOOKING_EVENT_TYPE_CHECKED_OUT: _ClassVar[BookingEventType]
    BOOKING_EVENT_TYPE_RETURNED: _ClassVar[BookingEventType]
    BOOKING_EVENT_TYPE_CLOSED: _ClassVar[BookingEventType]
    BOOKING_EVENT_TYPE_CREW_ASSIGNED: _ClassVar[BookingEventType]
    BOOKING_EVENT_TYPE_CREW_UNASSIGNED: _ClassVar[BookingEventType]
    BOOKING_EVENT_TYPE_PAYMENT_STATUS_CHANGED: _ClassVar[BookingEventType]
    BOOKING_EVENT_TYPE_SHORTAGE_DETECTED: _ClassVar[BookingEventType]
    BOOKING_EVENT_TYPE_EXPORTED: _ClassVar[BookingEventType]
    BOOKING_EVENT_TYPE_QUOTE_REVISED: _ClassVar[BookingEventType]
    BOOKING_EVENT_TYPE_QUOTE_EXPIRED: _ClassVar[BookingEventType]
    BOOKING_EVENT_TYPE_INVOICE_ISSUED: _ClassVar[BookingEventType]
    BOOKING_EVENT_TYPE_CREW_RESPONDED: _ClassVar[BookingEventType]
STOCK_KIND_UNSPECIFIED: StockKind
STOCK_KIND_SERIALIZED: StockKind
STOCK_KIND_BULK: StockKind
VAT_CATEGORY_UNSPECIFIED: VatCategory
VAT_CATEGORY_STANDARD: VatCategory
VAT_CATEGORY_REDUCED: VatCategory
VAT_CATEGORY_ZERO: VatCategory
VAT_CATEGORY_EXEMPT: VatCategory
VAT_CATEGORY_REVERSE_CHARGE: VatCategory
ASSET_STATUS_UNSPECIFIED: AssetStatus
ASSET_STATUS_AVAILABLE: AssetStatus
ASSET_STATUS_CHECKED_OUT: AssetStatus
ASSET_STATUS_QUARANTINE: AssetStatus
ASSET_STATUS_REPAIR: AssetStatus
ASSET_STATUS_LOST: AssetStatus
ASSET_STATUS_RETIRED: AssetStatus
AVAILABILITY_LEVEL_UNSPECIFIED: AvailabilityLevel
AVAILABILITY_LEVEL_AVAILABLE: AvailabilityLevel
AVAILABILITY_LEVEL_LIMITED: AvailabilityLevel
AVAILABILITY_LEVEL_NOT_AVAILABLE: AvailabilityLevel
LEAD_STATUS_UNSPECIFIED: LeadStatus
LEAD_STATUS_NEW: LeadStatus
LEAD_STATUS_CONVERTED: LeadStatus
LEAD_STATUS_REJECTED: LeadStatus
BOOKING_STATUS_UNSPECIFIED: BookingStatus
BOOKING_STATUS_DRAFT: BookingStatus
BOOKING_STATUS_QUOTE: BookingStatus
BOOKING_STATUS_CONFIRMED: BookingStatus
BOOKING_STATUS_CHECKED_OUT_PARTIALLY: BookingStatus
BOOKING_STATUS_CHECKED_OUT: BookingStatus
BOOKING_STATUS_RETURNED: BookingStatus
BOOKING_STATUS_CLOSED: BookingStatus
BOOKING_STATUS_CANCELED: BookingStatus
BOOKING_STATUS_EXPIRED: BookingStatus
LINE_KIND_UNSPECIFIED: LineKind
LINE_KIND_RENTAL: LineKind
LINE_KIND_DAMAGE: LineKind
LINE_KIND_LOSS: LineKind
LINE_KIND_SERVICE: LineKind
INVOICE_KIND_UNSPECIFIED: InvoiceKind
INVOICE_KIND_FINAL: InvoiceKind
INVOICE_KIND_ADVANCE: InvoiceKind
INVOICE_KIND_CREDIT_NOTE: InvoiceKind
ASSIGNMENT_STATUS_UNSPECIFIED: AssignmentStatus
ASSIGNMENT_STATUS_PROPOSED: AssignmentStatus
ASSIGNMENT_STATUS_ACCEPTED: AssignmentStatus
ASSIGNMENT_STATUS_DECLINED: AssignmentStatus
BOOKING_EVENT_TYPE_UNSPECIFIED: BookingEventType
BOOKING_EVENT_TYPE_CREATED: BookingEventType
BOOKING_EVENT_TYPE_UPDATED: BookingEventType
BOOKING_EVENT_TYPE_QUOTE_SENT: BookingEventType
BOOKING_EVENT_TYPE_CONFIRMED: BookingEventType
BOOKING_EVENT_TYPE_CANCELED: BookingEventType
BOOKING_EVENT_TYPE_CHECKED_OUT_PARTIALLY: BookingEventType
BOOKING_EVENT_TYPE_CHECKED_OUT: BookingEventType
BOOKING_EVENT_TYPE_RETURNED: BookingEventType
BOOKING_EVENT_TYPE_CLOSED: BookingEventType
BOOKING_EVENT_TYPE_CREW_ASSIGNED: BookingEventType
BOOKING_EVENT_TYPE_CREW_UNASSIGNED: BookingEventType
BOOKING_EVENT_TYPE_PAYMENT_STATUS_CHANGED: BookingEventType
BOOKING_EVENT_TYPE_SHORTAGE_DETECTED: BookingEventType
BOOKING_EVENT_TYPE_EXPORTED: BookingEventType
BOOKING_EVENT_TYPE_QUOTE_REVISED: BookingEventType
BOOKING_EVENT_TYPE_QUOTE_EXPIRED: BookingEventType
BOOKING_EVENT_TYPE_INVOICE_ISSUED: BookingEventType
BOOKING_EVENT_TYPE_CREW_RESPONDED: BookingEventType

class Product(_message.Message):
    __slots__ = ("id", "name", "sku", "stock_kind", "category", "description", "day_price", "vat_category", "replacement_value", "preparation_buffer", "return_buffer", "bulk_barcode", "total_quantity", "archived", "version", "bulk_quantity")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    SKU_FIELD_NUMBER: _ClassVar[int]
    STOCK_KIND_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    DAY_PRICE_FIELD_NUMBER: _ClassVar[int]
    VAT_CATEGORY_FIELD_NUMBER: _ClassVar[int]
    REPLACEMENT_VALUE_FIELD_NUMBER: _ClassVar[int]
    PREPARATION_BUFFER_FIELD_NUMBER: _ClassVar[int]
    RETURN_BUFFER_FIELD_NUMBER: _ClassVar[int]
    BULK_BARCODE_FIELD_NUMBER: _ClassVar[int]
    TOTAL_QUANTITY_FIELD_NUMBER: _ClassVar[int]
    ARCHIVED_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    BULK_QUANTITY_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    sku: str
    stock_kind: StockKind
    category: str
    description: str
    day_price: _common_pb2.Money
    vat_category: VatCategory
    replacement_value: _common_pb2.Money
    preparation_buffer: _duration_pb2.Duration
    return_buffer: _duration_pb2.Duration
    bulk_barcode: str
    total_quantity: int
    archived: bool
    version: int
    bulk_quantity: int
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., sku: _Optional[str] = ..., stock_kind: _Optional[_Union[StockKind, str]] = ..., category: _Optional[str] = ..., description: _Optional[str] = ..., day_price: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., vat_category: _Optional[_Union[VatCategory, str]] = ..., replacement_value: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., preparation_buffer: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., return_buffer: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., bulk_barcode: _Optional[str] = ..., total_quantity: _Optional[int] = ..., archived: bool = ..., version: _Optional[int] = ..., bulk_quantity: _Optional[int] = ...) -> None: ...

class Kit(_message.Message):
    __slots__ = ("id", "name", "components", "day_price", "archived", "version", "vat_category")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    COMPONENTS_FIELD_NUMBER: _ClassVar[int]
    DAY_PRICE_FIELD_NUMBER: _ClassVar[int]
    ARCHIVED_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    VAT_CATEGORY_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    components: _containers.RepeatedCompositeFieldContainer[KitComponent]
    day_price: _common_pb2.Money
    archived: bool
    version: int
    vat_category: VatCategory
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., components: _Optional[_Iterable[_Union[KitComponent, _Mapping]]] = ..., day_price: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., archived: bool = ..., version: _Optional[int] = ..., vat_category: _Optional[_Union[VatCategory, str]] = ...) -> None: ...

class KitComponent(_message.Message):
    __slots__ = ("product_id", "quantity")
    PRODUCT_ID_FIELD_NUMBER: _ClassVar[int]
    QUANTITY_FIELD_NUMBER: _ClassVar[int]
    product_id: str
    quantity: int
    def __init__(self, product_id: _Optional[str] = ..., quantity: _Optional[int] = ...) -> None: ...

class Asset(_message.Message):
    __slots__ = ("id", "product_id", "barcode", "serial_number", "status", "location_id", "case_id", "booking_id", "notes", "version")
    ID_FIELD_NUMBER: _ClassVar[int]
    PRODUCT_ID_FIELD_NUMBER: _ClassVar[int]
    BARCODE_FIELD_NUMBER: _ClassVar[int]
    SERIAL_NUMBER_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    LOCATION_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    BOOKING_ID_FIELD_NUMBER: _ClassVar[int]
    NOTES_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    id: str
    product_id: str
    barcode: str
    serial_number: str
    status: AssetStatus
    location_id: str
    case_id: str
    booking_id: str
    notes: str
    version: int
    def __init__(self, id: _Optional[str] = ..., product_id: _Optional[str] = ..., barcode: _Optional[str] = ..., serial_number: _Optional[str] = ..., status: _Optional[_Union[AssetStatus, str]] = ..., location_id: _Optional[str] = ..., case_id: _Optional[str] = ..., booking_id: _Optional[str] = ..., notes: _Optional[str] = ..., version: _Optional[int] = ...) -> None: ...

class Case(_message.Message):
    __slots__ = ("id", "name", "barcode", "asset_ids", "version")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    BARCODE_FIELD_NUMBER: _ClassVar[int]
    ASSET_IDS_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    barcode: str
    asset_ids: _containers.RepeatedScalarFieldContainer[str]
    version: int
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., barcode: _Optional[str] = ..., asset_ids: _Optional[_Iterable[str]] = ..., version: _Optional[int] = ...) -> None: ...

class CreateProductRequest(_message.Message):
    __slots__ = ("idempotency_key", "product")
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    PRODUCT_FIELD_NUMBER: _ClassVar[int]
    idempotency_key: str
    product: Product
    def __init__(self, idempotency_key: _Optional[str] = ..., product: _Optional[_Union[Product, _Mapping]] = ...) -> None: ...

class CreateProductResponse(_message.Message):
    __slots__ = ("product",)
    PRODUCT_FIELD_NUMBER: _ClassVar[int]
    product: Product
    def __init__(self, product: _Optional[_Union[Product, _Mapping]] = ...) -> None: ...

class GetProductRequest(_message.Message):
    __slots__ = ("product_id",)
    PRODUCT_ID_FIELD_NUMBER: _ClassVar[int]
    product_id: str
    def __init__(self, product_id: _Optional[str] = ...) -> None: ...

class GetProductResponse(_message.Message):
    __slots__ = ("product",)
    PRODUCT_FIELD_NUMBER: _ClassVar[int]
    product: Product
    def __init__(self, product: _Optional[_Union[Product, _Mapping]] = ...) -> None: ...

class ListProductsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "category", "query", "include_archived")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    QUERY_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_ARCHIVED_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    category: str
    query: str
    include_archived: bool
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., category: _Optional[str] = ..., query: _Optional[str] = ..., include_archived: bool = ...) -> None: ...

class ListProductsResponse(_message.Message):
    __slots__ = ("products", "next_page_token")
    PRODUCTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    products: _containers.RepeatedCompositeFieldContainer[Product]
    next_page_token: str
    def __init__(self, products: _Optional[_Iterable[_Union[Product, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class UpdateProductRequest(_message.Message):
    __slots__ = ("idempotency_key", "product", "update_mask", "expected_version")
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    PRODUCT_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_VERSION_FIELD_NUMBER: _ClassVar[int]
    idempotency_key: str
    product: Product
    update_mask: _field_mask_pb2.FieldMask
    expected_version: int
    def __init__(self, idempotency_key: _Optional[str] = ..., product: _Optional[_Union[Product, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ..., expected_version: _Optional[int] = ...) -> None: ...

class UpdateProductResponse(_message.Message):
    __slots__ = ("product",)
    PRODUCT_FIELD_NUMBER: _ClassVar[int]
    product: Product
    def __init__(self, product: _Optional[_Union[Product, _Mapping]] = ...) -> None: ...

class ArchiveProductRequest(_message.Message):
    __slots__ = ("idempotency_key", "product_id")
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    PRODUCT_ID_FIELD_NUMBER: _ClassVar[int]
    idempotency_key: str
    product_id: str
    def __init__(self, idempotency_key: _Optional[str] = ..., product_id: _Optional[str] = ...) -> None: ...

class ArchiveProductResponse(_message.Message):
    __slots__ = ("product",)
    PRODUCT_FIELD_NUMBER: _ClassVar[int]
    product: Product
    def __init__(self, product: _Optional[_Union[Product, _Mapping]] = ...) -> None: ...

class CreateKitRequest(_message.Message):
    __slots__ = ("idempotency_key", "kit")
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    KIT_FIELD_NUMBER: _ClassVar[int]
    idempotency_key: str
    kit: Kit
    def __init__(self, idempotency_key: _Optional[str] = ..., kit: _Optional[_Union[Kit, _Mapping]] = ...) -> None: ...

class CreateKitResponse(_message.Message):
    __slots__ = ("kit",)
    KIT_FIELD_NUMBER: _ClassVar[int]
    kit: Kit
    def __init__(self, kit: _Optional[_Union[Kit, _Mapping]] = ...) -> None: ...

class GetKitRequest(_message.Message):
    __slots__ = ("kit_id",)
    KIT_ID_FIELD_NUMBER: _ClassVar[int]
    kit_id: str
    def __init__(self, kit_id: _Optional[str] = ...) -> None: ...

class GetKitResponse(_message.Message):
    __slots__ = ("kit",)
    KIT_FIELD_NUMBER: _ClassVar[int]
    kit: Kit
    def __init__(self, kit: _Optional[_Union[Kit, _Mapping]] = ...) -> None: ...

class ListKitsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "include_archived")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_ARCHIVED_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    include_archived: bool
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., include_archived: bool = ...) -> None: ...

class ListKitsResponse(_message.Message):
    __slots__ = ("kits", "next_page_token")
    KITS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    kits: _containers.RepeatedCompositeFieldContainer[Kit]
    next_page_token: str
    def __init__(self, kits: _Optional[_Iterable[_Union[Kit, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class UpdateKitRequest(_message.Message):
    __slots__ = ("idempotency_key", "kit", "update_mask", "expected_version")
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    KIT_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_VERSION_FIELD_NUMBER: _ClassVar[int]
    idempotency_key: str
    kit: Kit
    update_mask: _field_mask_pb2.FieldMask
    expected_version: int
    def __init__(self, idempotency_key: _Optional[str] = ..., kit: _Optional[_Union[Kit, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ..., expected_version: _Optional[int] = ...) -> None: ...

class UpdateKitResponse(_message.Message):
    __slots__ = ("kit",)
    KIT_FIELD_NUMBER: _ClassVar[int]
    kit: Kit
    def __init__(self, kit: _Optional[_Union[Kit, _Mapping]] = ...) -> None: ...

class ArchiveKitRequest(_message.Message):
    __slots__ = ("idempotency_key", "kit_id")
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    KIT_ID_FIELD_NUMBER: _ClassVar[int]
    idempotency_key: str
    kit_id: str
    def __init__(self, idempotency_key: _Optional[str] = ..., kit_id: _Optional[str] = ...) -> None: ...

class ArchiveKitResponse(_message.Message):
    __slots__ = ("kit",)
    KIT_FIELD_NUMBER: _ClassVar[int]
    kit: Kit
    def __init__(self, kit: _Optional[_Union[Kit, _Mapping]] = ...) -> None: ...

class CreateAssetRequest(_message.Message):
    __slots__ = ("idempotency_key", "product_id", "barcode", "serial_number", "location_id", "notes")
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    PRODUCT_ID_FIELD_NUMBER: _ClassVar[int]
    BARCODE_FIELD_NUMBER: _ClassVar[int]
    SERIAL_NUMBER_FIELD_NUMBER: _ClassVar[int]
    LOCATION_ID_FIELD_NUMBER: _ClassVar[int]
    NOTES_FIELD_NUMBER: _ClassVar[int]
    idempotency_key: str
    product_id: str
    barcode: str
    serial_number: str
    location_id: str
    notes: str
    def __init__(self, idempotency_key: _Optional[str] = ..., product_id: _Optional[str] = ..., barcode: _Optional[str] = ..., serial_number: _Optional[str] = ..., location_id: _Optional[str] = ..., notes: _Optional[str] = ...) -> None: ...

class CreateAssetResponse(_message.Message):
    __slots__ = ("asset",)
    ASSET_FIELD_NUMBER: _ClassVar[int]
    asset: Asset
    def __init__(self, asset: _Optional[_Union[Asset, _Mapping]] = ...) -> None: ...

class GetAssetRequest(_message.Message):
    __slots__ = ("asset_id", "barcode")
    ASSET_ID_FIELD_NUMBER: _ClassVar[int]
    BARCODE_FIELD_NUMBER: _ClassVar[int]
    asset_id: str
    barcode: str
    def __init__(self, asset_id: _Optional[str] = ..., barcode: _Optional[str] = ...) -> None: ...

class GetAssetResponse(_message.Message):
    __slots__ = ("asset",)
    ASSET_FIELD_NUMBER: _ClassVar[int]
    asset: Asset
    def __init__(self, asset: _Optional[_Union[Asset, _Mapping]] = ...) -> None: ...

class ListAssetsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "product_id", "status", "location_id", "booking_id")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    PRODUCT_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    LOCATION_ID_FIELD_NUMBER: _ClassVar[int]
    BOOKING_ID_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    product_id: str
    status: AssetStatus
    location_id: str
    booking_id: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., product_id: _Optional[str] = ..., status: _Optional[_Union[AssetStatus, str]] = ..., location_id: _Optional[str] = ..., booking_id: _Optional[str] = ...) -> None: ...

class ListAssetsResponse(_message.Message):
    __slots__ = ("assets", "next_page_token")
    ASSETS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    assets: _containers.RepeatedCompositeFieldContainer[Asset]
    next_page_token: str
    def __init__(self, assets: _Optional[_Iterable[_Union[Asset, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class UpdateAssetRequest(_message.Message):
    __slots__ = ("idempotency_key", "asset", "update_mask", "expected_version")
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    ASSET_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_VERSION_FIELD_NUMBER: _ClassVar[int]
    idempotency_key: str
    asset: Asset
    update_mask: _field_mask_pb2.FieldMask
    expected_version: int
    def __init__(self, idempotency_key: _Optional[str] = ..., asset: _Optional[_Union[Asset, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ..., expected_version: _Optional[int] = ...) -> None: ...

class UpdateAssetResponse(_message.Message):
    __slots__ = ("asset",)
    ASSET_FIELD_NUMBER: _ClassVar[int]
    asset: Asset
    def __init__(self, asset: _Optional[_Union[Asset, _Mapping]] = ...) -> None: ...

class CreateCaseRequest(_message.Message):
    __slots__ = ("idempotency_key", "name", "barcode", "asset_ids")
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    BARCODE_FIELD_NUMBER: _ClassVar[int]
    ASSET_IDS_FIELD_NUMBER: _ClassVar[int]
    idempotency_key: str
    name: str
    barcode: str
    asset_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, idempotency_key: _Optional[str] = ..., name: _Optional[str] = ..., barcode: _Optional[str] = ..., asset_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class CreateCaseResponse(_message.Message):
    __slots__ = ("flight_case",)
    FLIGHT_CASE_FIELD_NUMBER: _ClassVar[int]
    flight_case: Case
    def __init__(self, flight_case: _Optional[_Union[Case, _Mapping]] = ...) -> None: ...

class GetCaseRequest(_message.Message):
    __slots__ = ("case_id", "barcode")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    BARCODE_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    barcode: str
    def __init__(self, case_id: _Optional[str] = ..., barcode: _Optional[str] = ...) -> None: ...

class GetCaseResponse(_message.Message):
    __slots__ = ("flight_case",)
    FLIGHT_CASE_FIELD_NUMBER: _ClassVar[int]
    flight_case: Case
    def __init__(self, flight_case: _Optional[_Union[Case, _Mapping]] = ...) -> None: ...

class ListCasesRequest(_message.Message):
    __slots__ = ("page_size", "page_token")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListCasesResponse(_message.Message):
    __slots__ = ("cases", "next_page_token")
    CASES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    cases: _containers.RepeatedCompositeFieldContainer[Case]
    next_page_token: str
    def __init__(self, cases: _Optional[_Iterable[_Union[Case, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class UpdateCaseContentsRequest(_message.Message):
    __slots__ = ("idempotency_key", "case_id", "asset_ids", "expected_version")
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    ASSET_IDS_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_VERSION_FIELD_NUMBER: _ClassVar[int]
    idempotency_key: str
    case_id: str
    asset_ids: _containers.RepeatedScalarFieldContainer[str]
    expected_version: int
    def __init__(self, idempotency_key: _Optional[str] = ..., case_id: _Optional[str] = ..., asset_ids: _Optional[_Iterable[str]] = ..., expected_version: _Optional[int] = ...) -> None: ...

class UpdateCaseContentsResponse(_message.Message):
    __slots__ = ("flight_case",)
    FLIGHT_CASE_FIELD_NUMBER: _ClassVar[int]
    flight_case: Case
    def __init__(self, flight_case: _Optional[_Union[Case, _Mapping]] = ...) -> None: ...

class ItemRequest(_message.Message):
    __slots__ = ("product_id", "kit_id", "quantity")
    PRODUCT_ID_FIELD_NUMBER: _ClassVar[int]
    KIT_ID_FIELD_NUMBER: _ClassVar[int]
    QUANTITY_FIELD_NUMBER: _ClassVar[int]
    product_id: str
    kit_id: str
    quantity: int
    def __init__(self, product_id: _Optional[str] = ..., kit_id: _Optional[str] = ..., quantity: _Optional[int] = ...) -> None: ...

class Schedule(_message.Message):
    __slots__ = ("usage", "preparation_buffer", "return_buffer")
    USAGE_FIELD_NUMBER: _ClassVar[int]
    PREPARATION_BUFFER_FIELD_NUMBER: _ClassVar[int]
    RETURN_BUFFER_FIELD_NUMBER: _ClassVar[int]
    usage: _common_pb2.Period
    preparation_buffer: _duration_pb2.Duration
    return_buffer: _duration_pb2.Duration
    def __init__(self, usage: _Optional[_Union[_common_pb2.Period, _Mapping]] = ..., preparation_buffer: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., return_buffer: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ...) -> None: ...

class CheckAvailabilityRequest(_message.Message):
    __slots__ = ("items", "schedule", "include_quotes", "exclude_booking_id")
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    SCHEDULE_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_QUOTES_FIELD_NUMBER: _ClassVar[int]
    EXCLUDE_BOOKING_ID_FIELD_NUMBER: _ClassVar[int]
    items: _containers.RepeatedCompositeFieldContainer[ItemRequest]
    schedule: Schedule
    include_quotes: bool
    exclude_booking_id: str
    def __init__(self, items: _Optional[_Iterable[_Union[ItemRequest, _Mapping]]] = ..., schedule: _Optional[_Union[Schedule, _Mapping]] = ..., include_quotes: bool = ..., exclude_booking_id: _Optional[str] = ...) -> None: ...

class ProductAvailability(_message.Message):
    __slots__ = ("product_id", "product_name", "requested", "available", "shortage", "total", "tightest_at")
    PRODUCT_ID_FIELD_NUMBER: _ClassVar[int]
    PRODUCT_NAME_FIELD_NUMBER: _ClassVar[int]
    REQUESTED_FIELD_NUMBER: _ClassVar[int]
    AVAILABLE_FIELD_NUMBER: _ClassVar[int]
    SHORTAGE_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    TIGHTEST_AT_FIELD_NUMBER: _ClassVar[int]
    product_id: str
    product_name: str
    requested: int
    available: int
    shortage: int
    total: int
    tightest_at: _timestamp_pb2.Timestamp
    def __init__(self, product_id: _Optional[str] = ..., product_name: _Optional[str] = ..., requested: _Optional[int] = ..., available: _Optional[int] = ..., shortage: _Optional[int] = ..., total: _Optional[int] = ..., tightest_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CheckAvailabilityResponse(_message.Message):
    __slots__ = ("available", "products", "planning")
    AVAILABLE_FIELD_NUMBER: _ClassVar[int]
    PRODUCTS_FIELD_NUMBER: _ClassVar[int]
    PLANNING_FIELD_NUMBER: _ClassVar[int]
    available: bool
    products: _containers.RepeatedCompositeFieldContainer[ProductAvailability]
    planning: _common_pb2.Period
    def __init__(self, available: bool = ..., products: _Optional[_Iterable[_Union[ProductAvailability, _Mapping]]] = ..., planning: _Optional[_Union[_common_pb2.Period, _Mapping]] = ...) -> None: ...

class GetAvailabilityTimelineRequest(_message.Message):
    __slots__ = ("product_id", "kit_id", "range", "time_zone")
    PRODUCT_ID_FIELD_NUMBER: _ClassVar[int]
    KIT_ID_FIELD_NUMBER: _ClassVar[int]
    RANGE_FIELD_NUMBER: _ClassVar[int]
    TIME_ZONE_FIELD_NUMBER: _ClassVar[int]
    product_id: str
    kit_id: str
    range: _common_pb2.Period
    time_zone: str
    def __init__(self, product_id: _Optional[str] = ..., kit_id: _Optional[str] = ..., range: _Optional[_Union[_common_pb2.Period, _Mapping]] = ..., time_zone: _Optional[str] = ...) -> None: ...

class AvailabilityDay(_message.Message):
    __slots__ = ("day_start", "total", "available", "booking_ids", "date")
    DAY_START_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    AVAILABLE_FIELD_NUMBER: _ClassVar[int]
    BOOKING_IDS_FIELD_NUMBER: _ClassVar[int]
    DATE_FIELD_NUMBER: _ClassVar[int]
    day_start: _timestamp_pb2.Timestamp
    total: int
    available: int
    booking_ids: _containers.RepeatedScalarFieldContainer[str]
    date: str
    def __init__(self, day_start: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., total: _Optional[int] = ..., available: _Optional[int] = ..., booking_ids: _Optional[_Iterable[str]] = ..., date: _Optional[str] = ...) -> None: ...

class GetAvailabilityTimelineResponse(_message.Message):
    __slots__ = ("days",)
    DAYS_FIELD_NUMBER: _ClassVar[int]
    days: _containers.RepeatedCompositeFieldContainer[AvailabilityDay]
    def __init__(self, days: _Optional[_Iterable[_Union[AvailabilityDay, _Mapping]]] = ...) -> None: ...

class ItemAvailability(_message.Message):
    __slots__ = ("item", "name", "level")
    ITEM_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    item: ItemRequest
    name: str
    level: AvailabilityLevel
    def __init__(self, item: _Optional[_Union[ItemRequest, _Mapping]] = ..., name: _Optional[str] = ..., level: _Optional[_Union[AvailabilityLevel, str]] = ...) -> None: ...

class CheckPublicAvailabilityRequest(_message.Message):
    __slots__ = ("items", "schedule")
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    SCHEDULE_FIELD_NUMBER: _ClassVar[int]
    items: _containers.RepeatedCompositeFieldContainer[ItemRequest]
    schedule: Schedule
    def __init__(self, items: _Optional[_Iterable[_Union[ItemRequest, _Mapping]]] = ..., schedule: _Optional[_Union[Schedule, _Mapping]] = ...) -> None: ...

class CheckPublicAvailabilityResponse(_message.Message):
    __slots__ = ("level", "items")
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    level: AvailabilityLevel
    items: _containers.RepeatedCompositeFieldContainer[ItemAvailability]
    def __init__(self, level: _Optional[_Union[AvailabilityLevel, str]] = ..., items: _Optional[_Iterable[_Union[ItemAvailability, _Mapping]]] = ...) -> None: ...

class Lead(_message.Message):
    __slots__ = ("id", "status", "source", "contact", "event_type", "venue", "guest_count", "schedule", "items", "message", "package_name", "contact_consent", "received_at", "booking_id", "rejection_reason")
    ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    CONTACT_FIELD_NUMBER: _ClassVar[int]
    EVENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    VENUE_FIELD_NUMBER: _ClassVar[int]
    GUEST_COUNT_FIELD_NUMBER: _ClassVar[int]
    SCHEDULE_FIELD_NUMBER: _ClassVar[int]
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    PACKAGE_NAME_FIELD_NUMBER: _ClassVar[int]
    CONTACT_CONSENT_FIELD_NUMBER: _ClassVar[int]
    RECEIVED_AT_FIELD_NUMBER: _ClassVar[int]
    BOOKING_ID_FIELD_NUMBER: _ClassVar[int]
    REJECTION_REASON_FIELD_NUMBER: _ClassVar[int]
    id: str
    status: LeadStatus
    source: str
    contact: _common_pb2.Contact
    event_type: str
    venue: str
    guest_count: int
    schedule: Schedule
    items: _containers.RepeatedCompositeFieldContainer[ItemRequest]
    message: str
    package_name: str
    contact_consent: bool
    received_at: _timestamp_pb2.Timestamp
    booking_id: str
    rejection_reason: str
    def __init__(self, id: _Optional[str] = ..., status: _Optional[_Union[LeadStatus, str]] = ..., source: _Optional[str] = ..., contact: _Optional[_Union[_common_pb2.Contact, _Mapping]] = ..., event_type: _Optional[str] = ..., venue: _Optional[str] = ..., guest_count: _Optional[int] = ..., schedule: _Optional[_Union[Schedule, _Mapping]] = ..., items: _Optional[_Iterable[_Union[ItemRequest, _Mapping]]] = ..., message: _Optional[str] = ..., package_name: _Optional[str] = ..., contact_consent: bool = ..., received_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., booking_id: _Optional[str] = ..., rejection_reason: _Optional[str] = ...) -> None: ...

class SubmitLeadRequest(_message.Message):
    __slots__ = ("idempotency_key", "lead")
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    LEAD_FIELD_NUMBER: _ClassVar[int]
    idempotency_key: str
    lead: Lead
    def __init__(self, idempotency_key: _Optional[str] = ..., lead: _Optional[_Union[Lead, _Mapping]] = ...) -> None: ...

class SubmitLeadResponse(_message.Message):
    __slots__ = ("lead", "availability")
    LEAD_FIELD_NUMBER: _ClassVar[int]
    AVAILABILITY_FIELD_NUMBER: _ClassVar[int]
    lead: Lead
    availability: CheckPublicAvailabilityResponse
    def __init__(self, lead: _Optional[_Union[Lead, _Mapping]] = ..., availability: _Optional[_Union[CheckPublicAvailabilityResponse, _Mapping]] = ...) -> None: ...

class GetLeadRequest(_message.Message):
    __slots__ = ("lead_id",)
    LEAD_ID_FIELD_NUMBER: _ClassVar[int]
    lead_id: str
    def __init__(self, lead_id: _Optional[str] = ...) -> None: ...

class GetLeadResponse(_message.Message):
    __slots__ = ("lead",)
    LEAD_FIELD_NUMBER: _ClassVar[int]
    lead: Lead
    def __init__(self, lead: _Optional[_Union[Lead, _Mapping]] = ...) -> None: ...

class ListLeadsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "status", "source")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    status: LeadStatus
    source: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., status: _Optional[_Union[LeadStatus, str]] = ..., source: _Optional[str] = ...) -> None: ...

class ListLeadsResponse(_message.Message):
    __slots__ = ("leads", "next_page_token")
    LEADS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    leads: _containers.RepeatedCompositeFieldContainer[Lead]
    next_page_token: str
    def __init__(self, leads: _Optional[_Iterable[_Union[Lead, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ConvertLeadRequest(_message.Message):
    __slots__ = ("idempotency_key", "lead_id", "customer_id")
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    LEAD_ID_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    idempotency_key: str
    lead_id: str
    customer_id: str
    def __init__(self, idempotency_key: _Optional[str] = ..., lead_id: _Optional[str] = ..., customer_id: _Optional[str] = ...) -> None: ...

class ConvertLeadResponse(_message.Message):
    __slots__ = ("lead", "booking")
    LEAD_FIELD_NUMBER: _ClassVar[int]
    BOOKING_FIELD_NUMBER: _ClassVar[int]
    lead: Lead
    booking: Booking
    def __init__(self, lead: _Optional[_Union[Lead, _Mapping]] = ..., booking: _Optional[_Union[Booking, _Mapping]] = ...) -> None: ...

class RejectLeadRequest(_message.Message):
    __slots__ = ("idempotency_key", "lead_id", "reason")
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    LEAD_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    idempotency_key: str
    lead_id: str
    reason: str
    def __init__(self, idempotency_key: _Optional[str] = ..., lead_id: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class RejectLeadResponse(_message.Message):
    __slots__ = ("lead",)
    LEAD_FIELD_NUMBER: _ClassVar[int]
    lead: Lead
    def __init__(self, lead: _Optional[_Union[Lead, _Mapping]] = ...) -> None: ...

class Customer(_message.Message):
    __slots__ = ("id", "contact", "billing_address", "external_ids", "notes", "created_at", "version")
    class ExternalIdsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    CONTACT_FIELD_NUMBER: _ClassVar[int]
    BILLING_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    EXTERNAL_IDS_FIELD_NUMBER: _ClassVar[int]
    NOTES_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    id: str
    contact: _common_pb2.Contact
    billing_address: _common_pb2.Address
    external_ids: _containers.ScalarMap[str, str]
    notes: str
    created_at: _timestamp_pb2.Timestamp
    version: int
    def __init__(self, id: _Optional[str] = ..., contact: _Optional[_Union[_common_pb2.Contact, _Mapping]] = ..., billing_address: _Optional[_Union[_common_pb2.Address, _Mapping]] = ..., external_ids: _Optional[_Mapping[str, str]] = ..., notes: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., version: _Optional[int] = ...) -> None: ...

class CreateCustomerRequest(_message.Message):
    __slots__ = ("idempotency_key", "customer")
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_FIELD_NUMBER: _ClassVar[int]
    idempotency_key: str
    customer: Customer
    def __init__(self, idempotency_key: _Optional[str] = ..., customer: _Optional[_Union[Customer, _Mapping]] = ...) -> None: ...

class CreateCustomerResponse(_message.Message):
    __slots__ = ("customer",)
    CUSTOMER_FIELD_NUMBER: _ClassVar[int]
    customer: Customer
    def __init__(self, customer: _Optional[_Union[Customer, _Mapping]] = ...) -> None: ...

class GetCustomerRequest(_message.Message):
    __slots__ = ("customer_id",)
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    customer_id: str
    def __init__(self, customer_id: _Optional[str] = ...) -> None: ...

class GetCustomerResponse(_message.Message):
    __slots__ = ("customer",)
    CUSTOMER_FIELD_NUMBER: _ClassVar[int]
    customer: Customer
    def __init__(self, customer: _Optional[_Union[Customer, _Mapping]] = ...) -> None: ...

class ListCustomersRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "query")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    QUERY_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    query: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., query: _Optional[str] = ...) -> None: ...

class ListCustomersResponse(_message.Message):
    __slots__ = ("customers", "next_page_token")
    CUSTOMERS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    customers: _containers.RepeatedCompositeFieldContainer[Customer]
    next_page_token: str
    def __init__(self, customers: _Optional[_Iterable[_Union[Customer, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class UpdateCustomerRequest(_message.Message):
    __slots__ = ("idempotency_key", "customer", "update_mask", "expected_version")
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_VERSION_FIELD_NUMBER: _ClassVar[int]
    idempotency_key: str
    customer: Customer
    update_mask: _field_mask_pb2.FieldMask
    expected_version: int
    def __init__(self, idempotency_key: _Optional[str] = ..., customer: _Optional[_Union[Customer, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ..., expected_version: _Optional[int] = ...) -> None: ...

class UpdateCustomerResponse(_message.Message):
    __slots__ = ("customer",)
    CUSTOMER_FIELD_NUMBER: _ClassVar[int]
    customer: Customer
    def __init__(self, customer: _Optional[_Union[Customer, _Mapping]] = ...) -> None: ...

class BookingLine(_message.Message):
    __slots__ = ("id", "product_id", "kit_id", "description", "quantity", "unit_price", "days", "discount_bp", "vat_category", "vat_rate_bp", "net_amount", "kind", "asset_ids", "checked_out_quantity", "returned_quantity")
    ID_FIELD_NUMBER: _ClassVar[int]
    PRODUCT_ID_FIELD_NUMBER: _ClassVar[int]
    KIT_ID_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    QUANTITY_FIELD_NUMBER: _ClassVar[int]
    UNIT_PRICE_FIELD_NUMBER: _ClassVar[int]
    DAYS_FIELD_NUMBER: _ClassVar[int]
    DISCOUNT_BP_FIELD_NUMBER: _ClassVar[int]
    VAT_CATEGORY_FIELD_NUMBER: _ClassVar[int]
    VAT_RATE_BP_FIELD_NUMBER: _ClassVar[int]
    NET_AMOUNT_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    ASSET_IDS_FIELD_NUMBER: _ClassVar[int]
    CHECKED_OUT_QUANTITY_FIELD_NUMBER: _ClassVar[int]
    RETURNED_QUANTITY_FIELD_NUMBER: _ClassVar[int]
    id: str
    product_id: str
    kit_id: str
    description: str
    quantity: int
    unit_price: _common_pb2.Money
    days: int
    discount_bp: int
    vat_category: VatCategory
    vat_rate_bp: int
    net_amount: _common_pb2.Money
    kind: LineKind
    asset_ids: _containers.RepeatedScalarFieldContainer[str]
    checked_out_quantity: int
    returned_quantity: int
    def __init__(self, id: _Optional[str] = ..., product_id: _Optional[str] = ..., kit_id: _Optional[str] = ..., description: _Optional[str] = ..., quantity: _Optional[int] = ..., unit_price: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., days: _Optional[int] = ..., discount_bp: _Optional[int] = ..., vat_category: _Optional[_Union[VatCategory, str]] = ..., vat_rate_bp: _Optional[int] = ..., net_amount: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., kind: _Optional[_Union[LineKind, str]] = ..., asset_ids: _Optional[_Iterable[str]] = ..., checked_out_quantity: _Optional[int] = ..., returned_quantity: _Optional[int] = ...) -> None: ...

class BookingLineInput(_message.Message):
    __slots__ = ("product_id", "kit_id", "quantity", "unit_price", "discount_bp", "description", "kind", "vat_category")
    PRODUCT_ID_FIELD_NUMBER: _ClassVar[int]
    KIT_ID_FIELD_NUMBER: _ClassVar[int]
    QUANTITY_FIELD_NUMBER: _ClassVar[int]
    UNIT_PRICE_FIELD_NUMBER: _ClassVar[int]
    DISCOUNT_BP_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    VAT_CATEGORY_FIELD_NUMBER: _ClassVar[int]
    product_id: str
    kit_id: str
    quantity: int
    unit_price: _common_pb2.Money
    discount_bp: int
    description: str
    kind: LineKind
    vat_category: VatCategory
    def __init__(self, product_id: _Optional[str] = ..., kit_id: _Optional[str] = ..., quantity: _Optional[int] = ..., unit_price: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., discount_bp: _Optional[int] = ..., description: _Optional[str] = ..., kind: _Optional[_Union[LineKind, str]] = ..., vat_category: _Optional[_Union[VatCategory, str]] = ...) -> None: ...

class VatAmount(_message.Message):
    __slots__ = ("category", "rate_bp", "net_amount", "vat_amount")
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    RATE_BP_FIELD_NUMBER: _ClassVar[int]
    NET_AMOUNT_FIELD_NUMBER: _ClassVar[int]
    VAT_AMOUNT_FIELD_NUMBER: _ClassVar[int]
    category: VatCategory
    rate_bp: int
    net_amount: _common_pb2.Money
    vat_amount: _common_pb2.Money
    def __init__(self, category: _Optional[_Union[VatCategory, str]] = ..., rate_bp: _Optional[int] = ..., net_amount: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., vat_amount: _Optional[_Union[_common_pb2.Money, _Mapping]] = ...) -> None: ...

class Booking(_message.Message):
    __slots__ = ("id", "number", "status", "customer_id", "title", "venue", "venue_address", "schedule", "planning", "lines", "subtotal", "vat", "total", "security_deposit", "quote_valid_until", "shortages_overridden", "lead_id", "notes", "created_at", "updated_at", "version", "time_zone", "billable_days", "vat_breakdown", "invoice_ids")
    ID_FIELD_NUMBER: _ClassVar[int]
    NUMBER_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    VENUE_FIELD_NUMBER: _ClassVar[int]
    VENUE_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    SCHEDULE_FIELD_NUMBER: _ClassVar[int]
    PLANNING_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    SUBTOTAL_FIELD_NUMBER: _ClassVar[int]
    VAT_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    SECURITY_DEPOSIT_FIELD_NUMBER: _ClassVar[int]
    QUOTE_VALID_UNTIL_FIELD_NUMBER: _ClassVar[int]
    SHORTAGES_OVERRIDDEN_FIELD_NUMBER: _ClassVar[int]
    LEAD_ID_FIELD_NUMBER: _ClassVar[int]
    NOTES_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    TIME_ZONE_FIELD_NUMBER: _ClassVar[int]
    BILLABLE_DAYS_FIELD_NUMBER: _ClassVar[int]
    VAT_BREAKDOWN_FIELD_NUMBER: _ClassVar[int]
    INVOICE_IDS_FIELD_NUMBER: _ClassVar[int]
    id: str
    number: str
    status: BookingStatus
    customer_id: str
    title: str
    venue: str
    venue_address: _common_pb2.Address
    schedule: Schedule
    planning: _common_pb2.Period
    lines: _containers.RepeatedCompositeFieldContainer[BookingLine]
    subtotal: _common_pb2.Money
    vat: _common_pb2.Money
    total: _common_pb2.Money
    security_deposit: _common_pb2.Money
    quote_valid_until: _timestamp_pb2.Timestamp
    shortages_overridden: bool
    lead_id: str
    notes: str
    created_at: _timestamp_pb2.Timestamp
    updated_at: _timestamp_pb2.Timestamp
    version: int
    time_zone: str
    billable_days: int
    vat_breakdown: _containers.RepeatedCompositeFieldContainer[VatAmount]
    invoice_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, id: _Optional[str] = ..., number: _Optional[str] = ..., status: _Optional[_Union[BookingStatus, str]] = ..., customer_id: _Optional[str] = ..., title: _Optional[str] = ..., venue: _Optional[str] = ..., venue_address: _Optional[_Union[_common_pb2.Address, _Mapping]] = ..., schedule: _Optional[_Union[Schedule, _Mapping]] = ..., planning: _Optional[_Union[_common_pb2.Period, _Mapping]] = ..., lines: _Optional[_Iterable[_Union[BookingLine, _Mapping]]] = ..., subtotal: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., vat: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., total: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., security_deposit: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., quote_valid_until: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., shortages_overridden: bool = ..., lead_id: _Optional[str] = ..., notes: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., version: _Optional[int] = ..., time_zone: _Optional[str] = ..., billable_days: _Optional[int] = ..., vat_breakdown: _Optional[_Iterable[_Union[VatAmount, _Mapping]]] = ..., invoice_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class CreateBookingRequest(_message.Message):
    __slots__ = ("idempotency_key", "customer_id", "title", "venue", "venue_address", "schedule", "lines", "security_deposit", "notes", "time_zone")
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    VENUE_FIELD_NUMBER: _ClassVar[int]
    VENUE_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    SCHEDULE_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    SECURITY_DEPOSIT_FIELD_NUMBER: _ClassVar[int]
    NOTES_FIELD_NUMBER: _ClassVar[int]
    TIME_ZONE_FIELD_NUMBER: _ClassVar[int]
    idempotency_key: str
    customer_id: str
    title: str
    venue: str
    venue_address: _common_pb2.Address
    schedule: Schedule
    lines: _containers.RepeatedCompositeFieldContainer[BookingLineInput]
    security_deposit: _common_pb2.Money
    notes: str
    time_zone: str
    def __init__(self, idempotency_key: _Optional[str] = ..., customer_id: _Optional[str] = ..., title: _Optional[str] = ..., venue: _Optional[str] = ..., venue_address: _Optional[_Union[_common_pb2.Address, _Mapping]] = ..., schedule: _Optional[_Union[Schedule, _Mapping]] = ..., lines: _Optional[_Iterable[_Union[BookingLineInput, _Mapping]]] = ..., security_deposit: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., notes: _Optional[str] = ..., time_zone: _Optional[str] = ...) -> None: ...

class CreateBookingResponse(_message.Message):
    __slots__ = ("booking",)
    BOOKING_FIELD_NUMBER: _ClassVar[int]
    booking: Booking
    def __init__(self, booking: _Optional[_Union[Booking, _Mapping]] = ...) -> None: ...

class GetBookingRequest(_message.Message):
    __slots__ = ("booking_id",)
    BOOKING_ID_FIELD_NUMBER: _ClassVar[int]
    booking_id: str
    def __init__(self, booking_id: _Optional[str] = ...) -> None: ...

class GetBookingResponse(_message.Message):
    __slots__ = ("booking",)
    BOOKING_FIELD_NUMBER: _ClassVar[int]
    booking: Booking
    def __init__(self, booking: _Optional[_Union[Booking, _Mapping]] = ...) -> None: ...

class ListBookingsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "statuses", "customer_id", "overlapping", "query")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    STATUSES_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    OVERLAPPING_FIELD_NUMBER: _ClassVar[int]
    QUERY_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    statuses: _containers.RepeatedScalarFieldContainer[BookingStatus]
    customer_id: str
    overlapping: _common_pb2.Period
    query: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., statuses: _Optional[_Iterable[_Union[BookingStatus, str]]] = ..., customer_id: _Optional[str] = ..., overlapping: _Optional[_Union[_common_pb2.Period, _Mapping]] = ..., query: _Optional[str] = ...) -> None: ...

class ListBookingsResponse(_message.Message):
    __slots__ = ("bookings", "next_page_token")
    BOOKINGS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    bookings: _containers.RepeatedCompositeFieldContainer[Booking]
    next_page_token: str
    def __init__(self, bookings: _Optional[_Iterable[_Union[Booking, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class UpdateBookingRequest(_message.Message):
    __slots__ = ("idempotency_key", "booking", "update_mask", "expected_version", "allow_shortages")
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    BOOKING_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_VERSION_FIELD_NUMBER: _ClassVar[int]
    ALLOW_SHORTAGES_FIELD_NUMBER: _ClassVar[int]
    idempotency_key: str
    booking: Booking
    update_mask: _field_mask_pb2.FieldMask
    expected_version: int
    allow_shortages: bool
    def __init__(self, idempotency_key: _Optional[str] = ..., booking: _Optional[_Union[Booking, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ..., expected_version: _Optional[int] = ..., allow_shortages: bool = ...) -> None: ...

class UpdateBookingResponse(_message.Message):
    __slots__ = ("booking",)
    BOOKING_FIELD_NUMBER: _ClassVar[int]
    booking: Booking
    def __init__(self, booking: _Optional[_Union[Booking, _Mapping]] = ...) -> None: ...

class AddBookingLinesRequest(_message.Message):
    __slots__ = ("idempotency_key", "booking_id", "lines", "expected_version", "allow_shortages")
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    BOOKING_ID_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_VERSION_FIELD_NUMBER: _ClassVar[int]
    ALLOW_SHORTAGES_FIELD_NUMBER: _ClassVar[int]
    idempotency_key: str
    booking_id: str
    lines: _containers.RepeatedCompositeFieldContainer[BookingLineInput]
    expected_version: int
    allow_shortages: bool
    def __init__(self, idempotency_key: _Optional[str] = ..., booking_id: _Optional[str] = ..., lines: _Optional[_Iterable[_Union[BookingLineInput, _Mapping]]] = ..., expected_version: _Optional[int] = ..., allow_shortages: bool = ...) -> None: ...

class AddBookingLinesResponse(_message.Message):
    __slots__ = ("booking", "line_ids")
    BOOKING_FIELD_NUMBER: _ClassVar[int]
    LINE_IDS_FIELD_NUMBER: _ClassVar[int]
    booking: Booking
    line_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, booking: _Optional[_Union[Booking, _Mapping]] = ..., line_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class UpdateBookingLineRequest(_message.Message):
    __slots__ = ("idempotency_key", "booking_id", "line_id", "line", "update_mask", "expected_version", "allow_shortages")
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    BOOKING_ID_FIELD_NUMBER: _ClassVar[int]
    LINE_ID_FIELD_NUMBER: _ClassVar[int]
    LINE_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_VERSION_FIELD_NUMBER: _ClassVar[int]
    ALLOW_SHORTAGES_FIELD_NUMBER: _ClassVar[int]
    idempotency_key: str
    booking_id: str
    line_id: str
    line: BookingLineInput
    update_mask: _field_mask_pb2.FieldMask
    expected_version: int
    allow_shortages: bool
    def __init__(self, idempotency_key: _Optional[str] = ..., booking_id: _Optional[str] = ..., line_id: _Optional[str] = ..., line: _Optional[_Union[BookingLineInput, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ..., expected_version: _Optional[int] = ..., allow_shortages: bool = ...) -> None: ...

class UpdateBookingLineResponse(_message.Message):
    __slots__ = ("booking",)
    BOOKING_FIELD_NUMBER: _ClassVar[int]
    booking: Booking
    def __init__(self, booking: _Optional[_Union[Booking, _Mapping]] = ...) -> None: ...

class RemoveBookingLineRequest(_message.Message):
    __slots__ = ("idempotency_key", "booking_id", "line_id", "expected_version")
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    BOOKING_ID_FIELD_NUMBER: _ClassVar[int]
    LINE_ID_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_VERSION_FIELD_NUMBER: _ClassVar[int]
    idempotency_key: str
    booking_id: str
    line_id: str
    expected_version: int
    def __init__(self, idempotency_key: _Optional[str] = ..., booking_id: _Optional[str] = ..., line_id: _Optional[str] = ..., expected_version: _Optional[int] = ...) -> None: ...

class RemoveBookingLineResponse(_message.Message):
    __slots__ = ("booking",)
    BOOKING_FIELD_NUMBER: _ClassVar[int]
    booking: Booking
    def __init__(self, booking: _Optional[_Union[Booking, _Mapping]] = ...) -> None: ...

class SendQuoteRequest(_message.Message):
    __slots__ = ("idempotency_key", "booking_id", "valid_until", "expected_version")
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    BOOKING_ID_FIELD_NUMBER: _ClassVar[int]
    VALID_UNTIL_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_VERSION_FIELD_NUMBER: _ClassVar[int]
    idempotency_key: str
    booking_id: str
    valid_until: _timestamp_pb2.Timestamp
    expected_version: int
    def __init__(self, idempotency_key: _Optional[str] = ..., booking_id: _Optional[str] = ..., valid_until: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., expected_version: _Optional[int] = ...) -> None: ...

class SendQuoteResponse(_message.Message):
    __slots__ = ("booking",)
    BOOKING_FIELD_NUMBER: _ClassVar[int]
    booking: Booking
    def __init__(self, booking: _Optional[_Union[Booking, _Mapping]] = ...) -> None: ...

class ReviseQuoteRequest(_message.Message):
    __slots__ = ("idempotency_key", "booking_id", "expected_version")
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    BOOKING_ID_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_VERSION_FIELD_NUMBER: _ClassVar[int]
    idempotency_key: str
    booking_id: str
    expected_version: int
    def __init__(self, idempotency_key: _Optional[str] = ..., booking_id: _Optional[str] = ..., expected_version: _Optional[int] = ...) -> None: ...

class ReviseQuoteResponse(_message.Message):
    __slots__ = ("booking",)
    BOOKING_FIELD_NUMBER: _ClassVar[int]
    booking: Booking
    def __init__(self, booking: _Optional[_Union[Booking, _Mapping]] = ...) -> None: ...

class ConfirmBookingRequest(_message.Message):
    __slots__ = ("idempotency_key", "booking_id", "allow_shortages", "expected_version")
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    BOOKING_ID_FIELD_NUMBER: _ClassVar[int]
    ALLOW_SHORTAGES_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_VERSION_FIELD_NUMBER: _ClassVar[int]
    idempotency_key: str
    booking_id: str
    allow_shortages: bool
    expected_version: int
    def __init__(self, idempotency_key: _Optional[str] = ..., booking_id: _Optional[str] = ..., allow_shortages: bool = ..., expected_version: _Optional[int] = ...) -> None: ...

class ConfirmBookingResponse(_message.Message):
    __slots__ = ("booking", "shortages")
    BOOKING_FIELD_NUMBER: _ClassVar[int]
    SHORTAGES_FIELD_NUMBER: _ClassVar[int]
    booking: Booking
    shortages: _containers.RepeatedCompositeFieldContainer[Shortage]
    def __init__(self, booking: _Optional[_Union[Booking, _Mapping]] = ..., shortages: _Optional[_Iterable[_Union[Shortage, _Mapping]]] = ...) -> None: ...

class CancelBookingRequest(_message.Message):
    __slots__ = ("idempotency_key", "booking_id", "reason", "expected_version")
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    BOOKING_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_VERSION_FIELD_NUMBER: _ClassVar[int]
    idempotency_key: str
    booking_id: str
    reason: str
    expected_version: int
    def __init__(self, idempotency_key: _Optional[str] = ..., booking_id: _Optional[str] = ..., reason: _Optional[str] = ..., expected_version: _Optional[int] = ...) -> None: ...

class CancelBookingResponse(_message.Message):
    __slots__ = ("booking",)
    BOOKING_FIELD_NUMBER: _ClassVar[int]
    booking: Booking
    def __init__(self, booking: _Optional[_Union[Booking, _Mapping]] = ...) -> None: ...

class CloseBookingRequest(_message.Message):
    __slots__ = ("idempotency_key", "booking_id", "expected_version")
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    BOOKING_ID_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_VERSION_FIELD_NUMBER: _ClassVar[int]
    idempotency_key: str
    booking_id: str
    expected_version: int
    def __init__(self, idempotency_key: _Optional[str] = ..., booking_id: _Optional[str] = ..., expected_version: _Optional[int] = ...) -> None: ...

class CloseBookingResponse(_message.Message):
    __slots__ = ("booking", "invoice")
    BOOKING_FIELD_NUMBER: _ClassVar[int]
    INVOICE_FIELD_NUMBER: _ClassVar[int]
    booking: Booking
    invoice: Invoice
    def __init__(self, booking: _Optional[_Union[Booking, _Mapping]] = ..., invoice: _Optional[_Union[Invoice, _Mapping]] = ...) -> None: ...

class Shortage(_message.Message):
    __slots__ = ("booking_id", "product_id", "product_name", "requested", "available", "missing", "first_short_at", "period")
    BOOKING_ID_FIELD_NUMBER: _ClassVar[int]
    PRODUCT_ID_FIELD_NUMBER: _ClassVar[int]
    PRODUCT_NAME_FIELD_NUMBER: _ClassVar[int]
    REQUESTED_FIELD_NUMBER: _ClassVar[int]
    AVAILABLE_FIELD_NUMBER: _ClassVar[int]
    MISSING_FIELD_NUMBER: _ClassVar[int]
    FIRST_SHORT_AT_FIELD_NUMBER: _ClassVar[int]
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    booking_id: str
    product_id: str
    product_name: str
    requested: int
    available: int
    missing: int
    first_short_at: _timestamp_pb2.Timestamp
    period: _common_pb2.Period
    def __init__(self, booking_id: _Optional[str] = ..., product_id: _Optional[str] = ..., product_name: _Optional[str] = ..., requested: _Optional[int] = ..., available: _Optional[int] = ..., missing: _Optional[int] = ..., first_short_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., period: _Optional[_Union[_common_pb2.Period, _Mapping]] = ...) -> None: ...

class ShortageDetail(_message.Message):
    __slots__ = ("shortages",)
    SHORTAGES_FIELD_NUMBER: _ClassVar[int]
    shortages: _containers.RepeatedCompositeFieldContainer[Shortage]
    def __init__(self, shortages: _Optional[_Iterable[_Union[Shortage, _Mapping]]] = ...) -> None: ...

class ListShortagesRequest(_message.Message):
    __slots__ = ("booking_id", "period", "page_size", "page_token")
    BOOKING_ID_FIELD_NUMBER: _ClassVar[int]
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    booking_id: str
    period: _common_pb2.Period
    page_size: int
    page_token: str
    def __init__(self, booking_id: _Optional[str] = ..., period: _Optional[_Union[_common_pb2.Period, _Mapping]] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListShortagesResponse(_message.Message):
    __slots__ = ("shortages", "next_page_token")
    SHORTAGES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    shortages: _containers.RepeatedCompositeFieldContainer[Shortage]
    next_page_token: str
    def __init__(self, shortages: _Optional[_Iterable[_Union[Shortage, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class InvoiceLine(_message.Message):
    __slots__ = ("id", "description", "quantity", "unit_price", "days", "discount_bp", "vat_category", "vat_rate_bp", "net_amount", "booking_line_id", "reference_id")
    ID_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    QUANTITY_FIELD_NUMBER: _ClassVar[int]
    UNIT_PRICE_FIELD_NUMBER: _ClassVar[int]
    DAYS_FIELD_NUMBER: _ClassVar[int]
    DISCOUNT_BP_FIELD_NUMBER: _ClassVar[int]
    VAT_CATEGORY_FIELD_NUMBER: _ClassVar[int]
    VAT_RATE_BP_FIELD_NUMBER: _ClassVar[int]
    NET_AMOUNT_FIELD_NUMBER: _ClassVar[int]
    BOOKING_LINE_ID_FIELD_NUMBER: _ClassVar[int]
    REFERENCE_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    description: str
    quantity: int
    unit_price: _common_pb2.Money
    days: int
    discount_bp: int
    vat_category: VatCategory
    vat_rate_bp: int
    net_amount: _common_pb2.Money
    booking_line_id: str
    reference_id: str
    def __init__(self, id: _Optional[str] = ..., description: _Optional[str] = ..., quantity: _Optional[int] = ..., unit_price: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., days: _Optional[int] = ..., discount_bp: _Optional[int] = ..., vat_category: _Optional[_Union[VatCategory, str]] = ..., vat_rate_bp: _Optional[int] = ..., net_amount: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., booking_line_id: _Optional[str] = ..., reference_id: _Optional[str] = ...) -> None: ...

class Invoice(_message.Message):
    __slots__ = ("id", "number", "kind", "booking_id", "customer_id", "bill_to", "issue_date", "due_date", "lines", "vat_breakdown", "subtotal", "vat", "total", "credited_invoice_id", "payment_ids", "issued_at", "reason")
    ID_FIELD_NUMBER: _ClassVar[int]
    NUMBER_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    BOOKING_ID_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    BILL_TO_FIELD_NUMBER: _ClassVar[int]
    ISSUE_DATE_FIELD_NUMBER: _ClassVar[int]
    DUE_DATE_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    VAT_BREAKDOWN_FIELD_NUMBER: _ClassVar[int]
    SUBTOTAL_FIELD_NUMBER: _ClassVar[int]
    VAT_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    CREDITED_INVOICE_ID_FIELD_NUMBER: _ClassVar[int]
    PAYMENT_IDS_FIELD_NUMBER: _ClassVar[int]
    ISSUED_AT_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    id: str
    number: str
    kind: InvoiceKind
    booking_id: str
    customer_id: str
    bill_to: _common_pb2.Contact
    issue_date: str
    due_date: str
    lines: _containers.RepeatedCompositeFieldContainer[InvoiceLine]
    vat_breakdown: _containers.RepeatedCompositeFieldContainer[VatAmount]
    subtotal: _common_pb2.Money
    vat: _common_pb2.Money
    total: _common_pb2.Money
    credited_invoice_id: str
    payment_ids: _containers.RepeatedScalarFieldContainer[str]
    issued_at: _timestamp_pb2.Timestamp
    reason: str
    def __init__(self, id: _Optional[str] = ..., number: _Optional[str] = ..., kind: _Optional[_Union[InvoiceKind, str]] = ..., booking_id: _Optional[str] = ..., customer_id: _Optional[str] = ..., bill_to: _Optional[_Union[_common_pb2.Contact, _Mapping]] = ..., issue_date: _Optional[str] = ..., due_date: _Optional[str] = ..., lines: _Optional[_Iterable[_Union[InvoiceLine, _Mapping]]] = ..., vat_breakdown: _Optional[_Iterable[_Union[VatAmount, _Mapping]]] = ..., subtotal: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., vat: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., total: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., credited_invoice_id: _Optional[str] = ..., payment_ids: _Optional[_Iterable[str]] = ..., issued_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., reason: _Optional[str] = ...) -> None: ...

class IssueAdvanceInvoiceRequest(_message.Message):
    __slots__ = ("idempotency_key", "booking_id", "share_bp")
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    BOOKING_ID_FIELD_NUMBER: _ClassVar[int]
    SHARE_BP_FIELD_NUMBER: _ClassVar[int]
    idempotency_key: str
    booking_id: str
    share_bp: int
    def __init__(self, idempotency_key: _Optional[str] = ..., booking_id: _Optional[str] = ..., share_bp: _Optional[int] = ...) -> None: ...

class IssueAdvanceInvoiceResponse(_message.Message):
    __slots__ = ("invoice",)
    INVOICE_FIELD_NUMBER: _ClassVar[int]
    invoice: Invoice
    def __init__(self, invoice: _Optional[_Union[Invoice, _Mapping]] = ...) -> None: ...

class IssueCreditNoteRequest(_message.Message):
    __slots__ = ("idempotency_key", "invoice_id", "line_ids", "reason")
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    INVOICE_ID_FIELD_NUMBER: _ClassVar[int]
    LINE_IDS_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    idempotency_key: str
    invoice_id: str
    line_ids: _containers.RepeatedScalarFieldContainer[str]
    reason: str
    def __init__(self, idempotency_key: _Optional[str] = ..., invoice_id: _Optional[str] = ..., line_ids: _Optional[_Iterable[str]] = ..., reason: _Optional[str] = ...) -> None: ...

class IssueCreditNoteResponse(_message.Message):
    __slots__ = ("credit_note",)
    CREDIT_NOTE_FIELD_NUMBER: _ClassVar[int]
    credit_note: Invoice
    def __init__(self, credit_note: _Optional[_Union[Invoice, _Mapping]] = ...) -> None: ...

class GetInvoiceRequest(_message.Message):
    __slots__ = ("invoice_id",)
    INVOICE_ID_FIELD_NUMBER: _ClassVar[int]
    invoice_id: str
    def __init__(self, invoice_id: _Optional[str] = ...) -> None: ...

class GetInvoiceResponse(_message.Message):
    __slots__ = ("invoice",)
    INVOICE_FIELD_NUMBER: _ClassVar[int]
    invoice: Invoice
    def __init__(self, invoice: _Optional[_Union[Invoice, _Mapping]] = ...) -> None: ...

class ListInvoicesRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "booking_id", "customer_id", "issued_from", "issued_until")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    BOOKING_ID_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    ISSUED_FROM_FIELD_NUMBER: _ClassVar[int]
    ISSUED_UNTIL_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    booking_id: str
    customer_id: str
    issued_from: str
    issued_until: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., booking_id: _Optional[str] = ..., customer_id: _Optional[str] = ..., issued_from: _Optional[str] = ..., issued_until: _Optional[str] = ...) -> None: ...

class ListInvoicesResponse(_message.Message):
    __slots__ = ("invoices", "next_page_token")
    INVOICES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    invoices: _containers.RepeatedCompositeFieldContainer[Invoice]
    next_page_token: str
    def __init__(self, invoices: _Optional[_Iterable[_Union[Invoice, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class CrewAssignment(_message.Message):
    __slots__ = ("id", "booking_id", "user_id", "user_display_name", "function", "period", "status", "notes", "overlap_overridden")
    ID_FIELD_NUMBER: _ClassVar[int]
    BOOKING_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    USER_DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    FUNCTION_FIELD_NUMBER: _ClassVar[int]
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    NOTES_FIELD_NUMBER: _ClassVar[int]
    OVERLAP_OVERRIDDEN_FIELD_NUMBER: _ClassVar[int]
    id: str
    booking_id: str
    user_id: str
    user_display_name: str
    function: _identity_pb2.CrewFunction
    period: _common_pb2.Period
    status: AssignmentStatus
    notes: str
    overlap_overridden: bool
    def __init__(self, id: _Optional[str] = ..., booking_id: _Optional[str] = ..., user_id: _Optional[str] = ..., user_display_name: _Optional[str] = ..., function: _Optional[_Union[_identity_pb2.CrewFunction, str]] = ..., period: _Optional[_Union[_common_pb2.Period, _Mapping]] = ..., status: _Optional[_Union[AssignmentStatus, str]] = ..., notes: _Optional[str] = ..., overlap_overridden: bool = ...) -> None: ...

class AssignCrewRequest(_message.Message):
    __slots__ = ("idempotency_key", "booking_id", "user_id", "function", "period", "notes", "allow_overlap")
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    BOOKING_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    FUNCTION_FIELD_NUMBER: _ClassVar[int]
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    NOTES_FIELD_NUMBER: _ClassVar[int]
    ALLOW_OVERLAP_FIELD_NUMBER: _ClassVar[int]
    idempotency_key: str
    booking_id: str
    user_id: str
    function: _identity_pb2.CrewFunction
    period: _common_pb2.Period
    notes: str
    allow_overlap: bool
    def __init__(self, idempotency_key: _Optional[str] = ..., booking_id: _Optional[str] = ..., user_id: _Optional[str] = ..., function: _Optional[_Union[_identity_pb2.CrewFunction, str]] = ..., period: _Optional[_Union[_common_pb2.Period, _Mapping]] = ..., notes: _Optional[str] = ..., allow_overlap: bool = ...) -> None: ...

class AssignCrewResponse(_message.Message):
    __slots__ = ("assignment",)
    ASSIGNMENT_FIELD_NUMBER: _ClassVar[int]
    assignment: CrewAssignment
    def __init__(self, assignment: _Optional[_Union[CrewAssignment, _Mapping]] = ...) -> None: ...

class UnassignCrewRequest(_message.Message):
    __slots__ = ("idempotency_key", "assignment_id")
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    ASSIGNMENT_ID_FIELD_NUMBER: _ClassVar[int]
    idempotency_key: str
    assignment_id: str
    def __init__(self, idempotency_key: _Optional[str] = ..., assignment_id: _Optional[str] = ...) -> None: ...

class UnassignCrewResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class RespondToAssignmentRequest(_message.Message):
    __slots__ = ("idempotency_key", "assignment_id", "accept", "note")
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    ASSIGNMENT_ID_FIELD_NUMBER: _ClassVar[int]
    ACCEPT_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    idempotency_key: str
    assignment_id: str
    accept: bool
    note: str
    def __init__(self, idempotency_key: _Optional[str] = ..., assignment_id: _Optional[str] = ..., accept: bool = ..., note: _Optional[str] = ...) -> None: ...

class RespondToAssignmentResponse(_message.Message):
    __slots__ = ("assignment",)
    ASSIGNMENT_FIELD_NUMBER: _ClassVar[int]
    assignment: CrewAssignment
    def __init__(self, assignment: _Optional[_Union[CrewAssignment, _Mapping]] = ...) -> None: ...

class ListCrewAssignmentsRequest(_message.Message):
    __slots__ = ("booking_id", "user_id", "period", "page_size", "page_token")
    BOOKING_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    booking_id: str
    user_id: str
    period: _common_pb2.Period
    page_size: int
    page_token: str
    def __init__(self, booking_id: _Optional[str] = ..., user_id: _Optional[str] = ..., period: _Optional[_Union[_common_pb2.Period, _Mapping]] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListCrewAssignmentsResponse(_message.Message):
    __slots__ = ("assignments", "next_page_token")
    ASSIGNMENTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    assignments: _containers.RepeatedCompositeFieldContainer[CrewAssignment]
    next_page_token: str
    def __init__(self, assignments: _Optional[_Iterable[_Union[CrewAssignment, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class BookingEvent(_message.Message):
    __slots__ = ("sequence", "type", "booking_id", "occurred_at", "actor", "booking")
    SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    BOOKING_ID_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    BOOKING_FIELD_NUMBER: _ClassVar[int]
    sequence: int
    type: BookingEventType
    booking_id: str
    occurred_at: _timestamp_pb2.Timestamp
    actor: _common_pb2.Actor
    booking: Booking
    def __init__(self, sequence: _Optional[int] = ..., type: _Optional[_Union[BookingEventType, str]] = ..., booking_id: _Optional[str] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., actor: _Optional[_Union[_common_pb2.Actor, _Mapping]] = ..., booking: _Optional[_Union[Booking, _Mapping]] = ...) -> None: ...

class WatchBookingEventsRequest(_message.Message):
    __slots__ = ("from_beginning", "live_only", "after_sequence", "booking_ids", "types")
    FROM_BEGINNING_FIELD_NUMBER: _ClassVar[int]
    LIVE_ONLY_FIELD_NUMBER: _ClassVar[int]
    AFTER_SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    BOOKING_IDS_FIELD_NUMBER: _ClassVar[int]
    TYPES_FIELD_NUMBER: _ClassVar[int]
    from_beginning: bool
    live_only: bool
    after_sequence: int
    booking_ids: _containers.RepeatedScalarFieldContainer[str]
    types: _containers.RepeatedScalarFieldContainer[BookingEventType]
    def __init__(self, from_beginning: bool = ..., live_only: bool = ..., after_sequence: _Optional[int] = ..., booking_ids: _Optional[_Iterable[str]] = ..., types: _Optional[_Iterable[_Union[BookingEventType, str]]] = ...) -> None: ...

class Heartbeat(_message.Message):
    __slots__ = ("at", "last_sequence")
    AT_FIELD_NUMBER: _ClassVar[int]
    LAST_SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    at: _timestamp_pb2.Timestamp
    last_sequence: int
    def __init__(self, at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., last_sequence: _Optional[int] = ...) -> None: ...

class CaughtUp(_message.Message):
    __slots__ = ("last_sequence",)
    LAST_SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    last_sequence: int
    def __init__(self, last_sequence: _Optional[int] = ...) -> None: ...

class WatchBookingEventsResponse(_message.Message):
    __slots__ = ("event", "heartbeat", "caught_up")
    EVENT_FIELD_NUMBER: _ClassVar[int]
    HEARTBEAT_FIELD_NUMBER: _ClassVar[int]
    CAUGHT_UP_FIELD_NUMBER: _ClassVar[int]
    event: BookingEvent
    heartbeat: Heartbeat
    caught_up: CaughtUp
    def __init__(self, event: _Optional[_Union[BookingEvent, _Mapping]] = ..., heartbeat: _Optional[_Union[Heartbeat, _Mapping]] = ..., caught_up: _Optional[_Union[CaughtUp, _Mapping]] = ...) -> None: ...
