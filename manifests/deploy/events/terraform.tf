# The events queue of `rolesync run --events-queue` (see cloudformation.yaml beside it for the
# same resources explained): an EventBridge rule on CloudTrail profile changes, an SQS queue with
# a dead-letter queue, and the queue policy letting EventBridge send and rolesync receive.
variable "rolesync_role_arn" {
  type        = string
  description = "ARN of the role rolesync runs as"
}

resource "aws_sqs_queue" "dead_letter" {
  name                      = "rolesync-events-dead-letter"
  message_retention_seconds = 1209600
}

resource "aws_sqs_queue" "events" {
  name                       = "rolesync-events"
  visibility_timeout_seconds = 300
  receive_wait_time_seconds  = 20
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.dead_letter.arn
    maxReceiveCount     = 5
  })
}

resource "aws_cloudwatch_event_rule" "profile_changes" {
  name = "rolesync-profile-changes"
  event_pattern = jsonencode({
    source        = ["aws.ec2", "aws.autoscaling"]
    "detail-type" = ["AWS API Call via CloudTrail"]
    detail = {
      eventName = [
        "AssociateIamInstanceProfile", "ReplaceIamInstanceProfileAssociation", "DisassociateIamInstanceProfile",
        "RunInstances", "CreateLaunchTemplateVersion", "ModifyLaunchTemplate", "UpdateAutoScalingGroup",
      ]
    }
  })
}

resource "aws_cloudwatch_event_target" "events_queue" {
  rule = aws_cloudwatch_event_rule.profile_changes.name
  arn  = aws_sqs_queue.events.arn
}

resource "aws_sqs_queue_policy" "events" {
  queue_url = aws_sqs_queue.events.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "EventBridgeSends"
        Effect    = "Allow"
        Principal = { Service = "events.amazonaws.com" }
        Action    = "sqs:SendMessage"
        Resource  = aws_sqs_queue.events.arn
        Condition = { ArnEquals = { "aws:SourceArn" = aws_cloudwatch_event_rule.profile_changes.arn } }
      },
      {
        Sid       = "RoleSyncReceives"
        Effect    = "Allow"
        Principal = { AWS = var.rolesync_role_arn }
        Action    = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility"]
        Resource  = aws_sqs_queue.events.arn
      },
    ]
  })
}

output "queue_url" {
  value = aws_sqs_queue.events.id
}
