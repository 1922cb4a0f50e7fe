import { z } from 'zod';
import { ALERT_SEVERITIES, ALERT_STATUSES } from '../../db/schema/index.js';
import { defineEvent } from '../../platform/events/outbox.js';

const ref = {
  alertId: z.uuid(),
  ruleId: z.uuid(),
  key: z.string(),
  integrationId: z.uuid().nullable(),
  title: z.string(),
  severity: z.enum(ALERT_SEVERITIES),
  status: z.enum(ALERT_STATUSES),
  /** Silenced alerts still record their transitions; nobody is notified until this instant. */
  silencedUntil: z.iso.datetime().nullable(),
  actor: z.object({ type: z.enum(['user', 'api_key', 'system']), name: z.string() }),
};

/** The notifications issue subscribes to these (decision 032). */
export const alertOpened = defineEvent('alert.opened', z.object(ref));
export const alertAcknowledged = defineEvent(
  'alert.acknowledged',
  z.object({ ...ref, comment: z.string().nullable() }),
);
export const alertResolved = defineEvent(
  'alert.resolved',
  z.object({ ...ref, resolution: z.enum(['auto', 'manual']), comment: z.string().nullable() }),
);
/** A new breach after a resolved alert: the old one names the new one. */
export const alertReopenedAs = defineEvent(
  'alert.reopened_as',
  z.object({ ...ref, previousAlertId: z.uuid() }),
);
