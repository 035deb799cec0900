/**
 * The pack's cost grows with the stack, not with its pairs: the joins between objects (an HPA
 * and its workload, budgets, Services, NetworkPolicies and ServiceMonitors and the pods they
 * select) are counted in joinWork, and the work must grow linearly as the platform grows, by
 * services in one namespace and by namespaces. Work is counted, not timed, so a busy
 * machine cannot fail this and a pairwise join cannot pass it.
 */
import { strict as assert } from "node:assert";
import { PACK_ENFORCEMENT_LEVEL, policies } from "../policies";
import { joinWork } from "../lib/reliability";
import { declaredNamespaces, replicate, replicatePolicyConfig, runWithServices } from "../../tools/bench/scale";
import { readStackFile } from "../../tools/offline/stack-file";
import { evaluatePolicies, PolicyConfigFile, ResourceUnderTest } from "../../tools/policy/engine";
import { policyConfigPath, readPolicyConfig, stackFilePath, toResourceUnderTest } from "../../tools/plan/plan";
import { programRunOf } from "../../test/harness";

/** The pack's join work per resource over `resources`. */
function workPerResource(resources: ResourceUnderTest[], config: PolicyConfigFile): number {
    const before = joinWork.examined;
    evaluatePolicies(policies, PACK_ENFORCEMENT_LEVEL, config, resources);
    return (joinWork.examined - before) / resources.length;
}

describe("the pack's complexity", function () {
    this.timeout(240_000);
    let config: PolicyConfigFile;
    let base: ResourceUnderTest[];

    before(async () => {
        config = readPolicyConfig(policyConfigPath("prod"));
        // The committed prod stack, as runWithServices grows it by a factor of 1: the process's shared run.
        base = (await programRunOf("prod")).all.map(toResourceUnderTest);
    });

    it("joins as much for the fifth to twentieth services as for the fifth to twelfth, all in one namespace", async () => {
        const stackFile = readStackFile(stackFilePath("prod"));
        const total: number[] = [];
        for (const factor of [1, 3, 5]) {
            const resources = factor === 1 ? base : (await runWithServices("prod", stackFile, factor)).resources.map(toResourceUnderTest);
            total.push(workPerResource(resources, config) * resources.length);
        }
        const [first, second] = [total[1] - total[0], total[2] - total[1]];
        assert.ok(first > 0, "the joins are counted");
        // Each step adds 8 services: a linear pack does the same work for each; a pairwise join does more for the later ones.
        assert.ok(second <= first * 1.05, `join work: ${total.join(", ")} with 4, 12 and 20 services`);
    });

    it("joins as much per resource with the stack replicated eight times as with it twice", () => {
        const namespaces = declaredNamespaces(base);
        const work = (copies: number) => workPerResource(replicate(base, copies), replicatePolicyConfig(config, namespaces, copies));
        const [twice, eight] = [work(2), work(8)];
        assert.ok(eight <= twice * 1.1, `join work per resource: ${twice.toFixed(2)} at 2 copies, ${eight.toFixed(2)} at 8`);
    });

    it("would catch a pairwise join: selecting every workload's pods for every workload quadruples the work per resource at four copies", () => {
        const { selects } = require("../lib/reliability") as typeof import("../lib/reliability");
        const pairwise = (resources: ResourceUnderTest[]) => {
            const before = joinWork.examined;
            for (const a of resources) for (const b of resources) if (a.type === b.type) selects({}, b.outputs);
            return (joinWork.examined - before) / resources.length;
        };
        assert.ok(pairwise(replicate(base, 4)) >= 3.9 * pairwise(base));
    });
});
