import type { OrgContext } from '../../platform/tenancy.js';
import type { Page } from '../../platform/pagination.js';
import type { EventsQuery, MonitoringOverview, MonitoringSeries, SeriesQuery } from './schemas.js';
import type { DateRangeQuery } from '../../platform/date-range.js';
import type { z } from 'zod';
import type { ProviderEvent } from './schemas.js';

export function createMonitoringService() {
  return {
    overview(_ctx: OrgContext, _query: DateRangeQuery): Promise<MonitoringOverview> {
      throw new Error('todo');
    },
    series(_ctx: OrgContext, _query: SeriesQuery): Promise<MonitoringSeries> {
      throw new Error('todo');
    },
    events(_ctx: OrgContext, _query: EventsQuery): Promise<Page<z.infer<typeof ProviderEvent>>> {
      throw new Error('todo');
    },
  };
}
export type MonitoringService = ReturnType<typeof createMonitoringService>;
