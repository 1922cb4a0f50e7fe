import { z } from 'zod';

export const InstanceInfo = z
  .object({
    /** The server's release (package version). */
    version: z.string(),
    /** Embedded PostgreSQL (PGlite) in DATA_DIR, rather than DATABASE_URL. */
    embedded: z.boolean(),
    /** The provider sandbox is mounted: "Try the sandbox" and sandbox integrations work. */
    sandbox: z.boolean(),
    /** Anyone may create an account and an organization (otherwise by invitation only). */
    signupOpen: z.boolean(),
    /**
     * Platform mail (invitations, password resets): `enabled` when a transport is configured or
     * the sandbox mailbox catches it (`sandbox`, shown at /sandbox/mail). Without it the web app
     * shows invitation links to copy.
     */
    mail: z.object({ enabled: z.boolean(), sandbox: z.boolean() }),
    /** The feature modules this server runs. */
    features: z.array(z.string()),
  })
  .meta({ id: 'InstanceInfo' });
export type InstanceInfo = z.infer<typeof InstanceInfo>;
