import GitStore
import Testing

@Suite struct RepositorySourceTests {
    @Test(arguments: [
        ("/srv/git/desired-state", RepositorySource.local(path: "/srv/git/desired-state")),
        ("relative/folder", .local(path: "relative/folder")),
        (".", .local(path: ".")),
        ("dir/user@host:name", .local(path: "dir/user@host:name")),
        ("file:///srv/git/desired-state.git", .remote(url: "file:///srv/git/desired-state.git")),
        ("https://github.com/example/desired-state.git", .remote(url: "https://github.com/example/desired-state.git")),
        ("ssh://git@example.com:2222/org/repo.git", .remote(url: "ssh://git@example.com:2222/org/repo.git")),
        ("git@github.com:example/desired-state.git", .remote(url: "git@github.com:example/desired-state.git")),
    ])
    func classifiesRepoArguments(_ value: String, _ expected: RepositorySource) {
        #expect(RepositorySource(parsing: value) == expected)
    }

    @Test(arguments: [
        ("https://github.com/example/desired-state.git", "desired-state-"),
        ("git@github.com:example/desired-state.git", "desired-state-"),
        ("file:///srv/git/roles/", "roles-"),
        ("https://example.com/", "example.com-"),
        ("https://host/we ird$name", "we-ird-name-"),
    ])
    func cacheFolderNamesAreReadableAndHashed(_ url: String, _ expectedPrefix: String) {
        let name = GitStore.cacheFolderName(for: url)
        #expect(name.hasPrefix(expectedPrefix))
        #expect(name.hasSuffix(".git"))
        #expect(name.count == expectedPrefix.count + 12 + 4)
        #expect(GitStore.cacheFolderName(for: url) == name)
    }

    @Test func differentRemotesGetDifferentCacheFolders() {
        let first = GitStore.cacheFolderName(for: "https://github.com/one/desired-state.git")
        let second = GitStore.cacheFolderName(for: "https://github.com/two/desired-state.git")
        #expect(first != second)
    }
}
