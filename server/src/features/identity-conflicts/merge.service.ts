import type { Tx } from '../../db/client.js';
import type { contacts, suppressions } from '../../db/schema/index.js';
import { auditInOrg } from '../../platform/audit.js';
import { AppError, notFound } from '../../platform/errors.js';
import { emitEvent } from '../../platform/events/outbox.js';
import { iso, isoOrNull } from '../../platform/http/schemas.js';
import { UUID_RE } from '../../platform/pagination.js';
import type { OrgContext } from '../../platform/tenancy.js';
import { contactsRepo, toContact } from '../contacts/index.js';
import { contactsMerged, contactsUnmerged } from './events.js';
import { mergesRepo } from './repo.js';
import type { ContactMerge, MergeBody, MergeResult } from './schemas.js';

/**
 * Rows of later features that follow a contact through a merge (messages, bookings…). `move`
 * returns what it moved so that `restore` can put exactly that back on unmerge.
 */
export interface MergeParticipant {
  name: string;
  count(tx: Tx, orgId: string, contactId: string): Promise<number>;
  move(tx: Tx, orgId: string, fromId: string, toId: string): Promise<string[]>;
  restore(tx: Tx, orgId: string, ids: string[], toId: string): Promise<void>;
}

type ContactRow = typeof contacts.$inferSelect;
type SuppressionRow = typeof suppressions.$inferSelect;

interface MergePlan {
  target: ContactRow;
  source: ContactRow;
  sourceSuppressions: SuppressionRow[];
  preview: Omit<MergeResult, 'applied' | 'mergeId'>;
}

interface Snapshot {
  source: Omit<ContactRow, 'createdAt' | 'updatedAt'> & { createdAt: string };
  target: { name: string; attributes: Record<string, string> };
  identityIds: string[];
  sourceGroupIds: string[];
  addedGroupIds: string[];
  suppressions: (Omit<SuppressionRow, 'createdAt'> & { createdAt: string })[];
  conflicts: { id: string; field: 'contactId' | 'otherContactId' }[];
  participants: Record<string, string[]>;
}

async function lockPair(tx: Tx, ctx: OrgContext, targetId: string, sourceId: string) {
  if (!UUID_RE.test(targetId) || !UUID_RE.test(sourceId)) throw notFound('Contact');
  if (targetId === sourceId) {
    throw new AppError('unprocessable', 'A contact cannot be merged into itself.', {
      errors: [{ path: 'sourceContactId', message: 'must be another contact' }],
    });
  }
  const rows = await mergesRepo.lockPair(tx, ctx.orgId, [targetId, sourceId]);
  const target = rows.find((r) => r.id === targetId);
  const source = rows.find((r) => r.id === sourceId);
  if (!target || !source) throw notFound('Contact');
  return { target, source };
}

export function createMergeService(deps: { participants?: MergeParticipant[] } = {}) {
  const participants = deps.participants ?? [];

  async function plan(tx: Tx, ctx: OrgContext, targetId: string, body: MergeBody) {
    const { target, source } = await lockPair(tx, ctx, targetId, body.sourceContactId);
    const keys = [
      ...new Set([...Object.keys(target.attributes), ...Object.keys(source.attributes)]),
    ];
    const attributeChoices = keys.sort().map((key) => {
      const t = target.attributes[key] ?? null;
      const s = source.attributes[key] ?? null;
      const chosen =
        t === null ? 'source' : s === null ? 'target' : (body.attributes[key] ?? 'target');
      return { key, target: t, source: s, chosen } as const;
    });
    const attributes = Object.fromEntries(
      attributeChoices.map((c) => [c.key, (c.chosen === 'source' ? c.source : c.target)!]),
    );
    const name = body.name === 'source' ? source.name : target.name;
    const [targetContact, sourceContact] = [
      await toContact(tx, ctx.orgId, target),
      await toContact(tx, ctx.orgId, source),
    ];
    const sourceSuppressions = await mergesRepo.suppressionsOf(tx, ctx.orgId, source.id);
    const moves: Record<string, number> = {
      identities: sourceContact.identities.length,
      groups: sourceContact.groupIds.filter((g) => !targetContact.groupIds.includes(g)).length,
      suppressions: sourceSuppressions.length,
    };
    for (const p of participants) moves[p.name] = await p.count(tx, ctx.orgId, source.id);
    return {
      target,
      source,
      sourceSuppressions,
      preview: {
        result: {
          name,
          attributes,
          identities: [...targetContact.identities, ...sourceContact.identities],
          groupIds: [...new Set([...targetContact.groupIds, ...sourceContact.groupIds])],
        },
        attributeChoices,
        moves,
        target: targetContact,
        source: sourceContact,
      },
    };
  }

  return {
    /** Preview (default) or apply: everything of `sourceContactId` moves to `targetId`. */
    async merge(ctx: OrgContext, targetId: string, body: MergeBody): Promise<MergeResult> {
      return ctx.run(async (tx) => {
        const p = await plan(tx, ctx, targetId, body);
        if (body.preview) return { applied: false, mergeId: null, ...p.preview };
        const mergeId = await applyMerge(tx, ctx, p, participants);
        const merged = await toContact(
          tx,
          ctx.orgId,
          (await contactsRepo.get(tx, ctx.orgId, targetId))!,
        );
        return { applied: true, mergeId, ...p.preview, target: merged };
      });
    },

    listMerges(ctx: OrgContext, contactId: string): Promise<ContactMerge[]> {
      if (!UUID_RE.test(contactId)) throw notFound('Contact');
      return ctx.run(async (tx) => {
        const contact = await contactsRepo.get(tx, ctx.orgId, contactId);
        if (!contact) throw notFound('Contact');
        const rows = await mergesRepo.listInto(tx, ctx.orgId, contactId, 50);
        return rows.map((r) => ({
          id: r.id,
          targetContactId: r.targetContactId,
          sourceContactId: r.sourceContactId,
          sourceName: (r.snapshot as unknown as Snapshot).source.name,
          mergedBy: r.mergedByName,
          createdAt: iso(r.createdAt),
          undoneAt: isoOrNull(r.undoneAt),
          reversible: !r.undoneAt && r.targetVersion === contact.version,
        }));
      });
    },

    unmerge(ctx: OrgContext, mergeId: string) {
      if (!UUID_RE.test(mergeId)) throw notFound('Merge');
      return ctx.run(async (tx) => {
        const merge = await mergesRepo.getForUpdate(tx, ctx.orgId, mergeId);
        if (!merge) throw notFound('Merge');
        const target = merge.targetContactId
          ? await contactsRepo.get(tx, ctx.orgId, merge.targetContactId, { forUpdate: true })
          : undefined;
        if (merge.undoneAt || !target || target.version !== merge.targetVersion) {
          throw new AppError(
            'merge_not_reversible',
            merge.undoneAt
              ? 'This merge was already undone.'
              : 'The merged contact has changed since the merge, so it can no longer be undone.',
          );
        }
        const snap = merge.snapshot as unknown as Snapshot;
        await restore(tx, ctx, target, snap, participants);
        await mergesRepo.markUndone(tx, ctx.orgId, mergeId);
        await auditInOrg(tx, ctx, {
          action: 'contact.unmerged',
          targetType: 'contact',
          targetId: target.id,
          metadata: { mergeId, restoredContactId: snap.source.id, restoredName: snap.source.name },
        });
        await emitEvent(tx, contactsUnmerged, ctx.orgId, {
          mergeId,
          targetContactId: target.id,
          sourceContactId: snap.source.id,
        });
        const t = await contactsRepo.get(tx, ctx.orgId, target.id);
        const r = await contactsRepo.get(tx, ctx.orgId, snap.source.id);
        return {
          target: await toContact(tx, ctx.orgId, t!),
          restored: await toContact(tx, ctx.orgId, r!),
        };
      });
    },
  };
}

export type MergeService = ReturnType<typeof createMergeService>;

async function applyMerge(
  tx: Tx,
  ctx: OrgContext,
  p: MergePlan,
  participants: MergeParticipant[],
): Promise<string> {
  const { target, source, preview } = p;
  const org = ctx.orgId;
  const conflictRows = await mergesRepo.conflictsNaming(tx, org, source.id);
  const snapshot: Snapshot = {
    source: { ...source, createdAt: iso(source.createdAt) } as Snapshot['source'],
    target: { name: target.name, attributes: target.attributes },
    identityIds: preview.source.identities.map((i) => i.id),
    sourceGroupIds: preview.source.groupIds,
    addedGroupIds: preview.source.groupIds.filter((g) => !preview.target.groupIds.includes(g)),
    suppressions: p.sourceSuppressions.map((s) => ({ ...s, createdAt: iso(s.createdAt) })),
    conflicts: conflictRows.map((c) => ({
      id: c.id,
      field: c.contactId === source.id ? 'contactId' : 'otherContactId',
    })),
    participants: {},
  };
  await mergesRepo.moveAllIdentities(tx, org, source.id, target.id);
  if (snapshot.addedGroupIds.length) {
    await mergesRepo.addToGroups(tx, org, target.id, snapshot.addedGroupIds);
  }
  // Opt-outs follow the person: value rows keep their value; a whole-contact row moves unless the
  // target already has the same one (then it is dropped here and restored by an unmerge).
  for (const s of p.sourceSuppressions) {
    const clash =
      s.normalized === null &&
      (await mergesRepo.hasContactSuppression(tx, org, target.id, s.channel));
    if (clash) await mergesRepo.deleteSuppression(tx, s.id);
    else await mergesRepo.moveSuppression(tx, s.id, target.id);
  }
  for (const participant of participants) {
    snapshot.participants[participant.name] = await participant.move(tx, org, source.id, target.id);
  }
  // The pair's own duplicate flag is settled by the merge.
  await mergesRepo.resolvePairByMerge(tx, org, [target.id, source.id], {
    id: ctx.actor.id,
    name: ctx.actor.name,
  });
  await contactsRepo.delete(tx, org, source.id);
  const updated = await contactsRepo.update(tx, org, target.id, {
    name: preview.result.name,
    attributes: preview.result.attributes,
  });
  const merge = await mergesRepo.insert(tx, {
    orgId: org,
    targetContactId: target.id,
    sourceContactId: source.id,
    targetVersion: updated!.version,
    snapshot: snapshot as unknown as Record<string, unknown>,
    mergedById: ctx.actor.id,
    mergedByName: ctx.actor.name,
  });
  await auditInOrg(tx, ctx, {
    action: 'contact.merged',
    targetType: 'contact',
    targetId: target.id,
    metadata: {
      mergeId: merge.id,
      merged: {
        ...preview.source,
        identities: preview.source.identities.map((i) => ({
          channel: i.channel,
          normalized: i.normalized,
        })),
      },
    },
  });
  await emitEvent(tx, contactsMerged, org, {
    mergeId: merge.id,
    targetContactId: target.id,
    sourceContactId: source.id,
  });
  return merge.id;
}

async function restore(
  tx: Tx,
  ctx: OrgContext,
  target: ContactRow,
  snap: Snapshot,
  participants: MergeParticipant[],
) {
  const org = ctx.orgId;
  const { createdAt, ...rest } = snap.source;
  const { updatedAt: _updatedAt, ...source } = rest as typeof rest & { updatedAt?: unknown };
  await mergesRepo.restoreContact(tx, {
    ...source,
    createdAt: new Date(createdAt),
    version: source.version + 1,
  });
  if (snap.identityIds.length) {
    await mergesRepo.moveIdentities(tx, org, snap.identityIds, target.id, source.id);
  }
  if (snap.sourceGroupIds.length) {
    await mergesRepo.addToGroups(tx, org, source.id, snap.sourceGroupIds);
  }
  if (snap.addedGroupIds.length) {
    await mergesRepo.removeFromGroups(tx, org, target.id, snap.addedGroupIds);
  }
  for (const s of snap.suppressions) {
    const moved = await mergesRepo.returnSuppression(tx, org, s.id, source.id);
    if (!moved) {
      await mergesRepo.reinsertSuppression(tx, {
        ...s,
        contactId: source.id,
        identityId: null,
        createdAt: new Date(s.createdAt),
      });
    }
  }
  for (const c of snap.conflicts) {
    await mergesRepo.setConflictSide(tx, org, c.id, c.field, source.id);
  }
  for (const participant of participants) {
    await participant.restore(tx, org, snap.participants[participant.name] ?? [], source.id);
  }
  await contactsRepo.update(tx, org, target.id, snap.target);
}
