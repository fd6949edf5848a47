from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="Health")


@_attrs_define
class Health:
    """
    Attributes:
        status (str):  Example: ok.
        database (str): `ok` or `unreachable` Example: ok.
        redis (str): The rate-limit storage: `ok`, `unreachable` (limits fail open, sign-in answers 503), `memory` (per
            process) or `off` Example: ok.
        task_queue (str): `ok`, `unreachable` (uploads stay processing) or `inline` (no broker) Example: ok.
        object_storage (str): `ok` or `unreachable` (uploads and media fail) Example: ok.
    """

    status: str
    database: str
    redis: str
    task_queue: str
    object_storage: str

    def to_dict(self) -> dict[str, Any]:
        status = self.status

        database = self.database

        redis = self.redis

        task_queue = self.task_queue

        object_storage = self.object_storage

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "status": status,
                "database": database,
                "redis": redis,
                "task_queue": task_queue,
                "object_storage": object_storage,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        status = d.pop("status")

        database = d.pop("database")

        redis = d.pop("redis")

        task_queue = d.pop("task_queue")

        object_storage = d.pop("object_storage")

        health = cls(
            status=status,
            database=database,
            redis=redis,
            task_queue=task_queue,
            object_storage=object_storage,
        )

        return health
