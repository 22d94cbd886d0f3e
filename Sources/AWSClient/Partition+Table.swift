extension Partition {
    /// Every partition botocore knows, the commercial one first. IAM hosts per variant come
    /// from the IAM rule set; a partition without dual-stack endpoints lists none for IAM.
    /// Organizations hosts come from `endpoints.json` (aws-eusc, absent there, from the rule set).
    public static let all: [Partition] = [
        Partition(
            id: "aws", dnsSuffix: "amazonaws.com", dualStackDnsSuffix: "api.aws",
            regionRegex: #"^(us|eu|ap|sa|ca|me|af|il|mx)\-\w+\-\d+$"#,
            hasFIPSEndpoints: true, hasDualStackEndpoints: true, fipsUsesStandardRegionalHost: false,
            iamEndpoints: iam(
                "iam.amazonaws.com", fips: "iam-fips.amazonaws.com", dualStack: "iam.global.api.aws",
                fipsDualStack: "iam-fips.global.api.aws", signingRegion: "us-east-1"),
            organizationsEndpoints: [
                .standard: GlobalEndpoint("organizations.us-east-1.amazonaws.com", signingRegion: "us-east-1"),
                .fips: GlobalEndpoint("organizations-fips.us-east-1.amazonaws.com", signingRegion: "us-east-1"),
            ]),
        Partition(
            id: "aws-cn", dnsSuffix: "amazonaws.com.cn", dualStackDnsSuffix: "api.amazonwebservices.com.cn",
            regionRegex: #"^cn\-\w+\-\d+$"#,
            hasFIPSEndpoints: true, hasDualStackEndpoints: true, fipsUsesStandardRegionalHost: false,
            iamEndpoints: [
                .standard: GlobalEndpoint("iam.cn-north-1.amazonaws.com.cn", signingRegion: "cn-north-1"),
                .dualStack: GlobalEndpoint("iam.global.api.amazonwebservices.com.cn", signingRegion: "cn-north-1"),
                .fips: GlobalEndpoint("iam-fips.amazonaws.com.cn", signingRegion: "cn-northwest-1"),
                .fipsDualStack: GlobalEndpoint("iam-fips.api.amazonwebservices.com.cn", signingRegion: "cn-northwest-1"),
            ],
            organizationsEndpoints: organizations("organizations.cn-northwest-1.amazonaws.com.cn", signingRegion: "cn-northwest-1")),
        Partition(
            id: "aws-us-gov", dnsSuffix: "amazonaws.com", dualStackDnsSuffix: "api.aws",
            regionRegex: #"^us\-gov\-\w+\-\d+$"#,
            hasFIPSEndpoints: true, hasDualStackEndpoints: true, fipsUsesStandardRegionalHost: true,
            iamEndpoints: iam(
                "iam.us-gov.amazonaws.com", fips: "iam.us-gov.amazonaws.com", dualStack: "iam.us-gov.api.aws",
                fipsDualStack: "iam.us-gov.api.aws", signingRegion: "us-gov-west-1"),
            organizationsEndpoints: [
                .standard: GlobalEndpoint("organizations.us-gov-west-1.amazonaws.com", signingRegion: "us-gov-west-1"),
                .fips: GlobalEndpoint("organizations.us-gov-west-1.amazonaws.com", signingRegion: "us-gov-west-1"),
            ]),
        Partition(
            id: "aws-iso", dnsSuffix: "c2s.ic.gov", dualStackDnsSuffix: "api.aws.ic.gov",
            regionRegex: #"^us\-iso\-\w+\-\d+$"#,
            hasFIPSEndpoints: true, hasDualStackEndpoints: true, fipsUsesStandardRegionalHost: false,
            iamEndpoints: iam(
                "iam.us-iso-east-1.c2s.ic.gov", fips: "iam-fips.us-iso-east-1.c2s.ic.gov", dualStack: "iam.api.aws.ic.gov",
                fipsDualStack: "iam-fips.api.aws.ic.gov", signingRegion: "us-iso-east-1"),
            organizationsEndpoints: organizations("organizations.us-iso-east-1.c2s.ic.gov", signingRegion: "us-iso-east-1")),
        Partition(
            id: "aws-iso-b", dnsSuffix: "sc2s.sgov.gov", dualStackDnsSuffix: "api.aws.scloud",
            regionRegex: #"^us\-isob\-\w+\-\d+$"#,
            hasFIPSEndpoints: true, hasDualStackEndpoints: true, fipsUsesStandardRegionalHost: false,
            iamEndpoints: iam(
                "iam.us-isob-east-1.sc2s.sgov.gov", fips: "iam-fips.us-isob-east-1.sc2s.sgov.gov",
                dualStack: "iam.api.aws.scloud", fipsDualStack: "iam-fips.api.aws.scloud", signingRegion: "us-isob-east-1"),
            organizationsEndpoints: organizations("organizations.us-isob-east-1.sc2s.sgov.gov", signingRegion: "us-isob-east-1")),
        Partition(
            id: "aws-iso-e", dnsSuffix: "cloud.adc-e.uk", dualStackDnsSuffix: "api.cloud-aws.adc-e.uk",
            regionRegex: #"^eu\-isoe\-\w+\-\d+$"#,
            hasFIPSEndpoints: true, hasDualStackEndpoints: false, fipsUsesStandardRegionalHost: false,
            iamEndpoints: [
                .standard: GlobalEndpoint("iam.eu-isoe-west-1.cloud.adc-e.uk", signingRegion: "eu-isoe-west-1"),
                .fips: GlobalEndpoint("iam-fips.cloud.adc-e.uk", signingRegion: "eu-isoe-west-1"),
            ],
            organizationsEndpoints: organizations("organizations.eu-isoe-west-1.cloud.adc-e.uk", signingRegion: "eu-isoe-west-1")),
        Partition(
            id: "aws-iso-f", dnsSuffix: "csp.hci.ic.gov", dualStackDnsSuffix: "api.aws.hci.ic.gov",
            regionRegex: #"^us\-isof\-\w+\-\d+$"#,
            hasFIPSEndpoints: true, hasDualStackEndpoints: false, fipsUsesStandardRegionalHost: false,
            iamEndpoints: [
                .standard: GlobalEndpoint("iam.us-isof-south-1.csp.hci.ic.gov", signingRegion: "us-isof-south-1"),
                .fips: GlobalEndpoint("iam-fips.csp.hci.ic.gov", signingRegion: "us-isof-south-1"),
            ],
            organizationsEndpoints: organizations("organizations.us-isof-south-1.csp.hci.ic.gov", signingRegion: "us-isof-south-1")),
        Partition(
            id: "aws-eusc", dnsSuffix: "amazonaws.eu", dualStackDnsSuffix: "api.amazonwebservices.eu",
            regionRegex: #"^eusc\-(de)\-\w+\-\d+$"#,
            hasFIPSEndpoints: true, hasDualStackEndpoints: true, fipsUsesStandardRegionalHost: false,
            iamEndpoints: iam(
                "iam.eusc-de-east-1.amazonaws.eu", fips: "iam-fips.amazonaws.eu", dualStack: "iam.api.amazonwebservices.eu",
                fipsDualStack: "iam-fips.api.amazonwebservices.eu", signingRegion: "eusc-de-east-1"),
            organizationsEndpoints: organizations("organizations.eusc-de-east-1.amazonaws.eu", signingRegion: "eusc-de-east-1")),
    ]

    /// Organizations' standard endpoint, where `endpoints.json` models no other variant.
    private static func organizations(_ host: String, signingRegion: String) -> [EndpointVariant: GlobalEndpoint] {
        [.standard: GlobalEndpoint(host, signingRegion: signingRegion)]
    }

    /// IAM's four endpoints when all are signed for one region.
    private static func iam(
        _ standard: String, fips: String, dualStack: String, fipsDualStack: String, signingRegion: String
    ) -> [EndpointVariant: GlobalEndpoint] {
        [
            .standard: GlobalEndpoint(standard, signingRegion: signingRegion),
            .fips: GlobalEndpoint(fips, signingRegion: signingRegion),
            .dualStack: GlobalEndpoint(dualStack, signingRegion: signingRegion),
            .fipsDualStack: GlobalEndpoint(fipsDualStack, signingRegion: signingRegion),
        ]
    }
}
