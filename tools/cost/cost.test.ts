import { strict as assert } from "node:assert";
import { main } from "../plan/main";
import { captureConsole } from "../../test/console";
import { CostReport, costReport } from "./cost";
import { rawStackConfig } from "../offline/stack-config";
import { policyConfigPath, readPolicyConfig, runPlan, toResourceUnderTest, UsageError } from "../plan/plan";
import { PRICES } from "../../policy-pack/lib/prices";
import { stackCostRequireBudget } from "../../policy-pack/stack/stack-cost-require-budget";
import { evaluatePolicies } from "../policy/engine";

/** The figures each committed stack needs and the table has no figure for: each is listed in the table with its reason. */
const MISSING = {
    dev: [
        "us-east-2 elb.nlbLcu", "us-east-2 rds.backup", "us-east-2 rds.gp3", "us-east-2 rds.postgres.db.t4g.medium", "us-east-2 s3.standard",
    ],
    prod: [
        "us-west-2 s3.standard",
    ],
};

describe("npm run plan -- --cost", () => {
    const reports: Record<string, CostReport> = {};
    let prodText = "";
    before(async function () {
        this.timeout(240_000);
        for (const stack of ["dev", "prod"] as const) {
            const result = await captureConsole(() => main(["--stack", stack, "--cost", "--json"]));
            assert.equal(result.code, 0, result.stderr);
            reports[stack] = JSON.parse(result.stdout).cost;
        }
        const text = await captureConsole(() => main(["--stack", "prod", "--cost"]));
        prodText = text.stdout;
    });

    for (const stack of ["dev", "prod"] as const) {
        describe(stack, () => {
            it("knows every resource type of the plan: priced, free, or no AWS resource of its own", () => {
                assert.deepEqual(reports[stack].unclassifiedTypes, []);
            });

            it("finds every figure it needs in the price table, each missing one listed there with its reason", () => {
                const missing = reports[stack].missing;
                assert.deepEqual(missing.map((m) => `${m.region} ${m.price}`), MISSING[stack]);
                for (const m of missing) {
                    assert.ok(Object.hasOwn(PRICES, m.region) && Object.hasOwn(PRICES[m.region], m.price), `${m.price} in ${m.region} is not in the price table: add it, with its figure or why there is none`);
                    assert.equal(m.reason, PRICES[m.region][m.price].note);
                }
            });

            it("reports the stack file's budget, and groups add up to the totals", () => {
                const report = reports[stack];
                assert.equal(report.budgetUsd, rawStackConfig(stack).budget.monthlyUsd);
                assert.equal(report.region, rawStackConfig(stack).aws.region);
                for (const groups of [report.byComponent, report.byType]) {
                    const sum = groups.reduce((s, g) => ({ desired: s.desired + g.monthlyUsd.desired, max: s.max + g.monthlyUsd.max }), { desired: 0, max: 0 });
                    assert.ok(Math.abs(sum.desired - report.total.desired) < 1e-6 && Math.abs(sum.max - report.total.max) < 1e-6);
                }
                assert.ok(report.total.max >= report.total.desired);
            });
        });
    }

    it("prod: prices the node groups up to their maximum sizes, the Multi-AZ database and the NAT gateways, within the budget", () => {
        const report = reports.prod;
        const component = (type: string) => report.byComponent.find((g) => g.type === type)!.monthlyUsd;
        // 3 system (m7i.large) and 3 general (m7i.xlarge) nodes at the desired sizes; 6, 12 and 12 spot at the maximum.
        assert.ok(component("signal-trading:cluster:NodeGroups").max > 4 * component("signal-trading:cluster:NodeGroups").desired);
        const line = (item: RegExp) => report.lines.find((l) => item.test(l.item))!;
        assert.equal(line(/^db\.r7g\.large Multi-AZ instance-hours$/).unitUsd, 2 * PRICES["us-east-1"]["rds.postgres.db.r7g.large"].usd!);
        assert.deepEqual(line(/Multi-AZ \(allocated/).quantity, { desired: 100, max: 500 });
        assert.equal(report.lines.filter((l) => l.resourceType === "aws:ec2/natGateway:NatGateway" && l.item === "gateway-hours").length, 3);
        assert.ok(report.withinBudget);
    });

    it("prod: prices the spot group at the dearest of its four types, m7a.xlarge, and Replication Time Control per GB replicated", () => {
        const report = reports.prod;
        const spot = report.lines.filter((l) => l.resource === "signal-trading-prod-spot" && /instance-hours/.test(l.item));
        assert.deepEqual(spot.map((l) => l.item), ["spot m7a.xlarge instance-hours (50% off on-demand)"]);
        assert.equal(spot[0].unitUsd, PRICES["us-east-1"]["ec2.m7a.xlarge"].usd! * 0.5);
        assert.deepEqual(spot[0].quantity, { desired: 0, max: 12 * 730 });
        const rtc = report.lines.filter((l) => l.price === "s3.replicationTimeControl");
        assert.equal(rtc.length, 1);
        assert.equal(rtc[0].unitUsd, 0.015);
        assert.deepEqual(rtc[0].monthlyUsd, { desired: 0.75, max: 0.75 });
    });

    it("dev: prices the node root volumes and the ingress load balancer from Ohio's own figures", () => {
        const report = reports.dev;
        const volumes = report.lines.filter((l) => l.resourceType === "aws:eks/nodeGroup:NodeGroup" && l.price === "ebs.gp3");
        assert.ok(volumes.length > 0 && volumes.every((l) => l.region === "us-east-2" && l.unitUsd === PRICES["us-east-2"]["ebs.gp3"].usd));
        const nlb = report.lines.filter((l) => l.price === "elb.nlb");
        assert.equal(nlb.length, 1);
        assert.equal(nlb[0].monthlyUsd.desired, 0.0225 * 730);
    });

    it("dev: prices its nodes, log groups and alarms from Ohio's own figures", () => {
        const line = (resource: string, price: string) => reports.dev.lines.find((l) => l.resource === resource && l.price === price);
        assert.deepEqual(line("signal-trading-dev-system", "ec2.t3.large")?.unitUsd, 0.0832);
        // Spot at the documented discount, on the dearest of the group's types.
        assert.deepEqual(line("signal-trading-dev-spot", "ec2.m7a.large")?.unitUsd, 0.11592 / 2);
        assert.deepEqual(line("signal-trading-dev-control-plane", "logs.ingest")?.unitUsd, 0.5);
        assert.deepEqual(line("signal-trading-dev-alarm-break-glass", "cloudwatch.alarm")?.unitUsd, 0.1);
        for (const key of ["ec2.t3.large", "ec2.m6i.large", "ec2.m7i.large", "ec2.m6a.large", "ec2.m7a.large", "logs.ingest", "logs.storage", "cloudwatch.alarm"]) {
            assert.match(PRICES["us-east-2"][key].source, /^https:\/\/github\.com\/[^/]+\/[^/]+\/blob\/[0-9a-f]{40}\//, `${key}: a pinned source`);
        }
    });

    it("prints the estimate by component and by type, what is not priced and what is not counted", () => {
        assert.match(prodText, /\nMonthly cost estimate \(USD, list prices read 2026-12-05, region us-east-1; node groups at their desired and maximum sizes\):\n +desired +maximum\n  total +\$[\d.]+ +\$[\d.]+\n  budget  \$5000\.00 \(budget\.monthlyUsd\): the maximum is within it\n/);
        assert.match(prodText, /\nBy component:\n(.+\n)*  signal-trading-prod \(signal-trading:cluster:NodeGroups\) +\$[\d.]+ +\$[\d.]+\n/);
        assert.match(prodText, /\nBy resource type:\n(.+\n)*  aws:rds\/instance:Instance +\$[\d.]+ +\$[\d.]+\n/);
        assert.match(prodText, /\n  s3\.standard in us-west-2: not found for this region in the pages read on 2026-12-05: no page read, nor AWS price-list record, gives it for Oregon; the pages read quote N\. Virginia \(needed by signal-trading-prod-backups-replica-logs, signal-trading-prod-backups-replica\)\n/);
        assert.match(prodText, /\nNot counted:\n  data transfer out to the internet, and between availability zones\n/);
    });

    it("knows every resource type of the bootstrap project's plan too", async function () {
        this.timeout(120_000);
        const result = await captureConsole(() => main(["--project", "bootstrap", "--stack", "prod", "--cost", "--json"]));
        assert.equal(result.code, 0, result.stderr);
        const report: CostReport = JSON.parse(result.stdout).cost;
        assert.deepEqual(report.unclassifiedTypes, []);
        assert.ok(report.lines.some((l) => l.resourceType === "aws:ecr/repository:Repository" && l.unitUsd === PRICES["us-east-1"]["ecr.storage"].usd));
    });

    it("judges in the budget policy the very estimate it prints", async function () {
        this.timeout(120_000);
        const result = await runPlan({ stack: "prod" });
        const printed = costReport(result.resources, "us-east-1", readPolicyConfig(policyConfigPath("prod")));
        const judge = (monthlyUsd: number) => evaluatePolicies([stackCostRequireBudget], "mandatory", { [stackCostRequireBudget.name]: { monthlyUsd } }, result.resources.map(toResourceUnderTest)).violations;
        const [over] = judge(Math.floor(printed.total.max));
        assert.ok(over.message.includes(`is $${printed.total.max.toFixed(2)} a month ($${printed.total.desired.toFixed(2)} at the desired sizes)`), over.message);
        assert.deepEqual(judge(Math.ceil(printed.total.max)), []);
    });

    it("names a region the price table lacks and every figure the stack needs there", async function () {
        this.timeout(120_000);
        const result = await runPlan({ stack: "dev" });
        const { "us-east-2": _dropped, ...withoutOhio } = PRICES;
        assert.throws(() => costReport(result.resources, "us-east-2", readPolicyConfig(policyConfigPath("dev")), withoutOhio), (error: Error) => {
            assert.ok(error instanceof UsageError);
            assert.match(error.message, /^--cost: the price table \(policy-pack\/lib\/prices\.ts\) has no region us-east-2; the stack needs these figures there: /);
            for (const figure of ["eks.cluster", "ec2.t3.large", "ec2.m7i.large", "vpc.natGateway", "rds.postgres.db.t4g.medium", "kms.key"]) assert.ok(error.message.includes(figure), figure);
            return true;
        });
    });
});
