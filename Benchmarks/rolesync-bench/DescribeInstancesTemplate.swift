/// One reservation of a DescribeInstances answer, as the EC2 emulator recorded it (a Windows
/// instance with one network interface, one volume and full metadata options, about 3.3 KB).
/// `{ID}` becomes a unique hexadecimal suffix (reservation and instance ids), `{TAGS}` the
/// tag items. Lines end in a backslash so the text is one line, byte for byte what was recorded.
enum DescribeInstancesTemplate {
    static let header = #"<?xml version="1.0" encoding="UTF-8"?>"#
        + #"<DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">"#
        + "<requestId>8f7724cf-496f-496e-8fe3-example</requestId><reservationSet>"

    static let footer = "</reservationSet></DescribeInstancesResponse>"

    static let reservation = """
    <item><reservationId>r-{ID}</reservationId><ownerId>123456789012</ownerId><groupSet/>\
    <instancesSet><item><architecture>x86_64</architecture><blockDeviceMapping><item>\
    <deviceName>/dev/sda1</deviceName><ebs><attachTime>2026-11-29T00:28:27.000Z</attachTime>\
    <deleteOnTermination>true</deleteOnTermination><status>attached</status>\
    <volumeId>vol-c787aa71dd002a178</volumeId></ebs></item></blockDeviceMapping>\
    <clientToken>c529be18-8256-4f5a-89c7-884146141973</clientToken>\
    <ebsOptimized>false</ebsOptimized><hypervisor>xen</hypervisor><networkInterfaceSet><item>\
    <association><ipOwnerId>123456789012</ipOwnerId>\
    <publicDnsName>ip-54-214-156-127.ec2.internal</publicDnsName><publicIp>54.214.156.127</publicIp>\
    </association><attachment><attachTime>2026-11-29T00:28:27.000Z</attachTime>\
    <attachmentId>eni-attach-28fbd5324af6e1c62</attachmentId>\
    <deleteOnTermination>false</deleteOnTermination><deviceIndex>0</deviceIndex>\
    <status>attached</status><networkCardIndex>0</networkCardIndex></attachment>\
    <description>Primary network interface</description><groupSet><item>\
    <groupId>sg-89217e4568165fbee</groupId><groupName>default</groupName></item></groupSet>\
    <ipv6AddressesSet/><macAddress>02:00:00:82:67:7c</macAddress>\
    <networkInterfaceId>eni-4615d4514c9f7af34</networkInterfaceId><ownerId>123456789012</ownerId>\
    <privateDnsName>ip-10-102-169-96.ec2.internal</privateDnsName>\
    <privateIpAddress>10.102.169.96</privateIpAddress><privateIpAddressesSet><item><association>\
    <ipOwnerId>123456789012</ipOwnerId><publicDnsName>ip-54-214-156-127.ec2.internal</publicDnsName>\
    <publicIp>54.214.156.127</publicIp></association><primary>true</primary>\
    <privateIpAddress>10.102.169.96</privateIpAddress></item></privateIpAddressesSet>\
    <sourceDestCheck>true</sourceDestCheck><status>in-use</status>\
    <subnetId>subnet-d5852bc09f31f214d</subnetId><vpcId>vpc-21d082f650421b099</vpcId>\
    <interfaceType>interface</interfaceType></item></networkInterfaceSet>\
    <rootDeviceName>/dev/sda1</rootDeviceName><rootDeviceType>ebs</rootDeviceType><groupSet/>\
    <sourceDestCheck>true</sourceDestCheck><sriovNetSupport>simple</sriovNetSupport><stateReason>\
    <code/><message/></stateReason><tagSet>{TAGS}</tagSet>\
    <virtualizationType>hvm</virtualizationType><hibernationOptions/><metadataOptions>\
    <state>applied</state><httpTokens>optional</httpTokens>\
    <httpPutResponseHopLimit>1</httpPutResponseHopLimit><httpEndpoint>enabled</httpEndpoint>\
    <httpProtocolIpv6>disabled</httpProtocolIpv6>\
    <instanceMetadataTags>disabled</instanceMetadataTags></metadataOptions>\
    <instanceId>i-{ID}</instanceId><imageId>ami-12c6146b</imageId><instanceState><code>16</code>\
    <name>running</name></instanceState>\
    <privateDnsName>ip-10-102-169-96.ec2.internal</privateDnsName>\
    <dnsName>ec2-54-214-156-127.compute-1.amazonaws.com</dnsName><reason/>\
    <amiLaunchIndex>0</amiLaunchIndex><productCodes/><instanceType>m1.small</instanceType>\
    <launchTime>2026-11-29T00:28:27.000Z</launchTime><placement><groupName/>\
    <tenancy>default</tenancy><availabilityZone>us-east-1a</availabilityZone></placement>\
    <platform>windows</platform><monitoring><state>disabled</state></monitoring>\
    <subnetId>subnet-d5852bc09f31f214d</subnetId><vpcId>vpc-21d082f650421b099</vpcId>\
    <privateIpAddress>10.102.169.96</privateIpAddress><ipAddress>54.214.156.127</ipAddress></item>\
    </instancesSet></item>
    """
}
