import AWSClient
import Foundation
import Logging
import RoleSyncCore

/// Long-polls the events queue for the daemon's life: each watched change is kept in the
/// inbox and pulls a converge at once; a message that is not one (malformed, or of another
/// source or call) is counted, logged with its id and why, and left on the queue, whose
/// redrive policy moves it to the dead-letter queue. Nothing a message holds can stop the loop.
public struct EventListener: Sendable {
    public var queue: any EventQueue
    public var inbox: EventInbox
    public var trigger: ConvergeTrigger
    public var metrics: DaemonMetrics?
    public var sleeper: any Sleeper
    public var logger: Logger

    public init(
        queue: any EventQueue, inbox: EventInbox, trigger: ConvergeTrigger, metrics: DaemonMetrics? = nil,
        sleeper: any Sleeper = ContinuousSleeper(), logger: Logger = Logger(label: "rolesync.events")
    ) {
        self.queue = queue
        self.inbox = inbox
        self.trigger = trigger
        self.metrics = metrics
        self.sleeper = sleeper
        self.logger = logger
    }

    /// Polls until cancelled.
    public func run() async {
        while !Task.isCancelled {
            await poll()
        }
    }

    /// One receive and what follows from it. A failed receive waits a second before the next,
    /// so an unreachable queue is not polled in a tight loop.
    func poll() async {
        let messages: [QueuedMessage]
        do {
            messages = try await queue.receive()
        } catch {
            if Task.isCancelled { return }
            metrics?.record(event: .queueError)
            logger.warning("the events queue could not be read", metadata: ["error": "\(error)"])
            try? await sleeper.sleep(for: .seconds(1))
            return
        }
        var accepted = false
        for message in messages {
            do {
                let event = try ChangeEventParser.parse(message.body)
                if await inbox.add(message, event: event) {
                    metrics?.record(event: .accepted)
                    logger.info("change event", metadata: [
                        "messageId": "\(message.id)", "event": "\(event.eventName)", "principal": "\(event.principal)",
                        "instances": "\(event.instanceIds.joined(separator: ","))", "target": "\(event.account)/\(event.region)",
                    ])
                }
                accepted = true
            } catch let error as ChangeEventError {
                if case .foreign = error { metrics?.record(event: .foreign) } else { metrics?.record(event: .malformed) }
                logger.warning("an events queue message is not a watched change; left for the dead-letter queue", metadata: [
                    "messageId": "\(message.id)", "reason": "\(error)",
                ])
            } catch {
                metrics?.record(event: .malformed)
            }
        }
        if accepted { await trigger.pull(.events) }
    }
}
