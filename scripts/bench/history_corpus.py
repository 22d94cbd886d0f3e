"""Writes a Git repository of COMMITS commits (through `git fast-import`) over a tree of small
source files, with KEYS AWS key pairs planted along the way: each added in one commit, and
some later moved to another file, deleted, or added again on a side branch, as keys are in
real histories. Writes planted.json beside OUT_DIR: each key id with the commit that first
brought it. The history is written without a work tree: scanners read it from the objects.
Usage: history_corpus.py OUT_DIR COMMITS KEYS"""
import json
import os
import random
import string
import subprocess
import sys

out, commits, keys = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
random.seed(11)
B32 = string.ascii_uppercase + "234567"
B64 = string.ascii_letters + string.digits + "/+"
FILES = 400
SHAPE = "export AWS_ACCESS_KEY_ID={id}\nexport AWS_SECRET_ACCESS_KEY={secret}\n"



def code_line(index):
    """A line of ordinary code that differs from commit to commit, as real edits do."""
    name = "".join(random.choice(string.ascii_lowercase) for _ in range(8))
    return f"def {name}_{index}(value):\n    return value * {random.randint(2, 999)} + {random.randint(0, 99999)}\n"


tree = {
    f"src/mod{i // 50:02d}/file{i:04d}.py": f"# module {i}\n" + "".join(code_line(i) for _ in range(random.randint(40, 120)))
    for i in range(FILES)
}
plant_at = set(random.sample(range(1, commits), keys))
planted = []
stream = []
mark = 0
live = []  # (path, key id) still in the tree on main


def blob(data):
    global mark
    mark += 1
    encoded = data.encode()
    stream.append(b"blob\nmark :%d\ndata %d\n%s\n" % (mark, len(encoded), encoded))
    return mark


def commit(branch, message, changes, deletes, index, parent=None):
    global mark
    refs = []
    for path, data in changes.items():
        refs.append((path, blob(data)))
    mark += 1
    when = 1_700_000_000 + index * 600
    text = message.encode()
    head = b"commit refs/heads/%s\nmark :%d\nauthor Dev %d <dev%d@example.com> %d +0000\ncommitter Dev <dev@example.com> %d +0000\ndata %d\n%s\n" % (
        branch.encode(), mark, index % 7, index % 7, when, when, len(text), text)
    if parent:
        head += b"from %s\n" % parent.encode()
    body = b"".join(b"M 100644 :%d %s\n" % (m, p.encode()) for p, m in refs)
    body += b"".join(b"D %s\n" % p.encode() for p in deletes)
    stream.append(head + body + b"\n")
    return mark


first = commit("main", "initial tree", dict(tree), [], 0)
for index in range(1, commits):
    changes, deletes = {}, []
    for _ in range(3):
        path = random.choice(list(tree))
        tree[path] = tree[path] + code_line(index)
        changes[path] = tree[path]
    if index in plant_at:
        key_id = "AKIA" + "".join(random.choice(B32) for _ in range(16))
        secret = "".join(random.choice(B64) for _ in range(40))
        path = f"deploy/env{index:05d}.sh"
        tree[path] = code_line(index) + SHAPE.format(id=key_id, secret=secret) + code_line(index)
        changes[path] = tree[path]
        live.append((path, key_id))
        m = commit("main", f"deploy settings {index}", changes, deletes, index)
        planted.append({"keyId": key_id, "mark": m})
        continue
    # Now and then a planted key moves to another file or is deleted: still to be found once.
    if live and index % 37 == 0:
        path, key_id = live.pop(random.randrange(len(live)))
        if random.random() < 0.5:
            moved = path.replace("deploy/", "config/")
            tree[moved] = tree.pop(path)
            changes[moved] = tree[moved]
            live.append((moved, key_id))
        else:
            tree.pop(path)
        deletes.append(path)
    commit("main", f"change {index}", changes, deletes, index)

os.makedirs(out, exist_ok=True)
subprocess.run(["git", "init", "--quiet", "-b", "main", out], check=True)
marks = os.path.join(out, "..", "history.marks")
subprocess.run(["git", "-C", out, "fast-import", "--quiet", f"--export-marks={marks}"], input=b"".join(stream), check=True)
by_mark = dict(line.split() for line in open(marks).read().splitlines())
for p in planted:
    p["commit"] = by_mark[":%d" % p.pop("mark")]
size = sum(len(d) for d in tree.values())
json.dump({"commits": commits, "planted": planted}, open(os.path.join(out, "..", "history-planted.json"), "w"))
print(f"{commits} commits, {len(planted)} keys planted, tip tree {size / 1048576:.1f} MiB")
