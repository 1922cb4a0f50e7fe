import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ProblemSchema } from './problem.js';

export const typed = (app: FastifyInstance) => app.withTypeProvider<ZodTypeProvider>();

/** The error responses every authenticated route can produce, for the OpenAPI document. */
export const problems = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [s, ProblemSchema])) as Record<
    number,
    typeof ProblemSchema
  >;

export const ORG_ERRORS = problems(400, 401, 403, 404);

export const NoContent = z.null().describe('No content');

/** The serializer of a route that sends text it has already built (CSV, HTML): sent as is. */
export const passThrough = (payload: unknown) => payload as string;
