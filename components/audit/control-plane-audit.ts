import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { componentType } from "../shared/naming";
import { auditMetricNamespace, renderAuditMetricFilters, renderControlPlaneQueries } from "./control-plane-queries";

export interface ControlPlaneAuditArgs {
    /** The EKS cluster's control-plane log group (the audit log's streams are in it). */
    logGroupName: pulumi.Input<string>;
    /** Customer key of the alarm topic; its policy must let CloudWatch alarms publish (`cloudwatch-alarms`). */
    topicKeyArn: pulumi.Input<string>;
    /** The break-glass role whose use of the cluster's API is queried and alarmed; none, neither. */
    breakGlassRoleArn?: string;
    /** The deploy role, whose Secret and RBAC writes do not alarm. */
    deployRoleArn?: string;
}

/** Minutes over which an alarm sums its filter's events. */
const ALARM_PERIOD_SECONDS = 300;

/**
 * Saved Logs Insights queries over the control-plane log group for the questions an incident
 * asks, a metric filter per security-relevant event and an alarm on each, notifying one
 * KMS-encrypted SNS topic. The program subscribes nobody: security operations subscribe their
 * own endpoint (decision in docs/decisions.md). The component's name is the cluster's name.
 */
export class ControlPlaneAudit extends pulumi.ComponentResource {
    /** Where the alarms notify; subscriptions are made outside the program. */
    readonly alarmTopicArn: pulumi.Output<string>;

    constructor(name: string, args: ControlPlaneAuditArgs, opts?: pulumi.ComponentResourceOptions) {
        super(componentType("audit", "ControlPlaneAudit"), name, {}, opts);

        for (const query of renderControlPlaneQueries({ folder: name, breakGlassRoleArn: args.breakGlassRoleArn })) {
            new aws.cloudwatch.QueryDefinition(`${name}-query-${query.key}`, {
                name: query.name, queryString: query.queryString, logGroupNames: [args.logGroupName],
            }, { parent: this });
        }

        // A fixed name, so that security operations find it; nothing it holds is lost by replacing it but its subscriptions.
        const topic = new aws.sns.Topic(`${name}-control-plane-alarms`, {
            name: `${name}-control-plane-alarms`,
            kmsMasterKeyId: args.topicKeyArn,
            tags: { Name: `${name}-control-plane-alarms` },
        }, { parent: this });

        const namespace = auditMetricNamespace(name);
        for (const filter of renderAuditMetricFilters({ breakGlassRoleArn: args.breakGlassRoleArn, deployRoleArn: args.deployRoleArn })) {
            const metricFilter = new aws.cloudwatch.LogMetricFilter(`${name}-filter-${filter.key}`, {
                name: `${name}-${filter.key}`,
                logGroupName: args.logGroupName,
                pattern: filter.pattern,
                // No default value: an empty period publishes nothing, which the alarm reads as not breaching.
                metricTransformation: { namespace, name: filter.metricName, value: "1", unit: "Count" },
            }, { parent: this });
            new aws.cloudwatch.MetricAlarm(`${name}-alarm-${filter.key}`, {
                name: `${name}-control-plane-${filter.key}`,
                alarmDescription: filter.description,
                namespace,
                metricName: filter.metricName,
                statistic: "Sum",
                period: ALARM_PERIOD_SECONDS,
                evaluationPeriods: 1,
                threshold: filter.threshold,
                comparisonOperator: "GreaterThanOrEqualToThreshold",
                treatMissingData: "notBreaching",
                alarmActions: [topic.arn],
                tags: { Name: `${name}-control-plane-${filter.key}` },
            }, { parent: this, dependsOn: [metricFilter] });
        }

        this.alarmTopicArn = topic.arn;
        this.registerOutputs({ alarmTopicArn: this.alarmTopicArn });
    }
}
