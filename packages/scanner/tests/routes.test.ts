import { describe, expect, it } from 'vitest';
import { scanFixture } from './helpers/fixtures';

describe('FastAPI', () => {
  it('reads routes with path, query and model-body parameters, router prefixes and the uvicorn server', async () => {
    const profile = await scanFixture('fastapi-service');
    expect(
      profile.routes.map((route) => `${route.method} ${route.path} ${route.functionName}`),
    ).toEqual([
      'GET /notes/{note_id} read_note',
      'GET /notes search_notes',
      'POST /notes create_note',
      'DELETE /admin/notes/{note_id} delete_note',
    ]);
    const [read, search, create] = profile.routes;
    expect(read!.parameters).toEqual([
      { name: 'note_id', in: 'path', required: true, annotation: 'int' },
      { name: 'include_body', in: 'query', required: false, annotation: 'bool', default: true },
    ]);
    expect(read!.description).toBe('Fetch one note.');
    expect(search!.parameters).toEqual([
      { name: 'q', in: 'query', required: false, annotation: 'Optional[str]' },
      { name: 'limit', in: 'query', required: false, annotation: 'int', default: 20 },
    ]);
    expect(create!.parameters).toEqual([
      {
        name: 'title',
        in: 'body',
        annotation: 'str',
        required: true,
        fieldOf: 'NoteIn',
        description: 'Short title',
      },
      {
        name: 'body',
        in: 'body',
        annotation: 'str',
        required: false,
        default: '',
        fieldOf: 'NoteIn',
      },
      {
        name: 'tags',
        in: 'body',
        annotation: 'list[str]',
        required: false,
        default: [],
        fieldOf: 'NoteIn',
      },
    ]);
    expect(profile.servers).toEqual([
      {
        framework: 'uvicorn',
        line: 50,
        host: '0.0.0.0',
        port: 8080,
        app: 'app',
        file: 'app/main.py',
      },
    ]);
    expect(profile.resources.longRunning).toEqual([
      { file: 'app/main.py', line: 50, detail: 'uvicorn server on port 8080' },
    ]);
  });
});

describe('Express', () => {
  it('reads routes of a router mounted from another file, with query and body fields, and app.listen', async () => {
    const profile = await scanFixture('express-service');
    expect(profile.routes.map((route) => `${route.file} ${route.method} ${route.path}`)).toEqual([
      'routes/orders.js GET /',
      'routes/orders.js GET /:id',
      'routes/orders.js POST /',
      'server.js GET /health',
    ]);
    expect(profile.routes[0]!.parameters).toEqual([
      { name: 'status', in: 'query', required: false },
      { name: 'limit', in: 'query', required: false },
    ]);
    expect(profile.routes[1]!.parameters).toEqual([{ name: 'id', in: 'path', required: true }]);
    expect(profile.routes[2]!.parameters).toEqual([
      { name: 'customer', in: 'body', required: true },
      { name: 'items', in: 'body', required: true },
      { name: 'status', in: 'body', required: false },
    ]);
    expect(profile.servers).toEqual([
      { framework: 'express', line: 16, port: 3000, app: 'app', file: 'server.js' },
    ]);
    // The mount in server.js prefixes the router's paths when they become capabilities.
    expect(
      profile.capabilities
        .filter((c) => c.invocation.kind === 'http')
        .map((c) =>
          c.invocation.kind === 'http'
            ? `${c.name} ${c.invocation.method} ${c.invocation.path}`
            : '',
        ),
    ).toEqual([
      'get-api-orders GET /api/orders',
      'get-api-orders-by-id GET /api/orders/:id',
      'get-health GET /health',
      'post-api-orders POST /api/orders',
    ]);
  });
});
