/**
 * The served OpenAPI document as test input: the operations it lists and plausible values for
 * their parameters and bodies. Tests that walk every route (tenancy, fuzzing) read it, so new
 * routes are covered without anyone editing them.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { uniqueEmail } from './factories.js';

export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  default?: unknown;
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: JsonSchema;
}

export interface OperationObject {
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: JsonSchema }> };
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OperationObject>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

export interface Operation {
  method: string;
  path: string;
  op: OperationObject;
}

export const ORG_PREFIX = '/api/v1/orgs/{orgId}';
const HTTP_METHODS = new Set(['get', 'put', 'post', 'patch', 'delete', 'head', 'options']);

export interface OpenApi {
  doc: OpenApiDocument;
  /** Every operation of the document, in its order. */
  operations: Operation[];
  /** A schema with its `$ref`s followed. */
  resolve(schema: JsonSchema): JsonSchema;
  /** A value the schema accepts (the first fitting candidate; ids are random UUIDs). */
  sample(schema: JsonSchema, name?: string): unknown;
  /** The JSON body schema of an operation, resolved, if it takes one. */
  bodySchema(op: OperationObject): JsonSchema | undefined;
  /** A plausible JSON body for an operation, if it takes one. */
  requestBody(op: OperationObject): unknown;
  /** `?…` with a plausible value for each required query parameter, or ''. */
  queryString(op: OperationObject): string;
}

/** Fetches `/api/openapi.json` from the app and wraps it. */
export async function readOpenApi(app: FastifyInstance): Promise<OpenApi> {
  const res = await app.inject({ method: 'GET', url: '/api/openapi.json' });
  if (res.statusCode !== 200) throw new Error(`openapi.json: ${res.statusCode}`);
  const doc = res.json<OpenApiDocument>();

  const operations: Operation[] = Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => HTTP_METHODS.has(method))
      .map(([method, op]) => ({ method: method.toUpperCase(), path, op })),
  );

  function resolve(schema: JsonSchema): JsonSchema {
    if (!schema.$ref) return schema;
    const name = schema.$ref.replace('#/components/schemas/', '');
    const target = doc.components?.schemas?.[name];
    if (!target) throw new Error(`unresolvable $ref ${schema.$ref}`);
    return resolve(target);
  }

  function sampleString(schema: JsonSchema, name: string): string {
    const candidates: string[] = [];
    if (schema.format === 'email' || /email/i.test(name)) candidates.push(uniqueEmail('probe'));
    if (schema.format === 'uuid' || /Id$/.test(name)) candidates.push(randomUUID());
    if (schema.format === 'date-time') candidates.push(new Date().toISOString());
    if (schema.format === 'date') candidates.push(new Date().toISOString().slice(0, 10));
    if (schema.format === 'uri' || schema.format === 'url' || /url/i.test(name)) {
      candidates.push('https://example.com/probe');
    }
    if (/phone/i.test(name)) candidates.push('+14155550123');
    if (/(zone|tz)$/i.test(name)) candidates.push('Europe/Berlin');
    candidates.push('Probe', 'probe', 'a', '1', randomUUID(), 'probe@example.com');
    const pattern = schema.pattern ? new RegExp(schema.pattern, 'u') : undefined;
    const fits = (s: string) =>
      (!pattern || pattern.test(s)) &&
      s.length >= (schema.minLength ?? 0) &&
      s.length <= (schema.maxLength ?? Infinity);
    const found = candidates.find(fits);
    if (found !== undefined) return found;
    return 'p'.repeat(Math.max(1, schema.minLength ?? 1));
  }

  function sample(input: JsonSchema, name = ''): unknown {
    const schema = resolve(input);
    if (schema.const !== undefined) return schema.const;
    if (schema.enum?.length) return schema.enum[0];
    if (schema.default !== undefined) return schema.default;
    const variants = schema.anyOf ?? schema.oneOf;
    if (variants?.length) {
      return sample(
        variants.find((v) => resolve(v).type !== 'null')!,
        name,
      );
    }
    if (schema.allOf?.length) {
      return Object.assign({}, ...schema.allOf.map((s) => sample(s, name) as object));
    }
    switch (typeOf(schema)) {
      case 'object': {
        const out: Record<string, unknown> = {};
        for (const key of schema.required ?? []) {
          out[key] = sample(schema.properties?.[key] ?? {}, key);
        }
        return out;
      }
      case 'array': {
        const item = schema.items ? resolve(schema.items) : {};
        const n = Math.max(1, schema.minItems ?? 1);
        // Distinct values where the items are an enum (arrays often must not repeat).
        return item.enum
          ? item.enum.slice(0, n)
          : Array.from({ length: n }, () => sample(item, name));
      }
      case 'integer':
      case 'number':
        return schema.minimum ?? (schema.exclusiveMinimum ?? 0) + 1;
      case 'boolean':
        return false;
      case 'string':
        return sampleString(schema, name);
      default:
        return 'probe';
    }
  }

  function bodySchema(op: OperationObject): JsonSchema | undefined {
    const schema = op.requestBody?.content?.['application/json']?.schema;
    return schema ? resolve(schema) : undefined;
  }

  function requestBody(op: OperationObject): unknown {
    const schema = bodySchema(op);
    return schema ? sample(schema) : undefined;
  }

  function queryString(op: OperationObject): string {
    const params = (op.parameters ?? []).filter((p) => p.in === 'query' && p.required);
    if (!params.length) return '';
    const qs = new URLSearchParams(
      params.map((p): [string, string] => [
        p.name,
        String(sample(p.schema ?? { type: 'string' }, p.name)),
      ]),
    );
    return `?${qs.toString()}`;
  }

  return { doc, operations, resolve, sample, bodySchema, requestBody, queryString };
}

/** The schema's one non-null type, if it declares one. */
export function typeOf(schema: JsonSchema): string | undefined {
  return Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
}

/** `path` with its `{name}` parameters filled from `ids` (a random UUID for any other). */
export function urlFor(path: string, ids: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_m, name: string) =>
    encodeURIComponent(ids[name] ?? randomUUID()),
  );
}
