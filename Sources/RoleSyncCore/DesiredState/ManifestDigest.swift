/// The fingerprint of the manifest files a desired state was loaded from: their paths and
/// bytes, in path order. Two revisions with the same digest hold the same manifests, which is
/// how a plan reviewed on a pull request's head stays valid for the commit that merges it
/// (`SavedPlanCheck`): a merge or squash that brings nothing else changes the revision, not the
/// digest.
public enum ManifestDigest {
    public static func of(_ files: [ManifestFile]) -> String {
        var hasher = CanonicalHasher()
        hasher.field("rolesync-manifests/v1")
        let sorted = files.sorted { $0.path < $1.path }
        hasher.field("files \(sorted.count)")
        for file in sorted {
            hasher.field(file.path)
            hasher.bytes(file.contents)
        }
        return "sha256:" + hasher.finalize()
    }
}
