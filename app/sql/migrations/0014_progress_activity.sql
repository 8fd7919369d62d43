-- Progress records in order of last activity, for the exports of a range
-- of activity (app/reports_export.c): a batch then reads its own rows
-- however few of a tenant's records fall in the range.
CREATE INDEX progress_activity ON progress
	(tenant_id, last_activity, user_id, resource_id);
