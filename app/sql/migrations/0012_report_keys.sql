-- Keys that let the reports' queries use their indexes under row-level
-- security, and no JIT for the application's queries.
--
-- Under row-level security a condition of a query that calls a function
-- which is not leakproof, such as lower(), is only checked after the
-- policy's, row by row: it cannot be an index condition. The exports walk
-- learners in name order a batch at a time, after the last name sent; with
-- the key as lower(display_name) each batch read every learner before it
-- again. A stored copy of the key is compared with leakproof operators,
-- so each batch starts where the last one ended.

ALTER TABLE users ADD COLUMN sort_name text
	GENERATED ALWAYS AS (lower(display_name)) STORED;
DROP INDEX users_name;
CREATE INDEX users_name ON users (tenant_id, sort_name, id);

-- The application's statements are short; compiling them costs more
-- than it saves (10 to 100 ms a statement on the reports' queries, which
-- the planner costs high because they may read many rows but stop at a
-- limit).
DO $$
BEGIN
	EXECUTE format('ALTER DATABASE %I SET jit = off', current_database());
END
$$;
