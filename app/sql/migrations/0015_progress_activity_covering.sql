-- The export of a range of activity (app/reports_export.c) reads whole
-- progress records in order of last activity from progress_activity.
-- Records in that order are scattered over the table, so that each one
-- cost a page of the table of its own (and pushed the users' and roles'
-- pages out of the buffer cache for the look-ups that follow): with every
-- other column of a record in the index, a batch reads the index alone.
-- The index replaces the one of migration 0014 (the same keys), so that
-- an update of a record writes as many index entries as before.
DROP INDEX progress_activity;
CREATE INDEX progress_activity ON progress
	(tenant_id, last_activity, user_id, resource_id)
	INCLUDE (lang, status, score, total_cs, attempts, first_activity);
