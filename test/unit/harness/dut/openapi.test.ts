import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DUT_RESPONSE_SCHEMA, REQUEST_BODY_SCHEMA } from '../../../../harness/dut';

// js-yaml is present through the lint toolchain; the contract file must parse as YAML.
const yaml = jest.requireActual<{ load(text: string): unknown }>('js-yaml');
const spec = yaml.load(readFileSync(join(__dirname, '../../../../harness/dut/openapi.yaml'), 'utf8')) as {
  openapi: string;
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, { required?: string[]; properties?: Record<string, unknown> }> };
};

describe('openapi.yaml', () => {
  test('is OpenAPI 3.1 and lists every route the server answers, with its method', () => {
    expect(spec.openapi).toBe('3.1.0');
    const routes = Object.entries(spec.paths).flatMap(([path, ops]) =>
      Object.keys(ops)
        .filter((k) => k !== 'parameters')
        .map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(routes.sort()).toEqual([
      'GET /v1/devices/{deviceId}',
      'GET /v1/health',
      'POST /v1/provision',
      'POST /v1/requests',
      'POST /v1/reset',
      'POST /v1/world-events',
    ]);
  });

  test('every route but /v1/health needs the bearer token (as smets1 serve enforces)', () => {
    const doc = spec as unknown as {
      security: Record<string, unknown>[];
      paths: Record<string, Record<string, { security?: unknown[] }>>;
      components: { securitySchemes: Record<string, { type: string; scheme: string }> };
    };
    expect(doc.security).toEqual([{ bearer: [] }]);
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    const open = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([, op]) => Array.isArray(op.security) && op.security.length === 0)
        .map(([m]) => `${m.toUpperCase()} ${path}`),
    );
    expect(open).toEqual(['GET /v1/health']);
  });

  test('documents the same response and request fields the code validates', () => {
    const documented = spec.components.schemas.DutResponse!;
    expect(documented.required).toEqual([...DUT_RESPONSE_SCHEMA.required]);
    expect(Object.keys(documented.properties ?? {}).sort()).toEqual(
      Object.keys(DUT_RESPONSE_SCHEMA.properties).sort(),
    );
    const request = (
      spec.paths['/v1/requests']!.post as {
        requestBody: { content: Record<string, { schema: { required: string[] } }> };
      }
    ).requestBody.content['application/json']!.schema;
    expect(request.required).toEqual([...REQUEST_BODY_SCHEMA.required]);
  });
});
