import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from rentguy_client._generated.rentguy.common.v1 import access_pb2 as _access_pb2
from rentguy_client._generated.rentguy.common.v1 import common_pb2 as _common_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class PaymentProvider(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PAYMENT_PROVIDER_UNSPECIFIED: _ClassVar[PaymentProvider]
    PAYMENT_PROVIDER_STRIPE: _ClassVar[PaymentProvider]
    PAYMENT_PROVIDER_MOLLIE: _ClassVar[PaymentProvider]

class PaymentStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PAYMENT_STATUS_UNSPECIFIED: _ClassVar[PaymentStatus]
    PAYMENT_STATUS_PENDING: _ClassVar[PaymentStatus]
    PAYMENT_STATUS_OPEN: _ClassVar[PaymentStatus]
    PAYMENT_STATUS_PROCESSING: _ClassVar[PaymentStatus]
    PAYMENT_STATUS_SUCCEEDED: _ClassVar[PaymentStatus]
    PAYMENT_STATUS_FAILED: _ClassVar[PaymentStatus]
    PAYMENT_STATUS_CANCELED: _ClassVar[PaymentStatus]
    PAYMENT_STATUS_EXPIRED: _ClassVar[PaymentStatus]
    PAYMENT_STATUS_PARTIALLY_REFUNDED: _ClassVar[PaymentStatus]
    PAYMENT_STATUS_REFUNDED: _ClassVar[PaymentStatus]
    PAYMENT_STATUS_DISPUTED: _ClassVar[PaymentStatus]
    PAYMENT_STATUS_CHARGED_BACK: _ClassVar[PaymentStatus]

class DisputeStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    DISPUTE_STATUS_UNSPECIFIED: _ClassVar[DisputeStatus]
    DISPUTE_STATUS_NONE: _ClassVar[DisputeStatus]
    DISPUTE_STATUS_OPEN: _ClassVar[DisputeStatus]
    DISPUTE_STATUS_WON: _ClassVar[DisputeStatus]
    DISPUTE_STATUS_LOST: _ClassVar[DisputeStatus]

class PaymentPurpose(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PAYMENT_PURPOSE_UNSPECIFIED: _ClassVar[PaymentPurpose]
    PAYMENT_PURPOSE_DEPOSIT: _ClassVar[PaymentPurpose]
    PAYMENT_PURPOSE_BALANCE: _ClassVar[PaymentPurpose]
    PAYMENT_PURPOSE_FULL: _ClassVar[PaymentPurpose]
    PAYMENT_PURPOSE_DAMAGE: _ClassVar[PaymentPurpose]

class RefundStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    REFUND_STATUS_UNSPECIFIED: _ClassVar[RefundStatus]
    REFUND_STATUS_PENDING: _ClassVar[RefundStatus]
    REFUND_STATUS_PROCESSING: _ClassVar[RefundStatus]
    REFUND_STATUS_SUCCEEDED: _ClassVar[RefundStatus]
    REFUND_STATUS_FAILED: _ClassVar[RefundStatus]
    REFUND_STATUS_CANCELED: _ClassVar[RefundStatus]

class BookingPaymentState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    BOOKING_PAYMENT_STATE_UNSPECIFIED: _ClassVar[BookingPaymentState]
    BOOKING_PAYMENT_STATE_UNPAID: _ClassVar[BookingPaymentState]
    BOOKING_PAYMENT_STATE_DEPOSIT_PAID: _ClassVar[BookingPaymentState]
    BOOKING_PAYMENT_STATE_PARTIALLY_PAID: _ClassVar[BookingPaymentState]
    BOOKING_PAYMENT_STATE_PAID: _ClassVar[BookingPaymentState]
    BOOKING_PAYMENT_STATE_OVERPAID: _ClassVar[BookingPaymentState]
    BOOKING_PAYMENT_STATE_REFUNDED: _ClassVar[BookingPaymentState]

class ProviderMode(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PROVIDER_MODE_UNSPECIFIED: _ClassVar[ProviderMode]
    PROVIDER_MODE_OFF: _ClassVar[ProviderMode]
    PROVIDER_MODE_MOCK: _ClassVar[ProviderMode]
    PROVIDER_MODE_TEST: _ClassVar[ProviderMode]
    PROVIDER_MODE_LIVE: _ClassVar[ProviderMode]
PAYMENT_PROVIDER_UNSPECIFIED: PaymentProvider
PAYMENT_PROVIDER_STRIPE: PaymentProvider
PAYMENT_PROVIDER_MOLLIE: PaymentProvider
PAYMENT_STATUS_UNSPECIFIED: PaymentStatus
PAYMENT_STATUS_PENDING: PaymentStatus
PAYMENT_STATUS_OPEN: PaymentStatus
PAYMENT_STATUS_PROCESSING: PaymentStatus
PAYMENT_STATUS_SUCCEEDED: PaymentStatus
PAYMENT_STATUS_FAILED: PaymentStatus
PAYMENT_STATUS_CANCELED: PaymentStatus
PAYMENT_STATUS_EXPIRED: PaymentStatus
PAYMENT_STATUS_PARTIALLY_REFUNDED: PaymentStatus
PAYMENT_STATUS_REFUNDED: PaymentStatus
PAYMENT_STATUS_DISPUTED: PaymentStatus
PAYMENT_STATUS_CHARGED_BACK: PaymentStatus
DISPUTE_STATUS_UNSPECIFIED: DisputeStatus
DISPUTE_STATUS_NONE: DisputeStatus
DISPUTE_STATUS_OPEN: DisputeStatus
DISPUTE_STATUS_WON: DisputeStatus
DISPUTE_STATUS_LOST: DisputeStatus
PAYMENT_PURPOSE_UNSPECIFIED: PaymentPurpose
PAYMENT_PURPOSE_DEPOSIT: PaymentPurpose
PAYMENT_PURPOSE_BALANCE: PaymentPurpose
PAYMENT_PURPOSE_FULL: PaymentPurpose
PAYMENT_PURPOSE_DAMAGE: PaymentPurpose
REFUND_STATUS_UNSPECIFIED: RefundStatus
REFUND_STATUS_PENDING: RefundStatus
REFUND_STATUS_PROCESSING: RefundStatus
REFUND_STATUS_SUCCEEDED: RefundStatus
REFUND_STATUS_FAILED: RefundStatus
REFUND_STATUS_CANCELED: RefundStatus
BOOKING_PAYMENT_STATE_UNSPECIFIED: BookingPaymentState
BOOKING_PAYMENT_STATE_UNPAID: BookingPaymentState
BOOKING_PAYMENT_STATE_DEPOSIT_PAID: BookingPaymentState
BOOKING_PAYMENT_STATE_PARTIALLY_PAID: BookingPaymentState
BOOKING_PAYMENT_STATE_PAID: BookingPaymentState
BOOKING_PAYMENT_STATE_OVERPAID: BookingPaymentState
BOOKING_PAYMENT_STATE_REFUNDED: BookingPaymentState
PROVIDER_MODE_UNSPECIFIED: ProviderMode
PROVIDER_MODE_OFF: ProviderMode
PROVIDER_MODE_MOCK: ProviderMode
PROVIDER_MODE_TEST: ProviderMode
PROVIDER_MODE_LIVE: ProviderMode

class Payment(_message.Message):
    __slots__ = ("id", "booking_id", "provider", "purpose", "status", "amount", "refunded", "description", "provider_payment_id", "checkout_url", "return_url", "method", "failure_reason", "created_at", "updated_at", "paid_at", "expires_at", "dispute", "charged_back")
    ID_FIELD_NUMBER: _ClassVar[int]
    BOOKING_ID_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_FIELD_NUMBER: _ClassVar[int]
    PURPOSE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FIELD_NUMBER: _ClassVar[int]
    REFUNDED_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_PAYMENT_ID_FIELD_NUMBER: _ClassVar[int]
    CHECKOUT_URL_FIELD_NUMBER: _ClassVar[int]
    RETURN_URL_FIELD_NUMBER: _ClassVar[int]
    METHOD_FIELD_NUMBER: _ClassVar[int]
    FAILURE_REASON_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    PAID_AT_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    DISPUTE_FIELD_NUMBER: _ClassVar[int]
    CHARGED_BACK_FIELD_NUMBER: _ClassVar[int]
    id: str
    booking_id: str
    provider: PaymentProvider
    purpose: PaymentPurpose
    status: PaymentStatus
    amount: _common_pb2.Money
    refunded: _common_pb2.Money
    description: str
    provider_payment_id: str
    checkout_url: str
    return_url: str
    method: str
    failure_reason: str
    created_at: _timestamp_pb2.Timestamp
    updated_at: _timestamp_pb2.Timestamp
    paid_at: _timestamp_pb2.Timestamp
    expires_at: _timestamp_pb2.Timestamp
    dispute: DisputeStatus
    charged_back: _common_pb2.Money
    def __init__(self, id: _Optional[str] = ..., booking_id: _Optional[str] = ..., provider: _Optional[_Union[PaymentProvider, str]] = ..., purpose: _Optional[_Union[PaymentPurpose, str]] = ..., status: _Optional[_Union[PaymentStatus, str]] = ..., amount: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., refunded: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., description: _Optional[str] = ..., provider_payment_id: _Optional[str] = ..., checkout_url: _Optional[str] = ..., return_url: _Optional[str] = ..., method: _Optional[str] = ..., failure_reason: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., paid_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., dispute: _Optional[_Union[DisputeStatus, str]] = ..., charged_back: _Optional[_Union[_common_pb2.Money, _Mapping]] = ...) -> None: ...

class CreatePaymentRequest(_message.Message):
    __slots__ = ("idempotency_key", "booking_id", "provider", "purpose", "amount", "description", "return_url", "wait_for_checkout_url")
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    BOOKING_ID_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_FIELD_NUMBER: _ClassVar[int]
    PURPOSE_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    RETURN_URL_FIELD_NUMBER: _ClassVar[int]
    WAIT_FOR_CHECKOUT_URL_FIELD_NUMBER: _ClassVar[int]
    idempotency_key: str
    booking_id: str
    provider: PaymentProvider
    purpose: PaymentPurpose
    amount: _common_pb2.Money
    description: str
    return_url: str
    wait_for_checkout_url: bool
    def __init__(self, idempotency_key: _Optional[str] = ..., booking_id: _Optional[str] = ..., provider: _Optional[_Union[PaymentProvider, str]] = ..., purpose: _Optional[_Union[PaymentPurpose, str]] = ..., amount: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., description: _Optional[str] = ..., return_url: _Optional[str] = ..., wait_for_checkout_url: bool = ...) -> None: ...

class CreatePaymentResponse(_message.Message):
    __slots__ = ("payment",)
    PAYMENT_FIELD_NUMBER: _ClassVar[int]
    payment: Payment
    def __init__(self, payment: _Optional[_Union[Payment, _Mapping]] = ...) -> None: ...

class GetPaymentRequest(_message.Message):
    __slots__ = ("payment_id",)
    PAYMENT_ID_FIELD_NUMBER: _ClassVar[int]
    payment_id: str
    def __init__(self, payment_id: _Optional[str] = ...) -> None: ...

class GetPaymentResponse(_message.Message):
    __slots__ = ("payment",)
    PAYMENT_FIELD_NUMBER: _ClassVar[int]
    payment: Payment
    def __init__(self, payment: _Optional[_Union[Payment, _Mapping]] = ...) -> None: ...

class CancelPaymentRequest(_message.Message):
    __slots__ = ("idempotency_key", "payment_id")
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    PAYMENT_ID_FIELD_NUMBER: _ClassVar[int]
    idempotency_key: str
    payment_id: str
    def __init__(self, idempotency_key: _Optional[str] = ..., payment_id: _Optional[str] = ...) -> None: ...

class CancelPaymentResponse(_message.Message):
    __slots__ = ("payment",)
    PAYMENT_FIELD_NUMBER: _ClassVar[int]
    payment: Payment
    def __init__(self, payment: _Optional[_Union[Payment, _Mapping]] = ...) -> None: ...

class SyncPaymentRequest(_message.Message):
    __slots__ = ("idempotency_key", "payment_id")
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    PAYMENT_ID_FIELD_NUMBER: _ClassVar[int]
    idempotency_key: str
    payment_id: str
    def __init__(self, idempotency_key: _Optional[str] = ..., payment_id: _Optional[str] = ...) -> None: ...

class SyncPaymentResponse(_message.Message):
    __slots__ = ("payment",)
    PAYMENT_FIELD_NUMBER: _ClassVar[int]
    payment: Payment
    def __init__(self, payment: _Optional[_Union[Payment, _Mapping]] = ...) -> None: ...

class ListPaymentsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "booking_id", "statuses", "provider", "period")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    BOOKING_ID_FIELD_NUMBER: _ClassVar[int]
    STATUSES_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_FIELD_NUMBER: _ClassVar[int]
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    booking_id: str
    statuses: _containers.RepeatedScalarFieldContainer[PaymentStatus]
    provider: PaymentProvider
    period: _common_pb2.Period
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., booking_id: _Optional[str] = ..., statuses: _Optional[_Iterable[_Union[PaymentStatus, str]]] = ..., provider: _Optional[_Union[PaymentProvider, str]] = ..., period: _Optional[_Union[_common_pb2.Period, _Mapping]] = ...) -> None: ...

class ListPaymentsResponse(_message.Message):
    __slots__ = ("payments", "next_page_token")
    PAYMENTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    payments: _containers.RepeatedCompositeFieldContainer[Payment]
    next_page_token: str
    def __init__(self, payments: _Optional[_Iterable[_Union[Payment, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class Refund(_message.Message):
    __slots__ = ("id", "payment_id", "booking_id", "status", "amount", "reason", "provider_refund_id", "failure_reason", "created_at", "updated_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    PAYMENT_ID_FIELD_NUMBER: _ClassVar[int]
    BOOKING_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_REFUND_ID_FIELD_NUMBER: _ClassVar[int]
    FAILURE_REASON_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    payment_id: str
    booking_id: str
    status: RefundStatus
    amount: _common_pb2.Money
    reason: str
    provider_refund_id: str
    failure_reason: str
    created_at: _timestamp_pb2.Timestamp
    updated_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., payment_id: _Optional[str] = ..., booking_id: _Optional[str] = ..., status: _Optional[_Union[RefundStatus, str]] = ..., amount: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., reason: _Optional[str] = ..., provider_refund_id: _Optional[str] = ..., failure_reason: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CreateRefundRequest(_message.Message):
    __slots__ = ("idempotency_key", "payment_id", "amount", "reason")
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    PAYMENT_ID_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    idempotency_key: str
    payment_id: str
    amount: _common_pb2.Money
    reason: str
    def __init__(self, idempotency_key: _Optional[str] = ..., payment_id: _Optional[str] = ..., amount: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., reason: _Optional[str] = ...) -> None: ...

class CreateRefundResponse(_message.Message):
    __slots__ = ("refund",)
    REFUND_FIELD_NUMBER: _ClassVar[int]
    refund: Refund
    def __init__(self, refund: _Optional[_Union[Refund, _Mapping]] = ...) -> None: ...

class ListRefundsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "payment_id", "booking_id")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    PAYMENT_ID_FIELD_NUMBER: _ClassVar[int]
    BOOKING_ID_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    payment_id: str
    booking_id: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., payment_id: _Optional[str] = ..., booking_id: _Optional[str] = ...) -> None: ...

class ListRefundsResponse(_message.Message):
    __slots__ = ("refunds", "next_page_token")
    REFUNDS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    refunds: _containers.RepeatedCompositeFieldContainer[Refund]
    next_page_token: str
    def __init__(self, refunds: _Optional[_Iterable[_Union[Refund, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetBookingPaymentStatusRequest(_message.Message):
    __slots__ = ("booking_id",)
    BOOKING_ID_FIELD_NUMBER: _ClassVar[int]
    booking_id: str
    def __init__(self, booking_id: _Optional[str] = ...) -> None: ...

class GetBookingPaymentStatusResponse(_message.Message):
    __slots__ = ("booking_id", "state", "total", "deposit_required", "received", "refunded", "outstanding", "in_progress", "payments", "charged_back", "net_paid")
    BOOKING_ID_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    DEPOSIT_REQUIRED_FIELD_NUMBER: _ClassVar[int]
    RECEIVED_FIELD_NUMBER: _ClassVar[int]
    REFUNDED_FIELD_NUMBER: _ClassVar[int]
    OUTSTANDING_FIELD_NUMBER: _ClassVar[int]
    IN_PROGRESS_FIELD_NUMBER: _ClassVar[int]
    PAYMENTS_FIELD_NUMBER: _ClassVar[int]
    CHARGED_BACK_FIELD_NUMBER: _ClassVar[int]
    NET_PAID_FIELD_NUMBER: _ClassVar[int]
    booking_id: str
    state: BookingPaymentState
    total: _common_pb2.Money
    deposit_required: _common_pb2.Money
    received: _common_pb2.Money
    refunded: _common_pb2.Money
    outstanding: _common_pb2.Money
    in_progress: _common_pb2.Money
    payments: _containers.RepeatedCompositeFieldContainer[Payment]
    charged_back: _common_pb2.Money
    net_paid: _common_pb2.Money
    def __init__(self, booking_id: _Optional[str] = ..., state: _Optional[_Union[BookingPaymentState, str]] = ..., total: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., deposit_required: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., received: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., refunded: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., outstanding: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., in_progress: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., payments: _Optional[_Iterable[_Union[Payment, _Mapping]]] = ..., charged_back: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., net_paid: _Optional[_Union[_common_pb2.Money, _Mapping]] = ...) -> None: ...

class ProviderSettings(_message.Message):
    __slots__ = ("provider", "mode", "api_key_configured", "webhook_secret_configured", "api_base_url", "webhook_url")
    PROVIDER_FIELD_NUMBER: _ClassVar[int]
    MODE_FIELD_NUMBER: _ClassVar[int]
    API_KEY_CONFIGURED_FIELD_NUMBER: _ClassVar[int]
    WEBHOOK_SECRET_CONFIGURED_FIELD_NUMBER: _ClassVar[int]
    API_BASE_URL_FIELD_NUMBER: _ClassVar[int]
    WEBHOOK_URL_FIELD_NUMBER: _ClassVar[int]
    provider: PaymentProvider
    mode: ProviderMode
    api_key_configured: bool
    webhook_secret_configured: bool
    api_base_url: str
    webhook_url: str
    def __init__(self, provider: _Optional[_Union[PaymentProvider, str]] = ..., mode: _Optional[_Union[ProviderMode, str]] = ..., api_key_configured: bool = ..., webhook_secret_configured: bool = ..., api_base_url: _Optional[str] = ..., webhook_url: _Optional[str] = ...) -> None: ...

class GetPaymentProvidersRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetPaymentProvidersResponse(_message.Message):
    __slots__ = ("providers",)
    PROVIDERS_FIELD_NUMBER: _ClassVar[int]
    providers: _containers.RepeatedCompositeFieldContainer[ProviderSettings]
    def __init__(self, providers: _Optional[_Iterable[_Union[ProviderSettings, _Mapping]]] = ...) -> None: ...
