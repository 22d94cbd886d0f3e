#!/usr/bin/env bash
# The pull-request job: review what the head changes since its branch left BASE_REF, save the
# plan once, and render everything else from that file.
#
# Environment: BASE_REF (required, e.g. origin/main), ROLESYNC (the binary, default rolesync),
# OUT (output folder, default rolesync-out), COMMENT_LIMIT (default 65000: GitHub; GitLab takes
# 1000000, Bitbucket 32768). Arguments are passed to `rolesync plan` (e.g. --path manifests).
# Writes OUT/plan.json (the artifact `apply --plan` takes after the merge), OUT/comment.md (the
# sticky comment, first line <!-- rolesync-plan -->), OUT/rolesync.sarif and OUT/report.html.
# Exits as `rolesync plan` did: 0 reviewed, 1 when the head is invalid or the plan failed; the
# comment is written whenever a plan was, so reviewers see the errors too.
set -euo pipefail
: "${BASE_REF:?set BASE_REF to the branch the pull request targets, e.g. origin/main}"
rolesync=${ROLESYNC:-rolesync}
out=${OUT:-rolesync-out}
mkdir -p "$out"
rm -f "$out/plan.json" "$out/comment.md" "$out/rolesync.sarif" "$out/report.html"
status=0
"$rolesync" plan --base "$BASE_REF" --format json --out "$out/plan.json" "$@" || status=$?
if [ ! -s "$out/plan.json" ]; then
  echo "rolesync plan wrote no plan (exit $status)" >&2
  exit "$((status == 0 ? 1 : status))"
fi
"$rolesync" show "$out/plan.json" --format markdown --comment-limit "${COMMENT_LIMIT:-65000}" --out "$out/comment.md"
"$rolesync" show "$out/plan.json" --format sarif --out "$out/rolesync.sarif"
"$rolesync" show "$out/plan.json" --format html --out "$out/report.html"
exit "$status"
