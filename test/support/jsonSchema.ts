/** JSON Schema helpers for contract tests: a 2020-12 validator and a walk for undescribed fields. */
import { Ajv2020 } from 'ajv/dist/2020.js';

/** A strict JSON Schema 2020-12 validator (the dialect of zod's toJSONSchema and OpenAPI 3.1). */
export function jsonSchemaValidator(): Ajv2020 {
  return new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
}

/** Paths of object properties (anywhere in the schema) that carry no description. */
export function undescribedProperties(schema: unknown, path = ''): string[] {
  if (!schema || typeof schema !== 'object') return [];
  const node = schema as Record<string, unknown>;
  const out: string[] = [];
  if (node.properties && typeof node.properties === 'object') {
    for (const [key, value] of Object.entries(node.properties as Record<string, Record<string, unknown>>)) {
      if (typeof value.description !== 'string' || value.description === '') out.push(`${path}.${key}`);
      out.push(...undescribedProperties(value, `${path}.${key}`));
    }
  }
  for (const key of ['items', 'additionalProperties']) if (node[key] && typeof node[key] === 'object') out.push(...undescribedProperties(node[key], `${path}[]`));
  for (const key of ['anyOf', 'oneOf', 'allOf']) if (Array.isArray(node[key])) for (const branch of node[key] as unknown[]) out.push(...undescribedProperties(branch, path));
  for (const key of ['$defs', 'components']) if (node[key] && typeof node[key] === 'object') for (const [name, sub] of Object.entries(node[key] as Record<string, unknown>)) out.push(...undescribedProperties(sub, `${path}#${name}`));
  return out;
}
