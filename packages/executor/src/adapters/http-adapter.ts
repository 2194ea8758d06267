import {
  evaluateExpression,
  type ExpressionScope,
  type HttpEntryPoint,
  parseTemplate,
  wholeExpression,
} from '@mark1/sdk';
import { ExecutorErrorCodes, executorError } from '../errors';
import {
  asText,
  checkSecrets,
  type EntryScope,
  renderEntryTemplate,
} from '../invocation/templates';
import type { Adapter, AdapterContext } from './adapter';
import { parseOutputText } from './parse-output';

/** A URL template: values are percent-encoded where they land (a whole-URL expression is taken as it is). */
function renderUrl(text: string, scope: EntryScope, where: string): string {
  const template = parseTemplate(text);
  if (wholeExpression(template)) return asText(renderEntryTemplate(text, scope, where));
  checkSecrets(template, scope.secrets, where);
  let url = '';
  for (const part of template.parts) {
    if (part.kind === 'text') {
      url += part.value;
      continue;
    }
    try {
      url += encodeURIComponent(
        asText(evaluateExpression(part.node, scope as unknown as ExpressionScope)),
      );
    } catch (error) {
      throw executorError(
        ExecutorErrorCodes.EXPRESSION_FAILED,
        `${where}: ${(error as Error).message}`,
        { cause: error },
      );
    }
  }
  return url;
}

function renderBody(value: unknown, scope: EntryScope, where: string): unknown {
  if (typeof value === 'string') return renderEntryTemplate(value, scope, where);
  if (Array.isArray(value))
    return value.map((item, index) => renderBody(item, scope, `${where}[${index}]`));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, renderBody(item, scope, `${where}.${key}`)]),
    );
  }
  return value;
}

async function readCapped(response: Response, limit: number, what: string): Promise<string> {
  if (!response.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > limit) {
      throw executorError(
        ExecutorErrorCodes.OUTPUT_TOO_LARGE,
        `${what} answered with more than ${Math.round(limit / 1048576)} MB; the executor keeps at most that.`,
      );
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * `http`: one request from the orchestrator (no plugin process runs): URL, query, headers and
 * body are templates over the inputs and the plugin's own secrets; the call is bounded by the
 * timeout and the output limit; a non-2xx answer is an `HTTP_ERROR` carrying the status and body.
 * Such a request is network use like any other, so the plugin's manifest must ask for
 * `permissions.network`: otherwise a manifest could point the orchestrator at any address it can
 * reach (loopback services, cloud metadata) without the user ever being asked.
 */
export const httpAdapter: Adapter<'http'> = {
  type: 'http',
  async run(entry: HttpEntryPoint, context: AdapterContext) {
    const what = `${context.plugin.name}/${context.capability.name}`;
    if (!context.plugin.manifest.permissions.network) {
      throw executorError(
        ExecutorErrorCodes.NETWORK_NOT_PERMITTED,
        `${what} is an http entry point, but plugin ${context.plugin.name} does not ask for network access; its manifest needs \`permissions: { network: true }\` (reinstall or update the plugin once it does).`,
      );
    }
    const url = new URL(renderUrl(entry.url, context.scope, `${what} url`));
    for (const [name, template] of Object.entries(entry.query ?? {})) {
      const value = renderEntryTemplate(
        template,
        context.scope,
        `${what} query.${name}`,
        'undefined',
      );
      if (value !== undefined && value !== null) url.searchParams.append(name, asText(value));
    }
    const headers = new Headers();
    for (const [name, template] of Object.entries(entry.headers ?? {})) {
      headers.set(
        name,
        asText(renderEntryTemplate(template, context.scope, `${what} headers.${name}`)),
      );
    }
    let body: string | undefined;
    if (entry.method !== 'GET' && entry.method !== 'DELETE') {
      const value =
        entry.body === undefined
          ? context.inputs
          : renderBody(entry.body, context.scope, `${what} body`);
      if (typeof value === 'string') {
        body = value;
        if (!headers.has('content-type')) headers.set('content-type', 'text/plain; charset=utf-8');
      } else {
        body = JSON.stringify(value);
        if (!headers.has('content-type')) headers.set('content-type', 'application/json');
      }
    }
    const timeout = AbortSignal.timeout(context.timeoutMs);
    const signal = AbortSignal.any([context.signal, timeout]);
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        method: entry.method,
        headers,
        ...(body === undefined ? {} : { body }),
        signal,
        redirect: 'follow',
      });
      text = await readCapped(response, context.maxOutputBytes, what);
    } catch (error) {
      if (context.signal.aborted)
        throw executorError(ExecutorErrorCodes.CANCELLED, `${what} was cancelled.`, {
          cause: error,
        });
      if (timeout.aborted) {
        throw executorError(
          ExecutorErrorCodes.TIMEOUT,
          `${what}: ${url.origin} did not answer within ${context.timeoutMs / 1000}s, the timeout.`,
          { cause: error },
        );
      }
      if ((error as { code?: string }).code === ExecutorErrorCodes.OUTPUT_TOO_LARGE) throw error;
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw executorError(
        ExecutorErrorCodes.HTTP_ERROR,
        `${what}: ${entry.method} ${url.origin}${url.pathname} failed: ${cause?.code ?? cause?.message ?? (error as Error).message}.`,
        { cause: error, details: { url: `${url.origin}${url.pathname}` } },
      );
    }
    if (!response.ok) {
      const shown = text.length > 500 ? `${text.slice(0, 500)}…` : text;
      throw executorError(
        ExecutorErrorCodes.HTTP_ERROR,
        `${what}: ${entry.method} ${url.origin}${url.pathname} answered ${response.status} ${response.statusText}${shown ? `: ${shown}` : ''}`,
        { details: { status: response.status, body: shown } },
      );
    }
    const json = /\bjson\b/i.test(response.headers.get('content-type') ?? '');
    const mode = entry.response === 'auto' && json ? 'json' : entry.response;
    return { value: parseOutputText(text, mode, what) };
  },
};
