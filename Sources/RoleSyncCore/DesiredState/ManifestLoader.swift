/// Turns the YAML files of one revision into a validated `DesiredState`, or into the full
/// list of problems that prevents it. Pure: the caller supplies the files' contents.
public enum ManifestLoader {
    /// Reads every `.yaml`/`.yml` file in path order; other files are ignored. Linear in the
    /// number of documents: cross-manifest checks use dictionaries, never pairwise scans.
    ///
    /// `unread` are problems the reader found before loading (files it refused to read, for
    /// their size or their name); any of them makes the desired state invalid, like any other.
    public static func load(
        _ files: [ManifestFile], revision: String, unread: [ManifestProblem] = []
    ) -> ManifestLoadReport {
        let candidates = files.filter { ManifestFiles.isCandidate(path: $0.path) }.sorted { $0.path < $1.path }
        var documents: [DecodedDocument] = []
        var problems = unread
        var skipped: [SkippedFile] = []
        var manifestsRead = 0
        for file in candidates {
            let reading = ManifestFileReader.read(file)
            documents += reading.documents
            problems += reading.problems
            manifestsRead += reading.manifestsRead
            if let reason = reading.skipReason { skipped.append(SkippedFile(path: file.path, reason: reason)) }
        }
        problems += CrossManifestChecks.problems(in: documents)
        problems.sort()
        return ManifestLoadReport(
            desiredState: problems.isEmpty
                ? assemble(documents, revision: revision, digest: ManifestDigest.of(candidates)) : nil,
            problems: problems, skipped: skipped, filesRead: candidates.count, manifestsRead: manifestsRead)
    }

    /// Only called when there is no problem, so every document has a body.
    private static func assemble(_ documents: [DecodedDocument], revision: String, digest: String) -> DesiredState {
        var state = DesiredState(revision: revision, assignments: [], manifestDigest: digest)
        for document in documents {
            switch document.body {
            case .assignment(let decoded): state.assignments.append(decoded.assignment)
            case .exemption(let exemption): state.exemptions.append(exemption)
            case .policy(let policy): state.policy = policy
            case nil: break
            }
        }
        return state
    }
}
