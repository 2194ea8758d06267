/** Inputs with the schema's defaults filled in, as an executor passes them. */
export function withDefaults(
  properties: Record<string, { default?: unknown }>,
  inputs: Record<string, unknown>,
): Record<string, unknown> {
  const filled: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(properties))
    if (schema.default !== undefined) filled[name] = schema.default;
  return { ...filled, ...inputs };
}
