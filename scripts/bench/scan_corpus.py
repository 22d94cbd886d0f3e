"""Writes a source tree of about SIZE_MB megabytes (Python, JavaScript, shell, YAML, INI and
JSON files of ordinary code) with KEYS planted AWS key pairs in the shapes they are committed
in, and a manifest of where each pair is. Usage: scan_corpus.py OUT_DIR SIZE_MB KEYS"""
import json
import os
import random
import string
import sys

out, size_mb, keys = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
random.seed(7)
B32 = string.ascii_uppercase + "234567"
B64 = string.ascii_letters + string.digits + "/+"
FILLER = {
    "py": "def handler(event, context):\n    items = [x for x in event.get('items', []) if x]\n    return {'count': len(items)}\n",
    "js": "export function total(list) { return list.reduce((a, b) => a + b.price * b.qty, 0); }\n",
    "sh": "for f in build/*.tar.gz; do sha256sum \"$f\" >> checksums.txt; done\n",
    "yaml": "service:\n  name: checkout\n  replicas: 3\n  image: registry.example.com/checkout:1.4.2\n",
    "ini": "[server]\nhost = 0.0.0.0\nport = 8080\nworkers = 4\n",
    "json": "{\"name\": \"checkout\", \"version\": \"1.4.2\", \"dependencies\": {\"left-pad\": \"1.3.0\"}}\n",
}
SHAPES = {
    "py": "boto3.client('s3', aws_access_key_id='{id}', aws_secret_access_key='{secret}')\n",
    "js": "const s3 = new S3({{ accessKeyId: '{id}', secretAccessKey: '{secret}' }});\n",
    "sh": "export AWS_ACCESS_KEY_ID={id}\nexport AWS_SECRET_ACCESS_KEY={secret}\n",
    "yaml": "aws:\n  access_key_id: {id}\n  secret_access_key: {secret}\n",
    "ini": "[default]\naws_access_key_id = {id}\naws_secret_access_key = {secret}\n",
    "json": "{{\"AccessKeyId\": \"{id}\", \"SecretAccessKey\": \"{secret}\"}}\n",
}
target = size_mb << 20
file_size = 64 << 10
files = max(1, target // file_size)
plant_every = max(1, files // keys)
planted = []
written = 0
for index in range(files):
    ext = list(FILLER)[index % len(FILLER)]
    path = os.path.join(out, "pkg%03d" % (index // 200), "file%05d.%s" % (index, ext))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    filler = FILLER[ext]
    lines = filler * (file_size // len(filler))
    if index % plant_every == 0 and len(planted) < keys:
        key_id = "AKIA" + "".join(random.choice(B32) for _ in range(16))
        secret = "".join(random.choice(B64) for _ in range(40))
        position = lines.count("\n") // 2
        head = "\n".join(lines.split("\n")[:position])
        # The key id's own line: the shape may start with a section header.
        line = head.count("\n") + 2 + SHAPES[ext].split("\n").index(next(l for l in SHAPES[ext].split("\n") if "{id}" in l))
        lines = head + "\n" + SHAPES[ext].format(id=key_id, secret=secret) + "\n".join(lines.split("\n")[position:])
        planted.append({"path": os.path.relpath(path, out), "line": line, "keyId": key_id})
    with open(path, "w") as handle:
        handle.write(lines)
    written += len(lines)
json.dump({"bytes": written, "files": files, "planted": planted}, open(os.path.join(out, "..", "planted.json"), "w"))
print(f"{written / 1048576:.0f} MiB in {files} files, {len(planted)} key pairs planted")
