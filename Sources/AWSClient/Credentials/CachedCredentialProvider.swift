import Foundation

/// Keeps the credentials of another provider and fetches new ones ahead of expiry, once, however
/// many callers ask at the same time: they all share one in-flight fetch (Soto's
/// `ExpiringValue` pattern). Long-term credentials, which have no expiration, are kept forever.
///
/// Two windows before expiry, as botocore's `RefreshableCredentials` has them:
/// - the advisory window (`refreshAhead`, five minutes by default): a refresh is tried, but the
///   credentials still work, so a failed refresh serves them and is not retried before
///   `retryCooldown` has passed; callers arriving during a refresh get them without waiting.
///   Without the cooldown every call would start another fetch against a failing endpoint.
/// - the mandatory window (`mandatoryWindow`, one minute by default) and after expiry: callers
///   wait for the refresh and get its error if it fails.
///
/// IMDS and container endpoints hand out new credentials at least five minutes before the old
/// ones expire (AWS-NOTES: credentials), hence the default of refreshing five minutes ahead.
public actor CachedCredentialProvider: CredentialProvider {
    private enum State {
        case empty
        /// `retryNotBefore` is set after a failed advisory refresh.
        case cached(ResolvedCredentials, retryNotBefore: Date?)
        /// A fetch is running; `previous` is what was cached when it started.
        case refreshing(Task<ResolvedCredentials, any Error>, previous: ResolvedCredentials?)
    }

    private let provider: any CredentialProvider
    private let clock: any WallClock
    private let refreshAhead: Duration
    private let mandatoryWindow: Duration
    private let retryCooldown: Duration
    private var state = State.empty
    /// Fetches started so far, for tests and metrics.
    public private(set) var fetchCount = 0

    public init(
        wrapping provider: any CredentialProvider, clock: any WallClock = SystemWallClock(),
        refreshAhead: Duration = .seconds(300), mandatoryWindow: Duration = .seconds(60),
        retryCooldown: Duration = .seconds(30)
    ) {
        self.provider = provider
        self.clock = clock
        self.refreshAhead = refreshAhead
        self.mandatoryWindow = min(mandatoryWindow, refreshAhead)
        self.retryCooldown = retryCooldown
    }

    public func resolve() async throws -> ResolvedCredentials {
        switch state {
        case .empty:
            return try await refresh(previous: nil)
        case .cached(let resolved, _) where !isWithin(refreshAhead, resolved):
            return resolved
        case .cached(let resolved, let retryNotBefore):
            if let retryNotBefore, clock.now() < retryNotBefore, !isWithin(mandatoryWindow, resolved) {
                return resolved
            }
            return try await refresh(previous: resolved)
        case .refreshing(let task, let previous):
            if let previous, !isWithin(mandatoryWindow, previous) { return previous }
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
            if isCurrent(task) { state = .cached(fresh, retryNotBefore: nil) }
            return fresh
        } catch {
            // Credentials outside the mandatory window still work while the endpoint hiccups.
            guard let previous, !isWithin(mandatoryWindow, previous) else {
                if isCurrent(task) { state = previous.map { .cached($0, retryNotBefore: nil) } ?? .empty }
                throw error
            }
            if isCurrent(task) {
                let retryNotBefore = clock.now().addingTimeInterval(retryCooldown / .seconds(1))
                state = .cached(previous, retryNotBefore: retryNotBefore)
            }
            return previous
        }
    }

    private func isCurrent(_ task: Task<ResolvedCredentials, any Error>) -> Bool {
        if case .refreshing(let current, _) = state { return current == task }
        return false
    }

    /// Whether `resolved` expires within `window` from now (or already has); never for
    /// credentials without an expiration.
    private func isWithin(_ window: Duration, _ resolved: ResolvedCredentials) -> Bool {
        guard let expiration = resolved.credentials.expiration else { return false }
        return clock.now() >= expiration.addingTimeInterval(-(window / .seconds(1)))
    }
}
