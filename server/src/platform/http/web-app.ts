import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { contentSecurityPolicy, newNonce } from './security.js';

export const webDistDir = (root: string) => path.join(root, 'web/dist');

/**
 * Serves the built web app. index.html gets a fresh nonce on every response: on each script tag
 * and in a meta tag from which the app hands it to Mantine for its <style> elements.
 */
export async function registerWebApp(app: FastifyInstance, distDir: string) {
  const indexFile = path.join(distDir, 'index.html');
  if (!existsSync(indexFile)) {
    app.log.warn(`web app not built (${indexFile} missing): serving the API only`);
    return undefined;
  }
  const template = readFileSync(indexFile, 'utf8');

  await app.register(fastifyStatic, {
    root: distDir,
    index: false,
    wildcard: true,
    // index.html only ever leaves through sendIndex (it needs this response's nonce), and
    // directories (`/` included) are not files: both fall through to the not-found handler.
    allowedPath: (pathName) => !pathName.endsWith('/') && pathName !== '/index.html',
    setHeaders(reply, filePath) {
      const immutable = filePath.includes(`${path.sep}assets${path.sep}`);
      reply.header('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });

  return function sendIndex(reply: FastifyReply) {
    const nonce = newNonce();
    const html = template
      .replaceAll('__CSP_NONCE__', nonce)
      .replace(/<script(?![^>]*\snonce=)/g, `<script nonce="${nonce}"`)
      .replace(
        /<link(?=[^>]*rel="(?:stylesheet|modulepreload)")(?![^>]*\snonce=)/g,
        `<link nonce="${nonce}"`,
      );
    return reply
      .header('Content-Security-Policy', contentSecurityPolicy(nonce))
      .header('Cache-Control', 'no-store')
      .type('text/html; charset=utf-8')
      .send(html);
  };
}
