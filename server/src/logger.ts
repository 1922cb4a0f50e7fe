import { pino, type Logger } from 'pino';

/** JSON logs; credentials in headers never reach them. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'res.headers["set-cookie"]',
        '*.password',
        '*.passwordHash',
        '*.token',
        '*.key',
      ],
      censor: '[redacted]',
    },
  });
}
