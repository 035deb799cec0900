/**
 * npm run policy -- --export <file> [--config <policy config>] [--json]
 *
 * Evaluates the policy pack against a live stack, from `pulumi stack export --file <file>`:
 * resource policies on the recorded inputs, stack policies on the outputs, as the engine
 * does. The policy config defaults to policy-pack/config/<environment>.json of the stack's
 * name (`prod-eu` → prod.json).
 *
 * Exit codes: 0 no mandatory violation; 1 a mandatory violation; 2 unreadable export,
 * policy config or arguments.
 */
import { parseArgs } from "node:util";
import { PACK_ENFORCEMENT_LEVEL, policies } from "../../policy-pack/policies";
import { evaluatePolicies, PolicyConfigError, PolicyError } from "../policy/engine";
import { policyConfigPath, readPolicyConfig, renderViolations, summarizeViolations, UsageError } from "../plan/plan";
import { readStackExport, StackExportError } from "./stack-export";

const USAGE = "usage: npm run policy -- --export <file> [--config <policy config>] [--json]";

function parse(argv: string[]) {
    try {
        const { values } = parseArgs({
            args: argv,
            options: { export: { type: "string" }, config: { type: "string" }, json: { type: "boolean", default: false }, help: { type: "boolean", default: false } },
            strict: true,
            allowPositionals: false,
        });
        if (values.help) return { help: true as const };
        if (!values.export) throw new UsageError("--export is required");
        return { help: false as const, exportFile: values.export, config: values.config, json: values.json ?? false };
    } catch (error) {
        throw error instanceof UsageError ? error : new UsageError((error as Error).message);
    }
}

export function main(argv: string[]): number {
    try {
        const args = parse(argv);
        if (args.help) {
            console.log(USAGE);
            return 0;
        }
        const stackExport = readStackExport(args.exportFile);
        const configFile = args.config ?? policyConfigPath(stackExport.stack.split("-")[0]);
        const report = evaluatePolicies(policies, PACK_ENFORCEMENT_LEVEL, readPolicyConfig(configFile), stackExport.resources);
        const summary = { stack: stackExport.stack, total: stackExport.resources.length, policyConfig: configFile, ...summarizeViolations(report, stackExport.resources) };
        console.log(args.json ? JSON.stringify(summary, null, 2)
            : [`Policy audit of stack "${summary.stack}" from ${args.exportFile} (${summary.total} resources, policy config ${configFile})`, "", renderViolations(summary, policies.length)].join("\n"));
        return summary.mandatoryViolations > 0 ? 1 : 0;
    } catch (error) {
        if (error instanceof UsageError) {
            console.error(`error: ${error.message}\n${USAGE}`);
            return 2;
        }
        if (error instanceof StackExportError || error instanceof PolicyConfigError) {
            console.error(`error: ${error.message}`);
            return 2;
        }
        if (error instanceof PolicyError) {
            console.error(`error: ${error.message}`);
            return 1;
        }
        throw error;
    }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
