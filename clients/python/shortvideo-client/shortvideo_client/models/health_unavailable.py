from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.health_unavailable_code import HealthUnavailableCode
from ..models.health_unavailable_database import HealthUnavailableDatabase
from ..models.health_unavailable_object_storage import HealthUnavailableObjectStorage
from ..models.health_unavailable_redis import HealthUnavailableRedis
from ..models.health_unavailable_status import HealthUnavailableStatus
from ..models.health_unavailable_task_queue import HealthUnavailableTaskQueue

T = TypeVar("T", bound="HealthUnavailable")


@_attrs_define
class HealthUnavailable:
    """
    Attributes:
        database (HealthUnavailableDatabase): `unreachable` is the 503.
        redis (HealthUnavailableRedis): The rate-limit storage: `ok`, `unreachable` (limits fail open, sign-in answers
            503), `memory` (per process) or `off`
        task_queue (HealthUnavailableTaskQueue): `ok`, `unreachable` (uploads stay processing) or `inline` (no broker)
        object_storage (HealthUnavailableObjectStorage): `ok` or `unreachable` (uploads and media fail)
        code (HealthUnavailableCode):
        status (HealthUnavailableStatus):
        message (str): One human sentence. Example: The database is unavailable; try again shortly..
    """

    database: HealthUnavailableDatabase
    redis: HealthUnavailableRedis
    task_queue: HealthUnavailableTaskQueue
    object_storage: HealthUnavailableObjectStorage
    code: HealthUnavailableCode
    status: HealthUnavailableStatus
    message: str

    def to_dict(self) -> dict[str, Any]:
        database = self.database.value

        redis = self.redis.value

        task_queue = self.task_queue.value

        object_storage = self.object_storage.value

        code = self.code.value

        status = self.status.value

        message = self.message

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "database": database,
                "redis": redis,
                "task_queue": task_queue,
                "object_storage": object_storage,
                "code": code,
                "status": status,
                "message": message,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        database = HealthUnavailableDatabase(d.pop("database"))

        redis = HealthUnavailableRedis(d.pop("redis"))

        task_queue = HealthUnavailableTaskQueue(d.pop("task_queue"))

        object_storage = HealthUnavailableObjectStorage(d.pop("object_storage"))

        code = HealthUnavailableCode(d.pop("code"))

        status = HealthUnavailableStatus(d.pop("status"))

        message = d.pop("message")

        health_unavailable = cls(
            database=database,
            redis=redis,
            task_queue=task_queue,
            object_storage=object_storage,
            code=code,
            status=status,
            message=message,
        )

        return health_unavailable
