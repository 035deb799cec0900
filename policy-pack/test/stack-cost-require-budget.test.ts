import { strict as assert } from "node:assert";
import { stackCostRequireBudget as policy } from "../stack/stack-cost-require-budget";
import { HOURS_PER_MONTH, PRICES } from "../lib/prices";
import { ResourceUnderTest } from "../../tools/policy/engine";
import { awsProvider, resource, violations } from "./fixtures";

const EKS = PRICES["us-east-1"]["eks.cluster"].usd!;
const M7I_LARGE = PRICES["us-east-1"]["ec2.m7i.large"].usd!;
const GP3 = PRICES["us-east-1"]["ebs.gp3"].usd!;

/** A cluster and one on-demand m7i.large group of `desired`-`max` nodes without a launch template (EKS's 20 GB root volumes). */
function stack(desired: number, max: number, instanceTypes = ["m7i.large"]): ResourceUnderTest[] {
    const provider = awsProvider();
    const cluster = resource("aws:eks/cluster:Cluster", "cluster", { provider, inputs: { name: "c" } });
    const group = resource("aws:eks/nodeGroup:NodeGroup", "general", {
        provider, inputs: { clusterName: "c", capacityType: "ON_DEMAND", instanceTypes, scalingConfig: { minSize: 1, desiredSize: desired, maxSize: max } },
    });
    return [provider, cluster, group];
}

const monthly = (nodes: number) => EKS * HOURS_PER_MONTH + nodes * (M7I_LARGE * HOURS_PER_MONTH + 20 * GP3);
const usd = (n: number) => `$${n.toFixed(2)}`;

describe("stack-cost-require-budget", () => {
    it("passes a stack whose estimate at the node groups' maximum sizes is within the budget", () => {
        assert.deepEqual(violations(policy, stack(1, 4), { monthlyUsd: Math.ceil(monthly(4)) }), []);
    });

    it("fails a stack within the budget at its desired sizes but over it at the maximum, naming the totals and the largest lines", () => {
        const resources = stack(1, 4);
        const budget = Math.floor(monthly(2));
        const found = violations(policy, resources, { monthlyUsd: budget });
        assert.equal(found.length, 1);
        assert.equal(found[0].urn, resources[1].urn);
        assert.equal(found[0].message, `${policy.description}\n`
            + `The estimate with every node group at its maximum size is ${usd(monthly(4))} a month (${usd(monthly(1))} at the desired sizes), `
            + `over the budget of ${usd(budget)} by ${usd(monthly(4) - budget)}. `
            + `Largest: general on-demand m7i.large instance-hours ${usd(4 * M7I_LARGE * HOURS_PER_MONTH)}; cluster control plane ${usd(EKS * HOURS_PER_MONTH)}; general root volumes, 20 GB gp3 per node ${usd(80 * GP3)}.`);
    });

    it("says the estimate is a lower bound when the price table lacks a figure it needed", () => {
        const found = violations(policy, stack(1, 4, ["m7i.large", "c7a.large"]), { monthlyUsd: 100 });
        assert.equal(found.length, 1);
        assert.match(found[0].message, /It is a lower bound: the price table lacks 1 figure \(ec2\.c7a\.large in us-east-1\)\.$/);
    });

    it("uses the configured assumptions: a spot group costs less at a larger discount", () => {
        const resources = stack(0, 10);
        resources[2].inputs.capacityType = "SPOT";
        const budget = Math.ceil(EKS * HOURS_PER_MONTH + 10 * (M7I_LARGE * HOURS_PER_MONTH * 0.3 + 20 * GP3));
        assert.equal(violations(policy, resources, { monthlyUsd: budget, assumptions: { spotDiscountPercent: 50 } }).length, 1);
        assert.deepEqual(violations(policy, resources, { monthlyUsd: budget, assumptions: { spotDiscountPercent: 70 } }), []);
    });

    it("is not applicable without a budget (monthlyUsd 0, the default)", () => {
        assert.deepEqual(violations(policy, stack(100, 1000), {}), []);
    });

    it("reports at the configured level: advisory in dev", () => {
        const found = violations(policy, stack(1, 4), { monthlyUsd: 10 }, "advisory");
        assert.deepEqual(found.map((v) => v.enforcementLevel), ["advisory"]);
    });
});
