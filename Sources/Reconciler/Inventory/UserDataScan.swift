import AWSClient
import Foundation
import RoleSyncCore

extension AWSInventoryReader {
    /// Looks for AWS keys baked into user-data (the second half of the CIS control). EC2 has no
    /// batch read of user-data, so this costs one call per managed instance: it runs only when
    /// the policy sets `scanUserData`, a few at a time, within the describe token bucket.
    func scanUserDataOf(_ instances: [LiveInstance], with ec2: EC2Client) async throws -> [CredentialFinding] {
        let managed = instances.filter { $0.state.isManaged }
        return try await withThrowingTaskGroup(of: [CredentialFinding].self) { group in
            var next = managed.makeIterator()
            var findings: [CredentialFinding] = []
            func addNext() {
                guard let instance = next.next() else { return }
                group.addTask { try await scan(instance, with: ec2) }
            }
            for _ in 0..<4 { addNext() }
            for try await found in group {
                findings += found
                addNext()
            }
            return findings.sorted { ($0.instanceId, $0.location) < ($1.instanceId, $1.location) }
        }
    }

    private func scan(_ instance: LiveInstance, with ec2: EC2Client) async throws -> [CredentialFinding] {
        guard let encoded = try await ec2.describeInstanceAttribute(instanceId: instance.instanceId),
              !encoded.isEmpty
        else { return [] }
        // Undecodable user-data is not evidence of keys; it is simply not scanned.
        let matches = (try? CredentialScanner.scanUserData(base64: encoded)) ?? []
        return matches.map {
            CredentialFinding(
                instanceId: instance.instanceId, target: instance.target, location: $0.location,
                redactedKeyId: $0.redacted, kind: $0.kind.rawValue)
        }
    }
}
