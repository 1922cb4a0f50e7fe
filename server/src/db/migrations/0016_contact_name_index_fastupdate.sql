-- The name-word index takes new entries through GIN's pending list (flushed in bulk by vacuum or
-- when it reaches gin_pending_list_limit) instead of updating posting trees row by row: CSV
-- import went from about 4,700 to 5,400 rows/s at a million contacts, while name search (which
-- also reads the bounded pending list) stayed near 12 ms p95. Unlike the trigram index this
-- replaced, nothing but `@@` uses it, so the pending list cannot slow identity lookups.
ALTER INDEX contacts_name_words_idx SET (fastupdate = on);
