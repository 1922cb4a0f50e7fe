import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, ERROR_CODES, type ErrorCode, type FieldError } from '../errors.js';
import { problemTypeUri } from './problem-docs.js';

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string(),
    requestId: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem' });

/** Writes problem+json; `type` is the code's entry on this instance's reference page. */
function problemSender(publicUrl: string) {
  return (
    reply: FastifyReply,
    request: FastifyRequest,
    code: ErrorCode,
    detail: string,
    extra: { errors?: FieldError[] | undefined; fields?: Record<string, unknown> | undefined } = {},
  ) => {
    const { status, title } = ERROR_CODES[code];
    return reply
      .status(status)
      .type('application/problem+json')
      .serializer(JSON.stringify)
      .send({
        type: problemTypeUri(publicUrl, code),
        title,
        status,
        detail,
        code,
        requestId: request.id,
        ...(extra.errors && { errors: extra.errors }),
        ...extra.fields,
      });
  };
}

/** zod issue paths (`body.name`) and Fastify's (`/name`) both become `name`. */
function validationErrors(error: FastifyError): FieldError[] {
  if (hasZodFastifySchemaValidationErrors(error)) {
    return error.validation.map((v) => {
      const params = v.params as { issue?: { path?: (string | number)[]; message?: string } };
      const path =
        params.issue?.path?.join('.') || v.instancePath.replace(/^\//, '').replaceAll('/', '.');
      return {
        path: path || (error.validationContext ?? 'body'),
        message: v.message ?? 'is invalid',
      };
    });
  }
  return (error.validation ?? []).map((v) => ({
    path: v.instancePath.replace(/^\//, '').replaceAll('/', '.') || (error.validationContext ?? ''),
    message: v.message ?? 'is invalid',
  }));
}

/** Fastify's own error codes that are the client's fault, mapped to ours. */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformed_json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'malformed_json',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'validation_failed',
  FST_ERR_CTP_INVALID_TYPE: 'unsupported_media_type',
};

/**
 * Paths the SPA never owns: unknown ones there are API-style 404s, not the web app. A missing
 * hashed asset (a stale tab after a deploy) must be a 404, not HTML served as a script.
 */
const NON_SPA = /^\/(api|webhooks|healthz|readyz|metrics|assets)(\/|$)/;

/** Other plugins' client errors, by status. */
const STATUS_CODES: Partial<Record<number, ErrorCode>> = {
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
};

/**
 * Errors the router raises before any route or hook runs (a path segment longer than
 * `maxParamLength`, a URL that does not decode): problems like every other client error. Passed
 * to Fastify as its `frameworkErrors` option.
 */
export function frameworkErrorHandler(publicUrl: string) {
  const send = problemSender(publicUrl);
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply): void => {
    request.log.info({ code: error.code }, 'client error');
    const message =
      error.code === 'FST_ERR_MAX_PARAM_LENGTH'
        ? 'is longer than any identifier'
        : 'is not a valid URL path';
    void send(reply, request, 'validation_failed', 'The request URL is not valid.', {
      errors: [{ path: 'params', message }],
    });
  };
}

export function registerErrorHandling(
  app: FastifyInstance,
  spaIndex: () => ((reply: FastifyReply) => FastifyReply) | undefined,
  publicUrl: string,
) {
  const send = problemSender(publicUrl);
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      if (error.headers) reply.headers(error.headers);
      return send(reply, request, error.code, error.message, {
        errors: error.errors,
        fields: error.extra,
      });
    }
    if (error.validation) {
      const errors = validationErrors(error);
      return send(reply, request, 'validation_failed', 'The request is not valid.', { errors });
    }
    const mapped = error.code ? FASTIFY_CODES[error.code] : undefined;
    if (mapped) {
      request.log.info({ code: error.code }, 'client error');
      const detail =
        mapped === 'payload_too_large'
          ? 'The request body is larger than this endpoint accepts.'
          : mapped === 'malformed_json'
            ? 'The request body is not valid JSON.'
            : ERROR_CODES[mapped].title + '.';
      return send(reply, request, mapped, detail);
    }
    if (error.statusCode === 429) {
      return send(reply, request, 'rate_limited', 'Too many requests. Try again later.');
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      request.log.info({ err: error }, 'client error');
      const code = STATUS_CODES[error.statusCode] ?? 'validation_failed';
      return send(
        reply,
        request,
        code,
        code === 'validation_failed' ? 'The request is not valid.' : ERROR_CODES[code].title + '.',
      );
    }
    // Internals (SQL, stack traces, provider messages) are logged, never sent.
    request.log.error({ err: error }, 'unhandled error');
    return send(
      reply,
      request,
      'internal_error',
      'Something went wrong on our side. It has been logged.',
    );
  });

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    const sendIndex = spaIndex();
    if (
      sendIndex &&
      (request.method === 'GET' || request.method === 'HEAD') &&
      !NON_SPA.test(path)
    ) {
      // Client-side routes (/orgs/…/settings) load the web app, which renders its own 404.
      return sendIndex(reply);
    }
    return send(reply, request, 'not_found', `No route for ${request.method} ${path}.`);
  });
}
