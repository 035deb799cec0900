/**
 * Lifecycle checks: the program run twice, before and after a routine config change, the second
 * run over an account that holds what the first one deployed, and the plan diff between them:
 * what `pulumi up` would add, update, replace and delete.
 */
import { DeployedResource } from "../tools/offline/mocks";
import { runProgram } from "../tools/offline/run-program";
import { StackFileConfig } from "../tools/offline/stack-file";
import { diffPlans, PlanDiff, PlanDocument } from "../tools/plan/diff";
import { planDocument } from "../tools/plan/plan";

/** The plan document of one run of the program (what `npm run plan -- --out` writes as plan.json). */
export async function planOf(stack: string, config: StackFileConfig, deployed: readonly DeployedResource[] = []): Promise<PlanDocument> {
    return planDocument(await runProgram(stack, config, deployed));
}

/** The diff of `after` applied to a stack deployed as `before`. */
export async function changeOf(before: PlanDocument, config: StackFileConfig): Promise<PlanDiff> {
    return diffPlans(before, await planOf(before.stack, config, before.resources));
}

/** Each change as one line, `<kind> <type> <name>[: path, path!]` (`!` marks a path that forces replacement), for exact assertions. */
export function changeLines(diff: PlanDiff): string[] {
    return diff.changes.map((c) => {
        const paths = c.paths.map((p) => `${p.path}${p.replaces ? "!" : ""}`).join(", ");
        return `${c.kind} ${c.type} ${c.name}${paths ? `: ${paths}` : ""}`;
    });
}
