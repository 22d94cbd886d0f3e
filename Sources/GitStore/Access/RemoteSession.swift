import CLibGit2
import Foundation

/// The state of one clone, fetch or push as libgit2's callbacks see it: which credentials to
/// offer, which host keys to trust, and why the callbacks refused, if they did.
///
/// libgit2 asks again for credentials each time the server refuses them; every kind is offered
/// once, so a wrong key or token fails at once instead of looping. A refusal is kept here and
/// thrown in place of libgit2's terser message, which would not say what to fix.
final class RemoteSession {
    let address: RemoteAddress
    let access: GitAccess
    private(set) var refusal: GitError?
    private var offered: Set<String> = []
    /// Updates a remote refused during a push (smart transports report them here).
    var pushRejections: [String] = []

    init(address: RemoteAddress, access: GitAccess) {
        self.address = address
        self.access = access
    }

    /// Points `callbacks` at this session. The session must outlive the libgit2 call.
    func install(into callbacks: inout git_remote_callbacks) {
        callbacks.payload = Unmanaged.passUnretained(self).toOpaque()
        callbacks.credentials = { out, _, usernameFromURL, allowed, payload in
            guard let out, let payload else { return GIT_EUSER.rawValue }
            let session = Unmanaged<RemoteSession>.fromOpaque(payload).takeUnretainedValue()
            return session.credential(out, username: usernameFromURL.map { String(cString: $0) }, allowed: allowed)
        }
        callbacks.certificate_check = { certificate, _, _, payload in
            guard let certificate, let payload else { return GIT_EUSER.rawValue }
            return Unmanaged<RemoteSession>.fromOpaque(payload).takeUnretainedValue().check(certificate)
        }
        callbacks.push_update_reference = { _, status, payload in
            guard let status, let payload else { return 0 }
            Unmanaged<RemoteSession>.fromOpaque(payload).takeUnretainedValue().pushRejections.append(String(cString: status))
            return 0
        }
    }

    /// The error for a failed libgit2 call: the callbacks' refusal when there was one.
    func error(_ code: Int32, operation: String) -> GitError {
        if let refusal { return refusal }
        var error = GitError.libgit2(code, operation: operation, subject: address.url)
        // libssh2 failing to load or use the key (a wrong passphrase) surfaces as a generic code.
        if error.message.hasPrefix("Failed to authenticate SSH session") {
            error.kind = .authenticationFailed
            if let key = access.sshKeyFile { error.message += " (key \(key); its passphrase comes from --ssh-key-passphrase-file)" }
        }
        return error
    }

    // MARK: Credentials

    private func credential(
        _ out: UnsafeMutablePointer<UnsafeMutablePointer<git_credential>?>, username: String?, allowed: UInt32
    ) -> Int32 {
        let user = username ?? address.user
        if allowed & GIT_CREDENTIAL_SSH_KEY.rawValue != 0 {
            return sshKey(out, user: user ?? "git")
        }
        if allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT.rawValue != 0 {
            return login(out)
        }
        if allowed & GIT_CREDENTIAL_USERNAME.rawValue != 0 {
            return git_credential_username_new(out, user ?? "git")
        }
        return refuse(.authenticationFailed, "the server asks for a kind of login rolesync does not offer (libgit2 types \(allowed))")
    }

    private func sshKey(_ out: UnsafeMutablePointer<UnsafeMutablePointer<git_credential>?>, user: String) -> Int32 {
        if let keyFile = access.sshKeyFile {
            guard offer("ssh-key") else {
                return refuse(.authenticationFailed, "the server refused the SSH key \(keyFile) for user '\(user)'")
            }
            guard FileManager.default.isReadableFile(atPath: keyFile) else {
                return refuse(.authenticationFailed, "cannot read the SSH key \(keyFile)")
            }
            return git_credential_ssh_key_new(out, user, nil, keyFile, access.sshKeyPassphrase?.revealed)
        }
        if access.sshAgentAvailable {
            guard offer("ssh-agent") else {
                return refuse(.authenticationFailed, "the server refused every key of the SSH agent for user '\(user)'")
            }
            return git_credential_ssh_key_from_agent(out, user)
        }
        return refuse(.authenticationFailed, "no SSH key to log in with: give --ssh-key FILE or run an SSH agent (SSH_AUTH_SOCK)")
    }

    private func login(_ out: UnsafeMutablePointer<UnsafeMutablePointer<git_credential>?>) -> Int32 {
        guard let secret = access.httpSecret ?? address.password else {
            return refuse(.authenticationFailed, "the server asks for a login: give --git-token-file FILE or set ROLESYNC_GIT_TOKEN")
        }
        guard address.transport != .http || address.isLoopback else {
            return refuse(.authenticationFailed, "refusing to send credentials over plain http to \(address.host): use https")
        }
        let user = access.httpUser ?? address.user ?? GitAccess.conventionalUser(forHost: address.host)
        guard offer("login") else {
            return refuse(.authenticationFailed, "the server refused the credentials for user '\(user)' (HTTP 401)")
        }
        return git_credential_userpass_plaintext_new(out, user, secret.revealed)
    }

    private func offer(_ kind: String) -> Bool {
        offered.insert(kind).inserted
    }

    // MARK: Host keys

    /// SSH host keys are checked against the known-hosts file, always; TLS certificates keep
    /// libgit2's own verdict (the system's certificate authorities).
    private func check(_ certificate: UnsafeMutablePointer<git_cert>) -> Int32 {
        guard certificate.pointee.cert_type == GIT_CERT_HOSTKEY_LIBSSH2 else { return 1 }
        let hostKey = UnsafeRawPointer(certificate).assumingMemoryBound(to: git_cert_hostkey.self).pointee
        guard hostKey.type.rawValue & GIT_CERT_SSH_RAW.rawValue != 0, let raw = hostKey.hostkey else {
            return refuse(.hostKeyRejected, "libssh2 gave no host key to check for \(address.knownHostsName)")
        }
        let key = Array(UnsafeRawBufferPointer(start: raw, count: hostKey.hostkey_len))
        let name = address.knownHostsName
        let offered = "\(KnownHosts.keyType(of: key)) key \(KnownHosts.fingerprint(of: key))"
        guard let path = access.knownHostsFile else {
            return refuse(.hostKeyRejected, "no known-hosts file to check \(name)'s \(offered) against: give --ssh-known-hosts FILE")
        }
        let knownHosts: KnownHosts
        do {
            knownHosts = try KnownHosts.load(path)
        } catch {
            return refuse(.hostKeyRejected, "\(error); cannot check \(name)'s \(offered)")
        }
        switch knownHosts.verdict(host: name, key: key) {
        case .trusted:
            return 0
        case .unknown:
            return refuse(.hostKeyRejected, "host \(name) is not in \(path); it offered \(offered). Check that fingerprint with the server's owner, then add the key (ssh-keyscan)")
        case .mismatch(let lines):
            let where_ = lines.map(String.init).joined(separator: ", ")
            return refuse(.hostKeyRejected, "HOST KEY MISMATCH for \(name): it offered \(offered), which \(path) does not list (line \(where_) has another key). Someone may be intercepting the connection")
        case .revoked(let line):
            return refuse(.hostKeyRejected, "host \(name) offered \(offered), which \(path) line \(line) marks @revoked")
        }
    }

    private func refuse(_ kind: GitError.Kind, _ message: String) -> Int32 {
        if refusal == nil {
            refusal = GitError(kind: kind, operation: "connect to", subject: address.url, message: message)
        }
        return kind == .hostKeyRejected ? GIT_ECERTIFICATE.rawValue : GIT_EAUTH.rawValue
    }
}
