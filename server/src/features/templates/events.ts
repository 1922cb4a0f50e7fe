import { z } from 'zod';
import { defineEvent } from '../../platform/events/outbox.js';

const payload = z.object({ templateId: z.uuid(), versionId: z.uuid(), version: z.number().int() });

/** A new version exists (creation, edit or restore): sends may now pin it. */
export const templateVersionCreated = defineEvent('template.version_created', payload);
export const templateDeleted = defineEvent('template.deleted', z.object({ templateId: z.uuid() }));
