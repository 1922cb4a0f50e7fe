-- Extensions used across features. PGlite must be opened with the same extensions on every
-- open (see server/src/db/client.ts), or a database that uses them will not reopen.
CREATE EXTENSION IF NOT EXISTS citext;--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS btree_gist;--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS pg_trgm;
