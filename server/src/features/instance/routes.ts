import type { FastifyInstance } from 'fastify';
import { typed } from '../../platform/http/route-types.js';
import { InstanceInfo } from './schemas.js';

export function registerInstanceRoutes(app: FastifyInstance, deps: { info: () => InstanceInfo }) {
  typed(app).get(
    '/instance',
    {
      schema: {
        tags: ['instance'],
        summary: 'What this server is and offers (public; the web app adapts to it)',
        security: [],
        response: { 200: InstanceInfo },
      },
    },
    () => deps.info(),
  );
}
