// Writes src/schema.d.ts from the API's OpenAPI document: `tsx generate.ts DOCUMENT OUTPUT`
// (clients/generate.sh runs it; `make clients` regenerates both clients).
//
// openapi-typescript's Node API rather than its CLI, for one option the CLI lacks: a file
// field (`format: binary`, the video upload) is a Blob, which FormData accepts, instead of
// a string.
import { readFileSync, writeFileSync } from "node:fs";
import openapiTS, { COMMENT_HEADER, NULL, astToString, tsUnion } from "openapi-typescript";
import ts from "typescript";

const [input, output] = process.argv.slice(2);
if (!input || !output) {
  throw new Error("usage: tsx generate.ts DOCUMENT OUTPUT");
}
const BLOB = ts.factory.createTypeReferenceNode("Blob");

const nodes = await openapiTS(JSON.parse(readFileSync(input, "utf8")), {
  rootTypes: true, // SchemaVideo, SchemaError, ... beside components["schemas"][...]
  emptyObjectsUnknown: true, // a free-form object is Record<string, unknown>, not Record<string, never>
  transform(schema) {
    if (schema.format === "binary") {
      return schema.nullable ? tsUnion([BLOB, NULL]) : BLOB;
    }
    return undefined;
  },
});
writeFileSync(output, COMMENT_HEADER + astToString(nodes));
