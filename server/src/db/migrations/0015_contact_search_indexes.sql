-- Contact search (decision 012). At a million contacts the trigram indexes matched nearly every
-- row for common fragments and could not be bounded. Identity-shaped queries (emails, phone
-- numbers, handles) are answered by prefix on the normalized value, as a byte-order range
-- (COLLATE "C"; plain comparisons are leakproof, so row-level security does not stop the index
-- from serving the range and its ORDER BY … LIMIT); names by word prefix through a full-text
-- index ('simple': no stemming, no stop words).
DROP INDEX IF EXISTS contact_identities_normalized_trgm_idx;--> statement-breakpoint
DROP INDEX IF EXISTS contacts_name_trgm_idx;--> statement-breakpoint
CREATE INDEX contact_identities_normalized_prefix_idx ON contact_identities (org_id, normalized COLLATE "C");--> statement-breakpoint
CREATE INDEX contacts_name_words_idx ON contacts USING gin (to_tsvector('simple', name)) WITH (fastupdate = off);--> statement-breakpoint
-- `@@` is not leakproof: under row-level security PostgreSQL will not use it as an index
-- condition and scans every row. This function runs the match as the owner, scoped to the org of
-- the calling transaction (`app.org_id`, the same setting the policies read), so it can return
-- nothing outside that org.
CREATE FUNCTION contact_ids_matching_name(words tsquery, max_rows int) RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT id FROM contacts
     WHERE org_id = nullif(current_setting('app.org_id', true), '')::uuid
       AND to_tsvector('simple', name) @@ words
     LIMIT max_rows
  $$;--> statement-breakpoint
REVOKE ALL ON FUNCTION contact_ids_matching_name(tsquery, int) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION contact_ids_matching_name(tsquery, int) TO switchboard_app;
