/**
 * What a provider is to the rest of the server: one definition per folder (`providers/<name>/`),
 * listed once in `registry.ts`. The integrations, webhooks and messaging features read providers
 * only through these capabilities, never by name, so a new provider is its folder and one line.
 */
import type { z } from 'zod';
import type {
  Channel,
  Endpoint,
  FailureClass,
  NormalizedEvent,
  Outcome,
  Provider,
  SendResult,
  StatusResult,
} from './types.js';

/** An integration with its secrets decrypted: lives in memory for one operation only. */
export interface ResolvedIntegration {
  id: string;
  orgId: string;
  provider: Provider;
  sandbox: boolean;
  credentials: Record<string, string>;
  settings: Record<string, string>;
  webhookSecret: string | null;
}

/** A resolved integration with the base URL its calls go to (the real API or the emulator). */
export type Connected = ResolvedIntegration & { endpoint: Endpoint };

/** What verification of a callback needs: the stored credentials and our generated secret. */
export interface WebhookSecrets {
  provider: Provider;
  credentials: Record<string, string>;
  webhookSecret: string | null;
}

export interface InboundRequest {
  /** Which of the provider's webhook routes was called (`webhooks.routes[].purpose`). */
  purpose: string;
  /** The public URL the provider called (PUBLIC_URL + path + query). */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  rawBody: Buffer;
  now?: number;
}

/** The events of a verified callback, each with its dedupe key (null: kept for dedupe only). */
export type ParsedCallback = { providerEventId: string; event: NormalizedEvent | null }[];

/** What the sending pipeline hands a provider: our id, the address and the rendered content. */
export interface OutboundMessage {
  id: string;
  channel: Channel;
  address: string;
  content: { subject?: string; text?: string; html?: string };
  /** Email: the recipient's one-click unsubscribe URL (`List-Unsubscribe`, RFC 8058). */
  unsubscribeUrl?: string;
  /** When the attempt that may have gone out started (reconciliation looks from here). */
  attemptStartedAt: Date;
}

export type LookupResult = { found: true; providerMessageId: string } | { found: false };

export interface ProviderSender {
  send(m: OutboundMessage): Promise<Outcome<SendResult>>;
  /**
   * Whether a send whose answer was lost went out: by our reference where the provider allows.
   * Absent when the provider has no way to ask (Telegram, Instagram): those go to review.
   */
  lookup?: (m: OutboundMessage) => Promise<Outcome<LookupResult>>;
  /** How long a provider's lookup may lag behind an accepted send. */
  lookupLagMs: number;
}

export interface WebhookRoute {
  /** Passed to verify/parse: which callback this is. */
  purpose: string;
  /** Path under `/webhooks/{provider}/{integrationId}`. */
  suffix: string;
  /** The OpenAPI summary. */
  summary: string;
  /** A body the provider expects back on success (Twilio wants TwiML for incoming messages). */
  reply?: { contentType: string; body: string };
}

/** A provider-specific GET handshake on the webhook URL (Meta's `hub.challenge`). */
export interface WebhookHandshake {
  summary: string;
  query: z.ZodType<Record<string, string | undefined>>;
  answer(
    query: Record<string, unknown>,
    webhookSecret: string,
  ): { status: 200; body: string } | { status: 403 };
}

/** A person's sentence per failure class, for connection tests and registrations. */
export type FailureMessages = Record<FailureClass | 'ok', string>;

export interface ProviderDefinition {
  name: Provider;
  label: string;
  /** The real API's base URL (sandbox integrations use `{SANDBOX_URL}/{name}`). */
  apiBaseUrl: string;
  /** The channel its provider_events are counted under when no message says otherwise. */
  defaultChannel: Channel;
  /** The channels an integration can send on, given its settings. */
  channels(settings: Record<string, string>): Channel[];

  /** Strict formats of credentials and settings, checked by the service after the org check. */
  credentials: z.ZodType<Record<string, string | undefined>>;
  settings: z.ZodType<Record<string, string | undefined>>;
  /** Loose shapes at the HTTP edge (the create body's OpenAPI schema). */
  createBody: { credentials: z.ZodType; settings: z.ZodType };
  /** Checks that depend on more than one field or on the sandbox flag. */
  checkCredentials?(
    credentials: Record<string, string>,
    opts: { sandbox: boolean },
  ): { path: string; message: string }[];
  /** Credential fields shown only as a masked hint. */
  secretFields: readonly string[];
  /**
   * A secret Switchboard generates for the provider to present on every callback (Telegram's
   * secret token) or to verify our webhook with (Meta's verify token, `shownToAdmins`).
   */
  webhookSecret?: { generate(): string; shownToAdmins: boolean };
  /** Overrides of the generic failure sentences. */
  messages?: Partial<FailureMessages>;

  connection: { test(i: Connected): Promise<Outcome<unknown>> };

  callbacks: {
    routes: readonly WebhookRoute[];
    handshake?: WebhookHandshake;
    /** Telegram and Meta expect 403 for a request they did not sign; the others get 401. */
    rejectStatus: 401 | 403;
    /** Headers worth keeping with the raw body (signatures, timestamps; never a secret token). */
    keptHeaders: readonly string[];
    /** The provider's own verification, on the raw bytes; nothing else runs before it. */
    verify(secrets: WebhookSecrets, req: InboundRequest): boolean;
    /** `undefined`: the body is not what this provider sends (stored raw, nothing to process). */
    parse(req: Pick<InboundRequest, 'purpose' | 'rawBody' | 'headers'>): ParsedCallback | undefined;
    /**
     * Whether callbacks cover more than this integration's messages (SendGrid's event webhook
     * covers the whole account): an event without our reference is then not ours to wait for.
     */
    accountWide: boolean;
  };

  /** The webhook registration the provider needs (absent: the user pastes the URLs). */
  registration?: {
    /** Registered only for sandbox integrations (in production the user configures it). */
    sandboxOnly: boolean;
    /** The provider verifies the registration by calling us: the row must exist first. */
    callsBack: boolean;
    register(
      i: Connected,
      urls: Record<string, string>,
    ): Promise<Outcome<{ credentials?: Record<string, string> }>>;
    /** Whether our webhook is still the registered one. */
    status(i: Connected, urls: Record<string, string>): Promise<Outcome<{ registered: boolean }>>;
  };

  send: {
    sender(i: Connected, ctx: { webhookUrls: Record<string, string> }): ProviderSender;
    /** Whether the provider ever reports delivery (Telegram does not: `sent` is final). */
    deliveryReports: boolean;
    /** The provider's current status of one message, for polling when reports do not come. */
    statusLookup?(i: Connected, providerMessageId: string): Promise<Outcome<StatusResult>>;
    /** Our reason (stable code, a sentence) for a failure the provider reported, by its code. */
    failureReason?(errorCode: string | undefined): { code: string; text: string } | undefined;
    /** The error code meaning "the recipient replied STOP to this sender" (Twilio 21610). */
    optedOutErrorCode?: string;
  };
}
