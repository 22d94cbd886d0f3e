import Foundation
import GitStore

/// Names the per-repository files of the cache folder (pending records, journal, lock) the
/// same way: a readable name and a hash of the repository's location, never its credentials.
enum CacheKey {
    static func folderName(for repository: String) -> String {
        let canonical: String
        switch RepositorySource(parsing: repository) {
        case .remote(let url): canonical = url
        case .local(let path): canonical = URL(fileURLWithPath: path).standardizedFileURL.path
        }
        var name = GitStore.cacheFolderName(for: canonical)
        if name.hasSuffix(".git") { name.removeLast(4) }
        return name
    }
}
