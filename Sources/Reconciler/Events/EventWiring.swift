import AWSClient
import Foundation

/// The live events queue for a daemon: SQS in the queue URL's region (the home region when the
/// URL does not say, as a local emulator's does not), with the caller's own credentials.
public enum EventWiring {
    /// A listener over `queue` long-polling for `wait`, with its inbox and the trigger it pulls.
    public static func listener(queue: String, wait: Duration, session: AWSSession, metrics: DaemonMetrics) async throws
        -> EventListener
    {
        let caller = try await session.callerIdentity()
        let region = SQSClient.region(ofQueue: queue) ?? session.homeRegion
        let client = SQSClient(
            endpoint: try session.endpoints.endpoint(for: .sqs, region: region), credentials: session.credentials,
            policy: session.policy, account: caller.account, transport: session.transport)
        let sqs = SQSEventQueue(client: client, url: queue, wait: Int(wait.components.seconds))
        return EventListener(
            queue: sqs, inbox: EventInbox(queue: sqs, metrics: metrics), trigger: ConvergeTrigger(), metrics: metrics)
    }
}
