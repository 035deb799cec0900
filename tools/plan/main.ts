/**
 * npm run plan -- --stack <dev|prod> [--project <platform|bootstrap>] [--config <stack file>] [--policy-config <file>] [--out <dir>] [--against <dir>] [--json]
 *
 * `--project bootstrap` plans bootstrap/ (its stack file bootstrap/Pulumi.<stack>.yaml) with
 * the same policy config and outputs as the platform.
 *
 * `--against <dir>`: a plan output (`--out`) of the same stack, taken as what is deployed;
 * the plan then also lists what `pulumi up` would add, update, replace and delete.
 *
 * Exit codes: 0 no mandatory policy violation; 1 a mandatory violation (or the program
 * failed); 2 invalid arguments, stack config, policy config or earlier plan.
 */
import { parseArgs } from "node:util";
import { BOOTSTRAP_PROJECT, OfflineProject, PLATFORM_PROJECT, ProgramError } from "../offline/run-program";
import { StackFileError } from "../offline/stack-file";
import { PolicyConfigError, PolicyError } from "../policy/engine";
import { diffPlans, PlanDiffError, readPlanOutput, renderDiff } from "./diff";
import { planDocument, renderText, runPlan, summarize, UsageError, writePlanFiles } from "./plan";

const USAGE = "usage: npm run plan -- --stack <dev|prod> [--project <platform|bootstrap>] [--config <stack file>] [--policy-config <file>] [--out <dir>] [--against <dir>] [--json]";

/** The repository's Pulumi projects by their --project name. */
const PROJECTS: Record<string, OfflineProject> = { platform: PLATFORM_PROJECT, bootstrap: BOOTSTRAP_PROJECT };

function parse(argv: string[]) {
    try {
        const { values } = parseArgs({
            args: argv,
            options: {
                stack: { type: "string" },
                project: { type: "string", default: "platform" },
                config: { type: "string" },
                "policy-config": { type: "string" },
                out: { type: "string" },
                against: { type: "string" },
                json: { type: "boolean", default: false },
                // A release's CI: a value of the stack file that cannot deploy as it is fails the plan (exit 1) too.
                strict: { type: "boolean", default: false },
                // The resources by type, after the details.
                verbose: { type: "boolean", default: false },
                help: { type: "boolean", default: false },
            },
            strict: true,
            allowPositionals: false,
        });
        if (values.help) {
            console.log(USAGE);
            process.exit(0);
        }
        if (!values.stack) throw new UsageError("--stack is required");
        if (!/^[\w.-]+$/.test(values.stack)) throw new UsageError(`--stack "${values.stack}" is not a stack name`);
        const project = Object.hasOwn(PROJECTS, values.project) ? PROJECTS[values.project] : undefined;
        if (!project) throw new UsageError(`unknown --project "${values.project}" (known: ${Object.keys(PROJECTS).join(", ")})`);
        return { ...values, stack: values.stack, project };
    } catch (error) {
        throw error instanceof UsageError ? error : new UsageError((error as Error).message);
    }
}

export async function main(argv: string[]): Promise<number> {
    try {
        const args = parse(argv);
        const earlier = args.against === undefined ? undefined : readPlanOutput(args.against);
        if (earlier && earlier.stack !== args.stack) throw new PlanDiffError(`--against ${args.against} is a plan of stack "${earlier.stack}", not of "${args.stack}"`);
        // URNs name their project: urn:pulumi:<stack>::<project>::<type>::<name>.
        const earlierProject = earlier?.resources[0]?.urn.split("::")[1];
        if (earlierProject !== undefined && earlierProject !== args.project.name) {
            throw new PlanDiffError(`--against ${args.against} is a plan of project "${earlierProject}", not of "${args.project.name}"`);
        }
        const result = await runPlan({ project: args.project, stack: args.stack, configFile: args.config, policyConfigFile: args["policy-config"], deployed: earlier?.resources });
        const summary = summarize(result, { strict: args.strict });
        const diff = earlier && diffPlans(earlier, planDocument(result));
        if (args.out) {
            try {
                writePlanFiles(result, summary, args.out, diff);
            } catch (error) {
                throw new UsageError(`cannot write the plan files to --out ${args.out}: ${(error as Error).message}`);
            }
        }
        if (args.json) console.log(JSON.stringify(diff ? { ...summary, diff } : summary, null, 2));
        else console.log(renderText(summary, { changes: diff && renderDiff(diff, args.against!), verbose: args.verbose }));
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
    main(process.argv.slice(2)).then((code) => process.exit(code), (error) => {
        console.error(error);
        process.exit(1);
    });
}
