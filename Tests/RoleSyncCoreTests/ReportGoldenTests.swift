import Foundation
import Testing
@testable import RoleSyncCore

@Test func textReportGolden() {
    #expect(TextReport.render(ReportSample.plan) == #"""
        rolesync plan at 4f2a9c1: 4 instances, 1 in sync, 3 drifted, 2 actions, 1 blocked

        missing (1): no instance profile attached, one desired
          INSTANCE  ACCOUNT       REGION     DESIRED                                         ACTUAL  SOURCE            REASON  CAUSE
          i-0a1     111122223333  us-east-1  arn:aws:iam::111122223333:instance-profile/web  -       teams/app.yaml:5  -       cause unknown

        wrong (1): another instance profile attached than the desired one
          INSTANCE  ACCOUNT       REGION     DESIRED                                        ACTUAL                                          SOURCE            REASON  CAUSE
          i-0b2     111122223333  us-east-1  arn:aws:iam::111122223333:instance-profile/db  arn:aws:iam::111122223333:instance-profile/web  teams/db.yaml:12  -       cause unknown

        profile-not-found (1): the desired instance profile does not exist
          INSTANCE  ACCOUNT       REGION     DESIRED  ACTUAL  SOURCE             REASON                                                    CAUSE
          i-0c3     111122223333  us-east-1  ghost    -       teams/app.yaml:20  instance profile ghost not found in account 111122223333  -

        actions (3)
          TYPE                               STATUS   INSTANCE  ACCOUNT       REGION     PROFILE                                         REASON
          associate                          planned  i-0a1     111122223333  us-east-1  arn:aws:iam::111122223333:instance-profile/web  -
          replace (disassociate, associate)  planned  i-0b2     111122223333  us-east-1  arn:aws:iam::111122223333:instance-profile/db   -
          associate                          blocked  i-0c3     111122223333  us-east-1  ghost                                           profile-not-found: instance profile ghost not found in account 111122223333

        """#)
}

@Test func markdownReportGolden() {
    #expect(MarkdownReport.render(ReportSample.plan) == #"""
        ### rolesync plan at `4f2a9c1`

        | instances | in sync | drifted | actions | blocked |
        | ---: | ---: | ---: | ---: | ---: |
        | 4 | 1 | 3 | 2 | 1 |

        #### missing (1)

        _no instance profile attached, one desired_

        | instance | account | region | desired | actual | source | reason | cause |
        | --- | --- | --- | --- | --- | --- | --- | --- |
        | `i-0a1` | 111122223333 | us-east-1 | `arn:aws:iam::111122223333:instance-profile/web` | – | `teams/app.yaml:5` | – | cause unknown |

        #### wrong (1)

        _another instance profile attached than the desired one_

        | instance | account | region | desired | actual | source | reason | cause |
        | --- | --- | --- | --- | --- | --- | --- | --- |
        | `i-0b2` | 111122223333 | us-east-1 | `arn:aws:iam::111122223333:instance-profile/db` | `arn:aws:iam::111122223333:instance-profile/web` | `teams/db.yaml:12` | – | cause unknown |

        #### profile-not-found (1)

        _the desired instance profile does not exist_

        | instance | account | region | desired | actual | source | reason | cause |
        | --- | --- | --- | --- | --- | --- | --- | --- |
        | `i-0c3` | 111122223333 | us-east-1 | `ghost` | – | `teams/app.yaml:20` | instance profile ghost not found in account 111122223333 | - |

        #### actions (3)

        | type | status | instance | account | region | profile | reason |
        | --- | --- | --- | --- | --- | --- | --- |
        | associate | **planned** | `i-0a1` | 111122223333 | us-east-1 | `arn:aws:iam::111122223333:instance-profile/web` | – |
        | replace (disassociate, associate) | **planned** | `i-0b2` | 111122223333 | us-east-1 | `arn:aws:iam::111122223333:instance-profile/db` | – |
        | associate | **blocked** | `i-0c3` | 111122223333 | us-east-1 | `ghost` | profile-not-found: instance profile ghost not found in account 111122223333 |

        """#)
}
