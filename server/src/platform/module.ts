import type { FastifyInstance } from 'fastify';
import type { Subscription } from './events/outbox.js';
import type { JobDefinition } from './jobs/registry.js';

/** Registers a feature's routes on one scope of the app. */
export type RouteRegistrar = (app: FastifyInstance) => void | Promise<void>;

/**
 * What a feature contributes to the running system, built by its `create…Module(deps)` factory
 * from the narrow dependencies it names (decision 022). The composition root (`services.ts`)
 * builds the list once; the app mounts the routes, the workers run the jobs and deliver the
 * subscribed events. Nothing is patched in after construction.
 */
export interface FeatureModule {
  /** Unique; subscriptions are delivered under `<name>.<subscription name>`. */
  name: string;
  routes?: {
    /** At the root: callbacks, public pages, health. No authentication by the app. */
    root?: RouteRegistrar;
    /** Under `/api/v1`: authenticated by the route (sessions, API keys). */
    api?: RouteRegistrar;
    /** Under `/api/v1/orgs/:orgId`: membership (or the API key's org) already established. */
    org?: RouteRegistrar;
  };
  /** Background jobs (pg-boss), each owned and enqueued by this feature. */
  jobs?: readonly JobDefinition[];
  /** Domain events this feature reacts to, delivered at least once each (decision 021). */
  subscriptions?: readonly Subscription[];
}

export const defineModule = (module: FeatureModule): FeatureModule => module;

export const jobsOf = (modules: readonly FeatureModule[]): JobDefinition[] =>
  modules.flatMap((m) => m.jobs ?? []);

/** Every subscription, named after its module so names stay unique across features. */
export const subscriptionsOf = (modules: readonly FeatureModule[]): Subscription[] =>
  modules.flatMap((m) =>
    (m.subscriptions ?? []).map((s) => ({ ...s, name: `${m.name}.${s.name}` })),
  );
