import Foundation
import TestSupport

/// What botocore says about one partition: its row of `data/partitions.json` and, for each
/// region it lists, the endpoints its rule sets resolve (no FIPS, no dual-stack, regional STS).
struct BotocorePartition: Decodable, Sendable {
    struct Endpoint: Decodable, Sendable, Equatable {
        var url: String
        var signingRegion: String
    }

    struct Region: Decodable, Sendable {
        var name: String
        /// Keyed by service name: `ec2`, `iam`, `sts`.
        var endpoints: [String: Endpoint]
    }

    var id: String
    var dnsSuffix: String
    var regionRegex: String
    var regions: [Region]

    /// Asks the installed botocore, through its own endpoint resolver, so the answer is what
    /// the Python SDK would do rather than a copy of its tables.
    static func load() throws -> [BotocorePartition] {
        let output = try ProcessRunner.check(["python3", "-c", script])
        return try JSONDecoder().decode([BotocorePartition].self, from: Data(output.utf8))
    }

    private static let script = #"""
        import json, botocore.session
        from botocore.endpoint_provider import EndpointProvider
        loader = botocore.session.get_session().get_component("data_loader")
        partitions = loader.load_data("partitions")
        providers = {s: EndpointProvider(loader.load_service_model(s, "endpoint-rule-set-1"), partitions)
                     for s in ("ec2", "iam", "sts")}
        def resolve(service, region):
            params = {"Region": region, "UseFIPS": False, "UseDualStack": False}
            if service == "sts":
                params["UseGlobalEndpoint"] = False
            endpoint = providers[service].resolve_endpoint(**params)
            schemes = endpoint.properties.get("authSchemes") or [{}]
            return {"url": endpoint.url, "signingRegion": schemes[0].get("signingRegion", region)}
        rows = []
        for p in partitions["partitions"]:
            regions = sorted(r for r in p["regions"] if not r.endswith("-global"))
            rows.append({
                "id": p["id"], "dnsSuffix": p["outputs"]["dnsSuffix"], "regionRegex": p["regionRegex"],
                "regions": [{"name": r, "endpoints": {s: resolve(s, r) for s in providers}} for r in regions],
            })
        print(json.dumps(rows))
        """#
}
