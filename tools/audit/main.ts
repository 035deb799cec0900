/**
 * npm run policy -- --export <file> [--policy-config <file>] [--json]
 *
 * Evaluates the policy pack against a live stack, from `pulumi stack export --file <file>`:
 * resource policies on the recorded inputs, stack policies on the outputs, as the engine
 * does. The policy config defaults to the one of the stack's environment, as for the plan
 * (`prod-eu` → policy-pack/config/prod.json).
 */
import { parseArgs } from "node:util";
import { PACK_ENFORCEMENT_LEVEL, policies } from "../../policy-pack/policies";
import { evaluatePolicies, PolicyConfigError, PolicyError } from "../policy/engine";
import { aliasedOption, checkPolicyEnvironment, invocationDir, resolveArgPath } from "../cli/stacks";
import { policyConfigPath, readPolicyConfig, renderViolations, summarizeViolations, UsageError } from "../plan/plan";
import { readStackExport, StackExportError } from "./stack-export";

const USAGE = "usage: npm run policy -- --export <file> [--policy-config <file>] [--json]";

export const HELP = `${USAGE}

Judges a deployed stack with the policy pack, from the file \`pulumi stack export --file <file>\`
writes: resource policies on the recorded inputs, stack policies on the outputs.

Options:
  --export <file>           the stack export to judge (required)
  --policy-config <file>    the policy config to judge with instead of the stack's environment's
                            policy-pack/config/<environment>.json (prod-eu: prod.json)
                            (older spelling: --config)
  --json                    print the verdict as JSON instead of text
  --help                    print this help

Relative paths are taken from the directory the command was started in.

Exit codes:
  0  no mandatory policy violation
  1  a mandatory policy violation
  2  invalid arguments, unreadable export, or invalid policy config

Example:
  pulumi stack export --stack prod --file /tmp/prod.json && npm run policy -- --export /tmp/prod.json`;

function parse(argv: string[], from: string) {
    try {
        const { values } = parseArgs({
            args: argv,
            options: {
                export: { type: "string" },
                "policy-config": { type: "string" },
                config: { type: "string" },
                json: { type: "boolean", default: false },
                help: { type: "boolean", default: false },
            },
            strict: true,
            allowPositionals: false,
        });
        if (values.help) return { help: true as const };
        if (!values.export) throw new UsageError("--export is required");
        const policyConfig = resolveArgPath(aliasedOption(values, "policy-config", "config"), from);
        return { help: false as const, exportFile: resolveArgPath(values.export, from)!, policyConfig, json: values.json ?? false };
    } catch (error) {
        throw error instanceof UsageError ? error : new UsageError((error as Error).message);
    }
}

/** `from`: where relative paths start, the caller's directory. */
export function main(argv: string[], from = invocationDir()): number {
    try {
        const args = parse(argv, from);
        if (args.help) {
            console.log(HELP);
            return 0;
        }
        // A named policy config is checked before the export is read; the default one follows from the export's stack.
        const policyConfig = args.policyConfig === undefined ? undefined : readPolicyConfig(args.policyConfig);
        const stackExport = readStackExport(args.exportFile);
        if (args.policyConfig === undefined) checkPolicyEnvironment(stackExport.stack);
        const configFile = args.policyConfig ?? policyConfigPath(stackExport.stack);
        const report = evaluatePolicies(policies, PACK_ENFORCEMENT_LEVEL, policyConfig ?? readPolicyConfig(configFile), stackExport.resources);
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
