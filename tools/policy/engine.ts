/**
 * The in-process policy runner: evaluates the pack's resource and stack policies the way
 * @pulumi/policy's analyzer does (its server.js), so the offline plan, the tests and the
 * audit of exported stacks judge exactly as `pulumi preview --policy-pack` would:
 *   - level: the policy's entry in the config file, else the file's `all`, else the policy's
 *     own level, else the pack's; `disabled` skips the policy;
 *   - config: the policy's properties from the file, validated against its configSchema
 *     with the schema's defaults filled in (as the CLI does);
 *   - remediation first (policies at `remediate`), then validation on the remediated inputs,
 *     violations of a `remediate` policy reported as mandatory;
 *   - `notApplicable(reason)` records the policy as not applicable to the resource;
 *   - resource policies see inputs, stack policies see outputs, parents and dependencies.
 * One deliberate difference: a config file naming an unknown policy or property is an error
 * here, where the CLI ignores it, so a misspelt name cannot silently leave a gate at its
 * default.
 */
import * as fs from "node:fs";
import Ajv from "ajv";
import {
    EnforcementLevel, Policies, PolicyResource, ResourceValidationPolicy, StackValidationPolicy,
} from "@pulumi/policy";
import { didYouMean } from "../../stacks/config/nearest";

/** A resource as the runner evaluates it; secrets already unwrapped, as the analyzer does. */
export interface ResourceUnderTest {
    urn: string;
    type: string;
    name: string;
    inputs: Record<string, any>;
    outputs: Record<string, any>;
    parent?: string;
    /** URN of the resource's provider. */
    provider?: string;
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
    protect: boolean;
    ignoreChanges: string[];
    additionalSecretOutputs: string[];
    deleteBeforeReplace?: boolean;
}

/** The policy config file's shape (`--policy-pack-config`): a level, or properties with an optional level. */
export type PolicyConfigFile = Record<string, EnforcementLevel | ({ enforcementLevel?: EnforcementLevel } & Record<string, unknown>)>;

export interface Violation {
    policyName: string;
    enforcementLevel: EnforcementLevel;
    severity?: string;
    urn?: string;
    message: string;
}

export interface Remediation {
    policyName: string;
    urn: string;
}

export interface NotApplicable {
    policyName: string;
    urn?: string;
    reason: string;
}

export interface PolicyReport {
    violations: Violation[];
    remediations: Remediation[];
    notApplicable: NotApplicable[];
    /** The remediated inputs of resources that a remediation changed, by URN. */
    remediatedInputs: Record<string, Record<string, any>>;
}

/** A policy threw while evaluating: a defect of the policy, not a violation. */
export class PolicyError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "PolicyError";
    }
}

/**
 * A policy config that cannot be used; `file`, when known, is named in the message.
 * `wholeFile`: the one problem is with the file as a whole (unreadable, not JSON, not an object).
 */
export class PolicyConfigError extends Error {
    constructor(readonly problems: string[], readonly file?: string, readonly wholeFile = false) {
        const where = file === undefined ? "policy config" : `policy config ${file}`;
        super(wholeFile ? `invalid ${where}: ${problems.join("; ")}`
            : `invalid ${where} (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n${problems.map((p) => `  ${p}`).join("\n")}`);
        this.name = "PolicyConfigError";
    }
}

/** What a JSON value is, in words, for a message about a value of the wrong kind. */
function describeJson(value: unknown): string {
    if (value === null) return "null";
    if (Array.isArray(value)) return "an array";
    return typeof value === "string" ? "a string" : typeof value === "number" ? "a number" : typeof value === "boolean" ? "a boolean" : "an object";
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Reads a policy config file and checks it against the pack, before anything is evaluated:
 * every problem comes in one PolicyConfigError that names the file.
 */
export function loadPolicyConfig(file: string, policies: Policies, packLevel: EnforcementLevel): PolicyConfigFile {
    const whole = (problem: string) => new PolicyConfigError([problem], file, true);
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (error) {
        throw whole(`cannot be read: ${(error as Error).message}`);
    }
    let config: unknown;
    try {
        config = JSON.parse(text);
    } catch (error) {
        throw whole(`is not valid JSON: ${(error as Error).message}`);
    }
    try {
        resolvePolicyConfig(policies, packLevel, config as PolicyConfigFile);
    } catch (error) {
        if (error instanceof PolicyConfigError) throw new PolicyConfigError(error.problems, file, error.wholeFile);
        throw error;
    }
    return config as PolicyConfigFile;
}

const LEVELS: EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

interface ResolvedPolicy {
    policy: ResourceValidationPolicy | StackValidationPolicy;
    level: EnforcementLevel;
    config: Record<string, unknown>;
}

const ajv = new Ajv({ useDefaults: true, allErrors: true, strict: false });
/** Compiled once per policy: a plan resolves the config several times, and compiling every schema is most of the cost. */
const validators = new WeakMap<ResourceValidationPolicy | StackValidationPolicy, ReturnType<typeof ajv.compile>>();
/** The schema of a policy without settings, compiled once for all of them (a third of the pack). */
let noSettings: ReturnType<typeof ajv.compile> | undefined;

function configValidator(policy: ResourceValidationPolicy | StackValidationPolicy) {
    if (!policy.configSchema) return (noSettings ??= ajv.compile({ type: "object", additionalProperties: false, properties: {} }));
    let validate = validators.get(policy);
    if (!validate) {
        validate = ajv.compile({ type: "object", additionalProperties: false, ...policy.configSchema });
        validators.set(policy, validate);
    }
    return validate;
}

/** Resolves every policy's level and config from a config file; throws one error listing every problem. */
export function resolvePolicyConfig(policies: Policies, packLevel: EnforcementLevel, file: PolicyConfigFile): ResolvedPolicy[] {
    if (!isPlainObject(file)) {
        throw new PolicyConfigError([`must be a JSON object of policy names (or "all"), each set to an enforcement level or to an object of settings; it is ${describeJson(file)}`], undefined, true);
    }
    const problems: string[] = [];
    const names = new Set(policies.map((p) => p.name));
    for (const key of Object.keys(file)) {
        if (key !== "all" && !names.has(key)) problems.push(`${key}: no policy of that name in the pack${didYouMean(key, [...names])}`);
        else if (typeof file[key] !== "string" && !isPlainObject(file[key])) problems.push(`${key}: must be an enforcement level or an object of settings, not ${describeJson(file[key])}`);
    }
    const levelOf = (key: string): EnforcementLevel | undefined => {
        const entry = file[key];
        const level = typeof entry === "string" ? entry : entry?.enforcementLevel;
        if (level !== undefined && !LEVELS.includes(level)) {
            problems.push(`${key}: enforcement level "${level}" is not one of ${LEVELS.join(", ")}`);
            return undefined;
        }
        return level;
    };
    const allLevel = levelOf("all");
    const resolved = policies.map((policy) => {
        const entry = file[policy.name];
        const { enforcementLevel: _level, ...properties } = isPlainObject(entry) ? entry : {};
        const config: Record<string, unknown> = structuredClone(properties);
        const validate = configValidator(policy);
        if (!validate(config)) {
            for (const error of validate.errors ?? []) problems.push(`${policy.name}${error.instancePath.replace(/\//g, ".")}: ${error.message}${error.params && "additionalProperty" in error.params ? ` (${error.params.additionalProperty})` : ""}`);
        }
        const level = levelOf(policy.name) ?? allLevel ?? policy.enforcementLevel ?? packLevel;
        return { policy, level, config };
    });
    if (problems.length > 0) throw new PolicyConfigError(problems);
    return resolved;
}

class NotApplicableError extends Error {
    constructor(readonly reason: string) {
        super(reason);
    }
}
const notApplicable = (reason?: string): never => {
    throw new NotApplicableError(reason ?? "Policy does not apply");
};

function isResourcePolicy(p: ResourceValidationPolicy | StackValidationPolicy): p is ResourceValidationPolicy {
    return "validateResource" in p || "remediateResource" in p;
}

function typeMatches(type: string, resourceClass: { __pulumiType?: string; isInstance?: (o: unknown) => boolean }): boolean {
    if (resourceClass.__pulumiType) return resourceClass.__pulumiType === type;
    return resourceClass.isInstance?.({ __pulumiType: type }) === true;
}

export function evaluatePolicies(
    policies: Policies,
    packLevel: EnforcementLevel,
    configFile: PolicyConfigFile,
    resources: ResourceUnderTest[],
): PolicyReport {
    const report: PolicyReport = { violations: [], remediations: [], notApplicable: [], remediatedInputs: {} };
    // What each policy call needs beyond the resource is made once per policy, not per resource:
    // a plan makes about fifty thousand calls.
    const judged = resolvePolicyConfig(policies, packLevel, configFile).map(({ policy, level, config }) => {
        // A remediating policy's violations block as mandatory ones do.
        const reportedLevel = level === "remediate" ? "mandatory" : level;
        return { policy, level: reportedLevel, remediates: level === "remediate", getConfig: () => config, reporter: violationReporter(report, policy, reportedLevel) };
    });
    const providerOf = providerLookup(resources);
    /** Calls one of a policy's functions: a not-applicable answer is recorded, any other error names the policy and the resource. */
    const call = (policy: ResourceValidationPolicy | StackValidationPolicy, urn: string | undefined, run: (args: any, report?: any) => unknown, args: unknown, reporter?: Reporter): unknown => {
        try {
            const outcome = run.call(policy, args, reporter?.report);
            requireSynchronous(outcome);
            return outcome;
        } catch (error) {
            if (error instanceof NotApplicableError) report.notApplicable.push({ policyName: policy.name, urn, reason: error.reason });
            else throw new PolicyError(`policy ${policy.name} failed${urn ? ` on ${urn}` : ""}: ${(error as Error).message}`);
            return undefined;
        }
    };

    for (const resource of resources) {
        let props = resource.inputs;
        // As the CrossGuard runtime does, one view of the resource for all policies; each call adds the policy's config and the current props.
        const view = {
            type: resource.type, urn: resource.urn, name: resource.name, provider: providerOf(resource), notApplicable,
            opts: {
                protect: resource.protect, ignoreChanges: resource.ignoreChanges, aliases: [], additionalSecretOutputs: resource.additionalSecretOutputs,
                customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
                ...(resource.deleteBeforeReplace !== undefined ? { deleteBeforeReplace: resource.deleteBeforeReplace } : {}),
                ...(resource.parent ? { parent: resource.parent } : {}),
            },
            isType: (cls: any) => typeMatches(resource.type, cls),
            asType: (cls: any) => (typeMatches(resource.type, cls) ? props : undefined),
        };
        for (const p of judged) {
            if (!p.remediates || !isResourcePolicy(p.policy)) continue;
            if (!p.policy.remediateResource) {
                report.notApplicable.push({ policyName: p.policy.name, urn: resource.urn, reason: "Policy does not implement remediateResource" });
                continue;
            }
            const result = call(p.policy, resource.urn, p.policy.remediateResource, { ...view, stackTags: new Map<string, string>(), getConfig: p.getConfig, props });
            if (result) {
                props = result as Record<string, any>;
                report.remediations.push({ policyName: p.policy.name, urn: resource.urn });
                report.remediatedInputs[resource.urn] = props;
            }
        }
        for (const p of judged) {
            if (p.level === "disabled" || !isResourcePolicy(p.policy)) continue;
            if (!p.policy.validateResource) {
                report.notApplicable.push({ policyName: p.policy.name, urn: resource.urn, reason: "Policy does not implement validateResource" });
                continue;
            }
            const validations = Array.isArray(p.policy.validateResource) ? p.policy.validateResource : [p.policy.validateResource];
            p.reporter.urn = resource.urn;
            for (const validate of validations) call(p.policy, resource.urn, validate, { ...view, stackTags: new Map<string, string>(), getConfig: p.getConfig, props }, p.reporter);
        }
    }

    const stackResources = toPolicyResources(resources);
    for (const p of judged) {
        if (p.level === "disabled" || isResourcePolicy(p.policy)) continue;
        p.reporter.urn = undefined;
        call(p.policy, undefined, p.policy.validateStack, { resources: stackResources, getConfig: p.getConfig, notApplicable, stackTags: new Map() }, p.reporter);
    }
    return report;
}

/** The pack's policies are synchronous; a promise here would be a result nobody waits for. */
function requireSynchronous(outcome: unknown): void {
    if (outcome && typeof (outcome as Promise<unknown>).then === "function") throw new Error("returned a promise: the pack's policies must be synchronous");
}

/**
 * Where a policy's violations go: the reporter it is given, bound to the resource being judged
 * (`urn`, set before each call; the policies are synchronous, so a call reports on its own resource).
 */
interface Reporter {
    urn: string | undefined;
    report(message?: string | { message?: string; description?: string; urn?: string; enforcementLevel?: EnforcementLevel; severity?: string; name?: string }, violationUrn?: string): void;
}

function violationReporter(report: PolicyReport, policy: { name: string; description: string; severity?: string }, level: EnforcementLevel): Reporter {
    const reporter: Reporter = {
        urn: undefined,
        report: (message, violationUrn) => {
            if (typeof message === "object") {
                report.violations.push({
                    policyName: message.name || policy.name, enforcementLevel: message.enforcementLevel || level,
                    severity: message.severity || policy.severity, urn: message.urn ?? reporter.urn, message: message.message || message.description || policy.description,
                });
                return;
            }
            report.violations.push({
                policyName: policy.name, enforcementLevel: level, severity: policy.severity, urn: violationUrn ?? reporter.urn,
                message: message ? `${policy.description}\n${message}` : policy.description,
            });
        },
    };
    return reporter;
}

/** A resource's provider as policies see it: type, URN, name and its inputs. */
function providerLookup(resources: ResourceUnderTest[]) {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    return (r: ResourceUnderTest) => {
        const provider = r.provider ? byUrn.get(r.provider) : undefined;
        return provider ? { type: provider.type, urn: provider.urn, name: provider.name, props: provider.inputs } : undefined;
    };
}

/** Stack policies' view: outputs as props, the provider, parent and dependencies as resource objects. */
export function toPolicyResources(resources: ResourceUnderTest[]): PolicyResource[] {
    const providerOf = providerLookup(resources);
    const made = new Map<string, PolicyResource>();
    for (const r of resources) {
        made.set(r.urn, {
            type: r.type, urn: r.urn, name: r.name, props: r.outputs, provider: providerOf(r),
            opts: { protect: r.protect, ignoreChanges: r.ignoreChanges, aliases: [], additionalSecretOutputs: r.additionalSecretOutputs, customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, parent: r.parent },
            dependencies: [], propertyDependencies: {},
            isType: (cls: any) => typeMatches(r.type, cls),
            asType: (cls: any) => (typeMatches(r.type, cls) ? r.outputs : undefined),
        } as unknown as PolicyResource);
    }
    for (const r of resources) {
        const target = made.get(r.urn)!;
        const lookup = (urns: string[]) => urns.map((u) => made.get(u)).filter((x): x is PolicyResource => x !== undefined);
        if (r.parent && made.has(r.parent)) (target as { parent?: PolicyResource }).parent = made.get(r.parent);
        (target as { dependencies: PolicyResource[] }).dependencies = lookup(r.dependencies);
        (target as { propertyDependencies: Record<string, PolicyResource[]> }).propertyDependencies =
            Object.fromEntries(Object.entries(r.propertyDependencies).map(([k, v]) => [k, lookup(v)]));
    }
    return [...made.values()];
}

/** True when a violation at this level blocks a deployment. */
export function isBlocking(violation: Violation): boolean {
    return violation.enforcementLevel === "mandatory" || violation.enforcementLevel === "remediate";
}
