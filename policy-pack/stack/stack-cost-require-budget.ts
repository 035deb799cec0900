import { PolicyConfigSchema } from "@pulumi/policy";
import { CostAssumptions, CostEstimate, CostResource, DEFAULT_ASSUMPTIONS, estimateCost } from "../lib/cost";
import { PackStackPolicy } from "../lib/policy";
import { PRICES } from "../lib/prices";

const CLUSTER = "aws:eks/cluster:Cluster";

export interface BudgetConfig {
    /** The stack's monthly budget in USD; 0 (the default) sets none. */
    monthlyUsd: number;
    assumptions: CostAssumptions;
}

const usd = (n: number) => `$${n.toFixed(2)}`;

/** The lines that cost most at the maximum, dearest first: what to look at when the budget is exceeded. */
export function largestLines(estimate: CostEstimate, count = 5): string {
    return [...estimate.lines].sort((a, b) => b.monthlyUsd.max - a.monthlyUsd.max).slice(0, count)
        .map((l) => `${l.resource} ${l.item} ${usd(l.monthlyUsd.max)}`).join("; ");
}

/** The violation's text, or undefined when the estimate at the maximum sizes is within the budget. */
export function budgetFinding(estimate: CostEstimate, monthlyUsd: number): string | undefined {
    if (estimate.total.max <= monthlyUsd) return undefined;
    const lowerBound = estimate.missing.length > 0
        ? ` It is a lower bound: the price table lacks ${estimate.missing.length} figure${estimate.missing.length === 1 ? "" : "s"} (${estimate.missing.map((m) => `${m.price} in ${m.region}`).join(", ")}).`
        : "";
    return `The estimate with every node group at its maximum size is ${usd(estimate.total.max)} a month (${usd(estimate.total.desired)} at the desired sizes), `
        + `over the budget of ${usd(monthlyUsd)} by ${usd(estimate.total.max - monthlyUsd)}. Largest: ${largestLines(estimate)}.${lowerBound}`;
}

const assumptionSchema = (description: string, key: keyof CostAssumptions, maximum?: number) => ({
    type: "number" as const, minimum: 0, ...(maximum !== undefined ? { maximum } : {}), default: DEFAULT_ASSUMPTIONS[key], description,
});

/**
 * The stack's monthly estimate with every node group at its maximum size must stay within its
 * budget. The estimate (lib/cost.ts) prices the resources by the pack's price table
 * (lib/prices.ts, each figure dated) with the usage assumptions of this config; the
 * pack carries both because `pulumi preview --policy-pack` hands a policy only the resources and
 * its config. `monthlyUsd` is the stack config's `budget.monthlyUsd`, which the policy cannot
 * read: test/budget.test.ts keeps the two equal. A figure the table lacks adds nothing, so the
 * estimate is then a lower bound; `npm run plan -- --cost` names each missing figure.
 */
export const stackCostRequireBudget: PackStackPolicy = {
    name: "stack-cost-require-budget",
    description: "The stack's monthly cost estimate with every EKS node group at its maximum size (list prices of the pack's price table, the configured usage assumptions) must not exceed the configured monthly budget.",
    rationale: "Scale-out is automatic: the budget must hold what the autoscalers may reach, not only what runs today.",
    severity: "medium",
    tags: ["cost", "budget", "source:GATES budget: the monthly cost estimate at the node groups' maximum sizes ≤ the stack's budget.monthlyUsd (docs/cost.md)", "source:COST02-BP05"],
    remediationSteps: "Run `npm run plan -- --stack <stack> --cost` to see the estimate by component and type. Lower the node groups' maxSize, the instance types, the database class or the storage ceilings; or raise the budget: budget.monthlyUsd in Pulumi.<stack>.yaml and monthlyUsd of this policy in policy-pack/config/<environment>.json, together. Correct an assumption of this policy's config when measured usage differs (docs/cost.md).",
    configSchema: {
        properties: {
            monthlyUsd: { type: "number", minimum: 0, default: 0, description: "The stack's monthly budget in USD, the stack config's budget.monthlyUsd; 0 sets none (the policy is then not applicable)." },
            assumptions: {
                type: "object",
                additionalProperties: false,
                default: DEFAULT_ASSUMPTIONS,
                description: "Usage the resources do not reveal; docs/cost.md gives the basis of each default.",
                properties: {
                    spotDiscountPercent: assumptionSchema("Spot price as a discount on the on-demand price of the group's dearest priced instance type, in per cent.", "spotDiscountPercent", 90),
                    natGatewayGBPerMonth: assumptionSchema("Data each NAT gateway processes a month, in GB (image pulls, AWS API calls, outbound calls of the services).", "natGatewayGBPerMonth"),
                    nlbCapacityUnits: assumptionSchema("NLCUs each Network Load Balancer uses an hour.", "nlbCapacityUnits"),
                    containerLogKiBPerSecondPerNode: assumptionSchema("Average log volume of one node's containers in KiB/s; the peak that sizes Fluent Bit's buffer is observability.logs.nodeLogRateKiBPerSecond.", "containerLogKiBPerSecondPerNode"),
                    controlPlaneLogGBPerMonth: assumptionSchema("EKS control-plane log volume a month, in GB (all five log types, audit the largest).", "controlPlaneLogGBPerMonth"),
                    flowLogGBPerMonth: assumptionSchema("VPC flow-log volume a month, in GB.", "flowLogGBPerMonth"),
                    otherLogGroupGBPerMonth: assumptionSchema("Volume of each other log group a month, in GB (the database's logs, ...).", "otherLogGroupGBPerMonth"),
                    backupStoredGB: assumptionSchema("Data held in each backup bucket and in its replica, in GB.", "backupStoredGB"),
                    accessLogStoredGB: assumptionSchema("Data held in each access-log bucket, in GB.", "accessLogStoredGB"),
                    backupWrittenGBPerMonth: assumptionSchema("New backup data a month, replicated once to the replica region, in GB.", "backupWrittenGBPerMonth"),
                    kmsRequestsPerKeyPerMonth: assumptionSchema("Requests to each KMS key a month.", "kmsRequestsPerKeyPerMonth"),
                    databaseDailyChangePercent: assumptionSchema("Share of the database's storage that changes a day, in per cent; each day of backup retention keeps it beyond the free allowance.", "databaseDailyChangePercent", 100),
                    ecrStoredGBPerRepository: assumptionSchema("Images held in each ECR repository, in GB.", "ecrStoredGBPerRepository"),
                },
            },
        },
    } as PolicyConfigSchema,
    validateStack: (args, reportViolation) => {
        const config = args.getConfig<BudgetConfig>();
        if (!config.monthlyUsd) return args.notApplicable("no monthlyUsd is configured");
        const estimate = estimateCost(args.resources as unknown as CostResource[], { ...DEFAULT_ASSUMPTIONS, ...config.assumptions }, PRICES);
        const finding = budgetFinding(estimate, config.monthlyUsd);
        if (!finding) return;
        const clusters = args.resources.filter((r) => r.type === CLUSTER);
        reportViolation(finding, clusters.length === 1 ? clusters[0].urn : undefined);
    },
};
