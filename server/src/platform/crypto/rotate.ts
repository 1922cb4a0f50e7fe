import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.js';
import { ENCRYPTED_COLUMNS } from '../../db/encrypted-columns.js';
import type { KeyRing } from './fernet.js';

export interface RotationReport {
  table: string;
  column: string;
  scanned: number;
  rotated: number;
}

const ident = (name: string) => sql.raw(`"${name.replaceAll('"', '""')}"`);

/**
 * Re-encrypts every stored secret with the first key of the ring, in batches, each batch in its
 * own transaction. Idempotent: tokens already under the first key are left alone, so an
 * interrupted run can simply be started again. Old keys can be removed from FERNET_KEYS after it.
 */
export async function rotateStoredSecrets(
  db: Db,
  ring: KeyRing,
  batchSize = 500,
): Promise<RotationReport[]> {
  const reports: RotationReport[] = [];
  for (const spec of ENCRYPTED_COLUMNS) {
    const report = { table: spec.table, column: spec.column, scanned: 0, rotated: 0 };
    const keyList = sql.join(spec.key.map(ident), sql`, `);
    let after: string | null = null;
    for (;;) {
      const batch = await db.transaction(async (tx) => {
        const rows = await queryRows<{ pk: string; value: string }>(
          tx,
          sql`
          select row_to_json(row(${keyList}))::text as pk, ${ident(spec.column)} as value
          from ${ident(spec.table)}
          where ${ident(spec.column)} is not null
            ${after === null ? sql`` : sql`and row_to_json(row(${keyList}))::text > ${after}`}
          order by 1
          limit ${batchSize}
          for update`,
        );
        for (const row of rows) {
          if (!ring.needsRotation(row.value)) continue;
          const rotated = ring.rotate(row.value);
          const conditions = sql.join(
            spec.key.map((k, i) => sql`${ident(k)}::text = (${row.pk}::json->>${`f${i + 1}`})`),
            sql` and `,
          );
          await tx.execute(
            sql`update ${ident(spec.table)} set ${ident(spec.column)} = ${rotated} where ${conditions}`,
          );
          report.rotated++;
        }
        return rows;
      });
      report.scanned += batch.length;
      if (batch.length < batchSize) break;
      after = batch.at(-1)!.pk;
    }
    reports.push(report);
  }
  return reports;
}
