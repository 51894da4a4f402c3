import { z } from 'zod';
import { ErrorResponse, errorStatus, type ErrorCode } from '../../protocol/errors.ts';
import { SESSION_COOKIE } from '../../app/cookies.ts';
import { answerOf, type ApiRoute } from './route.ts';

type JsonSchema = Record<string, unknown>;

/** Converts a zod schema, moving named sub-schemas into `components.schemas`. */
function schemaOf(
  schema: z.ZodType,
  io: 'input' | 'output',
  components: Record<string, JsonSchema>,
): JsonSchema {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  delete json.$schema;
  const defs = (json.$defs ?? {}) as Record<string, JsonSchema>;
  delete json.$defs;
  const relink = (value: JsonSchema) =>
    JSON.parse(
      JSON.stringify(value).replaceAll('"#/$defs/', '"#/components/schemas/'),
    ) as JsonSchema;
  for (const [name, def] of Object.entries(defs)) components[name] ??= relink(def);
  return relink(json);
}

function parametersOf(
  schema: z.ZodType | undefined,
  location: 'path' | 'query',
  components: Record<string, JsonSchema>,
) {
  if (!schema) return [];
  const json = schemaOf(schema, 'input', components);
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, s]) => ({
    name,
    in: location,
    required: location === 'path' || required.has(name),
    schema: s,
  }));
}

function uploadSchema(route: ApiRoute, components: Record<string, JsonSchema>): JsonSchema {
  let fields: JsonSchema = route.body
    ? schemaOf(route.body, 'input', components)
    : { properties: {} };
  // A named schema comes back as a reference: the form's fields are those it names.
  const ref = typeof fields.$ref === 'string' ? fields.$ref.split('/').pop()! : null;
  if (ref && components[ref]) fields = components[ref];
  return {
    type: 'object',
    properties: {
      ...(fields.properties as object),
      [route.upload!.field]:
        (route.upload!.maxFiles ?? 1) > 1
          ? {
              type: 'array',
              items: { type: 'string', format: 'binary' },
              maxItems: route.upload!.maxFiles,
            }
          : { type: 'string', format: 'binary' },
    },
    required: [
      ...((fields.required as string[] | undefined) ?? []),
      ...((route.upload!.maxFiles ?? 1) > 1 ? [] : [route.upload!.field]),
    ],
  };
}

export function buildOpenApi(routes: readonly ApiRoute[], version: string): JsonSchema {
  const components: Record<string, JsonSchema> = {};
  const errorRef = schemaOf(ErrorResponse, 'output', components);
  const paths: Record<string, Record<string, unknown>> = {};

  for (const route of routes) {
    const path = route.path.replace(/:(\w+)/g, '{$1}');
    answerOf(route);
    const status = route.status ?? 200;
    const binary = { schema: { type: 'string', format: 'binary' } };
    const responses: Record<string, unknown> = {
      [status]: route.produces
        ? {
            description: 'The file',
            content: Object.fromEntries(route.produces.map((type) => [type, binary])),
          }
        : route.response
          ? {
              description: 'Success',
              content: {
                'application/json': { schema: schemaOf(route.response, 'output', components) },
              },
            }
          : { description: 'Done' },
    };
    // Any request can be too long for the server to read (431), whatever the operation.
    const codes = new Set<ErrorCode>([...(route.errors ?? []), 'validation', 'request_too_long']);
    // Who may call: anonymous callers get 401, and a caller without the right 403.
    if (route.access !== 'public') codes.add('unauthenticated');
    if (route.access === 'admin' || (route.access === 'signed-in' && route.path.includes(':'))) {
      codes.add('forbidden');
    }
    if (route.upload)
      codes.add('file_too_large').add('unsupported_file').add('unsupported_media_type');
    else if (route.body)
      codes.add('bad_json').add('payload_too_large').add('unsupported_media_type');
    else codes.add('unexpected_body');
    for (const code of codes) {
      const s = String(errorStatus[code]);
      const existing = responses[s] as { description: string } | undefined;
      responses[s] = {
        description: existing ? `${existing.description}, ${code}` : code,
        content: { 'application/json': { schema: errorRef } },
      };
    }
    (paths[path] ??= {})[route.method] = {
      operationId: route.operationId,
      summary: route.summary,
      tags: [route.tag],
      ...(route.access === 'public' ? { security: [] } : {}),
      'x-access': route.access,
      parameters: [
        ...parametersOf(route.params, 'path', components),
        ...parametersOf(route.query, 'query', components),
      ],
      ...(route.upload
        ? {
            requestBody: {
              required: true,
              content: {
                'multipart/form-data': {
                  schema: uploadSchema(route, components),
                  encoding: { [route.upload.field]: { contentType: route.upload.accept } },
                },
              },
            },
          }
        : route.body
          ? {
              requestBody: {
                required: true,
                content: {
                  'application/json': { schema: schemaOf(route.body, 'input', components) },
                },
              },
            }
          : {}),
      responses,
    };
  }

  return {
    openapi: '3.1.0',
    info: {
      title: 'Đối thoại API',
      version,
      description:
        'JSON API of the Đối thoại platform. Errors are `{ "error": { "code", "message", "fields"? } }` with the message in the caller\'s language (account preference, then the `dt_lang` cookie, then Accept-Language).',
    },
    servers: [{ url: '/api/v1' }],
    security: [{ session: [] }],
    components: {
      schemas: components,
      securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE } },
    },
    paths,
  };
}
