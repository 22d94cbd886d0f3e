import AWSClient
import Foundation
import Testing

@Suite("Shared config files")
struct CredentialSharedConfigTests {
    @Test("config sections: default, profile x; others ignored; comments and sub-properties skipped")
    func parseConfig() {
        let text = """
            # leading comment
            [default]
            region = eu-west-1 # inline comment
            s3 =
              max_concurrent_requests = 4
            output=json

            [profile ops]
            ; comment
            role_arn = arn:aws:iam::111122223333:role/x
            Source_Profile = dev

            [sso-session corp]
            sso_region = us-east-1

            [bare]
            region = ignored
            """
        let file = SharedConfigFile.parse(text, kind: .config)
        #expect(file.profiles == [
            "default": ["region": "eu-west-1", "s3": "", "output": "json"],
            "ops": ["role_arn": "arn:aws:iam::111122223333:role/x", "source_profile": "dev"],
        ])
    }

    @Test("credentials sections are bare names; values keep # and ; that do not follow whitespace")
    func parseCredentials() {
        let text = "[default]\naws_access_key_id = AKIA1\naws_secret_access_key = ab#cd;ef/+gh\n[profile x]\nkey = v\n"
        let file = SharedConfigFile.parse(text, kind: .credentials)
        #expect(file.profiles["default"]?["aws_secret_access_key"] == "ab#cd;ef/+gh")
        #expect(file.profiles["profile x"]?["key"] == "v")
    }

    @Test("the credentials file wins over the config file for the same key")
    func precedence() {
        let configuration = SharedConfiguration(
            credentials: .parse("[a]\naws_access_key_id = FROMCREDENTIALS\n", kind: .credentials),
            config: .parse("[profile a]\naws_access_key_id = FROMCONFIG\nregion = ap-south-1\n", kind: .config))
        #expect(configuration.settings(forProfile: "a") == ["aws_access_key_id": "FROMCREDENTIALS", "region": "ap-south-1"])
        #expect(configuration.settings(forProfile: "b") == nil)
    }

    @Test("region: AWS_REGION, then AWS_DEFAULT_REGION, then the selected profile's region")
    func region() throws {
        let home = try AWSHome(credentials: AWSHome.standardCredentials, config: AWSHome.standardConfig)
        defer { home.remove() }
        let region = { (environment: [String: String], profile: String?) in
            try SharedConfiguration.region(environment: environment, homeDirectory: home.url, profile: profile)
        }
        #expect(try region([:], nil) == "eu-west-1")
        #expect(try region([:], "ops") == "us-east-2")
        #expect(try region(["AWS_PROFILE": "dev"], nil) == "eu-central-1")
        #expect(try region(["AWS_DEFAULT_REGION": "sa-east-1"], "ops") == "sa-east-1")
        #expect(try region(["AWS_REGION": "ca-central-1", "AWS_DEFAULT_REGION": "sa-east-1"], nil) == "ca-central-1")
        #expect(try region([:], "missing") == nil)
    }

    @Test("AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE move the files; ~ means the home passed in")
    func fileLocations() throws {
        let home = try AWSHome()
        defer { home.remove() }
        try home.directory.write("[elsewhere]\naws_access_key_id = A\naws_secret_access_key = B\n", to: "custom/creds")
        try home.directory.write("[profile elsewhere]\nregion = me-south-1\n", to: "custom/conf")
        let configuration = try SharedConfiguration.load(
            environment: ["AWS_SHARED_CREDENTIALS_FILE": "~/custom/creds", "AWS_CONFIG_FILE": home.url.path + "/custom/conf"],
            homeDirectory: home.url)
        #expect(configuration.region(forProfile: "elsewhere") == "me-south-1")
        #expect(configuration.settings(forProfile: "elsewhere")?["aws_access_key_id"] == "A")
        #expect(configuration.credentialsPathForDisplay == "~/custom/creds")
    }
}
