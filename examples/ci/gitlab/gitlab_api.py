"""The two GitLab API calls rolesync's merge-request pipeline needs, with the standard library.

  gitlab_api.py note FILE          create or update the merge request's note that starts with
                                   <!-- rolesync-plan --> (the sticky review)
  gitlab_api.py reviewed-plan OUT  save the plan.json of the review job of the merge request
                                   this commit merged, from its latest pipeline

Reads CI_API_V4_URL, CI_PROJECT_ID, CI_MERGE_REQUEST_IID, CI_COMMIT_SHA and
ROLESYNC_GITLAB_TOKEN (never printed). Exits 1 with the reason when a call fails.
"""
import json
import os
import sys
import urllib.parse
import urllib.request

MARKER = "<!-- rolesync-plan -->"
REVIEW_JOB = "rolesync:review"


def call(method, path, body=None, raw=False):
    url = os.environ["CI_API_V4_URL"] + path
    data = None if body is None else urllib.parse.urlencode(body).encode()
    request = urllib.request.Request(url, data=data, method=method,
                                     headers={"PRIVATE-TOKEN": os.environ["ROLESYNC_GITLAB_TOKEN"]})
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            content = answer.read()
    except urllib.error.HTTPError as error:
        sys.exit(f"GitLab answered {error.code} to {method} {path}")
    return content if raw else json.loads(content)


def project():
    return "/projects/" + urllib.parse.quote(os.environ["CI_PROJECT_ID"], safe="")


def note(file):
    with open(file, encoding="utf-8") as handle:
        body = handle.read()
    notes = project() + "/merge_requests/" + os.environ["CI_MERGE_REQUEST_IID"] + "/notes"
    page = 1
    while True:
        batch = call("GET", f"{notes}?per_page=100&page={page}")
        mine = next((n for n in batch if n.get("body", "").startswith(MARKER)), None)
        if mine:
            call("PUT", f"{notes}/{mine['id']}", {"body": body})
            return
        if len(batch) < 100:
            break
        page += 1
    call("POST", notes, {"body": body})


def reviewed_plan(out):
    sha = os.environ["CI_COMMIT_SHA"]
    merged = call("GET", f"{project()}/repository/commits/{sha}/merge_requests")
    if not merged:
        sys.exit(f"{sha} was not merged from a merge request, so no plan was reviewed")
    iid = merged[0]["iid"]
    pipelines = call("GET", f"{project()}/merge_requests/{iid}/pipelines?per_page=1")
    if not pipelines:
        sys.exit(f"merge request !{iid} has no pipeline")
    jobs = call("GET", f"{project()}/pipelines/{pipelines[0]['id']}/jobs?per_page=100")
    review = next((job for job in jobs if job["name"] == REVIEW_JOB), None)
    if review is None:
        sys.exit(f"the latest pipeline of !{iid} has no {REVIEW_JOB} job")
    plan = call("GET", f"{project()}/jobs/{review['id']}/artifacts/rolesync-out/plan.json", raw=True)
    with open(out, "wb") as handle:
        handle.write(plan)


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("note", "reviewed-plan"):
        sys.exit(__doc__)
    (note if sys.argv[1] == "note" else reviewed_plan)(sys.argv[2])
