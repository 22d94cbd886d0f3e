import Foundation
import Testing
@testable import RoleSyncCore

/// A plan saved at one revision and applied at another: it holds exactly when the manifests are
/// the same files, and is then bound to the revision applied.
@Suite struct SavedPlanBindingTests {
    static let files = [
        ManifestFile(path: "roles/web.yaml", contents: Data("kind: InstanceRoleAssignment\n".utf8)),
        ManifestFile(path: "policy.yaml", contents: Data("kind: ReconcilePolicy\n".utf8)),
    ]

    @Test func theDigestFollowsPathsAndBytesNotOrder() {
        let digest = ManifestDigest.of(Self.files)
        #expect(digest.hasPrefix("sha256:"))
        #expect(ManifestDigest.of(Self.files.reversed()) == digest)
        var renamed = Self.files
        renamed[0].path = "roles/web2.yaml"
        #expect(ManifestDigest.of(renamed) != digest)
        var edited = Self.files
        edited[1].contents.append(UInt8(ascii: "\n"))
        #expect(ManifestDigest.of(edited) != digest)
        // Length prefixes keep a byte moving between path and contents from colliding.
        let shifted = [ManifestFile(path: "a.yam", contents: Data("lx".utf8))]
        #expect(ManifestDigest.of(shifted) != ManifestDigest.of([ManifestFile(path: "a.yaml", contents: Data("x".utf8))]))
    }

    @Test func sameManifestsAtAnotherRevisionBindToIt() throws {
        let head = plan(revision: "head", digest: "sha256:same")
        let merged = plan(revision: "merge", digest: "sha256:same")
        let bound = try SavedPlanCheck.verify(head, against: merged)
        #expect(bound.desiredRevision == "merge")
        #expect(bound.actions == head.actions)
    }

    @Test func otherManifestsOrNoDigestAreRefused() {
        let head = plan(revision: "head", digest: "sha256:one")
        #expect(throws: SavedPlanCheck.Mismatch.desiredRevision(saved: "head", now: "merge")) {
            try SavedPlanCheck.verify(head, against: plan(revision: "merge", digest: "sha256:two"))
        }
        let older = plan(revision: "head", digest: nil)
        #expect(throws: SavedPlanCheck.Mismatch.desiredRevision(saved: "head", now: "merge")) {
            try SavedPlanCheck.verify(older, against: plan(revision: "merge", digest: nil))
        }
    }

    @Test func aReviewedPlansActionsMustBeAmongThoseNowPlanned() throws {
        var reviewed = plan(revision: "head", digest: "sha256:same")
        reviewed.actions = [reviewed.actions[0]]
        reviewed.review = ChangeReview(base: "main", mergeBase: nil, head: "head")
        let merged = plan(revision: "merge", digest: "sha256:same")
        #expect(try SavedPlanCheck.verify(reviewed, against: merged).actions == [merged.actions[0]])
        // The same subset without a review is an edited plan.
        var cut = reviewed
        cut.review = nil
        #expect(throws: SavedPlanCheck.Mismatch.actions) { try SavedPlanCheck.verify(cut, against: merged) }
        var widened = reviewed
        widened.actions[0].profile = "arn:aws:iam::123456789012:instance-profile/admin"
        #expect(throws: SavedPlanCheck.Mismatch.actions) { try SavedPlanCheck.verify(widened, against: merged) }
    }

    @Test func thePlannerCarriesTheDigestIntoThePlanAndItsHash() {
        let a = plan(revision: "a", digest: "sha256:same")
        let b = plan(revision: "b", digest: "sha256:same")
        #expect(a.desiredDigest == "sha256:same")
        #expect(a.planHash == b.planHash, "the hash follows the manifests, not the commit holding them")
        #expect(plan(revision: "a", digest: "sha256:other").planHash != a.planHash)
    }

    private func plan(revision: String, digest: String?) -> Plan {
        let instances = (1...3).map { Fixture.instance("i-\($0)", tags: ["team": "payments"]) }
        var desired = Fixture.desired([DifferCase.tag("web")])
        desired.revision = revision
        desired.manifestDigest = digest
        let inventory = Fixture.inventory(instances)
        return Planner.plan(
            drift: Differ.diff(desired: desired, inventory: inventory, now: Fixture.now), desired: desired, inventory: inventory)
    }
}
