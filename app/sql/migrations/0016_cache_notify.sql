-- Workers keep copies of tenants, sessions and the catalogue (app/cache.c).
-- A change committed by anyone (the application, octolearn-admin, an
-- operator's SQL) tells every worker through NOTIFY octolearn_cache, with
-- the tenant's id as the payload ('0': platform data, the tenants
-- themselves). NOTIFY is delivered on COMMIT only, and once per payload
-- however many rows a transaction touched.
--
-- Not here: progress and attempts. A SCORM commit would take the queue's
-- lock at each COMMIT; the application bumps a learner's copies itself,
-- and what an operator changes there is seen within OL_CACHE_TTL_MS. Nor
-- sessions' own routine writes: a new session is no copy yet, and
-- last_seen_at only moves forward (a move back, expiry or revocation is
-- told).

CREATE FUNCTION octolearn_cache_notify() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF TG_TABLE_NAME = 'tenants' THEN
		PERFORM pg_notify('octolearn_cache', '0');
	ELSIF TG_OP = 'DELETE' THEN
		PERFORM pg_notify('octolearn_cache', OLD.tenant_id::text);
	ELSE
		PERFORM pg_notify('octolearn_cache', NEW.tenant_id::text);
	END IF;
	RETURN NULL;
END
$$;

CREATE TRIGGER cache_notify AFTER INSERT OR UPDATE OR DELETE ON tenants
	FOR EACH ROW EXECUTE FUNCTION octolearn_cache_notify();
CREATE TRIGGER cache_notify AFTER UPDATE OR DELETE ON users
	FOR EACH ROW EXECUTE FUNCTION octolearn_cache_notify();
CREATE TRIGGER cache_notify AFTER INSERT OR UPDATE OR DELETE ON user_roles
	FOR EACH ROW EXECUTE FUNCTION octolearn_cache_notify();
CREATE TRIGGER cache_notify AFTER INSERT OR UPDATE OR DELETE ON resources
	FOR EACH ROW EXECUTE FUNCTION octolearn_cache_notify();
CREATE TRIGGER cache_notify AFTER INSERT OR UPDATE OR DELETE
	ON resource_texts
	FOR EACH ROW EXECUTE FUNCTION octolearn_cache_notify();
CREATE TRIGGER cache_notify AFTER INSERT OR UPDATE OR DELETE
	ON resource_tags
	FOR EACH ROW EXECUTE FUNCTION octolearn_cache_notify();
CREATE TRIGGER cache_notify AFTER INSERT OR UPDATE OR DELETE
	ON package_versions
	FOR EACH ROW EXECUTE FUNCTION octolearn_cache_notify();
CREATE TRIGGER cache_notify AFTER DELETE ON sessions
	FOR EACH ROW EXECUTE FUNCTION octolearn_cache_notify();
CREATE TRIGGER cache_notify_update AFTER UPDATE ON sessions
	FOR EACH ROW WHEN (NEW.revoked_at IS DISTINCT FROM OLD.revoked_at OR
	    NEW.expires_at IS DISTINCT FROM OLD.expires_at OR
	    NEW.last_seen_at < OLD.last_seen_at OR
	    NEW.user_id <> OLD.user_id)
	EXECUTE FUNCTION octolearn_cache_notify();
