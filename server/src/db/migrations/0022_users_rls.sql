-- users under row-level security (issue 14, finding 9). The app role could read the name and
-- email of every user of every org; now it sees the signed-in user, the members of the current
-- org, and whoever sent one of the current org's invitations (the invitation list names them).
-- System work (sign-in, session lookup) runs as the owning role, which RLS does not bind.
ALTER TABLE users ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY org_members ON users FOR SELECT
  USING (
    id = nullif(current_setting('app.user_id', true), '')::uuid
    OR EXISTS (
      SELECT 1 FROM memberships m
      WHERE m.user_id = users.id
        AND m.org_id = nullif(current_setting('app.org_id', true), '')::uuid
    )
    OR EXISTS (
      SELECT 1 FROM invitations i
      WHERE i.invited_by = users.id
        AND i.org_id = nullif(current_setting('app.org_id', true), '')::uuid
    )
  );
