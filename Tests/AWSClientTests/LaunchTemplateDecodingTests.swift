@testable import AWSClient
import Foundation
import Testing

/// Auto Scaling and launch template answers, decoded from canned XML in the shapes AWS documents.
@Suite("Auto Scaling and launch template answers decoded")
struct LaunchTemplateDecodingTests {
    func root(_ xml: String) throws -> XMLElementNode {
        try ResponseDecoding.decode(status: 200, body: Data(xml.utf8), action: "test")
    }

    static let groups = """
        <DescribeAutoScalingGroupsResponse xmlns="http://autoscaling.amazonaws.com/doc/2011-01-01/">
          <DescribeAutoScalingGroupsResult>
            <AutoScalingGroups>
              <member>
                <AutoScalingGroupName>web</AutoScalingGroupName>
                <AutoScalingGroupARN>arn:aws:autoscaling:us-east-1:111122223333:autoScalingGroup:1:autoScalingGroupName/web</AutoScalingGroupARN>
                <LaunchTemplate><LaunchTemplateId>lt-0a</LaunchTemplateId><LaunchTemplateName>web-lt</LaunchTemplateName><Version>$Latest</Version></LaunchTemplate>
                <Tags>
                  <member><ResourceId>web</ResourceId><Key>team</Key><Value>web</Value><PropagateAtLaunch>true</PropagateAtLaunch></member>
                  <member><ResourceId>web</ResourceId><Key>cost</Key><Value/><PropagateAtLaunch>false</PropagateAtLaunch></member>
                </Tags>
              </member>
              <member>
                <AutoScalingGroupName>mixed</AutoScalingGroupName>
                <MixedInstancesPolicy>
                  <LaunchTemplate>
                    <LaunchTemplateSpecification><LaunchTemplateName>web-lt</LaunchTemplateName></LaunchTemplateSpecification>
                    <Overrides>
                      <member><InstanceType>t3.small</InstanceType></member>
                      <member><InstanceType>m5.large</InstanceType>
                        <LaunchTemplateSpecification><LaunchTemplateId>lt-0b</LaunchTemplateId><Version>4</Version></LaunchTemplateSpecification>
                      </member>
                    </Overrides>
                  </LaunchTemplate>
                </MixedInstancesPolicy>
                <Tags/>
              </member>
              <member>
                <AutoScalingGroupName>legacy</AutoScalingGroupName>
                <LaunchConfigurationName>old-lc</LaunchConfigurationName>
              </member>
            </AutoScalingGroups>
            <NextToken>page-2</NextToken>
          </DescribeAutoScalingGroupsResult>
          <ResponseMetadata><RequestId>1</RequestId></ResponseMetadata>
        </DescribeAutoScalingGroupsResponse>
        """

    @Test("groups: own template, mixed instances policy with overrides, launch configuration, tags, next token")
    func autoScalingGroups() throws {
        let page = try LaunchTemplateDecoding.autoScalingGroups(in: try root(Self.groups))
        #expect(page.nextToken == "page-2")
        #expect(page.groups == [
            AutoScalingGroup(
                name: "web", arn: "arn:aws:autoscaling:us-east-1:111122223333:autoScalingGroup:1:autoScalingGroupName/web",
                launchTemplate: LaunchTemplateSpecification(launchTemplateId: "lt-0a", launchTemplateName: "web-lt", version: "$Latest"),
                tags: [AutoScalingTag(key: "team", value: "web", propagateAtLaunch: true),
                       AutoScalingTag(key: "cost", value: "", propagateAtLaunch: false)]),
            AutoScalingGroup(
                name: "mixed",
                mixedInstancesTemplate: LaunchTemplateSpecification(launchTemplateName: "web-lt"),
                overrideTemplates: [LaunchTemplateSpecification(launchTemplateId: "lt-0b", version: "4")]),
            AutoScalingGroup(name: "legacy", launchConfigurationName: "old-lc"),
        ])
        // No version means the template's default, as Auto Scaling reads it.
        #expect(page.groups[1].templateSpecifications.map(\.version) == ["$Default", "4"])
    }

    @Test("the last page has no next token")
    func lastPage() throws {
        let xml = """
            <DescribeAutoScalingGroupsResponse><DescribeAutoScalingGroupsResult><AutoScalingGroups/>\
            </DescribeAutoScalingGroupsResult></DescribeAutoScalingGroupsResponse>
            """
        let page = try LaunchTemplateDecoding.autoScalingGroups(in: try root(xml))
        #expect(page.groups.isEmpty)
        #expect(page.nextToken == nil)
    }

    @Test("an answer without its result element is malformed, naming the action")
    func missingResult() throws {
        let error = #expect(throws: AWSTransportError.self) {
            try LaunchTemplateDecoding.autoScalingGroups(in: try root("<DescribeAutoScalingGroupsResponse/>"))
        }
        #expect(String(describing: try #require(error)).contains("DescribeAutoScalingGroups"))
    }

    @Test("an Auto Scaling error document is a service error with its code")
    func serviceError() throws {
        let xml = """
            <ErrorResponse xmlns="http://autoscaling.amazonaws.com/doc/2011-01-01/"><Error><Type>Sender</Type>\
            <Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>r-1</RequestId></ErrorResponse>
            """
        let error = #expect(throws: AWSServiceError.self) {
            try ResponseDecoding.decode(status: 400, body: Data(xml.utf8), action: "DescribeAutoScalingGroups")
        }
        #expect(error?.code == "Throttling")
        #expect(error?.requestId == "r-1")
    }

    @Test("templates: default and latest version numbers")
    func launchTemplates() throws {
        let xml = """
            <DescribeLaunchTemplatesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>1</requestId>
              <launchTemplates><item><launchTemplateId>lt-0a</launchTemplateId><launchTemplateName>web-lt</launchTemplateName>
                <defaultVersionNumber>2</defaultVersionNumber><latestVersionNumber>5</latestVersionNumber></item></launchTemplates>
              <nextToken>t</nextToken>
            </DescribeLaunchTemplatesResponse>
            """
        let response = try root(xml)
        #expect(try LaunchTemplateDecoding.launchTemplates(in: response)
            == [LaunchTemplate(id: "lt-0a", name: "web-lt", defaultVersionNumber: 2, latestVersionNumber: 5)])
        #expect(EC2Decoding.nextToken(response) == "t")
    }

    @Test("template versions: profile by ARN, by name, or none, and user-data as stored")
    func launchTemplateVersions() throws {
        let xml = """
            <DescribeLaunchTemplateVersionsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>1</requestId>
              <launchTemplateVersionSet>
                <item><launchTemplateId>lt-0a</launchTemplateId><launchTemplateName>web-lt</launchTemplateName>
                  <versionNumber>1</versionNumber><defaultVersion>true</defaultVersion>
                  <launchTemplateData><iamInstanceProfile><name>web</name></iamInstanceProfile><userData>IyEvYmluL3No</userData></launchTemplateData></item>
                <item><launchTemplateId>lt-0a</launchTemplateId><launchTemplateName>web-lt</launchTemplateName>
                  <versionNumber>2</versionNumber><defaultVersion>false</defaultVersion>
                  <launchTemplateData><iamInstanceProfile><arn>arn:aws:iam::111122223333:instance-profile/ops/db</arn></iamInstanceProfile></launchTemplateData></item>
                <item><launchTemplateId>lt-0a</launchTemplateId><versionNumber>3</versionNumber><launchTemplateData/></item>
              </launchTemplateVersionSet>
            </DescribeLaunchTemplateVersionsResponse>
            """
        #expect(try LaunchTemplateDecoding.launchTemplateVersions(in: try root(xml)) == [
            LaunchTemplateVersion(templateId: "lt-0a", templateName: "web-lt", versionNumber: 1, isDefault: true,
                                  profileName: "web", userData: "IyEvYmluL3No"),
            LaunchTemplateVersion(templateId: "lt-0a", templateName: "web-lt", versionNumber: 2,
                                  profileArn: "arn:aws:iam::111122223333:instance-profile/ops/db"),
            LaunchTemplateVersion(templateId: "lt-0a", templateName: "", versionNumber: 3),
        ])
    }

    @Test("a version number that is not a number is malformed")
    func badVersionNumber() throws {
        let xml = """
            <DescribeLaunchTemplateVersionsResponse><launchTemplateVersionSet><item><launchTemplateId>lt-0a</launchTemplateId>\
            <versionNumber>two</versionNumber></item></launchTemplateVersionSet></DescribeLaunchTemplateVersionsResponse>
            """
        let error = #expect(throws: AWSTransportError.self) {
            try LaunchTemplateDecoding.launchTemplateVersions(in: try root(xml))
        }
        #expect(String(describing: try #require(error)).contains("versionNumber"))
    }

    @Test("Auto Scaling draws on its own token bucket, the launch template reads on EC2's describe bucket")
    func buckets() {
        #expect(EC2Client.bucket(for: QueryRequest(action: "DescribeLaunchTemplateVersions", version: "2016-11-15")) == .nonMutating)
        #expect(EC2Client.bucket(for: QueryRequest(action: "DescribeLaunchTemplates", version: "2016-11-15")) == .nonMutating)
        #expect(RateLimitConfiguration.standard.limit(for: .autoScaling) == BucketLimit(capacity: 20, refillPerSecond: 10))
    }
}
