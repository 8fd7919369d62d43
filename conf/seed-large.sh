#!/bin/bash
# Builds a tenant at the scale the progress reports are made for, to
# measure them on (`make seed-large`):
#   conf/seed-large.sh [SLUG]        (default slug: large)
# 100,000 learners in 200 groups, 500 published SCORM resources and
# 5,000,000 attempts with their progress records; Course 0001 is taken by
# every learner (the worst case of a course report). Sizes come from
# SEED_LEARNERS, SEED_RESOURCES, SEED_GROUPS and SEED_ATTEMPTS. The tenant
# (languages en, fr, es) and two accounts that can sign in --
# admin@SLUG.example (tenant_admin) and trainer@SLUG.example (trainer of
# the first three groups), password SEED_PASSWORD (default
# large-seed-2026) -- are made with octolearn-admin ($OCTOLEARN_ADMIN);
# everything else by conf/seed-large.sql, set-based, in one transaction,
# deterministically (the same sizes give the same data, dated back from
# the day of the run). Learners have no password. A tenant that already
# has learners is left as it is (exit 0). The database is the admin
# tool's: OCTOLEARN_ADMIN_DSN, else the local default.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
A=${OCTOLEARN_ADMIN:-$ROOT/build/octolearn-admin}
DSN=${OCTOLEARN_ADMIN_DSN:-"host=127.0.0.1 port=54329 dbname=octolearn \
user=octolearn_owner password=octolearn_owner gssencmode=disable \
sslmode=disable connect_timeout=5"}
PSQL=(/usr/bin/psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$DSN")

SLUG=${1:-large}
LEARNERS=${SEED_LEARNERS:-100000}
RESOURCES=${SEED_RESOURCES:-500}
NGROUPS=${SEED_GROUPS:-200}
ATTEMPTS=${SEED_ATTEMPTS:-5000000}
PASSWORD=${SEED_PASSWORD:-large-seed-2026}

fail() {
	echo "seed-large: $*" >&2
	exit 2
}

# A whole number in 1..max.
size() {
	[[ $2 =~ ^[0-9]{1,10}$ ]] && [ "$((10#$2))" -ge 1 ] &&
	    [ "$((10#$2))" -le "$3" ] ||
	    fail "$1 must be a whole number from 1 to $3, not '$2'"
}

# Microseconds since the epoch.
usec() {
	echo "${EPOCHREALTIME//[^0-9]/}"
}

# "seed-large: <step> <seconds since $2> s", as the SQL prints its steps.
lap() {
	local d=$(($(usec) - $2))
	printf 'seed-large: %-34s %7s s\n' "$1" \
	    "$((d / 1000000)).$((d / 100000 % 10))"
}

[[ $SLUG =~ ^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$ ]] ||
    fail "'$SLUG' is not a tenant slug (a-z, 0-9 and -)"
size SEED_LEARNERS "$LEARNERS" 10000000
size SEED_RESOURCES "$RESOURCES" 100000
size SEED_GROUPS "$NGROUPS" 100000
size SEED_ATTEMPTS "$ATTEMPTS" 1000000000
LEARNERS=$((10#$LEARNERS)) RESOURCES=$((10#$RESOURCES))
NGROUPS=$((10#$NGROUPS)) ATTEMPTS=$((10#$ATTEMPTS))
# Every learner takes Course 0001; at most three attempts per resource.
[ "$ATTEMPTS" -ge "$LEARNERS" ] ||
    fail "SEED_ATTEMPTS ($ATTEMPTS) is less than SEED_LEARNERS ($LEARNERS)"
[ "$ATTEMPTS" -le $((3 * RESOURCES * LEARNERS)) ] ||
    fail "SEED_ATTEMPTS ($ATTEMPTS) is more than 3 per learner and resource"
[ -x "$A" ] || fail "$A not found (make all)"

start=$(usec)
echo "seed-large: tenant $SLUG: $LEARNERS learners, $NGROUPS groups," \
    "$RESOURCES resources, $ATTEMPTS attempts"

# Already seeded: say so, change nothing.
state=$("${PSQL[@]}" -F ' ' -v slug="$SLUG" <<'SQL'
SELECT count(t.id), count(r.user_id),
    coalesce(bool_and(t.languages @> ARRAY['en', 'fr', 'es']), true)
FROM tenants t LEFT JOIN user_roles r ON r.tenant_id = t.id AND
    r.role = 'learner'
WHERE t.slug = :'slug';
SQL
)
read -r exists learners langs <<<"$state"
if [ "$learners" -gt 0 ]; then
	echo "seed-large: tenant $SLUG already has $learners learners:" \
	    "not seeded again (nothing changed)"
	exit 0
fi
[ "$exists" -eq 0 ] || [ "$langs" = t ] ||
    fail "tenant $SLUG exists and does not offer en, fr and es"

t=$(usec)
$A tenant create "$SLUG" "Large Training Academy ($SLUG)" --lang en \
    --languages en,fr,es --if-missing | sed 's/^/seed-large: /'
OCTOLEARN_PASSWORD=$PASSWORD $A user add --tenant "$SLUG" \
    --email "admin@$SLUG.example" --name "Ada Admin" --roles tenant_admin \
    --if-missing | sed 's/^/seed-large: /'
OCTOLEARN_PASSWORD=$PASSWORD $A user add --tenant "$SLUG" \
    --email "trainer@$SLUG.example" --name "Tomás Trainer" --roles trainer \
    --if-missing | sed 's/^/seed-large: /'
lap "tenant and accounts" "$t"

"${PSQL[@]}" -v slug="$SLUG" -v learners="$LEARNERS" \
    -v resources="$RESOURCES" -v groups="$NGROUPS" -v attempts="$ATTEMPTS" \
    -f "$ROOT/conf/seed-large.sql"

"${PSQL[@]}" -v slug="$SLUG" <<'SQL' | while IFS='|' read -r what n; do
SET jit = off;
WITH t AS (SELECT id FROM tenants WHERE slug = :'slug'),
c AS (SELECT x.resource_id FROM resource_texts x, t WHERE x.tenant_id = t.id
    AND x.lang = 'en' AND x.title LIKE 'Course 0001:%')
SELECT 'users', count(*) FROM users, t WHERE tenant_id = t.id
UNION ALL SELECT 'learners', count(*) FROM user_roles, t
    WHERE tenant_id = t.id AND role = 'learner'
UNION ALL SELECT 'groups', count(*) FROM groups, t WHERE tenant_id = t.id
UNION ALL SELECT 'group_members', count(*) FROM group_members, t
    WHERE tenant_id = t.id
UNION ALL SELECT 'resources', count(*) FROM resources, t
    WHERE tenant_id = t.id
UNION ALL SELECT 'resource_texts', count(*) FROM resource_texts, t
    WHERE tenant_id = t.id
UNION ALL SELECT 'package_versions', count(*) FROM package_versions, t
    WHERE tenant_id = t.id
UNION ALL SELECT 'package_items', count(*) FROM package_items, t
    WHERE tenant_id = t.id
UNION ALL SELECT 'attempts', count(*) FROM attempts, t WHERE tenant_id = t.id
UNION ALL SELECT 'progress', count(*) FROM progress, t WHERE tenant_id = t.id
UNION ALL SELECT 'progress of Course 0001', count(*) FROM progress p, t, c
    WHERE p.tenant_id = t.id AND p.resource_id = c.resource_id;
SQL
	printf 'seed-large: %-34s %10s\n' "$what" "$n"
done
lap "total" "$start"
