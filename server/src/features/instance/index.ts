import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../lib/paths.js';
import { defineModule } from '../../platform/module.js';
import { registerInstanceRoutes } from './routes.js';
import type { InstanceInfo } from './schemas.js';

export type { InstanceInfo } from './schemas.js';

const packageVersion = () =>
  (
    JSON.parse(readFileSync(path.join(projectRoot(), 'package.json'), 'utf8')) as {
      version: string;
    }
  ).version;

/**
 * `GET /api/v1/instance`: public facts about this server. `features` is filled in by the
 * composition root with the names of the modules it mounts.
 */
export function createInstanceModule(deps: {
  embedded: boolean;
  sandbox: boolean;
  signupOpen: boolean;
  mail: InstanceInfo['mail'];
  features: () => readonly string[];
}) {
  const version = packageVersion();
  const info = (): InstanceInfo => ({
    version,
    embedded: deps.embedded,
    sandbox: deps.sandbox,
    signupOpen: deps.signupOpen,
    mail: { ...deps.mail },
    features: [...deps.features()].sort(),
  });
  return defineModule({
    name: 'instance',
    routes: { api: (app) => registerInstanceRoutes(app, { info }) },
  });
}
