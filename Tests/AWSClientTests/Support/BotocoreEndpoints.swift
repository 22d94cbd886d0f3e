import AWSClient
import Foundation
import TestSupport

/// What botocore says about one partition: its row of `data/partitions.json` and, for each
/// region it lists, what a real botocore client does for each service and endpoint variant.
struct BotocorePartition: Decodable, Sendable {
    /// Where a client sends a request and the region of its signature, or why botocore
    /// refuses to build the client at all.
    struct Resolution: Decodable, Sendable, Equatable, CustomStringConvertible {
        var url: String?
        var signingRegion: String?
        var error: String?

        var description: String { error.map { "error: \($0)" } ?? "\(url ?? "-") signed for \(signingRegion ?? "-")" }
    }

    struct Region: Decodable, Sendable {
        var name: String
        /// By service name (`ec2`, `iam`, `sts`, `organizations`, `dynamodb`, `autoscaling`), then by
        /// `BotocorePartition.key(of:)`.
        var endpoints: [String: [String: Resolution]]
    }

    var id: String
    var dnsSuffix: String
    var dualStackDnsSuffix: String
    var regionRegex: String
    var regions: [Region]

    /// The key of a variant in the script's answer.
    static func key(of variant: EndpointVariant) -> String {
        "\(variant.usesFIPS ? "fips" : "-")/\(variant.usesDualStack ? "dualstack" : "-")"
    }

    /// Asks the installed botocore. A missing python3 or botocore throws, saying so.
    static func load() async throws(BotocoreUnavailable) -> [BotocorePartition] {
        let output: String
        do {
            output = try await ProcessRunner.check(["python3", "-c", script])
        } catch {
            throw BotocoreUnavailable(reason: "python3 with botocore is needed to check the endpoint tables: \(error)")
        }
        do {
            return try JSONDecoder().decode([BotocorePartition].self, from: Data(output.utf8))
        } catch {
            throw BotocoreUnavailable(reason: "botocore's answer could not be read: \(error)")
        }
    }

    /// The script creates a real client per region, service and variant
    /// (`use_fips_endpoint`, `use_dualstack_endpoint`) and stops it in `before-send`, reading
    /// the URL and the credential scope of the signed request. That is the truth for modern
    /// botocore, which consults two sources: when the client is built, `data/endpoints.json`
    /// through `botocore.regions.EndpointResolver` (which raises `EndpointVariantError` where no
    /// variant is modelled, as for dual-stack in aws-iso-e and aws-iso-f); per request, the
    /// service's `endpoint-rule-set-1.json` through `EndpointRulesetResolver`, which gives the
    /// URL actually used. Neither file alone says what a client does.
    private static let script = #"""
        import json, os, re
        for name in list(os.environ):
            if name.startswith(("AWS_", "BOTO")):
                del os.environ[name]
        os.environ.update({"AWS_CONFIG_FILE": os.devnull, "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
                           "AWS_STS_REGIONAL_ENDPOINTS": "regional", "AWS_EC2_METADATA_DISABLED": "true"})
        import botocore.session
        from botocore.config import Config
        from botocore.exceptions import EndpointVariantError
        session = botocore.session.get_session()
        session.set_credentials("AKIDEXAMPLE", "secret")
        partitions = session.get_component("data_loader").load_data("partitions")
        calls = {"ec2": "describe_regions", "iam": "list_roles", "sts": "get_caller_identity",
                 "organizations": "list_accounts", "dynamodb": "list_tables",
                 "autoscaling": "describe_auto_scaling_groups"}

        class Stop(Exception):
            pass

        def resolve(service, region, fips, dualstack):
            config = Config(use_fips_endpoint=fips, use_dualstack_endpoint=dualstack, retries={"max_attempts": 1})
            try:
                client = session.create_client(service, region_name=region, config=config)
            except EndpointVariantError as error:
                return {"error": str(error)}
            seen = {}
            def capture(request, **kwargs):
                scope = re.search(r"Credential=[^/]+/\d+/([^/]+)/", request.headers["Authorization"].decode())
                seen.update(url=request.url.rstrip("/"), signingRegion=scope.group(1))
                raise Stop()
            client.meta.events.register("before-send", capture)
            try:
                getattr(client, calls[service])()
            except Stop:
                pass
            return seen

        rows = []
        for p in partitions["partitions"]:
            regions = sorted(r for r in p["regions"] if not r.endswith("-global"))
            rows.append({
                "id": p["id"], "dnsSuffix": p["outputs"]["dnsSuffix"],
                "dualStackDnsSuffix": p["outputs"]["dualStackDnsSuffix"], "regionRegex": p["regionRegex"],
                "regions": [{"name": r, "endpoints": {s: {
                    ("fips" if f else "-") + "/" + ("dualstack" if d else "-"): resolve(s, r, f, d)
                    for f in (False, True) for d in (False, True)} for s in calls}} for r in regions],
            })
        print(json.dumps(rows))
        """#
}

struct BotocoreUnavailable: Error, CustomStringConvertible {
    var reason: String
    var description: String { reason }
}
