#!/bin/bash
# Loads the demo content into the demo tenant (idempotent): built from
# content/ by content/build.sh and imported with octolearn-admin into the
# data directory ($OCTOLEARN_DATA_DIR, else var/data), published.
set -euo pipefail
A=${OCTOLEARN_ADMIN:-build/octolearn-admin}
TENANT=${1:-demo}

# The demo course, built from content/ and imported once: the Budapest
# Convention course in English, French and Spanish (one resource, three
# language variants) and a short SCORM 1.2 course, published.
OUT=${OCTOLEARN_CONTENT_OUT:-build/content}
content/build.sh "$OUT" >/dev/null
mkdir -p "${OCTOLEARN_DATA_DIR:-var/data}"

imported() {
	/usr/bin/python3 -c 'import json, sys; d = json.load(sys.stdin)
print(d["resource_id"], d["state"])'
}

read -r rid state < <($A import --tenant "$TENANT" --lang en --publish \
    --if-missing "$OUT/budapest-convention-en.zip" | imported)
echo "octolearn: demo course budapest-convention (resource $rid): $state"
for l in fr es; do
	read -r _ state < <($A import --tenant "$TENANT" --lang "$l" \
	    --resource "$rid" --publish --if-missing \
	    "$OUT/budapest-convention-$l.zip" | imported)
	echo "octolearn: demo course budapest-convention ($l): $state"
done
read -r rid state < <($A import --tenant "$TENANT" --lang en --publish \
    --if-missing "$OUT/first-response.zip" | imported)
echo "octolearn: demo course first-response (resource $rid): $state"
