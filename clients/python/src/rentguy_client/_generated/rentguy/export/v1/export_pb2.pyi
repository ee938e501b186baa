import datetime

from google.protobuf import duration_pb2 as _duration_pb2
from google.protobuf import field_mask_pb2 as _field_mask_pb2
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

class AccountingProvider(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ACCOUNTING_PROVIDER_UNSPECIFIED: _ClassVar[AccountingProvider]
    ACCOUNTING_PROVIDER_MONEYBIRD: _ClassVar[AccountingProvider]
    ACCOUNTING_PROVIDER_EXACT: _ClassVar[AccountingProvider]

class ExportKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    EXPORT_KIND_UNSPECIFIED: _ClassVar[ExportKind]
    EXPORT_KIND_INVOICES: _ClassVar[ExportKind]
    EXPORT_KIND_PAYMENTS: _ClassVar[ExportKind]

class DocumentKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    DOCUMENT_KIND_UNSPECIFIED: _ClassVar[DocumentKind]
    DOCUMENT_KIND_INVOICE: _ClassVar[DocumentKind]
    DOCUMENT_KIND_CREDIT_NOTE: _ClassVar[DocumentKind]
    DOCUMENT_KIND_PAYMENT: _ClassVar[DocumentKind]

class ExportStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    EXPORT_STATUS_UNSPECIFIED: _ClassVar[ExportStatus]
    EXPORT_STATUS_QUEUED: _ClassVar[ExportStatus]
    EXPORT_STATUS_RUNNING: _ClassVar[ExportStatus]
    EXPORT_STATUS_SUCCEEDED: _ClassVar[ExportStatus]
    EXPORT_STATUS_PARTIALLY_FAILED: _ClassVar[ExportStatus]
    EXPORT_STATUS_FAILED: _ClassVar[ExportStatus]
    EXPORT_STATUS_CANCELED: _ClassVar[ExportStatus]

class ReconciliationStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    RECONCILIATION_STATUS_UNSPECIFIED: _ClassVar[ReconciliationStatus]
    RECONCILIATION_STATUS_EXPORTED: _ClassVar[ReconciliationStatus]
    RECONCILIATION_STATUS_MATCHED: _ClassVar[ReconciliationStatus]
    RECONCILIATION_STATUS_AMOUNT_MISMATCH: _ClassVar[ReconciliationStatus]
    RECONCILIATION_STATUS_MISSING_AT_PROVIDER: _ClassVar[ReconciliationStatus]
    RECONCILIATION_STATUS_FAILED: _ClassVar[ReconciliationStatus]
    RECONCILIATION_STATUS_WOULD_EXPORT: _ClassVar[ReconciliationStatus]
    RECONCILIATION_STATUS_PENDING: _ClassVar[ReconciliationStatus]

class ReportFormat(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    REPORT_FORMAT_UNSPECIFIED: _ClassVar[ReportFormat]
    REPORT_FORMAT_CSV: _ClassVar[ReportFormat]

class ScheduleFrequency(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SCHEDULE_FREQUENCY_UNSPECIFIED: _ClassVar[ScheduleFrequency]
    SCHEDULE_FREQUENCY_DAILY: _ClassVar[ScheduleFrequency]
    SCHEDULE_FREQUENCY_WEEKLY: _ClassVar[ScheduleFrequency]
    SCHEDULE_FREQUENCY_MONTHLY: _ClassVar[ScheduleFrequency]

class ContactMatching(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CONTACT_MATCHING_UNSPECIFIED: _ClassVar[ContactMatching]
    CONTACT_MATCHING_CUSTOMER_NUMBER_THEN_EMAIL: _ClassVar[ContactMatching]
    CONTACT_MATCHING_EMAIL: _ClassVar[ContactMatching]
ACCOUNTING_PROVIDER_UNSPECIFIED: AccountingProvider
ACCOUNTING_PROVIDER_MONEYBIRD: AccountingProvider
ACCOUNTING_PROVIDER_EXACT: AccountingProvider
EXPORT_KIND_UNSPECIFIED: ExportKind
EXPORT_KIND_INVOICES: ExportKind
EXPORT_KIND_PAYMENTS: ExportKind
DOCUMENT_KIND_UNSPECIFIED: DocumentKind
DOCUMENT_KIND_INVOICE: DocumentKind
DOCUMENT_KIND_CREDIT_NOTE: DocumentKind
DOCUMENT_KIND_PAYMENT: DocumentKind
EXPORT_STATUS_UNSPECIFIED: ExportStatus
EXPORT_STATUS_QUEUED: ExportStatus
EXPORT_STATUS_RUNNING: ExportStatus
EXPORT_STATUS_SUCCEEDED: ExportStatus
EXPORT_STATUS_PARTIALLY_FAILED: ExportStatus
EXPORT_STATUS_FAILED: ExportStatus
EXPORT_STATUS_CANCELED: ExportStatus
RECONCILIATION_STATUS_UNSPECIFIED: ReconciliationStatus
RECONCILIATION_STATUS_EXPORTED: ReconciliationStatus
RECONCILIATION_STATUS_MATCHED: ReconciliationStatus
RECONCILIATION_STATUS_AMOUNT_MISMATCH: ReconciliationStatus
RECONCILIATION_STATUS_MISSING_AT_PROVIDER: ReconciliationStatus
RECONCILIATION_STATUS_FAILED: ReconciliationStatus
RECONCILIATION_STATUS_WOULD_EXPORT: ReconciliationStatus
RECONCILIATION_STATUS_PENDING: ReconciliationStatus
REPORT_FORMAT_UNSPECIFIED: ReportFormat
REPORT_FORMAT_CSV: ReportFormat
SCHEDULE_FREQUENCY_UNSPECIFIED: ScheduleFrequency
SCHEDULE_FREQUENCY_DAILY: ScheduleFrequency
SCHEDULE_FREQUENCY_WEEKLY: ScheduleFrequency
SCHEDULE_FREQUENCY_MONTHLY: ScheduleFrequency
CONTACT_MATCHING_UNSPECIFIED: ContactMatching
CONTACT_MATCHING_CUSTOMER_NUMBER_THEN_EMAIL: ContactMatching
CONTACT_MATCHING_EMAIL: ContactMatching

class Export(_message.Message):
    __slots__ = ("id", "provider", "kinds", "period", "dry_run", "status", "counts", "schedule_id", "started_by", "created_at", "finished_at", "failure_reason", "planned_duration", "started_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_FIELD_NUMBER: _ClassVar[int]
    KINDS_FIELD_NUMBER: _ClassVar[int]
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    DRY_RUN_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    COUNTS_FIELD_NUMBER: _ClassVar[int]
    SCHEDULE_ID_FIELD_NUMBER: _ClassVar[int]
    STARTED_BY_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    FINISHED_AT_FIELD_NUMBER: _ClassVar[int]
    FAILURE_REASON_FIELD_NUMBER: _ClassVar[int]
    PLANNED_DURATION_FIELD_NUMBER: _ClassVar[int]
    STARTED_AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    provider: AccountingProvider
    kinds: _containers.RepeatedScalarFieldContainer[ExportKind]
    period: _common_pb2.Period
    dry_run: bool
    status: ExportStatus
    counts: ExportCounts
    schedule_id: str
    started_by: _common_pb2.Actor
    created_at: _timestamp_pb2.Timestamp
    finished_at: _timestamp_pb2.Timestamp
    failure_reason: str
    planned_duration: _duration_pb2.Duration
    started_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., provider: _Optional[_Union[AccountingProvider, str]] = ..., kinds: _Optional[_Iterable[_Union[ExportKind, str]]] = ..., period: _Optional[_Union[_common_pb2.Period, _Mapping]] = ..., dry_run: bool = ..., status: _Optional[_Union[ExportStatus, str]] = ..., counts: _Optional[_Union[ExportCounts, _Mapping]] = ..., schedule_id: _Optional[str] = ..., started_by: _Optional[_Union[_common_pb2.Actor, _Mapping]] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., finished_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., failure_reason: _Optional[str] = ..., planned_duration: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., started_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ExportCounts(_message.Message):
    __slots__ = ("total", "succeeded", "failed", "skipped", "pending")
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    SUCCEEDED_FIELD_NUMBER: _ClassVar[int]
    FAILED_FIELD_NUMBER: _ClassVar[int]
    SKIPPED_FIELD_NUMBER: _ClassVar[int]
    PENDING_FIELD_NUMBER: _ClassVar[int]
    total: int
    succeeded: int
    failed: int
    skipped: int
    pending: int
    def __init__(self, total: _Optional[int] = ..., succeeded: _Optional[int] = ..., failed: _Optional[int] = ..., skipped: _Optional[int] = ..., pending: _Optional[int] = ...) -> None: ...

class StartExportRequest(_message.Message):
    __slots__ = ("idempotency_key", "provider", "kinds", "period", "dry_run")
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_FIELD_NUMBER: _ClassVar[int]
    KINDS_FIELD_NUMBER: _ClassVar[int]
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    DRY_RUN_FIELD_NUMBER: _ClassVar[int]
    idempotency_key: str
    provider: AccountingProvider
    kinds: _containers.RepeatedScalarFieldContainer[ExportKind]
    period: _common_pb2.Period
    dry_run: bool
    def __init__(self, idempotency_key: _Optional[str] = ..., provider: _Optional[_Union[AccountingProvider, str]] = ..., kinds: _Optional[_Iterable[_Union[ExportKind, str]]] = ..., period: _Optional[_Union[_common_pb2.Period, _Mapping]] = ..., dry_run: bool = ...) -> None: ...

class StartExportResponse(_message.Message):
    __slots__ = ("export",)
    EXPORT_FIELD_NUMBER: _ClassVar[int]
    export: Export
    def __init__(self, export: _Optional[_Union[Export, _Mapping]] = ...) -> None: ...

class GetExportRequest(_message.Message):
    __slots__ = ("export_id",)
    EXPORT_ID_FIELD_NUMBER: _ClassVar[int]
    export_id: str
    def __init__(self, export_id: _Optional[str] = ...) -> None: ...

class GetExportResponse(_message.Message):
    __slots__ = ("export",)
    EXPORT_FIELD_NUMBER: _ClassVar[int]
    export: Export
    def __init__(self, export: _Optional[_Union[Export, _Mapping]] = ...) -> None: ...

class ListExportsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "provider", "statuses")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_FIELD_NUMBER: _ClassVar[int]
    STATUSES_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    provider: AccountingProvider
    statuses: _containers.RepeatedScalarFieldContainer[ExportStatus]
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., provider: _Optional[_Union[AccountingProvider, str]] = ..., statuses: _Optional[_Iterable[_Union[ExportStatus, str]]] = ...) -> None: ...

class ListExportsResponse(_message.Message):
    __slots__ = ("exports", "next_page_token")
    EXPORTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    exports: _containers.RepeatedCompositeFieldContainer[Export]
    next_page_token: str
    def __init__(self, exports: _Optional[_Iterable[_Union[Export, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class WatchExportRequest(_message.Message):
    __slots__ = ("export_id",)
    EXPORT_ID_FIELD_NUMBER: _ClassVar[int]
    export_id: str
    def __init__(self, export_id: _Optional[str] = ...) -> None: ...

class ExportProgress(_message.Message):
    __slots__ = ("export_id", "status", "counts", "last_item", "expected_finish_at")
    EXPORT_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    COUNTS_FIELD_NUMBER: _ClassVar[int]
    LAST_ITEM_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_FINISH_AT_FIELD_NUMBER: _ClassVar[int]
    export_id: str
    status: ExportStatus
    counts: ExportCounts
    last_item: ReconciliationLine
    expected_finish_at: _timestamp_pb2.Timestamp
    def __init__(self, export_id: _Optional[str] = ..., status: _Optional[_Union[ExportStatus, str]] = ..., counts: _Optional[_Union[ExportCounts, _Mapping]] = ..., last_item: _Optional[_Union[ReconciliationLine, _Mapping]] = ..., expected_finish_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CancelExportRequest(_message.Message):
    __slots__ = ("idempotency_key", "export_id")
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    EXPORT_ID_FIELD_NUMBER: _ClassVar[int]
    idempotency_key: str
    export_id: str
    def __init__(self, idempotency_key: _Optional[str] = ..., export_id: _Optional[str] = ...) -> None: ...

class CancelExportResponse(_message.Message):
    __slots__ = ("export",)
    EXPORT_FIELD_NUMBER: _ClassVar[int]
    export: Export
    def __init__(self, export: _Optional[_Union[Export, _Mapping]] = ...) -> None: ...

class ReconciliationLine(_message.Message):
    __slots__ = ("kind", "booking_id", "booking_number", "payment_id", "local_amount", "provider_amount", "provider_document_id", "status", "message", "document", "invoice_id", "invoice_number", "local_vat", "provider_vat")
    KIND_FIELD_NUMBER: _ClassVar[int]
    BOOKING_ID_FIELD_NUMBER: _ClassVar[int]
    BOOKING_NUMBER_FIELD_NUMBER: _ClassVar[int]
    PAYMENT_ID_FIELD_NUMBER: _ClassVar[int]
    LOCAL_AMOUNT_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_AMOUNT_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_DOCUMENT_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_FIELD_NUMBER: _ClassVar[int]
    INVOICE_ID_FIELD_NUMBER: _ClassVar[int]
    INVOICE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    LOCAL_VAT_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_VAT_FIELD_NUMBER: _ClassVar[int]
    kind: ExportKind
    booking_id: str
    booking_number: str
    payment_id: str
    local_amount: _common_pb2.Money
    provider_amount: _common_pb2.Money
    provider_document_id: str
    status: ReconciliationStatus
    message: str
    document: DocumentKind
    invoice_id: str
    invoice_number: str
    local_vat: _common_pb2.Money
    provider_vat: _common_pb2.Money
    def __init__(self, kind: _Optional[_Union[ExportKind, str]] = ..., booking_id: _Optional[str] = ..., booking_number: _Optional[str] = ..., payment_id: _Optional[str] = ..., local_amount: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., provider_amount: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., provider_document_id: _Optional[str] = ..., status: _Optional[_Union[ReconciliationStatus, str]] = ..., message: _Optional[str] = ..., document: _Optional[_Union[DocumentKind, str]] = ..., invoice_id: _Optional[str] = ..., invoice_number: _Optional[str] = ..., local_vat: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., provider_vat: _Optional[_Union[_common_pb2.Money, _Mapping]] = ...) -> None: ...

class VatRateTotal(_message.Message):
    __slots__ = ("category", "rate_bp", "local_net", "local_vat", "provider_net", "provider_vat")
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    RATE_BP_FIELD_NUMBER: _ClassVar[int]
    LOCAL_NET_FIELD_NUMBER: _ClassVar[int]
    LOCAL_VAT_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_NET_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_VAT_FIELD_NUMBER: _ClassVar[int]
    category: _booking_pb2.VatCategory
    rate_bp: int
    local_net: _common_pb2.Money
    local_vat: _common_pb2.Money
    provider_net: _common_pb2.Money
    provider_vat: _common_pb2.Money
    def __init__(self, category: _Optional[_Union[_booking_pb2.VatCategory, str]] = ..., rate_bp: _Optional[int] = ..., local_net: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., local_vat: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., provider_net: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., provider_vat: _Optional[_Union[_common_pb2.Money, _Mapping]] = ...) -> None: ...

class GetReconciliationReportRequest(_message.Message):
    __slots__ = ("export_id", "page_size", "page_token", "problems_only")
    EXPORT_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    PROBLEMS_ONLY_FIELD_NUMBER: _ClassVar[int]
    export_id: str
    page_size: int
    page_token: str
    problems_only: bool
    def __init__(self, export_id: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., problems_only: bool = ...) -> None: ...

class GetReconciliationReportResponse(_message.Message):
    __slots__ = ("export", "lines", "next_page_token", "local_total", "provider_total", "vat_totals")
    EXPORT_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    LOCAL_TOTAL_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_TOTAL_FIELD_NUMBER: _ClassVar[int]
    VAT_TOTALS_FIELD_NUMBER: _ClassVar[int]
    export: Export
    lines: _containers.RepeatedCompositeFieldContainer[ReconciliationLine]
    next_page_token: str
    local_total: _common_pb2.Money
    provider_total: _common_pb2.Money
    vat_totals: _containers.RepeatedCompositeFieldContainer[VatRateTotal]
    def __init__(self, export: _Optional[_Union[Export, _Mapping]] = ..., lines: _Optional[_Iterable[_Union[ReconciliationLine, _Mapping]]] = ..., next_page_token: _Optional[str] = ..., local_total: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., provider_total: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., vat_totals: _Optional[_Iterable[_Union[VatRateTotal, _Mapping]]] = ...) -> None: ...

class RenderReconciliationReportRequest(_message.Message):
    __slots__ = ("export_id", "format")
    EXPORT_ID_FIELD_NUMBER: _ClassVar[int]
    FORMAT_FIELD_NUMBER: _ClassVar[int]
    export_id: str
    format: ReportFormat
    def __init__(self, export_id: _Optional[str] = ..., format: _Optional[_Union[ReportFormat, str]] = ...) -> None: ...

class ReportFile(_message.Message):
    __slots__ = ("filename", "content_type", "content")
    FILENAME_FIELD_NUMBER: _ClassVar[int]
    CONTENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    CONTENT_FIELD_NUMBER: _ClassVar[int]
    filename: str
    content_type: str
    content: bytes
    def __init__(self, filename: _Optional[str] = ..., content_type: _Optional[str] = ..., content: _Optional[bytes] = ...) -> None: ...

class DownloadUblRequest(_message.Message):
    __slots__ = ("period",)
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    period: _common_pb2.Period
    def __init__(self, period: _Optional[_Union[_common_pb2.Period, _Mapping]] = ...) -> None: ...

class LocalTime(_message.Message):
    __slots__ = ("hours", "minutes")
    HOURS_FIELD_NUMBER: _ClassVar[int]
    MINUTES_FIELD_NUMBER: _ClassVar[int]
    hours: int
    minutes: int
    def __init__(self, hours: _Optional[int] = ..., minutes: _Optional[int] = ...) -> None: ...

class ExportSchedule(_message.Message):
    __slots__ = ("id", "provider", "kinds", "frequency", "time_zone", "enabled", "next_run_at", "last_export_id", "time_of_day", "version")
    ID_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_FIELD_NUMBER: _ClassVar[int]
    KINDS_FIELD_NUMBER: _ClassVar[int]
    FREQUENCY_FIELD_NUMBER: _ClassVar[int]
    TIME_ZONE_FIELD_NUMBER: _ClassVar[int]
    ENABLED_FIELD_NUMBER: _ClassVar[int]
    NEXT_RUN_AT_FIELD_NUMBER: _ClassVar[int]
    LAST_EXPORT_ID_FIELD_NUMBER: _ClassVar[int]
    TIME_OF_DAY_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    id: str
    provider: AccountingProvider
    kinds: _containers.RepeatedScalarFieldContainer[ExportKind]
    frequency: ScheduleFrequency
    time_zone: str
    enabled: bool
    next_run_at: _timestamp_pb2.Timestamp
    last_export_id: str
    time_of_day: LocalTime
    version: int
    def __init__(self, id: _Optional[str] = ..., provider: _Optional[_Union[AccountingProvider, str]] = ..., kinds: _Optional[_Iterable[_Union[ExportKind, str]]] = ..., frequency: _Optional[_Union[ScheduleFrequency, str]] = ..., time_zone: _Optional[str] = ..., enabled: bool = ..., next_run_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., last_export_id: _Optional[str] = ..., time_of_day: _Optional[_Union[LocalTime, _Mapping]] = ..., version: _Optional[int] = ...) -> None: ...

class CreateScheduleRequest(_message.Message):
    __slots__ = ("idempotency_key", "schedule")
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    SCHEDULE_FIELD_NUMBER: _ClassVar[int]
    idempotency_key: str
    schedule: ExportSchedule
    def __init__(self, idempotency_key: _Optional[str] = ..., schedule: _Optional[_Union[ExportSchedule, _Mapping]] = ...) -> None: ...

class CreateScheduleResponse(_message.Message):
    __slots__ = ("schedule",)
    SCHEDULE_FIELD_NUMBER: _ClassVar[int]
    schedule: ExportSchedule
    def __init__(self, schedule: _Optional[_Union[ExportSchedule, _Mapping]] = ...) -> None: ...

class ListSchedulesRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListSchedulesResponse(_message.Message):
    __slots__ = ("schedules",)
    SCHEDULES_FIELD_NUMBER: _ClassVar[int]
    schedules: _containers.RepeatedCompositeFieldContainer[ExportSchedule]
    def __init__(self, schedules: _Optional[_Iterable[_Union[ExportSchedule, _Mapping]]] = ...) -> None: ...

class UpdateScheduleRequest(_message.Message):
    __slots__ = ("idempotency_key", "schedule", "update_mask", "expected_version")
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    SCHEDULE_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_VERSION_FIELD_NUMBER: _ClassVar[int]
    idempotency_key: str
    schedule: ExportSchedule
    update_mask: _field_mask_pb2.FieldMask
    expected_version: int
    def __init__(self, idempotency_key: _Optional[str] = ..., schedule: _Optional[_Union[ExportSchedule, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ..., expected_version: _Optional[int] = ...) -> None: ...

class UpdateScheduleResponse(_message.Message):
    __slots__ = ("schedule",)
    SCHEDULE_FIELD_NUMBER: _ClassVar[int]
    schedule: ExportSchedule
    def __init__(self, schedule: _Optional[_Union[ExportSchedule, _Mapping]] = ...) -> None: ...

class DeleteScheduleRequest(_message.Message):
    __slots__ = ("idempotency_key", "schedule_id")
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    SCHEDULE_ID_FIELD_NUMBER: _ClassVar[int]
    idempotency_key: str
    schedule_id: str
    def __init__(self, idempotency_key: _Optional[str] = ..., schedule_id: _Optional[str] = ...) -> None: ...

class DeleteScheduleResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class MoneybirdSettings(_message.Message):
    __slots__ = ("administration_id", "api_token", "base_url")
    ADMINISTRATION_ID_FIELD_NUMBER: _ClassVar[int]
    API_TOKEN_FIELD_NUMBER: _ClassVar[int]
    BASE_URL_FIELD_NUMBER: _ClassVar[int]
    administration_id: str
    api_token: str
    base_url: str
    def __init__(self, administration_id: _Optional[str] = ..., api_token: _Optional[str] = ..., base_url: _Optional[str] = ...) -> None: ...

class ExactSettings(_message.Message):
    __slots__ = ("base_url", "division", "client_id", "client_secret", "redirect_uri")
    BASE_URL_FIELD_NUMBER: _ClassVar[int]
    DIVISION_FIELD_NUMBER: _ClassVar[int]
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    CLIENT_SECRET_FIELD_NUMBER: _ClassVar[int]
    REDIRECT_URI_FIELD_NUMBER: _ClassVar[int]
    base_url: str
    division: int
    client_id: str
    client_secret: str
    redirect_uri: str
    def __init__(self, base_url: _Optional[str] = ..., division: _Optional[int] = ..., client_id: _Optional[str] = ..., client_secret: _Optional[str] = ..., redirect_uri: _Optional[str] = ...) -> None: ...

class VatMapping(_message.Message):
    __slots__ = ("category", "revenue_account", "tax_code")
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    REVENUE_ACCOUNT_FIELD_NUMBER: _ClassVar[int]
    TAX_CODE_FIELD_NUMBER: _ClassVar[int]
    category: _booking_pb2.VatCategory
    revenue_account: str
    tax_code: str
    def __init__(self, category: _Optional[_Union[_booking_pb2.VatCategory, str]] = ..., revenue_account: _Optional[str] = ..., tax_code: _Optional[str] = ...) -> None: ...

class AccountingMapping(_message.Message):
    __slots__ = ("provider", "vat", "journal", "workflow_id", "payments_account", "contact_matching", "version", "updated_at")
    PROVIDER_FIELD_NUMBER: _ClassVar[int]
    VAT_FIELD_NUMBER: _ClassVar[int]
    JOURNAL_FIELD_NUMBER: _ClassVar[int]
    WORKFLOW_ID_FIELD_NUMBER: _ClassVar[int]
    PAYMENTS_ACCOUNT_FIELD_NUMBER: _ClassVar[int]
    CONTACT_MATCHING_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    provider: AccountingProvider
    vat: _containers.RepeatedCompositeFieldContainer[VatMapping]
    journal: str
    workflow_id: str
    payments_account: str
    contact_matching: ContactMatching
    version: int
    updated_at: _timestamp_pb2.Timestamp
    def __init__(self, provider: _Optional[_Union[AccountingProvider, str]] = ..., vat: _Optional[_Iterable[_Union[VatMapping, _Mapping]]] = ..., journal: _Optional[str] = ..., workflow_id: _Optional[str] = ..., payments_account: _Optional[str] = ..., contact_matching: _Optional[_Union[ContactMatching, str]] = ..., version: _Optional[int] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GetMappingRequest(_message.Message):
    __slots__ = ("provider",)
    PROVIDER_FIELD_NUMBER: _ClassVar[int]
    provider: AccountingProvider
    def __init__(self, provider: _Optional[_Union[AccountingProvider, str]] = ...) -> None: ...

class GetMappingResponse(_message.Message):
    __slots__ = ("mapping",)
    MAPPING_FIELD_NUMBER: _ClassVar[int]
    mapping: AccountingMapping
    def __init__(self, mapping: _Optional[_Union[AccountingMapping, _Mapping]] = ...) -> None: ...

class UpdateMappingRequest(_message.Message):
    __slots__ = ("idempotency_key", "mapping", "expected_version")
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    MAPPING_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_VERSION_FIELD_NUMBER: _ClassVar[int]
    idempotency_key: str
    mapping: AccountingMapping
    expected_version: int
    def __init__(self, idempotency_key: _Optional[str] = ..., mapping: _Optional[_Union[AccountingMapping, _Mapping]] = ..., expected_version: _Optional[int] = ...) -> None: ...

class UpdateMappingResponse(_message.Message):
    __slots__ = ("mapping",)
    MAPPING_FIELD_NUMBER: _ClassVar[int]
    mapping: AccountingMapping
    def __init__(self, mapping: _Optional[_Union[AccountingMapping, _Mapping]] = ...) -> None: ...

class Connection(_message.Message):
    __slots__ = ("provider", "moneybird", "exact", "secret_set", "authorized", "authorization_expires_at", "updated_at", "version")
    PROVIDER_FIELD_NUMBER: _ClassVar[int]
    MONEYBIRD_FIELD_NUMBER: _ClassVar[int]
    EXACT_FIELD_NUMBER: _ClassVar[int]
    SECRET_SET_FIELD_NUMBER: _ClassVar[int]
    AUTHORIZED_FIELD_NUMBER: _ClassVar[int]
    AUTHORIZATION_EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    provider: AccountingProvider
    moneybird: MoneybirdSettings
    exact: ExactSettings
    secret_set: bool
    authorized: bool
    authorization_expires_at: _timestamp_pb2.Timestamp
    updated_at: _timestamp_pb2.Timestamp
    version: int
    def __init__(self, provider: _Optional[_Union[AccountingProvider, str]] = ..., moneybird: _Optional[_Union[MoneybirdSettings, _Mapping]] = ..., exact: _Optional[_Union[ExactSettings, _Mapping]] = ..., secret_set: bool = ..., authorized: bool = ..., authorization_expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., version: _Optional[int] = ...) -> None: ...

class GetConnectionRequest(_message.Message):
    __slots__ = ("provider",)
    PROVIDER_FIELD_NUMBER: _ClassVar[int]
    provider: AccountingProvider
    def __init__(self, provider: _Optional[_Union[AccountingProvider, str]] = ...) -> None: ...

class GetConnectionResponse(_message.Message):
    __slots__ = ("connection",)
    CONNECTION_FIELD_NUMBER: _ClassVar[int]
    connection: Connection
    def __init__(self, connection: _Optional[_Union[Connection, _Mapping]] = ...) -> None: ...

class UpdateConnectionRequest(_message.Message):
    __slots__ = ("idempotency_key", "connection", "update_mask", "expected_version", "clear_secrets")
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    CONNECTION_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_VERSION_FIELD_NUMBER: _ClassVar[int]
    CLEAR_SECRETS_FIELD_NUMBER: _ClassVar[int]
    idempotency_key: str
    connection: Connection
    update_mask: _field_mask_pb2.FieldMask
    expected_version: int
    clear_secrets: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, idempotency_key: _Optional[str] = ..., connection: _Optional[_Union[Connection, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ..., expected_version: _Optional[int] = ..., clear_secrets: _Optional[_Iterable[str]] = ...) -> None: ...

class UpdateConnectionResponse(_message.Message):
    __slots__ = ("connection",)
    CONNECTION_FIELD_NUMBER: _ClassVar[int]
    connection: Connection
    def __init__(self, connection: _Optional[_Union[Connection, _Mapping]] = ...) -> None: ...

class StartExactAuthorizationRequest(_message.Message):
    __slots__ = ("idempotency_key",)
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    idempotency_key: str
    def __init__(self, idempotency_key: _Optional[str] = ...) -> None: ...

class StartExactAuthorizationResponse(_message.Message):
    __slots__ = ("authorization_url", "state")
    AUTHORIZATION_URL_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    authorization_url: str
    state: str
    def __init__(self, authorization_url: _Optional[str] = ..., state: _Optional[str] = ...) -> None: ...

class CompleteExactAuthorizationRequest(_message.Message):
    __slots__ = ("idempotency_key", "code", "state")
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    idempotency_key: str
    code: str
    state: str
    def __init__(self, idempotency_key: _Optional[str] = ..., code: _Optional[str] = ..., state: _Optional[str] = ...) -> None: ...

class CompleteExactAuthorizationResponse(_message.Message):
    __slots__ = ("connection",)
    CONNECTION_FIELD_NUMBER: _ClassVar[int]
    connection: Connection
    def __init__(self, connection: _Optional[_Union[Connection, _Mapping]] = ...) -> None: ...

class TestConnectionRequest(_message.Message):
    __slots__ = ("provider",)
    PROVIDER_FIELD_NUMBER: _ClassVar[int]
    provider: AccountingProvider
    def __init__(self, provider: _Optional[_Union[AccountingProvider, str]] = ...) -> None: ...

class TestConnectionResponse(_message.Message):
    __slots__ = ("ok", "message")
    OK_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    ok: bool
    message: str
    def __init__(self, ok: bool = ..., message: _Optional[str] = ...) -> None: ...
