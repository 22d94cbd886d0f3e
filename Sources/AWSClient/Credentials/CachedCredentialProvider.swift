import Foundation

/// Keeps the credentials of another provider and fetches new ones ahead of expiry, once, however
/// many callers ask at the same time: they all wait on one in-flight fetch (Soto's
/// `ExpiringValue` pattern). Long-term credentials, which have no expiration, are kept forever.
///
/// IMDS and container endpoints hand out new credentials at least five minutes before the old
/// ones expire (AWS-NOTES: credentials), hence the default of refreshing five minutes ahead.
public actor CachedCredentialProvider: CredentialProvider {
    private enum State {
        case empty
        case cached(ResolvedCredentials)
        /// A fetch is running; `previous` is still served if it fails before expiring.
        case refreshing(Task<ResolvedCredentials, any Error>, previous: ResolvedCredentials?)
    }

    private let provider: any CredentialProvider
    private let clock: any WallClock
    private let refreshAhead: Duration
    private var state = State.empty
    /// Fetches started so far, for tests and metrics.
    public private(set) var fetchCount = 0

    public init(wrapping provider: any CredentialProvider, clock: any WallClock = SystemWallClock(), refreshAhead: Duration = .seconds(300)) {
        self.provider = provider
        self.clock = clock
        self.refreshAhead = refreshAhead
    }

    public func resolve() async throws -> ResolvedCredentials {
        switch state {
        case .cached(let resolved) where !needsRefresh(resolved):
            return resolved
        case .cached(let resolved):
            return try await refresh(previous: resolved)
        case .empty:
            return try await refresh(previous: nil)
        case .refreshing(let task, let previous):
            return try await awaitRefresh(task, previous: previous)
        }
    }

    /// Forgets the credentials, so the next call fetches (after AWS rejected them as expired).
    public func invalidate() {
        if case .cached = state { state = .empty }
    }

    private func refresh(previous: ResolvedCredentials?) async throws -> ResolvedCredentials {
        fetchCount += 1
        let provider = self.provider
        let task = Task { try await provider.resolve() }
        state = .refreshing(task, previous: previous)
        return try await awaitRefresh(task, previous: previous)
    }

    /// Waits for `task`; the first waiter to wake settles the state, unless a newer fetch has
    /// started meanwhile.
    private func awaitRefresh(
        _ task: Task<ResolvedCredentials, any Error>, previous: ResolvedCredentials?
    ) async throws -> ResolvedCredentials {
        do {
            let fresh = try await task.value
            if isCurrent(task) { state = .cached(fresh) }
            return fresh
        } catch {
            if isCurrent(task) { state = previous.map(State.cached) ?? .empty }
            // Credentials that have not yet expired still work while the endpoint hiccups.
            if let previous, !isExpired(previous) { return previous }
            throw error
        }
    }

    private func isCurrent(_ task: Task<ResolvedCredentials, any Error>) -> Bool {
        if case .refreshing(let current, _) = state { return current == task }
        return false
    }

    private func needsRefresh(_ resolved: ResolvedCredentials) -> Bool {
        guard let expiration = resolved.credentials.expiration else { return false }
        return clock.now() >= expiration.addingTimeInterval(-(refreshAhead / .seconds(1)))
    }

    private func isExpired(_ resolved: ResolvedCredentials) -> Bool {
        guard let expiration = resolved.credentials.expiration else { return false }
        return clock.now() >= expiration
    }
}
