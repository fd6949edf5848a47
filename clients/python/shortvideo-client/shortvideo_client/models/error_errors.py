from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.error_errors_additional_property_type_1 import ErrorErrorsAdditionalPropertyType1


T = TypeVar("T", bound="ErrorErrors")


@_attrs_define
class ErrorErrors:
    """On validation failures only, by location (`json`, `query`, `path`, `form`, `files`): the messages about the location
    as a whole (a body that is not JSON), or the messages by field; a field of a nested object or list has an object of
    its own in place of its list.

        Example:
            {'json': {'username': ['Length must be between 2 and 24.']}}

    """

    additional_properties: dict[str, ErrorErrorsAdditionalPropertyType1 | list[str]] = _attrs_field(
        init=False, factory=dict
    )

    def to_dict(self) -> dict[str, Any]:

        field_dict: dict[str, Any] = {}
        for prop_name, prop in self.additional_properties.items():
            if isinstance(prop, list):
                field_dict[prop_name] = prop

            else:
                field_dict[prop_name] = prop.to_dict()

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.error_errors_additional_property_type_1 import ErrorErrorsAdditionalPropertyType1  # noqa: PLC0415

        d = dict(src_dict)
        error_errors = cls()

        additional_properties = {}
        for prop_name, prop_dict in d.items():

            def _parse_additional_property(data: object) -> ErrorErrorsAdditionalPropertyType1 | list[str]:
                try:
                    if not isinstance(data, list):
                        raise TypeError()
                    additional_property_type_0 = cast(list[str], data)

                    return additional_property_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                if not isinstance(data, dict):
                    raise TypeError()
                additional_property_type_1 = ErrorErrorsAdditionalPropertyType1.from_dict(data)

                return additional_property_type_1

            additional_property = _parse_additional_property(prop_dict)

            additional_properties[prop_name] = additional_property

        error_errors.additional_properties = additional_properties
        return error_errors

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> ErrorErrorsAdditionalPropertyType1 | list[str]:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: ErrorErrorsAdditionalPropertyType1 | list[str]) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
