/**
 * npm run plan -- --stack <stack> [options]: the offline plan (see HELP below, or --help).
 *
 * `--project bootstrap` plans bootstrap/ (its stack file bootstrap/Pulumi.<stack>.yaml) with
 * the same policy config and outputs as the platform.
 *
 * `--against <dir>`: a plan output (`--out`) of the same stack, taken as what is deployed;
 * the plan then also lists what `pulumi up` would add, update, replace and delete.
 *
 * Every argument, the stack, the policy config and the output directory are checked before
 * the program runs, so a mistake costs a second, not a whole plan.
 */
import * as fs from "node:fs";
import { parseArgs } from "node:util";
import { BOOTSTRAP_PROJECT, OfflineProject, PLATFORM_PROJECT, ProgramError } from "../offline/run-program";
import { StackFileError } from "../offline/stack-file";
import { PolicyConfigError, PolicyError } from "../policy/engine";
import { diffPlans, PlanDiffError, readPlanOutput, renderDiff } from "./diff";
import { checkWritableDirectory } from "../cli/directories";
import { aliasedOption, checkPolicyEnvironment, checkStack, invocationDir, resolveArgPath } from "../cli/stacks";
import { costReport, renderCost } from "../cost/cost";
import { renderArchitectureSvg } from "./diagram";
import { planDocument, readPolicyConfig, renderText, runPlan, summarize, toResourceUnderTest, UsageError, writePlanFiles } from "./plan";

const USAGE = "usage: npm run plan -- --stack <stack> [--project <platform|bootstrap>] [--stack-config <file>] [--policy-config <file>] [--out <dir>] [--against <dir>] [--diagram <file.svg>] [--cost] [--strict] [--verbose] [--json]";

export const HELP = `${USAGE}

Runs the program of a stack under the mock engine (nothing is deployed, no cloud is called)
and evaluates the policy pack against what it would create.

Options:
  --stack <stack>           the stack to plan: one with a stack file Pulumi.<stack>.yaml
                            (bootstrap/Pulumi.<stack>.yaml with --project bootstrap), or any
                            <environment>[-<suffix>] name with --stack-config
  --project <name>          platform (default) or bootstrap
  --stack-config <file>     the stack file to read instead of Pulumi.<stack>.yaml
                            (older spelling: --config)
  --policy-config <file>    the policy config to judge with instead of the environment's
                            policy-pack/config/<environment>.json (prod-eu: prod.json)
  --out <dir>               also write plan.json, policy-report.json and manifests/ there
  --against <dir>           an earlier --out of the same stack, taken as deployed: the plan
                            also lists what would be added, updated, replaced and deleted
  --diagram <file.svg>      also draw the architecture the plan declares (components, their
                            main resources and the traffic between them) as SVG there
  --strict                  a value of the stack file that cannot deploy as it is (a documentation
                            account, an all-zero digest, a placeholder secret...) fails the plan
                            too: for a release, before pulumi up
  --verbose                 add the resources by type to the details
  --cost                    add the monthly cost estimate by component and resource type, at the
                            node groups' desired and maximum sizes, against the budget (docs/cost.md)
  --json                    print the summary, the deployability findings, the violations and the
                            details as JSON instead of text
  --help                    print this help

Relative paths are taken from the directory the command was started in.

Exit codes:
  0  no mandatory policy violation (with --strict: and no value that cannot deploy)
  1  a mandatory policy violation, with --strict a value that cannot deploy, or the program failed
  2  invalid arguments, stack file, stack config, policy config, output directory,
     diagram file or earlier plan

Example:
  npm run plan -- --stack prod-eu --stack-config Pulumi.prod.yaml --out /tmp/plan-prod-eu`;

/** The repository's Pulumi projects by their --project name. */
const PROJECTS: Record<string, OfflineProject> = { platform: PLATFORM_PROJECT, bootstrap: BOOTSTRAP_PROJECT };

function parse(argv: string[], from: string) {
    try {
        const { values } = parseArgs({
            args: argv,
            options: {
                stack: { type: "string" },
                project: { type: "string", default: "platform" },
                "stack-config": { type: "string" },
                config: { type: "string" },
                "policy-config": { type: "string" },
                out: { type: "string" },
                against: { type: "string" },
                diagram: { type: "string" },
                json: { type: "boolean", default: false },
                // A release's CI: a value of the stack file that cannot deploy as it is fails the plan (exit 1) too.
                strict: { type: "boolean", default: false },
                // The resources by type, after the details.
                verbose: { type: "boolean", default: false },
                // The monthly estimate the budget policy judges, printed after the details.
                cost: { type: "boolean", default: false },
                help: { type: "boolean", default: false },
            },
            strict: true,
            allowPositionals: false,
        });
        if (values.help) return { help: true as const };
        if (!values.stack) throw new UsageError("--stack is required");
        const project = Object.hasOwn(PROJECTS, values.project) ? PROJECTS[values.project] : undefined;
        if (!project) throw new UsageError(`unknown --project "${values.project}" (known: ${Object.keys(PROJECTS).join(", ")})`);
        const stackConfig = resolveArgPath(aliasedOption(values, "stack-config", "config"), from);
        const policyConfig = resolveArgPath(values["policy-config"], from);
        checkStack(values.stack, project, { ownStackFile: stackConfig !== undefined });
        if (policyConfig === undefined) checkPolicyEnvironment(values.stack);
        return {
            ...values, help: false as const, stack: values.stack, project, stackConfig, policyConfig,
            out: resolveArgPath(values.out, from), against: resolveArgPath(values.against, from), diagram: resolveArgPath(values.diagram, from),
        };
    } catch (error) {
        throw error instanceof UsageError ? error : new UsageError((error as Error).message);
    }
}

/** The diagram's file can be written: checked before the plan runs, by creating it (an earlier diagram stays until the new one replaces it). */
function checkDiagramFile(file: string): void {
    try {
        fs.closeSync(fs.openSync(file, "a"));
    } catch (error) {
        throw new UsageError(`--diagram ${file}: cannot write this file: ${(error as Error).message}`);
    }
}

/** `from`: where relative paths start, the caller's directory. */
export async function main(argv: string[], from = invocationDir()): Promise<number> {
    try {
        const args = parse(argv, from);
        if (args.help) {
            console.log(HELP);
            return 0;
        }
        // Checked now, not after minutes of planning; the policy config is read by runPlan before the program runs.
        if (args.out !== undefined) {
            try {
                checkWritableDirectory(args.out);
            } catch (error) {
                throw new UsageError(`--out ${args.out}: cannot create or write this directory: ${(error as Error).message}`);
            }
        }
        if (args.diagram !== undefined) checkDiagramFile(args.diagram);
        const earlier = args.against === undefined ? undefined : readPlanOutput(args.against);
        if (earlier && earlier.stack !== args.stack) throw new PlanDiffError(`--against ${args.against} is a plan of stack "${earlier.stack}", not of "${args.stack}"`);
        // URNs name their project: urn:pulumi:<stack>::<project>::<type>::<name>.
        const earlierProject = earlier?.resources[0]?.urn.split("::")[1];
        if (earlierProject !== undefined && earlierProject !== args.project.name) {
            throw new PlanDiffError(`--against ${args.against} is a plan of project "${earlierProject}", not of "${args.project.name}"`);
        }
        const result = await runPlan({ project: args.project, stack: args.stack, configFile: args.stackConfig, policyConfigFile: args.policyConfig, deployed: earlier?.resources });
        const summary = summarize(result, { strict: args.strict });
        const diff = earlier && diffPlans(earlier, planDocument(result));
        if (args.out) {
            try {
                writePlanFiles(result, summary, args.out, diff);
            } catch (error) {
                throw new UsageError(`cannot write the plan files to --out ${args.out}: ${(error as Error).message}`);
            }
        }
        if (args.diagram) {
            const svg = await renderArchitectureSvg(result.resources.map((r) => ({ ...toResourceUnderTest(r), id: r.id })), `${result.project} ${result.stack}`);
            try {
                fs.writeFileSync(args.diagram, svg);
            } catch (error) {
                throw new UsageError(`--diagram ${args.diagram}: cannot write the diagram: ${(error as Error).message}`);
            }
        }
        const cost = args.cost ? costReport(result.resources, result.region, readPolicyConfig(result.policyConfigFile)) : undefined;
        if (args.json) console.log(JSON.stringify({ ...summary, ...(diff ? { diff } : {}), ...(cost ? { cost } : {}) }, null, 2));
        else console.log(renderText(summary, { changes: diff && renderDiff(diff, args.against!), verbose: args.verbose }) + (cost ? `\n\n${renderCost(cost)}` : ""));
        return summary.passed ? 0 : 1;
    } catch (error) {
        if (error instanceof UsageError) {
            console.error(`error: ${error.message}\n${USAGE}`);
            return 2;
        }
        if (error instanceof StackFileError || error instanceof PolicyConfigError || error instanceof PlanDiffError || (error as Error).name === "ConfigError") {
            console.error(`error: ${(error as Error).message}`);
            return 2;
        }
        if (error instanceof PolicyError) {
            console.error(`error: ${error.message}`);
            return 1;
        }
        if (error instanceof ProgramError) {
            console.error(`error: the program failed after ${error.resources.length} registrations: ${error.message}`);
            return 1;
        }
        throw error;
    }
}

if (require.main === module) {
    // Exit once stdout is flushed: a pipe takes a large --json (with --cost) in several writes.
    main(process.argv.slice(2)).then((code) => process.stdout.write("", () => process.exit(code)), (error) => {
        console.error(error);
        process.exit(1);
    });
}
