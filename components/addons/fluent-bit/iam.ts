import { policyDocument, PolicyDocument } from "../../shared/iam";

/**
 * What the cloudwatch_logs output calls, on the log groups the program created and nothing
 * else: CreateLogStream (one stream per container log file, on the group) and PutLogEvents
 * (on the group's streams). No logs:CreateLogGroup (auto_create_group is off, so a group
 * always has its retention and key) and no DescribeLogStreams: the plugin creates a stream
 * and treats "already exists" as success instead of looking streams up.
 */
export function fluentBitPolicy(logGroupArns: readonly string[]): PolicyDocument {
    if (logGroupArns.length === 0) throw new Error("invalid Fluent Bit policy: no log groups");
    const groups = logGroupArns.map((arn) => arn.replace(/:\*$/, ""));
    return policyDocument(
        { Sid: "CreateStreamsInTheLogGroups", Effect: "Allow", Action: "logs:CreateLogStream", Resource: groups.flatMap((arn) => [arn, `${arn}:*`]) },
        { Sid: "PutEventsInTheLogGroups", Effect: "Allow", Action: "logs:PutLogEvents", Resource: groups.map((arn) => `${arn}:log-stream:*`) },
    );
}
