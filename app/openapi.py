"""The OpenAPI document's conventions, applied once for every schema and operation.

Generated clients are only as exact as the document: these rules make them so.

- A ``dump_only`` field is always in the response (nothing is left out when null), so it
  is ``required``; nullable ones say ``nullable``.
- A request field's default is said in its description, never as ``default``: generators
  turn a ``default`` into a required property.
- Integers are ``int64`` (ids and counters outgrow 32 bits).
- A nested object that may be null is ``allOf: [its schema]`` with ``nullable``.
- ``servers``, ``contact`` and ``license`` come from the configuration; the access and the
  refresh token are separate security schemes; 429 and 503 declare ``Retry-After``.
- The ``limit`` and ``cursor`` of every paginated list are one shared parameter each
  (``components/parameters``), referenced by each list; a list whose ``limit`` differs
  (its own range) keeps it inline.
"""

from typing import Any

from apispec.ext.marshmallow import MarshmallowPlugin
from apispec.ext.marshmallow.openapi import OpenAPIConverter
from marshmallow import fields

from app.pagination import PageArgs

BEARER_AUTH = "BearerAuth"
REFRESH_AUTH = "RefreshAuth"
RETRY_AFTER = "RetryAfter"


class ContractConverter(OpenAPIConverter):
    def fields2jsonschema(self, fields_, *, partial=None):
        jsonschema = super().fields2jsonschema(fields_, partial=partial)
        sent = {field.data_key or name for name, field in fields_.items() if field.dump_only}
        required = set(jsonschema.get("required", [])) | sent
        if required:
            jsonschema["required"] = sorted(required)
        return jsonschema

    def field2property(self, field):
        prop = super().field2property(field)
        if "default" in prop and not field.dump_only:
            default = prop.pop("default")
            said = {None: "null", "": "the empty string"}.get(default, f"`{default}`")
            prop["description"] = " ".join(filter(None, [prop.get("description"), f"Default: {said}."]))
        if isinstance(field, fields.Nested) and field.allow_none and "anyOf" in prop:
            # apispec writes a nullable object as "this schema or any object"; say "this
            # schema or null" (OpenAPI 3.0), so clients get the model or None.
            ref = next(option for option in prop.pop("anyOf") if "$ref" in option)
            prop.update({"allOf": [ref], "nullable": True})
        return prop


class ContractPlugin(MarshmallowPlugin):
    Converter = ContractConverter

    def init_spec(self, spec):
        super().init_spec(spec)
        self.map_to_openapi_type(fields.Integer, "integer", "int64")
        self._shared_parameters: dict[str, tuple[str, dict[str, Any]]] | None = None

    def operation_helper(self, path=None, operations=None, **kwargs):
        super().operation_helper(path=path, operations=operations, **kwargs)
        shared = self._page_parameters()
        for operation in (operations or {}).values():
            operation["parameters"] = [
                # A component id: apispec turns it into a $ref.
                shared[parameter["name"]][0]
                if isinstance(parameter, dict)
                and parameter.get("in") == "query"
                and parameter.get("name") in shared
                and parameter == shared[parameter["name"]][1]
                else parameter
                for parameter in operation.get("parameters", [])
            ]
            if not operation["parameters"]:
                del operation["parameters"]

    def _page_parameters(self) -> dict[str, tuple[str, dict[str, Any]]]:
        """``{name: (component id, parameter)}`` of PageArgs' query arguments, registered
        as components with the first operation documented."""
        if self._shared_parameters is None:
            assert self.converter and self.spec
            self._shared_parameters = {}
            for parameter in self.converter.schema2parameters(PageArgs, location="query"):
                component_id = parameter["name"].title()
                self.spec.components.parameter(component_id, "query", parameter)
                self._shared_parameters[parameter["name"]] = (component_id, parameter)
        return self._shared_parameters


def spec_kwargs(config) -> dict[str, Any]:
    """``spec_kwargs`` of flask-smorest's ``Api.init_app``."""
    info: dict[str, Any] = {
        "description": config["API_DESCRIPTION"],
        "license": {"name": config["API_LICENSE_NAME"], "url": config["API_LICENSE_URL"]},
    }
    if config["CONTACT_EMAIL"]:
        info["contact"] = {"email": config["CONTACT_EMAIL"]}
    return {
        "marshmallow_plugin": ContractPlugin(),
        "info": info,
        # The API's public origin when configured; else relative to where the document is.
        "servers": [{"url": config["PUBLIC_BASE_URL"] or "/", "description": "This API"}],
        "components": {
            "securitySchemes": {
                BEARER_AUTH: {
                    "type": "http",
                    "scheme": "bearer",
                    "bearerFormat": "JWT",
                    "description": "The access token of register, login or refresh.",
                },
                REFRESH_AUTH: {
                    "type": "http",
                    "scheme": "bearer",
                    "bearerFormat": "JWT",
                    "description": "The refresh token: only for refreshing the pair.",
                },
            },
            "headers": {
                RETRY_AFTER: {
                    "description": "Seconds to wait before trying again.",
                    "schema": {"type": "integer", "minimum": 0},
                }
            },
        },
    }
