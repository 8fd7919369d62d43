-- Platform admins: users of some tenant who also hold the role
-- platform_admin and manage the tenants themselves (create, rename, set
-- the languages, disable and enable) from the pages and API of the tenant
-- they sign in to. The role is granted with `octolearn-admin user add`
-- only (the schema owner, to whom row-level security does not apply): the
-- application's role may read it but can never write it, so no tenant
-- admin, and no bug in a user form, can make a platform admin.

ALTER TABLE user_roles DROP CONSTRAINT user_roles_role_check;
ALTER TABLE user_roles ADD CONSTRAINT user_roles_role_check
	CHECK (role IN ('learner', 'trainer', 'tenant_admin',
	    'platform_admin'));

ALTER POLICY tenant_isolation ON user_roles
	USING (tenant_id = octolearn_tenant())
	WITH CHECK (tenant_id = octolearn_tenant()
	    AND role <> 'platform_admin');

-- Creating a tenant and changing what the pages and API change; the slug
-- stays as it was made (it is in every address), nothing is deleted. The
-- id is an identity column: inserting needs no right on its sequence.
GRANT INSERT (slug, name, default_lang, languages) ON tenants
	TO octolearn_app;
GRANT UPDATE (name, default_lang, languages, enabled) ON tenants
	TO octolearn_app;
