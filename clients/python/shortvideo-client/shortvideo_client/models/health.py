from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.health_database import HealthDatabase
from ..models.health_object_storage import HealthObjectStorage
from ..models.health_redis import HealthRedis
from ..models.health_status import HealthStatus
from ..models.health_task_queue import HealthTaskQueue

T = TypeVar("T", bound="Health")


@_attrs_define
class Health:
    """
    Attributes:
        database (HealthDatabase): `unreachable` is the 503.
        redis (HealthRedis): The rate-limit storage: `ok`, `unreachable` (limits fail open, sign-in answers 503),
            `memory` (per process) or `off`
        task_queue (HealthTaskQueue): `ok`, `unreachable` (uploads stay processing) or `inline` (no broker)
        object_storage (HealthObjectStorage): `ok` or `unreachable` (uploads and media fail)
        status (HealthStatus):
    """

    database: HealthDatabase
    redis: HealthRedis
    task_queue: HealthTaskQueue
    object_storage: HealthObjectStorage
    status: HealthStatus

    def to_dict(self) -> dict[str, Any]:
        database = self.database.value

        redis = self.redis.value

        task_queue = self.task_queue.value

        object_storage = self.object_storage.value

        status = self.status.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "database": database,
                "redis": redis,
                "task_queue": task_queue,
                "object_storage": object_storage,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        database = HealthDatabase(d.pop("database"))

        redis = HealthRedis(d.pop("redis"))

        task_queue = HealthTaskQueue(d.pop("task_queue"))

        object_storage = HealthObjectStorage(d.pop("object_storage"))

        status = HealthStatus(d.pop("status"))

        health = cls(
            database=database,
            redis=redis,
            task_queue=task_queue,
            object_storage=object_storage,
            status=status,
        )

        return health
