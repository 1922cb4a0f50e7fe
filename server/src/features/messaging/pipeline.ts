import type { Db } from '../../db/client.js';

export interface PipelineOptions {
  batchSize: number;
}

export interface SendPipeline {
  /** Sends what is due for one integration; returns when to run again, if work is waiting. */
  dispatch(target: { orgId: string; integrationId: string }): Promise<Date | undefined>;
  /** Starts due scheduled campaigns; the integrations that have due or stale work. */
  sweep(): Promise<{ orgId: string; integrationId: string }[]>;
}

export function createSendPipeline(_deps: { db: Db }): SendPipeline {
  return {
    async dispatch() {
      return undefined;
    },
    async sweep() {
      return [];
    },
  };
}
