#!/usr/bin/env bash
# The merge job: apply the plan reviewed on the pull request. rolesync applies it only when the
# merged commit holds exactly the manifests that were reviewed and the fleet has not moved since;
# otherwise it refuses, says what changed, and nothing is touched (open a new pull request or
# re-run the review).
#
# Environment: PLAN (required: the plan.json artifact of the review), ROLESYNC (default
# rolesync), OUT (default rolesync-out). Arguments go to `rolesync apply` (--repo URL --ref SHA
# so the decision record is pushed to the repository). Writes OUT/apply.md, the outcome as
# Markdown for the job summary.
set -euo pipefail
: "${PLAN:?set PLAN to the plan.json saved by the review job}"
rolesync=${ROLESYNC:-rolesync}
out=${OUT:-rolesync-out}
mkdir -p "$out"
"$rolesync" apply --plan "$PLAN" --auto-approve --format markdown "$@" >"$out/apply.md"
