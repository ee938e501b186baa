import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from rentguy_client._generated.rentguy.booking.v1 import booking_pb2 as _booking_pb2
from rentguy_client._generated.rentguy.common.v1 import access_pb2 as _access_pb2
from rentguy_client._generated.rentguy.common.v1 import common_pb2 as _common_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ScanAction(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SCAN_ACTION_UNSPECIFIED: _ClassVar[ScanAction]
    SCAN_ACTION_CHECK_OUT: _ClassVar[ScanAction]
    SCAN_ACTION_CHECK_IN: _ClassVar[ScanAction]
    SCAN_ACTION_AUDIT: _ClassVar[ScanAction]
    SCAN_ACTION_PREPARE: _ClassVar[ScanAction]

class ItemCondition(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ITEM_CONDITION_UNSPECIFIED: _ClassVar[ItemCondition]
    ITEM_CONDITION_OK: _ClassVar[ItemCondition]
    ITEM_CONDITION_NEEDS_CHECK: _ClassVar[ItemCondition]
    ITEM_CONDITION_DAMAGED: _ClassVar[ItemCondition]

class ScanResult(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SCAN_RESULT_UNSPECIFIED: _ClassVar[ScanResult]
    SCAN_RESULT_ACCEPTED: _ClassVar[ScanResult]
    SCAN_RESULT_DUPLICATE: _ClassVar[ScanResult]
    SCAN_RESULT_CONFLICT: _ClassVar[ScanResult]
    SCAN_RESULT_REJECTED: _ClassVar[ScanResult]

class ScanReason(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SCAN_REASON_UNSPECIFIED: _ClassVar[ScanReason]
    SCAN_REASON_UNKNOWN_BARCODE: _ClassVar[ScanReason]
    SCAN_REASON_MISSING_FIELD: _ClassVar[ScanReason]
    SCAN_REASON_UNKNOWN_BOOKING: _ClassVar[ScanReason]
    SCAN_REASON_BOOKING_NOT_ACTIVE: _ClassVar[ScanReason]
    SCAN_REASON_NOT_ON_BOOKING: _ClassVar[ScanReason]
    SCAN_REASON_ALREADY_CHECKED_OUT: _ClassVar[ScanReason]
    SCAN_REASON_NOT_CHECKED_OUT: _ClassVar[ScanReason]
    SCAN_REASON_NOT_RENTABLE: _ClassVar[ScanReason]
    SCAN_REASON_OUT_OF_ORDER: _ClassVar[ScanReason]
    SCAN_REASON_INVALID_FIELD: _ClassVar[ScanReason]

class ConflictStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CONFLICT_STATUS_UNSPECIFIED: _ClassVar[ConflictStatus]
    CONFLICT_STATUS_OPEN: _ClassVar[ConflictStatus]
    CONFLICT_STATUS_APPLIED: _ClassVar[ConflictStatus]
    CONFLICT_STATUS_DISMISSED: _ClassVar[ConflictStatus]

class ConflictResolution(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CONFLICT_RESOLUTION_UNSPECIFIED: _ClassVar[ConflictResolution]
    CONFLICT_RESOLUTION_APPLY: _ClassVar[ConflictResolution]
    CONFLICT_RESOLUTION_DISMISS: _ClassVar[ConflictResolution]

class LocationKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    LOCATION_KIND_UNSPECIFIED: _ClassVar[LocationKind]
    LOCATION_KIND_WAREHOUSE: _ClassVar[LocationKind]
    LOCATION_KIND_VEHICLE: _ClassVar[LocationKind]
    LOCATION_KIND_REPAIR_SHOP: _ClassVar[LocationKind]
SCAN_ACTION_UNSPECIFIED: ScanAction
SCAN_ACTION_CHECK_OUT: ScanAction
SCAN_ACTION_CHECK_IN: ScanAction
SCAN_ACTION_AUDIT: ScanAction
SCAN_ACTION_PREPARE: ScanAction
ITEM_CONDITION_UNSPECIFIED: ItemCondition
ITEM_CONDITION_OK: ItemCondition
ITEM_CONDITION_NEEDS_CHECK: ItemCondition
ITEM_CONDITION_DAMAGED: ItemCondition
SCAN_RESULT_UNSPECIFIED: ScanResult
SCAN_RESULT_ACCEPTED: ScanResult
SCAN_RESULT_DUPLICATE: ScanResult
SCAN_RESULT_CONFLICT: ScanResult
SCAN_RESULT_REJECTED: ScanResult
SCAN_REASON_UNSPECIFIED: ScanReason
SCAN_REASON_UNKNOWN_BARCODE: ScanReason
SCAN_REASON_MISSING_FIELD: ScanReason
SCAN_REASON_UNKNOWN_BOOKING: ScanReason
SCAN_REASON_BOOKING_NOT_ACTIVE: ScanReason
SCAN_REASON_NOT_ON_BOOKING: ScanReason
SCAN_REASON_ALREADY_CHECKED_OUT: ScanReason
SCAN_REASON_NOT_CHECKED_OUT: ScanReason
SCAN_REASON_NOT_RENTABLE: ScanReason
SCAN_REASON_OUT_OF_ORDER: ScanReason
SCAN_REASON_INVALID_FIELD: ScanReason
CONFLICT_STATUS_UNSPECIFIED: ConflictStatus
CONFLICT_STATUS_OPEN: ConflictStatus
CONFLICT_STATUS_APPLIED: ConflictStatus
CONFLICT_STATUS_DISMISSED: ConflictStatus
CONFLICT_RESOLUTION_UNSPECIFIED: ConflictResolution
CONFLICT_RESOLUTION_APPLY: ConflictResolution
CONFLICT_RESOLUTION_DISMISS: ConflictResolution
LOCATION_KIND_UNSPECIFIED: LocationKind
LOCATION_KIND_WAREHOUSE: LocationKind
LOCATION_KIND_VEHICLE: LocationKind
LOCATION_KIND_REPAIR_SHOP: LocationKind

class ScanRequest(_message.Message):
    __slots__ = ("device_id", "client_scan_id", "scanned_at", "barcode", "action", "booking_id", "location_id", "quantity", "condition", "note", "device_sequence")
    DEVICE_ID_FIELD_NUMBER: _ClassVar[int]
    CLIENT_SCAN_ID_FIELD_NUMBER: _ClassVar[int]
    SCANNED_AT_FIELD_NUMBER: _ClassVar[int]
    BARCODE_FIELD_NUMBER: _ClassVar[int]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    BOOKING_ID_FIELD_NUMBER: _ClassVar[int]
    LOCATION_ID_FIELD_NUMBER: _ClassVar[int]
    QUANTITY_FIELD_NUMBER: _ClassVar[int]
    CONDITION_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    DEVICE_SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    device_id: str
    client_scan_id: str
    scanned_at: _timestamp_pb2.Timestamp
    barcode: str
    action: ScanAction
    booking_id: str
    location_id: str
    quantity: int
    condition: ItemCondition
    note: str
    device_sequence: int
    def __init__(self, device_id: _Optional[str] = ..., client_scan_id: _Optional[str] = ..., scanned_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., barcode: _Optional[str] = ..., action: _Optional[_Union[ScanAction, str]] = ..., booking_id: _Optional[str] = ..., location_id: _Optional[str] = ..., quantity: _Optional[int] = ..., condition: _Optional[_Union[ItemCondition, str]] = ..., note: _Optional[str] = ..., device_sequence: _Optional[int] = ...) -> None: ...

class AssetOutcome(_message.Message):
    __slots__ = ("asset_id", "result", "reason", "conflict_id", "message")
    ASSET_ID_FIELD_NUMBER: _ClassVar[int]
    RESULT_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    CONFLICT_ID_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    asset_id: str
    result: ScanResult
    reason: ScanReason
    conflict_id: str
    message: str
    def __init__(self, asset_id: _Optional[str] = ..., result: _Optional[_Union[ScanResult, str]] = ..., reason: _Optional[_Union[ScanReason, str]] = ..., conflict_id: _Optional[str] = ..., message: _Optional[str] = ...) -> None: ...

class ScanAck(_message.Message):
    __slots__ = ("client_scan_id", "result", "reason", "message", "scan_id", "conflict_id", "original_result", "asset_ids", "assets", "booking_status", "server_time", "device_sequence")
    CLIENT_SCAN_ID_FIELD_NUMBER: _ClassVar[int]
    RESULT_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    SCAN_ID_FIELD_NUMBER: _ClassVar[int]
    CONFLICT_ID_FIELD_NUMBER: _ClassVar[int]
    ORIGINAL_RESULT_FIELD_NUMBER: _ClassVar[int]
    ASSET_IDS_FIELD_NUMBER: _ClassVar[int]
    ASSETS_FIELD_NUMBER: _ClassVar[int]
    BOOKING_STATUS_FIELD_NUMBER: _ClassVar[int]
    SERVER_TIME_FIELD_NUMBER: _ClassVar[int]
    DEVICE_SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    client_scan_id: str
    result: ScanResult
    reason: ScanReason
    message: str
    scan_id: str
    conflict_id: str
    original_result: ScanResult
    asset_ids: _containers.RepeatedScalarFieldContainer[str]
    assets: _containers.RepeatedCompositeFieldContainer[AssetOutcome]
    booking_status: _booking_pb2.BookingStatus
    server_time: _timestamp_pb2.Timestamp
    device_sequence: int
    def __init__(self, client_scan_id: _Optional[str] = ..., result: _Optional[_Union[ScanResult, str]] = ..., reason: _Optional[_Union[ScanReason, str]] = ..., message: _Optional[str] = ..., scan_id: _Optional[str] = ..., conflict_id: _Optional[str] = ..., original_result: _Optional[_Union[ScanResult, str]] = ..., asset_ids: _Optional[_Iterable[str]] = ..., assets: _Optional[_Iterable[_Union[AssetOutcome, _Mapping]]] = ..., booking_status: _Optional[_Union[_booking_pb2.BookingStatus, str]] = ..., server_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., device_sequence: _Optional[int] = ...) -> None: ...

class Scan(_message.Message):
    __slots__ = ("id", "device_id", "client_scan_id", "scanned_at", "received_at", "barcode", "action", "booking_id", "location_id", "quantity", "condition", "result", "reason", "asset_ids", "product_id", "actor", "device_sequence", "note")
    ID_FIELD_NUMBER: _ClassVar[int]
    DEVICE_ID_FIELD_NUMBER: _ClassVar[int]
    CLIENT_SCAN_ID_FIELD_NUMBER: _ClassVar[int]
    SCANNED_AT_FIELD_NUMBER: _ClassVar[int]
    RECEIVED_AT_FIELD_NUMBER: _ClassVar[int]
    BARCODE_FIELD_NUMBER: _ClassVar[int]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    BOOKING_ID_FIELD_NUMBER: _ClassVar[int]
    LOCATION_ID_FIELD_NUMBER: _ClassVar[int]
    QUANTITY_FIELD_NUMBER: _ClassVar[int]
    CONDITION_FIELD_NUMBER: _ClassVar[int]
    RESULT_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    ASSET_IDS_FIELD_NUMBER: _ClassVar[int]
    PRODUCT_ID_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    DEVICE_SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    id: str
    device_id: str
    client_scan_id: str
    scanned_at: _timestamp_pb2.Timestamp
    received_at: _timestamp_pb2.Timestamp
    barcode: str
    action: ScanAction
    booking_id: str
    location_id: str
    quantity: int
    condition: ItemCondition
    result: ScanResult
    reason: ScanReason
    asset_ids: _containers.RepeatedScalarFieldContainer[str]
    product_id: str
    actor: _common_pb2.Actor
    device_sequence: int
    note: str
    def __init__(self, id: _Optional[str] = ..., device_id: _Optional[str] = ..., client_scan_id: _Optional[str] = ..., scanned_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., received_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., barcode: _Optional[str] = ..., action: _Optional[_Union[ScanAction, str]] = ..., booking_id: _Optional[str] = ..., location_id: _Optional[str] = ..., quantity: _Optional[int] = ..., condition: _Optional[_Union[ItemCondition, str]] = ..., result: _Optional[_Union[ScanResult, str]] = ..., reason: _Optional[_Union[ScanReason, str]] = ..., asset_ids: _Optional[_Iterable[str]] = ..., product_id: _Optional[str] = ..., actor: _Optional[_Union[_common_pb2.Actor, _Mapping]] = ..., device_sequence: _Optional[int] = ..., note: _Optional[str] = ...) -> None: ...

class ListScansRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "asset_id", "booking_id", "device_id", "period")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    ASSET_ID_FIELD_NUMBER: _ClassVar[int]
    BOOKING_ID_FIELD_NUMBER: _ClassVar[int]
    DEVICE_ID_FIELD_NUMBER: _ClassVar[int]
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    asset_id: str
    booking_id: str
    device_id: str
    period: _common_pb2.Period
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., asset_id: _Optional[str] = ..., booking_id: _Optional[str] = ..., device_id: _Optional[str] = ..., period: _Optional[_Union[_common_pb2.Period, _Mapping]] = ...) -> None: ...

class ListScansResponse(_message.Message):
    __slots__ = ("scans", "next_page_token")
    SCANS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    scans: _containers.RepeatedCompositeFieldContainer[Scan]
    next_page_token: str
    def __init__(self, scans: _Optional[_Iterable[_Union[Scan, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class Conflict(_message.Message):
    __slots__ = ("id", "status", "scan", "reason", "message", "opened_at", "resolved_at", "resolved_by", "resolution_note")
    ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    SCAN_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    OPENED_AT_FIELD_NUMBER: _ClassVar[int]
    RESOLVED_AT_FIELD_NUMBER: _ClassVar[int]
    RESOLVED_BY_FIELD_NUMBER: _ClassVar[int]
    RESOLUTION_NOTE_FIELD_NUMBER: _ClassVar[int]
    id: str
    status: ConflictStatus
    scan: Scan
    reason: ScanReason
    message: str
    opened_at: _timestamp_pb2.Timestamp
    resolved_at: _timestamp_pb2.Timestamp
    resolved_by: _common_pb2.Actor
    resolution_note: str
    def __init__(self, id: _Optional[str] = ..., status: _Optional[_Union[ConflictStatus, str]] = ..., scan: _Optional[_Union[Scan, _Mapping]] = ..., reason: _Optional[_Union[ScanReason, str]] = ..., message: _Optional[str] = ..., opened_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., resolved_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., resolved_by: _Optional[_Union[_common_pb2.Actor, _Mapping]] = ..., resolution_note: _Optional[str] = ...) -> None: ...

class ListConflictsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "status", "booking_id", "all_statuses")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    BOOKING_ID_FIELD_NUMBER: _ClassVar[int]
    ALL_STATUSES_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    status: ConflictStatus
    booking_id: str
    all_statuses: bool
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., status: _Optional[_Union[ConflictStatus, str]] = ..., booking_id: _Optional[str] = ..., all_statuses: bool = ...) -> None: ...

class ListConflictsResponse(_message.Message):
    __slots__ = ("conflicts", "next_page_token")
    CONFLICTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    conflicts: _containers.RepeatedCompositeFieldContainer[Conflict]
    next_page_token: str
    def __init__(self, conflicts: _Optional[_Iterable[_Union[Conflict, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ResolveConflictRequest(_message.Message):
    __slots__ = ("idempotency_key", "conflict_id", "resolution", "note")
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    CONFLICT_ID_FIELD_NUMBER: _ClassVar[int]
    RESOLUTION_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    idempotency_key: str
    conflict_id: str
    resolution: ConflictResolution
    note: str
    def __init__(self, idempotency_key: _Optional[str] = ..., conflict_id: _Optional[str] = ..., resolution: _Optional[_Union[ConflictResolution, str]] = ..., note: _Optional[str] = ...) -> None: ...

class ResolveConflictResponse(_message.Message):
    __slots__ = ("conflict",)
    CONFLICT_FIELD_NUMBER: _ClassVar[int]
    conflict: Conflict
    def __init__(self, conflict: _Optional[_Union[Conflict, _Mapping]] = ...) -> None: ...

class Location(_message.Message):
    __slots__ = ("id", "name", "kind", "address")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    kind: LocationKind
    address: _common_pb2.Address
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., kind: _Optional[_Union[LocationKind, str]] = ..., address: _Optional[_Union[_common_pb2.Address, _Mapping]] = ...) -> None: ...

class ListLocationsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListLocationsResponse(_message.Message):
    __slots__ = ("locations",)
    LOCATIONS_FIELD_NUMBER: _ClassVar[int]
    locations: _containers.RepeatedCompositeFieldContainer[Location]
    def __init__(self, locations: _Optional[_Iterable[_Union[Location, _Mapping]]] = ...) -> None: ...

class CreateLocationRequest(_message.Message):
    __slots__ = ("idempotency_key", "name", "kind", "address")
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    idempotency_key: str
    name: str
    kind: LocationKind
    address: _common_pb2.Address
    def __init__(self, idempotency_key: _Optional[str] = ..., name: _Optional[str] = ..., kind: _Optional[_Union[LocationKind, str]] = ..., address: _Optional[_Union[_common_pb2.Address, _Mapping]] = ...) -> None: ...

class CreateLocationResponse(_message.Message):
    __slots__ = ("location",)
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    location: Location
    def __init__(self, location: _Optional[_Union[Location, _Mapping]] = ...) -> None: ...

class StockLevel(_message.Message):
    __slots__ = ("product_id", "product_name", "location_id", "available", "checked_out", "quarantine", "repair", "total")
    PRODUCT_ID_FIELD_NUMBER: _ClassVar[int]
    PRODUCT_NAME_FIELD_NUMBER: _ClassVar[int]
    LOCATION_ID_FIELD_NUMBER: _ClassVar[int]
    AVAILABLE_FIELD_NUMBER: _ClassVar[int]
    CHECKED_OUT_FIELD_NUMBER: _ClassVar[int]
    QUARANTINE_FIELD_NUMBER: _ClassVar[int]
    REPAIR_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    product_id: str
    product_name: str
    location_id: str
    available: int
    checked_out: int
    quarantine: int
    repair: int
    total: int
    def __init__(self, product_id: _Optional[str] = ..., product_name: _Optional[str] = ..., location_id: _Optional[str] = ..., available: _Optional[int] = ..., checked_out: _Optional[int] = ..., quarantine: _Optional[int] = ..., repair: _Optional[int] = ..., total: _Optional[int] = ...) -> None: ...

class ListStockRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "location_id", "product_id")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    LOCATION_ID_FIELD_NUMBER: _ClassVar[int]
    PRODUCT_ID_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    location_id: str
    product_id: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., location_id: _Optional[str] = ..., product_id: _Optional[str] = ...) -> None: ...

class ListStockResponse(_message.Message):
    __slots__ = ("levels", "next_page_token")
    LEVELS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    levels: _containers.RepeatedCompositeFieldContainer[StockLevel]
    next_page_token: str
    def __init__(self, levels: _Optional[_Iterable[_Union[StockLevel, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class AdjustBulkStockRequest(_message.Message):
    __slots__ = ("idempotency_key", "product_id", "location_id", "reason", "delta", "recount")
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    PRODUCT_ID_FIELD_NUMBER: _ClassVar[int]
    LOCATION_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    DELTA_FIELD_NUMBER: _ClassVar[int]
    RECOUNT_FIELD_NUMBER: _ClassVar[int]
    idempotency_key: str
    product_id: str
    location_id: str
    reason: str
    delta: int
    recount: Recount
    def __init__(self, idempotency_key: _Optional[str] = ..., product_id: _Optional[str] = ..., location_id: _Optional[str] = ..., reason: _Optional[str] = ..., delta: _Optional[int] = ..., recount: _Optional[_Union[Recount, _Mapping]] = ...) -> None: ...

class Recount(_message.Message):
    __slots__ = ("expected_available", "counted_available")
    EXPECTED_AVAILABLE_FIELD_NUMBER: _ClassVar[int]
    COUNTED_AVAILABLE_FIELD_NUMBER: _ClassVar[int]
    expected_available: int
    counted_available: int
    def __init__(self, expected_available: _Optional[int] = ..., counted_available: _Optional[int] = ...) -> None: ...

class AdjustBulkStockResponse(_message.Message):
    __slots__ = ("level",)
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    level: StockLevel
    def __init__(self, level: _Optional[_Union[StockLevel, _Mapping]] = ...) -> None: ...
