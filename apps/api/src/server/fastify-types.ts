import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Access, Principal } from '../auth/principal';

/** The Fastify instance the API builds, typed by zod schemas. */
export type ApiApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** An idempotency key claimed by a request, to be completed or released when it is answered. */
export interface ClaimedIdempotencyKey {
  readonly scope: string;
  readonly key: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route the app registered (method and URL template), HEAD left out. */
    listRoutes(): { method: string; url: string }[];
  }
  interface FastifyContextConfig {
    /** Who may call the route: `public`, or the least role. Every route sets it. */
    access?: Access;
    /**
     * The audit log's action for a mutating route (`plugin.install`), or false for POSTs that
     * change nothing (`/workflows/validate`).
     * @default `<method> <route>`
     */
    audit?: string | false;
    /**
     * False for POSTs whose answer must not be stored (it holds a new API key's token), so an
     * `Idempotency-Key` is ignored there.
     * @default true
     */
    idempotency?: boolean;
  }
  interface FastifyRequest {
    /** Who is calling; undefined on public routes called without credentials. */
    principal?: Principal;
    /** The idempotency key this request claimed. */
    idempotency?: ClaimedIdempotencyKey;
    /** True when the answer was replayed from an earlier request with the same idempotency key. */
    idempotentReplay?: boolean;
  }
}
