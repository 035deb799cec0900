/**
 * npm run plan:comment -- --base <dir> --head <dir> --stack <s> [--stack <s> ...]
 *
 * The pull request's plan-diff comment, as markdown on stdout: for each stack, what `pulumi up`
 * would do if the head commit replaced the base commit (both offline plans, `--out <dir>/<s>`),
 * and the head's policy verdict. Protected or stateful deletes and replacements come first, in
 * bold; the full list is folded away. The first line is a hidden marker by which the workflow
 * finds the comment again and updates it instead of posting another.
 *
 * Exit codes: 0 the comment was written; 2 invalid arguments or an unreadable plan output.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { ChangedPath, diffPlans, PlanDiff, PlanDiffError, readPlanOutput, renderDiff, ResourceChange } from "./diff";

export const COMMENT_MARKER = "<!-- signal-trading-plan-diff -->";

const USAGE = "usage: npm run plan:comment -- --base <dir> --head <dir> --stack <s> [--stack <s> ...]";

/** The fields of policy-report.json the comment shows. */
export interface PolicyVerdict {
    passed: boolean;
    mandatoryViolations: number;
    advisoryViolations: number;
    violations: { policyName: string; enforcementLevel: string; resource?: string; resourceType?: string; message: string }[];
}

export interface StackComparison {
    stack: string;
    diff: PlanDiff;
    policy: PolicyVerdict;
}

function readPolicyVerdict(dir: string): PolicyVerdict {
    const file = path.join(dir, "policy-report.json");
    let report: Partial<PolicyVerdict> | null;
    try {
        report = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (error) {
        throw new PlanDiffError(`${dir} has no readable policy-report.json: ${(error as Error).message}`);
    }
    if (typeof report?.passed !== "boolean" || typeof report.mandatoryViolations !== "number" || typeof report.advisoryViolations !== "number" || !Array.isArray(report.violations)) {
        throw new PlanDiffError(`${file} is not a policy report: it needs passed, mandatoryViolations, advisoryViolations and violations`);
    }
    return report as PolicyVerdict;
}

/** Reads `<base>/<stack>` and `<head>/<stack>` and compares them. */
export function compareStack(stack: string, baseDir: string, headDir: string): StackComparison {
    const base = readPlanOutput(path.join(baseDir, stack));
    const head = readPlanOutput(path.join(headDir, stack));
    for (const [side, plan] of [["--base", base], ["--head", head]] as const) {
        if (plan.stack !== stack) throw new PlanDiffError(`${side} ${path.join(side === "--base" ? baseDir : headDir, stack)} is a plan of stack "${plan.stack}", not of "${stack}"`);
    }
    return { stack, diff: diffPlans(base, head), policy: readPolicyVerdict(path.join(headDir, stack)) };
}

function verdict({ diff, policy }: StackComparison): string {
    if (!policy.passed) return `**FAILED**: ${policy.mandatoryViolations} mandatory policy violations`;
    if (diff.critical.length > 0) return `**REVIEW**: ${diff.critical.length} protected or stateful resources deleted or replaced`;
    return diff.changes.length === 0 ? "no changes" : "policies passed";
}

function headline(comparison: StackComparison): string {
    const { counts } = comparison.diff;
    return `### \`${comparison.stack}\`: ${counts.add} to add, ${counts.replace} to replace, ${counts.update} to update, ${counts.delete} to delete (${counts.unchanged} unchanged) — ${verdict(comparison)}`;
}

function changedPath(p: ChangedPath): string {
    const values = p.secret ? "(secret)" : `${JSON.stringify(p.from) ?? "(none)"} → ${JSON.stringify(p.to) ?? "(none)"}`;
    return `  - \`${p.path}\`: ${values}${p.replaces ? " (forces replacement)" : ""}`;
}

function criticalChange(c: ResourceChange): string[] {
    return [
        `- **${c.kind} \`${c.type}\` \`${c.name}\`**${c.holdsState ? ` — ${c.holdsState}` : ""}`,
        ...c.paths.map(changedPath),
        ...c.warnings.map((w) => `  - ⚠ ${w}`),
    ];
}

function policySection(policy: PolicyVerdict): string[] {
    const lines = [`Policies: ${policy.mandatoryViolations} mandatory and ${policy.advisoryViolations} advisory violations.`];
    for (const v of policy.violations) {
        const where = v.resource ? `\`${v.resource}\` (\`${v.resourceType}\`)` : "the stack";
        lines.push(`- [${v.enforcementLevel}] \`${v.policyName}\` on ${where}: ${v.message.split("\n")[0]}`);
    }
    return lines;
}

/** One stack's section: headline, critical changes, policies, the full list folded. */
export function renderStackSection(comparison: StackComparison): string {
    const { diff } = comparison;
    const lines = [headline(comparison), ""];
    if (diff.critical.length > 0) lines.push("**Protected or stateful resources deleted or replaced:**", "", ...diff.critical.flatMap(criticalChange), "");
    lines.push(...policySection(comparison.policy), "");
    if (diff.changes.length > 0) {
        lines.push(
            `<details><summary>All ${diff.changes.length} changes</summary>`, "",
            "```text", renderDiff(diff, "the base commit"), "```", "",
            "</details>", "",
        );
    }
    return lines.join("\n");
}

/** The whole comment: the marker, a title naming the commits, one section per stack. */
export function renderComment(comparisons: StackComparison[]): string {
    const critical = comparisons.reduce((n, c) => n + c.diff.critical.length, 0);
    const failed = comparisons.filter((c) => !c.policy.passed).map((c) => c.stack);
    const summary = failed.length > 0
        ? `Mandatory policy violations in ${failed.map((s) => `\`${s}\``).join(", ")}: this change cannot be deployed.`
        : critical > 0
            ? `${critical} protected or stateful resources would be deleted or replaced: read those first.`
            : "No protected or stateful resource is deleted or replaced.";
    return [
        COMMENT_MARKER,
        "## Offline plan diff",
        "",
        `What \`pulumi up\` would change if this pull request replaced its base commit, from the offline plans of both (mock engine: no cloud state is read). ${summary}`,
        "",
        ...comparisons.map(renderStackSection),
    ].join("\n");
}

function parse(argv: string[]): { base: string; head: string; stacks: string[] } {
    const { values } = parseArgs({
        args: argv,
        options: { base: { type: "string" }, head: { type: "string" }, stack: { type: "string", multiple: true } },
        strict: true,
        allowPositionals: false,
    });
    if (!values.base || !values.head || !values.stack?.length) throw new Error("--base, --head and at least one --stack are required");
    return { base: values.base, head: values.head, stacks: values.stack };
}

export function main(argv: string[]): number {
    let args: ReturnType<typeof parse>;
    try {
        args = parse(argv);
    } catch (error) {
        console.error(`error: ${(error as Error).message}\n${USAGE}`);
        return 2;
    }
    try {
        console.log(renderComment(args.stacks.map((stack) => compareStack(stack, args.base, args.head))));
        return 0;
    } catch (error) {
        if (!(error instanceof PlanDiffError)) throw error;
        console.error(`error: ${error.message}`);
        return 2;
    }
}

if (require.main === module) process.exit(main(process.argv.slice(2)));
