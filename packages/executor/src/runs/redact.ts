/** Replaces every occurrence of a secret in the strings of a JSON value with `[secret]`. */
export function redactSecrets<T>(value: T, secrets: readonly string[]): T {
  const words = secrets.filter((secret) => secret.length >= 3).sort((a, b) => b.length - a.length);
  if (words.length === 0) return value;
  const visit = (item: unknown): unknown => {
    if (typeof item === 'string') {
      let text = item;
      for (const word of words) if (text.includes(word)) text = text.split(word).join('[secret]');
      return text;
    }
    if (Array.isArray(item)) return item.map(visit);
    if (item !== null && typeof item === 'object') {
      return Object.fromEntries(Object.entries(item).map(([key, entry]) => [key, visit(entry)]));
    }
    return item;
  };
  return visit(value) as T;
}
