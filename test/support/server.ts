/** Starts the service on 127.0.0.1 (any free port) and calls it over HTTP, for test/server. */
import { readFileSync } from 'node:fs';
import type { ValidateFunction } from 'ajv';
import { createServer, type CaseloadServer, type ServerOptions } from '../../src/server/app.js';
import { jsonSchemaValidator } from './jsonSchema.js';

export interface Running {
  readonly url: string;
  readonly server: CaseloadServer;
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Answer>;
  get(path: string): Promise<Answer>;
  del(path: string): Promise<Answer>;
}

export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: any;
}

export async function startServer(options: ServerOptions = {}): Promise<Running> {
  const server = createServer({ port: 0, host: '127.0.0.1', ...options });
  const url = await server.listen();
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> => {
    const init: RequestInit = { method, headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers } };
    if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
    const res = await fetch(`${url}${path}`, init);
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
  };
  return { url, server, post: (p, b, h) => call('POST', p, b, h), get: (p) => call('GET', p), del: (p) => call('DELETE', p) };
}

export const exampleTeam = () => JSON.parse(readFileSync(new URL('../../examples/team.json', import.meta.url), 'utf8'));

/**
 * Validators compiled from a served OpenAPI document, as a generated client would use it: the schema
 * of a request body, or of the response an operation documents for a status.
 */
export function openApiValidators(document: any) {
  const ajv = jsonSchemaValidator();
  const compiled = new Map<string, ValidateFunction>();
  const byRef = (ref: string): ValidateFunction => {
    const name = ref.replace('#/components/schemas/', '');
    if (!compiled.has(name)) {
      const schema = document.components.schemas[name];
      if (!schema) throw new Error(`the document has no schema ${name}`);
      compiled.set(name, ajv.compile(schema));
    }
    return compiled.get(name)!;
  };
  const check = (validate: ValidateFunction, value: unknown) => (validate(value) ? [] : validate.errors);
  return {
    schema: (name: string) => byRef(`#/components/schemas/${name}`),
    /** Errors of `body` against the operation's response for `status` (none = valid). */
    response(path: string, method: string, status: number, body: unknown) {
      const documented = document.paths[path]?.[method]?.responses?.[String(status)];
      if (!documented) return [`${method.toUpperCase()} ${path} documents no ${status} response`];
      return check(byRef(documented.content['application/json'].schema.$ref), body);
    },
    /** Errors of `body` against the operation's request body schema. */
    request(path: string, method: string, body: unknown) {
      return check(byRef(document.paths[path][method].requestBody.content['application/json'].schema.$ref), body);
    },
  };
}
