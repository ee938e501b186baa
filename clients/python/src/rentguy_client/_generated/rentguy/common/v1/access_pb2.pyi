from google.protobuf import descriptor_pb2 as _descriptor_pb2
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor
PERMISSIONS_FIELD_NUMBER: _ClassVar[int]
permissions: _descriptor.FieldDescriptor
ACCESS_FIELD_NUMBER: _ClassVar[int]
access: _descriptor.FieldDescriptor

class RpcAccess(_message.Message):
    __slots__ = ("permission", "public", "self_service", "others_permission", "description")
    PERMISSION_FIELD_NUMBER: _ClassVar[int]
    PUBLIC_FIELD_NUMBER: _ClassVar[int]
    SELF_SERVICE_FIELD_NUMBER: _ClassVar[int]
    OTHERS_PERMISSION_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    permission: str
    public: bool
    self_service: bool
    others_permission: str
    description: str
    def __init__(self, permission: _Optional[str] = ..., public: bool = ..., self_service: bool = ..., others_permission: _Optional[str] = ..., description: _Optional[str] = ...) -> None: ...

class PermissionDeclaration(_message.Message):
    __slots__ = ("name", "description")
    NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    name: str
    description: str
    def __init__(self, name: _Optional[str] = ..., description: _Optional[str] = ...) -> None: ...
