#!/bin/bash
# Loads the demo tenant and its users (idempotent). The passwords are
# printed by `make run`; they exist for a local demonstration only.
set -euo pipefail
A=${OCTOLEARN_ADMIN:-build/octolearn-admin}

$A tenant create demo "Demo Training Institute" --lang en \
    --languages en,fr,es --if-missing

adduser() {
	OCTOLEARN_PASSWORD="$4" $A user add --tenant demo --email "$1" \
	    --name "$2" --roles "$3" --if-missing
}

adduser admin@demo.example "Ada Admin" tenant_admin demo-admin-2026
adduser trainer@demo.example "Tomás Trainer" trainer demo-trainer-2026
adduser learner1@demo.example "Lena Learner" learner demo-learner-2026
adduser learner2@demo.example "Luca Learner" learner demo-learner-2026
adduser learner3@demo.example "Leyla Learner" learner demo-learner-2026
# Manages the tenants themselves (only octolearn-admin grants this role).
adduser platform@demo.example "Petra Platform" platform_admin \
    demo-platform-2026

