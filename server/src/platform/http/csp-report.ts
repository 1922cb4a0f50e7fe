import type { FastifyInstance } from 'fastify';
import { CSP_REPORT_PATH } from './security.js';

const REPORT_TYPES = ['application/csp-report', 'application/reports+json'];

/**
 * Browsers POST CSP violations here (report-uri). They are logged for operators; the body is
 * capped and never echoed. Rate-limited so it cannot be used to flood the logs.
 */
export function registerCspReports(app: FastifyInstance) {
  app.addContentTypeParser(
    REPORT_TYPES,
    { parseAs: 'string', bodyLimit: 16 * 1024 },
    (_req, body, done) => {
      try {
        done(null, JSON.parse(body as string));
      } catch {
        done(null, null);
      }
    },
  );
  app.post(
    CSP_REPORT_PATH,
    { schema: { hide: true }, config: { rateLimit: { max: 60, timeWindow: '1 minute' } } },
    async (request, reply) => {
      request.log.warn({ cspReport: request.body }, 'CSP violation reported');
      return reply.status(204).send();
    },
  );
}
