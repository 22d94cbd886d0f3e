/// The CIS "Use IAM instance roles" relaunch procedure for an instance with embedded keys,
/// made concrete with what the inventory knows about the instance.
public enum RelaunchRunbook {
    /// Tags EC2 puts on instances launched from a launch template or by an Auto Scaling group:
    /// replacements come back with the keys unless the template is fixed.
    static let launchTemplateTag = "aws:ec2launchtemplate:id"
    static let autoScalingGroupTag = "aws:autoscaling:groupName"

    /// - Parameters:
    ///   - findings: where the keys were found, already redacted (`AKIA…WXYZ (user-data:12)`).
    ///   - instance: the live instance when known, for its addresses and launch tags.
    ///   - profile: the instance profile the new instance should carry, when one is desired.
    public static func steps(instanceId: String, findings: [String], instance: LiveInstance?, profile: String?) -> [String] {
        let role = profile.map { "the instance profile \($0)" } ?? "an instance profile whose role has the permissions it needs"
        var steps = [
            "Deactivate and rotate the exposed keys first (\(findings.joined(separator: ", "))): they may already be copied.",
            "Remove the keys from the user-data, scripts and environment: SDKs read environment variables and credential files before the instance role, so baked-in keys keep winning.",
            "Launch a new instance with settings identical to \(instanceId), with \(role).",
            "Stop both \(instanceId) and the new instance.",
            "Detach the disks from both instances and attach the disks of \(instanceId) to the new instance.",
            "Boot the new instance: the same machine, now using the role.",
        ]
        let privateIp = instance?.privateIpAddress
        steps.append(
            "If anything depends on the private IP\(privateIp.map { " \($0)" } ?? "") of \(instanceId): create an AMI from it, terminate it, and launch from the AMI with the private IP\(privateIp.map { " \($0)" } ?? "") assigned by hand."
        )
        if let publicIp = instance?.publicIpAddress {
            steps.append(
                "Unless \(publicIp) is an Elastic IP, the public IP is dynamically assigned and cannot be kept: give the new instance an Elastic IP and move whatever depends on \(publicIp) to it."
            )
        }
        if let template = instance?.tags[launchTemplateTag] {
            steps.append("Fix launch template \(template): remove the keys from its user-data and name the instance profile, or new instances come back with the keys.")
        }
        if let group = instance?.tags[autoScalingGroupTag] {
            steps.append("Fix Auto Scaling group \(group): its launch template or configuration must carry the instance profile and no keys; then let the group replace \(instanceId) instead of relaunching it by hand.")
        }
        return steps
    }
}
