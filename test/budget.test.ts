/**
 * Each stack's budget lives twice: budget.monthlyUsd in its stack file, which people edit and
 * `--cost` reports, and monthlyUsd of stack-cost-require-budget in its policy config, the only
 * place the policy can read under `pulumi preview --policy-pack`. This keeps them equal.
 */
import { strict as assert } from "node:assert";
import { rawStackConfig } from "../tools/offline/stack-config";
import { policyConfigPath, readPolicyConfig } from "../tools/plan/plan";

describe("the budget of each stack", () => {
    for (const stack of ["dev", "prod"]) {
        it(`${stack}: the policy config's monthlyUsd is the stack file's budget.monthlyUsd`, () => {
            const budget = rawStackConfig(stack).budget?.monthlyUsd;
            assert.equal(typeof budget, "number", `Pulumi.${stack}.yaml sets no budget.monthlyUsd`);
            const gate = readPolicyConfig(policyConfigPath(stack))["stack-cost-require-budget"] as { monthlyUsd?: number } | undefined;
            assert.equal(gate?.monthlyUsd, budget);
        });
    }
});
